#include "services/panels/rules/retention.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace equalsay::panels {
namespace {

using ::testing::HasSubstr;

TEST(RetentionTest, ThePolicyIsSaidInPlainWords) {
  const std::vector<std::string> words = PolicyWords({});
  ASSERT_EQ(words.size(), 5u);
  EXPECT_THAT(words[0], HasSubstr("erased 12 months after their round "
                                  "finished (or they withdrew)"));
  EXPECT_THAT(words[1], HasSubstr("erased 24 months after they stopped "
                                  "taking part, unless a round in progress "
                                  "still needs them"));
  EXPECT_THAT(words[4], HasSubstr("24 hours"));
  const std::vector<std::string> kept =
      PolicyWords({.candidate_months = 0, .people_months = 1});
  EXPECT_THAT(kept[0], HasSubstr("kept until erased on request"));
  EXPECT_THAT(kept[1], HasSubstr("erased 1 month after"));
}

TEST(RetentionTest, TheNoticeNamesWhoIsResponsibleOrSaysWhoToAsk) {
  const v1::PrivacyNotice plain = PrivacyNoticeOf("", "", {});
  EXPECT_EQ(plain.controller(),
            "The organisation that invited you to equalsay");
  EXPECT_THAT(plain.contact(), HasSubstr("sign-in link"));
  EXPECT_EQ(plain.retention_size(), 5);
  const v1::PrivacyNotice named =
      PrivacyNoticeOf("Riverside NHS Foundation Trust", "dpo@example.org", {});
  EXPECT_EQ(named.controller(), "Riverside NHS Foundation Trust");
  EXPECT_EQ(named.contact(), "dpo@example.org");
}

}  // namespace
}  // namespace equalsay::panels
