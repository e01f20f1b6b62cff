// What equalsay holds about one person or candidate, read from PostgreSQL
// section by section for a subject access request.
#ifndef EQUALSAY_SERVICES_PANELS_STORE_SUBJECT_ACCESS_STORE_H_
#define EQUALSAY_SERVICES_PANELS_STORE_SUBJECT_ACCESS_STORE_H_

#include <pqxx/pqxx>
#include <vector>

#include "services/common/base/ids.h"
#include "services/panels/rules/subject_access.h"
#include "services/privacy/rules/data_keys.h"

namespace equalsay::panels {

// `keys` open what is sealed (reasons kept beside the audit trail).
std::vector<DataSection> PersonData(pqxx::transaction_base& txn,
                                    const privacy::DataKeys& keys, PersonId id);
std::vector<DataSection> CandidateData(pqxx::transaction_base& txn,
                                       const privacy::DataKeys& keys,
                                       CandidateId id);

}  // namespace equalsay::panels

#endif  // EQUALSAY_SERVICES_PANELS_STORE_SUBJECT_ACCESS_STORE_H_
