// What gRPC itself answers without a word, said in words a person can act
// on: a request whose bytes are not the call's message (gRPC: INTERNAL, no
// message) and a method the server does not have (gRPC: UNIMPLEMENTED, no
// message).
#ifndef EQUALSAY_SERVICES_COMMON_SERVICE_PLAIN_ERRORS_H_
#define EQUALSAY_SERVICES_COMMON_SERVICE_PLAIN_ERRORS_H_

#include <grpcpp/generic/async_generic_service.h>
#include <grpcpp/support/server_interceptor.h>

#include <memory>
#include <string>

namespace equalsay {

// An interceptor that turns gRPC's wordless INTERNAL for a request it could
// not read into INVALID_ARGUMENT saying so.
std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>
MakeUnreadableRequestInterceptorFactory();

// Registered last, it answers every method no service has.
class UnknownMethods final : public grpc::CallbackGenericService {
 public:
  grpc::ServerGenericBidiReactor* CreateReactor(
      grpc::GenericCallbackServerContext* context) override;
};

// The words for each (public for tests).
std::string UnreadableRequestMessage(const std::string& method);
std::string UnknownMethodMessage(const std::string& method);

}  // namespace equalsay

#endif  // EQUALSAY_SERVICES_COMMON_SERVICE_PLAIN_ERRORS_H_
