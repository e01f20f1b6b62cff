// HR confirmation: the agreed candidates in order of combined score, who is
// up next, and which confirmations are allowed (never for a candidate the
// panels did not all agree on: DESIGN.md rule 1).
#ifndef EQUALSAY_SERVICES_CONSENSUS_RULES_CONFIRMATION_H_
#define EQUALSAY_SERVICES_CONSENSUS_RULES_CONFIRMATION_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "equalsay/v1/consensus.pb.h"

namespace equalsay::consensus {

// A candidate's decision as HR sees it.
struct Contender {
  std::string decision_id;
  std::string candidate_id;
  std::string label;
  std::string name;
  std::optional<double> combined_score;
  v1::DecisionState state = v1::DECISION_STATE_UNSPECIFIED;
  v1::OutcomeResult result = v1::OUTCOME_RESULT_UNSPECIFIED;
  v1::ConfirmationAction last_action = v1::CONFIRMATION_ACTION_UNSPECIFIED;
};

// Agreed candidates only, best combined score first; `up_next` marks the one
// HR may act on (only once the round is decided).
v1::ConfirmationQueue BuildQueue(const std::vector<Contender>& contenders,
                                 v1::RoundState round_state);

// OK when HR may record `action` for `target` now.
absl::Status CheckConfirmation(const v1::ConfirmationQueue& queue,
                               const Contender& target,
                               v1::ConfirmationAction action);

}  // namespace equalsay::consensus

#endif  // EQUALSAY_SERVICES_CONSENSUS_RULES_CONFIRMATION_H_
