#include "services/consensus/rules/decision_rules.h"

#include "absl/strings/str_cat.h"
#include "services/common/base/status_macros.h"
#include "services/common/base/validation.h"

namespace equalsay::consensus {

absl::Status CheckNewDecision(const v1::CreateDecisionRequest& request,
                              v1::RoundKind kind, v1::RoundState state,
                              int64_t now_unix) {
  const bool recruitment = kind == v1::ROUND_KIND_RECRUITMENT;
  if (recruitment && state != v1::ROUND_STATE_DECIDING) {
    return absl::FailedPreconditionError(
        "Decisions on candidates are put once scoring has closed and the "
        "round is deciding.");
  }
  if (!recruitment && state != v1::ROUND_STATE_OPEN) {
    return absl::FailedPreconditionError(
        "Proposals are put while the round is open.");
  }
  if (recruitment && request.candidate_id().empty()) {
    return absl::InvalidArgumentError(
        "candidate_id is required: a recruitment decision is about one "
        "candidate");
  }
  if (!recruitment && !request.candidate_id().empty()) {
    return absl::InvalidArgumentError(
        "candidate_id must be empty: a strategy round has no candidates");
  }
  if (absl::Status s = CheckText("title", request.title(), kMaxTitle,
                                 /*required=*/!recruitment);
      !s.ok()) {
    return s;
  }
  if (absl::Status s = CheckText("text", request.text(), kMaxText,
                                 /*required=*/!recruitment,
                                 /*multiline=*/true);
      !s.ok()) {
    return s;
  }
  if (request.method() != v1::DECISION_METHOD_YES_NO &&
      request.method() != v1::DECISION_METHOD_CONSENT) {
    return absl::InvalidArgumentError(
        "method must be DECISION_METHOD_YES_NO (agree, disagree or abstain) "
        "or DECISION_METHOD_CONSENT (agree, stand aside or object)");
  }
  if (request.secrecy() != v1::SECRECY_NAMED &&
      request.secrecy() != v1::SECRECY_SECRET) {
    return absl::InvalidArgumentError(
        "secrecy must be SECRECY_NAMED (who voted what is shown after the "
        "close) or SECRECY_SECRET (only tallies, ever)");
  }
  if (request.closes_at_unix() != 0 &&
      (request.closes_at_unix() <= now_unix ||
       request.closes_at_unix() > now_unix + kMaxOpenSeconds)) {
    return absl::InvalidArgumentError(
        "closes_at_unix must be in the future and within a year (or 0 for no "
        "closing time)");
  }
  return absl::OkStatus();
}

absl::Status CheckCandidateToDecide(
    const v1::Candidate& candidate,
    const std::vector<v1::Decision>& decisions) {
  if (candidate.withdrawn()) {
    return absl::FailedPreconditionError(
        "This candidate has withdrawn, so there is nothing to decide.");
  }
  for (const v1::Decision& d : decisions) {
    if (d.candidate_id() == candidate.id()) {
      return absl::AlreadyExistsError(absl::StrCat(
          "There is already a decision on ", candidate.label(),
          " (decision_id ", d.id(),
          "). To hold it again, the co-chairs of every panel ask to reopen "
          "it."));
    }
  }
  return absl::OkStatus();
}

std::string DecisionSubject(DecisionId decision_id) {
  return Subject("decision", decision_id);
}

absl::Status CheckChoice(v1::DecisionMethod method, v1::Choice choice) {
  const bool consent = method == v1::DECISION_METHOD_CONSENT;
  const bool ok =
      choice == v1::CHOICE_AGREE ||
      (!consent &&
       (choice == v1::CHOICE_DISAGREE || choice == v1::CHOICE_ABSTAIN)) ||
      (consent &&
       (choice == v1::CHOICE_STAND_ASIDE || choice == v1::CHOICE_OBJECT));
  if (ok) return absl::OkStatus();
  return absl::InvalidArgumentError(
      consent ? "choice must be CHOICE_AGREE, CHOICE_STAND_ASIDE or "
                "CHOICE_OBJECT: this decision asks for consent"
              : "choice must be CHOICE_AGREE, CHOICE_DISAGREE or "
                "CHOICE_ABSTAIN: this decision is a yes-or-no vote");
}

bool PastClosingTime(const v1::Decision& decision, absl::Time now) {
  return decision.closes_at_unix() != 0 &&
         now >= absl::FromUnixSeconds(decision.closes_at_unix());
}

absl::Status CheckCanVote(const v1::Decision& decision,
                          const BallotMoment& moment) {
  if (moment.seat == Seat::kNotVoter) {
    return absl::PermissionDeniedError(
        "Only voting members of this round's panels vote; observers and "
        "others see the outcome but do not vote.");
  }
  if (moment.seat == Seat::kRecused) {
    return absl::FailedPreconditionError(
        "You declared a conflict of interest with this candidate, so you do "
        "not vote on them.");
  }
  if (decision.state() != v1::DECISION_STATE_VOTING) {
    return absl::FailedPreconditionError(
        "Voting on this decision has closed, so ballots can no longer be "
        "cast or changed.");
  }
  if (PastClosingTime(decision, moment.now)) {
    return absl::FailedPreconditionError(
        "Voting on this decision closed at its closing time, so ballots can "
        "no longer be cast or changed.");
  }
  if (moment.panel_closed) {
    return absl::FailedPreconditionError(
        "Your panel's co-chair has closed voting on this decision for your "
        "panel, so ballots can no longer be cast or changed.");
  }
  if (moment.voted_on_paper) {
    return absl::FailedPreconditionError(
        "You voted on paper in the room, and your paper was counted with "
        "your panel's others. It cannot be changed here: nobody, not even "
        "this service, knows which paper was yours.");
  }
  return absl::OkStatus();
}

absl::Status CheckBallot(const v1::Decision& decision,
                         const BallotMoment& moment,
                         const v1::CastBallotRequest& request) {
  EQ_RETURN_IF_ERROR(CheckCanVote(decision, moment));
  EQ_RETURN_IF_ERROR(CheckChoice(decision.method(), request.choice()));
  return CheckText("reason", request.reason(), kMaxReason,
                   /*required=*/false, /*multiline=*/true);
}

std::string KeptReason(const std::string& given, const std::string& before) {
  return given.empty() ? before : given;
}

std::string ChoiceWords(v1::Choice choice) {
  switch (choice) {
    case v1::CHOICE_AGREE:
      return "agree";
    case v1::CHOICE_DISAGREE:
      return "disagree";
    case v1::CHOICE_ABSTAIN:
      return "abstain";
    case v1::CHOICE_STAND_ASIDE:
      return "stand aside";
    case v1::CHOICE_OBJECT:
      return "object";
    case v1::CHOICE_UNSPECIFIED:
    case v1::Choice_INT_MIN_SENTINEL_DO_NOT_USE_:
    case v1::Choice_INT_MAX_SENTINEL_DO_NOT_USE_:
      break;
  }
  return "no choice";
}

}  // namespace equalsay::consensus
