#include "services/common/base/trace.h"

#include <gtest/gtest.h>

namespace equalsay {
namespace {

TEST(TraceTest, TraceIdsOnlyFromWellFormedTraceParents) {
  EXPECT_EQ(
      TraceIdOf("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"),
      "4bf92f3577b34da6a3ce929d0e0e4736");
  // A later version may carry more after the four parts.
  EXPECT_EQ(
      TraceIdOf("01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-x"),
      "4bf92f3577b34da6a3ce929d0e0e4736");
  for (const char* bad :
       {"", "garbage",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra",
        "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
        "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",
        "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",
        "00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01"}) {
    EXPECT_EQ(TraceIdOf(bad), "") << bad;
  }
}

TEST(TraceTest, RequestIdsAreShortAndPlain) {
  const std::string id = NewRequestId();
  EXPECT_EQ(id.size(), 16u);
  EXPECT_TRUE(IsRequestId(id));
  EXPECT_NE(NewRequestId(), id);
  EXPECT_TRUE(IsRequestId("client.chosen-1_a"));
  EXPECT_FALSE(IsRequestId(""));
  EXPECT_FALSE(IsRequestId(std::string(65, 'a')));
  EXPECT_FALSE(IsRequestId("has space"));
  EXPECT_FALSE(IsRequestId("{\"json\":1}"));
}

}  // namespace
}  // namespace equalsay
