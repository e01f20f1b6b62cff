// The ledger that makes changes safe to retry: each person's request ids,
// what each was for, and the first answer, so a retry changes nothing.
#ifndef EQUALSAY_SERVICES_COMMON_STORE_REQUEST_LEDGER_H_
#define EQUALSAY_SERVICES_COMMON_STORE_REQUEST_LEDGER_H_

#include <cstdint>
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "services/common/base/ids.h"

namespace equalsay {

struct LedgerClaim {
  PersonId person_id{0};
  std::string request_id;
  std::string method;        // The RPC the request id is used for.
  std::string request_hash;  // Tells a retry from a different request.
  // The answer as stored (privacy::AnswerLock::Lock), when it is known at
  // the claim; otherwise RecordAnswer stores it later in the same
  // transaction.
  std::optional<std::string> answer;
};

// Claims each request id for its first use by its method, in the caller's
// transaction: true where claimed now, false where it was used before. A
// claim another transaction holds is waited for, so two attempts at one
// request never both go ahead. One claim per (person, request id).
std::vector<bool> ClaimRequests(pqxx::transaction_base& txn,
                                const std::vector<LedgerClaim>& claims);

// For composing ClaimRequests into a larger statement: its SQL, taking
// parameters $first to $first + 4 in the order of ClaimParams, and
// returning the (person, request id) pairs claimed.
struct ClaimParams {
  std::string methods, people, request_ids, hashes, answers;
};
ClaimParams ClaimParamsOf(const std::vector<LedgerClaim>& claims);
std::string ClaimRequestsSql(int first);

// Stores the first answer (as stored) to a request claimed without one.
void RecordAnswer(pqxx::transaction_base& txn, PersonId person_id,
                  const std::string& request_id, const std::string& answer);

struct LedgerEntry {
  std::string method;
  std::string request_hash;
  std::optional<std::string> answer;  // As stored; nullopt: none stored.
};

// The entry of a request id that ClaimRequests found already used.
LedgerEntry FindRequest(pqxx::transaction_base& txn, PersonId person_id,
                        const std::string& request_id);

}  // namespace equalsay

#endif  // EQUALSAY_SERVICES_COMMON_STORE_REQUEST_LEDGER_H_
