// How the protocol's enums are spelled in the database ("ADMIN", "CO_CHAIR").
#ifndef EQUALSAY_SERVICES_COMMON_BASE_ENUM_NAMES_H_
#define EQUALSAY_SERVICES_COMMON_BASE_ENUM_NAMES_H_

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "equalsay/v1/common.pb.h"
#include "equalsay/v1/consensus.pb.h"
#include "equalsay/v1/panels.pb.h"
#include "equalsay/v1/scoring.pb.h"

namespace equalsay {

// INVALID_ARGUMENT "<field> must be A, B or C<note>", listing every value of
// `type` but its unset zero, from the protocol: a value added there is
// accepted and named with no change anywhere else.
absl::Status MustBeOneOf(absl::string_view field,
                         const google::protobuf::EnumDescriptor& type,
                         absl::string_view note = "");

// Each pair is exact inverses; an unknown name gives the UNSPECIFIED value.
std::string OrgRoleName(v1::OrgRole value);
v1::OrgRole OrgRoleFromName(const std::string& name);
std::string PanelRoleName(v1::PanelRole value);
v1::PanelRole PanelRoleFromName(const std::string& name);
std::string PanelKindName(v1::PanelKind value);
v1::PanelKind PanelKindFromName(const std::string& name);
std::string RoundKindName(v1::RoundKind value);
v1::RoundKind RoundKindFromName(const std::string& name);
std::string RoundStateName(v1::RoundState value);
v1::RoundState RoundStateFromName(const std::string& name);
std::string ThresholdName(v1::Threshold value);
v1::Threshold ThresholdFromName(const std::string& name);
std::string OverallViewName(v1::OverallView value);
v1::OverallView OverallViewFromName(const std::string& name);
std::string SheetStateName(v1::SheetState value);
v1::SheetState SheetStateFromName(const std::string& name);
std::string DecisionMethodName(v1::DecisionMethod value);
v1::DecisionMethod DecisionMethodFromName(const std::string& name);
std::string SecrecyName(v1::Secrecy value);
v1::Secrecy SecrecyFromName(const std::string& name);
std::string DecisionStateName(v1::DecisionState value);
v1::DecisionState DecisionStateFromName(const std::string& name);
std::string ChoiceName(v1::Choice value);
v1::Choice ChoiceFromName(const std::string& name);
std::string OutcomeResultName(v1::OutcomeResult value);
v1::OutcomeResult OutcomeResultFromName(const std::string& name);
std::string NextStepName(v1::NextStep value);
v1::NextStep NextStepFromName(const std::string& name);
std::string ConfirmationActionName(v1::ConfirmationAction value);
v1::ConfirmationAction ConfirmationActionFromName(const std::string& name);
std::string DocumentKindName(v1::DocumentKind value);
v1::DocumentKind DocumentKindFromName(const std::string& name);
std::string HowGivenName(v1::HowGiven value);
v1::HowGiven HowGivenFromName(const std::string& name);
std::string ActionStateName(v1::ActionState value);
v1::ActionState ActionStateFromName(const std::string& name);
std::string SupporterConsentName(v1::SupporterConsent value);
v1::SupporterConsent SupporterConsentFromName(const std::string& name);
std::string InvolvementKindName(v1::InvolvementKind value);
v1::InvolvementKind InvolvementKindFromName(const std::string& name);
std::string RecognitionName(v1::Recognition value);
v1::Recognition RecognitionFromName(const std::string& name);
std::string InvolvementStateName(v1::InvolvementState value);
v1::InvolvementState InvolvementStateFromName(const std::string& name);

}  // namespace equalsay

#endif  // EQUALSAY_SERVICES_COMMON_BASE_ENUM_NAMES_H_
