// The answers the request ledger keeps so that a retry gets the first one:
// locked under a key of the day they were given, destroyed once that day's
// answers have all gone. An answer may name anyone its change was about,
// and is about no one subject, so no one subject's key can lock it.
#ifndef EQUALSAY_SERVICES_PRIVACY_STORE_STORED_ANSWERS_H_
#define EQUALSAY_SERVICES_PRIVACY_STORE_STORED_ANSWERS_H_

#include <cstdint>
#include <optional>
#include <pqxx/pqxx>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "services/common/store/db_pool.h"
#include "services/privacy/rules/data_keys.h"
#include "services/privacy/store/subject_keys.h"

namespace equalsay::privacy {

// Locks answers under one day's key.
class AnswerLock {
 public:
  AnswerLock() = default;
  AnswerLock(std::string day, const Key& key)
      : day_(std::move(day)), key_(key) {}
  // What request_ledger.response keeps for `answer` (bytes): the day
  // ("2026-12-03"), ':', and the sealed answer in base64.
  std::string Lock(absl::string_view answer) const;

 private:
  std::string day_;
  Key key_{};
};

// Today's AnswerLock, its key made in a transaction of its own the first
// time it is asked for each day (UTC), then kept in memory. Never asked
// for inside a caller's transaction: a key made there and rolled back
// would live on in memory, locking answers no other server could open.
class AnswerLocker {
 public:
  AnswerLocker(DbPool& pool, const DataKeys& keys) : pool_(pool), keys_(keys) {}
  // UNAVAILABLE when the key must be read and the database is down.
  absl::StatusOr<AnswerLock> Today();

 private:
  DbPool& pool_;
  const DataKeys& keys_;
  absl::Mutex mu_;
  int64_t day_number_ ABSL_GUARDED_BY(mu_) = -1;  // Days since 1970, UTC.
  AnswerLock today_ ABSL_GUARDED_BY(mu_);
};

// The answer (bytes) `stored` keeps; nullopt when its day's key has gone
// (its day is over) or it does not open. Answers stored before they were
// locked (base64 only) are read as they are.
std::optional<std::string> OpenAnswer(TextOpener& opener,
                                      absl::string_view stored);

// Destroys the keys of days whose answers were all given more than `hours`
// ago; returns how many.
int64_t DestroyOldAnswerKeys(pqxx::transaction_base& txn, int hours);

}  // namespace equalsay::privacy

#endif  // EQUALSAY_SERVICES_PRIVACY_STORE_STORED_ANSWERS_H_
