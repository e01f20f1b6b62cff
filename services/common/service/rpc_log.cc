#include "services/common/service/rpc_log.h"

#include <string>
#include <vector>

#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "services/common/base/grpc_method.h"
#include "services/common/base/log.h"
#include "services/common/base/metrics.h"
#include "services/common/base/trace.h"

namespace equalsay {
namespace {

const char* CodeName(grpc::StatusCode code) {
  static constexpr const char* kNames[] = {"OK",
                                           "CANCELLED",
                                           "UNKNOWN",
                                           "INVALID_ARGUMENT",
                                           "DEADLINE_EXCEEDED",
                                           "NOT_FOUND",
                                           "ALREADY_EXISTS",
                                           "PERMISSION_DENIED",
                                           "RESOURCE_EXHAUSTED",
                                           "FAILED_PRECONDITION",
                                           "ABORTED",
                                           "OUT_OF_RANGE",
                                           "UNIMPLEMENTED",
                                           "INTERNAL",
                                           "UNAVAILABLE",
                                           "DATA_LOSS",
                                           "UNAUTHENTICATED"};
  const int index = static_cast<int>(code);
  return index >= 0 && index <= 16 ? kNames[index] : "UNKNOWN";
}

const std::string kUnknownMethod = "unknown";

// Per call: a request id (the client's x-request-id when it is a sensible
// one, else a new one) sent back in the initial metadata, the trace id of a
// W3C traceparent, then one log record and the call's metrics at the end.
class RpcLogInterceptor : public grpc::experimental::Interceptor {
 public:
  explicit RpcLogInterceptor(grpc::experimental::ServerRpcInfo* info)
      : method_(info->method()), start_(absl::Now()) {}

  ~RpcLogInterceptor() override {
    // A call the client abandoned never sends a status.
    if (!logged_) Log("CANCELLED");
  }

  void Intercept(
      grpc::experimental::InterceptorBatchMethods* methods) override {
    using grpc::experimental::InterceptionHookPoints;
    if (methods->QueryInterceptionHookPoint(
            InterceptionHookPoints::POST_RECV_INITIAL_METADATA)) {
      for (const auto& [key, value] : *methods->GetRecvInitialMetadata()) {
        const absl::string_view k(key.data(), key.size());
        const absl::string_view v(value.data(), value.size());
        if (k == "x-request-id" && IsRequestId(v)) request_id_ = std::string(v);
        if (k == "traceparent") trace_id_ = TraceIdOf(v);
      }
    }
    if (methods->QueryInterceptionHookPoint(
            InterceptionHookPoints::PRE_SEND_INITIAL_METADATA)) {
      methods->GetSendInitialMetadata()->emplace("x-request-id", RequestId());
    }
    if (methods->QueryInterceptionHookPoint(
            InterceptionHookPoints::PRE_SEND_STATUS)) {
      Log(CodeName(methods->GetSendStatus().error_code()));
    }
    methods->Proceed();
  }

 private:
  const std::string& RequestId() {
    if (request_id_.empty()) request_id_ = NewRequestId();
    return request_id_;
  }

  void Log(const char* code) {
    logged_ = true;
    const double seconds = absl::ToDoubleSeconds(absl::Now() - start_);
    ServerMetrics& metrics = ServerMetrics::Get();
    // Anyone may call a made-up method: counted under one name, or each
    // would add series to /metrics without end.
    const std::string& series =
        MethodOfPath(method_) != nullptr ? method_ : kUnknownMethod;
    metrics.rpc_requests.Add({series, code});
    metrics.rpc_seconds.Observe({series}, seconds);
    std::vector<LogField> fields = {{"method", method_},
                                    {"code", code},
                                    {"duration_ms", seconds * 1000},
                                    {"request_id", RequestId()}};
    if (!trace_id_.empty()) fields.emplace_back("trace_id", trace_id_);
    LogRecord("rpc", fields);
  }

  const std::string method_;
  const absl::Time start_;
  std::string request_id_;
  std::string trace_id_;
  bool logged_ = false;
};

class RpcLogInterceptorFactory
    : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override {
    return new RpcLogInterceptor(info);
  }
};

}  // namespace

std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>
MakeRpcLogInterceptorFactory() {
  return std::make_unique<RpcLogInterceptorFactory>();
}

}  // namespace equalsay
