// What each panel role may do, defined once: every electorate, every check
// of who scores and every count of a panel's voice is built from this, so a
// new role is one change here (and the compiler finds every switch).
#ifndef EQUALSAY_SERVICES_COMMON_BASE_PANEL_ROLES_H_
#define EQUALSAY_SERVICES_COMMON_BASE_PANEL_ROLES_H_

#include <string>
#include <vector>

#include "equalsay/v1/panels.pb.h"

namespace equalsay {

struct PanelRoleRights {
  bool votes = false;           // Votes in decisions and scores candidates.
  bool acts_for_panel = false;  // Opens and closes for the panel (co-chair).
};

PanelRoleRights RightsOf(v1::PanelRole role);

inline bool Votes(v1::PanelRole role) { return RightsOf(role).votes; }

// The stored names of every role that votes, for queries that build an
// electorate ("m.role = ANY($1)"), never spelled out in SQL.
std::vector<std::string> VotingRoleNames();

}  // namespace equalsay

#endif  // EQUALSAY_SERVICES_COMMON_BASE_PANEL_ROLES_H_
