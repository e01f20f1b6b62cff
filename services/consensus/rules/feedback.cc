#include "services/consensus/rules/feedback.h"

#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace equalsay::consensus {
namespace {

// The words of the scale point nearest `mean`; half way between two points
// takes the lower, so feedback never overstates.
std::string NearestWords(const v1::Criterion& c, double mean) {
  const v1::ScalePoint* best = nullptr;
  for (const v1::ScalePoint& p : c.scale()) {
    if (best == nullptr ||
        std::abs(p.value() - mean) < std::abs(best->value() - mean)) {
      best = &p;
    }
  }
  return best == nullptr ? "" : best->words();
}

v1::PanelFeedback ForPanel(const FeedbackInput& input, const v1::Panel& panel,
                           const std::string& candidate_id) {
  v1::PanelFeedback out;
  out.set_panel_name(panel.name());
  for (const v1::Criterion& c : input.criteria) {
    if (c.scale_size() < 2) continue;
    double sum = 0;
    int n = 0;
    for (const scoring::CountedSheet& s : input.sheets) {
      if (s.panel_id != panel.id() || s.candidate_id != candidate_id) continue;
      auto it = s.scores.find(c.id());
      if (it == s.scores.end()) continue;
      sum += it->second;
      ++n;
    }
    if (n == 0) continue;
    const double mean = sum / n;
    const double lo = c.scale(0).value();
    const double hi = c.scale(c.scale_size() - 1).value();
    const double fraction = (mean - lo) / (hi - lo);
    const std::string sentence = absl::StrCat(c.question(), " On average: \"",
                                              NearestWords(c, mean), "\".");
    if (fraction >= kStrengthFrom) out.add_strengths(sentence);
    if (fraction < kGapBelow) out.add_gaps(sentence);
  }
  return out;
}

}  // namespace

std::string OutcomeSentence(const v1::Outcome& outcome) {
  std::vector<std::string> not_agreeing;
  for (const v1::PanelTally& t : outcome.panels()) {
    if (!t.agreed()) not_agreeing.push_back("the " + t.panel_name());
  }
  switch (outcome.result()) {
    case v1::OUTCOME_RESULT_AGREED:
      return "Every panel agreed to appoint.";
    case v1::OUTCOME_RESULT_VETOED:
      return absl::StrCat(
          "Not appointed: ", absl::StrJoin(not_agreeing, " and "),
          " did not agree, and each panel holds an equal veto.");
    case v1::OUTCOME_RESULT_NOT_AGREED:
      return "Not appointed: no panel agreed.";
    case v1::OUTCOME_RESULT_NO_QUORUM:
      return "Not appointed: not enough panel members voted.";
    case v1::OUTCOME_RESULT_UNSPECIFIED:
    case v1::OutcomeResult_INT_MIN_SENTINEL_DO_NOT_USE_:
    case v1::OutcomeResult_INT_MAX_SENTINEL_DO_NOT_USE_:
      break;
  }
  return "Not decided yet.";
}

v1::CandidateFeedback BuildFeedback(const FeedbackInput& input) {
  v1::CandidateFeedback feedback;
  std::string md = "# Feedback for candidates\n";
  for (const v1::Candidate& candidate : input.candidates) {
    v1::CandidateFeedbackEntry* e = feedback.add_candidates();
    e->set_candidate_id(candidate.id());
    e->set_label(candidate.label());
    auto outcome = input.outcomes.find(candidate.id());
    e->set_outcome(outcome == input.outcomes.end()
                       ? "Not decided yet."
                       : OutcomeSentence(outcome->second));
    absl::StrAppend(&md, "\n## ", candidate.label(), "\n\n", e->outcome(),
                    "\n");
    for (const v1::Panel& panel : input.panels) {
      v1::PanelFeedback p = ForPanel(input, panel, candidate.id());
      absl::StrAppend(&md, "\n### ", p.panel_name(), "\n\n");
      absl::StrAppend(&md, "Strengths:\n\n");
      if (p.strengths().empty()) absl::StrAppend(&md, "- None stood out.\n");
      for (const std::string& s : p.strengths())
        absl::StrAppend(&md, "- ", s, "\n");
      absl::StrAppend(&md, "\nTo work on:\n\n");
      if (p.gaps().empty()) absl::StrAppend(&md, "- No clear gaps.\n");
      for (const std::string& s : p.gaps()) absl::StrAppend(&md, "- ", s, "\n");
      *e->add_panels() = std::move(p);
    }
  }
  feedback.set_markdown(md);
  return feedback;
}

}  // namespace equalsay::consensus
