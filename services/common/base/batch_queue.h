// Work queued by many calls and taken in batches by a few writer threads, so
// that one transaction (and one durable commit) serves every call that
// arrived while the previous one was being written.
#ifndef EQUALSAY_SERVICES_COMMON_BASE_BATCH_QUEUE_H_
#define EQUALSAY_SERVICES_COMMON_BASE_BATCH_QUEUE_H_

#include <algorithm>
#include <deque>
#include <functional>
#include <iterator>
#include <limits>
#include <thread>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"

namespace equalsay {

template <typename T>
class BatchQueue {
 public:
  // `flush` gets the items in the order they were pushed, at most
  // `max_batch` at a time, on one of `writers` threads. No delay is added:
  // a writer that is free takes whatever is waiting, so a batch is as large
  // as the load makes it.
  // At most `max_queued` items wait; Push refuses more.
  using Flush = std::function<void(std::vector<T>)>;
  BatchQueue(int writers, size_t max_batch, Flush flush,
             size_t max_queued = std::numeric_limits<size_t>::max())
      : writer_count_(std::max(writers, 1)),
        max_batch_(std::max<size_t>(max_batch, 1)),
        max_queued_(max_queued),
        flush_(std::move(flush)) {
    for (size_t i = 0; i < writer_count_; ++i) {
      writers_.emplace_back([this] { Write(); });
    }
  }
  BatchQueue(const BatchQueue&) = delete;
  BatchQueue& operator=(const BatchQueue&) = delete;

  // Flushes everything already pushed, then stops the writers.
  ~BatchQueue() {
    {
      absl::MutexLock lock(&mu_);
      stopping_ = true;
    }
    for (std::thread& t : writers_) t.join();
  }

  // False (and `item` untouched) when `max_queued` items already wait.
  bool Push(T&& item) {
    absl::MutexLock lock(&mu_);
    if (queue_.size() >= max_queued_) return false;
    queue_.push_back(std::move(item));
    return true;
  }

  // Like Push, but when nothing waits and a writer's turn is free, flushes
  // `item` on the calling thread, as that writer would, before returning: a
  // lone item is then flushed without waiting for a writer thread to wake.
  // Items pushed meanwhile wait as they would for that writer.
  bool PushOrFlushHere(T&& item) {
    {
      absl::MutexLock lock(&mu_);
      if (!queue_.empty() || flushing_ >= writer_count_ || stopping_) {
        if (queue_.size() >= max_queued_) return false;
        queue_.push_back(std::move(item));
        return true;
      }
      ++flushing_;
    }
    std::vector<T> batch;
    batch.push_back(std::move(item));
    flush_(std::move(batch));
    absl::MutexLock lock(&mu_);
    --flushing_;
    return true;
  }

  // Whether nothing waits to be taken (a writer may still be flushing).
  bool Empty() {
    absl::MutexLock lock(&mu_);
    return queue_.empty();
  }

 private:
  void Write() {
    for (;;) {
      std::vector<T> batch;
      {
        absl::MutexLock lock(&mu_);
        mu_.Await(absl::Condition(this, &BatchQueue::Ready));
        if (queue_.empty()) return;  // Stopping, and nothing is left.
        const size_t n = std::min(queue_.size(), max_batch_);
        batch.reserve(n);
        std::move(queue_.begin(), queue_.begin() + n,
                  std::back_inserter(batch));
        queue_.erase(queue_.begin(), queue_.begin() + n);
        ++flushing_;
      }
      flush_(std::move(batch));
      absl::MutexLock lock(&mu_);
      --flushing_;
    }
  }

  // A writer waits while every turn is taken, one of them by a caller
  // flushing on its own thread (PushOrFlushHere), so no more batches are
  // flushed at once than there are writers.
  bool Ready() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    return stopping_ || (!queue_.empty() && flushing_ < writer_count_);
  }

  const size_t writer_count_;
  const size_t max_batch_;
  const size_t max_queued_;
  const Flush flush_;
  absl::Mutex mu_;
  std::deque<T> queue_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  size_t flushing_ ABSL_GUARDED_BY(mu_) = 0;  // Batches being flushed.
  std::vector<std::thread> writers_;  // Last: starts once the rest is ready.
};

}  // namespace equalsay

#endif  // EQUALSAY_SERVICES_COMMON_BASE_BATCH_QUEUE_H_
