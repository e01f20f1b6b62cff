#include "services/consensus/service/ballot_box.h"

#include <algorithm>
#include <map>
#include <optional>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "services/common/auth.h"
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
      if (p.cast) p.done(grpc::Status::OK);
    }
  }
  // Nothing of a failed batch was written, so each ballot in it goes alone;
  // if its commit is in doubt, the ledger answers a ballot that was stored.
  for (Pending& p : batch) {
    if (status.ok() && p.cast) continue;
    p.response->Clear();
    p.done(cast_one_(p.context, *p.request, p.response));
  }
}

absl::Status BallotBox::Write(pqxx::transaction_base& txn,
                              std::vector<Pending>& batch, Written& written) {
  written = {};
  for (Pending& p : batch) p.cast = false;

  // Who is asking, in one query. A person's second ballot in one batch waits
  // for the first to commit, on the one-call path.
  std::vector<Pending*> asked;
  std::vector<std::string> tokens;
  for (Pending& p : batch) {
    if (p.token.empty()) continue;
    asked.push_back(&p);
    tokens.push_back(p.token);
  }
  const std::vector<std::optional<Caller>> callers = CallersOf(txn, tokens);
  struct Voter {
    Pending* pending;
    Caller caller;
    int64_t panel_id = 0;
  };
  std::vector<Voter> voters;
  std::vector<LedgerKey> keys;
  absl::flat_hash_set<int64_t> seen;
  for (size_t i = 0; i < asked.size(); ++i) {
    if (!callers[i].has_value() || !seen.insert(callers[i]->person_id).second) {
      continue;
    }
    voters.push_back({.pending = asked[i], .caller = *callers[i]});
    keys.push_back({.person_id = callers[i]->person_id,
                    .request_id = asked[i]->request->request_id()});
  }

  // A request id used before is a retry: the one-call path answers it.
  const std::vector<bool> used = UsedRequests(txn, keys);
  std::map<int64_t, std::vector<Voter>> by_decision;  // Locked in id order.
  for (size_t i = 0; i < voters.size(); ++i) {
    if (!used[i])
      by_decision[voters[i].pending->decision_id].push_back(voters[i]);
  }

  // Each decision, held against a close as on the one-call path, and the
  // roles and seats of those voting on it: the same checks, in three
  // queries however many ballots; then their ballots, in one.
  std::vector<NewEvent> events;
  std::vector<LedgerClaim> claims;
  for (auto& [id, group] : by_decision) {
    const std::optional<v1::Decision> d =
        LoadDecision(txn, id, DecisionHold::kShare);
    if (!d.has_value()) continue;
    std::vector<int64_t> people;
    for (const Voter& v : group) people.push_back(v.caller.person_id);
    const auto roles =
        PanelRolesInRound(txn, std::stoll(d->round_id()), people);
    if (!roles.ok()) continue;
    const auto electors = ElectorsOf(txn, id, people);
    std::vector<Voter*> casting;
    std::vector<NewBallot> ballots;
    for (Voter& v : group) {
      const auto role = roles->find(v.caller.person_id);
      const auto elector = electors.find(v.caller.person_id);
      const Elector where =
          elector == electors.end() ? Elector{} : elector->second;
      if (!CheckAccess(rule_, RolesOf(v.caller.org_role,
                                      role == roles->end()
                                          ? std::nullopt
                                          : std::optional(role->second)))
               .ok() ||
          !CheckBallot(*d, where.seat, *v.pending->request).ok()) {
        continue;
      }
      casting.push_back(&v);
      ballots.push_back({.person_id = v.caller.person_id,
                         .panel_id = where.panel_id,
                         .choice = v.pending->request->choice(),
                         .reason = v.pending->request->reason()});
    }
    if (casting.empty()) continue;
    std::vector<v1::Ballot> stored = UpsertBallots(txn, id, d->run(), ballots);
    for (size_t i = 0; i < casting.size(); ++i) {
      Pending& p = *casting[i]->pending;
      *p.response = std::move(stored[i]);
      p.cast = true;
      events.push_back(BallotCastEvent(*d, casting[i]->caller.person_id));
      claims.push_back({.person_id = casting[i]->caller.person_id,
                        .request_id = p.request->request_id(),
                        .request_hash = p.request_hash,
                        .answer = Serialize(*p.response)});
    }
    if (d->close_when_all_voted()) written.close_when_all_voted.push_back(id);
  }
  if (claims.empty()) return absl::OkStatus();

  // The ledger, answers included, in one statement. A request id claimed
  // since the look above is a retry racing its first attempt: this batch
  // then goes back, and every ballot in it takes the one-call path.
  const std::vector<bool> claimed = ClaimRequests(txn, "CastBallot", claims);
  if (std::find(claimed.begin(), claimed.end(), false) != claimed.end()) {
    return absl::AbortedError("A retry arrived during its first attempt.");
  }
  const std::vector<int64_t> seqs = AppendEvents(txn, events);
  for (size_t i = 0; i < seqs.size(); ++i) {
    written.round_events.emplace_back(*events[i].round_id, seqs[i]);
  }
  return absl::OkStatus();
}

}  // namespace equalsay::consensus
