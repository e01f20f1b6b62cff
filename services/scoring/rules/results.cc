#include "services/scoring/rules/results.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "services/scoring/rules/agreement.h"

namespace equalsay::scoring {
namespace {

constexpr char kSpearman[] = "Spearman's rank correlation";
constexpr char kKendall[] = "Kendall's W";

// Fills the score, spread and views of one panel for one candidate.
v1::PanelScore ScorePanel(const ResultsInput& input, const v1::Panel& panel,
                          const std::string& candidate_id) {
  v1::PanelScore out;
  out.set_panel_id(panel.id());
  out.set_panel_kind(panel.kind());
  out.set_panel_name(panel.name());
  std::vector<double> scores;
  for (const CountedSheet& sheet : input.sheets) {
    if (sheet.panel_id != panel.id() || sheet.candidate_id != candidate_id) {
      continue;
    }
    if (sheet.view == v1::OVERALL_VIEW_APPOINTABLE) {
      out.set_appointable(out.appointable() + 1);
    }
    if (sheet.view == v1::OVERALL_VIEW_NOT_APPOINTABLE) {
      out.set_not_appointable(out.not_appointable() + 1);
    }
    if (sheet.view == v1::OVERALL_VIEW_UNSURE) out.set_unsure(out.unsure() + 1);
    if (auto score = SheetScore(input.criteria, sheet)) {
      scores.push_back(*score);
    }
  }
  out.set_sheets(static_cast<uint32_t>(scores.size()));
  if (scores.empty()) return out;
  // Each member's sheet counts equally within the panel.
  double sum = 0;
  for (double s : scores) sum += s;
  const double mean = sum / scores.size();
  double squares = 0;
  for (double s : scores) squares += (s - mean) * (s - mean);
  out.set_score(mean);
  out.set_lowest(*std::min_element(scores.begin(), scores.end()));
  out.set_highest(*std::max_element(scores.begin(), scores.end()));
  out.set_standard_deviation(std::sqrt(squares / scores.size()));
  return out;
}

// Ranks each panel's scored candidates within that panel.
void RankWithinPanels(v1::ScoringResults& results, int panel_count) {
  for (int p = 0; p < panel_count; ++p) {
    std::vector<v1::PanelScore*> scored;
    std::vector<double> values;
    for (v1::CandidateResult& c : *results.mutable_candidates()) {
      v1::PanelScore* ps = c.mutable_panels(p);
      if (!ps->has_score()) continue;
      scored.push_back(ps);
      values.push_back(ps->score());
    }
    const std::vector<int> ranks = CompetitionRanks(values);
    for (size_t i = 0; i < scored.size(); ++i) scored[i]->set_rank(ranks[i]);
  }
}

void RankCombined(v1::ScoringResults& results) {
  std::vector<v1::CandidateResult*> scored;
  std::vector<double> values;
  for (v1::CandidateResult& c : *results.mutable_candidates()) {
    if (!c.has_combined_score()) continue;
    scored.push_back(&c);
    values.push_back(c.combined_score());
  }
  const std::vector<int> ranks = CompetitionRanks(values);
  for (size_t i = 0; i < scored.size(); ++i) scored[i]->set_rank(ranks[i]);
  // Best first; candidates without a combined score last, in their order.
  std::stable_sort(
      results.mutable_candidates()->begin(),
      results.mutable_candidates()->end(),
      [](const v1::CandidateResult& a, const v1::CandidateResult& b) {
        const int ra = a.rank() == 0 ? INT32_MAX : a.rank();
        const int rb = b.rank() == 0 ? INT32_MAX : b.rank();
        return ra < rb;
      });
}

// Below this many candidates in common, a rank correlation takes only a few
// coarse values (with two, always 1 or -1), so it is shown with a caution.
constexpr size_t kFewToCompare = 4;

void CompareBetweenPanels(const ResultsInput& input,
                          v1::ScoringResults& results) {
  v1::ScoringAgreement& agreement = *results.mutable_agreement();
  agreement.set_between_panels_measure(kSpearman);
  if (input.panels.size() != 2) {
    agreement.set_between_panels_explanation(
        "Comparing rankings needs exactly two panels.");
    return;
  }
  // Candidates both panels scored, with their scores.
  std::vector<const v1::CandidateResult*> common;
  std::vector<double> a, b;
  for (const v1::CandidateResult& c : results.candidates()) {
    if (!c.panels(0).has_score() || !c.panels(1).has_score()) continue;
    common.push_back(&c);
    a.push_back(c.panels(0).score());
    b.push_back(c.panels(1).score());
  }
  const std::optional<double> rho = SpearmanRho(a, b);
  if (!rho.has_value()) {
    agreement.set_between_panels_explanation(
        common.size() < 2
            ? "Comparing rankings needs at least 2 candidates scored by both "
              "panels."
            : "The rankings cannot be compared because a panel gave every "
              "candidate the same score.");
    return;
  }
  agreement.set_between_panels(*rho);
  // Where a panel scored others too, its table counts them in its places.
  const bool some_left_out =
      common.size() < static_cast<size_t>(results.candidates_size());
  std::string among;
  if (some_left_out) {
    among = absl::StrCat(" Only the ", common.size(),
                         " candidates both panels scored are compared.");
  }
  if (common.size() < kFewToCompare) {
    absl::StrAppend(&among, " With only ", common.size(),
                    " candidates to compare, this says little.");
  }
  // In words only: the measure and its figure are fields of their own, for
  // those who want them.
  agreement.set_between_panels_explanation(
      absl::StrCat(CorrelationWords(*rho), ".", among));

  // Places among the candidates both panels scored, and the sentence says
  // so when they differ from the table's.
  const std::vector<int> ranks_a = CompetitionRanks(a);
  const std::vector<int> ranks_b = CompetitionRanks(b);
  const std::string among_common =
      some_left_out ? absl::StrCat(", among the ", common.size(),
                                   " candidates both panels scored")
                    : "";
  int widest = 0;
  for (size_t i = 0; i < common.size(); ++i) {
    widest = std::max(widest, std::abs(ranks_a[i] - ranks_b[i]));
  }
  if (widest == 0) return;
  for (size_t i = 0; i < common.size(); ++i) {
    if (std::abs(ranks_a[i] - ranks_b[i]) != widest) continue;
    v1::RankDifference* d = agreement.add_differ_most();
    d->set_candidate_id(common[i]->candidate_id());
    d->set_label(common[i]->label());
    d->set_explanation(absl::StrCat("The panels ranked ", common[i]->label(),
                                    " differently: ", Ordinal(ranks_a[i]),
                                    " for the ", input.panels[0].name(), ", ",
                                    Ordinal(ranks_b[i]), " for the ",
                                    input.panels[1].name(), among_common, "."));
  }
}

std::string ConcordanceWords(double w) {
  if (w >= 0.7) return "ranked the candidates in much the same order";
  if (w >= 0.4) return "ranked the candidates in a broadly similar order";
  return "ranked the candidates in quite different orders";
}

v1::PanelAgreement WithinPanel(const ResultsInput& input, int panel_index,
                               const v1::ScoringResults& results) {
  const v1::Panel& panel = input.panels[panel_index];
  v1::PanelAgreement out;
  out.set_panel_id(panel.id());
  out.set_panel_name(panel.name());
  out.set_measure(kKendall);
  std::vector<std::string> items;  // Candidates this panel scored.
  for (const v1::CandidateResult& c : results.candidates()) {
    if (c.panels(panel_index).has_score()) items.push_back(c.candidate_id());
  }
  // Each member's score for each item; only members who scored them all.
  std::map<std::string, std::map<std::string, double>> by_member;
  for (const CountedSheet& sheet : input.sheets) {
    if (sheet.panel_id != panel.id()) continue;
    if (auto score = SheetScore(input.criteria, sheet)) {
      by_member[sheet.person_id][sheet.candidate_id] = *score;
    }
  }
  std::vector<std::vector<double>> raters;
  for (const auto& [person, scores] : by_member) {
    std::vector<double> row;
    for (const std::string& item : items) {
      auto it = scores.find(item);
      if (it == scores.end()) break;
      row.push_back(it->second);
    }
    if (row.size() == items.size()) raters.push_back(std::move(row));
  }
  out.set_members_included(static_cast<uint32_t>(raters.size()));
  if (items.size() < 2 || raters.size() < 2) {
    out.set_explanation(absl::StrCat(
        "Agreement within the ", panel.name(),
        " needs at least 2 members who each scored at least 2 candidates."));
    return out;
  }
  const std::optional<double> w = KendallW(raters);
  if (!w.has_value()) {
    out.set_explanation(absl::StrCat(
        "Agreement within the ", panel.name(),
        " cannot be worked out because every member gave every candidate the "
        "same score."));
    return out;
  }
  out.set_value(*w);
  // In words only, as between the panels: the measure and its figure are
  // fields of their own.
  out.set_explanation(absl::StrFormat(
      "Members of the %s %s (counting the %d members who scored every "
      "candidate).",
      panel.name(), ConcordanceWords(*w), raters.size()));
  return out;
}

}  // namespace

std::string CorrelationWords(double rho) {
  if (rho >= 0.7)
    return "The panels ranked the candidates in much the same order";
  if (rho >= 0.3) {
    return "The panels ranked the candidates in a broadly similar order, with "
           "some differences";
  }
  if (rho > -0.3)
    return "The panels' rankings of the candidates had little in common";
  if (rho > -0.7)
    return "The panels ranked the candidates in rather different orders";
  return "The panels ranked the candidates in largely opposite orders";
}

std::vector<CriterionWeight> WeightsOf(const std::vector<v1::Criterion>& all) {
  std::vector<CriterionWeight> out;
  for (const v1::Criterion& c : all) {
    if (c.scale().empty()) continue;
    out.push_back({.id = c.id(),
                   .weight = c.weight(),
                   .lowest = c.scale(0).value(),
                   .highest = c.scale(c.scale_size() - 1).value()});
  }
  return out;
}

CountedSheet CountedSheetOf(const v1::ScoreSheet& sheet) {
  CountedSheet out{.person_id = sheet.person_id(),
                   .panel_id = sheet.panel_id(),
                   .candidate_id = sheet.candidate_id(),
                   .view = sheet.overall_view()};
  for (const v1::ScoreEntry& entry : sheet.entries()) {
    if (entry.has_score()) out.scores[entry.criterion_id()] = entry.score();
  }
  return out;
}

std::optional<double> SheetScore(const std::vector<CriterionWeight>& criteria,
                                 const CountedSheet& sheet) {
  double weighted = 0, weights = 0;
  for (const CriterionWeight& c : criteria) {
    auto it = sheet.scores.find(c.id);
    if (it == sheet.scores.end() || c.highest <= c.lowest) continue;
    const double scaled =
        static_cast<double>(it->second - c.lowest) / (c.highest - c.lowest);
    weighted += c.weight * scaled;
    weights += c.weight;
  }
  if (weights <= 0) return std::nullopt;
  return 100 * weighted / weights;
}

v1::ScoringResults ComputeResults(const ResultsInput& input) {
  v1::ScoringResults results;
  for (const v1::Candidate& candidate : input.candidates) {
    v1::CandidateResult* c = results.add_candidates();
    c->set_candidate_id(candidate.id());
    c->set_label(candidate.label());
    double sum = 0;
    bool every_panel_scored = !input.panels.empty();
    for (const v1::Panel& panel : input.panels) {
      *c->add_panels() = ScorePanel(input, panel, candidate.id());
      const v1::PanelScore& ps = c->panels(c->panels_size() - 1);
      every_panel_scored &= ps.has_score();
      sum += ps.score();
    }
    // Each panel counts equally, whatever its size (rule 2).
    if (every_panel_scored) c->set_combined_score(sum / input.panels.size());
  }
  RankWithinPanels(results, static_cast<int>(input.panels.size()));
  RankCombined(results);
  CompareBetweenPanels(input, results);
  for (size_t p = 0; p < input.panels.size(); ++p) {
    *results.mutable_agreement()->add_within_panels() =
        WithinPanel(input, static_cast<int>(p), results);
  }
  return results;
}

absl::Status CheckResultsShown(v1::RoundKind kind, bool every_panel_closed) {
  if (kind != v1::ROUND_KIND_RECRUITMENT) {
    return absl::FailedPreconditionError(
        "Only recruitment rounds have scores and results.");
  }
  if (!every_panel_closed) {
    return absl::FailedPreconditionError(
        "Results are shown when every panel has closed scoring, so that each "
        "panel scores independently.");
  }
  return absl::OkStatus();
}

}  // namespace equalsay::scoring
