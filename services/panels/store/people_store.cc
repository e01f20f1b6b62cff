#include "services/panels/store/people_store.h"

#include "absl/strings/str_cat.h"
#include "services/common/base/enum_names.h"
#include "services/common/store/sql.h"

namespace equalsay::panels {
namespace {

constexpr Statement kCountPeople{"people_count", "SELECT count(*) FROM people"};
constexpr Statement kCountAdmins{
    "people_count_admins",
    "SELECT count(*) FROM people WHERE org_role = 'ADMIN' AND active"};
constexpr Statement kInsertPerson{
    "people_insert",
    "INSERT INTO people (display_name, org_role, email) "
    "VALUES ($1, $2, NULLIF($3, '')) RETURNING id"};
constexpr Statement kLoadPerson{
    "people_load",
    "SELECT id, display_name, org_role, active FROM people WHERE id = $1"};
constexpr Statement kListPeople{
    "people_list",
    "SELECT id, display_name, org_role, active FROM people "
    "WHERE active OR $1 ORDER BY id"};
constexpr Statement kDeactivate{
    "people_deactivate",
    "UPDATE people SET active = false, deactivated_at = now() WHERE id = $1"};
constexpr Statement kInsertToken{
    "tokens_insert",
    "INSERT INTO tokens (person_id, token_hash, label, expires_at) "
    "VALUES ($1, $2, $3, CASE WHEN $4::int > 0 "
    "THEN now() + make_interval(days => $4::int) END) "
    "RETURNING id, COALESCE(extract(epoch FROM expires_at)::bigint, 0)"};
constexpr Statement kTokenOwner{
    "tokens_owner",
    "SELECT person_id, revoked_at IS NOT NULL FROM tokens WHERE id = $1"};
constexpr Statement kRevoke{"tokens_revoke",
                            "UPDATE tokens SET revoked_at = now() WHERE id = "
                            "$1 AND revoked_at IS NULL"};

v1::Person PersonFrom(const pqxx::row& row) {
  v1::Person person;
  person.set_id(absl::StrCat(row[0].as<int64_t>()));
  person.set_display_name(row[1].as<std::string>());
  person.set_org_role(OrgRoleFromName(row[2].as<std::string>()));
  person.set_active(row[3].as<bool>());
  return person;
}

}  // namespace

int64_t CountPeople(pqxx::transaction_base& txn) {
  return Exec(txn, kCountPeople)[0][0].as<int64_t>();
}

int64_t CountActiveAdmins(pqxx::transaction_base& txn) {
  return Exec(txn, kCountAdmins)[0][0].as<int64_t>();
}

PersonId InsertPerson(pqxx::transaction_base& txn,
                      const std::string& display_name, v1::OrgRole org_role,
                      const std::string& email) {
  return IdAt<PersonId>(Exec(txn, kInsertPerson, display_name,
                             OrgRoleName(org_role), email)[0][0]);
}

std::optional<v1::Person> LoadPerson(pqxx::transaction_base& txn, PersonId id) {
  const pqxx::result rows = Exec(txn, kLoadPerson, id);
  if (rows.empty()) return std::nullopt;
  return PersonFrom(rows[0]);
}

std::vector<v1::Person> ListPeople(pqxx::transaction_base& txn,
                                   bool include_inactive) {
  std::vector<v1::Person> people;
  for (const auto& row : Exec(txn, kListPeople, include_inactive)) {
    people.push_back(PersonFrom(row));
  }
  return people;
}

void DeactivatePerson(pqxx::transaction_base& txn, PersonId id) {
  Exec(txn, kDeactivate, id);
}

IssuedToken InsertToken(pqxx::transaction_base& txn, PersonId person_id,
                        const std::string& token_hash, const std::string& label,
                        int expires_in_days) {
  const pqxx::row row =
      Exec(txn, kInsertToken, person_id, token_hash, label, expires_in_days)[0];
  return {.id = IdAt<TokenId>(row[0]), .expires_at_unix = row[1].as<int64_t>()};
}

std::optional<TokenOwner> LoadTokenOwner(pqxx::transaction_base& txn,
                                         TokenId token_id) {
  const pqxx::result rows = Exec(txn, kTokenOwner, token_id);
  if (rows.empty()) return std::nullopt;
  return TokenOwner{.person_id = IdAt<PersonId>(rows[0][0]),
                    .revoked = rows[0][1].as<bool>()};
}

void RevokeToken(pqxx::transaction_base& txn, TokenId token_id) {
  Exec(txn, kRevoke, token_id);
}

}  // namespace equalsay::panels
