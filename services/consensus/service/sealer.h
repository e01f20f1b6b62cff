// Seals the audit trail in the background, so writers never wait for it.
// Any number of servers may run one: a seal is made by one at a time.
#ifndef EQUALSAY_SERVICES_CONSENSUS_SERVICE_SEALER_H_
#define EQUALSAY_SERVICES_CONSENSUS_SERVICE_SEALER_H_

#include "absl/time/time.h"
#include "services/common/base/background_loop.h"
#include "services/common/store/db_pool.h"

namespace equalsay::consensus {

class AuditSealer {
 public:
  // `late_commit`: see LooksBackDated.
  AuditSealer(DbPool& pool, absl::Duration interval, absl::Duration late_commit)
      : pool_(pool), interval_(interval), late_commit_(late_commit) {}
  ~AuditSealer() { Stop(); }

  // A seal holds about this many events at most, so sealing a backlog
  // never reads it whole.
  static constexpr int kMaxSealEvents = 10000;

  void Start() {
    loop_.Start(interval_, kMaxSealEvents, [this] { return SealNow(); });
  }
  void Stop() { loop_.Stop(); }
  // Seals events whose transactions have finished, up to about
  // kMaxSealEvents; returns how many.
  int SealNow();

 private:
  DbPool& pool_;
  const absl::Duration interval_;
  const absl::Duration late_commit_;
  BackgroundLoop loop_;
};

}  // namespace equalsay::consensus

#endif  // EQUALSAY_SERVICES_CONSENSUS_SERVICE_SEALER_H_
