#include "services/consensus/service/ballot_box.h"

#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "services/common/base/json.h"
#include "services/common/base/metrics.h"
#include "services/common/base/status_macros.h"
#include "services/common/base/token.h"
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

BallotBox::BallotBox(RpcRunner& runner, const privacy::DataKeys& keys,
                     DecisionCloser& closer, CastOne cast_one, Options options)
    : runner_(runner),
      keys_(keys),
      closer_(closer),
      ballots_(
          runner, "CastBallot",
          "The server has too many ballots waiting to be saved. Your ballot "
          "was not saved; please try again in a moment.",
          options, Isolation::kEachStatement,
          [](const v1::CastBallotRequest& request) -> absl::StatusOr<int64_t> {
            EQ_ASSIGN_OR_RETURN(
                const DecisionId id,
                ParseId<DecisionId>("decision_id", request.decision_id()));
            return id.value();
          },
          [this](BatchCall& batch, const Ballots::Groups& groups,
                 std::vector<std::function<void()>>& after_commit) {
            return Write(batch, groups, after_commit);
          },
          std::move(cast_one)) {}

void BallotBox::ReadAhead(const grpc::ServerContextBase& context,
                          DecisionId decision_id) {
  const absl::StatusOr<std::string> token = TokenOf(context);
  if (!token.ok()) return;
  const std::string token_hash = HashToken(*token);
  if (facts_.Holds(token_hash, decision_id, absl::Now())) return;
  VotersRead read;
  const absl::Status status = runner_.RunBatch(
      "CastBallot", Isolation::kEachStatement, [&](BatchCall& batch) {
        privacy::TextOpener opener(batch.txn(), keys_);
        read = ReadVoters(
            batch.txn(),
            {{.token_hash = token_hash, .decision_id = decision_id}}, opener);
        return absl::OkStatus();
      });
  const absl::Time now = absl::Now();
  if (!status.ok()) return;
  facts_.NoteRead(read, now);
  if (read.voters.empty() || !read.voters.front()) return;
  const Voter& voter = *read.voters.front();
  const auto decision = read.decisions.find(decision_id);
  if (voter.elector.seat == Seat::kVoter && decision != read.decisions.end() &&
      decision->second.state() == v1::DECISION_STATE_VOTING) {
    facts_.Offer(token_hash, voter, decision->second, now);
  }
}

absl::Status BallotBox::Write(
    BatchCall& batch, const Ballots::Groups& groups,
    std::vector<std::function<void()>>& after_commit) {
  pqxx::transaction_base& txn = batch.txn();

  // Everything about the voters and their decisions: who holds each token,
  // their roles, seats and ballots so far, as kept from their last ballots
  // on these decisions or, failing that, read in one statement, which also
  // says whether a request is a retry.
  std::vector<BallotAsked> asked;
  std::vector<Ballots::Pending*> pending;
  for (const auto& [key, group] : groups) {
    for (Ballots::Pending* p : group) {
      asked.push_back({.token_hash = HashToken(p->admission->token),
                       .request_id = p->request->request_id(),
                       .decision_id = DecisionId(key)});
      pending.push_back(p);
    }
  }
  privacy::TextOpener opener(txn, keys_);
  std::optional<VotersRead> kept = facts_.Take(asked, absl::Now());
  const bool read_now = !kept.has_value();
  const VotersRead read =
      read_now ? ReadVoters(txn, asked, opener) : *std::move(kept);
  if (read_now) facts_.NoteRead(read, absl::Now());

  // Ballots the one-call path answers: one on a decision that does not
  // exist, a token that does not work, a retry, a person's second ballot
  // on a decision in this batch (it waits for the first), and any ballot it
  // would refuse.
  absl::flat_hash_set<std::pair<DecisionId, PersonId>> seen;
  std::vector<size_t> casting;  // Indices into `pending` and `asked`.
  std::vector<CheckedBallot> ballots;
  std::vector<LedgerClaim> claims;
  std::vector<NewEvent> events;
  std::map<DecisionId, size_t> cast_on;
  for (size_t i = 0; i < pending.size(); ++i) {
    Ballots::Pending& p = *pending[i];
    const DecisionId decision_id(p.key);
    const auto decision = read.decisions.find(decision_id);
    const std::optional<Voter>& v = read.voters[i];
    if (decision == read.decisions.end() || !v.has_value() ||
        v->request_id_used ||
        !seen.insert({decision_id, v->caller.person_id}).second) {
      continue;
    }
    const v1::CastBallotRequest& request = *p.request;
    if (!batch.Authorize(v->caller, v->panel_role) ||
        !CheckBallot(decision->second,
                     {.seat = v->elector.seat,
                      .panel_closed = v->elector.panel_closed,
                      .voted_on_paper = v->elector.voted_on_paper,
                      .now = read.read_at_time},
                     request)
             .ok()) {
      continue;
    }
    const PersonId voter = v->caller.person_id;
    if (v->key.has_value()) {
      opener.Know({Subject("person", voter)}, *v->key);
    }
    const std::string stored_reason = KeptReason(
        LockVoteReason(opener, voter, request.reason()), v->ballot_reason);
    const CheckedBallot& b = ballots.emplace_back(CheckedBallot{
        .voter = *v,
        .ballot = BallotFrom(
            decision_id, decision->second.run(), request.choice(),
            request.reason().empty()
                ? OpenVoteReason(opener, voter, stored_reason)
                : request.reason(),
            v->ballot_version + 1, absl::ToUnixSeconds(read.read_at_time)),
        .stored_reason = stored_reason});
    casting.push_back(i);
    ++cast_on[decision_id];
    EQ_ASSIGN_OR_RETURN(LedgerClaim claim,
                        batch.Claim(voter, *p.admission, b.ballot));
    claims.push_back(std::move(claim));
    events.push_back(BallotCastEvent(decision->second, voter));
  }
  if (ballots.empty()) return absl::OkStatus();

  // The ballots, their ledger claims (answers included) and their events in
  // one statement, which commits on its own. If anything changed since the
  // read, it writes nothing and the pool runs all this again. The events'
  // numbers come in the order of `events`.
  const std::vector<int64_t> seqs =
      WriteCheckedBallots(txn, read, ballots, claims, events);
  std::map<RoundId, std::vector<int64_t>> by_round;
  for (size_t k = 0; k < seqs.size() && k < events.size(); ++k) {
    by_round[*events[k].round_id].push_back(seqs[k]);
  }
  for (const auto& [round_id, round_seqs] : by_round) {
    batch.Committed(round_id, round_seqs);
  }
  // Each answer, and what the voter's next ballot here can rely on once
  // this commits.
  std::vector<std::tuple<std::string, Voter, DecisionId>> now_known;
  for (size_t k = 0; k < casting.size(); ++k) {
    *pending[casting[k]]->response = ballots[k].ballot;
    pending[casting[k]]->written = true;
    Voter voter = std::move(ballots[k].voter);
    voter.ballot_version = ballots[k].ballot.version();
    voter.ballot_reason = std::move(ballots[k].stored_reason);
    now_known.emplace_back(std::move(asked[casting[k]].token_hash),
                           std::move(voter), asked[casting[k]].decision_id);
  }
  after_commit.push_back([this, read_now, decisions = read.decisions,
                          now_known = std::move(now_known)] {
    ServerMetrics::Get().ballot_batches.Add({read_now ? "read" : "kept"});
    for (const auto& [token_hash, voter, decision_id] : now_known) {
      facts_.Keep(token_hash, voter, decisions.at(decision_id), absl::Now());
    }
  });
  for (const auto& [decision_id, n] : cast_on) {
    after_commit.push_back(
        [this, decision_id, n,
         close = read.decisions.at(decision_id).close_when_all_voted()] {
          ServerMetrics::Get().ballot_batch_size.Observe(
              {}, static_cast<double>(n));
          if (close) closer_.CloseIfAllVoted(decision_id);
        });
  }
  return absl::OkStatus();
}

}  // namespace equalsay::consensus
