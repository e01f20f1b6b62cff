#include "clients/cli/call.h"

#include <google/protobuf/dynamic_message.h>
#include <grpcpp/generic/generic_stub.h>

#include <future>
#include <iostream>

namespace equalsay::cli {

namespace pb = google::protobuf;

int ExitCodeFor(grpc::StatusCode code) {
  switch (code) {
    case grpc::StatusCode::OK:
      return kExitOk;
    case grpc::StatusCode::INVALID_ARGUMENT:
      return kExitUsage;
    case grpc::StatusCode::NOT_FOUND:
      return kExitNotFound;
    case grpc::StatusCode::PERMISSION_DENIED:
    case grpc::StatusCode::UNAUTHENTICATED:
      return kExitNotAllowed;
    case grpc::StatusCode::FAILED_PRECONDITION:
    case grpc::StatusCode::ALREADY_EXISTS:
    case grpc::StatusCode::ABORTED:
      return kExitWrongState;
    case grpc::StatusCode::UNAVAILABLE:
    case grpc::StatusCode::DEADLINE_EXCEEDED:
      return kExitUnavailable;
    default:
      return kExitFailed;
  }
}

int Fail(const grpc::Status& status, const Session& session) {
  std::string message = status.error_message();
  switch (status.error_code()) {
    case grpc::StatusCode::UNAUTHENTICATED:
      // The server's words for a missing token speak of the protocol.
      if (session.token.empty()) message = "You are not signed in.";
      message +=
          " Sign in with `equalsay login`, or give --token, --as KEY or "
          "EQUALSAY_TOKEN.";
      break;
    case grpc::StatusCode::UNAVAILABLE:
      message = "cannot reach the server at " + session.server + " (" +
                message +
                "). Check it is running and --server (or EQUALSAY_SERVER) "
                "is right, then try again.";
      break;
    case grpc::StatusCode::DEADLINE_EXCEEDED:
      message = "the server at " + session.server +
                " took too long to answer. Try again.";
      break;
    default:
      break;
  }
  std::cerr << "equalsay: " << message << "\n";
  return ExitCodeFor(status.error_code());
}

int FailUsage(const std::string& message) {
  std::cerr << "equalsay: " << message << "\n";
  return kExitUsage;
}

std::unique_ptr<pb::Message> NewMessage(const pb::Descriptor* type) {
  return std::unique_ptr<pb::Message>(
      pb::MessageFactory::generated_factory()->GetPrototype(type)->New());
}

grpc::Status CallMethod(const Session& session,
                        const pb::MethodDescriptor* method,
                        const pb::Message& request, pb::Message* response,
                        bool* replayed) {
  grpc::GenericStub stub(session.Channel());
  auto context = session.Context();
  const std::string bytes = request.SerializeAsString();
  grpc::Slice slice(bytes);
  grpc::ByteBuffer in(&slice, 1);
  grpc::ByteBuffer out;
  std::promise<grpc::Status> done;
  const std::string path =
      "/" + method->service()->full_name() + "/" + method->name();
  stub.UnaryCall(context.get(), path, grpc::StubOptions(), &in, &out,
                 [&done](grpc::Status status) { done.set_value(status); });
  grpc::Status status = done.get_future().get();
  if (!status.ok()) return status;
  if (replayed != nullptr) {
    *replayed =
        context->GetServerTrailingMetadata().count("equalsay-replayed") > 0;
  }
  std::vector<grpc::Slice> slices;
  if (!out.Dump(&slices).ok()) {
    return grpc::Status(grpc::StatusCode::INTERNAL, "unreadable answer");
  }
  std::string answer;
  for (const grpc::Slice& s : slices) {
    answer.append(reinterpret_cast<const char*>(s.begin()), s.size());
  }
  if (!response->ParseFromString(answer)) {
    return grpc::Status(grpc::StatusCode::INTERNAL, "unreadable answer");
  }
  return status;
}

const pb::MethodDescriptor* FindMethod(const std::string& name) {
  return pb::DescriptorPool::generated_pool()->FindMethodByName(name);
}

}  // namespace equalsay::cli
