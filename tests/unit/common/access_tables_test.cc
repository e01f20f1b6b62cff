// Checks every service's access table against its protocol and against the
// design's promises about roles, so a new RPC cannot slip in unguarded.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "equalsay/v1/consensus.pb.h"
#include "equalsay/v1/panels.pb.h"
#include "equalsay/v1/scoring.pb.h"
#include "services/common/base/access.h"
#include "services/consensus/rules/access_table.h"
#include "services/panels/rules/access_table.h"
#include "services/scoring/rules/access_table.h"

namespace equalsay {
namespace {

struct Table {
  const char* service;
  const std::vector<AccessRule>& (*rows)();
  // Any message of the service's file: naming it links the file in.
  const google::protobuf::Descriptor* (*message_of_file)();
};

class AccessTableTest : public ::testing::TestWithParam<Table> {
 protected:
  const google::protobuf::ServiceDescriptor* Service() const {
    return GetParam().message_of_file()->file()->FindServiceByName(
        GetParam().service);
  }
};

TEST_P(AccessTableTest, EveryRpcHasExactlyOneRowAndNoRowIsStale) {
  ASSERT_NE(Service(), nullptr);
  std::set<std::string> rows;
  for (const AccessRule& rule : GetParam().rows()) {
    EXPECT_TRUE(rows.insert(std::string(rule.method)).second)
        << "two rows for " << rule.method;
    EXPECT_NE(Service()->FindMethodByName(std::string(rule.method)), nullptr)
        << rule.method << " is not an RPC of " << GetParam().service;
    EXPECT_FALSE(rule.allowed.empty()) << rule.method;
    EXPECT_FALSE(rule.what.empty()) << rule.method;
  }
  for (int i = 0; i < Service()->method_count(); ++i) {
    EXPECT_EQ(rows.count(Service()->method(i)->name()), 1u)
        << Service()->method(i)->name() << " has no access row";
  }
}

// The design's promises about roles, checked over every row.
TEST_P(AccessTableTest, RolePromisesHoldForEveryRpc) {
  ASSERT_NE(Service(), nullptr);
  for (const AccessRule& rule : GetParam().rows()) {
    const auto* method = Service()->FindMethodByName(std::string(rule.method));
    ASSERT_NE(method, nullptr);
    const auto* input = method->input_type();
    const bool about_round =
        input->FindFieldByName("round_id") != nullptr ||
        input->FindFieldByName("panel_id") != nullptr ||
        input->FindFieldByName("candidate_id") != nullptr ||
        input->FindFieldByName("decision_id") != nullptr ||
        input->FindFieldByName("document_id") != nullptr ||
        input->FindFieldByName("action_id") != nullptr ||
        input->FindFieldByName("entry_id") != nullptr;
    EXPECT_EQ(rule.round_scoped, about_round) << rule.method;
    if (rule.round_scoped) {
      // Nobody outside a round reads or changes it.
      EXPECT_FALSE(rule.allowed.Has(Role::kOutsider)) << rule.method;
    }
    const bool change = input->FindFieldByName("request_id") != nullptr;
    // Ending one's own sign-ins, setting one's own income limit, or saying
    // one has read the privacy notice, is for anyone.
    const bool own_record = rule.method == "RevokeToken" ||
                            rule.method == "SignOut" ||
                            rule.method == "SetIncomeLimit" ||
                            rule.method == "AcknowledgePrivacyNotice";
    if (change && !own_record) {
      // Observers see; they never change anything.
      EXPECT_FALSE(rule.allowed.Has(Role::kObserver)) << rule.method;
      EXPECT_FALSE(rule.allowed.Has(Role::kOutsider)) << rule.method;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(
    Services, AccessTableTest,
    ::testing::Values(Table{"PanelService", panels::PanelAccessTable,
                            v1::Round::descriptor},
                      Table{"ScoringService", scoring::ScoringAccessTable,
                            v1::ScoreSheet::descriptor},
                      Table{"ConsensusService", consensus::ConsensusAccessTable,
                            v1::Decision::descriptor}),
    [](const auto& info) { return std::string(info.param.service); });

// An observer sits on a panel, so a refusal that said only "a member of
// the round's panels" may score would not tell them why not.
TEST(AccessWordsTest, AnObserverIsToldWhyTheyMayNotScore) {
  const AccessRule& save =
      *FindRule(scoring::ScoringAccessTable(), "SaveScoreSheet");
  const absl::Status refused =
      CheckAccess(save, RolesOf(v1::ORG_ROLE_MEMBER, v1::PANEL_ROLE_OBSERVER));
  EXPECT_EQ(refused.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(refused.message(),
            "You are not allowed to score candidates in this round. Only a "
            "panel's co-chair or a voting panel member (not an observer) can "
            "do that.");
  EXPECT_TRUE(
      CheckAccess(save, RolesOf(v1::ORG_ROLE_MEMBER, v1::PANEL_ROLE_MEMBER))
          .ok());
}

}  // namespace
}  // namespace equalsay
