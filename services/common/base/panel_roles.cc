#include "services/common/base/panel_roles.h"

#include "services/common/base/enum_names.h"

namespace equalsay {

PanelRoleRights RightsOf(v1::PanelRole role) {
  switch (role) {
    case v1::PANEL_ROLE_CO_CHAIR:
      return {.votes = true, .acts_for_panel = true};
    case v1::PANEL_ROLE_MEMBER:
      return {.votes = true};
    case v1::PANEL_ROLE_OBSERVER:
    case v1::PANEL_ROLE_UNSPECIFIED:
    case v1::PanelRole_INT_MIN_SENTINEL_DO_NOT_USE_:
    case v1::PanelRole_INT_MAX_SENTINEL_DO_NOT_USE_:
      return {};
  }
  return {};
}

std::vector<std::string> VotingRoleNames() {
  std::vector<std::string> names;
  const auto* roles = v1::PanelRole_descriptor();
  for (int i = 0; i < roles->value_count(); ++i) {
    const auto role = static_cast<v1::PanelRole>(roles->value(i)->number());
    if (Votes(role)) names.push_back(PanelRoleName(role));
  }
  return names;
}

}  // namespace equalsay
