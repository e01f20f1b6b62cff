#include "services/common/events.h"

#include "services/common/sql.h"

namespace equalsay {
namespace {

constexpr Statement kAppendEvent{
    "events_append",
    "INSERT INTO events (actor_id, action, subject, round_id, payload) "
    "VALUES ($1, $2, $3, $4, $5::jsonb) RETURNING seq"};

}  // namespace

int64_t AppendEvent(pqxx::transaction_base& txn, const NewEvent& event) {
  return Exec(txn, kAppendEvent, event.actor_id, event.action, event.subject,
              event.round_id, event.payload_json)[0][0]
      .as<int64_t>();
}

}  // namespace equalsay
