// Ends a database call that outlives its deadline. A hung or frozen
// PostgreSQL answers nothing and libpq would wait for ever (statement
// timeouts and TCP keepalives are answered by the very processes that are
// stuck, or by a kernel that is not), so the watchdog shuts the
// connection's socket down: the call then fails as a lost connection, which
// the pool turns into UNAVAILABLE, within the deadline.
#ifndef EQUALSAY_SERVICES_COMMON_STORE_DB_WATCHDOG_H_
#define EQUALSAY_SERVICES_COMMON_STORE_DB_WATCHDOG_H_

#include <cstdint>
#include <map>
#include <pqxx/pqxx>
#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace equalsay {

class DbWatchdog {
 public:
  DbWatchdog();
  ~DbWatchdog();
  DbWatchdog(const DbWatchdog&) = delete;
  DbWatchdog& operator=(const DbWatchdog&) = delete;

  // While alive, `conn`'s socket is shut down once `deadline` passes. Must
  // be destroyed before the connection is closed or handed to anyone else.
  class Armed {
   public:
    Armed(DbWatchdog& dog, uint64_t id) : dog_(dog), id_(id) {}
    ~Armed();
    Armed(const Armed&) = delete;
    Armed& operator=(const Armed&) = delete;
    // Whether the deadline passed and the socket was shut down.
    bool fired() const;

   private:
    DbWatchdog& dog_;
    const uint64_t id_;
  };
  Armed Arm(pqxx::connection_base& conn, absl::Time deadline);

 private:
  struct Entry {
    int sock = -1;
    absl::Time deadline;
    bool fired = false;
  };
  void Loop();

  mutable absl::Mutex mu_;
  std::map<uint64_t, Entry> armed_ ABSL_GUARDED_BY(mu_);
  uint64_t next_id_ ABSL_GUARDED_BY(mu_) = 0;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::thread thread_;  // Last: starts once the rest is ready.
};

// While alive, database calls made on this thread end by `deadline` (the
// deadline of the RPC being served), or sooner by the pool's own limit.
class ScopedDbDeadline {
 public:
  explicit ScopedDbDeadline(absl::Time deadline);
  ~ScopedDbDeadline();
  ScopedDbDeadline(const ScopedDbDeadline&) = delete;
  ScopedDbDeadline& operator=(const ScopedDbDeadline&) = delete;
  // The deadline in force on this thread (InfiniteFuture: none).
  static absl::Time Current();

 private:
  const absl::Time previous_;
};

}  // namespace equalsay

#endif  // EQUALSAY_SERVICES_COMMON_STORE_DB_WATCHDOG_H_
