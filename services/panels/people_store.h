// People and their tokens in PostgreSQL.
#ifndef EQUALSAY_SERVICES_PANELS_PEOPLE_STORE_H_
#define EQUALSAY_SERVICES_PANELS_PEOPLE_STORE_H_

#include <cstdint>
#include <pqxx/pqxx>
#include <string>

namespace equalsay::panels {

int64_t CountPeople(pqxx::transaction_base& txn);

int64_t InsertPerson(pqxx::transaction_base& txn,
                     const std::string& display_name,
                     const std::string& org_role);

// Stores only the hash; the token itself never reaches the database.
int64_t InsertToken(pqxx::transaction_base& txn, int64_t person_id,
                    const std::string& token_hash, const std::string& label);

}  // namespace equalsay::panels

#endif  // EQUALSAY_SERVICES_PANELS_PEOPLE_STORE_H_
