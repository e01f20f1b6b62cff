#include "services/consensus/service/ballot_box.h"

#include <map>
#include <optional>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "services/common/base/json.h"
#include "services/common/base/validation.h"
#include "services/common/service/rpc_runner.h"
#include "services/common/store/db_watchdog.h"
#include "services/common/store/request_ledger.h"
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
  absl::StatusOr<std::string> token = TokenOf(*context);
  absl::StatusOr<int64_t> decision_id =
      ParseId("decision_id", request->decision_id());
  if (token.ok() && decision_id.ok() &&
      CheckRequestId(request->request_id()).ok()) {
    pending.token = *std::move(token);
    pending.decision_id = *decision_id;
    pending.request_hash = RequestHash(*request);
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
  std::map<int64_t, std::vector<Pending*>> by_decision;
  absl::Time latest = absl::InfinitePast();  // The most patient caller's.
  for (Pending& p : batch) {
    if (!p.token.empty()) by_decision[p.decision_id].push_back(&p);
    latest = std::max(latest, absl::FromChrono(p.context->deadline()));
  }
  const ScopedDbDeadline deadline(latest);
  for (auto& [decision_id, group] : by_decision) {
    Written written;
    const absl::Status status = pool_.Transact(
        Isolation::kEachStatement, [&](pqxx::transaction_base& txn) {
          return Write(txn, decision_id, group, written);
        });
    if (!status.ok()) continue;  // Write marks a ballot cast only once stored.
    if (feed_ != nullptr) {
      for (int64_t seq : written.seqs) feed_->Committed(written.round_id, seq);
    }
    if (written.close_when_all_voted) closer_.CloseIfAllVoted(decision_id);
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

absl::Status BallotBox::Write(pqxx::transaction_base& txn, int64_t decision_id,
                              const std::vector<Pending*>& group,
                              Written& written) {
  written = {};
  for (Pending* p : group) p->cast = false;

  // Everything about the voters and the decision in one statement: who
  // holds each token, whether the request is a retry, their roles, seats
  // and ballots so far.
  std::vector<BallotAsked> asked;
  for (const Pending* p : group) {
    asked.push_back(
        {.token = p->token, .request_id = p->request->request_id()});
  }
  const VotersRead read = ReadVoters(txn, decision_id, asked);
  if (!read.decision.has_value()) return absl::OkStatus();
  const v1::Decision& decision = *read.decision;

  // Ballots the one-call path answers: a token that does not work, a retry,
  // a person's second ballot in this batch (it waits for the first), and
  // any ballot it would refuse.
  absl::flat_hash_set<int64_t> seen;
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
    if (!CheckAccess(rule_, RolesOf(v->caller.org_role, v->panel_role)).ok() ||
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
    claims.push_back({.person_id = b.person_id,
                      .request_id = request.request_id(),
                      .request_hash = p.request_hash,
                      .answer = Serialize(b.ballot)});
    events.push_back(BallotCastEvent(decision, b.person_id));
  }
  if (ballots.empty()) return absl::OkStatus();

  // The ballots, their ledger claims (answers included) and their events in
  // one statement, which commits on its own. If anything changed since the
  // read, it writes nothing and the pool runs all this again.
  written.seqs =
      WriteCheckedBallots(txn, read, ballots, "CastBallot", claims, events);
  written.round_id = std::stoll(decision.round_id());
  written.close_when_all_voted = decision.close_when_all_voted();
  for (size_t k = 0; k < casting.size(); ++k) {
    *casting[k]->response = ballots[k].ballot;
    casting[k]->cast = true;
  }
  return absl::OkStatus();
}

}  // namespace equalsay::consensus
