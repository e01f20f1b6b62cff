#include "services/common/store/events.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/substitute.h"
#include "services/common/store/sql.h"

namespace equalsay {

EventParams EventParamsOf(const std::vector<NewEvent>& events) {
  std::vector<std::optional<PersonId>> actors;
  std::vector<std::optional<RoundId>> rounds;
  std::vector<std::string> actions, subjects, payloads;
  for (const NewEvent& e : events) {
    actors.push_back(e.actor_id);
    actions.push_back(e.action);
    subjects.push_back(e.subject);
    rounds.push_back(e.round_id);
    payloads.push_back(e.payload_json);
  }
  return {.actors = PgArray(actors),
          .actions = PgArray(actions),
          .subjects = PgArray(subjects),
          .rounds = PgArray(rounds),
          .payloads = PgArray(payloads)};
}

// Sequence numbers are drawn in the order of `n`, so sorted they match the
// events as given.
std::string AppendEventsSql(int first) {
  return absl::Substitute(
      "INSERT INTO events (actor_id, action, subject, round_id, payload) "
      "SELECT e.actor_id, e.action, e.subject, e.round_id, e.payload::jsonb "
      "FROM unnest($$$0::bigint[], $$$1::text[], $$$2::text[], "
      "$$$3::bigint[], $$$4::text[]) WITH ORDINALITY "
      "AS e(actor_id, action, subject, round_id, payload, n) "
      "ORDER BY e.n RETURNING seq",
      first, first + 1, first + 2, first + 3, first + 4);
}

std::vector<int64_t> AppendEvents(pqxx::transaction_base& txn,
                                  const std::vector<NewEvent>& events) {
  static const std::string sql = AppendEventsSql(1);
  const EventParams p = EventParamsOf(events);
  std::vector<int64_t> seqs;
  for (const auto& row : Exec(txn, {"events_append", sql.c_str()}, p.actors,
                              p.actions, p.subjects, p.rounds, p.payloads)) {
    seqs.push_back(row[0].as<int64_t>());
  }
  std::sort(seqs.begin(), seqs.end());
  return seqs;
}

int64_t AppendEvent(pqxx::transaction_base& txn, const NewEvent& event) {
  return AppendEvents(txn, {event})[0];
}

}  // namespace equalsay
