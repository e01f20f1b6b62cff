#include "services/common/service/plain_errors.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace equalsay {
namespace {

// The method as the client sent it, made safe to repeat back.
std::string Printable(const std::string& method) {
  std::string out;
  for (char c : method.substr(0, 200)) {
    out += absl::ascii_isprint(static_cast<unsigned char>(c)) ? c : '?';
  }
  return out;
}

class UnreadableRequestInterceptor : public grpc::experimental::Interceptor {
 public:
  explicit UnreadableRequestInterceptor(std::string method)
      : method_(std::move(method)) {}

  void Intercept(
      grpc::experimental::InterceptorBatchMethods* methods) override {
    using grpc::experimental::InterceptionHookPoints;
    if (methods->QueryInterceptionHookPoint(
            InterceptionHookPoints::PRE_SEND_STATUS)) {
      // Every error equalsay itself gives has words; gRPC's for a request
      // it could not parse has none.
      const grpc::Status status = methods->GetSendStatus();
      if (status.error_code() == grpc::StatusCode::INTERNAL &&
          status.error_message().empty()) {
        methods->ModifySendStatus(
            grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                         UnreadableRequestMessage(method_)));
      }
    }
    methods->Proceed();
  }

 private:
  const std::string method_;
};

class UnreadableRequestInterceptorFactory
    : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override {
    return new UnreadableRequestInterceptor(info->method());
  }
};

}  // namespace

std::string UnreadableRequestMessage(const std::string& method) {
  return absl::StrCat(
      "The request to ", Printable(method),
      " could not be read: its bytes are not that call's request message. "
      "Send the message proto/equalsay/v1 defines for this call.");
}

std::string UnknownMethodMessage(const std::string& method) {
  return absl::StrCat(
      "This server has no call named ", Printable(method),
      ". Its calls are in equalsay.v1.PanelService, ScoringService and "
      "ConsensusService (proto/equalsay/v1); check the name and the "
      "client's version.");
}

std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>
MakeUnreadableRequestInterceptorFactory() {
  return std::make_unique<UnreadableRequestInterceptorFactory>();
}

grpc::ServerGenericBidiReactor* UnknownMethods::CreateReactor(
    grpc::GenericCallbackServerContext* context) {
  class Refusal : public grpc::ServerGenericBidiReactor {
   public:
    explicit Refusal(const std::string& method) {
      Finish(grpc::Status(grpc::StatusCode::UNIMPLEMENTED,
                          UnknownMethodMessage(method)));
    }
    void OnDone() override { delete this; }
  };
  return new Refusal(context->method());
}

}  // namespace equalsay
