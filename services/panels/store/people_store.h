// People and their tokens in PostgreSQL.
#ifndef EQUALSAY_SERVICES_PANELS_STORE_PEOPLE_STORE_H_
#define EQUALSAY_SERVICES_PANELS_STORE_PEOPLE_STORE_H_

#include <cstdint>
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "equalsay/v1/common.pb.h"
#include "equalsay/v1/panels.pb.h"
#include "services/common/base/ids.h"
#include "services/common/store/tokens.h"
#include "services/privacy/rules/data_keys.h"

namespace equalsay::panels {

int64_t CountPeople(pqxx::transaction_base& txn);
int64_t CountActiveAdmins(pqxx::transaction_base& txn);

// Names and addresses are kept locked under the person's key
// (privacy/store/people_names.h) and opened as they are read.
PersonId InsertPerson(pqxx::transaction_base& txn,
                      const privacy::DataKeys& keys,
                      const std::string& display_name, v1::OrgRole org_role,
                      const std::string& email = "");
std::optional<v1::Person> LoadPerson(pqxx::transaction_base& txn,
                                     const privacy::DataKeys& keys,
                                     PersonId id);
std::vector<v1::Person> ListPeople(pqxx::transaction_base& txn,
                                   const privacy::DataKeys& keys,
                                   bool include_inactive);
void DeactivatePerson(pqxx::transaction_base& txn, PersonId id);
// The first time only; reading it again changes nothing.
void MarkPrivacyNoticeRead(pqxx::transaction_base& txn, PersonId id);
// Every field as given (the service fills what stays).
void UpdatePerson(pqxx::transaction_base& txn, const privacy::DataKeys& keys,
                  const v1::Person& person);
// Active people with this e-mail address, in any letter case (ASCII).
std::vector<v1::Person> FindPeopleByEmail(pqxx::transaction_base& txn,
                                          const privacy::DataKeys& keys,
                                          const std::string& email);
// Locks up to `limit` names and addresses kept as written by earlier
// versions, and indexes the addresses that have no index; returns how many
// people.
int64_t LockPlainPeople(pqxx::transaction_base& txn,
                        const privacy::DataKeys& keys, int limit);

// A sign-in link stops working once used.
void MarkLinkUsed(pqxx::transaction_base& txn, TokenId link_id);
// Ends the token `current`, and with `everywhere` every working session
// and link of its holder too; returns the ids ended.
std::vector<TokenId> EndSessions(pqxx::transaction_base& txn,
                                 PersonId person_id, TokenId current,
                                 bool everywhere);
// What a person called a sign-in (a script token's label, a session's
// device) as it is stored: locked under their key.
std::string LockTokenLabel(pqxx::transaction_base& txn,
                           const privacy::DataKeys& keys, PersonId person_id,
                           const std::string& label);
// Locks up to `limit` labels kept as written by earlier versions; returns
// how many.
int64_t LockPlainTokenLabels(pqxx::transaction_base& txn,
                             const privacy::DataKeys& keys, int limit);
// The person's tokens, newest first; `current` is marked as this one.
std::vector<v1::TokenInfo> ListTokens(pqxx::transaction_base& txn,
                                      const privacy::DataKeys& keys,
                                      PersonId person_id, TokenId current);

struct TokenOwner {
  PersonId person_id{0};
  bool revoked = false;
};
std::optional<TokenOwner> LoadTokenOwner(pqxx::transaction_base& txn,
                                         TokenId token_id);

}  // namespace equalsay::panels

#endif  // EQUALSAY_SERVICES_PANELS_STORE_PEOPLE_STORE_H_
