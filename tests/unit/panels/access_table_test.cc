#include "services/panels/rules/access_table.h"

#include <gtest/gtest.h>

namespace equalsay::panels {
namespace {

TEST(PanelAccessTableTest, OnlyAdministratorsSetUp) {
  for (const char* method :
       {"CreatePerson", "DeactivatePerson", "IssueToken", "CreateRound",
        "OpenRound", "WithdrawRound", "AddPanel", "AddMember", "RemoveMember",
        "AddCandidate", "AddCriterion"}) {
    const AccessRule* rule = FindRule(PanelAccessTable(), method);
    ASSERT_NE(rule, nullptr) << method;
    for (Role role : kAllRoles) {
      EXPECT_EQ(rule->allowed.Has(role), role == Role::kAdmin)
          << method << " for " << RoleWords(role);
    }
  }
}

TEST(PanelAccessTableTest, OnlyVotingMembersDeclareConflicts) {
  const AccessRule* rule = FindRule(PanelAccessTable(), "DeclareConflict");
  ASSERT_NE(rule, nullptr);
  for (Role role : kAllRoles) {
    EXPECT_EQ(rule->allowed.Has(role),
              role == Role::kCoChair || role == Role::kMember);
  }
}

TEST(AccessTest, RolesOfCombineOrganisationAndPanelRoles) {
  EXPECT_TRUE(RolesOf(v1::ORG_ROLE_MEMBER, std::nullopt).Has(Role::kOutsider));
  const RoleSet admin_chair =
      RolesOf(v1::ORG_ROLE_ADMIN, v1::PANEL_ROLE_CO_CHAIR);
  EXPECT_TRUE(admin_chair.Has(Role::kAdmin));
  EXPECT_TRUE(admin_chair.Has(Role::kCoChair));
  EXPECT_FALSE(admin_chair.Has(Role::kOutsider));
  EXPECT_TRUE(RolesOf(v1::ORG_ROLE_HR, std::nullopt).Has(Role::kHr));
  EXPECT_FALSE(RolesOf(v1::ORG_ROLE_HR, std::nullopt).Has(Role::kOutsider));
  EXPECT_TRUE(RolesOf(v1::ORG_ROLE_MEMBER, v1::PANEL_ROLE_OBSERVER)
                  .Has(Role::kObserver));
}

TEST(AccessTest, RefusalSaysWhoMay) {
  const AccessRule* rule = FindRule(PanelAccessTable(), "CreatePerson");
  ASSERT_NE(rule, nullptr);
  const absl::Status s = CheckAccess(*rule, {Role::kHr});
  EXPECT_EQ(s.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(s.message(),
            "You are not allowed to add people. Only an administrator can do "
            "that.");
  EXPECT_TRUE(CheckAccess(*rule, {Role::kAdmin}).ok());
}

}  // namespace
}  // namespace equalsay::panels
