#include "services/panels/rules/erasure.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace equalsay::panels {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(ErasureTest, ErasedSubjectsAreNamedByIdSoTheyStayApart) {
  EXPECT_EQ(ErasedPersonName(PersonId(12)), "Erased person 12");
  EXPECT_EQ(ErasedCandidateName(CandidateId(7)), "Erased candidate 7");
}

TEST(ErasureTest, OnlyFinishedRoundsLetGo) {
  for (v1::RoundState s : {v1::ROUND_STATE_SETUP, v1::ROUND_STATE_SCORING,
                           v1::ROUND_STATE_DECIDING, v1::ROUND_STATE_DECIDED,
                           v1::ROUND_STATE_OPEN}) {
    EXPECT_TRUE(InProgress(s)) << s;
  }
  for (v1::RoundState s : {v1::ROUND_STATE_CONFIRMED, v1::ROUND_STATE_WITHDRAWN,
                           v1::ROUND_STATE_CLOSED}) {
    EXPECT_FALSE(InProgress(s)) << s;
  }
  EXPECT_THAT(InProgressStateNames(),
              ElementsAre("SETUP", "SCORING", "DECIDING", "DECIDED", "OPEN"));
}

TEST(ErasureTest, TheNameMustMatchToBeSure) {
  EXPECT_TRUE(
      CheckConfirmName("confirm_name", "Ben Jones", " ben JONES ").ok());
  const absl::Status wrong =
      CheckConfirmName("confirm_name", "Ben Jones", "Ben");
  EXPECT_EQ(wrong.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(wrong.message(), HasSubstr("confirm_name does not match"));
  EXPECT_THAT(wrong.message(), HasSubstr("(Ben Jones)"));
  EXPECT_THAT(wrong.message(), HasSubstr("Nothing was erased."));
  EXPECT_THAT(CheckConfirmName("confirm_name", "Ben Jones", "").message(),
              HasSubstr("confirm_name is required"));
}

TEST(ErasureTest, APersonNeededByARoundInProgressStays) {
  v1::Person ben;
  ben.set_display_name("Ben");
  EXPECT_TRUE(CheckPersonErasable(ben, {}).ok());
  const absl::Status one = CheckPersonErasable(ben, {"Support worker"});
  EXPECT_EQ(one.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(one.message(), HasSubstr("Ben is still needed in a round in "
                                       "progress (Support worker)"));
  EXPECT_THAT(CheckPersonErasable(ben, {"A", "B"}).message(),
              HasSubstr("rounds in progress (A; B)"));
}

TEST(ErasureTest, ACandidateStaysUntilTheRoundEndsOrTheyWithdraw) {
  v1::Candidate sam;
  sam.set_name("Sam");
  const absl::Status open =
      CheckCandidateErasable(sam, v1::ROUND_STATE_DECIDED, "Support worker");
  EXPECT_EQ(open.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(open.message(), HasSubstr("(Support worker)"));
  EXPECT_TRUE(CheckCandidateErasable(sam, v1::ROUND_STATE_CONFIRMED, "x").ok());
  EXPECT_TRUE(CheckCandidateErasable(sam, v1::ROUND_STATE_WITHDRAWN, "x").ok());
  sam.set_withdrawn(true);
  EXPECT_TRUE(CheckCandidateErasable(sam, v1::ROUND_STATE_SCORING, "x").ok());
}

TEST(ErasureTest, NothingOfAnErasedSubjectIsWrittenBack) {
  EXPECT_TRUE(CheckNotErased("person_id", "12", false).ok());
  const absl::Status s = CheckNotErased("person_id", "12", true);
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(s.message(), HasSubstr("person_id 12: their personal data was "
                                     "erased on request"));
}

TEST(ErasureTest, WhatWentIsCountedInWords) {
  EXPECT_THAT(ErasedWords({{"document", "documents", 1},
                           {"note by HR", "notes by HR", 0},
                           {"sign-in", "sign-ins", 3}}),
              ElementsAre("1 document", "3 sign-ins"));
}

}  // namespace
}  // namespace equalsay::panels
