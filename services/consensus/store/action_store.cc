#include "services/consensus/store/action_store.h"

#include <map>

#include "services/common/base/enum_names.h"
#include "services/common/store/sql.h"
#include "services/consensus/rules/actions.h"
#include "services/privacy/store/people_names.h"

namespace equalsay::consensus {
namespace {

constexpr Statement kInsert{
    "actions_insert",
    "INSERT INTO actions (round_id, decision_id, what, owner_id, due_at, "
    "added_by) VALUES ($1, $2, $3, $4, to_timestamp($5::bigint), $6) "
    "RETURNING id"};
// Rows of one action, or of a round's (or every round's when $2 is 0).
#define EQ_ACTION_COLUMNS                                                 \
  "SELECT a.id, a.round_id, a.decision_id, d.title, a.what, a.owner_id, " \
  "o.display_name, extract(epoch FROM a.due_at)::bigint, a.state, "       \
  "b.display_name, extract(epoch FROM a.added_at)::bigint, a.added_by, "  \
  "coalesce(d.candidate_id, 0) FROM actions a "                           \
  "JOIN decisions d ON d.id = a.decision_id JOIN people o ON o.id = "     \
  "a.owner_id JOIN people b ON b.id = a.added_by "
constexpr Statement kLoad{"actions_load", EQ_ACTION_COLUMNS "WHERE a.id = $1"};
constexpr Statement kLoadHeld{
    "actions_load_held", EQ_ACTION_COLUMNS "WHERE a.id = $1 FOR UPDATE OF a"};
constexpr Statement kList{
    "actions_list",
    EQ_ACTION_COLUMNS "WHERE $1::bigint = 0 OR a.round_id = $1 ORDER BY a.id"};
#undef EQ_ACTION_COLUMNS
constexpr Statement kUpdates{
    "action_updates_of",
    "SELECT u.action_id, u.state, u.note, p.display_name, "
    "extract(epoch FROM u.at)::bigint, u.by_id FROM action_updates u JOIN "
    "people p ON "
    "p.id = u.by_id WHERE u.action_id = ANY($1::bigint[]) "
    "ORDER BY u.action_id, u.seq"};
constexpr Statement kAddUpdate{
    "action_updates_add",
    "WITH moved AS (UPDATE actions SET state = $2 WHERE id = $1 RETURNING id) "
    "INSERT INTO action_updates (action_id, seq, state, note, by_id) "
    "SELECT id, (SELECT coalesce(max(seq), 0) + 1 FROM action_updates WHERE "
    "action_id = $1), $2, $3, $4 FROM moved"};

v1::Action ActionFrom(const pqxx::row& row, privacy::PeopleNames& names,
                      int64_t now_unix) {
  v1::Action a;
  a.set_id(row[0].as<std::string>());
  a.set_round_id(row[1].as<std::string>());
  a.set_decision_id(row[2].as<std::string>());
  // A decision on a candidate names them: its title is locked.
  a.set_decision_title(names.Text({"candidate/" + row[12].as<std::string>()},
                                  privacy::kDecisionTitleContext,
                                  row[3].as<std::string>()));
  a.set_what(row[4].as<std::string>());
  a.set_owner_person_id(row[5].as<std::string>());
  a.set_owner_name(
      names.Name(IdAt<PersonId>(row[5]), row[6].as<std::string>()));
  a.set_due_unix(row[7].as<int64_t>());
  a.set_state(ActionStateFromName(row[8].as<std::string>()));
  a.set_added_by_name(
      names.Name(IdAt<PersonId>(row[11]), row[9].as<std::string>()));
  a.set_added_at_unix(row[10].as<int64_t>());
  a.set_overdue(Overdue(a, now_unix));
  return a;
}

// Fills in each action's history, in one read.
void AddUpdates(pqxx::transaction_base& txn, privacy::PeopleNames& names,
                std::vector<v1::Action>& actions) {
  if (actions.empty()) return;
  std::vector<std::string> ids;
  std::map<std::string, v1::Action*> by_id;
  for (v1::Action& a : actions) {
    ids.push_back(a.id());
    by_id[a.id()] = &a;
  }
  for (const auto& row : Exec(txn, kUpdates, PgArray(ids))) {
    v1::ActionUpdate* u = by_id[row[0].as<std::string>()]->add_updates();
    u->set_state(ActionStateFromName(row[1].as<std::string>()));
    u->set_note(row[2].as<std::string>());
    u->set_by_name(
        names.Name(IdAt<PersonId>(row[5]), row[3].as<std::string>()));
    u->set_at_unix(row[4].as<int64_t>());
  }
}

}  // namespace

ActionId InsertAction(pqxx::transaction_base& txn, const NewAction& action) {
  return IdAt<ActionId>(Exec(txn, kInsert, action.round_id, action.decision_id,
                             action.what, action.owner_id, action.due_unix,
                             action.added_by)[0][0]);
}

std::optional<v1::Action> LoadAction(pqxx::transaction_base& txn,
                                     const privacy::DataKeys& keys, ActionId id,
                                     int64_t now_unix, bool hold) {
  const pqxx::result rows = Exec(txn, hold ? kLoadHeld : kLoad, id);
  if (rows.empty()) return std::nullopt;
  privacy::PeopleNames names(txn, keys);
  std::vector<v1::Action> one = {ActionFrom(rows[0], names, now_unix)};
  AddUpdates(txn, names, one);
  return one[0];
}

void AddActionUpdate(pqxx::transaction_base& txn, ActionId id,
                     v1::ActionState state, const std::string& note,
                     PersonId by) {
  Exec(txn, kAddUpdate, id, ActionStateName(state), note, by);
}

std::vector<v1::Action> ActionsOf(pqxx::transaction_base& txn,
                                  const privacy::DataKeys& keys,
                                  std::optional<RoundId> round_id,
                                  int64_t now_unix) {
  std::vector<v1::Action> out;
  privacy::PeopleNames names(txn, keys);
  for (const auto& row :
       Exec(txn, kList, round_id.has_value() ? round_id->value() : 0)) {
    out.push_back(ActionFrom(row, names, now_unix));
  }
  AddUpdates(txn, names, out);
  return out;
}

}  // namespace equalsay::consensus
