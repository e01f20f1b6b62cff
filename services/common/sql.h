// Named SQL statements, prepared on first use on each connection.
#ifndef EQUALSAY_SERVICES_COMMON_SQL_H_
#define EQUALSAY_SERVICES_COMMON_SQL_H_

#include <pqxx/pqxx>
#include <utility>

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

}  // namespace equalsay

#endif  // EQUALSAY_SERVICES_COMMON_SQL_H_
