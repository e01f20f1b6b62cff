// The ledger that makes changes safe to retry: each person's request ids,
// what each was for, and the first answer, so a retry changes nothing.
#ifndef EQUALSAY_SERVICES_COMMON_REQUEST_LEDGER_H_
#define EQUALSAY_SERVICES_COMMON_REQUEST_LEDGER_H_

#include <cstdint>
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace equalsay {

struct LedgerClaim {
  int64_t person_id = 0;
  std::string request_id;
  std::string request_hash;  // Tells a retry from a different request.
  // The serialized answer, when it is known at the claim; otherwise
  // RecordAnswer stores it later in the same transaction.
  std::optional<std::string> answer;
};

// Claims each request id for its first use by `method`, in the caller's
// transaction: true where claimed now, false where it was used before. A
// claim another transaction holds is waited for, so two attempts at one
// request never both go ahead. One claim per (person, request id).
std::vector<bool> ClaimRequests(pqxx::transaction_base& txn,
                                absl::string_view method,
                                const std::vector<LedgerClaim>& claims);

// Stores the first answer to a request claimed without one.
void RecordAnswer(pqxx::transaction_base& txn, int64_t person_id,
                  const std::string& request_id, const std::string& answer);

struct LedgerKey {
  int64_t person_id = 0;
  std::string request_id;
};

// For each key, whether its request id has been used (committed) already:
// a cheap look before any work, for callers that claim only at the end.
std::vector<bool> UsedRequests(pqxx::transaction_base& txn,
                               const std::vector<LedgerKey>& keys);

struct LedgerEntry {
  std::string method;
  std::string request_hash;
  std::optional<std::string> answer;  // Serialized; nullopt: none stored.
};

// The entry of a request id that ClaimRequests found already used.
LedgerEntry FindRequest(pqxx::transaction_base& txn, int64_t person_id,
                        const std::string& request_id);

}  // namespace equalsay

#endif  // EQUALSAY_SERVICES_COMMON_REQUEST_LEDGER_H_
