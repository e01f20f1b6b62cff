#include "services/consensus/rules/feedback.h"

#include <gtest/gtest.h>

#include "services/consensus/rules/minutes.h"

namespace equalsay::consensus {
namespace {

v1::Criterion Criterion(std::string id, std::string question) {
  v1::Criterion c;
  c.set_id(std::move(id));
  c.set_question(std::move(question));
  for (auto [v, w] : {std::pair{0, "No evidence"},
                      {1, "A little evidence"},
                      {2, "Some evidence"},
                      {3, "Good evidence"},
                      {4, "Strong evidence"}}) {
    v1::ScalePoint* p = c.add_scale();
    p->set_value(v);
    p->set_words(w);
  }
  return c;
}

TEST(FeedbackTest, StrengthsAndGapsInTheScalesWordsWithoutNames) {
  FeedbackInput in;
  in.criteria = {Criterion("hope", "Gives hope?"),
                 Criterion("listen", "Listens?"),
                 Criterion("safe", "Keeps people safe?")};
  v1::Panel su;
  su.set_id("1");
  su.set_name("Service User Panel");
  in.panels = {su};
  v1::Candidate sam;
  sam.set_id("7");
  sam.set_label("Candidate A");
  in.candidates = {sam};
  // Two members: hope 4 and 3 (mean 3.5: strength), listen 1 and 2 (1.5:
  // gap), safe 2 and 3 (2.5: neither); a blank is not a zero.
  in.sheets = {
      {.person_id = "11",
       .panel_id = "1",
       .candidate_id = "7",
       .scores = {{"hope", 4}, {"listen", 1}, {"safe", 2}}},
      {.person_id = "12",
       .panel_id = "1",
       .candidate_id = "7",
       .scores = {{"hope", 3}, {"listen", 2}, {"safe", 3}}},
      {.person_id = "13", .panel_id = "1", .candidate_id = "7", .scores = {}}};
  v1::Outcome vetoed;
  vetoed.set_result(v1::OUTCOME_RESULT_VETOED);
  v1::PanelTally* t = vetoed.add_panels();
  t->set_panel_name("Service User Panel");
  t->set_agreed(false);
  vetoed.add_panels()->set_agreed(true);
  in.outcomes["7"] = vetoed;

  const v1::CandidateFeedback f = BuildFeedback(in);
  ASSERT_EQ(f.candidates_size(), 1);
  const v1::CandidateFeedbackEntry& e = f.candidates(0);
  EXPECT_EQ(e.outcome(),
            "Not appointed: the Service User Panel did not agree, and each "
            "panel holds an equal veto.");
  ASSERT_EQ(e.panels(0).strengths_size(), 1);
  EXPECT_EQ(e.panels(0).strengths(0),
            "Gives hope? On average: \"Good evidence\".");  // 3.5: the lower
  ASSERT_EQ(e.panels(0).gaps_size(), 1);
  EXPECT_EQ(e.panels(0).gaps(0), "Listens? On average: \"A little evidence\".");
  EXPECT_EQ(f.markdown().find("11"), std::string::npos);
  EXPECT_NE(f.markdown().find("## Candidate A"), std::string::npos);
}

TEST(MinutesTest, ASecretSmallPanelShowsNoCountsAndNoNames) {
  v1::Minutes m;
  m.mutable_round()->set_title("Café hours");
  m.mutable_round()->set_kind(v1::ROUND_KIND_STRATEGY);
  m.mutable_round()->set_state(v1::ROUND_STATE_CLOSED);
  v1::MinutesPanel* p = m.add_panels();
  p->set_panel_name("Service User Panel");
  v1::MinutesMember* member = p->add_members();
  member->set_display_name("Asha");
  member->set_role(v1::PANEL_ROLE_CO_CHAIR);
  v1::MinutesDecision* d = m.add_decisions();
  d->mutable_decision()->set_title("Open on Sundays");
  d->mutable_decision()->set_secrecy(v1::SECRECY_SECRET);
  d->mutable_decision()->set_state(v1::DECISION_STATE_CLOSED);
  d->mutable_outcome()->set_result(v1::OUTCOME_RESULT_AGREED);
  d->mutable_outcome()->set_explanation(
      "Agreed. The Service User Panel agreed.");
  v1::PanelTally* t = d->mutable_outcome()->add_panels();
  t->set_panel_name("Service User Panel");
  t->set_counts_withheld(true);
  t->set_quorum_met(true);
  t->set_agreed(true);
  const std::string md = MinutesMarkdown(m);
  EXPECT_NE(md.find("- Asha, co-chair"), std::string::npos);
  const std::string decisions = md.substr(md.find("## Decisions"));
  EXPECT_NE(decisions.find("by secret ballot"), std::string::npos);
  EXPECT_NE(decisions.find("| Service User Panel | - | - | - | - | - | yes |"),
            std::string::npos);
  EXPECT_NE(decisions.find("counts are not shown"), std::string::npos);
  EXPECT_EQ(decisions.find("Asha"), std::string::npos);
  EXPECT_EQ(UtcTime(1796144400), "2026-12-01 17:00 UTC");
}

// Rule 5: a reopened decision keeps every earlier run in the minutes: its
// outcome, reasons, next step and why it was reopened.
TEST(MinutesTest, EveryRunOfAReopenedDecisionStaysInTheRecord) {
  v1::Minutes m;
  m.mutable_round()->set_kind(v1::ROUND_KIND_STRATEGY);
  v1::MinutesDecision* entry = m.add_decisions();
  v1::Decision* d = entry->mutable_decision();
  d->set_title("Open on Sundays");
  d->set_method(v1::DECISION_METHOD_CONSENT);
  d->set_secrecy(v1::SECRECY_NAMED);
  d->set_state(v1::DECISION_STATE_CLOSED);
  d->set_run(2);
  entry->set_reopened(1);
  v1::Outcome* first = d->add_earlier_runs();
  first->set_run(1);
  first->set_result(v1::OUTCOME_RESULT_VETOED);
  first->set_explanation("Not agreed. The Staff Panel did not agree.");
  first->set_next_step(v1::NEXT_STEP_REVISE_AND_RETURN);
  v1::Reason* why = first->add_reasons();
  why->set_display_name("Dev");
  why->set_panel_name("Staff Panel");
  why->set_choice(v1::CHOICE_OBJECT);
  why->set_reason("No cover for Sunday shifts.");
  v1::ReopenRequest* reopen = first->add_reopen_requests();
  reopen->set_panel_name("Staff Panel");
  reopen->set_reason("Cover is now funded.");
  entry->mutable_outcome()->set_result(v1::OUTCOME_RESULT_AGREED);
  entry->mutable_outcome()->set_explanation("Agreed. Every panel agreed.");
  const std::string md = MinutesMarkdown(m);
  const size_t vote1 = md.find("**Vote 1**");
  const size_t vote2 = md.find("**Vote 2**");
  ASSERT_NE(vote1, std::string::npos);
  ASSERT_NE(vote2, std::string::npos);
  EXPECT_LT(vote1, vote2);
  const std::string run1 = md.substr(vote1, vote2 - vote1);
  for (const char* kept :
       {"**Outcome: vetoed.** Not agreed. The Staff Panel did not agree.",
        "- Dev (Staff Panel, object): No cover for Sunday shifts.",
        "What happens next: revise and bring back",
        "- Staff Panel: Cover is now funded."}) {
    EXPECT_NE(run1.find(kept), std::string::npos) << kept << "\n" << md;
  }
  EXPECT_NE(md.substr(vote2).find("**Outcome: agreed.**"), std::string::npos);
}

}  // namespace
}  // namespace equalsay::consensus
