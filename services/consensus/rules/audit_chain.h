// The audit trail's hash chain: how events are hashed and sealed, and how a
// trail is checked so that a changed, deleted, inserted or reordered event
// is named by its sequence number.
//
// Seals partition events by the id of the transaction that wrote them: seal
// k covers every event whose transaction id is in [from_xid, to_xid), where
// to_xid is the oldest transaction still running when the seal was made, so
// every transaction below it had finished. Writers never wait for the
// sealer or for each other; an event whose transaction commits late is
// simply sealed by a later seal.
#ifndef EQUALSAY_SERVICES_CONSENSUS_RULES_AUDIT_CHAIN_H_
#define EQUALSAY_SERVICES_CONSENSUS_RULES_AUDIT_CHAIN_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/time/time.h"
#include "equalsay/v1/consensus.pb.h"

namespace equalsay::consensus {

inline constexpr char kGenesisHash[] = "genesis";

// One event as stored, every field as text.
struct EventRow {
  int64_t seq = 0;
  std::string at, actor, action, subject, round, payload;
  uint64_t xid = 0;
  // What the database knows of the transaction the event names, read only
  // for sealing and never hashed: whether it rolled back, and how long
  // after the event's place was taken it committed (measured from the
  // earlier of the event's time and the time of the next event by
  // sequence number; unknown without track_commit_timestamp).
  bool writer_rolled_back = false;
  std::optional<absl::Duration> commit_lag;
};

// Everything about the event except its sequence number (which the seal
// covers by position), so a moved event can be recognised.
std::string ContentHash(const EventRow& event);

// What verifying needs of an event: its place and the hash of the rest, so
// a long trail is checked without holding every event's text.
struct EventDigest {
  int64_t seq = 0;
  uint64_t xid = 0;
  std::string content_hash;
};
EventDigest DigestOf(const EventRow& event);

struct SealRow {
  int64_t seal_no = 0;
  uint64_t from_xid = 0, to_xid = 0;
  uint64_t xmax = 0;  // First transaction id not yet given out at sealing.
  std::string prev_hash, hash;
  std::vector<std::pair<int64_t, std::string>> sealed;  // (seq, content hash)
};

// Covers the previous seal's hash, the range and every (seq, content hash).
std::string SealHash(const SealRow& seal);

// Whether an event not yet sealed was slipped in: it carries a sequence
// number older than sealed events (`max_sealed`), yet its transaction began
// after the last seal was made, so it cannot have been waiting to commit.
bool LooksInserted(int64_t seq, uint64_t xid, const SealRow* last,
                   int64_t max_sealed);

// The server's own transactions end within its database call timeout, so
// an event whose transaction committed much later than the event's place
// was taken was written by hand (by the tables' owner or a superuser, who
// can hold a transaction open across a seal) and given an earlier time or
// sequence number than it really had. So was one that names a transaction
// that rolled back. `late_commit` is the longest wait that is not
// suspicious.
bool LooksBackDated(const EventRow& event, absl::Duration late_commit);
inline constexpr absl::Duration kDefaultLateCommit = absl::Minutes(15);

// The next seal after `last` (nullptr: the first) over `events`, which are
// the events with from_xid <= xid < to_xid, in sequence order. Events that
// look inserted or back-dated are left out, so verification names them.
SealRow MakeSeal(const SealRow* last, uint64_t to_xid, uint64_t xmax,
                 int64_t max_sealed, const std::vector<EventRow>& events,
                 absl::Duration late_commit = kDefaultLateCommit);

// Checks a trail read a piece at a time, so memory does not grow with it:
// first every seal in order (its sealed list with it), then every sequence
// number in order with what is there (the event, the hash it was sealed
// with, or both), then the few content hashes that tell a moved event from
// a changed or deleted one are looked up, and Finish says what was found.
class TrailVerifier {
 public:
  void CheckSeal(const SealRow& seal);  // In seal order, all before places.
  void CheckPlace(int64_t seq, const std::optional<EventDigest>& event,
                  const std::optional<std::string>& sealed_hash);

  // Content hashes of events that differ from what was sealed at their
  // place: the caller finds which sequence number sealed each (if any).
  std::vector<std::string> ChangedHashes() const;
  // Sealed hashes with no event at their place: the caller finds which
  // event, if any, now holds that content.
  std::vector<std::string> MissingHashes() const;
  bool NeedsEventsByHash() const { return !missing_.empty(); }

  // `sealed_at`: hash -> the highest sequence number sealed with it (for
  // ChangedHashes); `event_at`: hash -> the sequence number of an event
  // holding it (for MissingHashes).
  v1::AuditReport Finish(const std::map<std::string, int64_t>& sealed_at,
                         const std::map<std::string, int64_t>& event_at);

 private:
  v1::AuditReport report_;
  std::string prev_ = kGenesisHash;
  uint64_t from_ = 0;
  int64_t seals_ = 0;
  std::optional<SealRow> last_;  // Without its sealed list.
  int64_t max_sealed_ = 0;
  int64_t sealed_count_ = 0;
  int64_t events_ = 0;
  std::vector<std::pair<int64_t, std::string>> changed_;  // seq, event hash
  std::vector<std::pair<int64_t, std::string>> missing_;  // seq, sealed hash
  std::vector<std::pair<int64_t, uint64_t>> unsealed_;    // seq, xid
};

// Checks seals and events (in sequence order) against each other, all in
// memory (TrailVerifier fed from the two lists).
v1::AuditReport Verify(const std::vector<SealRow>& seals,
                       const std::vector<EventDigest>& events);
v1::AuditReport Verify(const std::vector<SealRow>& seals,
                       const std::vector<EventRow>& events);

}  // namespace equalsay::consensus

#endif  // EQUALSAY_SERVICES_CONSENSUS_RULES_AUDIT_CHAIN_H_
