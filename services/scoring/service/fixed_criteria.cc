#include "services/scoring/service/fixed_criteria.h"

#include <utility>

#include "services/panels/api/panels_api.h"

namespace equalsay::scoring {

FixedCriteria::Criteria FixedCriteria::Of(pqxx::transaction_base& txn,
                                          RoundId round_id) {
  {
    absl::MutexLock lock(&mu_);
    if (const auto it = rounds_.find(round_id); it != rounds_.end()) {
      return it->second;
    }
  }
  // Committed before this transaction began: nothing it could roll back.
  Criteria read = std::make_shared<const std::vector<v1::Criterion>>(
      panels::ListCriteria(txn, round_id));
  absl::MutexLock lock(&mu_);
  if (rounds_.size() >= kMaxRounds) rounds_.clear();
  rounds_.emplace(round_id, read);
  return read;
}

}  // namespace equalsay::scoring
