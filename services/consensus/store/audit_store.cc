#include "services/consensus/store/audit_store.h"

#include <limits>
#include <map>
#include <set>

#include "absl/strings/str_cat.h"
#include "services/common/store/sql.h"

namespace equalsay::consensus {
namespace {

constexpr Statement kTryLock{"audit_try_lock",
                             "SELECT pg_try_advisory_xact_lock(7165746163)"};
constexpr Statement kHorizon{
    "audit_horizon",
    "SELECT pg_snapshot_xmin(pg_current_snapshot())::text, "
    "pg_snapshot_xmax(pg_current_snapshot())::text"};
constexpr Statement kLastSeal{
    "audit_last_seal",
    "SELECT seal_no, from_xid::text, to_xid::text, next_xid::text, prev_hash, "
    "hash FROM audit_seals ORDER BY seal_no DESC LIMIT 1"};
constexpr Statement kMaxSealed{
    "audit_max_sealed",
    "SELECT coalesce(max(seq), 0) FROM audit_sealed_events"};
// Seals and what each sealed, a page at a time in seal order.
constexpr Statement kSealsAfter{
    "audit_seals_after",
    "SELECT seal_no, from_xid::text, to_xid::text, next_xid::text, prev_hash, "
    "hash FROM audit_seals WHERE seal_no > $1 ORDER BY seal_no LIMIT $2"};
constexpr Statement kSealedAfter{
    "audit_sealed_after",
    "SELECT seal_no, seq, content_hash FROM audit_sealed_events "
    "WHERE (seal_no, seq) > ($1, $2) AND seal_no <= $3 "
    "ORDER BY seal_no, seq LIMIT $4"};
// Every field as text, exactly as hashed.
#define EQ_EVENT_FIELDS                             \
  "seq, to_char(at AT TIME ZONE 'UTC', "            \
  "'YYYY-MM-DD\"T\"HH24:MI:SS.US'), "               \
  "coalesce(actor_id::text, ''), action, subject, " \
  "coalesce(round_id::text, ''), payload::text, xid::text"
#define EQ_EVENT_COLUMNS "SELECT " EQ_EVENT_FIELDS " FROM events "
// With what sealing checks of each event's transaction: whether it rolled
// back, and how many seconds after the event's place was taken it
// committed (NULL when commit times are not kept, or not for that
// transaction). Every transaction in [$1, $2) has ended.
constexpr Statement kEventsBetween{
    "audit_events_between",
    "SELECT " EQ_EVENT_FIELDS
    ", pg_xact_status(xid) = 'aborted', "
    "CASE WHEN current_setting('track_commit_timestamp')::bool THEN "
    "extract(epoch FROM pg_xact_commit_timestamp(((xid::text::bigint) "
    "& 4294967295)::text::xid) - least(at, (SELECT n.at FROM events n "
    "WHERE n.seq > e.seq ORDER BY n.seq LIMIT 1))) END "
    "FROM events e WHERE xid >= $1::text::xid8 AND xid < $2::text::xid8 "
    "ORDER BY seq"};
// Every place in [$1, $2]: the event there (its columns as
// EQ_EVENT_COLUMNS has them, then whether there is one) and the hash sealed
// there.
constexpr Statement kPlaces{
    "audit_places",
    "SELECT coalesce(e.seq, s.seq), "
    "to_char(e.at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US'), "
    "coalesce(e.actor_id::text, ''), e.action, e.subject, "
    "coalesce(e.round_id::text, ''), e.payload::text, e.xid::text, "
    "e.seq IS NOT NULL, s.content_hash FROM (SELECT * FROM events WHERE seq "
    ">= $1 AND seq <= $2) e FULL JOIN (SELECT seq, content_hash FROM "
    "audit_sealed_events WHERE seq >= $1 AND seq <= $2) s ON s.seq = e.seq "
    "ORDER BY 1"};
// The lowest sequence number at or above $1 in events or seals (NULL:
// none), so empty stretches are skipped however far apart numbers are.
constexpr Statement kNextPlace{
    "audit_next_place",
    "SELECT least((SELECT min(seq) FROM events WHERE seq >= $1), "
    "(SELECT min(seq) FROM audit_sealed_events WHERE seq >= $1))"};
constexpr Statement kSealedAt{
    "audit_sealed_at",
    "SELECT content_hash, max(seq) FROM audit_sealed_events "
    "WHERE content_hash = ANY($1::text[]) GROUP BY content_hash"};
constexpr Statement kEventsFrom{"audit_events_from", EQ_EVENT_COLUMNS
                                "WHERE seq >= $1 AND seq <= $2 ORDER BY seq"};
#undef EQ_EVENT_COLUMNS
#undef EQ_EVENT_FIELDS
// Where a seal of at most $3 events from $1 (below $2) would end: the
// transaction of the event just past them (NULL: all fit).
constexpr Statement kSealEnd{
    "audit_seal_end",
    "SELECT xid::text FROM events WHERE xid >= $1::text::xid8 AND "
    "xid < $2::text::xid8 ORDER BY xid OFFSET $3 LIMIT 1"};
constexpr Statement kInsertSeal{
    "audit_insert_seal",
    "INSERT INTO audit_seals (seal_no, from_xid, to_xid, next_xid, prev_hash, "
    "hash) VALUES ($1, $2::text::xid8, $3::text::xid8, $4::text::xid8, $5, "
    "$6)"};
constexpr Statement kInsertSealed{
    "audit_insert_sealed",
    "INSERT INTO audit_sealed_events (seq, seal_no, content_hash) "
    "SELECT unnest($1::bigint[]), $2, unnest($3::text[])"};

uint64_t Xid(const pqxx::field& f) { return std::stoull(f.as<std::string>()); }

SealRow SealFrom(const pqxx::row& row) {
  return {.seal_no = row[0].as<int64_t>(),
          .from_xid = Xid(row[1]),
          .to_xid = Xid(row[2]),
          .xmax = Xid(row[3]),
          .prev_hash = row[4].as<std::string>(),
          .hash = row[5].as<std::string>()};
}

// An event from the first eight columns of a row, as EQ_EVENT_COLUMNS
// selects them.
EventRow EventFrom(const pqxx::row& row) {
  return {.seq = row[0].as<int64_t>(),
          .at = row[1].as<std::string>(),
          .actor = row[2].as<std::string>(),
          .action = row[3].as<std::string>(),
          .subject = row[4].as<std::string>(),
          .round = row[5].as<std::string>(),
          .payload = row[6].as<std::string>(),
          .xid = Xid(row[7])};
}

std::vector<EventRow> EventsFrom(const pqxx::result& rows) {
  std::vector<EventRow> out;
  out.reserve(rows.size());
  for (const auto& row : rows) out.push_back(EventFrom(row));
  return out;
}

}  // namespace

bool TryLockSealing(pqxx::transaction_base& txn) {
  return Exec(txn, kTryLock)[0][0].as<bool>();
}

Horizon CurrentHorizon(pqxx::transaction_base& txn) {
  const pqxx::row row = Exec(txn, kHorizon)[0];
  return {.xmin = Xid(row[0]), .xmax = Xid(row[1])};
}

std::optional<SealRow> LastSeal(pqxx::transaction_base& txn) {
  const pqxx::result rows = Exec(txn, kLastSeal);
  if (rows.empty()) return std::nullopt;
  return SealFrom(rows[0]);
}

int64_t MaxSealedSeq(pqxx::transaction_base& txn) {
  return Exec(txn, kMaxSealed)[0][0].as<int64_t>();
}

std::vector<EventRow> EventsBetween(pqxx::transaction_base& txn, uint64_t from,
                                    uint64_t to) {
  const pqxx::result rows =
      Exec(txn, kEventsBetween, absl::StrCat(from), absl::StrCat(to));
  std::vector<EventRow> out;
  out.reserve(rows.size());
  for (const auto& row : rows) {
    EventRow& e = out.emplace_back(EventFrom(row));
    e.writer_rolled_back = !row[8].is_null() && row[8].as<bool>();
    if (!row[9].is_null()) {
      e.commit_lag = absl::Seconds(row[9].as<double>());
    }
  }
  return out;
}

uint64_t SealEnd(pqxx::transaction_base& txn, uint64_t from, uint64_t to,
                 int64_t max_events) {
  const pqxx::result rows =
      Exec(txn, kSealEnd, absl::StrCat(from), absl::StrCat(to), max_events);
  if (rows.empty()) return to;
  // A transaction is never split between seals: one larger than the limit
  // is sealed alone.
  return std::max(Xid(rows[0][0]), from + 1);
}

void InsertSeal(pqxx::transaction_base& txn, const SealRow& seal) {
  Exec(txn, kInsertSeal, seal.seal_no, absl::StrCat(seal.from_xid),
       absl::StrCat(seal.to_xid), absl::StrCat(seal.xmax), seal.prev_hash,
       seal.hash);
  if (seal.sealed.empty()) return;
  std::vector<int64_t> seqs;
  std::vector<std::string> hashes;
  for (const auto& [seq, hash] : seal.sealed) {
    seqs.push_back(seq);
    hashes.push_back(hash);
  }
  Exec(txn, kInsertSealed, PgArray(seqs), seal.seal_no, PgArray(hashes));
}

namespace {

constexpr int64_t kPage = 5000;

// Seals in order, each with its sealed list: seal headers a hundred at a
// time, their lists kPage entries at a time, so only one seal's list is
// held at once (and a seal holds at most about AuditSealer::kMaxSealEvents).
void FeedSeals(pqxx::transaction_base& txn, TrailVerifier& verifier) {
  for (int64_t after = 0;;) {
    std::vector<SealRow> seals;
    for (const auto& row : Exec(txn, kSealsAfter, after, 100)) {
      seals.push_back(SealFrom(row));
    }
    if (seals.empty()) return;
    size_t i = 0;
    // Where the last page of sealed entries ended: (seal_no, seq).
    int64_t last_seal = seals.front().seal_no - 1;
    int64_t last_seq = std::numeric_limits<int64_t>::min();
    while (true) {
      const pqxx::result rows = Exec(txn, kSealedAfter, last_seal, last_seq,
                                     seals.back().seal_no, kPage);
      for (const auto& row : rows) {
        const int64_t seal_no = row[0].as<int64_t>();
        while (i < seals.size() && seals[i].seal_no < seal_no) {
          verifier.CheckSeal(seals[i]);
          seals[i++] = {};  // Its list is no longer needed.
        }
        if (i < seals.size() && seals[i].seal_no == seal_no) {
          seals[i].sealed.emplace_back(row[1].as<int64_t>(),
                                       row[2].as<std::string>());
        }
        last_seal = seal_no;
        last_seq = row[1].as<int64_t>();
      }
      if (rows.size() < static_cast<size_t>(kPage)) break;
    }
    for (; i < seals.size(); ++i) verifier.CheckSeal(seals[i]);
    after = seals.back().seal_no;
  }
}

// Calls `range(lo, hi)` (both included) over every sequence number found
// in events or seals, kPage numbers at a time, skipping empty stretches.
template <typename Fn>
void ForEachRange(pqxx::transaction_base& txn, Fn range) {
  int64_t from = std::numeric_limits<int64_t>::min();
  while (true) {
    const pqxx::field next = Exec(txn, kNextPlace, from)[0][0];
    if (next.is_null()) return;
    const int64_t lo = next.as<int64_t>();
    if (lo > std::numeric_limits<int64_t>::max() - kPage) {
      range(lo, std::numeric_limits<int64_t>::max());
      return;
    }
    range(lo, lo + kPage - 1);
    from = lo + kPage;
  }
}

}  // namespace

v1::AuditReport VerifyTrail(pqxx::transaction_base& txn,
                            TrailVerifier& verifier) {
  FeedSeals(txn, verifier);
  ForEachRange(txn, [&](int64_t lo, int64_t hi) {
    for (const auto& row : Exec(txn, kPlaces, lo, hi)) {
      std::optional<EventDigest> event;
      if (row[8].as<bool>()) event = DigestOf(EventFrom(row));
      verifier.CheckPlace(row[0].as<int64_t>(), event,
                          row[9].is_null()
                              ? std::nullopt
                              : std::optional(row[9].as<std::string>()));
    }
  });
  std::map<std::string, int64_t> sealed_at, event_at;
  if (const std::vector<std::string> changed = verifier.ChangedHashes();
      !changed.empty()) {
    for (const auto& row : Exec(txn, kSealedAt, PgArray(changed))) {
      sealed_at[row[0].as<std::string>()] = row[1].as<int64_t>();
    }
  }
  if (verifier.NeedsEventsByHash()) {  // Only when something is missing.
    const std::vector<std::string> wanted = verifier.MissingHashes();
    const std::set<std::string> looking(wanted.begin(), wanted.end());
    ForEachRange(txn, [&](int64_t lo, int64_t hi) {
      for (const EventRow& e : EventsFrom(Exec(txn, kEventsFrom, lo, hi))) {
        const std::string hash = ContentHash(e);
        if (looking.contains(hash)) event_at.emplace(hash, e.seq);
      }
    });
  }
  return verifier.Finish(sealed_at, event_at);
}

}  // namespace equalsay::consensus
