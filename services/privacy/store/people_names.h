// People's names and e-mail addresses as `people` keeps them: locked under
// each person's key, with a blind index to find someone by address.
#ifndef EQUALSAY_SERVICES_PRIVACY_STORE_PEOPLE_NAMES_H_
#define EQUALSAY_SERVICES_PRIVACY_STORE_PEOPLE_NAMES_H_

#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "services/common/base/ids.h"
#include "services/privacy/rules/data_keys.h"
#include "services/privacy/store/subject_keys.h"

namespace equalsay::privacy {

// A name or address as stored (empty stays empty).
std::string LockName(pqxx::transaction_base& txn, const DataKeys& keys,
                     PersonId person, const std::string& name);
std::string LockEmail(pqxx::transaction_base& txn, const DataKeys& keys,
                      PersonId person, const std::string& email);
// What `people.email_index` holds for an address, in any letter case
// (FoldCase; "" for none); made with a key of its own, kept like a subject's,
// so it survives a change of data key.
std::string EmailIndex(pqxx::transaction_base& txn, const DataKeys& keys,
                       const std::string& email);

// Opens the names (and addresses) read in one transaction, and any other
// locked text, sharing the keys it reads.
class PeopleNames : public TextOpener {
 public:
  using TextOpener::Prefetch;
  using TextOpener::TextOpener;
  // Reads the keys of `people` in one query (for lists).
  void Prefetch(const std::vector<PersonId>& people);
  std::string Name(PersonId person, const std::string& stored);
  std::string Email(PersonId person, const std::string& stored);
};

// One person's name, opened; "" when there is no such person.
std::string NameOf(pqxx::transaction_base& txn, const DataKeys& keys,
                   PersonId person);

}  // namespace equalsay::privacy

#endif  // EQUALSAY_SERVICES_PRIVACY_STORE_PEOPLE_NAMES_H_
