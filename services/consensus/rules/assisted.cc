#include "services/consensus/rules/assisted.h"

#include "services/common/base/assisted_entry.h"
#include "services/common/base/status_macros.h"

namespace equalsay::consensus {
namespace {

// Whether the ballot that counts is the member's own doing: cast by them,
// or their paper counted in the room.
bool MembersOwn(std::optional<v1::HowGiven> counted_how) {
  return counted_how == v1::HOW_GIVEN_SELF ||
         counted_how == v1::HOW_GIVEN_PAPER_COUNT;
}

// Whether the entry waits for the member: the decision needs confirmation,
// and the member has not confirmed it or replaced it with their own.
bool Waiting(const v1::Decision& decision,
             const std::optional<AssistedBallot>& entry,
             std::optional<v1::HowGiven> counted_how) {
  return entry.has_value() && !entry->confirmed && !CountsAtOnce(decision) &&
         !MembersOwn(counted_how);
}

}  // namespace

bool CountsAtOnce(const v1::Decision& decision) {
  return !decision.assisted_entries_need_confirmation();
}

absl::Status CheckAssistedBallot(const v1::Decision& decision,
                                 const AssistMoment& moment,
                                 const v1::CastBallotForRequest& request) {
  EQ_RETURN_IF_ERROR(
      CheckAssistedEntry(moment.is_supporter, request.how(),
                         moment.counted_how == v1::HOW_GIVEN_SELF, "ballot"));
  if (decision.secrecy() == v1::SECRECY_SECRET &&
      !request.member_asked_for_help()) {
    return absl::FailedPreconditionError(
        "member_asked_for_help: this is a secret ballot, so you may enter it "
        "for the member only when they asked you for help with it. Set "
        "member_asked_for_help to record that they did.");
  }
  if (moment.member.seat != Seat::kVoter) {
    return absl::FailedPreconditionError(
        moment.member.seat == Seat::kRecused
            ? "member_person_id: this member declared a conflict of interest "
              "with this candidate, so they do not vote on them."
            : "member_person_id: this person does not vote on this decision "
              "(not a voting member of one of its panels).");
  }
  if (moment.member.voted_on_paper) {
    return absl::FailedPreconditionError(
        "member_person_id: this member voted on paper in the room, and their "
        "paper was counted with their panel's others, so nothing can be "
        "entered for them on this decision.");
  }
  v1::CastBallotRequest as_cast;
  as_cast.set_choice(request.choice());
  as_cast.set_reason(request.reason());
  return CheckBallot(decision, moment.member, as_cast);
}

absl::Status CheckConfirming(const v1::Decision& decision,
                             const BallotMoment& moment,
                             const std::optional<AssistedBallot>& entry,
                             std::optional<v1::HowGiven> counted_how) {
  if (!entry.has_value()) {
    return absl::NotFoundError(
        "Nobody has entered a ballot for you on this decision, so there is "
        "nothing to confirm.");
  }
  if (counted_how == v1::HOW_GIVEN_SELF) {
    return absl::FailedPreconditionError(
        "You have cast this ballot yourself since it was entered for you, so "
        "your own ballot is the one that counts; there is nothing to "
        "confirm.");
  }
  if (entry->confirmed) {
    return absl::FailedPreconditionError(
        "You have already confirmed the ballot entered for you.");
  }
  return CheckCanVote(decision, moment);
}

std::optional<v1::Ballot> MemberBallotView(
    const v1::Decision& decision, std::optional<v1::Ballot> counted,
    const std::optional<AssistedBallot>& entry) {
  const std::optional<v1::HowGiven> counted_how =
      counted.has_value() ? std::optional(counted->how()) : std::nullopt;
  if (Waiting(decision, entry, counted_how)) {
    v1::Ballot waiting;
    waiting.set_decision_id(decision.id());
    waiting.set_run(decision.run());
    waiting.set_choice(entry->choice);
    waiting.set_reason(entry->reason);
    waiting.set_version(0);
    waiting.set_cast_at_unix(entry->entered_at);
    waiting.set_how(entry->how);
    waiting.set_entered_by_name(entry->entered_by_name);
    waiting.set_awaiting_confirmation(true);
    return waiting;
  }
  if (counted.has_value() && !MembersOwn(counted->how()) && entry.has_value()) {
    counted->set_confirmed(entry->confirmed);
  }
  return counted;
}

std::string HowGivenWords(v1::HowGiven how) {
  switch (how) {
    case v1::HOW_GIVEN_IN_ROOM:
      return "entered by their supporter, given in the room";
    case v1::HOW_GIVEN_PHONE:
      return "entered by their supporter, given by phone";
    case v1::HOW_GIVEN_PAPER:
      return "entered by their supporter, given on paper";
    case v1::HOW_GIVEN_WITH_HELP:
      return "entered with their supporter's help";
    case v1::HOW_GIVEN_SELF:
      return "cast by the member";
    case v1::HOW_GIVEN_PAPER_COUNT:
      return "on paper, counted in the room with the panel's other papers";
    case v1::HOW_GIVEN_UNSPECIFIED:
    case v1::HowGiven_INT_MIN_SENTINEL_DO_NOT_USE_:
    case v1::HowGiven_INT_MAX_SENTINEL_DO_NOT_USE_:
      break;
  }
  return "";
}

}  // namespace equalsay::consensus
