// One log record per RPC (method, status code, duration, request id, trace
// id) and its metrics; the request id goes back to the client as
// x-request-id. Never other metadata (tokens) or messages (ballots, scores).
#ifndef EQUALSAY_SERVICES_COMMON_SERVICE_RPC_LOG_H_
#define EQUALSAY_SERVICES_COMMON_SERVICE_RPC_LOG_H_

#include <grpcpp/support/server_interceptor.h>

#include <memory>

namespace equalsay {

std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>
MakeRpcLogInterceptorFactory();

}  // namespace equalsay

#endif  // EQUALSAY_SERVICES_COMMON_SERVICE_RPC_LOG_H_
