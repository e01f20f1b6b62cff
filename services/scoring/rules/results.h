// Results after the close: each sheet's score, each panel's score, the
// combined score with every panel counting equally (DESIGN.md rule 2), the
// ranking, and whether the panels agree.
#ifndef EQUALSAY_SERVICES_SCORING_RULES_RESULTS_H_
#define EQUALSAY_SERVICES_SCORING_RULES_RESULTS_H_

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "equalsay/v1/panels.pb.h"
#include "equalsay/v1/scoring.pb.h"

namespace equalsay::scoring {

// A criterion as scoring needs it.
struct CriterionWeight {
  std::string id;
  double weight = 1;
  int lowest = 0;   // The scale's lowest point.
  int highest = 1;  // The scale's highest point.
};
std::vector<CriterionWeight> WeightsOf(const std::vector<v1::Criterion>& all);

// A submitted sheet as results need it.
struct CountedSheet {
  std::string person_id;
  std::string panel_id;
  std::string candidate_id;
  std::map<std::string, int> scores;  // By criterion id; blanks absent.
  v1::OverallView view = v1::OVERALL_VIEW_UNSPECIFIED;
};
CountedSheet CountedSheetOf(const v1::ScoreSheet& sheet);

// 0-100: the weighted mean of the scored criteria, each scaled from its
// lowest point (0) to its highest (100). Blank criteria are left out, never
// counted as zero. nullopt when nothing was scored.
std::optional<double> SheetScore(const std::vector<CriterionWeight>& criteria,
                                 const CountedSheet& sheet);

struct ResultsInput {
  std::vector<CriterionWeight> criteria;
  std::vector<v1::Panel> panels;          // Id, kind, name.
  std::vector<v1::Candidate> candidates;  // Those still in the round.
  std::vector<CountedSheet> sheets;       // Submitted, by members not recused.
};

// Candidates come back best combined score first.
v1::ScoringResults ComputeResults(const ResultsInput& input);

// Words for a rank correlation between the panels' orders, the same
// distance from 0 either way: "much the same order" (0.7 or more), "broadly
// similar" (0.3), "little in common", "rather different" (-0.3 or less),
// "largely opposite" (-0.7 or less).
std::string CorrelationWords(double rho);

// Results exist for recruitment rounds only, and are shown once every panel
// has closed scoring, so each panel scores independently (rule 3).
absl::Status CheckResultsShown(v1::RoundKind kind, bool every_panel_closed);

}  // namespace equalsay::scoring

#endif  // EQUALSAY_SERVICES_SCORING_RULES_RESULTS_H_
