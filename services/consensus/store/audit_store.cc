#include "services/consensus/store/audit_store.h"

#include <limits>

#include "absl/strings/str_cat.h"
#include "services/common/sql.h"

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
constexpr Statement kAllSeals{
    "audit_all_seals",
    "SELECT seal_no, from_xid::text, to_xid::text, next_xid::text, prev_hash, "
    "hash FROM audit_seals ORDER BY seal_no"};
constexpr Statement kSealedEvents{
    "audit_sealed_events",
    "SELECT seal_no, seq, content_hash FROM audit_sealed_events "
    "ORDER BY seal_no, seq"};
// Every field as text, exactly as hashed.
#define EQ_EVENT_COLUMNS                            \
  "SELECT seq, to_char(at AT TIME ZONE 'UTC', "     \
  "'YYYY-MM-DD\"T\"HH24:MI:SS.US'), "               \
  "coalesce(actor_id::text, ''), action, subject, " \
  "coalesce(round_id::text, ''), payload::text, xid::text FROM events "
constexpr Statement kEventsBetween{
    "audit_events_between", EQ_EVENT_COLUMNS
    "WHERE xid >= $1::text::xid8 AND xid < $2::text::xid8 "
    "ORDER BY seq"};
// A page of the trail at a time, so memory stays bounded however long.
constexpr Statement kEventsAfter{"audit_events_after", EQ_EVENT_COLUMNS
                                 "WHERE seq > $1 ORDER BY seq LIMIT $2"};
#undef EQ_EVENT_COLUMNS
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

std::vector<EventRow> EventsFrom(const pqxx::result& rows) {
  std::vector<EventRow> out;
  out.reserve(rows.size());
  for (const auto& row : rows) {
    out.push_back({.seq = row[0].as<int64_t>(),
                   .at = row[1].as<std::string>(),
                   .actor = row[2].as<std::string>(),
                   .action = row[3].as<std::string>(),
                   .subject = row[4].as<std::string>(),
                   .round = row[5].as<std::string>(),
                   .payload = row[6].as<std::string>(),
                   .xid = Xid(row[7])});
  }
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
  return EventsFrom(
      Exec(txn, kEventsBetween, absl::StrCat(from), absl::StrCat(to)));
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

std::vector<SealRow> AllSeals(pqxx::transaction_base& txn) {
  std::vector<SealRow> seals;
  for (const auto& row : Exec(txn, kAllSeals)) seals.push_back(SealFrom(row));
  size_t i = 0;
  for (const auto& row : Exec(txn, kSealedEvents)) {
    const int64_t seal_no = row[0].as<int64_t>();
    while (i < seals.size() && seals[i].seal_no < seal_no) ++i;
    if (i == seals.size()) break;
    if (seals[i].seal_no == seal_no) {
      seals[i].sealed.emplace_back(row[1].as<int64_t>(),
                                   row[2].as<std::string>());
    }
  }
  return seals;
}

std::vector<EventDigest> AllEventDigests(pqxx::transaction_base& txn) {
  constexpr int kPage = 5000;
  std::vector<EventDigest> out;
  for (int64_t after = std::numeric_limits<int64_t>::min();;) {
    const std::vector<EventRow> page =
        EventsFrom(Exec(txn, kEventsAfter, after, kPage));
    for (const EventRow& e : page) out.push_back(DigestOf(e));
    if (page.size() < static_cast<size_t>(kPage)) return out;
    after = page.back().seq;
  }
}

}  // namespace equalsay::consensus
