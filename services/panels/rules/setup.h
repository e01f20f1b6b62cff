// Set-up rules: what a round needs before it starts, and what is frozen after.
#ifndef EQUALSAY_SERVICES_PANELS_RULES_SETUP_H_
#define EQUALSAY_SERVICES_PANELS_RULES_SETUP_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "equalsay/v1/panels.pb.h"

namespace equalsay::panels {

// What the set-up check needs to know about one panel.
struct PanelShape {
  v1::PanelKind kind = v1::PANEL_KIND_UNSPECIFIED;
  int co_chairs = 0;
  int members = 0;      // Voting members who are not co-chairs.
  uint32_t quorum = 0;  // 0: more than half.
  int voting() const { return co_chairs + members; }
};

// A round starts only with a Service User Panel and a staff panel, each with
// a co-chair, at least one voting member and a quorum it can reach; a
// recruitment round also needs a candidate and a criterion. The error lists
// everything still missing.
absl::Status CheckCanLeaveSetup(v1::RoundKind kind,
                                const std::vector<PanelShape>& panels,
                                int active_candidates, int criteria);

// How many voting members must take part: the panel's quorum, or more than
// half when it has none.
int EffectiveQuorum(uint32_t quorum, int voting_members);

// Panels, members, candidates and criteria change only during set-up;
// observers may still be added until the round is finished.
absl::Status CheckSetupChange(v1::RoundState state, absl::string_view what,
                              bool adding_observer = false);

// Corrections (a candidate's name, a panel's name) until the round is
// finished: a finished round's record stays as it was.
absl::Status CheckCorrection(v1::RoundState state, absl::string_view what);

// A panel's rule (quorum, threshold) is what its votes are counted by, so
// it changes only until the round's first decision is put.
absl::Status CheckRuleChange(int decisions_put);

// A member replaced once a round has started (ReplaceMember): only between
// the start and the finish, and never leaving the panel without an active
// voting member. `active_voters_after` counts them after the change.
absl::Status CheckReplacement(v1::RoundState state, int active_voters_after);

// Whether `person` may join a panel: active, on no panel of the round yet
// (`seated` says whether they are), and room on the panel, which has
// `members` now. FAILED_PRECONDITION, ALREADY_EXISTS or INVALID_ARGUMENT
// (naming panel_id) saying which.
absl::Status CheckCanJoin(const v1::Person& person, bool seated, int members);

// Whether `person` may be deactivated: never the last active administrator,
// or nobody could manage equalsay.
absl::Status CheckCanDeactivate(const v1::Person& person,
                                int64_t active_admins);

// Panels see an anonymised candidate by reference only: clears the name
// behind each reference (kept for administrators and HR).
void HideAnonymisedNames(v1::Round& round);

// A recruitment decision's title unless one is given: "Appoint Candidate B
// to the post?" (also what it becomes once the candidate is erased).
std::string AppointTitle(const std::string& candidate_label);

// "the Service User Panel" / "the staff panel"
std::string PanelWords(v1::PanelKind kind);
std::string DefaultPanelName(v1::PanelKind kind);

}  // namespace equalsay::panels

#endif  // EQUALSAY_SERVICES_PANELS_RULES_SETUP_H_
