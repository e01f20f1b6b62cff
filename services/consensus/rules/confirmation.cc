#include "services/consensus/rules/confirmation.h"

#include <algorithm>

#include "absl/strings/str_cat.h"

namespace equalsay::consensus {
namespace {

std::string ResultWords(const Contender& c) {
  if (c.state != v1::DECISION_STATE_CLOSED) return "not decided yet";
  switch (c.result) {
    case v1::OUTCOME_RESULT_VETOED:
      return "vetoed (a panel did not agree)";
    case v1::OUTCOME_RESULT_NOT_AGREED:
      return "not agreed";
    case v1::OUTCOME_RESULT_NO_QUORUM:
      return "no decision (not enough members voted)";
    case v1::OUTCOME_RESULT_AGREED:
      return "agreed";
    case v1::OUTCOME_RESULT_UNSPECIFIED:
    case v1::OutcomeResult_INT_MIN_SENTINEL_DO_NOT_USE_:
    case v1::OutcomeResult_INT_MAX_SENTINEL_DO_NOT_USE_:
      break;
  }
  return "not agreed";
}

const v1::QueuedCandidate* UpNext(const v1::ConfirmationQueue& queue) {
  for (const auto& c : queue.candidates()) {
    if (c.up_next()) return &c;
  }
  return nullptr;
}

}  // namespace

v1::ConfirmationQueue BuildQueue(const std::vector<Contender>& contenders,
                                 v1::RoundState round_state) {
  std::vector<const Contender*> agreed;
  for (const Contender& c : contenders) {
    if (c.state == v1::DECISION_STATE_CLOSED &&
        c.result == v1::OUTCOME_RESULT_AGREED) {
      agreed.push_back(&c);
    }
  }
  std::stable_sort(
      agreed.begin(), agreed.end(), [](const Contender* a, const Contender* b) {
        return a->combined_score.value_or(-1) > b->combined_score.value_or(-1);
      });
  v1::ConfirmationQueue queue;
  queue.set_round_state(round_state);
  const v1::QueuedCandidate* next = nullptr;
  const v1::QueuedCandidate* accepted = nullptr;
  for (const Contender* c : agreed) {
    v1::QueuedCandidate* q = queue.add_candidates();
    q->set_candidate_id(c->candidate_id);
    q->set_label(c->label);
    q->set_name(c->name);
    q->set_decision_id(c->decision_id);
    if (c->combined_score.has_value())
      q->set_combined_score(*c->combined_score);
    q->set_last_action(c->last_action);
    if (c->last_action == v1::CONFIRMATION_ACTION_ACCEPTED) accepted = q;
    if (round_state == v1::ROUND_STATE_DECIDED && next == nullptr &&
        c->last_action != v1::CONFIRMATION_ACTION_DECLINED) {
      q->set_up_next(true);
      next = q;
    }
  }
  if (round_state == v1::ROUND_STATE_CONFIRMED && accepted != nullptr) {
    queue.set_explanation(absl::StrCat(accepted->label(),
                                       " accepted the offer. The round is "
                                       "confirmed."));
  } else if (round_state != v1::ROUND_STATE_DECIDED) {
    queue.set_explanation(
        "Offers wait until every candidate's decision has closed, so that "
        "they go in order of score.");
  } else if (next == nullptr) {
    queue.set_explanation(
        "No agreed candidate is left to offer the post to. The panels did not "
        "all agree on anyone else, so nobody else can be appointed from this "
        "round.");
  } else if (next->last_action() == v1::CONFIRMATION_ACTION_OFFER_MADE) {
    queue.set_explanation(absl::StrCat("Waiting for ", next->label(),
                                       "'s answer to the offer: record "
                                       "whether they accepted or declined."));
  } else {
    queue.set_explanation(
        absl::StrCat("Next: make an offer to ", next->label(), "."));
  }
  return queue;
}

absl::Status CheckConfirmation(const v1::ConfirmationQueue& queue,
                               const Contender& target,
                               v1::ConfirmationAction action) {
  if (action != v1::CONFIRMATION_ACTION_OFFER_MADE &&
      action != v1::CONFIRMATION_ACTION_ACCEPTED &&
      action != v1::CONFIRMATION_ACTION_DECLINED) {
    return absl::InvalidArgumentError(
        "action must be CONFIRMATION_ACTION_OFFER_MADE, "
        "CONFIRMATION_ACTION_ACCEPTED or CONFIRMATION_ACTION_DECLINED");
  }
  // The equal veto first, whatever else is true (rule 1).
  if (target.state != v1::DECISION_STATE_CLOSED ||
      target.result != v1::OUTCOME_RESULT_AGREED) {
    return absl::FailedPreconditionError(absl::StrCat(
        "HR can confirm only what every panel agreed. The outcome for ",
        target.label, " is ", ResultWords(target), ", so ", target.label,
        " cannot be offered the post."));
  }
  if (queue.round_state() == v1::ROUND_STATE_CONFIRMED) {
    return absl::FailedPreconditionError(
        "The round is already confirmed: an offer was accepted.");
  }
  if (queue.round_state() != v1::ROUND_STATE_DECIDED) {
    return absl::FailedPreconditionError(queue.explanation());
  }
  const v1::QueuedCandidate* next = UpNext(queue);
  if (target.last_action == v1::CONFIRMATION_ACTION_DECLINED) {
    return absl::FailedPreconditionError(
        absl::StrCat(target.label, " has already declined the offer."));
  }
  if (next == nullptr || next->decision_id() != target.decision_id) {
    return absl::FailedPreconditionError(absl::StrCat(
        "Offers go in order of combined score, and ",
        next == nullptr ? "nobody" : next->label(), " comes first."));
  }
  if (action == v1::CONFIRMATION_ACTION_OFFER_MADE &&
      target.last_action == v1::CONFIRMATION_ACTION_OFFER_MADE) {
    return absl::FailedPreconditionError(
        absl::StrCat("An offer to ", target.label,
                     " is already recorded: record whether they accepted "
                     "or declined it."));
  }
  if (action != v1::CONFIRMATION_ACTION_OFFER_MADE &&
      target.last_action != v1::CONFIRMATION_ACTION_OFFER_MADE) {
    return absl::FailedPreconditionError(absl::StrCat(
        "Record the offer to ", target.label, " before their answer."));
  }
  return absl::OkStatus();
}

const RecordedConfirmation* LatestStanding(
    const std::vector<RecordedConfirmation>& history) {
  for (auto it = history.rbegin(); it != history.rend(); ++it) {
    if (!it->entry.corrected()) return &*it;
  }
  return nullptr;
}

v1::RoundState StateBefore(v1::RoundState now,
                           const RecordedConfirmation& latest) {
  return now == v1::ROUND_STATE_CONFIRMED &&
                 latest.entry.action() == v1::CONFIRMATION_ACTION_ACCEPTED
             ? v1::ROUND_STATE_DECIDED
             : now;
}

absl::Status CheckCorrectionChanges(const RecordedConfirmation& latest,
                                    v1::ConfirmationAction action,
                                    const std::string& note) {
  if (action == latest.entry.action() && note == latest.entry.note()) {
    return absl::InvalidArgumentError(
        "action and note are what is recorded already: a correction must "
        "change one of them");
  }
  return absl::OkStatus();
}

}  // namespace equalsay::consensus
