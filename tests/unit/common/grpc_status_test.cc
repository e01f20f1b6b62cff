#include "services/common/service/grpc_status.h"

#include <gtest/gtest.h>

namespace equalsay {
namespace {

TEST(GrpcStatusTest, KeepsCodeAndMessageForEveryCode) {
  for (int code = 1; code <= 16; ++code) {
    const absl::Status status(static_cast<absl::StatusCode>(code),
                              "scoring is closed for this panel");
    const grpc::Status converted = ToGrpcStatus(status);
    EXPECT_EQ(static_cast<int>(converted.error_code()), code);
    EXPECT_EQ(converted.error_message(), "scoring is closed for this panel");
  }
}

TEST(GrpcStatusTest, OkIsOk) {
  EXPECT_TRUE(ToGrpcStatus(absl::OkStatus()).ok());
}

}  // namespace
}  // namespace equalsay
