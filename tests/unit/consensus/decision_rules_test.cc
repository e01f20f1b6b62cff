#include "services/consensus/rules/decision_rules.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "services/consensus/rules/after_close.h"
#include "services/consensus/rules/secrecy.h"

namespace equalsay::consensus {
namespace {

using ::testing::HasSubstr;

constexpr int64_t kNow = 1'800'000'000;

v1::CreateDecisionRequest Proposal() {
  v1::CreateDecisionRequest r;
  r.set_title("Open the crisis café on Sundays");
  r.set_text("The café opens 10 till 4 on Sundays from March.");
  r.set_method(v1::DECISION_METHOD_CONSENT);
  r.set_secrecy(v1::SECRECY_NAMED);
  return r;
}

TEST(CheckNewDecisionTest, StrategyProposal) {
  EXPECT_TRUE(CheckNewDecision(Proposal(), v1::ROUND_KIND_STRATEGY,
                               v1::ROUND_STATE_OPEN, kNow)
                  .ok());
  EXPECT_EQ(CheckNewDecision(Proposal(), v1::ROUND_KIND_STRATEGY,
                             v1::ROUND_STATE_SETUP, kNow)
                .code(),
            absl::StatusCode::kFailedPrecondition);
  v1::CreateDecisionRequest r = Proposal();
  r.clear_title();
  EXPECT_EQ(
      CheckNewDecision(r, v1::ROUND_KIND_STRATEGY, v1::ROUND_STATE_OPEN, kNow)
          .message(),
      "title is required");
  r = Proposal();
  r.set_method(v1::DECISION_METHOD_UNSPECIFIED);
  EXPECT_EQ(
      CheckNewDecision(r, v1::ROUND_KIND_STRATEGY, v1::ROUND_STATE_OPEN, kNow)
          .code(),
      absl::StatusCode::kInvalidArgument);
  r = Proposal();
  r.set_secrecy(static_cast<v1::Secrecy>(7));
  EXPECT_EQ(
      CheckNewDecision(r, v1::ROUND_KIND_STRATEGY, v1::ROUND_STATE_OPEN, kNow)
          .code(),
      absl::StatusCode::kInvalidArgument);
  for (int64_t closes : {kNow, kNow - 5, kNow + kMaxOpenSeconds + 1}) {
    r = Proposal();
    r.set_closes_at_unix(closes);
    EXPECT_EQ(
        CheckNewDecision(r, v1::ROUND_KIND_STRATEGY, v1::ROUND_STATE_OPEN, kNow)
            .code(),
        absl::StatusCode::kInvalidArgument)
        << closes;
  }
  r = Proposal();
  r.set_candidate_id("4");
  EXPECT_EQ(
      CheckNewDecision(r, v1::ROUND_KIND_STRATEGY, v1::ROUND_STATE_OPEN, kNow)
          .code(),
      absl::StatusCode::kInvalidArgument);
}

TEST(CheckNewDecisionTest, RecruitmentNeedsACandidateOnceDeciding) {
  v1::CreateDecisionRequest r;
  r.set_method(v1::DECISION_METHOD_YES_NO);
  r.set_secrecy(v1::SECRECY_SECRET);
  EXPECT_EQ(CheckNewDecision(r, v1::ROUND_KIND_RECRUITMENT,
                             v1::ROUND_STATE_DECIDING, kNow)
                .message(),
            "candidate_id is required: a recruitment decision is about one "
            "candidate");
  r.set_candidate_id("9");
  EXPECT_TRUE(CheckNewDecision(r, v1::ROUND_KIND_RECRUITMENT,
                               v1::ROUND_STATE_DECIDING, kNow)
                  .ok());
  EXPECT_EQ(CheckNewDecision(r, v1::ROUND_KIND_RECRUITMENT,
                             v1::ROUND_STATE_SCORING, kNow)
                .code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(AppointTitle("Candidate B"), "Appoint Candidate B to the post?");
}

TEST(BallotRulesTest, ChoicesFitTheMethod) {
  EXPECT_TRUE(CheckChoice(v1::DECISION_METHOD_YES_NO, v1::CHOICE_ABSTAIN).ok());
  EXPECT_FALSE(CheckChoice(v1::DECISION_METHOD_YES_NO, v1::CHOICE_OBJECT).ok());
  EXPECT_TRUE(CheckChoice(v1::DECISION_METHOD_CONSENT, v1::CHOICE_OBJECT).ok());
  EXPECT_FALSE(
      CheckChoice(v1::DECISION_METHOD_CONSENT, v1::CHOICE_DISAGREE).ok());
  EXPECT_FALSE(
      CheckChoice(v1::DECISION_METHOD_YES_NO, v1::CHOICE_UNSPECIFIED).ok());
}

TEST(BallotRulesTest, WhoMayVoteAndWhen) {
  EXPECT_TRUE(CheckCanVote(v1::DECISION_STATE_VOTING, Seat::kVoter).ok());
  EXPECT_EQ(CheckCanVote(v1::DECISION_STATE_VOTING, Seat::kNotVoter).code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(CheckCanVote(v1::DECISION_STATE_VOTING, Seat::kRecused).code(),
            absl::StatusCode::kFailedPrecondition);
  const absl::Status late =
      CheckCanVote(v1::DECISION_STATE_CLOSED, Seat::kVoter);
  EXPECT_EQ(late.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(late.message(),
            "Voting on this decision has closed, so ballots can no longer be "
            "cast or changed.");
}

// One check serves ballots written alone and written together.
TEST(BallotRulesTest, ABallotIsCheckedForSeatStateChoiceAndReason) {
  v1::Decision d;
  d.set_method(v1::DECISION_METHOD_CONSENT);
  d.set_state(v1::DECISION_STATE_VOTING);
  v1::CastBallotRequest ballot;
  ballot.set_choice(v1::CHOICE_STAND_ASIDE);
  ballot.set_reason("Line one\nline two");
  EXPECT_TRUE(CheckBallot(d, Seat::kVoter, ballot).ok());
  EXPECT_EQ(CheckBallot(d, Seat::kNotVoter, ballot).code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(CheckBallot(d, Seat::kRecused, ballot).code(),
            absl::StatusCode::kFailedPrecondition);
  ballot.set_reason(std::string(kMaxReason + 1, 'x'));
  const absl::Status long_reason = CheckBallot(d, Seat::kVoter, ballot);
  EXPECT_EQ(long_reason.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(long_reason.message()), HasSubstr("reason"));
  ballot.set_reason(std::string(kMaxReason, 'x'));
  EXPECT_TRUE(CheckBallot(d, Seat::kVoter, ballot).ok());
  ballot.set_choice(v1::CHOICE_DISAGREE);
  EXPECT_EQ(CheckBallot(d, Seat::kVoter, ballot).code(),
            absl::StatusCode::kInvalidArgument);
  ballot.set_choice(v1::CHOICE_OBJECT);
  d.set_state(v1::DECISION_STATE_CLOSED);
  EXPECT_EQ(CheckBallot(d, Seat::kVoter, ballot).code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST(AfterCloseTest, ReasonsNextStepsAndReopening) {
  EXPECT_TRUE(OwesReason(v1::OUTCOME_RESULT_VETOED, v1::CHOICE_DISAGREE, ""));
  EXPECT_FALSE(OwesReason(v1::OUTCOME_RESULT_VETOED, v1::CHOICE_DISAGREE,
                          "Not enough lived experience"));
  EXPECT_FALSE(OwesReason(v1::OUTCOME_RESULT_VETOED, v1::CHOICE_AGREE, ""));
  EXPECT_FALSE(OwesReason(v1::OUTCOME_RESULT_AGREED, v1::CHOICE_OBJECT, ""));
  EXPECT_TRUE(CheckCanGiveReason(v1::DECISION_STATE_CLOSED,
                                 v1::OUTCOME_RESULT_VETOED, v1::CHOICE_OBJECT)
                  .ok());
  EXPECT_FALSE(CheckCanGiveReason(v1::DECISION_STATE_VOTING,
                                  v1::OUTCOME_RESULT_UNSPECIFIED,
                                  v1::CHOICE_OBJECT)
                   .ok());

  EXPECT_TRUE(
      CheckNextStep(v1::ROUND_KIND_RECRUITMENT, v1::NEXT_STEP_READVERTISE)
          .ok());
  EXPECT_FALSE(
      CheckNextStep(v1::ROUND_KIND_RECRUITMENT, v1::NEXT_STEP_NOT_ADOPTED)
          .ok());
  EXPECT_TRUE(
      CheckNextStep(v1::ROUND_KIND_STRATEGY, v1::NEXT_STEP_REVISE_AND_RETURN)
          .ok());
  EXPECT_FALSE(CheckCanRecordNextStep(v1::DECISION_STATE_CLOSED,
                                      v1::OUTCOME_RESULT_AGREED,
                                      v1::NEXT_STEP_UNSPECIFIED)
                   .ok());
  EXPECT_EQ(SettledStep({v1::NEXT_STEP_REINTERVIEW, v1::NEXT_STEP_REINTERVIEW}),
            v1::NEXT_STEP_REINTERVIEW);
  EXPECT_EQ(SettledStep({v1::NEXT_STEP_REINTERVIEW, v1::NEXT_STEP_READVERTISE}),
            v1::NEXT_STEP_UNSPECIFIED);
  EXPECT_EQ(SettledStep({v1::NEXT_STEP_REINTERVIEW, v1::NEXT_STEP_UNSPECIFIED}),
            v1::NEXT_STEP_UNSPECIFIED);

  EXPECT_TRUE(CheckCanRequestReopen(v1::DECISION_STATE_CLOSED, false).ok());
  EXPECT_FALSE(CheckCanRequestReopen(v1::DECISION_STATE_VOTING, false).ok());
  EXPECT_FALSE(CheckCanRequestReopen(v1::DECISION_STATE_CLOSED, true).ok());
}

TEST(SecrecyTest, ParticipationShowsFromThreeVotersInSecretDecisions) {
  v1::Decision d;
  d.set_secrecy(v1::SECRECY_SECRET);
  v1::DecisionPanel* two = d.add_panels();
  two->set_voted(2);
  two->add_taken_part("Asha");
  two->add_taken_part("Ben");
  v1::DecisionPanel* three = d.add_panels();
  three->set_voted(3);
  for (const char* n : {"Chloe", "Dev", "Eve"}) three->add_taken_part(n);
  v1::Decision named = d;
  named.set_secrecy(v1::SECRECY_NAMED);

  HideParticipation(d);
  EXPECT_TRUE(d.panels(0).participation_withheld());
  EXPECT_EQ(d.panels(0).voted(), 0u);
  EXPECT_EQ(d.panels(0).taken_part_size(), 0);
  EXPECT_FALSE(d.panels(1).participation_withheld());
  EXPECT_EQ(d.panels(1).taken_part_size(), 3);
  HideParticipation(named);
  EXPECT_EQ(named.panels(0).taken_part_size(), 2);
}

TEST(SecrecyTest, SecretReasonsLoseNamesAndOrder) {
  std::vector<v1::Reason> reasons(3);
  const char* given[][2] = {
      {"Zed", "Too little experience of peer work."},
      {"Amy", "Did not answer the safeguarding question."},
      {"Kim", "Answers were unclear."}};
  for (int i = 0; i < 3; ++i) {
    reasons[i].set_panel_name("Service User Panel");
    reasons[i].set_display_name(given[i][0]);
    reasons[i].set_reason(given[i][1]);
  }
  AnonymiseReasons(reasons);
  for (const v1::Reason& r : reasons) EXPECT_EQ(r.display_name(), "");
  EXPECT_EQ(reasons[0].reason(), "Answers were unclear.");
  EXPECT_EQ(reasons[2].reason(), "Too little experience of peer work.");
  EXPECT_TRUE(CountsWithheld(4));
  EXPECT_FALSE(CountsWithheld(5));
}

}  // namespace
}  // namespace equalsay::consensus
