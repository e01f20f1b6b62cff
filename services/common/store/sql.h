// Named SQL statements, prepared on first use on each connection.
#ifndef EQUALSAY_SERVICES_COMMON_STORE_SQL_H_
#define EQUALSAY_SERVICES_COMMON_STORE_SQL_H_

#include <cstdint>
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <utility>
#include <vector>

#include "absl/time/time.h"

namespace equalsay {

// A store declares each query once, with a stable name, next to its use.
struct Statement {
  const char* name;
  const char* sql;
};

// Runs a named statement with parameters (never string-built SQL). libpqxx 6
// registers the definition lazily and re-prepares after a reconnect, and
// registering the same definition again is a no-op.
template <typename... Args>
pqxx::result Exec(pqxx::transaction_base& txn, const Statement& statement,
                  Args&&... args) {
  txn.conn().prepare(statement.name, statement.sql);
  return txn.exec_prepared(statement.name, std::forward<Args>(args)...);
}

// The database's clock at the start of the transaction (`now()`): what
// rows written in it record, and what time-bound rules are judged against,
// so every server agrees.
absl::Time TransactionTime(pqxx::transaction_base& txn);

// PostgreSQL array literals, so that one parameter carries many values and
// one statement serves many rows ("... = ANY($1::bigint[])", "unnest($1)").
// Every element is quoted and escaped: text arrives exactly as given.
std::string PgArray(const std::vector<std::string>& items);
std::string PgArray(const std::vector<int64_t>& items);
// nullopt becomes SQL NULL.
std::string PgArray(const std::vector<std::optional<int64_t>>& items);
std::string PgArray(const std::vector<std::optional<std::string>>& items);

}  // namespace equalsay

#endif  // EQUALSAY_SERVICES_COMMON_STORE_SQL_H_
