#include "services/common/base/grpc_method.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"

namespace equalsay {

const google::protobuf::MethodDescriptor* MethodOfPath(absl::string_view path) {
  if (!absl::ConsumePrefix(&path, "/")) return nullptr;
  const size_t slash = path.find('/');
  if (slash == absl::string_view::npos) return nullptr;
  return google::protobuf::DescriptorPool::generated_pool()->FindMethodByName(
      absl::StrCat(path.substr(0, slash), ".", path.substr(slash + 1)));
}

}  // namespace equalsay
