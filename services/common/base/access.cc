#include "services/common/base/access.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"

namespace equalsay {

RoleSet RolesOf(v1::OrgRole org_role, std::optional<v1::PanelRole> panel_role,
                bool supporter) {
  RoleSet roles;
  if (org_role == v1::ORG_ROLE_ADMIN) roles.Add(Role::kAdmin);
  if (org_role == v1::ORG_ROLE_HR) roles.Add(Role::kHr);
  if (panel_role.has_value()) {
    switch (*panel_role) {
      case v1::PANEL_ROLE_CO_CHAIR:
        roles.Add(Role::kCoChair);
        break;
      case v1::PANEL_ROLE_MEMBER:
        roles.Add(Role::kMember);
        break;
      case v1::PANEL_ROLE_OBSERVER:
        roles.Add(Role::kObserver);
        break;
      case v1::PANEL_ROLE_UNSPECIFIED:
      case v1::PanelRole_INT_MIN_SENTINEL_DO_NOT_USE_:
      case v1::PanelRole_INT_MAX_SENTINEL_DO_NOT_USE_:
        break;
    }
  }
  if (supporter) roles.Add(Role::kSupporter);
  if (roles.empty()) roles.Add(Role::kOutsider);
  return roles;
}

const AccessRule* FindRule(const std::vector<AccessRule>& table,
                           absl::string_view method) {
  for (const AccessRule& rule : table) {
    if (rule.method == method) return &rule;
  }
  return nullptr;
}

std::string RoleWords(Role role) {
  switch (role) {
    case Role::kAdmin:
      return "an administrator";
    case Role::kHr:
      return "HR";
    case Role::kCoChair:
      return "a panel's co-chair";
    case Role::kMember:
      // Observers sit on a panel too, but never score or vote.
      return "a voting panel member (not an observer)";
    case Role::kObserver:
      return "a panel's observer";
    case Role::kSupporter:
      return "a member's named supporter";
    case Role::kOutsider:
      return "anyone";
  }
  return "";
}

absl::Status CheckAccess(const AccessRule& rule, RoleSet roles) {
  if (rule.allowed.Intersects(roles)) return absl::OkStatus();
  std::vector<std::string> who;
  for (Role role : kAllRoles) {
    if (rule.allowed.Has(role) && role != Role::kOutsider) {
      who.push_back(RoleWords(role));
    }
  }
  return absl::PermissionDeniedError(
      absl::StrCat("You are not allowed to ", rule.what, ". Only ",
                   absl::StrJoin(who, " or "), " can do that."));
}

}  // namespace equalsay
