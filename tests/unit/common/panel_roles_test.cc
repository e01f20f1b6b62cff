#include "services/common/base/panel_roles.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace equalsay {
namespace {

using ::testing::UnorderedElementsAre;

TEST(PanelRolesTest, CoChairsAndMembersVoteAndOnlyCoChairsActForThePanel) {
  EXPECT_TRUE(RightsOf(v1::PANEL_ROLE_CO_CHAIR).votes);
  EXPECT_TRUE(RightsOf(v1::PANEL_ROLE_CO_CHAIR).acts_for_panel);
  EXPECT_TRUE(RightsOf(v1::PANEL_ROLE_MEMBER).votes);
  EXPECT_FALSE(RightsOf(v1::PANEL_ROLE_MEMBER).acts_for_panel);
  EXPECT_FALSE(Votes(v1::PANEL_ROLE_OBSERVER));
  EXPECT_FALSE(Votes(v1::PANEL_ROLE_UNSPECIFIED));
}

// The electorate a decision freezes is built from this list (a parameter of
// the query), so a role that votes here votes there: nothing to miss in SQL.
TEST(PanelRolesTest, TheElectorateQueryTakesEveryVotingRoleFromTheDefinition) {
  EXPECT_THAT(VotingRoleNames(), UnorderedElementsAre("CO_CHAIR", "MEMBER"));
  const auto* roles = v1::PanelRole_descriptor();
  size_t voting = 0;
  for (int i = 0; i < roles->value_count(); ++i) {
    voting += Votes(static_cast<v1::PanelRole>(roles->value(i)->number()));
  }
  EXPECT_EQ(VotingRoleNames().size(), voting);
}

}  // namespace
}  // namespace equalsay
