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
void InsertSeal(pqxx::transaction_base& txn, const SealRow& seal);

std::vector<SealRow> AllSeals(pqxx::transaction_base& txn);
// Every event's digest in sequence order, read a page at a time.
std::vector<EventDigest> AllEventDigests(pqxx::transaction_base& txn);

}  // namespace equalsay::consensus

#endif  // EQUALSAY_SERVICES_CONSENSUS_STORE_AUDIT_STORE_H_
