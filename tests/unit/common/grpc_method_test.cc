#include "services/common/base/grpc_method.h"

#include <gtest/gtest.h>

namespace equalsay {
namespace {

TEST(MethodOfPathTest, FindsMethodsThisBinaryHasAndNothingElse) {
  const google::protobuf::MethodDescriptor* cast =
      MethodOfPath("/equalsay.v1.ConsensusService/CastBallot");
  ASSERT_NE(cast, nullptr);
  EXPECT_EQ(cast->full_name(), "equalsay.v1.ConsensusService.CastBallot");
  const google::protobuf::MethodDescriptor* watch =
      MethodOfPath("/equalsay.v1.ConsensusService/WatchRound");
  ASSERT_NE(watch, nullptr);
  EXPECT_TRUE(watch->server_streaming());
  for (const char* path :
       {"/equalsay.v1.ConsensusService/Nothing", "/equalsay.v1.No/CastBallot",
        "equalsay.v1.PanelService/GetMe", "/equalsay.v1.PanelService.GetMe",
        "/equalsay.v1.PanelService/GetMe/", "/", ""}) {
    EXPECT_EQ(MethodOfPath(path), nullptr) << path;
  }
}

}  // namespace
}  // namespace equalsay
