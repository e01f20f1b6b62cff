#include "services/consensus/rules/after_close.h"

#include <algorithm>

#include "services/consensus/rules/secrecy.h"

namespace equalsay::consensus {
namespace {

bool WentAhead(v1::OutcomeResult result) {
  return result == v1::OUTCOME_RESULT_AGREED;
}

}  // namespace

absl::Status CheckCanGiveReason(v1::DecisionState state,
                                const v1::Outcome& outcome, bool secret,
                                const std::string& panel_id,
                                v1::Choice choice) {
  if (state != v1::DECISION_STATE_CLOSED || WentAhead(outcome.result())) {
    return absl::FailedPreconditionError(
        "Reasons are asked for after a decision closes without going ahead. "
        "While voting is open, give your reason with your ballot.");
  }
  if (!AskedForReason(outcome, secret, panel_id, choice)) {
    return absl::FailedPreconditionError(
        secret ? "Reasons are asked of the members of a panel that did not "
                 "agree; your panel agreed."
               : "Reasons are asked of members who disagreed or objected.");
  }
  return absl::OkStatus();
}

absl::Status CheckNextStep(v1::RoundKind kind, v1::NextStep step) {
  const bool recruitment = kind == v1::ROUND_KIND_RECRUITMENT;
  const bool fits = recruitment ? (step == v1::NEXT_STEP_NOT_APPOINTED ||
                                   step == v1::NEXT_STEP_REINTERVIEW ||
                                   step == v1::NEXT_STEP_READVERTISE)
                                : (step == v1::NEXT_STEP_NOT_ADOPTED ||
                                   step == v1::NEXT_STEP_REVISE_AND_RETURN);
  if (fits) return absl::OkStatus();
  return absl::InvalidArgumentError(
      recruitment ? "next_step must be NEXT_STEP_NOT_APPOINTED, "
                    "NEXT_STEP_REINTERVIEW or NEXT_STEP_READVERTISE"
                  : "next_step must be NEXT_STEP_NOT_ADOPTED or "
                    "NEXT_STEP_REVISE_AND_RETURN");
}

absl::Status CheckCanRecordNextStep(v1::DecisionState state,
                                    v1::OutcomeResult result,
                                    v1::NextStep settled) {
  if (state != v1::DECISION_STATE_CLOSED || WentAhead(result)) {
    return absl::FailedPreconditionError(
        "A next step is recorded after a decision closes without going "
        "ahead.");
  }
  if (settled != v1::NEXT_STEP_UNSPECIFIED) {
    return absl::FailedPreconditionError(
        "Every panel has already recorded the same next step.");
  }
  return absl::OkStatus();
}

v1::NextStep SettledStep(const std::vector<v1::NextStep>& per_panel) {
  if (per_panel.empty() || per_panel[0] == v1::NEXT_STEP_UNSPECIFIED) {
    return v1::NEXT_STEP_UNSPECIFIED;
  }
  const bool same =
      std::all_of(per_panel.begin(), per_panel.end(),
                  [&](v1::NextStep s) { return s == per_panel[0]; });
  return same ? per_panel[0] : v1::NEXT_STEP_UNSPECIFIED;
}

absl::Status CheckCanRequestReopen(v1::DecisionState state, bool hr_acted) {
  if (state != v1::DECISION_STATE_CLOSED) {
    return absl::FailedPreconditionError(
        "Only a closed decision can be reopened; this one is still open for "
        "voting.");
  }
  if (hr_acted) {
    return absl::FailedPreconditionError(
        "HR has already acted on this round's outcomes, so its decisions can "
        "no longer be reopened.");
  }
  return absl::OkStatus();
}

absl::Status CheckOutcomeKnown(v1::DecisionState state) {
  if (state == v1::DECISION_STATE_CLOSED) return absl::OkStatus();
  return absl::FailedPreconditionError(
      "Voting on this decision is still open: the outcome is known when it "
      "closes.");
}

std::string NextStepWords(v1::NextStep step) {
  switch (step) {
    case v1::NEXT_STEP_NOT_APPOINTED:
      return "not appointed";
    case v1::NEXT_STEP_REINTERVIEW:
      return "re-interview";
    case v1::NEXT_STEP_READVERTISE:
      return "re-advertise the post";
    case v1::NEXT_STEP_NOT_ADOPTED:
      return "not adopted";
    case v1::NEXT_STEP_REVISE_AND_RETURN:
      return "revise and bring back";
    case v1::NEXT_STEP_UNSPECIFIED:
    case v1::NextStep_INT_MIN_SENTINEL_DO_NOT_USE_:
    case v1::NextStep_INT_MAX_SENTINEL_DO_NOT_USE_:
      break;
  }
  return "not yet recorded";
}

}  // namespace equalsay::consensus
