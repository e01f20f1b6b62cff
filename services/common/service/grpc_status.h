// The one place where absl::Status becomes grpc::Status.
#ifndef EQUALSAY_SERVICES_COMMON_SERVICE_GRPC_STATUS_H_
#define EQUALSAY_SERVICES_COMMON_SERVICE_GRPC_STATUS_H_

#include <grpcpp/support/status.h>

#include "absl/status/status.h"

namespace equalsay {

// Same code, same message: messages are written for people from the start.
grpc::Status ToGrpcStatus(const absl::Status& status);

}  // namespace equalsay

#endif  // EQUALSAY_SERVICES_COMMON_SERVICE_GRPC_STATUS_H_
