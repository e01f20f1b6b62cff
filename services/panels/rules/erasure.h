// Erasure on request (UK GDPR): whether a person's or candidate's personal
// data may be erased now, what they are called once it is, and what went.
#ifndef EQUALSAY_SERVICES_PANELS_RULES_ERASURE_H_
#define EQUALSAY_SERVICES_PANELS_RULES_ERASURE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "equalsay/v1/panels.pb.h"
#include "services/common/base/ids.h"

namespace equalsay::panels {

// What an erased subject is called wherever they took part: by id, so two
// erased candidates of one round stay apart in the minutes.
std::string ErasedPersonName(PersonId id);
std::string ErasedCandidateName(CandidateId id);

// The round states in which the panels still need what a person or
// candidate brought: erasing them then would change a decision under way.
bool InProgress(v1::RoundState state);
std::vector<std::string> InProgressStateNames();

// Erasure cannot be undone: `typed` must be the name shown now, in any
// letter case and spacing at the ends.
absl::Status CheckConfirmName(absl::string_view field, absl::string_view shown,
                              absl::string_view typed);

// Nothing of an erased subject is written back: `field` names them.
absl::Status CheckNotErased(absl::string_view field, absl::string_view id,
                            bool erased);

// Refused while the person sits on (or supports someone on) a round still
// in progress; `rounds` are those rounds' titles.
absl::Status CheckPersonErasable(const v1::Person& person,
                                 const std::vector<std::string>& rounds);
// Refused while the candidate's round is in progress, unless they withdrew
// (nothing more is decided about them then).
absl::Status CheckCandidateErasable(const v1::Candidate& candidate,
                                    v1::RoundState round_state,
                                    absl::string_view round_title);

// One kind of thing erased and how many: "3 evidence notes".
struct ErasedItem {
  const char* one;
  const char* many;
  int64_t count = 0;
};
// The lines of an Erasure's answer, leaving out what there was none of.
std::vector<std::string> ErasedWords(const std::vector<ErasedItem>& items);

}  // namespace equalsay::panels

#endif  // EQUALSAY_SERVICES_PANELS_RULES_ERASURE_H_
