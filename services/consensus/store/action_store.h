// Actions after agreed decisions, and their history, in PostgreSQL.
#ifndef EQUALSAY_SERVICES_CONSENSUS_STORE_ACTION_STORE_H_
#define EQUALSAY_SERVICES_CONSENSUS_STORE_ACTION_STORE_H_

#include <cstdint>
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "equalsay/v1/consensus.pb.h"
#include "services/common/base/ids.h"
#include "services/privacy/rules/data_keys.h"

namespace equalsay::consensus {

struct NewAction {
  RoundId round_id{0};
  DecisionId decision_id{0};
  std::string what;
  PersonId owner_id{0};
  int64_t due_unix = 0;
  PersonId added_by{0};
};
ActionId InsertAction(pqxx::transaction_base& txn, const NewAction& action);

// The action with its history, overdue as of `now_unix`; held for update
// when `hold`, so that updates to one action are made one at a time.
std::optional<v1::Action> LoadAction(pqxx::transaction_base& txn,
                                     const privacy::DataKeys& keys, ActionId id,
                                     int64_t now_unix, bool hold = false);

// Adds a step to the action's history and moves it to `state`.
void AddActionUpdate(pqxx::transaction_base& txn, ActionId id,
                     v1::ActionState state, const std::string& note,
                     PersonId by);

// The round's actions (every round's when `round_id` is empty), oldest
// first, with their history, overdue as of `now_unix`.
std::vector<v1::Action> ActionsOf(pqxx::transaction_base& txn,
                                  const privacy::DataKeys& keys,
                                  std::optional<RoundId> round_id,
                                  int64_t now_unix);

}  // namespace equalsay::consensus

#endif  // EQUALSAY_SERVICES_CONSENSUS_STORE_ACTION_STORE_H_
