#include "services/scoring/rules/progress.h"

#include <gtest/gtest.h>

namespace equalsay::scoring {
namespace {

v1::Panel PanelOfFour() {
  v1::Panel panel;
  panel.set_id("1");
  panel.set_name("Service User Panel");
  for (auto [id, name, role] :
       {std::tuple{"11", "Asha", v1::PANEL_ROLE_CO_CHAIR},
        {"12", "Ben", v1::PANEL_ROLE_MEMBER},
        {"13", "Cal", v1::PANEL_ROLE_MEMBER},
        {"14", "Eve", v1::PANEL_ROLE_OBSERVER}}) {
    v1::Member* m = panel.add_members();
    m->set_person_id(id);
    m->set_display_name(name);
    m->set_role(role);
  }
  return panel;
}

std::vector<v1::Candidate> TwoCandidates() {
  v1::Candidate a, b;
  a.set_id("100");
  a.set_label("Sam");
  b.set_id("200");
  b.set_label("Candidate B");
  return {a, b};
}

TEST(ProgressTest, CountsVotingMembersNotRecusedAndNamesWhoIsMissing) {
  const v1::PanelProgress progress = Progress(
      {.panel = PanelOfFour(),
       .candidates = TwoCandidates(),
       .recused = {{"200", "13"}},
       .submitted = {
           {"100", "11"}, {"100", "12"}, {"200", "12"}, {"100", "14"}}});
  ASSERT_EQ(progress.candidates_size(), 2);
  const auto& sam = progress.candidates(0);
  EXPECT_EQ(sam.expected(), 3u);  // The observer is never expected.
  EXPECT_EQ(sam.submitted(), 2u);
  EXPECT_EQ(sam.still_needed(), 1u);
  EXPECT_EQ(sam.not_yet_submitted(0), "Cal");
  const auto& b = progress.candidates(1);
  EXPECT_EQ(b.expected(), 2u);  // Cal is recused.
  EXPECT_EQ(b.still_needed(), 1u);
  EXPECT_EQ(MissingSheetsWords(progress),
            "2 sheets have not been submitted yet (Sam: Cal; Candidate B: "
            "Asha). Sheets not submitted when scoring closes do not count.");
}

TEST(ProgressTest, ScoringClosesOnceWhileScoringAndWarnsOfMissingSheets) {
  const v1::PanelProgress missing_one =
      Progress({.panel = PanelOfFour(),
                .candidates = {TwoCandidates()[0]},
                .submitted = {{"100", "11"}, {"100", "12"}}});
  const v1::PanelProgress complete =
      Progress({.panel = PanelOfFour(),
                .candidates = {TwoCandidates()[0]},
                .submitted = {{"100", "11"}, {"100", "12"}, {"100", "13"}}});
  EXPECT_TRUE(CheckCanCloseScoring(v1::ROUND_STATE_SCORING, false, complete,
                                   /*close_anyway=*/false)
                  .ok());
  const absl::Status warned = CheckCanCloseScoring(
      v1::ROUND_STATE_SCORING, false, missing_one, /*close_anyway=*/false);
  EXPECT_EQ(warned.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(warned.message(),
            "1 sheet has not been submitted yet (Sam: Cal). Sheets not "
            "submitted when scoring closes do not count. To close anyway, ask "
            "again with close_anyway set.");
  EXPECT_TRUE(CheckCanCloseScoring(v1::ROUND_STATE_SCORING, false, missing_one,
                                   /*close_anyway=*/true)
                  .ok());
  EXPECT_EQ(CheckCanCloseScoring(v1::ROUND_STATE_SCORING, true, complete,
                                 /*close_anyway=*/true)
                .message(),
            "Scoring for the Service User Panel is already closed.");
  EXPECT_EQ(CheckCanCloseScoring(v1::ROUND_STATE_DECIDING, false, complete,
                                 /*close_anyway=*/true)
                .message(),
            "The round is deciding, so there is no scoring to close.");
}

TEST(ProgressTest, NothingMissingSaysNothing) {
  const v1::PanelProgress progress =
      Progress({.panel = PanelOfFour(),
                .candidates = {TwoCandidates()[0]},
                .submitted = {{"100", "11"}, {"100", "12"}, {"100", "13"}}});
  EXPECT_EQ(progress.candidates(0).still_needed(), 0u);
  EXPECT_EQ(MissingSheetsWords(progress), "");
}

}  // namespace
}  // namespace equalsay::scoring
