// Scoring progress without content: who has submitted, per candidate, and
// how many sheets each candidate still needs.
#ifndef EQUALSAY_SERVICES_SCORING_RULES_PROGRESS_H_
#define EQUALSAY_SERVICES_SCORING_RULES_PROGRESS_H_

#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "equalsay/v1/panels.pb.h"
#include "equalsay/v1/scoring.pb.h"

namespace equalsay::scoring {

// (candidate id, person id) pairs.
using CandidatePerson = std::pair<std::string, std::string>;

struct ProgressInput {
  v1::Panel panel;  // With its members.
  bool closed = false;
  std::vector<v1::Candidate> candidates;  // Those still in the round.
  std::set<CandidatePerson> recused;
  std::set<CandidatePerson> submitted;
};

// Every voting member not recused from a candidate is expected to submit a
// sheet for them.
v1::PanelProgress Progress(const ProgressInput& input);

// Empty when nothing is missing; otherwise one sentence naming who has not
// submitted for which candidate, for the co-chair about to close.
std::string MissingSheetsWords(const v1::PanelProgress& progress);

// Whether a panel's co-chair may close its scoring now: the round is
// scoring, the panel has not closed it already, and every sheet expected is
// in unless they close anyway. FAILED_PRECONDITION saying which, in words.
absl::Status CheckCanCloseScoring(v1::RoundState round_state,
                                  bool already_closed,
                                  const v1::PanelProgress& progress,
                                  bool close_anyway);

}  // namespace equalsay::scoring

#endif  // EQUALSAY_SERVICES_SCORING_RULES_PROGRESS_H_
