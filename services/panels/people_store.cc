#include "services/panels/people_store.h"

#include "services/common/sql.h"

namespace equalsay::panels {
namespace {

constexpr Statement kCountPeople{"people_count", "SELECT count(*) FROM people"};
constexpr Statement kInsertPerson{
    "people_insert",
    "INSERT INTO people (display_name, org_role) VALUES ($1, $2) RETURNING id"};
constexpr Statement kInsertToken{
    "tokens_insert",
    "INSERT INTO tokens (person_id, token_hash, label) VALUES ($1, $2, $3) "
    "RETURNING id"};

}  // namespace

int64_t CountPeople(pqxx::transaction_base& txn) {
  return Exec(txn, kCountPeople)[0][0].as<int64_t>();
}

int64_t InsertPerson(pqxx::transaction_base& txn,
                     const std::string& display_name,
                     const std::string& org_role) {
  return Exec(txn, kInsertPerson, display_name, org_role)[0][0].as<int64_t>();
}

int64_t InsertToken(pqxx::transaction_base& txn, int64_t person_id,
                    const std::string& token_hash, const std::string& label) {
  return Exec(txn, kInsertToken, person_id, token_hash, label)[0][0]
      .as<int64_t>();
}

}  // namespace equalsay::panels
