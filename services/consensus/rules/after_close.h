// What may happen after a decision closes: reasons after a veto, the next
// step the co-chairs record together, and reopening with two keys.
#ifndef EQUALSAY_SERVICES_CONSENSUS_RULES_AFTER_CLOSE_H_
#define EQUALSAY_SERVICES_CONSENSUS_RULES_AFTER_CLOSE_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "equalsay/v1/consensus.pb.h"

namespace equalsay::consensus {

// The outcome is known only once voting has closed: while it is open nobody
// sees how it stands, so no one votes by the running tally.
absl::Status CheckOutcomeKnown(v1::DecisionState state);

// A member may give a reason after the close when the decision did not go
// ahead and they are asked for one (see AskedForReason in secrecy.h).
absl::Status CheckCanGiveReason(v1::DecisionState state,
                                const v1::Outcome& outcome, bool secret,
                                const std::string& panel_id, v1::Choice choice);

// Recruitment: not appointed, re-interview or re-advertise. Strategy: not
// adopted, or revise and return.
absl::Status CheckNextStep(v1::RoundKind kind, v1::NextStep step);
// A next step is recorded only for a closed decision that did not go ahead,
// and only until every panel has recorded the same one.
absl::Status CheckCanRecordNextStep(v1::DecisionState state,
                                    v1::OutcomeResult result,
                                    v1::NextStep settled);
// The step every panel's co-chair recorded, once they all match.
v1::NextStep SettledStep(const std::vector<v1::NextStep>& per_panel);

// Reopening needs a closed decision that HR has not acted on.
absl::Status CheckCanRequestReopen(v1::DecisionState state, bool hr_acted);

std::string NextStepWords(v1::NextStep step);  // "re-interview", ...

}  // namespace equalsay::consensus

#endif  // EQUALSAY_SERVICES_CONSENSUS_RULES_AFTER_CLOSE_H_
