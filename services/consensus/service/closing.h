// Closing decisions: by the co-chairs, at a closing time, or when everyone
// has voted. One path for all three, so the outcome is reckoned one way.
#ifndef EQUALSAY_SERVICES_CONSENSUS_SERVICE_CLOSING_H_
#define EQUALSAY_SERVICES_CONSENSUS_SERVICE_CLOSING_H_

#include <atomic>
#include <cstdint>
#include <optional>
#include <pqxx/pqxx>
#include <thread>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/notification.h"
#include "absl/time/time.h"
#include "equalsay/v1/consensus.pb.h"
#include "services/common/base/change_feed.h"
#include "services/common/base/ids.h"
#include "services/common/store/db_pool.h"
#include "services/common/store/events.h"
#include "services/privacy/rules/data_keys.h"

namespace equalsay::consensus {

// The outcome recounted from the decision's frozen rules and electorate and
// the ballots of its run (`decision.run()`, the current one unless the
// caller asks for an earlier one), with secrecy applied.
v1::Outcome Recount(pqxx::transaction_base& txn, const v1::Decision& decision);

// Closes `decision`, which the caller holds exclusively: records the result,
// and in a recruitment round moves the round on to decided once every
// candidate's decision has closed (checked like every change of a round's
// state). Events go to `append`.
absl::Status CloseNow(pqxx::transaction_base& txn, const v1::Decision& decision,
                      std::optional<PersonId> actor, EventSink append);

// Closes decisions in the background when their closing time passes, and
// on request when everyone has voted. Any number of servers may run one:
// each decision is closed once, by whichever gets to it first.
class DecisionCloser {
 public:
  DecisionCloser(DbPool& pool, const privacy::DataKeys& keys, ChangeFeed* feed,
                 absl::Duration interval)
      : pool_(pool), keys_(keys), feed_(feed), interval_(interval) {}
  ~DecisionCloser() { Stop(); }

  // Closes every decision already past its time, then keeps watching.
  void Start();
  void Stop();

  // Closes the decision now if it asks to close when everyone has voted and
  // everyone has. Errors are logged: the background pass retries.
  void CloseIfAllVoted(DecisionId decision_id);

 private:
  // Closes every decision whose time has come; returns how many.
  int ClosePastDue();
  // Closes, in one transaction, the decisions `pick` holds for closing, and
  // tells watchers; failures are logged (the background pass retries).
  int CloseBy(
      absl::string_view what,
      absl::FunctionRef<std::vector<v1::Decision>(pqxx::transaction_base&)>
          pick);
  void Announce(const std::vector<std::pair<RoundId, int64_t>>& events);

  DbPool& pool_;
  const privacy::DataKeys& keys_;
  ChangeFeed* const feed_;
  const absl::Duration interval_;
  absl::Notification stop_;
  std::thread thread_;
};

}  // namespace equalsay::consensus

#endif  // EQUALSAY_SERVICES_CONSENSUS_SERVICE_CLOSING_H_
