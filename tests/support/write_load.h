// Members casting ballots and saving score sheets as fast as they can, each
// on a connection of its own, retrying an unanswered request with the same
// request id (as a real client must), and recording what the server
// acknowledged, to hold it to the database after faults.
#ifndef EQUALSAY_TESTS_SUPPORT_WRITE_LOAD_H_
#define EQUALSAY_TESTS_SUPPORT_WRITE_LOAD_H_

#include <atomic>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "tests/support/api.h"
#include "tests/support/scratch_database.h"

namespace equalsay::testing {

class WriteLoad {
 public:
  struct Plan {
    std::string grpc_addr;
    std::string decision_id;  // Each voter changes their ballot on it.
    std::vector<Account> voters;
    // Each scorer saves a draft sheet for each candidate, again and again.
    std::vector<Account> scorers;
    std::vector<std::string> candidate_ids;
    std::string criterion_id;
    absl::Duration deadline = absl::Seconds(3);  // Of each call.
  };
  explicit WriteLoad(Plan plan);
  ~WriteLoad() { Stop(); }

  // No new writes; each one not yet answered is retried until it is (for
  // up to 60 s), then the clients stop.
  void Stop();

  int acknowledged() const { return acknowledged_.load(); }
  // The longest any single call took, answered or not.
  absl::Duration longest_call() const;
  // How often each status other than OK was seen.
  std::map<grpc::StatusCode, int> failures() const;

  // Acknowledged ballot changes so far, by voter id.
  std::map<std::string, int> AcknowledgedBallots() const;

  // Every acknowledged ballot and sheet is in the database, and each
  // exactly once: a retried request id never counted twice.
  void ExpectEachAcknowledgedWriteStoredOnce(const ScratchDatabase& db) const;

 private:
  void Voter(size_t index);
  void Scorer(size_t index, const std::string& candidate_id);
  // Sends `call` until answered OK or refused for a reason retrying cannot
  // change, calling `reconnect` between tries; false when refused (an
  // error is recorded).
  template <typename Call, typename Reconnect>
  bool UntilAnswered(Call call, Reconnect reconnect);

  const Plan plan_;
  std::atomic<bool> stopping_{false};
  std::atomic<int> acknowledged_{0};
  mutable absl::Mutex mu_;
  std::map<std::string, int> ballots_ ABSL_GUARDED_BY(mu_);  // Voter id.
  // "scorer id/candidate id": acknowledged saves.
  std::map<std::string, int> sheets_ ABSL_GUARDED_BY(mu_);
  std::map<grpc::StatusCode, int> failures_ ABSL_GUARDED_BY(mu_);
  absl::Duration longest_ ABSL_GUARDED_BY(mu_);
  std::vector<std::thread> threads_;
};

}  // namespace equalsay::testing

#endif  // EQUALSAY_TESTS_SUPPORT_WRITE_LOAD_H_
