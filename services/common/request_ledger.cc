#include "services/common/request_ledger.h"

#include <set>
#include <utility>

#include "absl/strings/escaping.h"
#include "services/common/sql.h"

namespace equalsay {
namespace {

constexpr Statement kClaim{
    "ledger_claim",
    "INSERT INTO request_ledger (person_id, request_id, method, request_hash, "
    "response) SELECT c.person_id, c.request_id, $1, c.request_hash, "
    "c.response FROM unnest($2::bigint[], $3::text[], $4::text[], $5::text[]) "
    "AS c(person_id, request_id, request_hash, response) "
    "ON CONFLICT DO NOTHING RETURNING person_id, request_id"};
constexpr Statement kAnswer{"ledger_answer",
                            "UPDATE request_ledger SET response = $3 "
                            "WHERE person_id = $1 AND request_id = $2"};
// One index probe per key (LIMIT keeps the planner from turning it into a
// scan of the whole ledger).
constexpr Statement kUsed{
    "ledger_used",
    "SELECT k.n FROM unnest($1::bigint[], $2::text[]) WITH ORDINALITY "
    "AS k(person_id, request_id, n) CROSS JOIN LATERAL (SELECT 1 FROM "
    "request_ledger l WHERE l.person_id = k.person_id "
    "AND l.request_id = k.request_id LIMIT 1) AS used"};
constexpr Statement kFind{
    "ledger_find",
    "SELECT method, request_hash, response FROM request_ledger "
    "WHERE person_id = $1 AND request_id = $2"};

}  // namespace

std::vector<bool> ClaimRequests(pqxx::transaction_base& txn,
                                absl::string_view method,
                                const std::vector<LedgerClaim>& claims) {
  std::vector<int64_t> people;
  std::vector<std::string> ids, hashes;
  std::vector<std::optional<std::string>> answers;
  for (const LedgerClaim& c : claims) {
    people.push_back(c.person_id);
    ids.push_back(c.request_id);
    hashes.push_back(c.request_hash);
    answers.push_back(c.answer.has_value()
                          ? std::optional(absl::Base64Escape(*c.answer))
                          : std::nullopt);
  }
  std::set<std::pair<int64_t, std::string>> claimed;
  for (const auto& row :
       Exec(txn, kClaim, std::string(method), PgArray(people), PgArray(ids),
            PgArray(hashes), PgArray(answers))) {
    claimed.emplace(row[0].as<int64_t>(), row[1].as<std::string>());
  }
  std::vector<bool> out;
  out.reserve(claims.size());
  for (const LedgerClaim& c : claims) {
    out.push_back(claimed.contains({c.person_id, c.request_id}));
  }
  return out;
}

void RecordAnswer(pqxx::transaction_base& txn, int64_t person_id,
                  const std::string& request_id, const std::string& answer) {
  Exec(txn, kAnswer, person_id, request_id, absl::Base64Escape(answer));
}

std::vector<bool> UsedRequests(pqxx::transaction_base& txn,
                               const std::vector<LedgerKey>& keys) {
  std::vector<int64_t> people;
  std::vector<std::string> ids;
  for (const LedgerKey& k : keys) {
    people.push_back(k.person_id);
    ids.push_back(k.request_id);
  }
  std::vector<bool> out(keys.size(), false);
  for (const auto& row : Exec(txn, kUsed, PgArray(people), PgArray(ids))) {
    out[row[0].as<size_t>() - 1] = true;
  }
  return out;
}

LedgerEntry FindRequest(pqxx::transaction_base& txn, int64_t person_id,
                        const std::string& request_id) {
  const pqxx::row row = Exec(txn, kFind, person_id, request_id)[0];
  LedgerEntry entry{.method = row[0].as<std::string>(),
                    .request_hash = row[1].as<std::string>()};
  std::string bytes;
  if (!row[2].is_null() &&
      absl::Base64Unescape(row[2].as<std::string>(), &bytes)) {
    entry.answer = std::move(bytes);
  }
  return entry;
}

}  // namespace equalsay
