// Assisted ballots (DESIGN.md rule 9): a supporter enters a member's ballot
// for them. When that may happen, when it counts, and what the member sees.
#ifndef EQUALSAY_SERVICES_CONSENSUS_RULES_ASSISTED_H_
#define EQUALSAY_SERVICES_CONSENSUS_RULES_ASSISTED_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "equalsay/v1/consensus.pb.h"
#include "services/common/base/ids.h"
#include "services/consensus/rules/decision_rules.h"

namespace equalsay::consensus {

// A member's latest assisted entry in a run, as stored.
struct AssistedBallot {
  v1::HowGiven how = v1::HOW_GIVEN_UNSPECIFIED;
  PersonId entered_by{0};
  std::string entered_by_name;
  v1::Choice choice = v1::CHOICE_UNSPECIFIED;
  std::string reason;
  int64_t entered_at = 0;
  bool confirmed = false;
};

// What an assisted entry is checked against, read in its transaction.
struct AssistMoment {
  bool is_supporter = false;  // Named by the member, consent on record.
  BallotMoment member;        // The member's place and the moment.
  // How the member's ballot that counts now was given (nullopt: none yet).
  std::optional<v1::HowGiven> counted_how;
};

// OK when the caller may enter `request` for its member now. Refused: a
// caller who is not the member's supporter (PERMISSION_DENIED), "how" not
// an assisted way, a SECRET decision without the member having asked for
// help, a member who has cast their own ballot (theirs to change), and
// everything CheckBallot refuses.
absl::Status CheckAssistedBallot(const v1::Decision& decision,
                                 const AssistMoment& moment,
                                 const v1::CastBallotForRequest& request);

// Whether an assisted entry replaces the member's ballot at once; otherwise
// it waits for the member's confirmation.
bool CountsAtOnce(const v1::Decision& decision);

// OK when the member may confirm `entry` now: there is one, not confirmed
// yet, not replaced by their own ballot, and they may still vote.
absl::Status CheckConfirming(const v1::Decision& decision,
                             const BallotMoment& moment,
                             const std::optional<AssistedBallot>& entry,
                             std::optional<v1::HowGiven> counted_how);

// What the member sees as their ballot: the entry waiting for their
// confirmation if there is one, otherwise the ballot that counts, marked
// when assisted (nullopt: neither).
std::optional<v1::Ballot> MemberBallotView(
    const v1::Decision& decision, std::optional<v1::Ballot> counted,
    const std::optional<AssistedBallot>& entry);

// "entered by their supporter, given in the room", ...
std::string HowGivenWords(v1::HowGiven how);

}  // namespace equalsay::consensus

#endif  // EQUALSAY_SERVICES_CONSENSUS_RULES_ASSISTED_H_
