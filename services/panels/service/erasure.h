// Erasing a person or candidate now, on request or by the retention policy:
// their data overwritten (see erasure_store.h), what went in words, and the
// event that records it, handed to `record`.
#ifndef EQUALSAY_SERVICES_PANELS_SERVICE_ERASURE_H_
#define EQUALSAY_SERVICES_PANELS_SERVICE_ERASURE_H_

#include <optional>
#include <pqxx/pqxx>

#include "absl/strings/string_view.h"
#include "equalsay/v1/panels.pb.h"
#include "services/common/base/ids.h"
#include "services/common/store/events.h"
#include "services/privacy/rules/data_keys.h"

namespace equalsay::panels {

// `by`: the administrator who was asked (none: the server, by the policy);
// `why`: "request" or "retention", recorded in the event.
v1::Erasure ErasePersonNow(pqxx::transaction_base& txn,
                           const privacy::DataKeys& keys, PersonId id,
                           std::optional<PersonId> by, absl::string_view why,
                           EventSink record);
v1::Erasure EraseCandidateNow(pqxx::transaction_base& txn,
                              const privacy::DataKeys& keys, CandidateId id,
                              RoundId round_id, std::optional<PersonId> by,
                              absl::string_view why, EventSink record);

}  // namespace equalsay::panels

#endif  // EQUALSAY_SERVICES_PANELS_SERVICE_ERASURE_H_
