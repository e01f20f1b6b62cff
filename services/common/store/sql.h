// Named SQL statements, prepared on first use on each connection.
#ifndef EQUALSAY_SERVICES_COMMON_STORE_SQL_H_
#define EQUALSAY_SERVICES_COMMON_STORE_SQL_H_

#include <cstdint>
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "absl/time/time.h"
#include "services/common/base/ids.h"

namespace equalsay {

// A store declares each query once, with a stable name, next to its use.
struct Statement {
  const char* name;
  const char* sql;
};

// A parameter as libpqxx takes it: an id (or an optional one) as its
// number, anything else as it is.
template <typename T>
decltype(auto) SqlParam(T&& value) {
  using Plain = std::remove_cvref_t<T>;
  if constexpr (kIsId<Plain>) {
    return value.value();
  } else if constexpr (kIsOptionalId<Plain>) {
    return value.has_value() ? std::optional<int64_t>(value->value())
                             : std::nullopt;
  } else {
    return std::forward<T>(value);
  }
}

// Runs a named statement with parameters (never string-built SQL). libpqxx 6
// registers the definition lazily and re-prepares after a reconnect, and
// registering the same definition again is a no-op.
template <typename... Args>
pqxx::result Exec(pqxx::transaction_base& txn, const Statement& statement,
                  Args&&... args) {
  txn.conn().prepare(statement.name, statement.sql);
  return txn.exec_prepared(statement.name,
                           SqlParam(std::forward<Args>(args))...);
}

// An id read from a result column: IdAt<RoundId>(row[0]).
template <typename IdType>
IdType IdAt(const pqxx::field& field) {
  static_assert(kIsId<IdType>);
  return IdType(field.as<int64_t>());
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
std::string PgArray(const std::vector<bool>& items);
// nullopt becomes SQL NULL.
std::string PgArray(const std::vector<std::optional<int64_t>>& items);
std::string PgArray(const std::vector<std::optional<std::string>>& items);
// A text[] column's values (NULL elements left out).
std::vector<std::string> TextsOf(const pqxx::field& array);
template <typename Kind>
std::string PgArray(const std::vector<Id<Kind>>& ids) {
  std::vector<int64_t> values;
  for (Id<Kind> id : ids) values.push_back(id.value());
  return PgArray(values);
}
template <typename Kind>
std::string PgArray(const std::vector<std::optional<Id<Kind>>>& ids) {
  std::vector<std::optional<int64_t>> values;
  for (const auto& id : ids) {
    values.push_back(id.has_value() ? std::optional<int64_t>(id->value())
                                    : std::nullopt);
  }
  return PgArray(values);
}

}  // namespace equalsay

#endif  // EQUALSAY_SERVICES_COMMON_STORE_SQL_H_
