#include "services/common/base/enum_names.h"

#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"

namespace equalsay {
namespace {

// The database keeps the protocol's value name without its type prefix
// ("ORG_ROLE_ADMIN" is stored as "ADMIN"), read from the proto descriptor so
// the two can never drift apart.
std::string Unprefixed(const google::protobuf::EnumDescriptor* type, int value,
                       absl::string_view prefix) {
  const auto* v = type->FindValueByNumber(value);
  if (v == nullptr || v->number() == 0) return "";
  absl::string_view name = v->name();
  if (absl::StartsWith(name, prefix)) name.remove_prefix(prefix.size());
  return std::string(name);
}

int FromUnprefixed(const google::protobuf::EnumDescriptor* type,
                   const std::string& name, absl::string_view prefix) {
  const auto* v = type->FindValueByName(std::string(prefix) + name);
  return v == nullptr ? 0 : v->number();
}

}  // namespace

absl::Status MustBeOneOf(absl::string_view field,
                         const google::protobuf::EnumDescriptor& type,
                         absl::string_view note) {
  std::vector<std::string> names;
  for (int i = 0; i < type.value_count(); ++i) {
    if (type.value(i)->number() != 0) names.push_back(type.value(i)->name());
  }
  std::string list = names.empty() ? "" : names.back();
  if (names.size() > 1) {
    names.pop_back();
    list = absl::StrCat(absl::StrJoin(names, ", "), " or ", list);
  }
  return absl::InvalidArgumentError(
      absl::StrCat(field, " must be ", list, note));
}

#define EQ_ENUM_NAMES(Type, prefix)                             \
  std::string Type##Name(v1::Type value) {                      \
    return Unprefixed(v1::Type##_descriptor(), value, prefix);  \
  }                                                             \
  v1::Type Type##FromName(const std::string& name) {            \
    return static_cast<v1::Type>(                               \
        FromUnprefixed(v1::Type##_descriptor(), name, prefix)); \
  }

EQ_ENUM_NAMES(OrgRole, "ORG_ROLE_")
EQ_ENUM_NAMES(PanelRole, "PANEL_ROLE_")
EQ_ENUM_NAMES(PanelKind, "PANEL_KIND_")
EQ_ENUM_NAMES(RoundKind, "ROUND_KIND_")
EQ_ENUM_NAMES(RoundState, "ROUND_STATE_")
EQ_ENUM_NAMES(Threshold, "THRESHOLD_")
EQ_ENUM_NAMES(OverallView, "OVERALL_VIEW_")
EQ_ENUM_NAMES(SheetState, "SHEET_STATE_")
EQ_ENUM_NAMES(DecisionMethod, "DECISION_METHOD_")
EQ_ENUM_NAMES(Secrecy, "SECRECY_")
EQ_ENUM_NAMES(DecisionState, "DECISION_STATE_")
EQ_ENUM_NAMES(Choice, "CHOICE_")
EQ_ENUM_NAMES(OutcomeResult, "OUTCOME_RESULT_")
EQ_ENUM_NAMES(NextStep, "NEXT_STEP_")
EQ_ENUM_NAMES(ConfirmationAction, "CONFIRMATION_ACTION_")
EQ_ENUM_NAMES(DocumentKind, "DOCUMENT_KIND_")
EQ_ENUM_NAMES(HowGiven, "HOW_GIVEN_")
EQ_ENUM_NAMES(ActionState, "ACTION_STATE_")
EQ_ENUM_NAMES(SupporterConsent, "SUPPORTER_CONSENT_")
EQ_ENUM_NAMES(InvolvementKind, "INVOLVEMENT_KIND_")
EQ_ENUM_NAMES(Recognition, "RECOGNITION_")
EQ_ENUM_NAMES(InvolvementState, "INVOLVEMENT_STATE_")

#undef EQ_ENUM_NAMES

}  // namespace equalsay
