#include "services/common/base/background_loop.h"

#include <utility>

namespace equalsay {

void BackgroundLoop::Start(absl::Duration interval, int full,
                           std::function<int()> pass) {
  thread_ = std::thread([this, interval, full, pass = std::move(pass)] {
    do {
      while (pass() >= full && !stop_.HasBeenNotified()) {
      }
    } while (!stop_.WaitForNotificationWithTimeout(interval));
  });
}

void BackgroundLoop::Stop() {
  if (!thread_.joinable()) return;
  if (!stop_.HasBeenNotified()) stop_.Notify();
  thread_.join();
}

}  // namespace equalsay
