// The criteria of rounds past set-up, read once per server: set-up is the
// only time they can change (panels::CheckSetupChange), so a batch of
// score sheet saves need not read them again.
#ifndef EQUALSAY_SERVICES_SCORING_SERVICE_FIXED_CRITERIA_H_
#define EQUALSAY_SERVICES_SCORING_SERVICE_FIXED_CRITERIA_H_

#include <memory>
#include <pqxx/pqxx>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "equalsay/v1/panels.pb.h"
#include "services/common/base/ids.h"

namespace equalsay::scoring {

class FixedCriteria {
 public:
  using Criteria = std::shared_ptr<const std::vector<v1::Criterion>>;

  // The criteria of a round that has left set-up (the caller has read its
  // state in `txn`), read in `txn` the first time.
  Criteria Of(pqxx::transaction_base& txn, RoundId round_id);

 private:
  // Rounds in scoring at once are few; past this many, all are read again.
  static constexpr size_t kMaxRounds = 256;

  absl::Mutex mu_;
  absl::flat_hash_map<RoundId, Criteria> rounds_ ABSL_GUARDED_BY(mu_);
};

}  // namespace equalsay::scoring

#endif  // EQUALSAY_SERVICES_SCORING_SERVICE_FIXED_CRITERIA_H_
