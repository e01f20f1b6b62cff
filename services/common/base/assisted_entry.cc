#include "services/common/base/assisted_entry.h"

#include "absl/strings/str_cat.h"

namespace equalsay {

bool IsAssistedWay(v1::HowGiven how) {
  return how == v1::HOW_GIVEN_IN_ROOM || how == v1::HOW_GIVEN_PHONE ||
         how == v1::HOW_GIVEN_PAPER || how == v1::HOW_GIVEN_WITH_HELP;
}

absl::Status CheckAssistedEntry(bool is_supporter, v1::HowGiven how,
                                bool member_wrote_it, absl::string_view what) {
  if (!is_supporter) {
    return absl::PermissionDeniedError(
        "You are not this member's supporter in this round (or their consent "
        "was withdrawn). The member, or a co-chair of their panel, can name "
        "you as their supporter.");
  }
  if (!IsAssistedWay(how)) {
    return absl::InvalidArgumentError(
        absl::StrCat("how must say how the member gave this ", what,
                     ": HOW_GIVEN_IN_ROOM, HOW_GIVEN_PHONE, HOW_GIVEN_PAPER or "
                     "HOW_GIVEN_WITH_HELP"));
  }
  if (member_wrote_it) {
    return absl::FailedPreconditionError(
        absl::StrCat("The member has entered this ", what,
                     " themselves, so only they can change it now."));
  }
  return absl::OkStatus();
}

}  // namespace equalsay
