#include "services/panels/rules/erasure.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/common/base/enum_names.h"

namespace equalsay::panels {

std::string ErasedPersonName(PersonId id) {
  return absl::StrCat("Erased person ", id.str());
}
std::string ErasedCandidateName(CandidateId id) {
  return absl::StrCat("Erased candidate ", id.str());
}

bool InProgress(v1::RoundState state) {
  switch (state) {
    case v1::ROUND_STATE_SETUP:
    case v1::ROUND_STATE_SCORING:
    case v1::ROUND_STATE_DECIDING:
    case v1::ROUND_STATE_DECIDED:  // HR has still to record the outcome.
    case v1::ROUND_STATE_OPEN:
      return true;
    case v1::ROUND_STATE_UNSPECIFIED:
    case v1::ROUND_STATE_CONFIRMED:
    case v1::ROUND_STATE_WITHDRAWN:
    case v1::ROUND_STATE_CLOSED:
    case v1::RoundState_INT_MIN_SENTINEL_DO_NOT_USE_:
    case v1::RoundState_INT_MAX_SENTINEL_DO_NOT_USE_:
      return false;
  }
  return false;
}

std::vector<std::string> InProgressStateNames() {
  std::vector<std::string> names;
  for (int s = v1::RoundState_MIN; s <= v1::RoundState_MAX; ++s) {
    const auto state = static_cast<v1::RoundState>(s);
    if (v1::RoundState_IsValid(s) && InProgress(state)) {
      names.push_back(RoundStateName(state));
    }
  }
  return names;
}

absl::Status CheckConfirmName(absl::string_view field, absl::string_view shown,
                              absl::string_view typed) {
  if (absl::AsciiStrToLower(absl::StripAsciiWhitespace(typed)) ==
      absl::AsciiStrToLower(shown)) {
    return absl::OkStatus();
  }
  return absl::InvalidArgumentError(absl::StrCat(
      field, typed.empty() ? " is required" : " does not match",
      ": erasing cannot be undone, so give the name equalsay shows now (",
      shown, "), to be sure it is the right one. Nothing was erased."));
}

absl::Status CheckNotErased(absl::string_view field, absl::string_view id,
                            bool erased) {
  if (!erased) return absl::OkStatus();
  return absl::FailedPreconditionError(absl::StrCat(
      field, " ", id,
      ": their personal data was erased on request, and nothing more about "
      "them is kept. Nothing was changed."));
}

absl::Status CheckPersonErasable(const v1::Person& person,
                                 const std::vector<std::string>& rounds) {
  if (rounds.empty()) return absl::OkStatus();
  return absl::FailedPreconditionError(absl::StrCat(
      person.display_name(), " is still needed in ",
      rounds.size() == 1 ? "a round" : "rounds", " in progress (",
      absl::StrJoin(rounds, "; "),
      "). Their data can be erased once the round is finished or "
      "withdrawn, or after they are taken off its panel. Nothing was "
      "erased."));
}

absl::Status CheckCandidateErasable(const v1::Candidate& candidate,
                                    v1::RoundState round_state,
                                    absl::string_view round_title) {
  if (candidate.withdrawn() || !InProgress(round_state)) {
    return absl::OkStatus();
  }
  return absl::FailedPreconditionError(absl::StrCat(
      candidate.name(), " is a candidate in a round still in progress (",
      round_title,
      "). Their data can be erased once the round is finished or "
      "withdrawn, or once they withdraw. Nothing was erased."));
}

std::vector<std::string> ErasedWords(const std::vector<ErasedItem>& items) {
  std::vector<std::string> lines;
  for (const ErasedItem& item : items) {
    if (item.count == 0) continue;
    lines.push_back(
        absl::StrCat(item.count, " ", item.count == 1 ? item.one : item.many));
  }
  return lines;
}

}  // namespace equalsay::panels
