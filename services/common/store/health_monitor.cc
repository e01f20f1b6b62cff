#include "services/common/store/health_monitor.h"

#include "absl/strings/str_cat.h"
#include "services/common/base/log.h"
#include "services/common/store/db_pool.h"

namespace equalsay {

HealthMonitor::HealthMonitor(std::string database_url, absl::Duration interval,
                             std::function<void(bool)> on_change)
    : url_(std::move(database_url)),
      interval_(interval),
      on_change_(std::move(on_change)) {}

HealthMonitor::~HealthMonitor() { Stop(); }

bool HealthMonitor::CheckOnce() {
  try {
    if (conn_ == nullptr) {
      auto conn = Connect(url_, std::min(interval_, absl::Seconds(2)));
      if (!conn.ok()) {
        last_error_ = std::string(conn.status().message());
        return false;
      }
      conn_ = *std::move(conn);
    }
    // Never longer than the interval (at most 2 s): a database that stops
    // answering turns readiness off promptly.
    const DbWatchdog::Armed armed = watchdog_.Arm(
        *conn_, absl::Now() + std::min(interval_, absl::Seconds(2)));
    pqxx::nontransaction txn(*conn_);
    txn.exec("SELECT 1");
    if (armed.fired()) throw pqxx::broken_connection("no answer in time");
    return true;
  } catch (const std::exception& e) {
    last_error_ = RedactDatabaseUrl(OneLine(e.what()));
    conn_.reset();  // Reconnect from scratch next time.
    return false;
  }
}

void HealthMonitor::Start() {
  const bool now = CheckOnce();
  serving_.store(now);
  on_change_(now);
  thread_ = std::thread([this] { Loop(); });
}

void HealthMonitor::Loop() {
  while (!stop_.WaitForNotificationWithTimeout(interval_)) {
    const bool now = CheckOnce();
    if (now == serving_.exchange(now)) continue;
    LogLine(
        now ? "database reachable again: serving"
            : absl::StrCat("database unreachable, not serving: ", last_error_));
    on_change_(now);
  }
}

void HealthMonitor::Stop() {
  if (!stop_.HasBeenNotified()) stop_.Notify();
  if (thread_.joinable()) thread_.join();
}

}  // namespace equalsay
