#include "services/common/events.h"

#include <algorithm>

#include "services/common/sql.h"

namespace equalsay {
namespace {

// Sequence numbers are drawn in the order of `n`, so sorted they match the
// events as given.
constexpr Statement kAppendEvents{
    "events_append",
    "INSERT INTO events (actor_id, action, subject, round_id, payload) "
    "SELECT e.actor_id, e.action, e.subject, e.round_id, e.payload::jsonb "
    "FROM unnest($1::bigint[], $2::text[], $3::text[], $4::bigint[], "
    "$5::text[]) WITH ORDINALITY "
    "AS e(actor_id, action, subject, round_id, payload, n) "
    "ORDER BY e.n RETURNING seq"};

}  // namespace

std::vector<int64_t> AppendEvents(pqxx::transaction_base& txn,
                                  const std::vector<NewEvent>& events) {
  std::vector<std::optional<int64_t>> actors, rounds;
  std::vector<std::string> actions, subjects, payloads;
  for (const NewEvent& e : events) {
    actors.push_back(e.actor_id);
    actions.push_back(e.action);
    subjects.push_back(e.subject);
    rounds.push_back(e.round_id);
    payloads.push_back(e.payload_json);
  }
  std::vector<int64_t> seqs;
  for (const auto& row :
       Exec(txn, kAppendEvents, PgArray(actors), PgArray(actions),
            PgArray(subjects), PgArray(rounds), PgArray(payloads))) {
    seqs.push_back(row[0].as<int64_t>());
  }
  std::sort(seqs.begin(), seqs.end());
  return seqs;
}

int64_t AppendEvent(pqxx::transaction_base& txn, const NewEvent& event) {
  return AppendEvents(txn, {event})[0];
}

}  // namespace equalsay
