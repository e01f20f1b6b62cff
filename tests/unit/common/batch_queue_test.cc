#include "services/common/base/batch_queue.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <thread>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"

namespace equalsay {
namespace {

struct Item {
  int producer;
  int n;
};

// Records what each flush was given.
struct Recorder {
  absl::Mutex mu;
  std::vector<std::vector<Item>> batches ABSL_GUARDED_BY(mu);
  void Flush(std::vector<Item> batch) {
    absl::MutexLock lock(&mu);
    batches.push_back(std::move(batch));
  }
};

TEST(BatchQueueTest, EveryItemIsFlushedOnceInOrderWithinTheLimit) {
  constexpr int kProducers = 8, kEach = 2000;
  constexpr size_t kMax = 16;
  Recorder recorder;
  {
    BatchQueue<Item> queue(/*writers=*/3, kMax, [&](std::vector<Item> batch) {
      recorder.Flush(std::move(batch));
    });
    std::vector<std::thread> producers;
    for (int p = 0; p < kProducers; ++p) {
      producers.emplace_back([&, p] {
        for (int n = 0; n < kEach; ++n) queue.Push({p, n});
      });
    }
    for (std::thread& t : producers) t.join();
  }  // The destructor flushes whatever is still queued.
  absl::MutexLock lock(&recorder.mu);
  std::map<int, std::vector<int>> seen;
  size_t largest = 0;
  for (const auto& batch : recorder.batches) {
    ASSERT_FALSE(batch.empty());
    ASSERT_LE(batch.size(), kMax);
    largest = std::max(largest, batch.size());
    for (const Item& item : batch) seen[item.producer].push_back(item.n);
  }
  for (int p = 0; p < kProducers; ++p) {
    ASSERT_EQ(seen[p].size(), static_cast<size_t>(kEach)) << p;
  }
  // Within a batch, items keep the order they were pushed in.
  for (const auto& batch : recorder.batches) {
    std::map<int, int> last;
    for (const Item& item : batch) {
      if (last.contains(item.producer)) {
        EXPECT_LT(last[item.producer], item.n);
      }
      last[item.producer] = item.n;
    }
  }
  EXPECT_GT(largest, 1u);  // Under load, batches do form.
}

TEST(BatchQueueTest, AWriterTakesWhatIsWaitingWithoutDelay) {
  absl::Mutex mu;
  int flushed = 0;
  BatchQueue<int> queue(/*writers=*/1, /*max_batch=*/100,
                        [&](std::vector<int> batch) {
                          absl::MutexLock lock(&mu);
                          flushed += static_cast<int>(batch.size());
                        });
  queue.Push(1);
  absl::MutexLock lock(&mu);
  // No timer to wait for: the one item is flushed on its own.
  EXPECT_TRUE(
      mu.AwaitWithTimeout(absl::Condition(
                              +[](int* n) { return *n == 1; }, &flushed),
                          absl::Seconds(5)));
}

// GroupCommit answers a batch on its writer only when nothing else waits.
TEST(BatchQueueTest, AFlushCanTellWhetherMoreIsWaiting) {
  absl::Notification first_taken, second_pushed;
  absl::Mutex mu;
  std::vector<bool> empty_in_flush;
  BatchQueue<int>* queue_seen = nullptr;
  {
    BatchQueue<int> queue(/*writers=*/1, /*max_batch=*/1,
                          [&](std::vector<int> batch) {
                            if (batch.front() == 1) {
                              first_taken.Notify();
                              second_pushed.WaitForNotification();
                            }
                            const bool empty = queue_seen->Empty();
                            absl::MutexLock lock(&mu);
                            empty_in_flush.push_back(empty);
                          });
    queue_seen = &queue;
    EXPECT_TRUE(queue.Empty());
    queue.Push(1);
    first_taken.WaitForNotification();
    queue.Push(2);  // Waits while the first is flushed.
    second_pushed.Notify();
  }  // The destructor flushes the second.
  absl::MutexLock lock(&mu);
  EXPECT_EQ(empty_in_flush, (std::vector<bool>{false, true}));
}

// A lone item is flushed by the caller itself, with no writer to wake.
TEST(BatchQueueTest, ALoneItemIsFlushedOnTheCallersThread) {
  std::thread::id flushed_on;
  BatchQueue<int> queue(/*writers=*/1, /*max_batch=*/10, [&](std::vector<int>) {
    flushed_on = std::this_thread::get_id();
  });
  ASSERT_TRUE(queue.PushOrFlushHere(1));
  EXPECT_EQ(flushed_on, std::this_thread::get_id());  // Done on return.
}

// A caller flushing on its own thread takes a writer's turn: what arrives
// meanwhile waits, then goes to a writer thread, never a second batch at
// once.
TEST(BatchQueueTest, WhileACallerFlushesOthersWaitForTheWriter) {
  absl::Notification first_taken, others_pushed;
  absl::Mutex mu;
  int flushing = 0, most_at_once = 0;
  std::vector<std::thread::id> threads;
  std::thread::id first_caller;
  {
    BatchQueue<int> queue(
        /*writers=*/1, /*max_batch=*/10, [&](std::vector<int> batch) {
          {
            absl::MutexLock lock(&mu);
            most_at_once = std::max(most_at_once, ++flushing);
            threads.push_back(std::this_thread::get_id());
          }
          if (batch.front() == 1) {
            first_taken.Notify();
            others_pushed.WaitForNotification();
          }
          absl::MutexLock lock(&mu);
          --flushing;
        });
    std::thread first([&] {
      first_caller = std::this_thread::get_id();
      queue.PushOrFlushHere(1);
    });
    first_taken.WaitForNotification();
    // Nothing waits, but the only turn is taken: these are queued.
    ASSERT_TRUE(queue.PushOrFlushHere(2));
    ASSERT_TRUE(queue.PushOrFlushHere(3));
    others_pushed.Notify();
    first.join();
  }
  absl::MutexLock lock(&mu);
  EXPECT_EQ(most_at_once, 1);
  ASSERT_EQ(threads.size(), 2u);  // The two waiting went as one batch...
  EXPECT_EQ(threads[0], first_caller);
  EXPECT_NE(threads[1], first_caller);  // ...on the writer's thread.
  EXPECT_NE(threads[1], std::this_thread::get_id());
}

}  // namespace
}  // namespace equalsay
