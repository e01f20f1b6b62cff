// A decision as anyone in its round may see it: its panels and how many
// have voted, with secrecy applied. One path for answers and live updates.
#ifndef EQUALSAY_SERVICES_CONSENSUS_SERVICE_DECISION_VIEW_H_
#define EQUALSAY_SERVICES_CONSENSUS_SERVICE_DECISION_VIEW_H_

#include <cstdint>
#include <optional>
#include <pqxx/pqxx>

#include "equalsay/v1/consensus.pb.h"
#include "services/common/base/ids.h"
#include "services/privacy/rules/data_keys.h"

namespace equalsay::consensus {

// `decision` as loaded, completed with its panels.
v1::Decision DecisionView(pqxx::transaction_base& txn,
                          const privacy::DataKeys& keys, v1::Decision decision);
// Loads it afresh (after a change); nullopt if there is no such decision.
std::optional<v1::Decision> LoadDecisionView(pqxx::transaction_base& txn,
                                             const privacy::DataKeys& keys,
                                             DecisionId id);

}  // namespace equalsay::consensus

#endif  // EQUALSAY_SERVICES_CONSENSUS_SERVICE_DECISION_VIEW_H_
