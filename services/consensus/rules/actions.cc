#include "services/consensus/rules/actions.h"

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "services/common/base/status_macros.h"
#include "services/common/base/validation.h"
#include "services/consensus/rules/minutes.h"

namespace equalsay::consensus {
namespace {

bool Final(v1::ActionState state) {
  return state == v1::ACTION_STATE_DONE || state == v1::ACTION_STATE_DROPPED;
}

std::string Day(int64_t unix_seconds) {
  return absl::FormatTime("%Y-%m-%d", absl::FromUnixSeconds(unix_seconds),
                          absl::UTCTimeZone());
}

// The latest note, as members read it: what was done, or why not.
std::string LastNote(const v1::Action& action) {
  return action.updates().empty()
             ? ""
             : action.updates(action.updates_size() - 1).note();
}

}  // namespace

absl::Status CheckNewAction(const v1::Decision& decision,
                            const v1::AddActionRequest& request,
                            int64_t now_unix) {
  if (decision.state() != v1::DECISION_STATE_CLOSED ||
      decision.result() != v1::OUTCOME_RESULT_AGREED) {
    return absl::FailedPreconditionError(
        "Actions follow a decision that every panel agreed. This one is "
        "still open or did not go ahead, so there is nothing to act on.");
  }
  EQ_RETURN_IF_ERROR(CheckText("what", request.what(), kMaxActionText,
                               /*required=*/true, /*multiline=*/false));
  if (request.due_unix() <= now_unix) {
    return absl::InvalidArgumentError(
        request.due_unix() == 0
            ? "due_unix: say by when it will be done."
            : "due_unix: that date has passed; say by when it will be done.");
  }
  if (request.due_unix() - now_unix > kMaxActionSeconds) {
    return absl::InvalidArgumentError(
        "due_unix: at most five years ahead; break a longer piece of work "
        "into steps.");
  }
  return absl::OkStatus();
}

absl::Status CheckActionUpdate(const v1::Action& action, bool is_owner,
                               bool acts_for_round,
                               const v1::UpdateActionRequest& request) {
  if (!is_owner && !acts_for_round) {
    return absl::PermissionDeniedError(
        "Only the action's owner, a co-chair of the round or an "
        "administrator records progress on it.");
  }
  if (Final(action.state())) {
    return absl::FailedPreconditionError(absl::StrCat(
        "This action is ", ActionStateWords(action.state()),
        ", so it cannot change. If more is needed, add a new action."));
  }
  const v1::ActionState to = request.state();
  if (to != v1::ACTION_STATE_UNSPECIFIED &&
      to != v1::ACTION_STATE_IN_PROGRESS && !Final(to)) {
    return absl::InvalidArgumentError(
        "state must be ACTION_STATE_IN_PROGRESS, ACTION_STATE_DONE or "
        "ACTION_STATE_DROPPED (or left out, to add a note on progress)");
  }
  if (request.note().empty()) {
    return absl::InvalidArgumentError(
        to == v1::ACTION_STATE_DONE
            ? "note: say what was done, as the panels will read it (\"We "
              "did: ...\")."
        : to == v1::ACTION_STATE_DROPPED
            ? "note: say why it will not be done; the panels will read it."
            : "note: say how it is going.");
  }
  return CheckText("note", request.note(), kMaxActionText,
                   /*required=*/true, /*multiline=*/true);
}

v1::ActionState StateAfter(const v1::Action& action,
                           const v1::UpdateActionRequest& request) {
  return request.state() == v1::ACTION_STATE_UNSPECIFIED ? action.state()
                                                         : request.state();
}

bool Overdue(const v1::Action& action, int64_t now_unix) {
  return !Final(action.state()) && now_unix >= action.due_unix();
}

std::string ActionStateWords(v1::ActionState state) {
  switch (state) {
    case v1::ACTION_STATE_NOT_STARTED:
      return "not started";
    case v1::ACTION_STATE_IN_PROGRESS:
      return "in progress";
    case v1::ACTION_STATE_DONE:
      return "done";
    case v1::ACTION_STATE_DROPPED:
      return "not going ahead";
    case v1::ACTION_STATE_UNSPECIFIED:
    case v1::ActionState_INT_MIN_SENTINEL_DO_NOT_USE_:
    case v1::ActionState_INT_MAX_SENTINEL_DO_NOT_USE_:
      break;
  }
  return "";
}

std::string ActionLine(const v1::Action& action) {
  std::string line = absl::StrCat(action.what(), " (", action.owner_name(),
                                  ", by ", Day(action.due_unix()),
                                  "): ", ActionStateWords(action.state()),
                                  action.overdue() ? ", overdue" : "", ".");
  const std::string note = LastNote(action);
  if (action.state() == v1::ACTION_STATE_DONE) {
    absl::StrAppend(&line, " We did: ", note);
  } else if (action.state() == v1::ACTION_STATE_DROPPED) {
    absl::StrAppend(&line, " Why: ", note);
  } else if (!note.empty()) {
    absl::StrAppend(&line, " Latest: ", note);
  }
  return line;
}

std::string WeDidWords(const std::vector<v1::Action>& actions,
                       std::optional<v1::ConfirmationAction> offer) {
  if (offer.has_value()) {
    switch (*offer) {
      case v1::CONFIRMATION_ACTION_OFFER_MADE:
        return "The candidate has been offered the job.";
      case v1::CONFIRMATION_ACTION_ACCEPTED:
        return "The candidate was offered the job and accepted it.";
      case v1::CONFIRMATION_ACTION_DECLINED:
        return "The candidate was offered the job and declined it; the next "
               "candidate the panels agreed on, if any, is offered it.";
      case v1::CONFIRMATION_ACTION_UNSPECIFIED:
      case v1::ConfirmationAction_INT_MIN_SENTINEL_DO_NOT_USE_:
      case v1::ConfirmationAction_INT_MAX_SENTINEL_DO_NOT_USE_:
        break;
    }
  }
  if (actions.empty()) {
    return "Nothing has been recorded yet about what will be done.";
  }
  int done = 0, dropped = 0, overdue = 0;
  for (const v1::Action& a : actions) {
    done += a.state() == v1::ACTION_STATE_DONE;
    dropped += a.state() == v1::ACTION_STATE_DROPPED;
    overdue += a.overdue();
  }
  const int total = static_cast<int>(actions.size());
  std::string words = absl::StrCat(
      done, " of ", total, total == 1 ? " action" : " actions", " done");
  if (dropped > 0) absl::StrAppend(&words, ", ", dropped, " not going ahead");
  if (overdue > 0) absl::StrAppend(&words, ", ", overdue, " overdue");
  return words + ".";
}

std::string YouSaidWeDidMarkdown(const v1::YouSaidWeDid& report) {
  std::string md = absl::StrCat(
      "# You said, we did\n\nWhat came of each "
      "decision the panels agreed. Produced ",
      UtcTime(report.produced_at_unix()), ".\n");
  if (report.entries().empty()) {
    absl::StrAppend(&md, "\nNo decision has been agreed yet.\n");
  }
  std::string round_id;
  for (const v1::YouSaidWeDidEntry& e : report.entries()) {
    if (e.round_id() != round_id) {
      round_id = e.round_id();
      absl::StrAppend(&md, "\n## ", e.round_title(), "\n");
    }
    absl::StrAppend(&md, "\n**You said:** ", e.you_said(), "\n\n**We did:** ",
                    e.we_did(), "\n");
    for (const v1::Action& a : e.actions()) {
      absl::StrAppend(&md, "\n- ", ActionLine(a));
    }
    if (!e.actions().empty()) absl::StrAppend(&md, "\n");
  }
  return md;
}

}  // namespace equalsay::consensus
