#include "services/consensus/service/sealer.h"

#include "absl/strings/str_cat.h"
#include "services/common/base/log.h"
#include "services/common/base/metrics.h"
#include "services/consensus/rules/audit_chain.h"
#include "services/consensus/store/audit_store.h"

namespace equalsay::consensus {

int AuditSealer::SealNow() {
  int sealed = 0;
  const absl::Status status = pool_.Transact([&](pqxx::transaction_base& txn) {
    sealed = 0;
    if (!TryLockSealing(txn)) return absl::OkStatus();  // Another server is.
    const std::optional<SealRow> last = LastSeal(txn);
    const Horizon horizon = CurrentHorizon(txn);
    const uint64_t from = last ? last->to_xid : 0;
    if (horizon.xmin <= from) return absl::OkStatus();
    const uint64_t to = SealEnd(txn, from, horizon.xmin, kMaxSealEvents);
    const std::vector<EventRow> events = EventsBetween(txn, from, to);
    if (events.empty()) return absl::OkStatus();
    for (const EventRow& e : events) {
      if (LooksBackDated(e, late_commit_)) {
        LogLine(absl::StrCat(
            "audit trail: event ", e.seq,
            " is left out of its seal, so audit verify names it: ",
            e.writer_rolled_back
                ? "the transaction it names rolled back"
                : absl::StrCat("its transaction committed ",
                               absl::FormatDuration(*e.commit_lag),
                               " after the event's place was taken")));
      }
    }
    InsertSeal(txn, MakeSeal(last ? &*last : nullptr, to, horizon.xmax,
                             MaxSealedSeq(txn), events, late_commit_));
    sealed = static_cast<int>(events.size());
    return absl::OkStatus();
  });
  if (!status.ok()) {
    LogLine(absl::StrCat("sealing the audit trail failed, will retry: ",
                         status.message()));
  } else {
    ServerMetrics& metrics = ServerMetrics::Get();
    metrics.sealed_events.Add({}, sealed);
    metrics.sealer_last_pass.Set({}, absl::ToUnixSeconds(absl::Now()));
  }
  return sealed;
}

}  // namespace equalsay::consensus
