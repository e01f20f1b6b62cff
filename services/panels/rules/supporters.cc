#include "services/panels/rules/supporters.h"

#include "absl/strings/str_cat.h"
#include "services/panels/rules/round_state.h"

namespace equalsay::panels {
namespace {

bool Votes(const std::optional<Seat>& seat) {
  return seat.has_value() && (seat->role == v1::PANEL_ROLE_MEMBER ||
                              seat->role == v1::PANEL_ROLE_CO_CHAIR);
}

bool ChairsPanelOf(const std::optional<Seat>& caller,
                   const std::optional<Seat>& member) {
  return caller.has_value() && member.has_value() &&
         caller->role == v1::PANEL_ROLE_CO_CHAIR &&
         caller->panel_id == member->panel_id;
}

}  // namespace

absl::StatusOr<v1::SupporterConsent> CheckNaming(const SupporterNaming& n) {
  if (IsFinished(n.round_state)) {
    return absl::FailedPreconditionError(
        absl::StrCat("The round is ", StateWords(n.round_state),
                     ", so supporters can no longer be named."));
  }
  if (!Votes(n.member_seat)) {
    return absl::FailedPreconditionError(
        n.caller_is_member
            ? "Only a voting member of one of this round's panels can name a "
              "supporter."
            : "member_person_id: this person is not a voting member of any "
              "of this round's panels.");
  }
  v1::SupporterConsent consent = v1::SUPPORTER_CONSENT_BY_MEMBER;
  if (!n.caller_is_member) {
    if (!ChairsPanelOf(n.caller_seat, n.member_seat)) {
      return absl::PermissionDeniedError(
          "Only the member, or a co-chair of their panel, can name their "
          "supporter.");
    }
    if (!n.consent_given_in_person) {
      return absl::FailedPreconditionError(
          "consent_given_in_person: a co-chair can name a supporter for a "
          "member only when the member has agreed to it in person. Set it "
          "to record that they did, or ask the member to name their "
          "supporter themselves.");
    }
    consent = v1::SUPPORTER_CONSENT_IN_PERSON;
  }
  if (n.supporter.id().empty()) {
    return absl::NotFoundError(
        absl::StrCat(n.supporter_field, ": there is no such person."));
  }
  if (!n.supporter.active()) {
    return absl::FailedPreconditionError(
        absl::StrCat(n.supporter_field, ": ", n.supporter.display_name(),
                     " is deactivated, so cannot be a supporter."));
  }
  if (n.supporter.id() == n.member_id) {
    return absl::InvalidArgumentError(absl::StrCat(
        n.supporter_field, ": a member cannot be their own supporter."));
  }
  if (n.supporter_seat.has_value() &&
      n.supporter_seat->panel_id != n.member_seat->panel_id) {
    return absl::FailedPreconditionError(absl::StrCat(
        n.supporter_field, ": ", n.supporter.display_name(),
        " sits on another panel of this round, and each panel decides on "
        "its own, so they cannot act for a member of this one."));
  }
  return consent;
}

absl::Status CheckWithdrawing(bool caller_is_member, bool caller_is_supporter,
                              const std::optional<Seat>& caller_seat,
                              const std::optional<Seat>& member_seat) {
  if (caller_is_member || caller_is_supporter ||
      ChairsPanelOf(caller_seat, member_seat)) {
    return absl::OkStatus();
  }
  return absl::PermissionDeniedError(
      "Only the member, their supporter or a co-chair of the member's panel "
      "can withdraw a supporter.");
}

absl::Status CheckJoiningAsSupporter(
    const v1::Person& person, const std::vector<PanelId>& supported_panels,
    PanelId panel_id) {
  for (PanelId supported : supported_panels) {
    if (supported != panel_id) {
      return absl::FailedPreconditionError(absl::StrCat(
          person.display_name(),
          " is the supporter of a member of another panel in this round; "
          "withdraw that first, since each panel decides on its own."));
    }
  }
  return absl::OkStatus();
}

}  // namespace equalsay::panels
