#include "services/panels/rules/round_state.h"

#include <gtest/gtest.h>

#include <set>
#include <tuple>

namespace equalsay::panels {
namespace {

using S = v1::RoundState;

// The design's state machine written out as edges, independently of the code.
const std::set<std::tuple<v1::RoundKind, S, S>>& Edges() {
  static const auto* kEdges = new std::set<std::tuple<v1::RoundKind, S, S>>{
      {v1::ROUND_KIND_RECRUITMENT, v1::ROUND_STATE_SETUP,
       v1::ROUND_STATE_SCORING},
      {v1::ROUND_KIND_RECRUITMENT, v1::ROUND_STATE_SCORING,
       v1::ROUND_STATE_DECIDING},
      {v1::ROUND_KIND_RECRUITMENT, v1::ROUND_STATE_DECIDING,
       v1::ROUND_STATE_DECIDED},
      {v1::ROUND_KIND_RECRUITMENT, v1::ROUND_STATE_DECIDED,
       v1::ROUND_STATE_CONFIRMED},
      // A decision reopened by both panels' co-chairs before HR acted.
      {v1::ROUND_KIND_RECRUITMENT, v1::ROUND_STATE_DECIDED,
       v1::ROUND_STATE_DECIDING},
      // HR corrected an accepted offer recorded by mistake.
      {v1::ROUND_KIND_RECRUITMENT, v1::ROUND_STATE_CONFIRMED,
       v1::ROUND_STATE_DECIDED},
      {v1::ROUND_KIND_STRATEGY, v1::ROUND_STATE_SETUP, v1::ROUND_STATE_OPEN},
      {v1::ROUND_KIND_STRATEGY, v1::ROUND_STATE_OPEN, v1::ROUND_STATE_CLOSED},
  };
  return *kEdges;
}

bool Unfinished(v1::RoundKind kind, S state) {
  if (kind == v1::ROUND_KIND_RECRUITMENT) {
    return state == v1::ROUND_STATE_SETUP || state == v1::ROUND_STATE_SCORING ||
           state == v1::ROUND_STATE_DECIDING ||
           state == v1::ROUND_STATE_DECIDED;
  }
  return state == v1::ROUND_STATE_SETUP || state == v1::ROUND_STATE_OPEN;
}

TEST(RoundStateTest, EveryPairOfStatesForBothKinds) {
  for (auto kind : {v1::ROUND_KIND_RECRUITMENT, v1::ROUND_KIND_STRATEGY}) {
    for (int from = v1::RoundState_MIN; from <= v1::RoundState_MAX; ++from) {
      for (int to = v1::RoundState_MIN; to <= v1::RoundState_MAX; ++to) {
        const S f = static_cast<S>(from), t = static_cast<S>(to);
        const bool expected =
            Edges().count({kind, f, t}) > 0 ||
            (t == v1::ROUND_STATE_WITHDRAWN && Unfinished(kind, f));
        EXPECT_EQ(IsTransitionAllowed(kind, f, t), expected)
            << v1::RoundKind_Name(kind) << " " << v1::RoundState_Name(f)
            << " -> " << v1::RoundState_Name(t);
        EXPECT_EQ(CheckTransition(kind, f, t).ok(), expected);
      }
    }
  }
}

TEST(RoundStateTest, RefusalsSayWhereTheRoundIs) {
  const absl::Status s =
      CheckTransition(v1::ROUND_KIND_RECRUITMENT, v1::ROUND_STATE_SCORING,
                      v1::ROUND_STATE_SCORING);
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(s.message(), "The round is already scoring.");
  EXPECT_EQ(CheckTransition(v1::ROUND_KIND_RECRUITMENT,
                            v1::ROUND_STATE_WITHDRAWN, v1::ROUND_STATE_SCORING)
                .message(),
            "The round is withdrawn, so it cannot become scoring.");
}

TEST(RoundStateTest, LeavingSetupDependsOnKind) {
  EXPECT_EQ(StateAfterSetup(v1::ROUND_KIND_RECRUITMENT),
            v1::ROUND_STATE_SCORING);
  EXPECT_EQ(StateAfterSetup(v1::ROUND_KIND_STRATEGY), v1::ROUND_STATE_OPEN);
}

// The audit trail keeps the names it always had, whichever path moves the
// round: leaving set-up is "opened" for either kind of round.
TEST(RoundStateTest, EachMoveIsRecordedUnderItsOwnName) {
  EXPECT_EQ(RoundMovedAction(StateAfterSetup(v1::ROUND_KIND_RECRUITMENT)),
            "round.opened");
  EXPECT_EQ(RoundMovedAction(StateAfterSetup(v1::ROUND_KIND_STRATEGY)),
            "round.opened");
  EXPECT_EQ(RoundMovedAction(v1::ROUND_STATE_DECIDING), "round.deciding");
  EXPECT_EQ(RoundMovedAction(v1::ROUND_STATE_DECIDED), "round.decided");
  EXPECT_EQ(RoundMovedAction(v1::ROUND_STATE_CONFIRMED), "round.confirmed");
  EXPECT_EQ(RoundMovedAction(v1::ROUND_STATE_WITHDRAWN), "round.withdrawn");
  EXPECT_EQ(RoundMovedAction(v1::ROUND_STATE_CLOSED), "round.closed");
}

}  // namespace
}  // namespace equalsay::panels
