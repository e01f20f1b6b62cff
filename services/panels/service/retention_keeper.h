// Applies the retention policy in the background: people and candidates
// whose time is up are erased, each erasure an event, and old answers kept
// for retries are dropped. Any number of servers may run one: each subject
// is erased by one of them, once.
#ifndef EQUALSAY_SERVICES_PANELS_SERVICE_RETENTION_KEEPER_H_
#define EQUALSAY_SERVICES_PANELS_SERVICE_RETENTION_KEEPER_H_

#include "absl/time/time.h"
#include "services/common/base/background_loop.h"
#include "services/common/base/change_feed.h"
#include "services/common/store/db_pool.h"
#include "services/panels/rules/retention.h"
#include "services/privacy/rules/data_keys.h"

namespace equalsay::panels {

class RetentionKeeper {
 public:
  // `feed` hears of rounds whose candidates were erased (may be null).
  RetentionKeeper(DbPool& pool, const privacy::DataKeys& keys,
                  RetentionPolicy policy, absl::Duration interval,
                  ChangeFeed* feed)
      : pool_(pool),
        keys_(keys),
        policy_(policy),
        interval_(interval),
        feed_(feed) {}
  ~RetentionKeeper() { Stop(); }

  // Subjects erased in one transaction at most, so a backlog (a policy
  // shortened, say) goes a bounded piece at a time.
  static constexpr int kBatch = 50;

  void Start() {
    loop_.Start(interval_, kBatch, [this] { return KeepNow(); });
  }
  void Stop() { loop_.Stop(); }
  // Erases up to kBatch of each kind whose time is up; returns how many.
  int KeepNow();

 private:
  DbPool& pool_;
  const privacy::DataKeys& keys_;
  const RetentionPolicy policy_;
  const absl::Duration interval_;
  ChangeFeed* const feed_;
  BackgroundLoop loop_;
};

}  // namespace equalsay::panels

#endif  // EQUALSAY_SERVICES_PANELS_SERVICE_RETENTION_KEEPER_H_
