// The description of a gRPC method this binary has, found by the path a
// call names ("/equalsay.v1.PanelService/GetMe").
#ifndef EQUALSAY_SERVICES_COMMON_BASE_GRPC_METHOD_H_
#define EQUALSAY_SERVICES_COMMON_BASE_GRPC_METHOD_H_

#include <google/protobuf/descriptor.h>

#include "absl/strings/string_view.h"

namespace equalsay {

// nullptr for a path that is malformed or names no method linked in.
const google::protobuf::MethodDescriptor* MethodOfPath(absl::string_view path);

}  // namespace equalsay

#endif  // EQUALSAY_SERVICES_COMMON_BASE_GRPC_METHOD_H_
