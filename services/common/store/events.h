// Appends audit-trail events inside the transaction that makes the change.
#ifndef EQUALSAY_SERVICES_COMMON_STORE_EVENTS_H_
#define EQUALSAY_SERVICES_COMMON_STORE_EVENTS_H_

#include <cstdint>
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/strings/string_view.h"
#include "services/common/base/ids.h"
#include "services/common/base/json.h"

namespace equalsay {

struct NewEvent {
  std::optional<PersonId> actor_id;  // nullopt: the server itself.
  std::string action;                // e.g. "person.created"
  std::string subject;               // e.g. "person/12"
  std::optional<RoundId> round_id;
  std::string payload_json = "{}";  // Never a secret ballot's choice.
};

// Where code that changes something hands the events that record it (a
// call's or the server's own), so it can be used inside and outside an RPC.
using EventSink = absl::FunctionRef<void(const NewEvent&)>;

// For statements that append events alongside other work: the events as
// five array parameters, and the INSERT ... RETURNING seq that reads them
// from parameters $first to $first + 4 (sorted, the sequence numbers follow
// the events' order).
struct EventParams {
  std::string actors, actions, subjects, rounds, payloads;
};
EventParams EventParamsOf(const std::vector<NewEvent>& events);
std::string AppendEventsSql(int first);

// Appends the events in order, in one statement; returns their sequence
// numbers, in the same order.
std::vector<int64_t> AppendEvents(pqxx::transaction_base& txn,
                                  const std::vector<NewEvent>& events);

// Returns the event's sequence number.
int64_t AppendEvent(pqxx::transaction_base& txn, const NewEvent& event);

}  // namespace equalsay

#endif  // EQUALSAY_SERVICES_COMMON_STORE_EVENTS_H_
