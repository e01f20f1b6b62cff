#include "services/scoring/rules/results.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>

namespace equalsay::scoring {
namespace {

using ::testing::DoubleNear;
using ::testing::HasSubstr;

// Two criteria: 0-4 weighted 2, and 1-5 weighted 1.
const std::vector<CriterionWeight> kTwoCriteria = {
    {.id = "c1", .weight = 2, .lowest = 0, .highest = 4},
    {.id = "c2", .weight = 1, .lowest = 1, .highest = 5}};

CountedSheet Sheet(std::string person, std::string panel, std::string candidate,
                   std::map<std::string, int> scores,
                   v1::OverallView view = v1::OVERALL_VIEW_APPOINTABLE) {
  return {.person_id = std::move(person),
          .panel_id = std::move(panel),
          .candidate_id = std::move(candidate),
          .scores = std::move(scores),
          .view = view};
}

v1::Panel Panel(std::string id, v1::PanelKind kind, std::string name) {
  v1::Panel panel;
  panel.set_id(std::move(id));
  panel.set_kind(kind);
  panel.set_name(std::move(name));
  return panel;
}

v1::Candidate Candidate(std::string id, std::string label) {
  v1::Candidate candidate;
  candidate.set_id(std::move(id));
  candidate.set_label(std::move(label));
  return candidate;
}

TEST(SheetScoreTest, WeightedScaledAndBlanksLeftOut) {
  // c1: 3 of 0-4 is 0.75; c2: 5 of 1-5 is 1.0. (2*0.75 + 1*1.0) / 3.
  EXPECT_THAT(
      *SheetScore(kTwoCriteria, Sheet("p", "s", "x", {{"c1", 3}, {"c2", 5}})),
      DoubleNear(100 * 2.5 / 3, 1e-9));
  // c2 blank: only c1 counts (75), never (1.5 + 0) / 3 = 50.
  EXPECT_THAT(*SheetScore(kTwoCriteria, Sheet("p", "s", "x", {{"c1", 3}})),
              DoubleNear(75, 1e-9));
  // The lowest point of a scale that starts at 1 is 0, not 20.
  EXPECT_THAT(*SheetScore(kTwoCriteria, Sheet("p", "s", "x", {{"c2", 1}})),
              DoubleNear(0, 1e-9));
  EXPECT_FALSE(SheetScore(kTwoCriteria, Sheet("p", "s", "x", {})).has_value());
}

TEST(SheetScoreTest, WeightsApply) {
  // Top marks on the heavier criterion outweigh top marks on the lighter.
  EXPECT_THAT(
      *SheetScore(kTwoCriteria, Sheet("p", "s", "x", {{"c1", 4}, {"c2", 1}})),
      DoubleNear(100 * 2.0 / 3, 1e-9));
  EXPECT_THAT(
      *SheetScore(kTwoCriteria, Sheet("p", "s", "x", {{"c1", 0}, {"c2", 5}})),
      DoubleNear(100 * 1.0 / 3, 1e-9));
}

TEST(ResultsTest, APanelOfThreeWeighsTheSameAsAPanelOfSeven) {
  ResultsInput input{
      .criteria = {{.id = "c", .weight = 1, .lowest = 0, .highest = 4}},
      .panels = {Panel("su", v1::PANEL_KIND_SERVICE_USER, "Service User Panel"),
                 Panel("st", v1::PANEL_KIND_STAFF, "Staff Panel")},
      .candidates = {Candidate("x", "Sam")}};
  for (int i = 0; i < 3; ++i) {
    input.sheets.push_back(
        Sheet("su" + std::to_string(i), "su", "x", {{"c", 4}}));
  }
  for (int i = 0; i < 7; ++i) {
    input.sheets.push_back(
        Sheet("st" + std::to_string(i), "st", "x", {{"c", 0}}));
  }
  const v1::ScoringResults results = ComputeResults(input);
  ASSERT_EQ(results.candidates_size(), 1);
  const v1::CandidateResult& sam = results.candidates(0);
  EXPECT_THAT(sam.panels(0).score(), DoubleNear(100, 1e-9));
  EXPECT_EQ(sam.panels(0).sheets(), 3u);
  EXPECT_THAT(sam.panels(1).score(), DoubleNear(0, 1e-9));
  EXPECT_EQ(sam.panels(1).sheets(), 7u);
  // 50, not the 30 that pooling all ten sheets would give.
  EXPECT_THAT(sam.combined_score(), DoubleNear(50, 1e-9));
}

TEST(ResultsTest, NoCombinedScoreUnlessEveryPanelScored) {
  ResultsInput input{
      .criteria = {{.id = "c", .weight = 1, .lowest = 0, .highest = 4}},
      .panels = {Panel("su", v1::PANEL_KIND_SERVICE_USER, "Service User Panel"),
                 Panel("st", v1::PANEL_KIND_STAFF, "Staff Panel")},
      .candidates = {Candidate("x", "Sam"), Candidate("y", "Ali")},
      .sheets = {Sheet("a", "su", "x", {{"c", 4}}),
                 Sheet("b", "st", "x", {{"c", 2}}),
                 Sheet("a", "su", "y", {{"c", 4}}),
                 // The staff sheet for Ali is all blanks: no score at all.
                 Sheet("b", "st", "y", {}, v1::OVERALL_VIEW_UNSURE)}};
  const v1::ScoringResults results = ComputeResults(input);
  ASSERT_EQ(results.candidates_size(), 2);
  EXPECT_EQ(results.candidates(0).label(), "Sam");
  EXPECT_EQ(results.candidates(0).rank(), 1u);
  const v1::CandidateResult& ali = results.candidates(1);
  EXPECT_FALSE(ali.has_combined_score());
  EXPECT_EQ(ali.rank(), 0u);
  EXPECT_FALSE(ali.panels(1).has_score());
  EXPECT_EQ(ali.panels(1).sheets(), 0u);
  EXPECT_EQ(ali.panels(1).unsure(), 1u);  // The view still counts.
}

// A worked round: three candidates, one 0-4 criterion (each point is 25).
//   Service User Panel  Sam  Ali  Bo     Staff Panel  Sam  Ali  Bo
//   s1                    4    3   2     t1             1    4   3
//   s2                    4    2   3     t2             2    4   2
//   s3                    3    4   2
// Panel means: SU Sam 91.67, Ali 75, Bo 58.33; staff Sam 37.5, Ali 100,
// Bo 62.5. Combined: Ali 87.5, Sam 64.58, Bo 60.42.
class WorkedRoundTest : public ::testing::Test {
 protected:
  void SetUp() override {
    input_.criteria = {{.id = "c", .weight = 1, .lowest = 0, .highest = 4}};
    input_.panels = {
        Panel("su", v1::PANEL_KIND_SERVICE_USER, "Service User Panel"),
        Panel("st", v1::PANEL_KIND_STAFF, "Staff Panel")};
    input_.candidates = {Candidate("sam", "Sam"), Candidate("ali", "Ali"),
                         Candidate("bo", "Bo")};
    const std::map<std::string, std::vector<int>> scores = {{"s1", {4, 3, 2}},
                                                            {"s2", {4, 2, 3}},
                                                            {"s3", {3, 4, 2}},
                                                            {"t1", {1, 4, 3}},
                                                            {"t2", {2, 4, 2}}};
    for (const auto& [person, row] : scores) {
      const std::string panel = person[0] == 's' ? "su" : "st";
      for (int i = 0; i < 3; ++i) {
        input_.sheets.push_back(
            Sheet(person, panel, input_.candidates[i].id(), {{"c", row[i]}},
                  row[i] >= 3 ? v1::OVERALL_VIEW_APPOINTABLE
                              : v1::OVERALL_VIEW_NOT_APPOINTABLE));
      }
    }
    results_ = ComputeResults(input_);
  }
  const v1::CandidateResult& Find(const std::string& label) {
    for (const auto& c : results_.candidates()) {
      if (c.label() == label) return c;
    }
    ADD_FAILURE() << label;
    return results_.candidates(0);
  }

  ResultsInput input_;
  v1::ScoringResults results_;
};

TEST_F(WorkedRoundTest, PanelScoresSpreadAndViews) {
  const v1::CandidateResult& sam = Find("Sam");
  EXPECT_THAT(sam.panels(0).score(), DoubleNear(275.0 / 3, 1e-9));
  EXPECT_THAT(sam.panels(0).lowest(), DoubleNear(75, 1e-9));
  EXPECT_THAT(sam.panels(0).highest(), DoubleNear(100, 1e-9));
  // Population spread of 100, 100, 75 around 91.67: sqrt(138.89 / 1).
  EXPECT_THAT(
      sam.panels(0).standard_deviation(),
      DoubleNear(std::sqrt((2 * 69.444444444 + 277.777777778) / 3), 1e-6));
  EXPECT_EQ(sam.panels(0).appointable(), 3u);
  EXPECT_EQ(sam.panels(1).not_appointable(), 2u);
  EXPECT_THAT(sam.panels(1).score(), DoubleNear(37.5, 1e-9));
  EXPECT_EQ(sam.panels(0).rank(), 1u);
  EXPECT_EQ(sam.panels(1).rank(), 3u);
}

TEST_F(WorkedRoundTest, CombinedRankingBestFirst) {
  ASSERT_EQ(results_.candidates_size(), 3);
  EXPECT_EQ(results_.candidates(0).label(), "Ali");
  EXPECT_THAT(results_.candidates(0).combined_score(), DoubleNear(87.5, 1e-9));
  EXPECT_EQ(results_.candidates(1).label(), "Sam");
  EXPECT_THAT(results_.candidates(1).combined_score(),
              DoubleNear((275.0 / 3 + 37.5) / 2, 1e-9));
  EXPECT_EQ(results_.candidates(2).label(), "Bo");
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(results_.candidates(i).rank(), static_cast<uint32_t>(i + 1));
  }
}

TEST_F(WorkedRoundTest, AgreementBetweenAndWithinPanels) {
  const v1::ScoringAgreement& a = results_.agreement();
  // SU ranks Sam 1, Ali 2, Bo 3; staff Sam 3, Ali 1, Bo 2: d^2 = 4+1+1,
  // rho = 1 - 6*6/(3*8) = -0.5.
  EXPECT_EQ(a.between_panels_measure(), "Spearman's rank correlation");
  EXPECT_THAT(a.between_panels(), DoubleNear(-0.5, 1e-12));
  EXPECT_EQ(a.between_panels_explanation(),
            "The panels ranked the candidates in rather different orders. "
            "With only 3 candidates to compare, this says little.");
  ASSERT_EQ(a.differ_most_size(), 1);
  EXPECT_EQ(a.differ_most(0).label(), "Sam");
  EXPECT_EQ(a.differ_most(0).explanation(),
            "The panels ranked Sam differently: 1st for the Service User "
            "Panel, 3rd for the Staff Panel.");

  ASSERT_EQ(a.within_panels_size(), 2);
  // SU members rank (1,2,3), (1,3,2), (2,1,3): W = 4/9 (see agreement_test).
  EXPECT_EQ(a.within_panels(0).measure(), "Kendall's W");
  EXPECT_THAT(a.within_panels(0).value(), DoubleNear(4.0 / 9, 1e-12));
  EXPECT_EQ(a.within_panels(0).members_included(), 3u);
  EXPECT_EQ(a.within_panels(0).explanation(),
            "Members of the Service User Panel ranked the candidates in a "
            "broadly similar order (counting the 3 members who scored every "
            "candidate).");
  // Staff: (3,1,2) and (2.5,1,2.5) with one tie: W = 78/84.
  EXPECT_THAT(a.within_panels(1).value(), DoubleNear(78.0 / 84, 1e-12));
}

TEST_F(WorkedRoundTest, MembersWhoMissedACandidateAreLeftOutOfW) {
  std::erase_if(input_.sheets, [](const CountedSheet& s) {
    return s.person_id == "s3" && s.candidate_id == "bo";
  });
  const v1::ScoringResults results = ComputeResults(input_);
  const v1::PanelAgreement& su = results.agreement().within_panels(0);
  EXPECT_EQ(su.members_included(), 2u);
  // s1 (1,2,3) and s2 (1,3,2): sums 2, 5, 5 around 4, S = 6,
  // W = 12*6 / (4*24) = 0.75.
  EXPECT_THAT(su.value(), DoubleNear(0.75, 1e-12));
}

TEST(ResultsTest, AgreementNeedsEnoughToCompare) {
  ResultsInput input{
      .criteria = {{.id = "c", .weight = 1, .lowest = 0, .highest = 4}},
      .panels = {Panel("su", v1::PANEL_KIND_SERVICE_USER, "Service User Panel"),
                 Panel("st", v1::PANEL_KIND_STAFF, "Staff Panel")},
      .candidates = {Candidate("x", "Sam")},
      .sheets = {Sheet("a", "su", "x", {{"c", 4}}),
                 Sheet("b", "st", "x", {{"c", 2}})}};
  const v1::ScoringResults results = ComputeResults(input);
  EXPECT_FALSE(results.agreement().has_between_panels());
  EXPECT_EQ(results.agreement().between_panels_explanation(),
            "Comparing rankings needs at least 2 candidates scored by both "
            "panels.");
  EXPECT_FALSE(results.agreement().within_panels(0).has_value());
  EXPECT_EQ(results.agreement().differ_most_size(), 0);
}

// Rule 3 at the results: nothing is shown while any panel still scores.
TEST(ResultsTest, ShownForRecruitmentOnceEveryPanelHasClosed) {
  EXPECT_TRUE(CheckResultsShown(v1::ROUND_KIND_RECRUITMENT, true).ok());
  EXPECT_EQ(CheckResultsShown(v1::ROUND_KIND_RECRUITMENT, false).code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(CheckResultsShown(v1::ROUND_KIND_STRATEGY, true).message(),
            "Only recruitment rounds have scores and results.");
}

// When a panel left a candidate unscored, the panels are compared on the
// candidates both scored, and the sentences say so: the places they quote
// differ from the table's, which counts every candidate a panel scored.
TEST_F(WorkedRoundTest, SentencesQuoteThePlacesTheTableShows) {
  input_.candidates.push_back(Candidate("cy", "Cy"));
  for (const char* person : {"s1", "s2", "s3"}) {
    input_.sheets.push_back(Sheet(person, "su", "cy", {{"c", 4}}));
  }
  const v1::ScoringResults results = ComputeResults(input_);
  const v1::ScoringAgreement& a = results.agreement();
  // The Service User Panel puts Cy 1st, so Sam is 2nd on its list.
  for (const auto& c : results.candidates()) {
    if (c.label() == "Sam") {
      EXPECT_EQ(c.panels(0).rank(), 2u);
    }
  }
  ASSERT_EQ(a.differ_most_size(), 1);
  EXPECT_EQ(a.differ_most(0).explanation(),
            "The panels ranked Sam differently: 1st for the Service User "
            "Panel, 3rd for the Staff Panel, among the 3 candidates both "
            "panels scored.");
  EXPECT_THAT(a.between_panels_explanation(),
              HasSubstr("Only the 3 candidates both panels scored are "
                        "compared."));
}

// The words for a correlation are the same distance from 0 either way: -0.3
// is not "largely opposite".
TEST(CorrelationWordsTest, SymmetricAroundNoRelation) {
  EXPECT_THAT(CorrelationWords(0.8), HasSubstr("much the same order"));
  EXPECT_THAT(CorrelationWords(0.3), HasSubstr("broadly similar order"));
  EXPECT_THAT(CorrelationWords(0.0), HasSubstr("little in common"));
  EXPECT_THAT(CorrelationWords(-0.29), HasSubstr("little in common"));
  EXPECT_THAT(CorrelationWords(-0.3), HasSubstr("rather different orders"));
  EXPECT_THAT(CorrelationWords(-0.69), HasSubstr("rather different orders"));
  EXPECT_THAT(CorrelationWords(-0.7), HasSubstr("largely opposite orders"));
}

}  // namespace
}  // namespace equalsay::scoring
