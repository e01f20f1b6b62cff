#include "services/consensus/service/round_watch.h"

#include <algorithm>
#include <pqxx/pqxx>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "services/common/base/log.h"
#include "services/common/base/metrics.h"
#include "services/consensus/rules/access_table.h"
#include "services/consensus/service/decision_view.h"
#include "services/consensus/store/watch_store.h"
#include "services/panels/api/panels_api.h"

namespace equalsay::consensus {
namespace {

// NOTIFY payloads must stay under 8000 bytes.
constexpr size_t kMaxPayload = 7000;
// A payload that says someone's access may have ended.
constexpr char kAccessChanged[] = "access";
// At most one round of notices this often.
constexpr absl::Duration kNotifyEvery = absl::Milliseconds(10);

// "12:40,41,43": round 12, events 40, 41 and 43, split to fit a payload.
std::vector<std::string> Payloads(RoundId round_id,
                                  const std::vector<int64_t>& seqs) {
  std::vector<std::string> out;
  std::string current;
  for (int64_t seq : seqs) {
    if (current.size() > kMaxPayload) {
      out.push_back(std::move(current));
      current.clear();
    }
    absl::StrAppend(&current,
                    current.empty() ? absl::StrCat(round_id.value(), ":") : ",",
                    seq);
  }
  if (!current.empty()) out.push_back(std::move(current));
  return out;
}

}  // namespace

void RoundWatch::Start() {
  notifier_ = std::thread([this] { NotifyLoop(); });
  listener_ = std::thread([this] { ListenLoop(); });
  if (!listening_.WaitForNotificationWithTimeout(absl::Seconds(10))) {
    LogLine("live updates are not listening yet; still trying");
  }
}

void RoundWatch::Stop() {
  {
    absl::MutexLock lock(&watchers_mu_);
    if (stopping_) return;
    stopping_ = true;
    for (auto& [round_id, set] : watchers_) {
      for (auto& [w, token_hash] : set) {
        w->End(grpc::Status(grpc::StatusCode::UNAVAILABLE,
                            "The server is restarting. Reconnect to keep "
                            "following the round."));
      }
    }
  }
  stop_.Notify();
  if (notifier_.joinable()) notifier_.join();
  if (listener_.joinable()) listener_.join();
}

void RoundWatch::Committed(RoundId round_id, int64_t seq) {
  absl::MutexLock lock(&pending_mu_);
  pending_[round_id].push_back(seq);
}

void RoundWatch::AccessChanged() {
  absl::MutexLock lock(&pending_mu_);
  access_changed_ = true;
}

bool RoundWatch::Add(RoundId round_id, Watcher* watcher,
                     std::string token_hash) {
  absl::MutexLock lock(&watchers_mu_);
  if (stopping_) return false;
  watchers_[round_id][watcher] = std::move(token_hash);
  ServerMetrics::Get().watch_streams.Add({}, 1);
  return true;
}

void RoundWatch::Remove(RoundId round_id, Watcher* watcher) {
  absl::MutexLock lock(&watchers_mu_);
  auto it = watchers_.find(round_id);
  if (it == watchers_.end()) return;
  if (it->second.erase(watcher) > 0) {
    ServerMetrics::Get().watch_streams.Add({}, -1);
  }
  if (it->second.empty()) watchers_.erase(it);
}

void RoundWatch::NotifyLoop() {
  std::unique_ptr<pqxx::connection> conn;
  auto has_work = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(pending_mu_) {
    return !pending_.empty() || access_changed_ || stop_.HasBeenNotified();
  };
  absl::Time last_sent = absl::InfinitePast();
  while (true) {
    std::map<RoundId, std::vector<int64_t>> batch;
    bool access_changed = false;
    {
      absl::MutexLock lock(&pending_mu_);
      pending_mu_.AwaitWithTimeout(absl::Condition(&has_work),
                                   absl::Milliseconds(200));
    }
    // What commits soon after a notice goes with the next one. Each notice
    // wakes PostgreSQL's listening backends and every server's listener,
    // which one notice per commit did for every ballot of a member voting
    // alone. Watchers hear at most kNotifyEvery later.
    stop_.WaitForNotificationWithTimeout(last_sent + kNotifyEvery -
                                         absl::Now());
    {
      absl::MutexLock lock(&pending_mu_);
      batch.swap(pending_);
      std::swap(access_changed, access_changed_);
    }
    if (stop_.HasBeenNotified()) return;
    if (batch.empty() && !access_changed) continue;
    try {
      if (conn == nullptr || !conn->is_open()) {
        absl::StatusOr<std::unique_ptr<pqxx::connection>> opened =
            Connect(database_url_);
        if (!opened.ok()) throw std::runtime_error(opened.status().ToString());
        conn = *std::move(opened);
      }
      pqxx::nontransaction n(*conn);
      if (access_changed) NotifyWatchers(n, kAccessChanged);
      for (const auto& [round_id, seqs] : batch) {
        for (const std::string& payload : Payloads(round_id, seqs)) {
          NotifyWatchers(n, payload);
        }
      }
      last_sent = absl::Now();
    } catch (const std::exception& e) {
      LogLine(
          absl::StrCat("live updates could not be sent: ", OneLine(e.what())));
      conn.reset();
      absl::MutexLock lock(&pending_mu_);
      access_changed_ |= access_changed;
      for (auto& [round_id, seqs] : batch) {
        auto& queued = pending_[round_id];
        queued.insert(queued.begin(), seqs.begin(), seqs.end());
      }
      stop_.WaitForNotificationWithTimeout(absl::Milliseconds(500));
    }
  }
}

void RoundWatch::ListenLoop() {
  bool listened_before = false;
  while (!stop_.HasBeenNotified()) {
    try {
      absl::StatusOr<std::unique_ptr<pqxx::connection>> conn =
          Connect(database_url_);
      if (!conn.ok()) throw std::runtime_error(conn.status().ToString());
      std::vector<std::string> payloads;
      WatchReceiver receiver(**conn, payloads);
      // Anything sent while we were not listening is lost: tell everyone.
      if (listened_before) Resync();
      listened_before = true;
      if (!listening_.HasBeenNotified()) listening_.Notify();
      absl::Time next_check = absl::Now() + access_check_;
      while (!stop_.HasBeenNotified()) {
        (*conn)->await_notification(0, 200'000);
        bool recheck = absl::Now() >= next_check;
        for (const std::string& payload : payloads) {
          if (payload == kAccessChanged) {
            recheck = true;
          } else {
            Handle(payload);
          }
        }
        payloads.clear();
        if (recheck) {
          // A check that could not read the database is tried again soon:
          // an ended sign-in must not wait for the next periodic check.
          next_check =
              absl::Now() +
              (RecheckAccess() ? access_check_ : absl::Milliseconds(500));
        }
      }
    } catch (const std::exception& e) {
      LogLine(absl::StrCat("live updates stopped listening, retrying: ",
                           OneLine(e.what())));
      stop_.WaitForNotificationWithTimeout(absl::Milliseconds(500));
    }
  }
}

void RoundWatch::Handle(const std::string& payload) {
  const std::pair<std::string, std::string> parts =
      absl::StrSplit(payload, absl::MaxSplits(':', 1));
  int64_t round_number = 0;
  if (!absl::SimpleAtoi(parts.first, &round_number)) return;
  const RoundId round_id(round_number);
  {
    absl::MutexLock lock(&watchers_mu_);
    if (!watchers_.contains(round_id)) return;  // Nobody here follows it.
  }
  struct Latest {
    int64_t seq;
    std::string action;
    int64_t at;
  };
  std::map<std::string, Latest> by_subject;  // The latest event per subject.
  const absl::Status read = pool_.Transact([&](pqxx::transaction_base& txn) {
    by_subject.clear();
    for (const EventHead& e :
         EventsNamed(txn, absl::StrCat("{", parts.second, "}"))) {
      by_subject[e.subject] = {e.seq, e.action, e.at_unix};
    }
    return absl::OkStatus();
  });
  if (!read.ok()) {
    LogLine(
        absl::StrCat("live updates could not read events: ", read.message()));
    return;
  }
  // In the order things happened, not the order of their subjects' names.
  std::vector<std::pair<std::string, Latest>> in_order(by_subject.begin(),
                                                       by_subject.end());
  std::sort(in_order.begin(), in_order.end(), [](const auto& a, const auto& b) {
    return a.second.seq < b.second.seq;
  });
  for (const auto& [subject, latest] : in_order) {
    if (std::optional<v1::RoundUpdate> update = BuildUpdate(
            round_id, latest.seq, latest.action, subject, latest.at)) {
      DeliverToAll(round_id, *update);
    }
  }
}

std::optional<v1::RoundUpdate> RoundWatch::BuildUpdate(
    RoundId round_id, int64_t seq, const std::string& action,
    const std::string& subject, int64_t at_unix) {
  v1::RoundUpdate update;
  update.set_round_id(round_id.str());
  update.set_seq(seq);
  update.set_action(action);
  update.set_subject(subject);
  update.set_at_unix(at_unix);
  const absl::Status status = pool_.Transact([&](pqxx::transaction_base& txn) {
    update.clear_decision();
    if (auto round = panels::LoadRound(txn, round_id)) {
      update.set_round_state(round->state());
    }
    int64_t decision_number = 0;
    if (absl::StartsWith(subject, "decision/") &&
        absl::SimpleAtoi(subject.substr(9), &decision_number)) {
      if (auto d = LoadDecisionView(txn, keys_, DecisionId(decision_number))) {
        *update.mutable_decision() = *std::move(d);
      }
    }
    return absl::OkStatus();
  });
  if (!status.ok()) return std::nullopt;
  return update;
}

void RoundWatch::DeliverToAll(RoundId round_id, const v1::RoundUpdate& update) {
  absl::MutexLock lock(&watchers_mu_);
  auto it = watchers_.find(round_id);
  if (it == watchers_.end()) return;
  for (auto& [w, token_hash] : it->second) w->Deliver(update);
}

bool RoundWatch::RecheckAccess() {
  std::vector<Watcher*> open;
  std::vector<std::string> hashes;
  std::vector<RoundId> rounds;
  {
    absl::MutexLock lock(&watchers_mu_);
    for (const auto& [round_id, set] : watchers_) {
      for (const auto& [w, token_hash] : set) {
        open.push_back(w);
        hashes.push_back(token_hash);
        rounds.push_back(round_id);
      }
    }
  }
  if (open.empty()) return true;
  static const AccessRule& rule =
      *FindRule(ConsensusAccessTable(), "WatchRound");
  std::vector<std::pair<size_t, grpc::Status>> ended;
  const absl::Status read = pool_.Transact([&](pqxx::transaction_base& txn) {
    ended.clear();
    const std::vector<std::optional<HolderNow>> holders =
        HoldersNow(txn, hashes, rounds);
    for (size_t i = 0; i < holders.size(); ++i) {
      if (!holders[i].has_value()) {
        ended.emplace_back(
            i, grpc::Status(grpc::StatusCode::UNAUTHENTICATED,
                            "Your sign-in has ended (it was revoked, it "
                            "expired, or your account was closed)."));
      } else if (!CheckAccess(rule, RolesOf(holders[i]->org_role,
                                            holders[i]->panel_role,
                                            holders[i]->supporter))
                      .ok()) {
        ended.emplace_back(
            i, grpc::Status(grpc::StatusCode::PERMISSION_DENIED,
                            "You are no longer part of this round, so its "
                            "live updates have stopped."));
      }
    }
    return absl::OkStatus();
  });
  if (!read.ok()) {
    LogLine(
        absl::StrCat("live updates could not check access: ", read.message()));
    return false;
  }
  absl::MutexLock lock(&watchers_mu_);
  for (const auto& [i, status] : ended) {
    auto it = watchers_.find(rounds[i]);
    // Ended only while still open: a stream that closed meanwhile is gone.
    if (it != watchers_.end() && it->second.contains(open[i])) {
      open[i]->End(status);
    }
  }
  return true;
}

void RoundWatch::Resync() {
  absl::MutexLock lock(&watchers_mu_);
  for (auto& [round_id, set] : watchers_) {
    v1::RoundUpdate update;
    update.set_round_id(round_id.str());
    update.set_action("watch.resync");
    update.set_resync(true);
    update.set_at_unix(absl::ToUnixSeconds(absl::Now()));
    for (auto& [w, token_hash] : set) w->Deliver(update);
  }
}

}  // namespace equalsay::consensus
