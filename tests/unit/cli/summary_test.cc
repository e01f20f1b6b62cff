#include "clients/cli/summary.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "clients/cli/render.h"

namespace equalsay::cli {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

v1::Panel* AddPanel(v1::Round& round, const std::string& id,
                    const std::string& name) {
  v1::Panel* p = round.add_panels();
  p->set_id(id);
  p->set_name(name);
  p->mutable_rule()->set_threshold(v1::THRESHOLD_TWO_THIRDS);
  return p;
}

void AddMember(v1::Panel& panel, const std::string& name, v1::PanelRole role) {
  v1::Member* m = panel.add_members();
  m->set_display_name(name);
  m->set_role(role);
}

v1::DecisionPanel* AddTurnout(v1::Decision& d, const std::string& name,
                              uint32_t voted, uint32_t voters) {
  v1::DecisionPanel* p = d.add_panels();
  p->set_panel_name(name);
  p->set_voted(voted);
  p->set_voters(voters);
  return p;
}

TEST(RoundStatusTest, OneScreenWithPanelsScoringDecisionsAndWhatIsNext) {
  v1::Round round;
  round.set_id("3");
  round.set_title("Peer support worker");
  round.set_kind(v1::ROUND_KIND_RECRUITMENT);
  round.set_state(v1::ROUND_STATE_SCORING);
  v1::Panel* su = AddPanel(round, "5", "Service User Panel");
  AddMember(*su, "Asha", v1::PANEL_ROLE_CO_CHAIR);
  AddMember(*su, "Ben", v1::PANEL_ROLE_MEMBER);
  AddMember(*su, "Dee", v1::PANEL_ROLE_OBSERVER);
  AddPanel(round, "6", "Staff Panel");

  v1::ScoringProgress progress;
  v1::PanelProgress* pp = progress.add_panels();
  pp->set_panel_id("5");
  pp->set_panel_name("Service User Panel");
  pp->set_closed(true);
  auto* c = pp->add_candidates();
  c->set_candidate_id("7");
  c->set_label("Candidate A");
  c->set_submitted(1);
  c->set_expected(2);

  const std::string text = RoundStatusText(round, progress, {});
  EXPECT_THAT(text, HasSubstr("Round 3: Peer support worker\n"));
  EXPECT_THAT(text, HasSubstr("A recruitment round, now scoring."));
  // Asha co-chairs; two vote (the co-chair too); the observer does not.
  EXPECT_THAT(text, HasSubstr("5   Service User Panel  Asha      2"));
  EXPECT_THAT(text, HasSubstr("two-thirds"));
  EXPECT_THAT(text, HasSubstr("none yet"));  // The staff panel's co-chair.
  EXPECT_THAT(text, HasSubstr("closed"));
  EXPECT_THAT(text, HasSubstr("7   Candidate A  1 of 2"));
  EXPECT_THAT(text, HasSubstr("Next: Scoring:"));
  EXPECT_THAT(text, Not(HasSubstr("Decisions:")));

  // A member may not see scoring progress: no column, no table.
  const std::string member_view = RoundStatusText(round, std::nullopt, {});
  EXPECT_THAT(member_view, Not(HasSubstr("Score sheets submitted")));
  EXPECT_THAT(member_view, Not(HasSubstr("Scoring\n")));
}

TEST(DecisionLinesTest, OneLinePerDecisionWithoutSecretTurnout) {
  v1::ListDecisionsResponse list;
  v1::Decision* open = list.add_decisions();
  open->set_id("9");
  open->set_title("Appoint Candidate A to the post?");
  open->set_method(v1::DECISION_METHOD_CONSENT);
  open->set_secrecy(v1::SECRECY_SECRET);
  open->set_state(v1::DECISION_STATE_VOTING);
  AddTurnout(*open, "Service User Panel", 0, 4)
      ->set_participation_withheld(true);
  AddTurnout(*open, "Staff Panel", 3, 3)->set_closed(true);
  v1::Decision* closed = list.add_decisions();
  closed->set_id("10");
  closed->set_title("Appoint Candidate B to the post?");
  closed->set_state(v1::DECISION_STATE_CLOSED);
  closed->set_result(v1::OUTCOME_RESULT_VETOED);
  AddTurnout(*closed, "Service User Panel", 4, 4);
  AddTurnout(*closed, "Staff Panel", 3, 3);

  const std::string text = DecisionLines(list);
  EXPECT_THAT(text, HasSubstr("Service User Panel"));  // A column per panel.
  EXPECT_THAT(text, HasSubstr("consent, secret"));
  // A secret decision's turnout is not shown until 3 have voted.
  EXPECT_THAT(text, HasSubstr("shown from 3 votes"));
  EXPECT_THAT(text, Not(HasSubstr("0 of 4")));
  EXPECT_THAT(text, HasSubstr("3 of 3 voted, closed"));
  EXPECT_THAT(text, HasSubstr("vetoed"));
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 3) << text;
}

TEST(ResultsTextTest, PlacesScoresOutOf100AndUnscoredCandidates) {
  v1::ScoringResults results;
  for (const char* label : {"Sam", "Cy"}) {
    v1::CandidateResult* c = results.add_candidates();
    c->set_label(label);
    for (const char* panel : {"Service User Panel", "Staff Panel"}) {
      v1::PanelScore* p = c->add_panels();
      p->set_panel_name(panel);
      if (std::string(label) == "Sam") {
        p->set_score(62.5);
        p->set_rank(1);
        p->set_sheets(3);
        p->set_appointable(2);
        p->set_unsure(1);
      }
    }
    if (std::string(label) == "Sam") {
      c->set_combined_score(62.5);
      c->set_rank(1);
    }
  }
  results.mutable_agreement()->set_between_panels_explanation(
      "Only 1 candidate was scored by both panels.");

  const std::string text = ResultsText(results);
  EXPECT_THAT(text, HasSubstr("Scores out of 100"));
  EXPECT_THAT(text, HasSubstr("1st    Sam        62.50 (1st, 3 sheets)"));
  EXPECT_THAT(text, HasSubstr("Cy         not scored"));
  EXPECT_THAT(text, HasSubstr("2 appointable, 0 not appointable, 1 unsure"));
  EXPECT_THAT(text, HasSubstr("Only 1 candidate was scored by both panels."));
}

TEST(SummaryTest, VoteAndSheetAtAGlance) {
  v1::Ballot ballot;
  ballot.set_decision_id("9");
  ballot.set_choice(v1::CHOICE_STAND_ASIDE);
  ballot.set_version(2);
  ballot.set_reason("Not sure yet");
  EXPECT_THAT(BallotLine(ballot),
              HasSubstr("Your vote on decision 9: stand-aside (\"Not sure "
                        "yet\")"));
  EXPECT_THAT(BallotLine(ballot), HasSubstr("until voting closes"));

  v1::ScoreSheet sheet;
  sheet.set_display_name("Zoë");
  sheet.set_panel_kind(v1::PANEL_KIND_SERVICE_USER);
  sheet.set_candidate_id("7");
  sheet.set_state(v1::SHEET_STATE_DRAFT);
  sheet.set_version(1);
  sheet.add_entries()->set_criterion_id("1");  // Left blank.
  v1::ScoreEntry* scored = sheet.add_entries();
  scored->set_criterion_id("2");
  scored->set_score(0);  // Zero is a score, not a blank.
  const std::string text = SheetText(sheet);
  EXPECT_THAT(text, HasSubstr("Score sheet of Zoë (Service User Panel) for "
                              "candidate 7: draft, version 1"));
  EXPECT_THAT(text, HasSubstr("1          blank"));
  EXPECT_THAT(text, HasSubstr("2          0"));
  EXPECT_THAT(text, HasSubstr("Overall view: not given yet"));

  // Lists and these have a short form; other answers print every field.
  EXPECT_TRUE(Summary(v1::ListRoundsResponse()).has_value());
  EXPECT_FALSE(Summary(v1::Outcome()).has_value());
}

// The full form: scores out of 100 say so, counts of 0 keep their column,
// withheld counts are blank, and roles read as they are typed.
TEST(RenderTest, LabelsCountsAndWithheldTallies) {
  v1::CandidateResult result;
  v1::PanelScore* p = result.add_panels();
  p->set_score(62.5);
  EXPECT_THAT(RenderText(result), HasSubstr("62.50 / 100"));
  v1::ScoreSheet sheet;
  sheet.add_entries()->set_score(3);
  EXPECT_THAT(RenderText(sheet), Not(HasSubstr("/ 100")));

  v1::PanelProgress progress;
  auto* c = progress.add_candidates();
  c->set_label("Candidate A");
  c->set_expected(3);
  EXPECT_THAT(RenderText(progress), HasSubstr("Submitted"));

  v1::Outcome outcome;
  v1::PanelTally* named = outcome.add_panels();
  named->set_panel_name("Staff Panel");
  named->set_agree(2);
  named->set_voted(2);
  v1::PanelTally* secret = outcome.add_panels();
  secret->set_panel_name("Service User Panel");
  secret->set_counts_withheld(true);
  const std::string tally = RenderText(outcome);
  const size_t staff = tally.find("Staff Panel");
  const size_t su = tally.find("Service User Panel");
  ASSERT_NE(staff, std::string::npos) << tally;
  ASSERT_NE(su, std::string::npos) << tally;
  const std::string staff_line =
      tally.substr(staff, tally.find('\n', staff) - staff);
  const std::string su_line = tally.substr(su, tally.find('\n', su) - su);
  EXPECT_THAT(staff_line, HasSubstr("2")) << tally;
  EXPECT_EQ(su_line.find_first_of("0123456789"), std::string::npos) << tally;

  v1::Panel panel;
  AddMember(panel, "Asha", v1::PANEL_ROLE_CO_CHAIR);
  EXPECT_THAT(RenderText(panel), HasSubstr("co-chair"));
}

}  // namespace
}  // namespace equalsay::cli
