#include "services/panels/rules/my_work.h"

#include <gtest/gtest.h>

namespace equalsay::panels {
namespace {

TEST(MyWorkTest, ScoringMembersScoreAndCoChairsClose) {
  const auto member = ToDo({.kind = v1::ROUND_KIND_RECRUITMENT,
                            .state = v1::ROUND_STATE_SCORING,
                            .role = v1::PANEL_ROLE_MEMBER,
                            .candidates = 3});
  ASSERT_EQ(member.size(), 1u);
  EXPECT_EQ(member[0], "Score 3 candidates against the criteria.");
  const auto chair = ToDo({.kind = v1::ROUND_KIND_RECRUITMENT,
                           .state = v1::ROUND_STATE_SCORING,
                           .role = v1::PANEL_ROLE_CO_CHAIR,
                           .candidates = 1});
  ASSERT_EQ(chair.size(), 2u);
  EXPECT_EQ(chair[0], "Score 1 candidate against the criteria.");
}

TEST(MyWorkTest, WhatIsLeftCountsDownAndStopsAtTheClose) {
  MyPlace place{.kind = v1::ROUND_KIND_RECRUITMENT,
                .state = v1::ROUND_STATE_SCORING,
                .role = v1::PANEL_ROLE_MEMBER,
                .candidates = 3,
                .submitted = 2};
  EXPECT_EQ(ToDo(place), std::vector<std::string>{
                             "Score 1 candidate against the criteria."});
  place.submitted = 3;
  EXPECT_EQ(ToDo(place)[0],
            "You have submitted all your score sheets. You can change them "
            "until your panel closes scoring.");
  place.scoring_closed = true;
  EXPECT_TRUE(ToDo(place).empty());
  place = {.kind = v1::ROUND_KIND_STRATEGY,
           .state = v1::ROUND_STATE_OPEN,
           .role = v1::PANEL_ROLE_CO_CHAIR,
           .to_vote = 2,
           .to_close = 1};
  EXPECT_EQ(ToDo(place),
            (std::vector<std::string>{
                "Vote on 2 open decisions.",
                "Close voting for your panel on 1 decision when it is time."}));
  place.to_vote = place.to_close = 0;
  EXPECT_TRUE(ToDo(place).empty());
  place.role = v1::PANEL_ROLE_MEMBER;
  place.to_count_papers = 1;
  EXPECT_EQ(ToDo(place),
            (std::vector<std::string>{
                "Count the paper ballots again on 1 decision: they count only "
                "once a second person of your panel has counted them and "
                "entered the same."}));
  // When the two counts differed, it is for a co-chair to count afresh.
  place.to_count_papers = 0;
  place.papers_differ = 2;
  EXPECT_TRUE(ToDo(place).empty());
  place.role = v1::PANEL_ROLE_CO_CHAIR;
  EXPECT_EQ(ToDo(place),
            (std::vector<std::string>{
                "The two counts of the paper ballots differed on 2 decisions: "
                "count the papers again together, then enter the count "
                "afresh."}));
}

// After the decisions, whatever the round's state.
TEST(MyWorkTest, OwnersAndCoChairsHearOfActions) {
  MyPlace place{.kind = v1::ROUND_KIND_STRATEGY,
                .state = v1::ROUND_STATE_CLOSED,
                .role = v1::PANEL_ROLE_CO_CHAIR,
                .actions_owned = 1,
                .actions_overdue = 2};
  EXPECT_EQ(ToDo(place),
            (std::vector<std::string>{
                "Record progress on 1 action you own, and say when each is "
                "done: the panels will read it.",
                "2 actions are overdue: ask the owner how it is going."}));
  place.role = v1::PANEL_ROLE_MEMBER;
  place.actions_owned = 0;
  EXPECT_TRUE(ToDo(place).empty());  // Overdue is for co-chairs to chase.
}

// Time and expenses others recorded wait for a co-chair, in any state.
TEST(MyWorkTest, CoChairsHearOfTimeToConfirm) {
  MyPlace place{.kind = v1::ROUND_KIND_RECRUITMENT,
                .state = v1::ROUND_STATE_CONFIRMED,
                .role = v1::PANEL_ROLE_CO_CHAIR,
                .to_confirm = 3};
  EXPECT_EQ(ToDo(place), (std::vector<std::string>{
                             "Confirm time or expenses: 3 entries are waiting "
                             "(Your time and payments)."}));
  place.to_confirm = 1;
  EXPECT_EQ(ToDo(place)[0],
            "Confirm time or expenses: 1 entry is waiting (Your time and "
            "payments).");
  place.role = v1::PANEL_ROLE_MEMBER;
  EXPECT_TRUE(ToDo(place).empty());
}

TEST(MyWorkTest, ObserversHaveNothingToDo) {
  for (auto state : {v1::ROUND_STATE_SETUP, v1::ROUND_STATE_SCORING,
                     v1::ROUND_STATE_DECIDING}) {
    EXPECT_TRUE(ToDo({.kind = v1::ROUND_KIND_RECRUITMENT,
                      .state = state,
                      .role = v1::PANEL_ROLE_OBSERVER,
                      .candidates = 2})
                    .empty());
  }
}

TEST(MyWorkTest, RecusedFromEveryCandidateMeansNoScoring) {
  EXPECT_TRUE(ToDo({.kind = v1::ROUND_KIND_RECRUITMENT,
                    .state = v1::ROUND_STATE_SCORING,
                    .role = v1::PANEL_ROLE_MEMBER,
                    .candidates = 0})
                  .empty());
}

TEST(MyWorkTest, FinishedRoundsAskNothing) {
  EXPECT_TRUE(ToDo({.kind = v1::ROUND_KIND_STRATEGY,
                    .state = v1::ROUND_STATE_CLOSED,
                    .role = v1::PANEL_ROLE_CO_CHAIR})
                  .empty());
}

}  // namespace
}  // namespace equalsay::panels
