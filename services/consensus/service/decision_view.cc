#include "services/consensus/service/decision_view.h"

#include "services/consensus/rules/secrecy.h"
#include "services/consensus/store/decision_store.h"

namespace equalsay::consensus {

v1::Decision DecisionView(pqxx::transaction_base& txn,
                          const privacy::DataKeys& keys,
                          v1::Decision decision) {
  LoadPanels(txn, keys, decision);
  HideParticipation(decision);
  return decision;
}

std::optional<v1::Decision> LoadDecisionView(pqxx::transaction_base& txn,
                                             const privacy::DataKeys& keys,
                                             DecisionId id) {
  std::optional<v1::Decision> decision = LoadDecision(txn, keys, id);
  if (!decision.has_value()) return std::nullopt;
  return DecisionView(txn, keys, *std::move(decision));
}

}  // namespace equalsay::consensus
