// "You said, we did": the actions that follow an agreed decision, who may
// add and update them, when one is overdue, and the report of what came of
// each decision, in plain words.
#ifndef EQUALSAY_SERVICES_CONSENSUS_RULES_ACTIONS_H_
#define EQUALSAY_SERVICES_CONSENSUS_RULES_ACTIONS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "equalsay/v1/consensus.pb.h"

namespace equalsay::consensus {

inline constexpr size_t kMaxActionText = 1000;
// An action is due within this long of being added.
inline constexpr int64_t kMaxActionSeconds = 5LL * 366 * 24 * 3600;

// OK when `request` may follow `decision` at `now_unix`: the decision closed
// and was agreed, and the request says what, and by a date to come.
// INVALID_ARGUMENT naming the field, or FAILED_PRECONDITION.
absl::Status CheckNewAction(const v1::Decision& decision,
                            const v1::AddActionRequest& request,
                            int64_t now_unix);

// OK when someone may record `request` on `action`: the owner, or
// `acts_for_round` (a co-chair of the round or an administrator); not on a
// done or dropped action; a state the action can move to; a note always.
absl::Status CheckActionUpdate(const v1::Action& action, bool is_owner,
                               bool acts_for_round,
                               const v1::UpdateActionRequest& request);

// The state after `request` (its own, or the action's when it keeps it).
v1::ActionState StateAfter(const v1::Action& action,
                           const v1::UpdateActionRequest& request);

// Past its date at `now_unix`, and neither done nor dropped.
bool Overdue(const v1::Action& action, int64_t now_unix);

std::string ActionStateWords(v1::ActionState state);  // "in progress"

// One line about an action: "Open on Saturdays (Sam, by 2027-02-03):
// done. We did: open from 3 February."
std::string ActionLine(const v1::Action& action);

// What came of a decision in one sentence: its actions (done, under way,
// overdue), or for an appointment the latest of HR's record (`offer`), or
// that nothing is recorded yet.
std::string WeDidWords(const std::vector<v1::Action>& actions,
                       std::optional<v1::ConfirmationAction> offer);

// The report as Markdown, by round.
std::string YouSaidWeDidMarkdown(const v1::YouSaidWeDid& report);

}  // namespace equalsay::consensus

#endif  // EQUALSAY_SERVICES_CONSENSUS_RULES_ACTIONS_H_
