#include "services/panels/rules/round_state.h"

#include "absl/strings/str_cat.h"

namespace equalsay::panels {

using v1::RoundState;

bool IsFinished(RoundState state) {
  return state == v1::ROUND_STATE_CONFIRMED ||
         state == v1::ROUND_STATE_WITHDRAWN || state == v1::ROUND_STATE_CLOSED;
}

RoundState StateAfterSetup(v1::RoundKind kind) {
  return kind == v1::ROUND_KIND_STRATEGY ? v1::ROUND_STATE_OPEN
                                         : v1::ROUND_STATE_SCORING;
}

namespace {

// The states a round of this kind passes through before it finishes.
bool IsLiveStateOf(v1::RoundKind kind, RoundState state) {
  switch (state) {
    case v1::ROUND_STATE_SETUP:
      return kind == v1::ROUND_KIND_RECRUITMENT ||
             kind == v1::ROUND_KIND_STRATEGY;
    case v1::ROUND_STATE_SCORING:
    case v1::ROUND_STATE_DECIDING:
    case v1::ROUND_STATE_DECIDED:
      return kind == v1::ROUND_KIND_RECRUITMENT;
    case v1::ROUND_STATE_OPEN:
      return kind == v1::ROUND_KIND_STRATEGY;
    case v1::ROUND_STATE_CONFIRMED:
    case v1::ROUND_STATE_WITHDRAWN:
    case v1::ROUND_STATE_CLOSED:
    case v1::ROUND_STATE_UNSPECIFIED:
    case v1::RoundState_INT_MIN_SENTINEL_DO_NOT_USE_:
    case v1::RoundState_INT_MAX_SENTINEL_DO_NOT_USE_:
      return false;
  }
  return false;
}

}  // namespace

bool IsTransitionAllowed(v1::RoundKind kind, RoundState from, RoundState to) {
  if (to == v1::ROUND_STATE_WITHDRAWN) return IsLiveStateOf(kind, from);
  if (kind == v1::ROUND_KIND_RECRUITMENT) {
    return (from == v1::ROUND_STATE_SETUP && to == v1::ROUND_STATE_SCORING) ||
           (from == v1::ROUND_STATE_SCORING &&
            to == v1::ROUND_STATE_DECIDING) ||
           (from == v1::ROUND_STATE_DECIDING &&
            to == v1::ROUND_STATE_DECIDED) ||
           (from == v1::ROUND_STATE_DECIDED &&
            to == v1::ROUND_STATE_CONFIRMED) ||
           // Both panels' co-chairs reopened a decision before HR acted.
           (from == v1::ROUND_STATE_DECIDED &&
            to == v1::ROUND_STATE_DECIDING) ||
           // HR corrected an "accepted" recorded by mistake.
           (from == v1::ROUND_STATE_CONFIRMED && to == v1::ROUND_STATE_DECIDED);
  }
  if (kind == v1::ROUND_KIND_STRATEGY) {
    return (from == v1::ROUND_STATE_SETUP && to == v1::ROUND_STATE_OPEN) ||
           (from == v1::ROUND_STATE_OPEN && to == v1::ROUND_STATE_CLOSED);
  }
  return false;
}

absl::Status CheckTransition(v1::RoundKind kind, RoundState from,
                             RoundState to) {
  if (IsTransitionAllowed(kind, from, to)) return absl::OkStatus();
  if (from == to) {
    return absl::FailedPreconditionError(
        absl::StrCat("The round is already ", StateWords(from), "."));
  }
  return absl::FailedPreconditionError(
      absl::StrCat("The round is ", StateWords(from), ", so it cannot become ",
                   StateWords(to), "."));
}

std::string StateWords(RoundState state) {
  switch (state) {
    case v1::ROUND_STATE_SETUP:
      return "being set up";
    case v1::ROUND_STATE_SCORING:
      return "scoring";
    case v1::ROUND_STATE_DECIDING:
      return "deciding";
    case v1::ROUND_STATE_DECIDED:
      return "decided";
    case v1::ROUND_STATE_CONFIRMED:
      return "confirmed";
    case v1::ROUND_STATE_WITHDRAWN:
      return "withdrawn";
    case v1::ROUND_STATE_OPEN:
      return "open";
    case v1::ROUND_STATE_CLOSED:
      return "closed";
    case v1::ROUND_STATE_UNSPECIFIED:
    case v1::RoundState_INT_MIN_SENTINEL_DO_NOT_USE_:
    case v1::RoundState_INT_MAX_SENTINEL_DO_NOT_USE_:
      break;
  }
  return "in an unknown state";
}

std::string RoundMovedAction(RoundState to) {
  switch (to) {
    case v1::ROUND_STATE_SCORING:
    case v1::ROUND_STATE_OPEN:
      return "round.opened";
    case v1::ROUND_STATE_DECIDING:
      return "round.deciding";
    case v1::ROUND_STATE_DECIDED:
      return "round.decided";
    case v1::ROUND_STATE_CONFIRMED:
      return "round.confirmed";
    case v1::ROUND_STATE_WITHDRAWN:
      return "round.withdrawn";
    case v1::ROUND_STATE_CLOSED:
      return "round.closed";
    case v1::ROUND_STATE_SETUP:
    case v1::ROUND_STATE_UNSPECIFIED:
    case v1::RoundState_INT_MIN_SENTINEL_DO_NOT_USE_:
    case v1::RoundState_INT_MAX_SENTINEL_DO_NOT_USE_:
      break;
  }
  return "round.changed";
}

}  // namespace equalsay::panels
