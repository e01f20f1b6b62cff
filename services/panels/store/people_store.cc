#include "services/panels/store/people_store.h"

#include "absl/strings/str_cat.h"
#include "services/common/base/enum_names.h"
#include "services/common/store/sql.h"
#include "services/privacy/store/people_names.h"
#include "services/privacy/store/plain_columns.h"
#include "services/privacy/store/subject_keys.h"

namespace equalsay::panels {
namespace {

constexpr Statement kCountPeople{"people_count", "SELECT count(*) FROM people"};
constexpr Statement kCountAdmins{
    "people_count_admins",
    "SELECT count(*) FROM people WHERE org_role = 'ADMIN' AND active"};
// The name is locked under a key made for the new id, so it follows the
// row in the same transaction: nothing else ever sees the stand-in.
constexpr Statement kInsertPerson{
    "people_insert",
    "INSERT INTO people (display_name, org_role) VALUES ('-', $1) "
    "RETURNING id"};
constexpr Statement kLoadPerson{
    "people_load",
    "SELECT id, display_name, org_role, active, coalesce(email, ''), "
    "erased_at IS NOT NULL, privacy_notice_read_at IS NOT NULL "
    "FROM people WHERE id = $1"};
constexpr Statement kListPeople{
    "people_list",
    "SELECT id, display_name, org_role, active, coalesce(email, ''), "
    "erased_at IS NOT NULL, privacy_notice_read_at IS NOT NULL "
    "FROM people WHERE active OR $1 ORDER BY id"};
constexpr Statement kDeactivate{
    "people_deactivate",
    "UPDATE people SET active = false, deactivated_at = now() WHERE id = $1"};
constexpr Statement kUpdatePerson{
    "people_update",
    "UPDATE people SET display_name = $2, email = NULLIF($3, ''), "
    "email_index = NULLIF($4, ''), org_role = coalesce($5, org_role) "
    "WHERE id = $1"};
constexpr Statement kPlainPeople{
    "people_plain",
    "SELECT id, display_name, coalesce(email, '') FROM people "
    "WHERE erased_at IS NULL AND (display_name NOT LIKE 'locked:%' OR "
    "email NOT LIKE 'locked:%' OR (email_index IS NULL AND email <> '')) "
    "ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED"};
constexpr Statement kByEmail{
    "people_by_email",
    "SELECT id, display_name, org_role, active, coalesce(email, ''), "
    "erased_at IS NOT NULL, privacy_notice_read_at IS NOT NULL "
    "FROM people WHERE email_index = $1 AND active ORDER BY id"};
constexpr Statement kPrivacyNoticeRead{
    "people_privacy_notice_read",
    "UPDATE people SET privacy_notice_read_at = coalesce("
    "privacy_notice_read_at, now()) WHERE id = $1"};
constexpr Statement kMarkUsed{
    "tokens_mark_used", "UPDATE tokens SET used_at = now() WHERE id = $1"};
constexpr Statement kEndSessions{
    "tokens_end_sessions",
    "UPDATE tokens SET revoked_at = now() WHERE person_id = $1 AND "
    "revoked_at IS NULL AND ((id = $2 AND kind = 'session') OR ($3 AND "
    "kind IN ('session', 'link') "
    "AND used_at IS NULL AND (expires_at IS NULL OR expires_at > now())))"
    " RETURNING id"};
constexpr Statement kListTokens{
    "tokens_list",
    "SELECT id, kind, label, extract(epoch FROM created_at)::bigint, "
    "coalesce(extract(epoch FROM last_used_at)::bigint, 0), "
    "coalesce(extract(epoch FROM expires_at)::bigint, 0), "
    "coalesce(extract(epoch FROM coalesce(revoked_at, used_at))::bigint, 0), "
    "CASE WHEN revoked_at IS NOT NULL THEN 'ENDED' "
    "WHEN used_at IS NOT NULL THEN 'USED' "
    "WHEN expires_at <= now() THEN 'EXPIRED' ELSE 'WORKING' END "
    "FROM tokens WHERE person_id = $1 ORDER BY id DESC"};
constexpr Statement kTokenOwner{
    "tokens_owner",
    "SELECT person_id, revoked_at IS NOT NULL FROM tokens WHERE id = $1"};

v1::Person PersonFrom(const pqxx::row& row, privacy::PeopleNames& names) {
  const PersonId id = IdAt<PersonId>(row[0]);
  v1::Person person;
  person.set_id(id.str());
  person.set_display_name(names.Name(id, row[1].as<std::string>()));
  person.set_org_role(OrgRoleFromName(row[2].as<std::string>()));
  person.set_active(row[3].as<bool>());
  person.set_email(names.Email(id, row[4].as<std::string>()));
  person.set_erased(row[5].as<bool>());
  person.set_privacy_notice_read(row[6].as<bool>());
  return person;
}

std::vector<v1::Person> PeopleFrom(pqxx::transaction_base& txn,
                                   const privacy::DataKeys& keys,
                                   const pqxx::result& rows) {
  privacy::PeopleNames names(txn, keys);
  std::vector<PersonId> ids;
  for (const auto& row : rows) ids.push_back(IdAt<PersonId>(row[0]));
  names.Prefetch(ids);
  std::vector<v1::Person> people;
  for (const auto& row : rows) people.push_back(PersonFrom(row, names));
  return people;
}

// Name, address and its index as stored; `org_role` too unless nullopt.
void StorePerson(pqxx::transaction_base& txn, const privacy::DataKeys& keys,
                 PersonId id, const std::string& display_name,
                 const std::string& email,
                 std::optional<std::string> org_role) {
  Exec(txn, kUpdatePerson, id, privacy::LockName(txn, keys, id, display_name),
       privacy::LockEmail(txn, keys, id, email),
       privacy::EmailIndex(txn, keys, email), org_role);
}

}  // namespace

int64_t CountPeople(pqxx::transaction_base& txn) {
  return Exec(txn, kCountPeople)[0][0].as<int64_t>();
}

int64_t CountActiveAdmins(pqxx::transaction_base& txn) {
  return Exec(txn, kCountAdmins)[0][0].as<int64_t>();
}

PersonId InsertPerson(pqxx::transaction_base& txn,
                      const privacy::DataKeys& keys,
                      const std::string& display_name, v1::OrgRole org_role,
                      const std::string& email) {
  const PersonId id =
      IdAt<PersonId>(Exec(txn, kInsertPerson, OrgRoleName(org_role))[0][0]);
  StorePerson(txn, keys, id, display_name, email, std::nullopt);
  return id;
}

std::optional<v1::Person> LoadPerson(pqxx::transaction_base& txn,
                                     const privacy::DataKeys& keys,
                                     PersonId id) {
  const pqxx::result rows = Exec(txn, kLoadPerson, id);
  if (rows.empty()) return std::nullopt;
  privacy::PeopleNames names(txn, keys);
  return PersonFrom(rows[0], names);
}

std::vector<v1::Person> ListPeople(pqxx::transaction_base& txn,
                                   const privacy::DataKeys& keys,
                                   bool include_inactive) {
  return PeopleFrom(txn, keys, Exec(txn, kListPeople, include_inactive));
}

void MarkPrivacyNoticeRead(pqxx::transaction_base& txn, PersonId id) {
  Exec(txn, kPrivacyNoticeRead, id);
}

void DeactivatePerson(pqxx::transaction_base& txn, PersonId id) {
  Exec(txn, kDeactivate, id);
}

std::vector<v1::Person> FindPeopleByEmail(pqxx::transaction_base& txn,
                                          const privacy::DataKeys& keys,
                                          const std::string& email) {
  if (email.empty()) return {};
  return PeopleFrom(txn, keys,
                    Exec(txn, kByEmail, privacy::EmailIndex(txn, keys, email)));
}

void UpdatePerson(pqxx::transaction_base& txn, const privacy::DataKeys& keys,
                  const v1::Person& person) {
  StorePerson(txn, keys, IdOf<PersonId>(person.id()), person.display_name(),
              person.email(), OrgRoleName(person.org_role()));
}

int64_t LockPlainPeople(pqxx::transaction_base& txn,
                        const privacy::DataKeys& keys, int limit) {
  int64_t locked = 0;
  for (const auto& row : Exec(txn, kPlainPeople, limit)) {
    // What is already locked is opened and locked again: one path.
    privacy::PeopleNames names(txn, keys);
    const PersonId id = IdAt<PersonId>(row[0]);
    StorePerson(txn, keys, id, names.Name(id, row[1].as<std::string>()),
                names.Email(id, row[2].as<std::string>()), std::nullopt);
    ++locked;
  }
  return locked;
}

void MarkLinkUsed(pqxx::transaction_base& txn, TokenId link_id) {
  Exec(txn, kMarkUsed, link_id);
}

std::vector<TokenId> EndSessions(pqxx::transaction_base& txn,
                                 PersonId person_id, TokenId current,
                                 bool everywhere) {
  std::vector<TokenId> ended;
  for (const auto& row :
       Exec(txn, kEndSessions, person_id, current, everywhere)) {
    ended.push_back(IdAt<TokenId>(row[0]));
  }
  return ended;
}

std::string LockTokenLabel(pqxx::transaction_base& txn,
                           const privacy::DataKeys& keys, PersonId person_id,
                           const std::string& label) {
  return privacy::LockAbout(txn, keys, {Subject("person", person_id)},
                            privacy::kTokenLabelContext, label);
}

int64_t LockPlainTokenLabels(pqxx::transaction_base& txn,
                             const privacy::DataKeys& keys, int limit) {
  return privacy::LockPlainColumn(
      txn, keys,
      {"tokens", "label", "ARRAY['person/' || person_id]",
       privacy::kTokenLabelContext},
      limit);
}

std::vector<v1::TokenInfo> ListTokens(pqxx::transaction_base& txn,
                                      const privacy::DataKeys& keys,
                                      PersonId person_id, TokenId current) {
  privacy::TextOpener opener(txn, keys);
  std::vector<v1::TokenInfo> out;
  for (const auto& row : Exec(txn, kListTokens, person_id)) {
    v1::TokenInfo& t = out.emplace_back();
    t.set_id(absl::StrCat(row[0].as<int64_t>()));
    t.set_person_id(person_id.str());
    t.set_kind(TokenKindFromName(row[1].as<std::string>()));
    t.set_label(opener.Text({Subject("person", person_id)},
                            privacy::kTokenLabelContext,
                            row[2].as<std::string>()));
    t.set_created_at_unix(row[3].as<int64_t>());
    t.set_last_used_at_unix(row[4].as<int64_t>());
    t.set_expires_at_unix(row[5].as<int64_t>());
    t.set_ended_at_unix(row[6].as<int64_t>());
    v1::TokenState state = v1::TOKEN_STATE_UNSPECIFIED;
    v1::TokenState_Parse("TOKEN_STATE_" + row[7].as<std::string>(), &state);
    t.set_state(state);
    t.set_this_one(row[0].as<int64_t>() == current.value());
  }
  return out;
}

std::optional<TokenOwner> LoadTokenOwner(pqxx::transaction_base& txn,
                                         TokenId token_id) {
  const pqxx::result rows = Exec(txn, kTokenOwner, token_id);
  if (rows.empty()) return std::nullopt;
  return TokenOwner{.person_id = IdAt<PersonId>(rows[0][0]),
                    .revoked = rows[0][1].as<bool>()};
}

}  // namespace equalsay::panels
