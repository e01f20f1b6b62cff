#include "services/scoring/rules/assisted_sheets.h"

#include "services/common/base/assisted_entry.h"
#include "services/common/base/status_macros.h"

namespace equalsay::scoring {

absl::Status CheckAssistedSave(const AssistedSave& save) {
  EQ_RETURN_IF_ERROR(CheckAssistedEntry(
      save.is_supporter, save.how, save.member_wrote_current, "score sheet"));
  if (save.submit && save.needs_confirmation) {
    return absl::FailedPreconditionError(
        "submit: in this round the member submits their own sheet once they "
        "have checked it. Save it for them without submitting.");
  }
  return absl::OkStatus();
}

void MarkAssisted(const std::vector<AssistedMark>& marks,
                  v1::ScoreSheet& sheet) {
  for (const AssistedMark& m : marks) {
    if (m.candidate_id.str() == sheet.candidate_id() &&
        m.person_id.str() == sheet.person_id() &&
        m.version == sheet.version()) {
      sheet.set_how(m.how);
      sheet.set_entered_by_name(m.entered_by_name);
      return;
    }
  }
}

}  // namespace equalsay::scoring
