// The life of a round: which state may follow which.
#ifndef EQUALSAY_SERVICES_PANELS_RULES_ROUND_STATE_H_
#define EQUALSAY_SERVICES_PANELS_RULES_ROUND_STATE_H_

#include <string>

#include "absl/status/status.h"
#include "equalsay/v1/panels.pb.h"

namespace equalsay::panels {

// Recruitment: SETUP -> SCORING -> DECIDING -> DECIDED -> CONFIRMED, and
// DECIDED -> DECIDING when a decision is reopened.
// Strategy:    SETUP -> OPEN -> CLOSED.
// Either may be WITHDRAWN before it finishes.
bool IsTransitionAllowed(v1::RoundKind kind, v1::RoundState from,
                         v1::RoundState to);

// OK, or FAILED_PRECONDITION saying in words why not.
absl::Status CheckTransition(v1::RoundKind kind, v1::RoundState from,
                             v1::RoundState to);

// Where a round goes when it leaves set-up.
v1::RoundState StateAfterSetup(v1::RoundKind kind);

bool IsFinished(v1::RoundState state);

// The audit trail's name for a round moving to `to`: "round.opened" as it
// leaves set-up to begin its work, else "round." and the new state
// ("round.deciding", "round.withdrawn", ...).
std::string RoundMovedAction(v1::RoundState to);

// "being set up", "scoring", ... to finish "The round is ___."
std::string StateWords(v1::RoundState state);

}  // namespace equalsay::panels

#endif  // EQUALSAY_SERVICES_PANELS_RULES_ROUND_STATE_H_
