#include "services/consensus/service/ballot_box.h"

#include <map>
#include <optional>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "services/common/base/json.h"
#include "services/common/base/metrics.h"
#include "services/common/base/status_macros.h"
#include "services/common/base/validation.h"
#include "services/common/service/rpc_runner.h"
#include "services/common/store/db_watchdog.h"
#include "services/common/store/request_ledger.h"
#include "services/consensus/rules/decision_rules.h"
#include "services/consensus/store/decision_store.h"

namespace equalsay::consensus {

NewEvent BallotCastEvent(const v1::Decision& decision, PersonId voter_id) {
  return {
      .actor_id = voter_id,
      .action = "ballot.cast",
      .subject = DecisionSubject(IdOf<DecisionId>(decision.id())),
      .round_id = IdOf<RoundId>(decision.round_id()),
      .payload_json =
          JsonObject().Add("run", static_cast<int64_t>(decision.run())).str()};
}

BallotBox::BallotBox(RpcRunner& runner, DecisionCloser& closer,
                     CastOne cast_one, Options options)
    : runner_(runner),
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
      queue_(
          options.writers, options.max_batch,
          [this](std::vector<Pending> batch) { Flush(std::move(batch)); },
          options.max_queued) {}

void BallotBox::Cast(grpc::ServerContextBase* context,
                     const v1::CastBallotRequest* request, v1::Ballot* response,
                     Done done) {
  Pending pending{.context = context,
                  .request = request,
                  .response = response,
                  .done = std::move(done)};
  absl::StatusOr<Admission> admission = Admit(*context, *request);
  absl::StatusOr<DecisionId> decision_id =
      ParseId<DecisionId>("decision_id", request->decision_id());
  if (admission.ok() && decision_id.ok()) {
    pending.admission = *std::move(admission);
    pending.decision_id = *decision_id;
  }
  if (!queue_.Push(std::move(pending))) {
    pending.response->Clear();
    pending.done(grpc::Status(
        grpc::StatusCode::UNAVAILABLE,
        "The server has too many ballots waiting to be saved. Your ballot "
        "was not saved; please try again in a moment."));
  }
}

void BallotBox::Flush(std::vector<Pending> batch) {
  std::map<DecisionId, std::vector<Pending*>> by_decision;
  absl::Time latest = absl::InfinitePast();  // The most patient caller's.
  for (Pending& p : batch) {
    if (p.admission.has_value()) by_decision[p.decision_id].push_back(&p);
    latest = std::max(latest, absl::FromChrono(p.context->deadline()));
  }
  const ScopedDbDeadline deadline(latest);
  // Ballots for many decisions share one durable commit too: one
  // transaction writes every decision's group (in decision order, so two
  // writers never take the same rows in opposite orders). One decision
  // needs no transaction: its write is one statement.
  std::map<DecisionId, bool> close_when_all_voted;
  const absl::Status status = runner_.RunBatch(
      "CastBallot",
      by_decision.size() == 1 ? Isolation::kEachStatement
                              : Isolation::kReadCommitted,
      [&](BatchCall& batch) {
        for (auto& [decision_id, group] : by_decision) {
          EQ_RETURN_IF_ERROR(Write(batch, decision_id, group,
                                   close_when_all_voted[decision_id]));
        }
        return absl::OkStatus();
      });
  if (status.ok()) {
    for (const auto& [decision_id, group] : by_decision) {
      ServerMetrics::Get().ballot_batch_size.Observe(
          {}, static_cast<double>(group.size()));
      if (close_when_all_voted[decision_id]) {
        closer_.CloseIfAllVoted(decision_id);
      }
    }
  } else {
    for (Pending& p : batch) p.cast = false;  // Rolled back: none stored.
  }
  // Nothing of a failed write was stored, so each ballot in it goes alone;
  // if its commit is in doubt, the ledger answers a ballot that was stored.
  for (Pending& p : batch) {
    if (p.cast) {
      answers_.Push([done = std::move(p.done)] { done(grpc::Status::OK); });
    } else {
      alone_.Push(std::move(p));
    }
  }
}

absl::Status BallotBox::Write(BatchCall& batch, DecisionId decision_id,
                              const std::vector<Pending*>& group,
                              bool& close_when_all_voted) {
  close_when_all_voted = false;
  for (Pending* p : group) p->cast = false;
  pqxx::transaction_base& txn = batch.txn();

  // Everything about the voters and the decision in one statement: who
  // holds each token, whether the request is a retry, their roles, seats
  // and ballots so far.
  std::vector<BallotAsked> asked;
  for (const Pending* p : group) {
    asked.push_back(
        {.token = p->admission->token, .request_id = p->request->request_id()});
  }
  const VotersRead read = ReadVoters(txn, decision_id, asked);
  if (!read.decision.has_value()) return absl::OkStatus();
  const v1::Decision& decision = *read.decision;

  // Ballots the one-call path answers: a token that does not work, a retry,
  // a person's second ballot in this batch (it waits for the first), and
  // any ballot it would refuse.
  absl::flat_hash_set<PersonId> seen;
  std::vector<Pending*> casting;
  std::vector<CheckedBallot> ballots;
  std::vector<LedgerClaim> claims;
  std::vector<NewEvent> events;
  for (size_t i = 0; i < group.size(); ++i) {
    const std::optional<Voter>& v = read.voters[i];
    if (!v.has_value() || v->request_id_used ||
        !seen.insert(v->caller.person_id).second) {
      continue;
    }
    Pending& p = *group[i];
    const v1::CastBallotRequest& request = *p.request;
    if (!batch.Authorize(v->caller, v->panel_role) ||
        !CheckBallot(decision,
                     {.seat = v->elector.seat,
                      .panel_closed = v->elector.panel_closed,
                      .now = read.read_at_time},
                     request)
             .ok()) {
      continue;
    }
    const CheckedBallot& b = ballots.emplace_back(CheckedBallot{
        .person_id = v->caller.person_id,
        .panel_id = v->elector.panel_id,
        .ballot = BallotFrom(decision_id, decision.run(), request.choice(),
                             KeptReason(request.reason(), v->ballot_reason),
                             v->ballot_version + 1,
                             absl::ToUnixSeconds(read.read_at_time))});
    casting.push_back(&p);
    EQ_ASSIGN_OR_RETURN(LedgerClaim claim,
                        batch.Claim(b.person_id, *p.admission, b.ballot));
    claims.push_back(std::move(claim));
    events.push_back(BallotCastEvent(decision, b.person_id));
  }
  if (ballots.empty()) return absl::OkStatus();

  // The ballots, their ledger claims (answers included) and their events in
  // one statement, which commits on its own. If anything changed since the
  // read, it writes nothing and the pool runs all this again.
  batch.Committed(
      IdOf<RoundId>(decision.round_id()),
      WriteCheckedBallots(txn, read, ballots, "CastBallot", claims, events));
  close_when_all_voted = decision.close_when_all_voted();
  for (size_t k = 0; k < casting.size(); ++k) {
    *casting[k]->response = ballots[k].ballot;
    casting[k]->cast = true;
  }
  return absl::OkStatus();
}

}  // namespace equalsay::consensus
