#include "services/common/base/enum_names.h"

#include <gtest/gtest.h>

namespace equalsay {
namespace {

TEST(EnumNamesTest, StoredNamesAreTheProtocolsWithoutThePrefix) {
  EXPECT_EQ(ThresholdName(v1::THRESHOLD_TWO_THIRDS), "TWO_THIRDS");
  EXPECT_EQ(ThresholdFromName("TWO_THIRDS"), v1::THRESHOLD_TWO_THIRDS);
  EXPECT_EQ(ThresholdName(v1::THRESHOLD_UNSPECIFIED), "");
  EXPECT_EQ(PanelRoleFromName("NO_SUCH_ROLE"), v1::PANEL_ROLE_UNSPECIFIED);
}

// The accepted values come from the protocol, so a new threshold or role is
// listed in every such message without touching it.
TEST(EnumNamesTest, MustBeOneOfListsEveryValueButTheUnsetOne) {
  const absl::Status threshold =
      MustBeOneOf("rule.threshold", *v1::Threshold_descriptor());
  EXPECT_EQ(threshold.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(threshold.message(),
            "rule.threshold must be THRESHOLD_SIMPLE_MAJORITY, "
            "THRESHOLD_TWO_THIRDS or THRESHOLD_UNANIMOUS");
  EXPECT_EQ(
      MustBeOneOf("kind", *v1::RoundKind_descriptor(), ": say which").message(),
      "kind must be ROUND_KIND_RECRUITMENT or ROUND_KIND_STRATEGY: say "
      "which");
}

}  // namespace
}  // namespace equalsay
