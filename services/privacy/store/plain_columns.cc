#include "services/privacy/store/plain_columns.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "services/common/store/sql.h"
#include "services/privacy/store/subject_keys.h"

namespace equalsay::privacy {

int64_t LockPlainColumn(pqxx::transaction_base& txn, const DataKeys& keys,
                        const PlainColumn& column, int limit) {
  // Built from the constants of the caller's table, never from input; a
  // row's ctid is stable while this transaction holds it.
  const std::string name = absl::StrCat(column.table, "_", column.column);
  const std::string find_name = absl::StrCat("plain_", name);
  const std::string find = absl::StrCat(
      "SELECT ctid::text, ", column.about, ", ", column.column, " FROM ",
      column.table, " WHERE ", column.column, " <> '' AND ", column.column,
      " NOT LIKE 'locked:%' LIMIT $1 FOR UPDATE SKIP LOCKED");
  const std::string lock_name = absl::StrCat("lock_", name);
  const std::string lock =
      absl::StrCat("UPDATE ", column.table, " SET ", column.column,
                   " = $2 WHERE ctid = $1::tid");
  int64_t locked = 0;
  for (const auto& row : Exec(txn, {find_name.c_str(), find.c_str()}, limit)) {
    Exec(txn, {lock_name.c_str(), lock.c_str()}, row[0].as<std::string>(),
         LockAbout(txn, keys, TextsOf(row[1]), column.context,
                   row[2].as<std::string>()));
    ++locked;
  }
  return locked;
}

}  // namespace equalsay::privacy
