// A pass of background work run on its own thread, now and then every
// interval until stopped: sealing the audit trail, sending e-mail, applying
// the retention policy.
#ifndef EQUALSAY_SERVICES_COMMON_BASE_BACKGROUND_LOOP_H_
#define EQUALSAY_SERVICES_COMMON_BASE_BACKGROUND_LOOP_H_

#include <functional>
#include <thread>

#include "absl/synchronization/notification.h"
#include "absl/time/time.h"

namespace equalsay {

class BackgroundLoop {
 public:
  BackgroundLoop() = default;
  BackgroundLoop(const BackgroundLoop&) = delete;
  BackgroundLoop& operator=(const BackgroundLoop&) = delete;
  ~BackgroundLoop() { Stop(); }

  // `pass` returns how much it did; a pass that did `full` or more runs
  // again at once, so a backlog goes a bounded piece at a time.
  void Start(absl::Duration interval, int full, std::function<int()> pass);
  // Waits for a pass under way to finish.
  void Stop();

 private:
  absl::Notification stop_;
  std::thread thread_;
};

}  // namespace equalsay

#endif  // EQUALSAY_SERVICES_COMMON_BASE_BACKGROUND_LOOP_H_
