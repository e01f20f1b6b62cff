#include "services/panels/rules/setup.h"

#include <gtest/gtest.h>

#include "services/panels/rules/validation.h"

namespace equalsay::panels {
namespace {

PanelShape Panel(v1::PanelKind kind, int co_chairs, int members,
                 uint32_t quorum = 0) {
  return {.kind = kind,
          .co_chairs = co_chairs,
          .members = members,
          .quorum = quorum};
}

constexpr auto kSu = v1::PANEL_KIND_SERVICE_USER;
constexpr auto kStaff = v1::PANEL_KIND_STAFF;

TEST(SetupTest, ReadyRoundsMayStart) {
  EXPECT_TRUE(CheckCanLeaveSetup(v1::ROUND_KIND_RECRUITMENT,
                                 {Panel(kSu, 1, 2), Panel(kStaff, 1, 0)}, 1, 1)
                  .ok());
  // Strategy rounds need no candidates or criteria.
  EXPECT_TRUE(CheckCanLeaveSetup(v1::ROUND_KIND_STRATEGY,
                                 {Panel(kSu, 1, 0), Panel(kStaff, 1, 4)}, 0, 0)
                  .ok());
}

TEST(SetupTest, NoRoundStartsWithoutAServiceUserPanel) {
  const absl::Status s =
      CheckCanLeaveSetup(v1::ROUND_KIND_STRATEGY, {Panel(kStaff, 1, 5)}, 0, 0);
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(s.message(),
            "The round cannot start yet: add the Service User Panel.");
}

TEST(SetupTest, ListsEverythingMissingAtOnce) {
  const absl::Status s =
      CheckCanLeaveSetup(v1::ROUND_KIND_RECRUITMENT, {Panel(kSu, 0, 0)}, 0, 0);
  EXPECT_EQ(s.message(),
            "The round cannot start yet: the Service User Panel needs a "
            "co-chair; the Service User Panel needs a voting member; add the "
            "staff panel; add a candidate; add a criterion to score against.");
}

TEST(SetupTest, ObserversAloneAreNotAPanel) {
  // A panel whose only people observe has no co-chair and no voter.
  EXPECT_FALSE(CheckCanLeaveSetup(v1::ROUND_KIND_STRATEGY,
                                  {Panel(kSu, 0, 0), Panel(kStaff, 1, 1)}, 0, 0)
                   .ok());
}

TEST(SetupTest, QuorumMustBeReachable) {
  const absl::Status s =
      CheckCanLeaveSetup(v1::ROUND_KIND_STRATEGY,
                         {Panel(kSu, 1, 2, 4), Panel(kStaff, 1, 1)}, 0, 0);
  EXPECT_EQ(s.message(),
            "The round cannot start yet: the Service User Panel's quorum is 4 "
            "but it has only 3 voting members.");
}

TEST(SetupTest, DefaultQuorumIsMoreThanHalf) {
  EXPECT_EQ(EffectiveQuorum(0, 1), 1);
  EXPECT_EQ(EffectiveQuorum(0, 2), 2);
  EXPECT_EQ(EffectiveQuorum(0, 3), 2);
  EXPECT_EQ(EffectiveQuorum(0, 4), 3);
  EXPECT_EQ(EffectiveQuorum(0, 7), 4);
  EXPECT_EQ(EffectiveQuorum(3, 7), 3);
}

TEST(SetupTest, SetupIsFrozenOnceTheRoundStartsExceptObservers) {
  EXPECT_TRUE(CheckSetupChange(v1::ROUND_STATE_SETUP, "add criteria").ok());
  for (auto state : {v1::ROUND_STATE_SCORING, v1::ROUND_STATE_DECIDING,
                     v1::ROUND_STATE_OPEN}) {
    EXPECT_EQ(CheckSetupChange(state, "add criteria").code(),
              absl::StatusCode::kFailedPrecondition);
    EXPECT_TRUE(CheckSetupChange(state, "add members", true).ok());
  }
  for (auto state : {v1::ROUND_STATE_CONFIRMED, v1::ROUND_STATE_WITHDRAWN,
                     v1::ROUND_STATE_CLOSED}) {
    EXPECT_FALSE(CheckSetupChange(state, "add members", true).ok());
  }
  EXPECT_EQ(CheckSetupChange(v1::ROUND_STATE_SCORING, "add criteria").message(),
            "The round is scoring, so you cannot add criteria any more: "
            "set-up is fixed once a round starts.");
}

// Replacing members: only once started and before the finish, and never
// leaving a panel without an active voting member.
TEST(SetupTest, AReplacementKeepsEveryPanelsVoice) {
  EXPECT_TRUE(CheckReplacement(v1::ROUND_STATE_SCORING, 1).ok());
  EXPECT_TRUE(CheckReplacement(v1::ROUND_STATE_DECIDING, 3).ok());
  EXPECT_TRUE(CheckReplacement(v1::ROUND_STATE_OPEN, 1).ok());
  const absl::Status silent = CheckReplacement(v1::ROUND_STATE_SCORING, 0);
  EXPECT_EQ(silent.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(silent.message().find("without an active voting member"),
            absl::string_view::npos);
  EXPECT_EQ(CheckReplacement(v1::ROUND_STATE_SETUP, 2).code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(CheckReplacement(v1::ROUND_STATE_CONFIRMED, 2).code(),
            absl::StatusCode::kFailedPrecondition);
}

// One panel per person per round, active people only, and a limit on size.
TEST(SetupTest, WhoMayJoinAPanel) {
  v1::Person asha;
  asha.set_display_name("Asha");
  asha.set_active(true);
  EXPECT_TRUE(CheckCanJoin(asha, /*seated=*/false, 3).ok());
  EXPECT_EQ(CheckCanJoin(asha, /*seated=*/true, 3).message(),
            "Asha already sits on a panel of this round; a person sits on at "
            "most one.");
  const absl::Status full = CheckCanJoin(asha, false, kMaxPanelMembers);
  EXPECT_EQ(full.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(full.message().substr(0, 9), "panel_id ");
  EXPECT_TRUE(CheckCanJoin(asha, false, kMaxPanelMembers - 1).ok());
  asha.set_active(false);
  EXPECT_EQ(CheckCanJoin(asha, false, 3).code(),
            absl::StatusCode::kFailedPrecondition);
}

// Somebody must always be able to manage equalsay.
TEST(SetupTest, TheLastActiveAdministratorStays) {
  v1::Person admin;
  admin.set_active(true);
  admin.set_org_role(v1::ORG_ROLE_ADMIN);
  EXPECT_EQ(CheckCanDeactivate(admin, 1).code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(CheckCanDeactivate(admin, 2).ok());
  v1::Person member = admin;
  member.set_org_role(v1::ORG_ROLE_MEMBER);
  EXPECT_TRUE(CheckCanDeactivate(member, 1).ok());
}

TEST(SetupTest, ACandidatesDecisionIsTitledByTheirLabel) {
  EXPECT_EQ(AppointTitle("Candidate B"), "Appoint Candidate B to the post?");
}

}  // namespace
}  // namespace equalsay::panels
