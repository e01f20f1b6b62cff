#include "services/panels/rules/access_table.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "equalsay/v1/panels.pb.h"

namespace equalsay::panels {
namespace {

const google::protobuf::ServiceDescriptor* Service() {
  return v1::Round::descriptor()->file()->FindServiceByName("PanelService");
}

bool IsChange(const google::protobuf::MethodDescriptor* method) {
  return method->input_type()->FindFieldByName("request_id") != nullptr;
}

TEST(PanelAccessTableTest, EveryRpcHasExactlyOneRowAndNoRowIsStale) {
  std::set<std::string> rows;
  for (const AccessRule& rule : PanelAccessTable()) {
    EXPECT_TRUE(rows.insert(std::string(rule.method)).second)
        << "two rows for " << rule.method;
    EXPECT_NE(Service()->FindMethodByName(std::string(rule.method)), nullptr)
        << rule.method << " is not an RPC of PanelService";
    EXPECT_FALSE(rule.allowed.empty()) << rule.method;
    EXPECT_FALSE(rule.what.empty()) << rule.method;
  }
  for (int i = 0; i < Service()->method_count(); ++i) {
    EXPECT_EQ(rows.count(Service()->method(i)->name()), 1u)
        << Service()->method(i)->name() << " has no access row";
  }
}

// The design's promises about roles, checked over every row.
TEST(PanelAccessTableTest, RolePromisesHoldForEveryRpc) {
  for (const AccessRule& rule : PanelAccessTable()) {
    const auto* method = Service()->FindMethodByName(std::string(rule.method));
    ASSERT_NE(method, nullptr);
    const bool about_round =
        method->input_type()->FindFieldByName("round_id") != nullptr ||
        method->input_type()->FindFieldByName("panel_id") != nullptr ||
        method->input_type()->FindFieldByName("candidate_id") != nullptr;
    EXPECT_EQ(rule.round_scoped, about_round) << rule.method;
    if (rule.round_scoped) {
      // Nobody outside a round reads or changes it.
      EXPECT_FALSE(rule.allowed.Has(Role::kOutsider)) << rule.method;
    }
    if (IsChange(method) && rule.method != "RevokeToken") {
      // Observers see; they never change anything.
      EXPECT_FALSE(rule.allowed.Has(Role::kObserver)) << rule.method;
      EXPECT_FALSE(rule.allowed.Has(Role::kOutsider)) << rule.method;
    }
  }
}

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
