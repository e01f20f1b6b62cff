// A bounded pool of PostgreSQL connections and one-transaction-per-request.
#ifndef EQUALSAY_SERVICES_COMMON_STORE_DB_POOL_H_
#define EQUALSAY_SERVICES_COMMON_STORE_DB_POOL_H_

#include <memory>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "services/common/store/db_watchdog.h"

namespace equalsay {

enum class Isolation {
  kReadCommitted,
  kSerializable,
  // No transaction: each statement commits on its own, with no BEGIN or
  // COMMIT round trips. For work whose every write is one statement, and
  // which can run again after a lost connection (a write may have committed).
  kEachStatement,
};

class DbPool {
 public:
  struct Options {
    std::string url;
    int size = 16;
    absl::Duration wait = absl::Seconds(5);
    // The longest one transaction may take, however long its caller would
    // wait; past it (or past the caller's ScopedDbDeadline) it ends with
    // UNAVAILABLE, so a hung database never hangs a call.
    absl::Duration call_timeout = absl::Seconds(10);
    int serialization_retries = 5;
  };

  explicit DbPool(Options options) : options_(std::move(options)) {}
  DbPool(const DbPool&) = delete;
  DbPool& operator=(const DbPool&) = delete;

  // Runs `fn` in one transaction and commits when it returns OK; any error
  // rolls everything back (with kEachStatement, only the failing statement).
  // Serialization failures and deadlocks run `fn` again; a lost connection
  // or a database that does not answer in time becomes UNAVAILABLE, which
  // callers may retry.
  absl::Status Transact(
      Isolation isolation,
      absl::FunctionRef<absl::Status(pqxx::transaction_base&)> fn);
  absl::Status Transact(
      absl::FunctionRef<absl::Status(pqxx::transaction_base&)> fn) {
    return Transact(Isolation::kReadCommitted, fn);
  }

 private:
  class Lease;
  absl::StatusOr<std::unique_ptr<pqxx::connection>> Acquire();
  void Release(std::unique_ptr<pqxx::connection> conn, bool healthy);
  // Tells the metrics how many connections are in use and idle.
  void ReportConnections() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const Options options_;
  DbWatchdog watchdog_;
  mutable absl::Mutex mu_;
  std::vector<std::unique_ptr<pqxx::connection>> idle_ ABSL_GUARDED_BY(mu_);
  int open_ ABSL_GUARDED_BY(mu_) = 0;  // Idle plus leased.
};

// Opens a connection, or says in one line why not (the URL's password
// hidden), giving up after `timeout` (libpq counts whole seconds, at least
// 2): a database host that accepts connections but never answers must not
// hold the caller longer.
absl::StatusOr<std::unique_ptr<pqxx::connection>> Connect(
    const std::string& url, absl::Duration timeout = absl::Seconds(5));

// `url` (a postgresql:// URL or key=value words) with the setting added.
std::string WithSetting(const std::string& url, const std::string& key,
                        const std::string& value);

// The URL with any password replaced by "***", fit for messages and logs.
std::string RedactDatabaseUrl(const std::string& url);

// libpq messages span lines; a status message must be one.
std::string OneLine(const std::string& text);

}  // namespace equalsay

#endif  // EQUALSAY_SERVICES_COMMON_STORE_DB_POOL_H_
