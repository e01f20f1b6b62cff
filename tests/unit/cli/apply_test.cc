#include "clients/cli/apply.h"

#include <gtest/gtest.h>

namespace equalsay::cli {
namespace {

TEST(ApplyFileKeysTest, FileKeysAreShortLowercaseWords) {
  EXPECT_TRUE(IsFileKey("asha"));
  EXPECT_TRUE(IsFileKey("peer-support-2026"));
  EXPECT_FALSE(IsFileKey("Asha"));
  EXPECT_FALSE(IsFileKey(""));
  EXPECT_FALSE(IsFileKey(std::string(31, 'a')));
}

}  // namespace
}  // namespace equalsay::cli
