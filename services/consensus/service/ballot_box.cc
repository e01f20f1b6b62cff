#include "services/consensus/service/ballot_box.h"

#include <algorithm>
#include <map>
#include <optional>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "services/common/json.h"
#include "services/common/request_ledger.h"
#include "services/common/rpc_runner.h"
#include "services/common/validation.h"
#include "services/consensus/rules/decision_rules.h"
#include "services/consensus/store/decision_store.h"

namespace equalsay::consensus {

NewEvent BallotCastEvent(const v1::Decision& decision, int64_t voter_id) {
  return {
      .actor_id = voter_id,
      .action = "ballot.cast",
      .subject = DecisionSubject(std::stoll(decision.id())),
      .round_id = std::stoll(decision.round_id()),
      .payload_json =
          JsonObject().Add("run", static_cast<int64_t>(decision.run())).str()};
}

BallotBox::BallotBox(DbPool& pool, const AccessRule& rule, ChangeFeed* feed,
                     DecisionCloser& closer, CastOne cast_one, Options options)
    : pool_(pool),
      rule_(rule),
      feed_(feed),
      closer_(closer),
      cast_one_(std::move(cast_one)),
      answers_(/*writers=*/1, /*max_batch=*/1024,
               [](std::vector<std::function<void()>> answers) {
                 for (auto& answer : answers) answer();
               }),
      alone_(/*writers=*/2, /*max_batch=*/1,
             [this](std::vector<Pending> one) {
               Pending& p = one.front();
               p.response->Clear();
               p.done(cast_one_(p.context, *p.request, p.response));
             }),
      queue_(options.writers, options.max_batch,
             [this](std::vector<Pending> batch) { Flush(std::move(batch)); }) {}

void BallotBox::Cast(grpc::ServerContextBase* context,
                     const v1::CastBallotRequest* request, v1::Ballot* response,
                     Done done) {
  Pending pending{.context = context,
                  .request = request,
                  .response = response,
                  .done = std::move(done)};
  absl::StatusOr<std::string> token = TokenOf(*context);
  absl::StatusOr<int64_t> decision_id =
      ParseId("decision_id", request->decision_id());
  if (token.ok() && decision_id.ok() &&
      CheckRequestId(request->request_id()).ok()) {
    pending.token = *std::move(token);
    pending.decision_id = *decision_id;
    pending.request_hash = RequestHash(*request);
  }
  queue_.Push(std::move(pending));
}

void BallotBox::Flush(std::vector<Pending> batch) {
  Written written;
  const absl::Status status = pool_.Transact(
      [&](pqxx::transaction_base& txn) { return Write(txn, batch, written); });
  if (status.ok()) {
    if (feed_ != nullptr) {
      for (auto [round_id, seq] : written.round_events) {
        feed_->Committed(round_id, seq);
      }
    }
    for (int64_t id : written.close_when_all_voted) {
      closer_.CloseIfAllVoted(id);
    }
    for (Pending& p : batch) {
      if (p.cast) {
        answers_.Push([done = std::move(p.done)] { done(grpc::Status::OK); });
      }
    }
  }
  // Nothing of a failed batch was written, so each ballot in it goes alone;
  // if its commit is in doubt, the ledger answers a ballot that was stored.
  for (Pending& p : batch) {
    if (!status.ok() || !p.cast) alone_.Push(std::move(p));
  }
}

absl::Status BallotBox::Write(pqxx::transaction_base& txn,
                              std::vector<Pending>& batch, Written& written) {
  written = {};
  for (Pending& p : batch) p.cast = false;

  // Everything about the voters in one query: who holds each token, whether
  // the request is a retry, their roles and seats.
  std::vector<Pending*> asked;
  std::vector<BallotAsked> questions;
  for (Pending& p : batch) {
    if (p.token.empty()) continue;
    asked.push_back(&p);
    questions.push_back({.token = p.token,
                         .request_id = p.request->request_id(),
                         .decision_id = p.decision_id});
  }
  const std::vector<std::optional<Voter>> voters = VotersOf(txn, questions);

  // Ballots the one-call path answers: a token that does not work, a retry,
  // a person's second ballot in this batch (it waits for the first), and
  // any ballot it would refuse.
  absl::flat_hash_set<int64_t> seen;
  std::map<int64_t, std::vector<size_t>> by_decision;  // Locked in id order.
  for (size_t i = 0; i < asked.size(); ++i) {
    if (!voters[i].has_value() || voters[i]->request_id_used ||
        !seen.insert(voters[i]->caller.person_id).second) {
      continue;
    }
    by_decision[asked[i]->decision_id].push_back(i);
  }
  std::vector<NewEvent> events;
  std::vector<LedgerClaim> claims;
  for (const auto& [id, group] : by_decision) {
    // Held against a close, as on the one-call path.
    const std::optional<v1::Decision> d =
        LoadDecision(txn, id, DecisionHold::kShare);
    if (!d.has_value()) continue;
    std::vector<size_t> casting;
    std::vector<NewBallot> ballots;
    for (size_t i : group) {
      const Voter& v = *voters[i];
      const v1::CastBallotRequest& request = *asked[i]->request;
      if (!CheckAccess(rule_, RolesOf(v.caller.org_role, v.panel_role)).ok() ||
          !CheckBallot(*d, v.elector.seat, request).ok()) {
        continue;
      }
      casting.push_back(i);
      ballots.push_back({.person_id = v.caller.person_id,
                         .panel_id = v.elector.panel_id,
                         .choice = request.choice(),
                         .reason = request.reason()});
    }
    if (casting.empty()) continue;
    std::vector<v1::Ballot> stored = UpsertBallots(txn, id, d->run(), ballots);
    for (size_t k = 0; k < casting.size(); ++k) {
      Pending& p = *asked[casting[k]];
      const int64_t voter_id = voters[casting[k]]->caller.person_id;
      *p.response = std::move(stored[k]);
      p.cast = true;
      events.push_back(BallotCastEvent(*d, voter_id));
      claims.push_back({.person_id = voter_id,
                        .request_id = p.request->request_id(),
                        .request_hash = p.request_hash,
                        .answer = Serialize(*p.response)});
    }
    if (d->close_when_all_voted()) written.close_when_all_voted.push_back(id);
  }
  if (claims.empty()) return absl::OkStatus();

  // The ledger (answers included) and the events, in one statement. A
  // request id claimed since the look above is a retry racing its first
  // attempt: this batch then goes back, and every ballot in it takes the
  // one-call path.
  const ClaimedAndAppended done =
      ClaimRequestsAndAppendEvents(txn, "CastBallot", claims, events);
  if (std::find(done.claimed.begin(), done.claimed.end(), false) !=
      done.claimed.end()) {
    return absl::AbortedError("A retry arrived during its first attempt.");
  }
  for (size_t i = 0; i < done.seqs.size(); ++i) {
    written.round_events.emplace_back(*events[i].round_id, done.seqs[i]);
  }
  return absl::OkStatus();
}

}  // namespace equalsay::consensus
