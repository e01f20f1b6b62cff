#include "services/consensus/service/closing.h"

#include "absl/strings/str_cat.h"
#include "services/common/base/enum_names.h"
#include "services/common/base/json.h"
#include "services/common/base/log.h"
#include "services/consensus/rules/outcome.h"
#include "services/consensus/store/decision_store.h"
#include "services/panels/api/panels_api.h"
#include "services/panels/rules/round_state.h"

namespace equalsay::consensus {

v1::Outcome Recount(pqxx::transaction_base& txn, const v1::Decision& decision) {
  const DecisionId id = IdOf<DecisionId>(decision.id());
  const v1::Round round =
      *panels::LoadRound(txn, IdOf<RoundId>(decision.round_id()));
  v1::Outcome outcome =
      DecideOutcome({.method = decision.method(),
                     .round_kind = round.kind(),
                     .secret = decision.secrecy() == v1::SECRECY_SECRET,
                     .publish_counts = round.publish_secret_counts(),
                     .panels = CountPanels(txn, id, decision.run())});
  outcome.set_decision_id(decision.id());
  outcome.set_run(decision.run());
  return outcome;
}

absl::Status CloseNow(pqxx::transaction_base& txn, const v1::Decision& decision,
                      std::optional<PersonId> actor, EventSink append) {
  const DecisionId id = IdOf<DecisionId>(decision.id());
  const RoundId round_id = IdOf<RoundId>(decision.round_id());
  const v1::OutcomeResult result = Recount(txn, decision).result();
  MarkClosed(txn, id, result);
  append({.actor_id = actor,
          .action = "decision.closed",
          .subject = Subject("decision", id),
          .round_id = round_id,
          .payload_json = JsonObject()
                              .Add("run", static_cast<int64_t>(decision.run()))
                              .Add("result", OutcomeResultName(result))
                              .str()});
  if (decision.candidate_id().empty()) return absl::OkStatus();
  const v1::Round round =
      *panels::LoadRound(txn, round_id, panels::RoundHold::kExclusive);
  if (round.state() == v1::ROUND_STATE_DECIDING &&
      EveryCandidateDecided(txn, round_id)) {
    return panels::MoveRound(txn, round, v1::ROUND_STATE_DECIDED, actor,
                             append);
  }
  return absl::OkStatus();
}

void DecisionCloser::Start() {
  // Decisions whose time came while no server ran close before any call.
  while (ClosePastDue() > 0) {
  }
  thread_ = std::thread([this] {
    while (!stop_.WaitForNotificationWithTimeout(interval_)) {
      while (ClosePastDue() > 0) {
      }
    }
  });
}

void DecisionCloser::Stop() {
  if (!thread_.joinable()) return;
  if (!stop_.HasBeenNotified()) stop_.Notify();
  thread_.join();
}

void DecisionCloser::Announce(
    const std::vector<std::pair<RoundId, int64_t>>& events) {
  if (feed_ == nullptr) return;
  for (auto [round_id, seq] : events) feed_->Committed(round_id, seq);
}

int DecisionCloser::CloseBy(
    absl::string_view what,
    absl::FunctionRef<std::vector<v1::Decision>(pqxx::transaction_base&)>
        pick) {
  std::vector<std::pair<RoundId, int64_t>> events;
  int closed = 0;
  const absl::Status status = pool_.Transact([&](pqxx::transaction_base& txn) {
    events.clear();
    closed = 0;
    for (const v1::Decision& d : pick(txn)) {
      if (absl::Status s = CloseNow(txn, d, std::nullopt,
                                    [&](const NewEvent& e) {
                                      events.emplace_back(*e.round_id,
                                                          AppendEvent(txn, e));
                                    });
          !s.ok()) {
        return s;
      }
      ++closed;
    }
    return absl::OkStatus();
  });
  if (!status.ok()) {
    LogLine(absl::StrCat("closing ", what,
                         " failed, will retry: ", status.message()));
    return 0;
  }
  Announce(events);
  return closed;
}

int DecisionCloser::ClosePastDue() {
  constexpr int kBatch = 20;
  const int closed = CloseBy("decisions past their time", [&](auto& txn) {
    std::vector<v1::Decision> due;
    for (DecisionId id : DueToClose(txn, kBatch))
      due.push_back(*LoadDecision(txn, keys_, id));
    return due;
  });
  return closed == kBatch ? closed : 0;  // A full batch: look again at once.
}

void DecisionCloser::CloseIfAllVoted(DecisionId decision_id) {
  CloseBy(
      absl::StrCat("decision ", decision_id.value(), " after its last ballot"),
      [&](auto& txn) {
        std::optional<v1::Decision> d =
            LoadDecision(txn, keys_, decision_id, DecisionHold::kExclusive);
        std::vector<v1::Decision> ready;
        if (d.has_value() && d->state() == v1::DECISION_STATE_VOTING &&
            d->close_when_all_voted() && AllVoted(txn, decision_id, d->run())) {
          ready.push_back(*std::move(d));
        }
        return ready;
      });
}

}  // namespace equalsay::consensus
