// Watches whether the database answers, for grpc.health.v1 and /healthz.
#ifndef EQUALSAY_SERVICES_COMMON_STORE_HEALTH_MONITOR_H_
#define EQUALSAY_SERVICES_COMMON_STORE_HEALTH_MONITOR_H_

#include <atomic>
#include <functional>
#include <memory>
#include <pqxx/pqxx>
#include <string>
#include <thread>

#include "absl/synchronization/notification.h"
#include "absl/time/time.h"
#include "services/common/store/db_watchdog.h"

namespace equalsay {

class HealthMonitor {
 public:
  // `on_change(serving)` runs on the monitor's thread after every change and
  // once after the first check.
  HealthMonitor(std::string database_url, absl::Duration interval,
                std::function<void(bool serving)> on_change);
  ~HealthMonitor();

  // Checks once (so the status is known before serving) and then keeps
  // checking every interval on its own thread.
  void Start();
  void Stop();
  bool serving() const { return serving_.load(); }

 private:
  bool CheckOnce();
  void Loop();

  const std::string url_;
  const absl::Duration interval_;
  const std::function<void(bool)> on_change_;
  // Its own connection: a pool busy with requests must not read as "down".
  std::unique_ptr<pqxx::connection> conn_;
  DbWatchdog watchdog_;     // A probe that hangs counts as a failure.
  std::string last_error_;  // Only touched on the monitor's thread.
  std::atomic<bool> serving_{false};
  absl::Notification stop_;
  std::thread thread_;
};

}  // namespace equalsay

#endif  // EQUALSAY_SERVICES_COMMON_STORE_HEALTH_MONITOR_H_
