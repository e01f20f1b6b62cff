// Score sheets a supporter enters for a member (DESIGN.md rule 9): when
// that may happen, and how each version shows who entered it.
#ifndef EQUALSAY_SERVICES_SCORING_RULES_ASSISTED_SHEETS_H_
#define EQUALSAY_SERVICES_SCORING_RULES_ASSISTED_SHEETS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "equalsay/v1/scoring.pb.h"
#include "services/common/base/ids.h"

namespace equalsay::scoring {

// What an assisted save is checked against, beside the member's own place
// (CheckCanWrite) and the sheet itself (SavedSheet).
struct AssistedSave {
  bool is_supporter = false;
  v1::HowGiven how = v1::HOW_GIVEN_UNSPECIFIED;
  // The member saved the sheet's current version themselves.
  bool member_wrote_current = false;
  bool submit = false;
  // The round counts an assisted entry only once the member confirms it:
  // for a sheet, the member submits it themselves.
  bool needs_confirmation = false;
};
absl::Status CheckAssistedSave(const AssistedSave& save);

// A version of a member's sheet their supporter wrote.
struct AssistedMark {
  CandidateId candidate_id{0};
  PersonId person_id{0};
  uint32_t version = 0;
  v1::HowGiven how = v1::HOW_GIVEN_UNSPECIFIED;
  std::string entered_by_name;
};
// Marks `sheet` (at its version) as entered by a supporter where `marks`
// has that version; a version the member saved stays unmarked.
void MarkAssisted(const std::vector<AssistedMark>& marks,
                  v1::ScoreSheet& sheet);

}  // namespace equalsay::scoring

#endif  // EQUALSAY_SERVICES_SCORING_RULES_ASSISTED_SHEETS_H_
