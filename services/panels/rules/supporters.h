// Who may name or withdraw a member's supporter in a round (DESIGN.md rule
// 9): the member themselves, or a co-chair of their panel recording consent
// given in person; never someone from another panel of the round.
#ifndef EQUALSAY_SERVICES_PANELS_RULES_SUPPORTERS_H_
#define EQUALSAY_SERVICES_PANELS_RULES_SUPPORTERS_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "equalsay/v1/panels.pb.h"
#include "services/common/base/ids.h"

namespace equalsay::panels {

// A seat on one of the round's panels.
struct Seat {
  PanelId panel_id{0};
  v1::PanelRole role = v1::PANEL_ROLE_UNSPECIFIED;
};

// What naming a supporter depends on, read in one transaction.
struct SupporterNaming {
  v1::RoundState round_state = v1::ROUND_STATE_UNSPECIFIED;
  std::string member_id;
  bool caller_is_member = false;  // The member names their own supporter.
  std::optional<Seat> caller_seat;
  std::optional<Seat> member_seat;
  v1::Person supporter;  // Its id empty: no such person.
  // The request's field that named them, for refusals about them.
  std::string supporter_field = "supporter_person_id";
  std::optional<Seat> supporter_seat;
  bool consent_given_in_person = false;
};

// Which consent the naming records; an error a person can act on, naming
// the field, when it may not happen.
absl::StatusOr<v1::SupporterConsent> CheckNaming(const SupporterNaming& n);

// Whether someone may withdraw a supporter: the member, the supporter, or a
// co-chair of the member's panel.
absl::Status CheckWithdrawing(bool caller_is_member, bool caller_is_supporter,
                              const std::optional<Seat>& caller_seat,
                              const std::optional<Seat>& member_seat);

// Whether a member's supporter may join `panel_id`: not while they act for
// a member of another panel (`supported_panels`, those members' panels).
absl::Status CheckJoiningAsSupporter(
    const v1::Person& person, const std::vector<PanelId>& supported_panels,
    PanelId panel_id);

}  // namespace equalsay::panels

#endif  // EQUALSAY_SERVICES_PANELS_RULES_SUPPORTERS_H_
