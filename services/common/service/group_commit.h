// Writes concurrent calls of one method together: every call that arrived
// while the last batch was being written goes into the next, all with one
// durable commit, and each is answered only after that commit. The method
// says how a batch, its calls grouped by what they are about (a decision, a
// candidate), is checked and written; a call its write does not take (a
// retry, a refusal, anything unusual) goes the one-call path, which gives
// every answer the method gives alone. Ballots and score sheets share this.
#ifndef EQUALSAY_SERVICES_COMMON_SERVICE_GROUP_COMMIT_H_
#define EQUALSAY_SERVICES_COMMON_SERVICE_GROUP_COMMIT_H_

#include <grpcpp/server_context.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "services/common/base/batch_queue.h"
#include "services/common/base/web_bridge.h"
#include "services/common/service/rpc_runner.h"
#include "services/common/store/db_watchdog.h"

namespace equalsay {

struct GroupCommitOptions {
  int writers = 1;  // Threads writing batches.
  size_t max_batch = 256;
  // Calls waiting beyond this many are refused with UNAVAILABLE (retry)
  // rather than queued without end while the database is slow.
  size_t max_queued = 8192;
};

namespace group_commit_internal {
// Whether a call is being written on the gRPC thread that received it, in
// any GroupCommit. One at a time: gRPC has few threads for its callbacks
// (two on a 2-core machine), and while the database stalls a write holds
// its thread until its deadline (the database call timeout at most), so
// one is always left for every other call.
inline std::atomic<bool> grpc_thread_writing{false};
}  // namespace group_commit_internal

template <typename Request, typename Response>
class GroupCommit {
 public:
  using Done = std::function<void(grpc::Status)>;
  // The one-call path: the method for one request in its own transaction.
  using One = std::function<grpc::Status(grpc::ServerContextBase*,
                                         const Request&, Response*)>;
  struct Pending {
    grpc::ServerContextBase* context = nullptr;
    const Request* request = nullptr;
    Response* response = nullptr;
    Done done;
    // Checked before queueing; nullopt marks a request the one-call path
    // refuses without asking the database.
    std::optional<Admission> admission;
    int64_t key = 0;       // Calls with one key are written as one group.
    bool written = false;  // Set by the group write for each call it wrote.
  };
  // Calls by key, in key order.
  using Groups = std::map<int64_t, std::vector<Pending*>>;
  // Writes the batch's groups (retried from the start if the pool retries):
  // sets `written` and the response of each call it wrote, and adds to
  // `after_commit` what follows once the batch commits.
  using Write = std::function<absl::Status(
      BatchCall& batch, const Groups& groups,
      std::vector<std::function<void()>>& after_commit)>;
  // The key of a request; an error sends it the one-call path.
  using KeyOf = std::function<absl::StatusOr<int64_t>(const Request&)>;
  using Options = GroupCommitOptions;

  // `runner` is the method's service's: batches run through it under
  // `method`'s row of the access table, and its feed hears of each
  // committed event. `refused` is the message of a call refused because
  // too many wait. A batch of one group runs statement by statement (its
  // write is one statement); one of more groups runs as `many_groups`
  // says: kEachStatement where `write` writes every group in one statement.
  GroupCommit(RpcRunner& runner, std::string method, std::string refused,
              Options options, Isolation many_groups, KeyOf key_of, Write write,
              One one)
      : runner_(runner),
        method_(std::move(method)),
        refused_(std::move(refused)),
        many_groups_(many_groups),
        key_of_(std::move(key_of)),
        write_(std::move(write)),
        one_(std::move(one)),
        answers_(/*writers=*/1, /*max_batch=*/1024,
                 [](std::vector<std::function<void()>> answers) {
                   for (auto& answer : answers) answer();
                 }),
        alone_(/*writers=*/2, /*max_batch=*/1,
               [this](std::vector<Pending> one) {
                 Pending& p = one.front();
                 p.response->Clear();
                 p.done(one_(p.context, *p.request, p.response));
               }),
        queue_(
            options.writers, options.max_batch,
            [this](std::vector<Pending> batch) { Flush(std::move(batch)); },
            options.max_queued) {}

  // Writes the call with those around it; `done` is called once, after
  // `response` is filled in (or cleared on an error): on a writer's thread,
  // or on the caller's before Submit returns when it wrote the call itself.
  void Submit(grpc::ServerContextBase* context, const Request* request,
              Response* response, Done done) {
    Pending pending{.context = context,
                    .request = request,
                    .response = response,
                    .done = std::move(done)};
    absl::StatusOr<Admission> admission = Admit(*context, *request);
    absl::StatusOr<int64_t> key = key_of_(*request);
    if (admission.ok() && key.ok()) {
      pending.admission = *std::move(admission);
      pending.key = *key;
    }
    // A call that finds no batch being written is written on the thread
    // that received it, sparing it a writer's wake-up. Not one from the web
    // bridge (over the in-process channel): written there, those measured
    // slower (one-client runs: p50 1.24-1.28 ms against 1.06-1.11 via the
    // writer), for a reason not found.
    using group_commit_internal::grpc_thread_writing;
    const bool here = !context->client_metadata().contains(kForwardedForKey) &&
                      !grpc_thread_writing.exchange(true);
    const bool pushed = here ? queue_.PushOrFlushHere(std::move(pending))
                             : queue_.Push(std::move(pending));
    if (here) grpc_thread_writing.store(false);
    if (!pushed) {
      pending.response->Clear();
      pending.done(grpc::Status(grpc::StatusCode::UNAVAILABLE, refused_));
    }
  }

 private:
  void Flush(std::vector<Pending> batch) {
    Groups groups;
    absl::Time latest = absl::InfinitePast();  // The most patient caller's.
    for (Pending& p : batch) {
      if (p.admission.has_value()) groups[p.key].push_back(&p);
      latest = std::max(latest, absl::FromChrono(p.context->deadline()));
    }
    if (groups.empty()) {  // Every call refused before the database.
      for (Pending& p : batch) alone_.Push(std::move(p));
      return;
    }
    const ScopedDbDeadline deadline(latest);
    // Groups share one durable commit.
    std::vector<std::function<void()>> after_commit;
    const absl::Status status = runner_.RunBatch(
        method_, groups.size() == 1 ? Isolation::kEachStatement : many_groups_,
        [&](BatchCall& call) {
          after_commit.clear();
          for (Pending& p : batch) p.written = false;
          return write_(call, groups, after_commit);
        });
    if (status.ok()) {
      for (auto& fn : after_commit) fn();
    } else {
      for (Pending& p : batch) p.written = false;  // Rolled back: none kept.
    }
    // Nothing of a failed write was stored, so each call in it goes alone;
    // if its commit is in doubt, the ledger answers a call that was stored.
    // With no call waiting for this writer, it answers at once itself: a
    // hand-off to the answering thread would only add that thread's wake-up
    // to each answer (a member voting alone).
    const bool answer_here = queue_.Empty();
    for (Pending& p : batch) {
      if (!p.written) {
        alone_.Push(std::move(p));
      } else if (answer_here) {
        p.done(grpc::Status::OK);
      } else {
        answers_.Push([done = std::move(p.done)] { done(grpc::Status::OK); });
      }
    }
  }

  RpcRunner& runner_;
  const std::string method_;
  const std::string refused_;
  const Isolation many_groups_;
  const KeyOf key_of_;
  const Write write_;
  const One one_;
  // While calls wait for a writer, answers go out on a thread of their own;
  // calls not written with others are always made one by one on threads of
  // their own. Either way a writer is free for the next batch as soon as it
  // has committed.
  BatchQueue<std::function<void()>> answers_;
  BatchQueue<Pending> alone_;
  BatchQueue<Pending> queue_;  // Last: its writers use everything above.
};

}  // namespace equalsay

#endif  // EQUALSAY_SERVICES_COMMON_SERVICE_GROUP_COMMIT_H_
