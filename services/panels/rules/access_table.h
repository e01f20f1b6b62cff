// PanelService's access table: every RPC, who may call it.
#ifndef EQUALSAY_SERVICES_PANELS_RULES_ACCESS_TABLE_H_
#define EQUALSAY_SERVICES_PANELS_RULES_ACCESS_TABLE_H_

#include <vector>

#include "services/common/base/access.h"

namespace equalsay::panels {

const std::vector<AccessRule>& PanelAccessTable();

}  // namespace equalsay::panels

#endif  // EQUALSAY_SERVICES_PANELS_RULES_ACCESS_TABLE_H_
