#include "services/common/store/request_ledger.h"

#include <set>
#include <utility>

#include "absl/strings/substitute.h"
#include "services/common/store/sql.h"

namespace equalsay {
namespace {

// Which of `claims` are among the (person, request id) pairs in `rows`.
std::vector<bool> Claimed(const std::vector<LedgerClaim>& claims,
                          const pqxx::result& rows) {
  std::set<std::pair<PersonId, std::string>> claimed;
  for (const auto& row : rows) {
    claimed.emplace(IdAt<PersonId>(row[0]), row[1].as<std::string>());
  }
  std::vector<bool> out;
  out.reserve(claims.size());
  for (const LedgerClaim& c : claims) {
    out.push_back(claimed.contains({c.person_id, c.request_id}));
  }
  return out;
}

constexpr Statement kAnswer{"ledger_answer",
                            "UPDATE request_ledger SET response = $3 "
                            "WHERE person_id = $1 AND request_id = $2"};
constexpr Statement kFind{
    "ledger_find",
    "SELECT method, request_hash, response FROM request_ledger "
    "WHERE person_id = $1 AND request_id = $2"};

}  // namespace

std::string ClaimRequestsSql(int first) {
  return absl::Substitute(
      "INSERT INTO request_ledger (person_id, request_id, method, "
      "request_hash, response) SELECT c.person_id, c.request_id, c.method, "
      "c.request_hash, c.response FROM unnest($$$0::text[], $$$1::bigint[], "
      "$$$2::text[], $$$3::text[], $$$4::text[]) "
      "AS c(method, person_id, request_id, request_hash, response) "
      "ON CONFLICT DO NOTHING RETURNING person_id, request_id",
      first, first + 1, first + 2, first + 3, first + 4);
}

ClaimParams ClaimParamsOf(const std::vector<LedgerClaim>& claims) {
  std::vector<PersonId> people;
  std::vector<std::string> methods, ids, hashes;
  std::vector<std::optional<std::string>> answers;
  for (const LedgerClaim& c : claims) {
    methods.push_back(c.method);
    people.push_back(c.person_id);
    ids.push_back(c.request_id);
    hashes.push_back(c.request_hash);
    answers.push_back(c.answer);
  }
  return {.methods = PgArray(methods),
          .people = PgArray(people),
          .request_ids = PgArray(ids),
          .hashes = PgArray(hashes),
          .answers = PgArray(answers)};
}

std::vector<bool> ClaimRequests(pqxx::transaction_base& txn,
                                const std::vector<LedgerClaim>& claims) {
  static const std::string sql = ClaimRequestsSql(1);
  const ClaimParams p = ClaimParamsOf(claims);
  return Claimed(claims, Exec(txn, {"ledger_claim", sql.c_str()}, p.methods,
                              p.people, p.request_ids, p.hashes, p.answers));
}

void RecordAnswer(pqxx::transaction_base& txn, PersonId person_id,
                  const std::string& request_id, const std::string& answer) {
  Exec(txn, kAnswer, person_id, request_id, answer);
}

LedgerEntry FindRequest(pqxx::transaction_base& txn, PersonId person_id,
                        const std::string& request_id) {
  const pqxx::row row = Exec(txn, kFind, person_id, request_id)[0];
  return {.method = row[0].as<std::string>(),
          .request_hash = row[1].as<std::string>(),
          .answer = row[2].is_null() ? std::nullopt
                                     : std::optional(row[2].as<std::string>())};
}

}  // namespace equalsay
