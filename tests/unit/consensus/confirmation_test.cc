#include "services/consensus/rules/confirmation.h"

#include <gtest/gtest.h>

namespace equalsay::consensus {
namespace {

Contender C(std::string id, std::string label, double score,
            v1::OutcomeResult result,
            v1::ConfirmationAction last = v1::CONFIRMATION_ACTION_UNSPECIFIED) {
  return {.decision_id = id,
          .candidate_id = "c" + id,
          .label = std::move(label),
          .combined_score = score,
          .state = v1::DECISION_STATE_CLOSED,
          .result = result,
          .last_action = last};
}

constexpr auto kAgreed = v1::OUTCOME_RESULT_AGREED;
constexpr auto kVetoed = v1::OUTCOME_RESULT_VETOED;
constexpr auto kOffer = v1::CONFIRMATION_ACTION_OFFER_MADE;
constexpr auto kAccepted = v1::CONFIRMATION_ACTION_ACCEPTED;
constexpr auto kDeclined = v1::CONFIRMATION_ACTION_DECLINED;

TEST(ConfirmationQueueTest, AgreedOnlyBestScoreFirst) {
  const std::vector<Contender> all = {C("1", "Sam", 70, kAgreed),
                                      C("2", "Ali", 90, kVetoed),
                                      C("3", "Bo", 80, kAgreed)};
  const v1::ConfirmationQueue queue = BuildQueue(all, v1::ROUND_STATE_DECIDED);
  ASSERT_EQ(queue.candidates_size(), 2);
  EXPECT_EQ(queue.candidates(0).label(), "Bo");
  EXPECT_TRUE(queue.candidates(0).up_next());
  EXPECT_EQ(queue.candidates(1).label(), "Sam");
  EXPECT_FALSE(queue.candidates(1).up_next());
  EXPECT_EQ(queue.explanation(), "Next: make an offer to Bo.");
}

// Rule 1: whatever else is true, HR never confirms what a panel vetoed.
TEST(ConfirmationQueueTest, VetoedCandidateIsRefusedEvenWhenNothingElseIs) {
  const std::vector<Contender> all = {C("1", "Sam", 95, kVetoed),
                                      C("2", "Bo", 80, kAgreed)};
  const v1::ConfirmationQueue queue = BuildQueue(all, v1::ROUND_STATE_DECIDED);
  for (auto action : {kOffer, kAccepted, kDeclined}) {
    const absl::Status s = CheckConfirmation(queue, all[0], action);
    EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
    EXPECT_EQ(s.message(),
              "HR can confirm only what every panel agreed. The outcome for "
              "Sam is vetoed (a panel did not agree), so Sam cannot be offered "
              "the post.");
  }
  Contender open = all[1];
  open.state = v1::DECISION_STATE_VOTING;
  open.result = v1::OUTCOME_RESULT_UNSPECIFIED;
  EXPECT_EQ(CheckConfirmation(queue, open, kOffer).code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST(ConfirmationQueueTest, OfferThenAnswerInOrder) {
  std::vector<Contender> all = {C("1", "Sam", 90, kAgreed),
                                C("2", "Bo", 80, kAgreed)};
  v1::ConfirmationQueue queue = BuildQueue(all, v1::ROUND_STATE_DECIDED);
  EXPECT_TRUE(CheckConfirmation(queue, all[0], kOffer).ok());
  EXPECT_EQ(CheckConfirmation(queue, all[0], kAccepted).message(),
            "Record the offer to Sam before their answer.");
  EXPECT_EQ(CheckConfirmation(queue, all[1], kOffer).message(),
            "Offers go in order of combined score, and Sam comes first.");

  all[0].last_action = kOffer;
  queue = BuildQueue(all, v1::ROUND_STATE_DECIDED);
  EXPECT_EQ(queue.explanation(),
            "Waiting for Sam's answer to the offer: record whether they "
            "accepted or declined.");
  EXPECT_FALSE(CheckConfirmation(queue, all[0], kOffer).ok());
  EXPECT_TRUE(CheckConfirmation(queue, all[0], kDeclined).ok());

  all[0].last_action = kDeclined;  // The next agreed candidate comes up.
  queue = BuildQueue(all, v1::ROUND_STATE_DECIDED);
  EXPECT_TRUE(queue.candidates(1).up_next());
  EXPECT_EQ(CheckConfirmation(queue, all[0], kOffer).message(),
            "Sam has already declined the offer.");
  EXPECT_TRUE(CheckConfirmation(queue, all[1], kOffer).ok());

  all[1].last_action = kDeclined;
  queue = BuildQueue(all, v1::ROUND_STATE_DECIDED);
  EXPECT_EQ(queue.explanation(),
            "No agreed candidate is left to offer the post to. The panels did "
            "not all agree on anyone else, so nobody else can be appointed "
            "from this round.");
}

TEST(ConfirmationQueueTest, NothingBeforeEveryDecisionClosesOrAfterAcceptance) {
  std::vector<Contender> all = {C("1", "Sam", 90, kAgreed)};
  v1::ConfirmationQueue queue = BuildQueue(all, v1::ROUND_STATE_DECIDING);
  EXPECT_FALSE(queue.candidates(0).up_next());
  EXPECT_EQ(CheckConfirmation(queue, all[0], kOffer).message(),
            "Offers wait until every candidate's decision has closed, so that "
            "they go in order of score.");
  all[0].last_action = kAccepted;
  queue = BuildQueue(all, v1::ROUND_STATE_CONFIRMED);
  EXPECT_EQ(queue.explanation(),
            "Sam accepted the offer. The round is confirmed.");
  EXPECT_FALSE(CheckConfirmation(queue, all[0], kDeclined).ok());
  EXPECT_EQ(
      CheckConfirmation(queue, all[0], static_cast<v1::ConfirmationAction>(9))
          .code(),
      absl::StatusCode::kInvalidArgument);
}

// A correction replaces the latest entry still standing, judged as the
// record stood before it.
TEST(CorrectionTest, TheLatestStandingEntryAndTheStateBeforeIt) {
  EXPECT_EQ(LatestStanding({}), nullptr);
  std::vector<RecordedConfirmation> history(3);
  history[0].entry.set_action(v1::CONFIRMATION_ACTION_OFFER_MADE);
  history[1].entry.set_action(v1::CONFIRMATION_ACTION_ACCEPTED);
  history[2].entry.set_action(v1::CONFIRMATION_ACTION_DECLINED);
  history[2].entry.set_correction(true);
  EXPECT_EQ(LatestStanding(history), &history[2]);
  history[2].entry.set_corrected(true);  // Itself corrected (by a later one).
  history[1].entry.set_corrected(true);
  EXPECT_EQ(LatestStanding(history), &history[0]);

  const RecordedConfirmation& accepted = history[1];
  EXPECT_EQ(StateBefore(v1::ROUND_STATE_CONFIRMED, accepted),
            v1::ROUND_STATE_DECIDED);
  EXPECT_EQ(StateBefore(v1::ROUND_STATE_DECIDED, history[0]),
            v1::ROUND_STATE_DECIDED);

  EXPECT_EQ(
      CheckCorrectionChanges(accepted, v1::CONFIRMATION_ACTION_ACCEPTED, "")
          .code(),
      absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(CheckCorrectionChanges(accepted, v1::CONFIRMATION_ACTION_ACCEPTED,
                                     "By e-mail.")
                  .ok());
  EXPECT_TRUE(
      CheckCorrectionChanges(accepted, v1::CONFIRMATION_ACTION_DECLINED, "")
          .ok());
}

}  // namespace
}  // namespace equalsay::consensus
