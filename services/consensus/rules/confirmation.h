// HR confirmation: the agreed candidates in order of combined score, who is
// up next, and which confirmations are allowed (never for a candidate the
// panels did not all agree on: DESIGN.md rule 1).
#ifndef EQUALSAY_SERVICES_CONSENSUS_RULES_CONFIRMATION_H_
#define EQUALSAY_SERVICES_CONSENSUS_RULES_CONFIRMATION_H_

#include <cstdint>
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

// One entry HR recorded, as stored (`entry` says whether a later entry
// corrected it, or it corrects an earlier one).
struct RecordedConfirmation {
  int64_t id = 0;
  std::string decision_id;
  v1::MinutesConfirmation entry;
};

// A correction replaces the latest entry still standing; nullptr when HR
// has recorded nothing yet.
const RecordedConfirmation* LatestStanding(
    const std::vector<RecordedConfirmation>& history);
// The round's state before `latest` was recorded: an accepted offer is what
// confirmed it.
v1::RoundState StateBefore(v1::RoundState now,
                           const RecordedConfirmation& latest);
// OK when `action` and `note` change what `latest` recorded.
absl::Status CheckCorrectionChanges(const RecordedConfirmation& latest,
                                    v1::ConfirmationAction action,
                                    const std::string& note);

}  // namespace equalsay::consensus

#endif  // EQUALSAY_SERVICES_CONSENSUS_RULES_CONFIRMATION_H_
