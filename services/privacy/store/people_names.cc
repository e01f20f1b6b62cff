#include "services/privacy/store/people_names.h"

#include "services/common/store/sql.h"
#include "services/privacy/rules/fold_case.h"

namespace equalsay::privacy {
namespace {

constexpr Statement kName{"people_name",
                          "SELECT display_name FROM people WHERE id = $1"};
// Never erased: the index key is about nobody.
constexpr char kEmailIndexSubject[] = "index/email";

}  // namespace

std::string LockName(pqxx::transaction_base& txn, const DataKeys& keys,
                     PersonId person, const std::string& name) {
  return LockAbout(txn, keys, {Subject("person", person)}, kNameContext, name);
}

std::string LockEmail(pqxx::transaction_base& txn, const DataKeys& keys,
                      PersonId person, const std::string& email) {
  return LockAbout(txn, keys, {Subject("person", person)}, kEmailContext,
                   email);
}

std::string EmailIndex(pqxx::transaction_base& txn, const DataKeys& keys,
                       const std::string& email) {
  if (email.empty()) return "";
  return BlindIndex(*KeyAbout(txn, keys, {kEmailIndexSubject}, /*make=*/true),
                    FoldCase(email));
}

void PeopleNames::Prefetch(const std::vector<PersonId>& people) {
  std::vector<std::string> subjects;
  subjects.reserve(people.size());
  for (PersonId p : people) subjects.push_back(Subject("person", p));
  Prefetch(subjects);
}

std::string PeopleNames::Name(PersonId person, const std::string& stored) {
  return Text({Subject("person", person)}, kNameContext, stored);
}

std::string PeopleNames::Email(PersonId person, const std::string& stored) {
  return Text({Subject("person", person)}, kEmailContext, stored);
}

std::string NameOf(pqxx::transaction_base& txn, const DataKeys& keys,
                   PersonId person) {
  const pqxx::result rows = Exec(txn, kName, person);
  if (rows.empty()) return "";
  return PeopleNames(txn, keys).Name(person, rows[0][0].as<std::string>());
}

}  // namespace equalsay::privacy
