// The audit trail's events and seals in PostgreSQL.
#ifndef EQUALSAY_SERVICES_CONSENSUS_STORE_AUDIT_STORE_H_
#define EQUALSAY_SERVICES_CONSENSUS_STORE_AUDIT_STORE_H_

#include <optional>
#include <pqxx/pqxx>
#include <vector>

#include "services/consensus/rules/audit_chain.h"

namespace equalsay::consensus {

// Holds the sealer's lock for the transaction; false when another server
// is sealing right now.
bool TryLockSealing(pqxx::transaction_base& txn);

// The oldest transaction still running, and the first not yet given out.
struct Horizon {
  uint64_t xmin = 0, xmax = 0;
};
Horizon CurrentHorizon(pqxx::transaction_base& txn);

std::optional<SealRow> LastSeal(pqxx::transaction_base& txn);
// The highest sequence number sealed so far (0: none).
int64_t MaxSealedSeq(pqxx::transaction_base& txn);
// Events with from <= xid < to, in sequence order.
std::vector<EventRow> EventsBetween(pqxx::transaction_base& txn, uint64_t from,
                                    uint64_t to);
// Where a seal starting at `from` should end (at most `to`) so that it
// holds about `max_events` events: a backlog is sealed in pieces of bounded
// size rather than read whole.
uint64_t SealEnd(pqxx::transaction_base& txn, uint64_t from, uint64_t to,
                 int64_t max_events);
void InsertSeal(pqxx::transaction_base& txn, const SealRow& seal);

// Feeds the whole trail to `verifier` a page at a time, looks up what its
// candidates need, and returns its report: memory stays flat however long
// the trail is (it grows only with what is found wrong).
v1::AuditReport VerifyTrail(pqxx::transaction_base& txn,
                            TrailVerifier& verifier);

}  // namespace equalsay::consensus

#endif  // EQUALSAY_SERVICES_CONSENSUS_STORE_AUDIT_STORE_H_
