#include "services/consensus/rules/decision_rules.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>

#include "absl/strings/str_cat.h"
#include "services/consensus/rules/after_close.h"
#include "services/consensus/rules/outcome.h"
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
}

// One decision per candidate, and none on a candidate who has withdrawn.
TEST(CheckNewDecisionTest, OneDecisionPerCandidateStillInTheRound) {
  v1::Candidate b;
  b.set_id("7");
  b.set_label("Candidate B");
  v1::Decision on_a;
  on_a.set_id("30");
  on_a.set_candidate_id("6");
  v1::Decision strategy;  // No candidate: never in the way.
  strategy.set_id("31");
  EXPECT_TRUE(CheckCandidateToDecide(b, {on_a, strategy}).ok());

  v1::Decision on_b;
  on_b.set_id("32");
  on_b.set_candidate_id("7");
  const absl::Status twice = CheckCandidateToDecide(b, {on_a, on_b});
  EXPECT_EQ(twice.code(), absl::StatusCode::kAlreadyExists);
  EXPECT_THAT(twice.message(), HasSubstr("already a decision on Candidate B"));
  EXPECT_THAT(twice.message(), HasSubstr("decision_id 32"));

  b.set_withdrawn(true);
  EXPECT_EQ(CheckCandidateToDecide(b, {}).code(),
            absl::StatusCode::kFailedPrecondition);
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
  v1::Decision d;
  d.set_state(v1::DECISION_STATE_VOTING);
  const BallotMoment voter{.seat = Seat::kVoter,
                           .now = absl::FromUnixSeconds(99)};
  EXPECT_TRUE(CheckCanVote(d, voter).ok());
  EXPECT_EQ(CheckCanVote(d, {.seat = Seat::kNotVoter}).code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(CheckCanVote(d, {.seat = Seat::kRecused}).code(),
            absl::StatusCode::kFailedPrecondition);
  d.set_state(v1::DECISION_STATE_CLOSED);
  const absl::Status late = CheckCanVote(d, voter);
  EXPECT_EQ(late.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(late.message(),
            "Voting on this decision has closed, so ballots can no longer be "
            "cast or changed.");
}

// The closing time is a hard edge: a ballot a microsecond before it counts,
// one at it or after is refused, whether or not the close has run yet.
TEST(BallotRulesTest, TheClosingTimeIsAHardEdge) {
  v1::Decision d;
  d.set_state(v1::DECISION_STATE_VOTING);
  d.set_closes_at_unix(1000);
  const absl::Time closes = absl::FromUnixSeconds(1000);
  BallotMoment m{.seat = Seat::kVoter, .now = closes - absl::Microseconds(1)};
  EXPECT_FALSE(PastClosingTime(d, m.now));
  EXPECT_TRUE(CheckCanVote(d, m).ok());
  for (absl::Time now :
       {closes, closes + absl::Microseconds(1), closes + absl::Hours(1)}) {
    m.now = now;
    EXPECT_TRUE(PastClosingTime(d, now));
    const absl::Status s = CheckCanVote(d, m);
    EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
    EXPECT_THAT(std::string(s.message()), HasSubstr("closing time"));
  }
  d.set_closes_at_unix(0);  // No closing time: never past it.
  EXPECT_FALSE(PastClosingTime(d, absl::InfiniteFuture()));
}

// A panel's co-chair closing voting stops that panel's ballots at once.
TEST(BallotRulesTest, AClosedPanelTakesNoMoreBallots) {
  v1::Decision d;
  d.set_state(v1::DECISION_STATE_VOTING);
  const absl::Status s = CheckCanVote(d, {.seat = Seat::kVoter,
                                          .panel_closed = true,
                                          .now = absl::FromUnixSeconds(kNow)});
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(s.message()), HasSubstr("closed voting"));
}

TEST(BallotRulesTest, ChangingAVoteKeepsTheReasonUnlessANewOneIsGiven) {
  EXPECT_EQ(KeptReason("", "They listened."), "They listened.");
  EXPECT_EQ(KeptReason("Changed my mind.", "They listened."),
            "Changed my mind.");
  EXPECT_EQ(KeptReason("", ""), "");
}

// One check serves ballots written alone and written together.
TEST(BallotRulesTest, ABallotIsCheckedForSeatStateChoiceAndReason) {
  v1::Decision d;
  d.set_method(v1::DECISION_METHOD_CONSENT);
  d.set_state(v1::DECISION_STATE_VOTING);
  const BallotMoment voter{.seat = Seat::kVoter,
                           .now = absl::FromUnixSeconds(kNow)};
  v1::CastBallotRequest ballot;
  ballot.set_choice(v1::CHOICE_STAND_ASIDE);
  ballot.set_reason("Line one\nline two");
  EXPECT_TRUE(CheckBallot(d, voter, ballot).ok());
  EXPECT_EQ(CheckBallot(d, {.seat = Seat::kNotVoter}, ballot).code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(CheckBallot(d, {.seat = Seat::kRecused}, ballot).code(),
            absl::StatusCode::kFailedPrecondition);
  ballot.set_reason(std::string(kMaxReason + 1, 'x'));
  const absl::Status long_reason = CheckBallot(d, voter, ballot);
  EXPECT_EQ(long_reason.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(long_reason.message()), HasSubstr("reason"));
  ballot.set_reason(std::string(kMaxReason, 'x'));
  EXPECT_TRUE(CheckBallot(d, voter, ballot).ok());
  ballot.set_choice(v1::CHOICE_DISAGREE);
  EXPECT_EQ(CheckBallot(d, voter, ballot).code(),
            absl::StatusCode::kInvalidArgument);
  ballot.set_choice(v1::CHOICE_OBJECT);
  d.set_state(v1::DECISION_STATE_CLOSED);
  EXPECT_EQ(CheckBallot(d, voter, ballot).code(),
            absl::StatusCode::kFailedPrecondition);
}

// No running tally: the outcome exists only once voting has closed.
TEST(AfterCloseTest, TheOutcomeIsKnownOnlyAfterTheClose) {
  EXPECT_TRUE(CheckOutcomeKnown(v1::DECISION_STATE_CLOSED).ok());
  EXPECT_EQ(CheckOutcomeKnown(v1::DECISION_STATE_VOTING).code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(CheckOutcomeKnown(v1::DECISION_STATE_UNSPECIFIED).code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST(AfterCloseTest, ReasonsNextStepsAndReopening) {
  v1::Outcome vetoed;
  vetoed.set_result(v1::OUTCOME_RESULT_VETOED);
  v1::PanelTally* su = vetoed.add_panels();
  su->set_panel_id("1");
  su->set_agreed(false);
  v1::PanelTally* staff = vetoed.add_panels();
  staff->set_panel_id("2");
  staff->set_agreed(true);
  // Named: those who disagreed or objected, whatever their panel.
  EXPECT_TRUE(AskedForReason(vetoed, false, "1", v1::CHOICE_DISAGREE));
  EXPECT_TRUE(AskedForReason(vetoed, false, "2", v1::CHOICE_OBJECT));
  EXPECT_FALSE(AskedForReason(vetoed, false, "1", v1::CHOICE_AGREE));
  // Secret: everyone who voted in a panel that did not agree, whatever
  // they chose, and nobody in a panel that agreed.
  EXPECT_TRUE(AskedForReason(vetoed, true, "1", v1::CHOICE_AGREE));
  EXPECT_TRUE(AskedForReason(vetoed, true, "1", v1::CHOICE_DISAGREE));
  EXPECT_FALSE(AskedForReason(vetoed, true, "2", v1::CHOICE_DISAGREE));
  v1::Outcome agreed = vetoed;
  agreed.set_result(v1::OUTCOME_RESULT_AGREED);
  EXPECT_FALSE(AskedForReason(agreed, false, "1", v1::CHOICE_OBJECT));
  EXPECT_FALSE(AskedForReason(agreed, true, "1", v1::CHOICE_OBJECT));
  EXPECT_TRUE(CheckCanGiveReason(v1::DECISION_STATE_CLOSED, vetoed, false, "1",
                                 v1::CHOICE_OBJECT)
                  .ok());
  EXPECT_FALSE(CheckCanGiveReason(v1::DECISION_STATE_VOTING, vetoed, false, "1",
                                  v1::CHOICE_OBJECT)
                   .ok());
  EXPECT_FALSE(CheckCanGiveReason(v1::DECISION_STATE_CLOSED, vetoed, true, "2",
                                  v1::CHOICE_DISAGREE)
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

TEST(SecrecyTest, NamedReasonsKeepNamesAndChoices) {
  v1::Outcome o;
  o.set_result(v1::OUTCOME_RESULT_VETOED);
  v1::PanelTally* su = o.add_panels();
  su->set_panel_id("1");
  su->set_panel_name("Service User Panel");
  GatherReasons({{"1", "Zed", v1::CHOICE_DISAGREE, "Too little peer work."},
                 {"1", "Amy", v1::CHOICE_DISAGREE, ""},
                 {"1", "Kim", v1::CHOICE_AGREE, "Good answers."}},
                /*secret=*/false, o);
  ASSERT_EQ(o.reasons_size(), 1);
  EXPECT_EQ(o.reasons(0).display_name(), "Zed");
  EXPECT_EQ(o.reasons(0).choice(), v1::CHOICE_DISAGREE);
  EXPECT_EQ(o.reasons_outstanding(), 1u);  // Amy has not said why.
}

TEST(SecrecyTest, CountsShowOnlyWhereTheRoundPublishesThemForFiveOrMore) {
  EXPECT_TRUE(CountsWithheld(4, /*publish_counts=*/true));
  EXPECT_FALSE(CountsWithheld(5, /*publish_counts=*/true));
  EXPECT_TRUE(CountsWithheld(5, /*publish_counts=*/false));
  EXPECT_TRUE(CountsWithheld(40, /*publish_counts=*/false));
}

// Rule 4 as a property of the rules: for every way a Service User Panel of
// 3 or 4 (and a staff panel of 5, unanimous or not) can vote, with every
// member giving a reason of their own words, the outcome and its reasons as
// shown are the same for any two sets of ballots that give each panel the
// same result and the same turnout.
TEST(SecrecyTest, SecretOutcomesDependOnlyOnEachPanelsResultAndTurnout) {
  const v1::Choice kChoices[] = {v1::CHOICE_UNSPECIFIED, v1::CHOICE_AGREE,
                                 v1::CHOICE_DISAGREE, v1::CHOICE_ABSTAIN};
  for (int su_size : {3, 4}) {
    for (bool publish : {false, true}) {
      std::map<std::string, std::string> shown_for;  // Result+turnout: shown.
      int splits = 0;
      const int staff_size = 5;
      int combos = 1;
      for (int i = 0; i < su_size + staff_size; ++i) combos *= 4;
      for (int code = 0; code < combos; ++code) {
        PanelCount su{.panel_id = "1",
                      .kind = v1::PANEL_KIND_SERVICE_USER,
                      .name = "Service User Panel",
                      .voters = su_size};
        PanelCount staff{.panel_id = "2",
                         .kind = v1::PANEL_KIND_STAFF,
                         .name = "Staff Panel",
                         .voters = staff_size};
        std::vector<BallotWithReason> ballots;
        std::string turnout;
        int rest = code;
        for (int m = 0; m < su_size + staff_size; ++m) {
          const v1::Choice c = kChoices[rest % 4];
          rest /= 4;
          PanelCount& p = m < su_size ? su : staff;
          turnout += c == v1::CHOICE_UNSPECIFIED ? '-' : 'v';
          if (c == v1::CHOICE_UNSPECIFIED) continue;
          (c == v1::CHOICE_AGREE      ? p.agree
           : c == v1::CHOICE_DISAGREE ? p.disagree
                                      : p.abstain)++;
          ballots.push_back({p.panel_id, absl::StrCat("Member ", m), c,
                             absl::StrCat("Words of member ", m)});
        }
        v1::Outcome o = DecideOutcome({.method = v1::DECISION_METHOD_YES_NO,
                                       .round_kind = v1::ROUND_KIND_STRATEGY,
                                       .secret = true,
                                       .publish_counts = publish,
                                       .panels = {su, staff}});
        GatherReasons(ballots, /*secret=*/true, o);
        std::string key = absl::StrCat(turnout, o.panels(0).quorum_met(),
                                       o.panels(0).agreed());
        // A staff panel of 5 publishing counts may differ by its counts.
        if (publish) {
          absl::StrAppend(&key, staff.agree, staff.disagree, staff.abstain);
        } else {
          absl::StrAppend(&key, o.panels(1).quorum_met(), o.panels(1).agreed());
        }
        const std::string shown = o.SerializeAsString();
        auto [it, first] = shown_for.emplace(key, shown);
        if (!first) {
          ++splits;
          ASSERT_EQ(it->second, shown)
              << "panel of " << su_size << ", ballots " << code
              << " show something the result and turnout do not";
        }
      }
      EXPECT_GT(splits, 1000);  // Many sets of ballots were compared.
    }
  }
}

}  // namespace
}  // namespace equalsay::consensus
