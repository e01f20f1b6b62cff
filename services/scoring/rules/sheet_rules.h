// What makes a score sheet acceptable: entries on the criteria's scales, an
// overall view before submission, and saves that never overwrite each other.
#ifndef EQUALSAY_SERVICES_SCORING_RULES_SHEET_RULES_H_
#define EQUALSAY_SERVICES_SCORING_RULES_SHEET_RULES_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "equalsay/v1/panels.pb.h"
#include "equalsay/v1/scoring.pb.h"

namespace equalsay::scoring {

inline constexpr size_t kMaxEvidence = 4000;

// Each entry names a criterion of the round once, with a score on that
// criterion's scale (or none) and evidence of at most kMaxEvidence
// characters. INVALID_ARGUMENT naming the entry otherwise.
absl::Status CheckEntries(
    const google::protobuf::RepeatedPtrField<v1::ScoreEntry>& entries,
    const std::vector<v1::Criterion>& criteria);

// A submitted sheet needs an overall view and at least one score.
absl::Status CheckReadyToSubmit(const v1::ScoreSheet& sheet);

// ABORTED unless the caller read the latest version (`current`, 0 when the
// sheet does not exist yet): two devices never silently overwrite each other.
absl::Status CheckVersion(uint32_t read_version, uint32_t current);

// Where the member stands when they try to change a sheet.
struct ScoringSeat {
  v1::PanelRole role = v1::PANEL_ROLE_UNSPECIFIED;  // In the round.
  bool round_scoring = false;                       // Round is SCORING.
  bool panel_closed = false;  // Their panel's scoring is closed.
  bool recused = false;       // They declared a conflict with the candidate.
  bool candidate_withdrawn = false;
};

// OK when the member may write a sheet for the candidate; otherwise the
// reason in words (FAILED_PRECONDITION for the state of things,
// PERMISSION_DENIED for who they are).
absl::Status CheckCanWrite(const ScoringSeat& seat);

// The sheet a save of `request` makes of `sheet` (as stored, or a new draft
// at version 0 with its ids set), once the member may write it
// (CheckCanWrite): the new entries and overall view, after every check a
// save makes. A submitted sheet stays submitted when amended, and stays
// complete. The version and times are the store's to set.
absl::StatusOr<v1::ScoreSheet> SavedSheet(
    const v1::SaveScoreSheetRequest& request,
    const std::vector<v1::Criterion>& criteria, v1::ScoreSheet sheet);

// The sheet a submit of `request` makes of `sheet` (as for SavedSheet),
// or nullopt where it is submitted already: submitting twice changes
// nothing. FAILED_PRECONDITION where nothing is saved yet or the sheet
// lacks what a submission needs; ABORTED where the version differs.
absl::StatusOr<std::optional<v1::ScoreSheet>> SubmittedSheet(
    const v1::SubmitScoreSheetRequest& request, v1::ScoreSheet sheet);

}  // namespace equalsay::scoring

#endif  // EQUALSAY_SERVICES_SCORING_RULES_SHEET_RULES_H_
