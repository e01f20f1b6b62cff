#include "services/panels/service/retention_keeper.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "services/common/base/log.h"
#include "services/common/store/events.h"
#include "services/panels/service/erasure.h"
#include "services/panels/store/erasure_store.h"

namespace equalsay::panels {

int RetentionKeeper::KeepNow() {
  int people = 0, candidates = 0;
  std::vector<NewEvent> events;
  std::vector<int64_t> seqs;
  const absl::Status status = pool_.Transact([&](pqxx::transaction_base& txn) {
    people = candidates = 0;
    events.clear();
    const auto record = [&](const NewEvent& e) { events.push_back(e); };
    for (const DueErasure& due :
         DueForErasure(txn, keys_, policy_, kBatch, /*hold=*/true)) {
      if (due.person.has_value()) {
        ErasePersonNow(txn, keys_, *due.person, std::nullopt, "retention",
                       record);
        ++people;
      } else {
        EraseCandidateNow(txn, keys_, *due.candidate, *due.round_id,
                          std::nullopt, "retention", record);
        ++candidates;
      }
    }
    ForgetOldAnswers(txn, kAnswerKeptHours);
    seqs = AppendEvents(txn, events);
    return absl::OkStatus();
  });
  if (!status.ok()) {
    LogLine(absl::StrCat("retention: erasing what is due failed, will retry: ",
                         status.message()));
    return 0;
  }
  if (people + candidates > 0) {
    // Counts only: the log never names anyone erased.
    LogLine(absl::StrCat(
        "retention: erased ", people, people == 1 ? " person" : " people",
        " and ", candidates, candidates == 1 ? " candidate" : " candidates",
        " whose time under the policy was up"));
  }
  if (feed_ != nullptr) {
    for (size_t i = 0; i < events.size(); ++i) {
      if (events[i].round_id.has_value()) {
        feed_->Committed(*events[i].round_id, seqs[i]);
      }
    }
    if (people > 0) feed_->AccessChanged();
  }
  return people + candidates;
}

}  // namespace equalsay::panels
