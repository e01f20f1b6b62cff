#include "services/scoring/rules/sheet_rules.h"

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/common/base/enum_names.h"
#include "services/common/base/status_macros.h"
#include "services/common/base/validation.h"

namespace equalsay::scoring {

absl::Status CheckEntries(
    const google::protobuf::RepeatedPtrField<v1::ScoreEntry>& entries,
    const std::vector<v1::Criterion>& criteria) {
  if (entries.size() > static_cast<int>(criteria.size())) {
    return absl::InvalidArgumentError(absl::StrCat(
        "entries has ", entries.size(), " items but the round has ",
        criteria.size(), " criteria: give at most one per criterion"));
  }
  absl::flat_hash_set<std::string> seen;
  for (int i = 0; i < entries.size(); ++i) {
    const v1::ScoreEntry& entry = entries[i];
    const std::string field = absl::StrCat("entries[", i, "]");
    const v1::Criterion* criterion = nullptr;
    for (const v1::Criterion& c : criteria) {
      if (c.id() == entry.criterion_id()) criterion = &c;
    }
    if (criterion == nullptr) {
      return absl::InvalidArgumentError(
          absl::StrCat(field, ".criterion_id \"", entry.criterion_id(),
                       "\" is not a criterion of this round"));
    }
    if (!seen.insert(entry.criterion_id()).second) {
      return absl::InvalidArgumentError(
          absl::StrCat(field, ".criterion_id ", entry.criterion_id(),
                       " appears twice: give each criterion once"));
    }
    if (entry.has_score()) {
      bool on_scale = false;
      std::vector<int> values;
      for (const v1::ScalePoint& point : criterion->scale()) {
        values.push_back(point.value());
        on_scale |= point.value() == entry.score();
      }
      if (!on_scale) {
        return absl::InvalidArgumentError(
            absl::StrCat(field, ".score must be one of ",
                         absl::StrJoin(values, ", "), " (the scale for \"",
                         criterion->question(), "\"); got ", entry.score()));
      }
    }
    if (absl::Status s = CheckText(absl::StrCat(field, ".evidence"),
                                   entry.evidence(), kMaxEvidence,
                                   /*required=*/false, /*multiline=*/true);
        !s.ok()) {
      return s;
    }
  }
  return absl::OkStatus();
}

absl::Status CheckReadyToSubmit(const v1::ScoreSheet& sheet) {
  std::vector<std::string> missing;
  if (sheet.overall_view() == v1::OVERALL_VIEW_UNSPECIFIED) {
    missing.push_back(
        "your overall view (appointable, not appointable or unsure)");
  }
  bool any_score = false;
  for (const v1::ScoreEntry& entry : sheet.entries()) {
    any_score |= entry.has_score();
  }
  if (!any_score) missing.push_back("a score for at least one criterion");
  if (missing.empty()) return absl::OkStatus();
  return absl::FailedPreconditionError(
      absl::StrCat("This sheet cannot be submitted yet. Save it with ",
                   absl::StrJoin(missing, " and "), ", then submit."));
}

absl::Status CheckVersion(uint32_t read_version, uint32_t current) {
  if (read_version == current) return absl::OkStatus();
  if (current == 0) {
    return absl::AbortedError(absl::StrCat(
        "version ", read_version,
        " does not exist: this sheet has not been saved yet. Save it with "
        "version 0."));
  }
  return absl::AbortedError(absl::StrCat(
      "This sheet was changed somewhere else (perhaps on another device) "
      "after you opened it: it is now at version ",
      current, ", you had version ", read_version,
      ". Reload the sheet to see the latest, then make your change again."));
}

absl::Status CheckCanWrite(const ScoringSeat& seat) {
  if (seat.role != v1::PANEL_ROLE_CO_CHAIR &&
      seat.role != v1::PANEL_ROLE_MEMBER) {
    return absl::PermissionDeniedError(
        "Only voting members of a panel score candidates; observers see the "
        "round but do not score.");
  }
  if (!seat.round_scoring) {
    return absl::FailedPreconditionError(
        "Scoring is not open for this round, so sheets cannot be changed.");
  }
  if (seat.panel_closed) {
    return absl::FailedPreconditionError(
        "Your panel's scoring is closed, so sheets can no longer be changed.");
  }
  if (seat.candidate_withdrawn) {
    return absl::FailedPreconditionError(
        "This candidate has withdrawn, so they are not scored.");
  }
  if (seat.recused) {
    return absl::FailedPreconditionError(
        "You declared a conflict of interest with this candidate, so you do "
        "not score them.");
  }
  return absl::OkStatus();
}

absl::StatusOr<v1::ScoreSheet> SavedSheet(
    const v1::SaveScoreSheetRequest& request,
    const std::vector<v1::Criterion>& criteria, v1::ScoreSheet sheet) {
  if (!v1::OverallView_IsValid(request.overall_view())) {
    return MustBeOneOf("overall_view", *v1::OverallView_descriptor(),
                       " (or left unset in a draft)");
  }
  EQ_RETURN_IF_ERROR(CheckEntries(request.entries(), criteria));
  EQ_RETURN_IF_ERROR(CheckVersion(request.version(), sheet.version()));
  *sheet.mutable_entries() = request.entries();
  sheet.set_overall_view(request.overall_view());
  if (sheet.state() == v1::SHEET_STATE_SUBMITTED) {
    EQ_RETURN_IF_ERROR(CheckReadyToSubmit(sheet));
  }
  return sheet;
}

absl::StatusOr<std::optional<v1::ScoreSheet>> SubmittedSheet(
    const v1::SubmitScoreSheetRequest& request, v1::ScoreSheet sheet) {
  if (sheet.version() == 0) {
    return absl::FailedPreconditionError(
        "There is nothing to submit yet: save your scores first, then "
        "submit.");
  }
  EQ_RETURN_IF_ERROR(CheckVersion(request.version(), sheet.version()));
  if (sheet.state() == v1::SHEET_STATE_SUBMITTED) return std::nullopt;
  EQ_RETURN_IF_ERROR(CheckReadyToSubmit(sheet));
  sheet.set_state(v1::SHEET_STATE_SUBMITTED);
  return sheet;
}

}  // namespace equalsay::scoring
