#include "services/consensus/service/consensus_service.h"

#include <algorithm>
#include <deque>
#include <map>

#include "absl/cleanup/cleanup.h"
#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "services/common/base/enum_names.h"
#include "services/common/base/json.h"
#include "services/common/base/status_macros.h"
#include "services/common/base/token.h"
#include "services/common/base/validation.h"
#include "services/common/store/events.h"
#include "services/common/store/sql.h"
#include "services/consensus/rules/access_table.h"
#include "services/consensus/rules/actions.h"
#include "services/consensus/rules/after_close.h"
#include "services/consensus/rules/assisted.h"
#include "services/consensus/rules/audit_chain.h"
#include "services/consensus/rules/confirmation.h"
#include "services/consensus/rules/decision_rules.h"
#include "services/consensus/rules/feedback.h"
#include "services/consensus/rules/minutes.h"
#include "services/consensus/rules/paper_count.h"
#include "services/consensus/rules/secrecy.h"
#include "services/consensus/service/decision_view.h"
#include "services/consensus/store/action_store.h"
#include "services/consensus/store/audit_store.h"
#include "services/consensus/store/decision_store.h"
#include "services/consensus/store/paper_count_store.h"
#include "services/panels/api/panels_api.h"
#include "services/panels/rules/setup.h"
#include "services/privacy/store/kept_texts.h"
#include "services/privacy/store/people_names.h"
#include "services/scoring/api/results_loader.h"

namespace equalsay::consensus {
namespace {

using panels::RoundHold;

// Loads the decision `id` names (held as `hold`) and authorises the caller
// in its round.
absl::StatusOr<v1::Decision> DecisionInRound(
    Call& call, const privacy::DataKeys& keys, absl::string_view id,
    DecisionHold hold = DecisionHold::kNone) {
  EQ_ASSIGN_OR_RETURN(const DecisionId decision_id,
                      ParseId<DecisionId>("decision_id", id));
  std::optional<v1::Decision> decision =
      LoadDecision(call.txn(), keys, decision_id, hold);
  if (!decision.has_value()) return NoSuch("decision", "decision_id", id);
  EQ_RETURN_IF_ERROR(
      call.AuthorizeInRound(IdOf<RoundId>(decision->round_id())));
  return *std::move(decision);
}

DecisionId DecisionIdOf(const v1::Decision& d) {
  return IdOf<DecisionId>(d.id());
}
RoundId RoundOf(const v1::Decision& d) { return IdOf<RoundId>(d.round_id()); }

// Where a voter stands as their ballot (or one entered for them) arrives.
BallotMoment MomentOf(pqxx::transaction_base& txn, const Elector& elector) {
  return {.seat = elector.seat,
          .panel_closed = elector.panel_closed,
          .voted_on_paper = elector.voted_on_paper,
          .now = TransactionTime(txn)};
}

// What the member sees as their ballot in the decision's run.
std::optional<v1::Ballot> MemberBallot(pqxx::transaction_base& txn,
                                       const privacy::DataKeys& keys,
                                       const v1::Decision& d, PersonId member) {
  const DecisionId id = DecisionIdOf(d);
  return MemberBallotView(d, LoadBallot(txn, keys, id, d.run(), member),
                          LoadAssistedBallot(txn, keys, id, d.run(), member));
}

// The decision as it stands after a change, as everyone in the round sees it.
v1::Decision Shown(pqxx::transaction_base& txn, const privacy::DataKeys& keys,
                   DecisionId id) {
  return *LoadDecisionView(txn, keys, id);
}

// The caller's panel in the decision's round, for co-chairs acting for it.
absl::StatusOr<PanelId> OwnPanel(Call& call, const v1::Decision& d) {
  std::optional<panels::Membership> seat =
      panels::MembershipIn(call.txn(), RoundOf(d), call.caller().person_id);
  if (!seat.has_value() || seat->role != v1::PANEL_ROLE_CO_CHAIR) {
    return absl::PermissionDeniedError(
        "Only a panel's co-chair can do this for their panel.");
  }
  return seat->panel_id;
}

int64_t NowUnix(pqxx::transaction_base& txn) {
  return absl::ToUnixSeconds(TransactionTime(txn));
}

// An action's owner must be able to record progress on it: a co-chair or
// member of one of the round's panels (observers change nothing), or an
// administrator or HR.
absl::Status CheckOwner(pqxx::transaction_base& txn,
                        const privacy::DataKeys& keys, RoundId round_id,
                        PersonId owner) {
  const std::optional<v1::Person> person = panels::LoadPerson(txn, keys, owner);
  if (!person.has_value() || !person->active()) {
    return NoSuch("person", "owner_person_id", owner.str());
  }
  const std::optional<panels::Membership> seat =
      panels::MembershipIn(txn, round_id, owner);
  if (person->org_role() == v1::ORG_ROLE_ADMIN ||
      person->org_role() == v1::ORG_ROLE_HR ||
      (seat.has_value() && seat->role != v1::PANEL_ROLE_OBSERVER)) {
    return absl::OkStatus();
  }
  return absl::FailedPreconditionError(absl::StrCat(
      "owner_person_id: ", person->display_name(),
      " is on none of this round's panels as a co-chair or member, so they "
      "could not record progress. Choose someone who is, or an "
      "administrator or HR."));
}

// What came of each agreed decision, of one round or every round.
v1::YouSaidWeDid YouSaidWeDidOf(pqxx::transaction_base& txn,
                                const privacy::DataKeys& keys,
                                std::optional<RoundId> only) {
  std::map<std::string, std::vector<v1::Action>> actions;
  for (v1::Action& a : ActionsOf(txn, keys, only, NowUnix(txn))) {
    actions[a.decision_id()].push_back(std::move(a));
  }
  v1::YouSaidWeDid report;
  std::map<std::string, std::string> titles;
  std::map<std::string, std::map<std::string, v1::ConfirmationAction>> offers;
  for (const v1::Decision& d : ListAgreed(txn, keys, only)) {
    const RoundId round_id = RoundOf(d);
    if (!titles.contains(d.round_id())) {
      titles[d.round_id()] = panels::LoadRound(txn, round_id)->title();
      offers[d.round_id()] = LastConfirmations(txn, round_id);
    }
    v1::YouSaidWeDidEntry* e = report.add_entries();
    e->set_round_id(d.round_id());
    e->set_round_title(titles[d.round_id()]);
    e->set_decision_id(d.id());
    std::string said = d.title();
    if (!said.empty() && said.back() == '?') said.back() = '.';
    e->set_you_said(said);
    const auto& mine = actions[d.id()];
    const auto offer = offers[d.round_id()].find(d.id());
    e->set_we_did(WeDidWords(
        mine, offer == offers[d.round_id()].end()
                  ? std::nullopt
                  : std::optional<v1::ConfirmationAction>(offer->second)));
    for (const v1::Action& a : mine) *e->add_actions() = a;
  }
  report.set_produced_at_unix(NowUnix(txn));
  report.set_markdown(YouSaidWeDidMarkdown(report));
  return report;
}

// A co-chair of one of the round's panels, or an administrator.
bool ActsForRound(Call& call, RoundId round_id) {
  if (call.caller().org_role == v1::ORG_ROLE_ADMIN) return true;
  const std::optional<panels::Membership> seat =
      panels::MembershipIn(call.txn(), round_id, call.caller().person_id);
  return seat.has_value() && seat->role == v1::PANEL_ROLE_CO_CHAIR;
}

// Every candidate's decision as HR sees it, and the queue built from them.
struct Offers {
  std::vector<Contender> contenders;
  v1::ConfirmationQueue queue;
};

// With `leave_out`, as they stood before that confirmation.
Offers LoadOffers(pqxx::transaction_base& txn, const privacy::DataKeys& keys,
                  const v1::Round& round, int64_t leave_out = 0) {
  const v1::Round full =
      *panels::LoadRoundInFull(txn, keys, IdOf<RoundId>(round.id()));
  const v1::ScoringResults results = scoring::LoadResults(txn, full);
  const auto last =
      LastConfirmations(txn, IdOf<RoundId>(round.id()), leave_out);
  Offers offers;
  for (const v1::Decision& d :
       ListDecisions(txn, keys, IdOf<RoundId>(round.id()))) {
    if (d.candidate_id().empty()) continue;
    Contender c{.decision_id = d.id(),
                .candidate_id = d.candidate_id(),
                .state = d.state(),
                .result = d.result()};
    for (const v1::Candidate& candidate : full.candidates()) {
      if (candidate.id() != d.candidate_id()) continue;
      c.label = candidate.label();
      c.name = candidate.name();
    }
    for (const v1::CandidateResult& r : results.candidates()) {
      if (r.candidate_id() == d.candidate_id() && r.has_combined_score()) {
        c.combined_score = r.combined_score();
      }
    }
    if (auto it = last.find(d.id()); it != last.end()) {
      c.last_action = it->second;
    }
    offers.contenders.push_back(std::move(c));
  }
  offers.queue = BuildQueue(offers.contenders, round.state());
  offers.queue.set_round_id(round.id());
  return offers;
}

// The candidate a decision is about, among the offers (every decision on a
// candidate is one).
const Contender& ContenderFor(const Offers& offers,
                              const std::string& decision_id) {
  return *std::find_if(
      offers.contenders.begin(), offers.contenders.end(),
      [&](const Contender& c) { return c.decision_id == decision_id; });
}

// A confirmation as HR's answers and history show it.
v1::Confirmation ConfirmationOf(const Contender& about,
                                v1::ConfirmationAction action,
                                const std::string& note) {
  v1::Confirmation c;
  c.set_decision_id(about.decision_id);
  c.set_candidate_id(about.candidate_id);
  c.set_label(about.label);
  c.set_action(action);
  c.set_note(note);
  return c;
}

// What HR recorded, as the queue's history shows it.
v1::Confirmation HistoryEntry(const Offers& offers,
                              const RecordedConfirmation& recorded) {
  v1::Confirmation c =
      ConfirmationOf(ContenderFor(offers, recorded.decision_id),
                     recorded.entry.action(), recorded.entry.note());
  c.set_confirmed_by(recorded.entry.confirmed_by());
  c.set_at_unix(recorded.entry.at_unix());
  c.set_corrected(recorded.entry.corrected());
  c.set_correction(recorded.entry.correction());
  return c;
}

// The outcome of a closed run of a decision (`d.run()`) as people see it:
// the recount, reasons (secrecy.h says whose, and how they are shown) and,
// for a NAMED decision, how each member voted. The caller adds the next
// step and the time of the close, which belong to the run.
v1::Outcome OutcomeOfRun(pqxx::transaction_base& txn,
                         const privacy::DataKeys& keys, const v1::Decision& d) {
  v1::Outcome out = Recount(txn, d);
  const bool secret = d.secrecy() == v1::SECRECY_SECRET;
  const std::vector<CountedBallot> ballots =
      BallotsOf(txn, keys, DecisionIdOf(d), d.run());
  std::vector<BallotWithReason> with_reasons;
  for (const CountedBallot& b : ballots) {
    with_reasons.push_back({.panel_id = b.panel_id.str(),
                            .display_name = b.display_name,
                            .choice = b.choice,
                            .reason = b.reason});
  }
  GatherReasons(with_reasons, secret, out);
  if (secret) return out;  // Never the ballots themselves.
  std::map<std::string, std::string> panel_names;
  for (const v1::PanelTally& t : out.panels()) {
    panel_names[t.panel_id()] = t.panel_name();
  }
  for (const CountedBallot& b : ballots) {
    v1::NamedBallot* named = out.add_ballots();
    named->set_person_id(b.person_id.str());
    named->set_display_name(b.display_name);
    named->set_panel_name(panel_names[b.panel_id.str()]);
    named->set_choice(b.choice);
    named->set_reason(b.reason);
    named->set_how(b.how);
  }
  return out;
}

// The outcome of the decision's latest close.
v1::Outcome FullOutcome(pqxx::transaction_base& txn,
                        const privacy::DataKeys& keys, const v1::Decision& d) {
  v1::Outcome out = OutcomeOfRun(txn, keys, d);
  out.set_next_step(d.next_step());
  out.set_closed_at_unix(d.closed_at_unix());
  return out;
}

// Adds each earlier run of a reopened decision, as it closed.
void AddEarlierRuns(pqxx::transaction_base& txn, const privacy::DataKeys& keys,
                    v1::Decision& d) {
  if (d.run() <= 1) return;
  for (ClosedRun& closed : EarlierRuns(txn, keys, DecisionIdOf(d), d.run())) {
    v1::Decision past = d;
    past.set_run(closed.run);
    v1::Outcome* out = d.add_earlier_runs();
    *out = OutcomeOfRun(txn, keys, past);
    out->set_next_step(closed.next_step);
    out->set_closed_at_unix(closed.closed_at_unix);
    for (v1::ReopenRequest& r : closed.reopen_requests) {
      *out->add_reopen_requests() = std::move(r);
    }
  }
}

// One WatchRound stream: updates are queued and written one at a time; a
// reader too slow to keep up gets a single "resync" instead of a backlog.
class WatchReactor final : public grpc::ServerWriteReactor<v1::RoundUpdate>,
                           public RoundWatch::Watcher {
 public:
  WatchReactor(RoundWatch& watch, RoundId round_id)
      : watch_(watch), round_id_(round_id) {}

  // `token_hash`: what the caller signed in with, checked again while the
  // stream is open.
  void Begin(const v1::RoundUpdate& first, std::string token_hash) {
    if (!watch_.Add(round_id_, this, std::move(token_hash))) {
      End(grpc::Status(grpc::StatusCode::UNAVAILABLE,
                       "The server is restarting. Try again in a moment."));
      return;
    }
    added_ = true;
    Deliver(first);
  }

  void Deliver(const v1::RoundUpdate& update) override {
    absl::MutexLock lock(&mu_);
    if (finishing_ || ShowsNothingNew(update)) return;
    if (queue_.size() >= kMaxQueued) {
      // Keep only the update being written, then ask for a reload.
      queue_.erase(writing_ ? queue_.begin() + 1 : queue_.begin(),
                   queue_.end());
      v1::RoundUpdate resync;
      resync.set_round_id(update.round_id());
      resync.set_action("watch.resync");
      resync.set_resync(true);
      queue_.push_back(std::move(resync));
    } else {
      queue_.push_back(update);
    }
    if (!writing_) WriteNext();
  }

  void End(const grpc::Status& status) override {
    absl::MutexLock lock(&mu_);
    if (finishing_) return;
    finishing_ = true;
    end_status_ = status;
    if (!writing_) Finish(status);  // Else once the write in flight is done.
  }

  void OnWriteDone(bool ok) override {
    absl::MutexLock lock(&mu_);
    writing_ = false;
    queue_.pop_front();
    if (finishing_) {
      Finish(end_status_);
      return;
    }
    if (!ok) {  // The client has gone.
      finishing_ = true;
      Finish(grpc::Status::CANCELLED);
      return;
    }
    if (!queue_.empty()) WriteNext();
  }

  void OnCancel() override { End(grpc::Status::CANCELLED); }

  void OnDone() override {
    if (added_) watch_.Remove(round_id_, this);
    delete this;
  }

 private:
  static constexpr size_t kMaxQueued = 64;

  // A ballot, cast, entered for a member or confirmed by them, whose
  // decision looks just as it did in the last update sent is not announced:
  // in a SECRET decision the update alone would say that someone in a panel
  // whose turnout is withheld voted, or changed their vote (rule 4). Every
  // other update goes out.
  bool ShowsNothingNew(const v1::RoundUpdate& update)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    if (!update.has_decision()) return false;
    std::string seen = update.decision().SerializeAsString();
    std::string& last = last_seen_[update.decision().id()];
    const bool ballot = update.action() == "ballot.cast" ||
                        update.action() == "ballot.entered_for_member" ||
                        update.action() == "ballot.confirmed";
    const bool same = ballot && seen == last;
    last = std::move(seen);
    return same;
  }

  void WriteNext() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    writing_ = true;
    StartWrite(&queue_.front());
  }

  RoundWatch& watch_;
  const RoundId round_id_;
  bool added_ = false;
  absl::Mutex mu_;
  std::deque<v1::RoundUpdate> queue_ ABSL_GUARDED_BY(mu_);
  bool writing_ ABSL_GUARDED_BY(mu_) = false;
  bool finishing_ ABSL_GUARDED_BY(mu_) = false;
  grpc::Status end_status_ ABSL_GUARDED_BY(mu_);
  // Each decision as the last update about it showed it, by id.
  absl::flat_hash_map<std::string, std::string> last_seen_ ABSL_GUARDED_BY(mu_);
};

}  // namespace

ConsensusServiceImpl::ConsensusServiceImpl(
    DbPool& pool, const privacy::DataKeys& keys, RoundWatch& watch,
    DecisionCloser& closer, BallotBox::Options ballots, mail::Outbox outbox)
    : runner_(pool, ConsensusAccessTable(), keys, &watch),
      watch_(watch),
      closer_(closer),
      outbox_(outbox),
      keys_(keys),
      ballot_box_(
          runner_, keys, closer,
          [this](grpc::ServerContextBase* ctx, const v1::CastBallotRequest& req,
                 v1::Ballot* resp) { return CastOneBallot(ctx, req, resp); },
          ballots) {}

grpc::Status ConsensusServiceImpl::CreateDecision(
    Ctx* ctx, const v1::CreateDecisionRequest* req, v1::Decision* resp) {
  return runner_.Run(ctx, "CreateDecision", *req, resp, [&](Call& call) {
    EQ_ASSIGN_OR_RETURN(const RoundId round_id,
                        ParseId<RoundId>("round_id", req->round_id()));
    EQ_RETURN_IF_ERROR(call.AuthorizeInRound(round_id));
    const v1::Round round =
        *panels::LoadRound(call.txn(), round_id, RoundHold::kShare);
    EQ_RETURN_IF_ERROR(CheckNewDecision(*req, round.kind(), round.state(),
                                        absl::ToUnixSeconds(absl::Now())));
    std::string title = req->title();
    std::optional<CandidateId> candidate_id;
    if (round.kind() == v1::ROUND_KIND_RECRUITMENT) {
      EQ_ASSIGN_OR_RETURN(
          candidate_id,
          ParseId<CandidateId>("candidate_id", req->candidate_id()));
      const std::optional<v1::Candidate> candidate =
          panels::LoadCandidate(call.txn(), keys_, *candidate_id);
      if (!candidate.has_value() || candidate->round_id() != round.id()) {
        return NoSuch("candidate in this round", "candidate_id",
                      req->candidate_id());
      }
      EQ_RETURN_IF_ERROR(CheckCandidateToDecide(
          *candidate, consensus::ListDecisions(call.txn(), keys_, round_id)));
      if (title.empty()) title = panels::AppointTitle(candidate->label());
    }
    const DecisionId id =
        InsertDecision(call.txn(), keys_, *req, title, round_id, candidate_id,
                       call.caller().person_id);
    call.Event("decision.created", DecisionSubject(id), round_id,
               JsonObject()
                   .Add("method", DecisionMethodName(req->method()))
                   .Add("secrecy", SecrecyName(req->secrecy()))
                   .Add("candidate_id", candidate_id.value_or(CandidateId(0)))
                   .str());
    outbox_.QueueVotingOpen(call.txn(), id);
    *resp = Shown(call.txn(), keys_, id);
    return absl::OkStatus();
  });
}

grpc::Status ConsensusServiceImpl::GetDecision(
    Ctx* ctx, const v1::GetDecisionRequest* req, v1::Decision* resp) {
  return runner_.Run(ctx, "GetDecision", *req, resp, [&](Call& call) {
    EQ_ASSIGN_OR_RETURN(const v1::Decision d,
                        DecisionInRound(call, keys_, req->decision_id()));
    *resp = DecisionView(call.txn(), keys_, d);
    AddEarlierRuns(call.txn(), keys_, *resp);
    return absl::OkStatus();
  });
}

grpc::Status ConsensusServiceImpl::ListDecisions(
    Ctx* ctx, const v1::ListDecisionsRequest* req,
    v1::ListDecisionsResponse* resp) {
  return runner_.Run(ctx, "ListDecisions", *req, resp, [&](Call& call) {
    EQ_ASSIGN_OR_RETURN(const RoundId round_id,
                        ParseId<RoundId>("round_id", req->round_id()));
    EQ_RETURN_IF_ERROR(call.AuthorizeInRound(round_id));
    for (const v1::Decision& d :
         consensus::ListDecisions(call.txn(), keys_, round_id)) {
      *resp->add_decisions() = DecisionView(call.txn(), keys_, d);
    }
    return absl::OkStatus();
  });
}

void ConsensusServiceImpl::CloseWhenAllVoted(Call& call,
                                             const v1::Decision& d) {
  if (!d.close_when_all_voted()) return;
  call.AfterCommit(
      [this, id = DecisionIdOf(d)] { closer_.CloseIfAllVoted(id); });
}

grpc::ServerUnaryReactor* ConsensusServiceImpl::CastBallot(
    grpc::CallbackServerContext* ctx, const v1::CastBallotRequest* req,
    v1::Ballot* resp) {
  grpc::ServerUnaryReactor* reactor = ctx->DefaultReactor();
  ballot_box_.Cast(ctx, req, resp,
                   [reactor](grpc::Status status) { reactor->Finish(status); });
  return reactor;
}

grpc::Status ConsensusServiceImpl::CastOneBallot(
    grpc::ServerContextBase* ctx, const v1::CastBallotRequest& req,
    v1::Ballot* resp) {
  return runner_.Run(ctx, "CastBallot", req, resp, [&](Call& call) {
    // Shared hold: a close waits for this ballot, or this ballot sees the
    // close. Never acknowledged and then not counted.
    EQ_ASSIGN_OR_RETURN(
        const v1::Decision d,
        DecisionInRound(call, keys_, req.decision_id(), DecisionHold::kShare));
    const PersonId voter = call.caller().person_id;
    const Elector elector = ElectorOf(call.txn(), DecisionIdOf(d), voter);
    EQ_RETURN_IF_ERROR(CheckBallot(d, MomentOf(call.txn(), elector), req));
    *resp = UpsertBallot(call.txn(), keys_, DecisionIdOf(d), d.run(),
                         {.person_id = voter,
                          .panel_id = elector.panel_id,
                          .choice = req.choice(),
                          .reason = req.reason()});
    call.Event(BallotCastEvent(d, voter));
    CloseWhenAllVoted(call, d);
    return absl::OkStatus();
  });
}

grpc::Status ConsensusServiceImpl::GetMyBallot(
    Ctx* ctx, const v1::GetMyBallotRequest* req, v1::Ballot* resp) {
  std::optional<DecisionId> voting_on;
  const grpc::Status status =
      runner_.Run(ctx, "GetMyBallot", *req, resp, [&](Call& call) {
        EQ_ASSIGN_OR_RETURN(const v1::Decision d,
                            DecisionInRound(call, keys_, req->decision_id()));
        if (d.state() == v1::DECISION_STATE_VOTING) voting_on = DecisionIdOf(d);
        std::optional<v1::Ballot> ballot =
            MemberBallot(call.txn(), keys_, d, call.caller().person_id);
        if (!ballot.has_value()) {
          return absl::NotFoundError(
              "You have not voted on this decision yet.");
        }
        *resp = *std::move(ballot);
        return absl::OkStatus();
      });
  // A member looking at their ballot on an open decision is about to vote,
  // most likely (the web client asks on opening it): what that ballot's
  // checks rely on is read now, while they choose.
  if (voting_on.has_value() &&
      (status.ok() || status.error_code() == grpc::StatusCode::NOT_FOUND)) {
    ballot_box_.ReadAhead(*ctx, *voting_on);
  }
  return status;
}

grpc::Status ConsensusServiceImpl::CastBallotFor(
    Ctx* ctx, const v1::CastBallotForRequest* req, v1::Ballot* resp) {
  return runner_.Run(ctx, "CastBallotFor", *req, resp, [&](Call& call) {
    // Shared hold, as for the member's own ballot: a close waits for it.
    EQ_ASSIGN_OR_RETURN(
        const v1::Decision d,
        DecisionInRound(call, keys_, req->decision_id(), DecisionHold::kShare));
    EQ_ASSIGN_OR_RETURN(
        const PersonId member,
        ParseId<PersonId>("member_person_id", req->member_person_id()));
    const PersonId entrant = call.caller().person_id;
    const DecisionId id = DecisionIdOf(d);
    const Elector elector = ElectorOf(call.txn(), id, member);
    const std::optional<v1::Ballot> counted =
        LoadBallot(call.txn(), keys_, id, d.run(), member);
    EQ_RETURN_IF_ERROR(CheckAssistedBallot(
        d,
        {.is_supporter =
             panels::HoldSupporter(call.txn(), RoundOf(d), member, entrant),
         .member = MomentOf(call.txn(), elector),
         .counted_how = counted.has_value() ? std::optional(counted->how())
                                            : std::nullopt},
        *req));
    StoreAssistedBallot(call.txn(), keys_, id, d.run(), member,
                        {.how = req->how(),
                         .entered_by = entrant,
                         .asked_for_help = req->member_asked_for_help(),
                         .choice = req->choice(),
                         .reason = req->reason()});
    const bool counts = CountsAtOnce(d);
    if (counts) {
      UpsertBallot(call.txn(), keys_, id, d.run(),
                   {.person_id = member,
                    .panel_id = elector.panel_id,
                    .choice = req->choice(),
                    .reason = req->reason(),
                    .how = req->how(),
                    .entered_by = entrant});
    }
    // Never the choice: for a SECRET decision nothing links the member, or
    // their supporter, to it. A counted entry is a "ballot.cast" like any
    // other, so live updates treat both alike.
    call.Event(counts ? "ballot.cast" : "ballot.entered_for_member",
               DecisionSubject(id), RoundOf(d),
               JsonObject()
                   .Add("run", static_cast<int64_t>(d.run()))
                   .Add("member_id", member)
                   .Add("how", HowGivenName(req->how()))
                   .Add("member_asked_for_help", req->member_asked_for_help())
                   .str());
    if (counts) CloseWhenAllVoted(call, d);
    *resp = *MemberBallot(call.txn(), keys_, d, member);
    return absl::OkStatus();
  });
}

grpc::Status ConsensusServiceImpl::ConfirmBallot(
    Ctx* ctx, const v1::ConfirmBallotRequest* req, v1::Ballot* resp) {
  return runner_.Run(ctx, "ConfirmBallot", *req, resp, [&](Call& call) {
    EQ_ASSIGN_OR_RETURN(
        const v1::Decision d,
        DecisionInRound(call, keys_, req->decision_id(), DecisionHold::kShare));
    const PersonId me = call.caller().person_id;
    const DecisionId id = DecisionIdOf(d);
    const Elector elector = ElectorOf(call.txn(), id, me);
    const std::optional<AssistedBallot> entry =
        LoadAssistedBallot(call.txn(), keys_, id, d.run(), me);
    const std::optional<v1::Ballot> counted =
        LoadBallot(call.txn(), keys_, id, d.run(), me);
    EQ_RETURN_IF_ERROR(CheckConfirming(
        d, MomentOf(call.txn(), elector), entry,
        counted.has_value() ? std::optional(counted->how()) : std::nullopt));
    ConfirmAssistedBallot(call.txn(), id, d.run(), me);
    // Where the entry waited for this confirmation, it counts from now.
    const bool now_counts = !CountsAtOnce(d);
    if (now_counts) {
      UpsertBallot(call.txn(), keys_, id, d.run(),
                   {.person_id = me,
                    .panel_id = elector.panel_id,
                    .choice = entry->choice,
                    .reason = entry->reason,
                    .how = entry->how,
                    .entered_by = entry->entered_by});
      CloseWhenAllVoted(call, d);
    }
    call.Event(now_counts ? "ballot.cast" : "ballot.confirmed",
               DecisionSubject(id), RoundOf(d),
               JsonObject()
                   .Add("run", static_cast<int64_t>(d.run()))
                   .Add("confirmed_assisted", true)
                   .str());
    *resp = *MemberBallot(call.txn(), keys_, d, me);
    return absl::OkStatus();
  });
}

grpc::Status ConsensusServiceImpl::CountPaperBallots(
    Ctx* ctx, const v1::CountPaperBallotsRequest* req, v1::Decision* resp) {
  return runner_.Run(ctx, "CountPaperBallots", *req, resp, [&](Call& call) {
    // Held alone: no ballot is written while the papers are checked and
    // counted, so nobody listed can vote another way in between.
    EQ_ASSIGN_OR_RETURN(v1::Decision d,
                        DecisionInRound(call, keys_, req->decision_id(),
                                        DecisionHold::kExclusive));
    EQ_ASSIGN_OR_RETURN(const std::vector<PersonId> voters,
                        ParsePaperVoters(*req));
    const PersonId counter = call.caller().person_id;
    const DecisionId id = DecisionIdOf(d);
    const std::optional<panels::Membership> seat =
        panels::MembershipIn(call.txn(), RoundOf(d), counter);
    if (!seat.has_value()) {
      return absl::PermissionDeniedError(
          "Only the members of a panel count its paper ballots.");
    }
    LoadPanels(call.txn(), keys_, d);
    const auto panel = std::find_if(
        d.panels().begin(), d.panels().end(), [&](const v1::DecisionPanel& p) {
          return p.panel_id() == seat->panel_id.str();
        });
    const PaperTally tally = TallyOf(*req);
    EQ_ASSIGN_OR_RETURN(
        const PaperStep step,
        CheckPaperCount(
            d,
            {.panel_id = seat->panel_id,
             .co_chair = seat->role == v1::PANEL_ROLE_CO_CHAIR,
             .panel_closed = panel != d.panels().end() && panel->closed(),
             .now = TransactionTime(call.txn()),
             .voters =
                 LookUpPaperVoters(call.txn(), keys_, id, d.run(), voters),
             .standing = LoadPaperCount(call.txn(), keys_, id, d.run(),
                                        seat->panel_id)},
            counter, voters, tally));
    // Who counted and who took part; never the counts, which only the
    // panel's tally shows, where a SECRET decision shows it at all.
    JsonObject payload;
    payload.Add("run", static_cast<int64_t>(d.run()))
        .Add("panel_id", seat->panel_id)
        .Add("papers", static_cast<int64_t>(voters.size()));
    if (step == PaperStep::kFirstCount) {
      StoreFirstCount(
          call.txn(), id, d.run(), seat->panel_id,
          {.voters = voters, .tally = tally, .counted_by = counter});
      call.Event("paper_count.entered", DecisionSubject(id), RoundOf(d),
                 payload.str());
    } else if (step == PaperStep::kSecondDiffers) {
      MarkCountsDiffer(call.txn(), id, d.run(), seat->panel_id, counter);
      call.Event("paper_count.differed", DecisionSubject(id), RoundOf(d),
                 payload.str());
    } else {
      AcceptPaperCount(call.txn(), id, d.run(), seat->panel_id, counter);
      std::vector<std::string> ids;
      for (PersonId v : voters) ids.push_back(v.str());
      call.Event("paper_count.agreed", DecisionSubject(id), RoundOf(d),
                 payload.Add("voter_ids", absl::StrJoin(ids, ",")).str());
      CloseWhenAllVoted(call, d);
    }
    *resp = Shown(call.txn(), keys_, id);
    return absl::OkStatus();
  });
}

grpc::Status ConsensusServiceImpl::CloseDecision(
    Ctx* ctx, const v1::CloseDecisionRequest* req, v1::Decision* resp) {
  return runner_.Run(ctx, "CloseDecision", *req, resp, [&](Call& call) {
    EQ_ASSIGN_OR_RETURN(const v1::Decision d,
                        DecisionInRound(call, keys_, req->decision_id(),
                                        DecisionHold::kExclusive));
    EQ_ASSIGN_OR_RETURN(const PanelId panel_id, OwnPanel(call, d));
    if (d.state() != v1::DECISION_STATE_VOTING) {
      return absl::FailedPreconditionError(
          "Voting on this decision has already closed.");
    }
    const PanelClose closed = ClosePanel(call.txn(), DecisionIdOf(d), panel_id,
                                         call.caller().person_id);
    if (!closed.newly_closed) {
      return absl::FailedPreconditionError(
          "Your panel has already closed this decision; it closes when every "
          "panel's co-chair has.");
    }
    call.Event("decision.panel_closed", DecisionSubject(DecisionIdOf(d)),
               RoundOf(d), JsonObject().Add("panel_id", panel_id).str());
    if (closed.every_panel_closed) {
      EQ_RETURN_IF_ERROR(
          CloseNow(call.txn(), d, call.caller().person_id, call.events()));
    }
    *resp = Shown(call.txn(), keys_, DecisionIdOf(d));
    return absl::OkStatus();
  });
}

grpc::Status ConsensusServiceImpl::GetOutcome(Ctx* ctx,
                                              const v1::GetOutcomeRequest* req,
                                              v1::Outcome* resp) {
  return runner_.Run(ctx, "GetOutcome", *req, resp, [&](Call& call) {
    EQ_ASSIGN_OR_RETURN(const v1::Decision d,
                        DecisionInRound(call, keys_, req->decision_id()));
    EQ_RETURN_IF_ERROR(CheckOutcomeKnown(d.state()));
    *resp = FullOutcome(call.txn(), keys_, d);
    return absl::OkStatus();
  });
}

grpc::Status ConsensusServiceImpl::GiveReason(Ctx* ctx,
                                              const v1::GiveReasonRequest* req,
                                              v1::Ballot* resp) {
  return runner_.Run(ctx, "GiveReason", *req, resp, [&](Call& call) {
    EQ_ASSIGN_OR_RETURN(const v1::Decision d,
                        DecisionInRound(call, keys_, req->decision_id()));
    EQ_RETURN_IF_ERROR(CheckText("reason", req->reason(), kMaxReason,
                                 /*required=*/true, /*multiline=*/true));
    const std::optional<v1::Ballot> ballot = LoadBallot(
        call.txn(), keys_, DecisionIdOf(d), d.run(), call.caller().person_id);
    if (!ballot.has_value()) {
      return absl::FailedPreconditionError(
          "You did not vote on this decision, so there is no reason to give.");
    }
    EQ_RETURN_IF_ERROR(CheckCanGiveReason(
        d.state(), Recount(call.txn(), d), d.secrecy() == v1::SECRECY_SECRET,
        ElectorOf(call.txn(), DecisionIdOf(d), call.caller().person_id)
            .panel_id.str(),
        ballot->choice()));
    *resp = SetReason(call.txn(), keys_, DecisionIdOf(d), d.run(),
                      call.caller().person_id, req->reason());
    // In a SECRET decision even the giver stays out of the event (rule 4).
    NewEvent event{.actor_id = call.caller().person_id,
                   .action = "ballot.reason_given",
                   .subject = DecisionSubject(DecisionIdOf(d)),
                   .round_id = RoundOf(d)};
    if (d.secrecy() == v1::SECRECY_SECRET) event.actor_id = std::nullopt;
    call.Event(event);
    return absl::OkStatus();
  });
}

grpc::Status ConsensusServiceImpl::RecordNextStep(
    Ctx* ctx, const v1::RecordNextStepRequest* req, v1::Decision* resp) {
  return runner_.Run(ctx, "RecordNextStep", *req, resp, [&](Call& call) {
    EQ_ASSIGN_OR_RETURN(const v1::Decision d,
                        DecisionInRound(call, keys_, req->decision_id(),
                                        DecisionHold::kExclusive));
    EQ_ASSIGN_OR_RETURN(const PanelId panel_id, OwnPanel(call, d));
    const v1::Round round = *panels::LoadRound(call.txn(), RoundOf(d));
    EQ_RETURN_IF_ERROR(CheckNextStep(round.kind(), req->next_step()));
    EQ_RETURN_IF_ERROR(
        CheckCanRecordNextStep(d.state(), d.result(), d.next_step()));
    SetPanelNextStep(call.txn(), DecisionIdOf(d), panel_id, req->next_step());
    call.Event("decision.next_step_proposed", DecisionSubject(DecisionIdOf(d)),
               RoundOf(d),
               JsonObject()
                   .Add("panel_id", panel_id)
                   .Add("next_step", NextStepName(req->next_step()))
                   .str());
    const v1::NextStep settled =
        SettledStep(PanelNextSteps(call.txn(), DecisionIdOf(d)));
    if (settled != v1::NEXT_STEP_UNSPECIFIED) {
      SetNextStep(call.txn(), DecisionIdOf(d), settled);
      call.Event("decision.next_step_agreed", DecisionSubject(DecisionIdOf(d)),
                 RoundOf(d),
                 JsonObject().Add("next_step", NextStepName(settled)).str());
    }
    *resp = Shown(call.txn(), keys_, DecisionIdOf(d));
    return absl::OkStatus();
  });
}

grpc::Status ConsensusServiceImpl::RequestReopen(
    Ctx* ctx, const v1::RequestReopenRequest* req, v1::Decision* resp) {
  return runner_.Run(ctx, "RequestReopen", *req, resp, [&](Call& call) {
    EQ_ASSIGN_OR_RETURN(const v1::Decision d,
                        DecisionInRound(call, keys_, req->decision_id(),
                                        DecisionHold::kExclusive));
    EQ_ASSIGN_OR_RETURN(const PanelId panel_id, OwnPanel(call, d));
    EQ_RETURN_IF_ERROR(CheckText("reason", req->reason(), kMaxReason,
                                 /*required=*/true, /*multiline=*/true));
    EQ_RETURN_IF_ERROR(CheckCanRequestReopen(
        d.state(), !LastConfirmations(call.txn(), RoundOf(d)).empty()));
    if (AddReopenRequest(call.txn(), keys_, DecisionIdOf(d), d.run(), panel_id,
                         call.caller().person_id, req->reason())) {
      JsonObject payload;
      payload.Add("panel_id", panel_id)
          .Add("run", static_cast<int64_t>(d.run()));
      privacy::KeepText(call.txn(), keys_, payload, "reason", req->reason(),
                        {Subject("person", call.caller().person_id)});
      call.Event("decision.reopen_requested", DecisionSubject(DecisionIdOf(d)),
                 RoundOf(d), payload.str());
      if (EveryPanelAskedToReopen(call.txn(), DecisionIdOf(d), d.run())) {
        Reopen(call.txn(), DecisionIdOf(d));
        call.Event(
            "decision.reopened", DecisionSubject(DecisionIdOf(d)), RoundOf(d),
            JsonObject().Add("run", static_cast<int64_t>(d.run() + 1)).str());
        outbox_.QueueVotingOpen(call.txn(), DecisionIdOf(d));
        const v1::Round round =
            *panels::LoadRound(call.txn(), RoundOf(d), RoundHold::kExclusive);
        if (round.state() == v1::ROUND_STATE_DECIDED) {
          EQ_RETURN_IF_ERROR(
              panels::MoveRound(call.txn(), round, v1::ROUND_STATE_DECIDING,
                                call.caller().person_id, call.events()));
        }
      }
    }
    *resp = Shown(call.txn(), keys_, DecisionIdOf(d));
    return absl::OkStatus();
  });
}

grpc::Status ConsensusServiceImpl::GetConfirmationQueue(
    Ctx* ctx, const v1::GetConfirmationQueueRequest* req,
    v1::ConfirmationQueue* resp) {
  return runner_.Run(ctx, "GetConfirmationQueue", *req, resp, [&](Call& call) {
    EQ_ASSIGN_OR_RETURN(const RoundId round_id,
                        ParseId<RoundId>("round_id", req->round_id()));
    EQ_RETURN_IF_ERROR(call.AuthorizeInRound(round_id));
    const v1::Round round = *panels::LoadRound(call.txn(), round_id);
    if (round.kind() != v1::ROUND_KIND_RECRUITMENT) {
      return absl::FailedPreconditionError(
          "Only recruitment rounds have outcomes for HR to confirm.");
    }
    const Offers offers = LoadOffers(call.txn(), keys_, round);
    *resp = offers.queue;
    for (const RecordedConfirmation& recorded :
         ConfirmationsOf(call.txn(), keys_, round_id)) {
      *resp->add_history() = HistoryEntry(offers, recorded);
    }
    return absl::OkStatus();
  });
}

grpc::Status ConsensusServiceImpl::ConfirmOutcome(
    Ctx* ctx, const v1::ConfirmOutcomeRequest* req, v1::Confirmation* resp) {
  return runner_.Run(ctx, "ConfirmOutcome", *req, resp, [&](Call& call) {
    EQ_ASSIGN_OR_RETURN(const v1::Decision d,
                        DecisionInRound(call, keys_, req->decision_id()));
    EQ_RETURN_IF_ERROR(CheckText("note", req->note(), kMaxReason,
                                 /*required=*/false, /*multiline=*/true));
    if (d.candidate_id().empty()) {
      return absl::FailedPreconditionError(
          "Only decisions on candidates are confirmed by HR.");
    }
    // One confirmation at a time per round, in order.
    const v1::Round round =
        *panels::LoadRound(call.txn(), RoundOf(d), RoundHold::kExclusive);
    const Offers offers = LoadOffers(call.txn(), keys_, round);
    const Contender& target = ContenderFor(offers, d.id());
    EQ_RETURN_IF_ERROR(CheckConfirmation(offers.queue, target, req->action()));
    InsertConfirmation(call.txn(), keys_, RoundOf(d), DecisionIdOf(d),
                       IdOf<CandidateId>(target.candidate_id), req->action(),
                       req->note(), call.caller().person_id);
    outbox_.QueueOutcome(call.txn(), DecisionIdOf(d));  // Panels hear it.
    call.Event("outcome.confirmed", DecisionSubject(DecisionIdOf(d)),
               RoundOf(d),
               JsonObject()
                   .Add("action", ConfirmationActionName(req->action()))
                   .str());
    v1::RoundState state = round.state();
    if (req->action() == v1::CONFIRMATION_ACTION_ACCEPTED) {
      state = v1::ROUND_STATE_CONFIRMED;
      EQ_RETURN_IF_ERROR(panels::MoveRound(
          call.txn(), round, state, call.caller().person_id, call.events()));
    }
    *resp = ConfirmationOf(target, req->action(), req->note());
    resp->set_confirmed_by(
        privacy::NameOf(call.txn(), keys_, call.caller().person_id));
    resp->set_at_unix(absl::ToUnixSeconds(absl::Now()));
    resp->set_round_state(state);
    return absl::OkStatus();
  });
}

grpc::Status ConsensusServiceImpl::CorrectConfirmation(
    Ctx* ctx, const v1::CorrectConfirmationRequest* req,
    v1::Confirmation* resp) {
  return runner_.Run(ctx, "CorrectConfirmation", *req, resp, [&](Call& call) {
    EQ_ASSIGN_OR_RETURN(const RoundId round_id,
                        ParseId<RoundId>("round_id", req->round_id()));
    EQ_RETURN_IF_ERROR(call.AuthorizeInRound(round_id));
    EQ_RETURN_IF_ERROR(CheckText("note", req->note(), kMaxReason,
                                 /*required=*/true, /*multiline=*/true));
    const v1::Round round =
        *panels::LoadRound(call.txn(), round_id, RoundHold::kExclusive);
    const std::vector<RecordedConfirmation> history =
        ConfirmationsOf(call.txn(), keys_, round_id);
    const RecordedConfirmation* latest = LatestStanding(history);
    if (latest == nullptr) {
      return absl::FailedPreconditionError(
          "HR has recorded nothing in this round yet, so there is nothing to "
          "correct.");
    }
    EQ_RETURN_IF_ERROR(
        CheckCorrectionChanges(*latest, req->action(), req->note()));
    // Judged as the record stood before the entry corrected: the same checks
    // as recording it then (never a candidate the panels did not agree on).
    v1::Round before = round;
    before.set_state(StateBefore(round.state(), *latest));
    const Offers offers = LoadOffers(call.txn(), keys_, before, latest->id);
    const Contender& target = ContenderFor(offers, latest->decision_id);
    EQ_RETURN_IF_ERROR(CheckConfirmation(offers.queue, target, req->action()));
    const DecisionId decision_id = IdOf<DecisionId>(latest->decision_id);
    InsertConfirmation(call.txn(), keys_, round_id, decision_id,
                       IdOf<CandidateId>(target.candidate_id), req->action(),
                       req->note(), call.caller().person_id, latest->id);
    outbox_.QueueOutcome(call.txn(), decision_id);  // The corrected words.
    call.Event("outcome.corrected", DecisionSubject(decision_id), round_id,
               JsonObject()
                   .Add("was", ConfirmationActionName(latest->entry.action()))
                   .Add("action", ConfirmationActionName(req->action()))
                   .str());
    const bool accepted = req->action() == v1::CONFIRMATION_ACTION_ACCEPTED;
    v1::RoundState state = round.state();
    if (accepted != (state == v1::ROUND_STATE_CONFIRMED)) {
      state = accepted ? v1::ROUND_STATE_CONFIRMED : v1::ROUND_STATE_DECIDED;
      EQ_RETURN_IF_ERROR(panels::MoveRound(
          call.txn(), round, state, call.caller().person_id, call.events()));
    }
    *resp = ConfirmationOf(target, req->action(), req->note());
    resp->set_confirmed_by(
        privacy::NameOf(call.txn(), keys_, call.caller().person_id));
    resp->set_at_unix(absl::ToUnixSeconds(absl::Now()));
    resp->set_round_state(state);
    resp->set_correction(true);
    return absl::OkStatus();
  });
}

grpc::ServerWriteReactor<v1::RoundUpdate>* ConsensusServiceImpl::WatchRound(
    grpc::CallbackServerContext* context,
    const v1::WatchRoundRequest* request) {
  v1::RoundUpdate first;
  RoundId round_id{0};
  const grpc::Status status =
      runner_.Run(context, "WatchRound", *request, &first, [&](Call& call) {
        EQ_ASSIGN_OR_RETURN(round_id,
                            ParseId<RoundId>("round_id", request->round_id()));
        EQ_RETURN_IF_ERROR(call.AuthorizeInRound(round_id));
        return absl::OkStatus();
      });
  auto* reactor = new WatchReactor(watch_, round_id);
  if (!status.ok()) {
    reactor->End(status);
    return reactor;
  }
  // The first update says where the round stands now.
  if (std::optional<v1::RoundUpdate> now = watch_.BuildUpdate(
          round_id, 0, "watch.started", Subject("round", round_id),
          absl::ToUnixSeconds(absl::Now()))) {
    first = *std::move(now);
  }
  reactor->Begin(first, HashToken(*TokenOf(*context)));
  return reactor;
}

grpc::Status ConsensusServiceImpl::GetMinutes(Ctx* ctx,
                                              const v1::GetMinutesRequest* req,
                                              v1::Minutes* resp) {
  return runner_.Run(ctx, "GetMinutes", *req, resp, [&](Call& call) {
    EQ_ASSIGN_OR_RETURN(const RoundId round_id,
                        ParseId<RoundId>("round_id", req->round_id()));
    EQ_RETURN_IF_ERROR(call.AuthorizeInRound(round_id));
    v1::Round round = *panels::LoadRoundInFull(call.txn(), keys_, round_id);
    // Published: panels see candidates by reference, and so do minutes.
    panels::HideAnonymisedNames(round);
    for (const v1::Panel& panel : round.panels()) {
      v1::MinutesPanel* p = resp->add_panels();
      p->set_panel_name(panel.name());
      p->set_panel_kind(panel.kind());
      *p->mutable_rule() = panel.rule();
      for (const v1::Member& m : panel.members()) {
        v1::MinutesMember* member = p->add_members();
        member->set_display_name(m.display_name());
        member->set_role(m.role());
      }
    }
    round.clear_panels();
    *resp->mutable_round() = std::move(round);
    const std::vector<RecordedConfirmation> confirmations =
        ConfirmationsOf(call.txn(), keys_, round_id);
    const std::vector<v1::Action> actions =
        ActionsOf(call.txn(), keys_, round_id, NowUnix(call.txn()));
    for (const v1::Decision& listed :
         consensus::ListDecisions(call.txn(), keys_, round_id)) {
      v1::MinutesDecision* entry = resp->add_decisions();
      *entry->mutable_decision() = DecisionView(call.txn(), keys_, listed);
      AddEarlierRuns(call.txn(), keys_, *entry->mutable_decision());
      entry->set_reopened(listed.run() - 1);
      // The same outcome GetOutcome gives: secrecy is applied in one place.
      if (listed.state() == v1::DECISION_STATE_CLOSED) {
        *entry->mutable_outcome() = FullOutcome(call.txn(), keys_, listed);
      }
      if (ShowsAssistedCounts(listed, entry->outcome())) {
        const AssistedCount assisted = CountAssistedBallots(
            call.txn(), DecisionIdOf(listed), listed.run());
        entry->set_assisted_ballots(assisted.entered);
        entry->set_assisted_ballots_confirmed(assisted.confirmed);
      }
      for (const RecordedConfirmation& c : confirmations) {
        if (c.decision_id == listed.id()) *entry->add_confirmations() = c.entry;
      }
      for (const v1::Action& a : actions) {
        if (a.decision_id() == listed.id()) *entry->add_actions() = a;
      }
    }
    resp->set_produced_at_unix(absl::ToUnixSeconds(absl::Now()));
    resp->set_markdown(MinutesMarkdown(*resp));
    return absl::OkStatus();
  });
}

grpc::Status ConsensusServiceImpl::GetCandidateFeedback(
    Ctx* ctx, const v1::GetCandidateFeedbackRequest* req,
    v1::CandidateFeedback* resp) {
  return runner_.Run(ctx, "GetCandidateFeedback", *req, resp, [&](Call& call) {
    EQ_ASSIGN_OR_RETURN(const RoundId round_id,
                        ParseId<RoundId>("round_id", req->round_id()));
    EQ_RETURN_IF_ERROR(call.AuthorizeInRound(round_id));
    const v1::Round round =
        *panels::LoadRoundInFull(call.txn(), keys_, round_id);
    if (round.kind() != v1::ROUND_KIND_RECRUITMENT ||
        (round.state() != v1::ROUND_STATE_DECIDED &&
         round.state() != v1::ROUND_STATE_CONFIRMED)) {
      return absl::FailedPreconditionError(
          "Feedback for candidates is written once every candidate's "
          "decision has closed.");
    }
    FeedbackInput input{
        .criteria = {round.criteria().begin(), round.criteria().end()},
        .panels = {round.panels().begin(), round.panels().end()},
        .sheets = scoring::CountedSheets(call.txn(), round)};
    for (const v1::Candidate& c : round.candidates()) {
      if (!c.withdrawn()) input.candidates.push_back(c);
    }
    for (const v1::Decision& d :
         consensus::ListDecisions(call.txn(), keys_, round_id)) {
      if (!d.candidate_id().empty() && d.state() == v1::DECISION_STATE_CLOSED) {
        input.outcomes[d.candidate_id()] = Recount(call.txn(), d);
      }
    }
    *resp = BuildFeedback(input);
    resp->set_round_id(round.id());
    return absl::OkStatus();
  });
}

grpc::Status ConsensusServiceImpl::AddAction(Ctx* ctx,
                                             const v1::AddActionRequest* req,
                                             v1::Action* resp) {
  return runner_.Run(ctx, "AddAction", *req, resp, [&](Call& call) {
    EQ_ASSIGN_OR_RETURN(const v1::Decision d,
                        DecisionInRound(call, keys_, req->decision_id()));
    EQ_ASSIGN_OR_RETURN(
        const PersonId owner,
        ParseId<PersonId>("owner_person_id", req->owner_person_id()));
    const int64_t now = NowUnix(call.txn());
    EQ_RETURN_IF_ERROR(CheckNewAction(d, *req, now));
    EQ_RETURN_IF_ERROR(CheckOwner(call.txn(), keys_, RoundOf(d), owner));
    const ActionId id =
        InsertAction(call.txn(), {.round_id = RoundOf(d),
                                  .decision_id = DecisionIdOf(d),
                                  .what = req->what(),
                                  .owner_id = owner,
                                  .due_unix = req->due_unix(),
                                  .added_by = call.caller().person_id});
    call.Event("action.added", Subject("action", id), RoundOf(d),
               JsonObject()
                   .Add("decision_id", DecisionIdOf(d))
                   .Add("owner_id", owner)
                   .Add("due_unix", req->due_unix())
                   .str());
    *resp = *LoadAction(call.txn(), keys_, id, now);
    return absl::OkStatus();
  });
}

grpc::Status ConsensusServiceImpl::UpdateAction(
    Ctx* ctx, const v1::UpdateActionRequest* req, v1::Action* resp) {
  return runner_.Run(ctx, "UpdateAction", *req, resp, [&](Call& call) {
    EQ_ASSIGN_OR_RETURN(const ActionId id,
                        ParseId<ActionId>("action_id", req->action_id()));
    const int64_t now = NowUnix(call.txn());
    // Held: two updates at once are recorded one after the other.
    std::optional<v1::Action> action =
        LoadAction(call.txn(), keys_, id, now, /*hold=*/true);
    if (!action.has_value()) {
      return NoSuch("action", "action_id", req->action_id());
    }
    const RoundId round_id = IdOf<RoundId>(action->round_id());
    EQ_RETURN_IF_ERROR(call.AuthorizeInRound(round_id));
    const PersonId me = call.caller().person_id;
    EQ_RETURN_IF_ERROR(CheckActionUpdate(*action,
                                         action->owner_person_id() == me.str(),
                                         ActsForRound(call, round_id), *req));
    const v1::ActionState to = StateAfter(*action, *req);
    AddActionUpdate(call.txn(), id, to, req->note(), me);
    call.Event("action.updated", Subject("action", id), round_id,
               JsonObject().Add("state", ActionStateName(to)).str());
    *resp = *LoadAction(call.txn(), keys_, id, now);
    return absl::OkStatus();
  });
}

grpc::Status ConsensusServiceImpl::ListActions(
    Ctx* ctx, const v1::ListActionsRequest* req,
    v1::ListActionsResponse* resp) {
  return runner_.Run(ctx, "ListActions", *req, resp, [&](Call& call) {
    EQ_ASSIGN_OR_RETURN(const RoundId round_id,
                        ParseId<RoundId>("round_id", req->round_id()));
    EQ_RETURN_IF_ERROR(call.AuthorizeInRound(round_id));
    for (v1::Action& a :
         ActionsOf(call.txn(), keys_, round_id, NowUnix(call.txn()))) {
      *resp->add_actions() = std::move(a);
    }
    return absl::OkStatus();
  });
}

grpc::Status ConsensusServiceImpl::GetYouSaidWeDid(
    Ctx* ctx, const v1::GetYouSaidWeDidRequest* req, v1::YouSaidWeDid* resp) {
  return runner_.Run(ctx, "GetYouSaidWeDid", *req, resp, [&](Call& call) {
    std::optional<RoundId> only;
    if (req->round_id().empty()) {
      // The organisation's report: administrators and HR.
      if (!call.Authorize().ok()) {
        return absl::PermissionDeniedError(
            "round_id: the report on every round is for administrators and "
            "HR. Name a round you are in to see what came of it.");
      }
    } else {
      EQ_ASSIGN_OR_RETURN(only, ParseId<RoundId>("round_id", req->round_id()));
      EQ_RETURN_IF_ERROR(call.AuthorizeInRound(*only));
    }
    *resp = YouSaidWeDidOf(call.txn(), keys_, only);
    return absl::OkStatus();
  });
}

grpc::Status ConsensusServiceImpl::VerifyAuditTrail(
    Ctx* ctx, const v1::VerifyAuditTrailRequest* req, v1::AuditReport* resp) {
  return runner_.Run(ctx, "VerifyAuditTrail", *req, resp, [&](Call& call) {
    EQ_RETURN_IF_ERROR(call.Authorize());
    // One check at a time on each server: it reads the whole trail.
    bool idle = false;
    if (!verifying_.compare_exchange_strong(idle, true)) {
      return absl::ResourceExhaustedError(
          "The audit trail is being checked already. Try again when that "
          "check has finished.");
    }
    const absl::Cleanup done = [this] { verifying_ = false; };
    TrailVerifier verifier;
    *resp = VerifyTrail(call.txn(), verifier);
    return absl::OkStatus();
  });
}

}  // namespace equalsay::consensus
