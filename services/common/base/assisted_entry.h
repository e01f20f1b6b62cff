// What an entry a supporter makes for a member (a ballot or a score sheet,
// DESIGN.md rule 9) is checked for, wherever it is made.
#ifndef EQUALSAY_SERVICES_COMMON_BASE_ASSISTED_ENTRY_H_
#define EQUALSAY_SERVICES_COMMON_BASE_ASSISTED_ENTRY_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "equalsay/v1/common.pb.h"

namespace equalsay {

// One of the ways a member gives an entry to their supporter (not SELF).
bool IsAssistedWay(v1::HowGiven how);

// The checks every assisted entry makes first, in this order: the caller
// is the member's supporter (PERMISSION_DENIED otherwise), `how` is an
// assisted way (INVALID_ARGUMENT naming it), and what the member entered
// themselves (`member_wrote_it`) is theirs alone to change; `what` names
// it ("ballot", "sheet").
absl::Status CheckAssistedEntry(bool is_supporter, v1::HowGiven how,
                                bool member_wrote_it, absl::string_view what);

}  // namespace equalsay

#endif  // EQUALSAY_SERVICES_COMMON_BASE_ASSISTED_ENTRY_H_
