// ScoringService's access table: every RPC, who may call it.
#ifndef EQUALSAY_SERVICES_SCORING_RULES_ACCESS_TABLE_H_
#define EQUALSAY_SERVICES_SCORING_RULES_ACCESS_TABLE_H_

#include <vector>

#include "services/common/base/access.h"

namespace equalsay::scoring {

const std::vector<AccessRule>& ScoringAccessTable();

}  // namespace equalsay::scoring

#endif  // EQUALSAY_SERVICES_SCORING_RULES_ACCESS_TABLE_H_
