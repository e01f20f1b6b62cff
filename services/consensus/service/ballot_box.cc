#include "services/consensus/service/ballot_box.h"

#include <optional>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "services/common/base/json.h"
#include "services/common/base/metrics.h"
#include "services/common/base/status_macros.h"
#include "services/common/base/validation.h"
#include "services/common/service/rpc_runner.h"
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
    : closer_(closer),
      ballots_(
          runner, "CastBallot",
          "The server has too many ballots waiting to be saved. Your ballot "
          "was not saved; please try again in a moment.",
          options,
          [](const v1::CastBallotRequest& request) -> absl::StatusOr<int64_t> {
            EQ_ASSIGN_OR_RETURN(
                const DecisionId id,
                ParseId<DecisionId>("decision_id", request.decision_id()));
            return id.value();
          },
          [this](BatchCall& batch, int64_t key,
                 const std::vector<Ballots::Pending*>& group,
                 std::vector<std::function<void()>>& after_commit) {
            return Write(batch, DecisionId(key), group, after_commit);
          },
          std::move(cast_one)) {}

absl::Status BallotBox::Write(
    BatchCall& batch, DecisionId decision_id,
    const std::vector<Ballots::Pending*>& group,
    std::vector<std::function<void()>>& after_commit) {
  pqxx::transaction_base& txn = batch.txn();

  // Everything about the voters and the decision in one statement: who
  // holds each token, whether the request is a retry, their roles, seats
  // and ballots so far.
  std::vector<BallotAsked> asked;
  for (const Ballots::Pending* p : group) {
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
  std::vector<Ballots::Pending*> casting;
  std::vector<CheckedBallot> ballots;
  std::vector<LedgerClaim> claims;
  std::vector<NewEvent> events;
  for (size_t i = 0; i < group.size(); ++i) {
    const std::optional<Voter>& v = read.voters[i];
    if (!v.has_value() || v->request_id_used ||
        !seen.insert(v->caller.person_id).second) {
      continue;
    }
    Ballots::Pending& p = *group[i];
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
  for (size_t k = 0; k < casting.size(); ++k) {
    *casting[k]->response = ballots[k].ballot;
    casting[k]->written = true;
  }
  after_commit.push_back([this, decision_id, n = casting.size(),
                          close = decision.close_when_all_voted()] {
    ServerMetrics::Get().ballot_batch_size.Observe({}, static_cast<double>(n));
    if (close) closer_.CloseIfAllVoted(decision_id);
  });
  return absl::OkStatus();
}

}  // namespace equalsay::consensus
