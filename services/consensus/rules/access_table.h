// ConsensusService's access table: every RPC, who may call it.
#ifndef EQUALSAY_SERVICES_CONSENSUS_RULES_ACCESS_TABLE_H_
#define EQUALSAY_SERVICES_CONSENSUS_RULES_ACCESS_TABLE_H_

#include <vector>

#include "services/common/base/access.h"

namespace equalsay::consensus {

const std::vector<AccessRule>& ConsensusAccessTable();

}  // namespace equalsay::consensus

#endif  // EQUALSAY_SERVICES_CONSENSUS_RULES_ACCESS_TABLE_H_
