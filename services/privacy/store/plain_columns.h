// Columns of text that earlier versions kept as written, locked where they
// lie when a server starts.
#ifndef EQUALSAY_SERVICES_PRIVACY_STORE_PLAIN_COLUMNS_H_
#define EQUALSAY_SERVICES_PRIVACY_STORE_PLAIN_COLUMNS_H_

#include <cstdint>
#include <pqxx/pqxx>

#include "services/privacy/rules/data_keys.h"

namespace equalsay::privacy {

// A text column of a table whose values are locked text (LockText), and
// whose they are: `about` is an SQL expression over the row giving the
// subjects' array, "ARRAY['person/' || person_id]".
struct PlainColumn {
  const char* table;
  const char* column;
  const char* about;
  const char* context;
};

// Locks up to `limit` of the column's values still kept as written
// (skipping rows another server holds); returns how many.
int64_t LockPlainColumn(pqxx::transaction_base& txn, const DataKeys& keys,
                        const PlainColumn& column, int limit);

}  // namespace equalsay::privacy

#endif  // EQUALSAY_SERVICES_PRIVACY_STORE_PLAIN_COLUMNS_H_
