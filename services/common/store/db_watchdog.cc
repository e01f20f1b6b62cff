#include "services/common/store/db_watchdog.h"

#include <sys/socket.h>

#include <algorithm>

namespace equalsay {
namespace {

// How often deadlines are looked at: a call may run this much past its own.
constexpr absl::Duration kTick = absl::Milliseconds(20);

thread_local absl::Time current_deadline = absl::InfiniteFuture();

}  // namespace

DbWatchdog::DbWatchdog() : thread_([this] { Loop(); }) {}

DbWatchdog::~DbWatchdog() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  thread_.join();
}

DbWatchdog::Armed DbWatchdog::Arm(pqxx::connection_base& conn,
                                  absl::Time deadline) {
  absl::MutexLock lock(&mu_);
  const uint64_t id = next_id_++;
  armed_[id] = {.sock = conn.sock(), .deadline = deadline};
  return Armed(*this, id);
}

DbWatchdog::Armed::~Armed() {
  absl::MutexLock lock(&dog_.mu_);
  dog_.armed_.erase(id_);
}

bool DbWatchdog::Armed::fired() const {
  absl::MutexLock lock(&dog_.mu_);
  auto it = dog_.armed_.find(id_);
  return it != dog_.armed_.end() && it->second.fired;
}

void DbWatchdog::Loop() {
  absl::MutexLock lock(&mu_);
  while (!mu_.AwaitWithTimeout(absl::Condition(&stopping_), kTick)) {
    const absl::Time now = absl::Now();
    for (auto& [id, entry] : armed_) {
      if (entry.fired || entry.deadline > now || entry.sock < 0) continue;
      // Under the lock, so the socket still belongs to the armed call.
      ::shutdown(entry.sock, SHUT_RDWR);
      entry.fired = true;
    }
  }
}

ScopedDbDeadline::ScopedDbDeadline(absl::Time deadline)
    : previous_(current_deadline) {
  current_deadline = std::min(previous_, deadline);
}

ScopedDbDeadline::~ScopedDbDeadline() { current_deadline = previous_; }

absl::Time ScopedDbDeadline::Current() { return current_deadline; }

}  // namespace equalsay
