// ConsensusService over a real port on real PostgreSQL: the equal veto from
// ballots to HR, consent, secrecy, two-key reopening, ballots racing a
// close, closing times across a restart, and live updates across servers.
#include <gmock/gmock.h>
#include <google/protobuf/util/json_util.h>
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "services/common/base/token.h"
#include "services/common/store/events.h"
#include "services/common/store/request_ledger.h"
#include "services/consensus/rules/access_table.h"
#include "services/consensus/service/ballot_box.h"
#include "services/consensus/store/decision_store.h"
#include "tests/integration/consensus/consensus_fixture.h"
#include "tests/support/locked_text.h"

namespace equalsay::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// The heart of equalsay, end to end: the staff panel agrees to appoint the
// best-scoring candidate, the Service User Panel does not, so nobody can
// appoint them; the next agreed candidate is offered the post.
TEST_F(ConsensusServiceTest, ServiceUserPanelVetoHoldsFromBallotsToHr) {
  Cast c = BuildRecruitment(/*open=*/true);
  const v1::Candidate &sam = c.named, &b = c.anonymised;
  ScoreAndClose(c, {{sam, 4}, {b, 2}});  // Sam has the best scores.
  ASSERT_EQ(Reload(c.round).state(), v1::ROUND_STATE_DECIDING);

  const v1::Decision on_sam =
      Put(c.staff_chair, Request(c.round, sam.id(), v1::DECISION_METHOD_YES_NO,
                                 v1::SECRECY_NAMED));
  EXPECT_EQ(on_sam.title(), "Appoint Sam Jones to the post?");
  ASSERT_EQ(on_sam.panels_size(), 2);
  EXPECT_EQ(on_sam.panels(0).voters(), 2u);  // The observer never votes.
  const v1::Decision on_b = Put(
      admin_,
      Request(c.round, b.id(), v1::DECISION_METHOD_YES_NO, v1::SECRECY_NAMED));
  EXPECT_EQ(on_b.title(), "Appoint Candidate B to the post?");

  ASSERT_TRUE(Vote(c.staff_chair, on_sam, v1::CHOICE_AGREE).ok());
  ASSERT_TRUE(Vote(c.staff_member, on_sam, v1::CHOICE_AGREE).ok());
  ASSERT_TRUE(Vote(c.su_chair, on_sam, v1::CHOICE_DISAGREE,
                   "Did not show how they would share power.")
                  .ok());
  ASSERT_TRUE(Vote(c.su_member, on_sam, v1::CHOICE_AGREE).ok());
  // Changing a ballot replaces it; the last one counts.
  v1::Ballot changed;
  ASSERT_TRUE(
      Vote(c.su_member, on_sam, v1::CHOICE_DISAGREE, "", &changed).ok());
  EXPECT_EQ(changed.version(), 2u);
  for (const Account* who :
       People{&c.staff_chair, &c.staff_member, &c.su_chair, &c.su_member}) {
    ASSERT_TRUE(Vote(*who, on_b, v1::CHOICE_AGREE).ok());
  }

  // One panel closing is not the close.
  v1::Decision after;
  ASSERT_TRUE(CloseAs(c.su_chair, on_sam, &after).ok());
  EXPECT_EQ(after.state(), v1::DECISION_STATE_VOTING);
  v1::Outcome outcome;
  EXPECT_EQ(OutcomeOf(c.hr, on_sam, &outcome).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  ASSERT_TRUE(CloseAs(c.staff_chair, on_sam, &after).ok());
  EXPECT_EQ(after.state(), v1::DECISION_STATE_CLOSED);
  EXPECT_EQ(after.result(), v1::OUTCOME_RESULT_VETOED);
  ASSERT_TRUE(CloseAs(c.su_chair, on_b).ok());
  ASSERT_TRUE(CloseAs(c.staff_chair, on_b).ok());
  EXPECT_EQ(Reload(c.round).state(), v1::ROUND_STATE_DECIDED);

  ASSERT_TRUE(OutcomeOf(c.observer, on_sam, &outcome).ok());
  EXPECT_EQ(outcome.result(), v1::OUTCOME_RESULT_VETOED);
  EXPECT_EQ(outcome.explanation(),
            "Not agreed. The Service User Panel did not agree (0 of 2 members "
            "agreed; 2 were needed). Each panel holds an equal veto, so this "
            "appointment does not go ahead.");
  EXPECT_EQ(outcome.panels(1).agree(), 2u);
  ASSERT_EQ(outcome.ballots_size(), 4);  // Named: shown after the close.
  ASSERT_EQ(outcome.reasons_size(), 1);
  EXPECT_EQ(outcome.reasons(0).display_name(), "Asha");
  EXPECT_EQ(outcome.reasons_outstanding(), 1u);  // Ben has not said why.

  // Nobody can turn the veto into an appointment: not HR, whatever the
  // order of scores, and not an administrator or a co-chair at all.
  const grpc::Status refused =
      Confirm(c.hr, on_sam, v1::CONFIRMATION_ACTION_OFFER_MADE);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(refused.error_message(),
            "HR can confirm only what every panel agreed. The outcome for Sam "
            "Jones is vetoed (a panel did not agree), so Sam Jones cannot be "
            "offered the post.");
  for (const Account* who : People{&admin_, &c.staff_chair, &c.su_chair}) {
    EXPECT_EQ(
        Confirm(*who, on_sam, v1::CONFIRMATION_ACTION_ACCEPTED).error_code(),
        grpc::StatusCode::PERMISSION_DENIED);
  }
  // HR who also sits on a panel (as an observer) is refused all the same.
  const Account hr_on_panel = api_->NewPerson(admin_, "Hal", v1::ORG_ROLE_HR);
  ASSERT_TRUE(AddMember(c.su, hr_on_panel, v1::PANEL_ROLE_OBSERVER).ok());
  EXPECT_EQ(Confirm(hr_on_panel, on_sam, v1::CONFIRMATION_ACTION_OFFER_MADE)
                .error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(Count("confirmations"), 0);

  // After the veto: Ben gives his reason, and the co-chairs of both panels
  // record together what happens next.
  v1::GiveReasonRequest reason;
  reason.set_request_id(Api::NewId());
  reason.set_decision_id(on_sam.id());
  reason.set_reason("They talked over people with lived experience.");
  v1::Ballot with_reason;
  ASSERT_TRUE(
      consensus().GiveReason(As(c.su_member).get(), reason, &with_reason).ok());
  v1::RecordNextStepRequest step;
  step.set_request_id(Api::NewId());
  step.set_decision_id(on_sam.id());
  step.set_next_step(v1::NEXT_STEP_NOT_APPOINTED);
  v1::Decision stepped;
  ASSERT_TRUE(
      consensus().RecordNextStep(As(c.su_chair).get(), step, &stepped).ok());
  EXPECT_EQ(stepped.next_step(), v1::NEXT_STEP_UNSPECIFIED);  // One key.
  step.set_request_id(Api::NewId());
  ASSERT_TRUE(
      consensus().RecordNextStep(As(c.staff_chair).get(), step, &stepped).ok());
  EXPECT_EQ(stepped.next_step(), v1::NEXT_STEP_NOT_APPOINTED);
  ASSERT_TRUE(OutcomeOf(c.hr, on_sam, &outcome).ok());
  EXPECT_EQ(outcome.reasons_outstanding(), 0u);
  EXPECT_EQ(outcome.next_step(), v1::NEXT_STEP_NOT_APPOINTED);

  // HR's queue holds only the agreed candidate, who is offered the post.
  v1::GetConfirmationQueueRequest queue_req;
  queue_req.set_round_id(c.round.id());
  v1::ConfirmationQueue queue;
  ASSERT_TRUE(
      consensus().GetConfirmationQueue(As(c.hr).get(), queue_req, &queue).ok());
  ASSERT_EQ(queue.candidates_size(), 1);
  EXPECT_EQ(queue.candidates(0).candidate_id(), b.id());
  EXPECT_EQ(queue.candidates(0).name(), "Robin Lee");  // HR sees the name.
  EXPECT_TRUE(queue.candidates(0).up_next());
  ASSERT_TRUE(Confirm(c.hr, on_b, v1::CONFIRMATION_ACTION_OFFER_MADE).ok());
  v1::Confirmation accepted;
  ASSERT_TRUE(
      Confirm(c.hr, on_b, v1::CONFIRMATION_ACTION_ACCEPTED, &accepted).ok());
  EXPECT_EQ(accepted.round_state(), v1::ROUND_STATE_CONFIRMED);
  EXPECT_EQ(Reload(c.round).state(), v1::ROUND_STATE_CONFIRMED);
  EXPECT_EQ(
      Confirm(c.hr, on_sam, v1::CONFIRMATION_ACTION_OFFER_MADE).error_code(),
      grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(AskToReopen(c.su_chair, on_sam).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);  // HR has acted.

  // Every step is in the audit trail, and no event carries a choice.
  EXPECT_EQ(Count("events WHERE action = 'ballot.cast'"), 9);
  EXPECT_EQ(Count("events WHERE action IN ('decision.closed', "
                  "'round.decided', 'outcome.confirmed', 'round.confirmed')"),
            2 + 1 + 2 + 1);
  EXPECT_EQ(Count("events WHERE payload::text ~ "
                  "'(\"choice\"|DISAGREE|OBJECT|ABSTAIN)'"),
            0);
  // Recounting the frozen electorate and ballots gives what was announced.
  EXPECT_EQ(db_.Query("SELECT result FROM decisions WHERE id = " + on_sam.id()),
            "VETOED");
  EXPECT_EQ(Count("ballot_versions WHERE decision_id = " + on_sam.id()), 6);
}

TEST_F(ConsensusServiceTest, StrategyProposalByConsent) {
  const Steering s = BuildSteering(/*members=*/2);
  const v1::Decision proposal =
      Put(s.su_chair,
          Request(s.round, "", v1::DECISION_METHOD_CONSENT, v1::SECRECY_NAMED));
  // A yes-or-no choice is not a consent choice.
  EXPECT_EQ(Vote(s.su_voters[0], proposal, v1::CHOICE_DISAGREE).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  for (const Account* who :
       People{&s.su_chair, &s.su_voters[0], &s.su_voters[1], &s.staff_chair,
              &s.staff_voters[0]}) {
    ASSERT_TRUE(Vote(*who, proposal, v1::CHOICE_AGREE).ok());
  }
  ASSERT_TRUE(Vote(s.staff_voters[1], proposal, v1::CHOICE_OBJECT,
                   "Sunday staffing is not funded.")
                  .ok());
  ASSERT_TRUE(CloseAs(s.staff_chair, proposal).ok());
  ASSERT_TRUE(CloseAs(s.su_chair, proposal).ok());
  v1::Outcome outcome;
  ASSERT_TRUE(OutcomeOf(s.su_voters[0], proposal, &outcome).ok());
  EXPECT_EQ(outcome.result(), v1::OUTCOME_RESULT_VETOED);
  EXPECT_EQ(outcome.explanation(),
            "Not agreed. The Staff Panel did not agree (1 member objected, "
            "and one is enough to stop it). Each panel holds an equal veto, "
            "so this proposal does not go ahead.");
  // What happens next, in a strategy round's words.
  v1::RecordNextStepRequest step;
  step.set_request_id(Api::NewId());
  step.set_decision_id(proposal.id());
  step.set_next_step(v1::NEXT_STEP_READVERTISE);
  v1::Decision ignored;
  EXPECT_EQ(consensus()
                .RecordNextStep(As(s.su_chair).get(), step, &ignored)
                .error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

// Re-running a closed decision needs a co-chair of each panel; one alone
// changes nothing, and the new run counts only new ballots.
TEST_F(ConsensusServiceTest, ReopeningNeedsBothKeys) {
  Cast c = BuildRecruitment(/*open=*/true);
  ScoreAndClose(c, {{c.named, 3}, {c.anonymised, 3}});
  const v1::Decision d =
      Put(admin_, Request(c.round, c.named.id(), v1::DECISION_METHOD_YES_NO,
                          v1::SECRECY_NAMED));
  const v1::Decision other =
      Put(admin_, Request(c.round, c.anonymised.id(),
                          v1::DECISION_METHOD_YES_NO, v1::SECRECY_NAMED));
  for (const Account* who : People{&c.su_chair, &c.su_member}) {
    ASSERT_TRUE(Vote(*who, d, v1::CHOICE_DISAGREE).ok());
  }
  for (const Account* who : People{&c.staff_chair, &c.staff_member}) {
    ASSERT_TRUE(Vote(*who, d, v1::CHOICE_AGREE).ok());
  }
  for (const v1::Decision* each : {&d, &other}) {
    ASSERT_TRUE(CloseAs(c.su_chair, *each).ok());
    ASSERT_TRUE(CloseAs(c.staff_chair, *each).ok());
  }
  ASSERT_EQ(Reload(c.round).state(), v1::ROUND_STATE_DECIDED);

  EXPECT_EQ(AskToReopen(c.su_member, d).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(AskToReopen(admin_, d).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  v1::Decision one_key;
  ASSERT_TRUE(AskToReopen(c.su_chair, d, &one_key).ok());
  EXPECT_EQ(one_key.state(), v1::DECISION_STATE_CLOSED);
  EXPECT_EQ(one_key.run(), 1u);
  EXPECT_TRUE(one_key.panels(0).reopen_requested());
  ASSERT_TRUE(AskToReopen(c.su_chair, d, &one_key).ok());  // Same key again.
  EXPECT_EQ(one_key.state(), v1::DECISION_STATE_CLOSED);
  EXPECT_EQ(Vote(c.su_member, d, v1::CHOICE_AGREE).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);

  v1::Decision reopened;
  ASSERT_TRUE(AskToReopen(c.staff_chair, d, &reopened).ok());
  EXPECT_EQ(reopened.state(), v1::DECISION_STATE_VOTING);
  EXPECT_EQ(reopened.run(), 2u);
  EXPECT_EQ(reopened.panels(0).voted(), 0u);  // A fresh run.
  EXPECT_EQ(Reload(c.round).state(), v1::ROUND_STATE_DECIDING);
  EXPECT_EQ(Count("events WHERE action = 'decision.reopen_requested'"), 2);
  EXPECT_EQ(Count("events WHERE action = 'decision.reopened'"), 1);

  for (const Account* who :
       People{&c.su_chair, &c.su_member, &c.staff_chair, &c.staff_member}) {
    ASSERT_TRUE(Vote(*who, d, v1::CHOICE_AGREE).ok());
  }
  ASSERT_TRUE(CloseAs(c.su_chair, d).ok());
  ASSERT_TRUE(CloseAs(c.staff_chair, d).ok());
  v1::Outcome outcome;
  ASSERT_TRUE(OutcomeOf(c.hr, d, &outcome).ok());
  EXPECT_EQ(outcome.run(), 2u);
  EXPECT_EQ(outcome.result(), v1::OUTCOME_RESULT_AGREED);
  EXPECT_EQ(outcome.panels(0).agree(), 2u);
  EXPECT_EQ(outcome.panels(0).disagree(), 0u);  // Run 1's ballots stay in 1.
  EXPECT_EQ(Count("ballots WHERE decision_id = " + d.id()), 8);
  EXPECT_EQ(Reload(c.round).state(), v1::ROUND_STATE_DECIDED);
}

// 200 ballots racing the close, then checked against the database: every
// acknowledged ballot is counted, every other one was refused, nothing else.
TEST_F(ConsensusServiceTest, BallotsRacingTheCloseAreCountedOrRefused) {
  const Steering s = BuildSteering(/*members=*/100);
  const v1::Decision d =
      Put(admin_,
          Request(s.round, "", v1::DECISION_METHOD_YES_NO, v1::SECRECY_NAMED));
  const People voters = s.Voters();

  constexpr int kThreads = 25;
  std::vector<grpc::StatusCode> results(voters.size(), grpc::StatusCode::OK);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      Api api(server_->grpc_addr());
      for (size_t i = t; i < voters.size(); i += kThreads) {
        v1::CastBallotRequest req;
        req.set_request_id(Api::NewId());
        req.set_decision_id(d.id());
        req.set_choice(i % 3 == 0 ? v1::CHOICE_DISAGREE : v1::CHOICE_AGREE);
        v1::Ballot ballot;
        results[i] =
            api.consensus()
                .CastBallot(api.Ctx(voters[i]->token).get(), req, &ballot)
                .error_code();
      }
    });
  }
  // Close while ballots are still arriving.
  while (Count("ballots WHERE decision_id = " + d.id()) < 40) {
    absl::SleepFor(absl::Milliseconds(2));
  }
  ASSERT_TRUE(CloseAs(s.su_chair, d).ok());
  ASSERT_TRUE(CloseAs(s.staff_chair, d).ok());
  for (std::thread& t : threads) t.join();

  std::set<std::string> acknowledged;
  int refused = 0;
  for (size_t i = 0; i < voters.size(); ++i) {
    if (results[i] == grpc::StatusCode::OK) {
      acknowledged.insert(voters[i]->id);
    } else {
      EXPECT_EQ(results[i], grpc::StatusCode::FAILED_PRECONDITION);
      ++refused;
    }
  }
  std::set<std::string> stored;
  pqxx::connection conn = db_.Superuser();
  pqxx::work txn(conn);
  for (const auto& row : txn.exec("SELECT person_id FROM ballots WHERE "
                                  "decision_id = " +
                                  d.id())) {
    stored.insert(row[0].as<std::string>());
  }
  EXPECT_EQ(stored, acknowledged);
  EXPECT_GE(acknowledged.size(), 40u);
  EXPECT_EQ(acknowledged.size() + refused, voters.size());
  v1::Outcome outcome;
  ASSERT_TRUE(OutcomeOf(admin_, d, &outcome).ok());
  EXPECT_EQ(outcome.panels(0).voted() + outcome.panels(1).voted(),
            acknowledged.size());
  // Every acknowledged ballot was cast before the close.
  EXPECT_EQ(db_.Query("SELECT bool_and(b.cast_at <= d.closed_at) FROM ballots "
                      "b JOIN decisions d ON d.id = b.decision_id"),
            "t");
}

TEST_F(ConsensusServiceTest, ReplayedBallotCountsOnce) {
  const Steering s = BuildSteering(/*members=*/1);
  const v1::Decision d =
      Put(admin_,
          Request(s.round, "", v1::DECISION_METHOD_YES_NO, v1::SECRECY_NAMED));
  v1::CastBallotRequest req;
  req.set_request_id("tablet-retry-7");
  req.set_decision_id(d.id());
  req.set_choice(v1::CHOICE_AGREE);
  v1::Ballot first, second;
  ASSERT_TRUE(
      consensus().CastBallot(As(s.su_voters[0]).get(), req, &first).ok());
  ASSERT_TRUE(
      consensus().CastBallot(As(s.su_voters[0]).get(), req, &second).ok());
  EXPECT_EQ(first.SerializeAsString(), second.SerializeAsString());
  EXPECT_EQ(second.version(), 1u);
  EXPECT_EQ(Count("ballot_versions"), 1);
  EXPECT_EQ(Count("events WHERE action = 'ballot.cast'"), 1);
  req.set_choice(v1::CHOICE_DISAGREE);  // The same id for another change.
  const grpc::Status reused =
      consensus().CastBallot(As(s.su_voters[0]).get(), req, &second);
  EXPECT_EQ(reused.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(reused.error_message(), HasSubstr("request_id"));
  EXPECT_EQ(Count("ballot_versions"), 1);
}

// The server writes ballots that arrive together in one transaction. With
// one writer, the ballots sent while it writes the first one queue up and are
// written together; every one of them must get the answer it would get
// alone: the same refusals, a retry's first answer, both of one person's two
// ballots, text exactly as sent.
class BallotBoxTest : public ConsensusServiceTest {
 protected:
  std::map<std::string, std::string> ServerEnv() const override {
    return {{"EQUALSAY_BALLOT_WRITERS", "1"}};
  }
};

TEST_F(BallotBoxTest, BallotsWrittenTogetherGetTheAnswersTheyWouldAlone) {
  const Steering s = BuildSteering(/*members=*/30);
  const v1::Decision yes_no =
      Put(admin_,
          Request(s.round, "", v1::DECISION_METHOD_YES_NO, v1::SECRECY_NAMED));
  const v1::Decision consent =
      Put(admin_,
          Request(s.round, "", v1::DECISION_METHOD_CONSENT, v1::SECRECY_NAMED));
  const Account outsider = api_->NewPerson(admin_, "Gus", v1::ORG_ROLE_MEMBER);
  // Two ballots cast alone first: one to retry, one whose id is reused.
  const v1::CastBallotRequest kept =
      Ballot("kept-1", yes_no, v1::CHOICE_AGREE, "First thoughts.");
  v1::Ballot kept_answer, ignored;
  ASSERT_TRUE(consensus()
                  .CastBallot(As(s.su_voters[0]).get(), kept, &kept_answer)
                  .ok());
  ASSERT_TRUE(consensus()
                  .CastBallot(As(s.su_voters[1]).get(),
                              Ballot("kept-2", yes_no, v1::CHOICE_AGREE),
                              &ignored)
                  .ok());
  const int64_t ledger_before = Count("request_ledger");

  auto* stub = &consensus();
  const std::string tricky = "He said \"wait\" \\ {not, yet}; café ✓";
  std::vector<Sent> sent = {
      {stub, s.su_voters[0].token, kept},
      {stub, s.su_voters[1].token,
       Ballot("kept-2", yes_no, v1::CHOICE_DISAGREE)},
      {stub, "eqs_not-a-real-token", Ballot("x-1", yes_no, v1::CHOICE_AGREE)},
      {stub, "", Ballot("x-2", yes_no, v1::CHOICE_AGREE)},
      {stub, outsider.token, Ballot("x-3", yes_no, v1::CHOICE_AGREE)},
      {stub, s.su_voters[2].token, Ballot("x-4", yes_no, v1::CHOICE_OBJECT)},
      {stub, s.su_voters[3].token,
       Ballot("x-5", yes_no, v1::CHOICE_AGREE, std::string(2001, 'x'))},
      {stub, s.su_voters[4].token,
       [&] {
         v1::CastBallotRequest unknown =
             Ballot("x-6", yes_no, v1::CHOICE_AGREE);
         unknown.set_decision_id("987654");
         return unknown;
       }()},
      {stub, s.su_voters[5].token, Ballot("", yes_no, v1::CHOICE_AGREE)},
      // One person's two ballots, sent together: both are kept, in turn.
      {stub, s.su_voters[6].token, Ballot("twice-1", yes_no, v1::CHOICE_AGREE)},
      {stub, s.su_voters[6].token,
       Ballot("twice-2", yes_no, v1::CHOICE_DISAGREE)},
  };
  const std::vector<grpc::StatusCode> refusals = {
      grpc::StatusCode::OK,                 // the retry
      grpc::StatusCode::INVALID_ARGUMENT,   // an id reused for a change
      grpc::StatusCode::UNAUTHENTICATED,    // a token that does not work
      grpc::StatusCode::UNAUTHENTICATED,    // no token
      grpc::StatusCode::PERMISSION_DENIED,  // not on a panel
      grpc::StatusCode::INVALID_ARGUMENT,   // a consent choice on yes/no
      grpc::StatusCode::INVALID_ARGUMENT,   // a reason too long
      grpc::StatusCode::NOT_FOUND,          // no such decision
      grpc::StatusCode::INVALID_ARGUMENT,   // no request id
      grpc::StatusCode::OK,
      grpc::StatusCode::OK,
  };
  const size_t plain_from = sent.size();
  for (size_t i = 7; i < s.su_voters.size(); ++i) {
    sent.push_back({stub, s.su_voters[i].token,
                    Ballot(Api::NewId(), yes_no,
                           i % 2 ? v1::CHOICE_AGREE : v1::CHOICE_DISAGREE,
                           i == 7 ? tricky : "")});
  }
  for (size_t i = 0; i < s.staff_voters.size(); ++i) {
    sent.push_back({stub, s.staff_voters[i].token,
                    Ballot(Api::NewId(), i % 2 ? consent : yes_no,
                           i % 2 ? v1::CHOICE_STAND_ASIDE : v1::CHOICE_AGREE)});
  }
  const std::vector<Answer> answers = CastAtOnce(sent);

  for (size_t i = 0; i < sent.size(); ++i) {
    const grpc::StatusCode want =
        i < refusals.size() ? refusals[i] : grpc::StatusCode::OK;
    EXPECT_EQ(answers[i].status.error_code(), want)
        << "ballot " << i << ": " << answers[i].status.error_message();
    if (want != grpc::StatusCode::OK) {
      EXPECT_FALSE(answers[i].status.error_message().empty()) << i;
    }
  }
  EXPECT_THAT(answers[1].status.error_message(), HasSubstr("request_id"));
  EXPECT_THAT(answers[4].status.error_message(), HasSubstr("vote"));
  EXPECT_THAT(answers[6].status.error_message(), HasSubstr("reason"));
  // The retry gets the first answer, marked as changing nothing.
  EXPECT_EQ(answers[0].ballot.SerializeAsString(),
            kept_answer.SerializeAsString());
  EXPECT_TRUE(answers[0].replayed);
  // Both of one person's ballots are kept, one after the other.
  EXPECT_EQ(answers[9].ballot.version() + answers[10].ballot.version(), 3u);
  const Answer& last =
      answers[9].ballot.version() == 2 ? answers[9] : answers[10];
  EXPECT_EQ(db_.Query("SELECT choice FROM ballots WHERE person_id = " +
                      s.su_voters[6].id),
            v1::Choice_Name(last.ballot.choice()).substr(7));

  // Exactly the ballots acknowledged were written, each once, each with its
  // event and its ledger entry; nothing refused left a trace.
  const int64_t cast = 2 + (sent.size() - plain_from);
  EXPECT_EQ(Count("ballot_versions"), 2 + cast);
  EXPECT_EQ(Count("events WHERE action = 'ballot.cast'"), 2 + cast);
  EXPECT_EQ(Count("request_ledger"), ledger_before + cast);
  for (size_t i = plain_from; i < sent.size(); ++i) {
    ASSERT_TRUE(answers[i].status.ok());
    EXPECT_EQ(answers[i].ballot.version(), 1u);
    EXPECT_EQ(answers[i].ballot.decision_id(), sent[i].request.decision_id());
    EXPECT_EQ(answers[i].ballot.choice(), sent[i].request.choice());
    EXPECT_FALSE(answers[i].replayed);
  }
  EXPECT_EQ(answers[plain_from].ballot.reason(), tricky);
  // Stored as given (locked under the voter's key).
  EXPECT_EQ(
      UnlockedIn(db_, {"person/" + s.su_voters[7].id},
                 privacy::kVoteReasonContext,
                 db_.Query("SELECT reason FROM ballots WHERE person_id = " +
                           s.su_voters[7].id)),
      tricky);
  // They really were written together: events share a transaction.
  EXPECT_GT(std::stoll(db_.Query(
                "SELECT max(n) FROM (SELECT count(*) AS n FROM events WHERE "
                "action = 'ballot.cast' GROUP BY xid) AS per_transaction")),
            10);

  // Each stored answer is the one given: retrying them all changes nothing.
  std::vector<Sent> again(sent.begin() + plain_from, sent.end());
  const std::vector<Answer> replayed = CastAtOnce(again);
  for (size_t i = 0; i < again.size(); ++i) {
    ASSERT_TRUE(replayed[i].status.ok()) << replayed[i].status.error_message();
    EXPECT_TRUE(replayed[i].replayed);
    EXPECT_EQ(replayed[i].ballot.SerializeAsString(),
              answers[plain_from + i].ballot.SerializeAsString());
  }
  EXPECT_EQ(Count("ballot_versions"), 2 + cast);
  EXPECT_EQ(Count("events WHERE action = 'ballot.cast'"), 2 + cast);
}

// The batch's write checks that nothing it relies on changed since its
// read: a ballot, the decision, a request id. If anything did, it writes
// nothing at all (and the server reads again), so a ballot after the close
// or a replayed request id cannot slip in between the two statements.
TEST_F(ConsensusServiceTest, ABatchWriteFindingThingsChangedWritesNothing) {
  const Steering s = BuildSteering(/*members=*/2);
  const v1::Decision d =
      Put(admin_,
          Request(s.round, "", v1::DECISION_METHOD_YES_NO, v1::SECRECY_NAMED));
  const v1::Decision other =
      Put(admin_,
          Request(s.round, "", v1::DECISION_METHOD_YES_NO, v1::SECRECY_NAMED));
  const v1::Decision closing =
      Put(admin_,
          Request(s.round, "", v1::DECISION_METHOD_YES_NO, v1::SECRECY_NAMED));
  const std::vector<const Account*> voters = {&s.su_voters[0],
                                              &s.staff_voters[0]};
  pqxx::connection app(db_.url());  // As the server connects.
  pqxx::nontransaction txn(app);
  const privacy::DataKeys keys = *privacy::DataKeys::Parse(kTestDataKeys);
  // Reads and checks as BallotBox does, every voter agreeing, on `on[i]`
  // (by default both on d).
  struct Prepared {
    consensus::VotersRead read;
    std::vector<consensus::CheckedBallot> ballots;
    std::vector<LedgerClaim> claims;
    std::vector<NewEvent> events;
  };
  auto prepare = [&](const std::vector<std::string>& request_ids,
                     std::vector<const v1::Decision*> on = {}) {
    on.resize(voters.size(), &d);
    Prepared p;
    std::vector<consensus::BallotAsked> asked;
    for (size_t i = 0; i < voters.size(); ++i) {
      asked.push_back({.token_hash = HashToken(voters[i]->token),
                       .request_id = request_ids[i],
                       .decision_id = IdOf<DecisionId>(on[i]->id())});
    }
    privacy::TextOpener opener(txn, keys);
    p.read = consensus::ReadVoters(txn, asked, opener);
    for (size_t i = 0; i < voters.size(); ++i) {
      const v1::Decision& read =
          p.read.decisions.at(IdOf<DecisionId>(on[i]->id()));
      const consensus::Voter& v = *p.read.voters[i];
      p.ballots.push_back(consensus::CheckedBallot{
          .voter = v,
          .ballot = consensus::BallotFrom(
              IdOf<DecisionId>(read.id()), read.run(), v1::CHOICE_AGREE, "",
              v.ballot_version + 1, absl::ToUnixSeconds(p.read.read_at_time))});
      p.claims.push_back({.person_id = v.caller.person_id,
                          .request_id = request_ids[i],
                          .method = "CastBallot",
                          .request_hash = "h"});
      p.events.push_back(consensus::BallotCastEvent(read, v.caller.person_id));
    }
    return p;
  };
  auto write = [&](const Prepared& p) {
    return consensus::WriteCheckedBallots(txn, p.read, p.ballots, p.claims,
                                          p.events);
  };
  auto written = [&] {
    return std::vector<int64_t>{Count("ballot_versions"),
                                Count("request_ledger"),
                                Count("events WHERE action = 'ballot.cast'")};
  };

  // Unchanged since the read: both written, as version 1.
  const auto before = written();
  EXPECT_EQ(write(prepare({"a-1", "b-1"})).size(), 2u);
  EXPECT_EQ(written()[0], before[0] + 2);
  EXPECT_EQ(written()[1], before[1] + 2);
  EXPECT_EQ(db_.Query("SELECT max(version) FROM ballots"), "1");

  // A ballot changed in between (the voter changed their mind on another
  // device): nothing of the batch is written.
  Prepared stale = prepare({"a-2", "b-2"});
  ASSERT_TRUE(Vote(*voters[0], d, v1::CHOICE_DISAGREE).ok());
  auto after = written();
  EXPECT_THROW(write(stale), pqxx::serialization_failure);
  EXPECT_EQ(written(), after);

  // A request id claimed in between (a retry that raced its first attempt).
  Prepared raced = prepare({"a-3", "b-3"});
  v1::Ballot ignored;
  ASSERT_TRUE(consensus()
                  .CastBallot(As(*voters[1]).get(),
                              Ballot("b-3", d, v1::CHOICE_AGREE), &ignored)
                  .ok());
  after = written();
  EXPECT_THROW(write(raced), pqxx::serialization_failure);
  EXPECT_EQ(written(), after);

  // Every other fact the checks relied on is checked again by the write,
  // since it may have been kept from an earlier ballot (VoterFacts): the
  // token still signs its voter in with the role read, their place in the
  // round and their seat are as read, their key is there, and the closing
  // time has not come by the database's clock.
  const std::string a_id = voters[0]->id;
  struct Change {
    const char* what;
    std::string change, undo;
  };
  const Change changes[] = {
      {"token revoked",
       "UPDATE tokens SET revoked_at = now() WHERE person_id = " + a_id,
       "UPDATE tokens SET revoked_at = NULL WHERE person_id = " + a_id},
      {"organisation role changed",
       "UPDATE people SET org_role = 'HR' WHERE id = " + a_id,
       "UPDATE people SET org_role = 'MEMBER' WHERE id = " + a_id},
      {"role in the round changed",
       "UPDATE panel_members SET role = 'OBSERVER' WHERE person_id = " + a_id,
       "UPDATE panel_members SET role = 'MEMBER' WHERE person_id = " + a_id},
      {"recused",
       "UPDATE decision_electorate SET recused = true WHERE person_id = " +
           a_id,
       "UPDATE decision_electorate SET recused = false WHERE person_id = " +
           a_id},
  };
  int n = 0;
  for (const Change& c : changes) {
    const std::string id = absl::StrCat("f-", ++n);
    Prepared p = prepare({"a-" + id, "b-" + id});
    db_.Query(c.change);
    after = written();
    EXPECT_THROW(write(p), pqxx::serialization_failure) << c.what;
    EXPECT_EQ(written(), after) << c.what;
    db_.Query(c.undo);
  }
  // The closing time came (on a decision of its own: the server's closer
  // then closes it).
  Prepared timed = prepare({"a-timed", "b-timed"}, {&closing, &closing});
  db_.Query("UPDATE decisions SET closes_at = now() WHERE id = " +
            closing.id());
  after = written();
  EXPECT_THROW(write(timed), pqxx::serialization_failure);
  EXPECT_EQ(written(), after);
  // A read time the database has not reached (a server's clock ahead).
  Prepared ahead = prepare({"a-ahead", "b-ahead"});
  ahead.read.read_at = "2999-01-01 00:00:00+00";
  EXPECT_THROW(write(ahead), pqxx::serialization_failure);
  // Undone, the same voters' ballots are written.
  EXPECT_EQ(write(prepare({"a-undone", "b-undone"})).size(), 2u);

  // Ballots on two decisions in one statement: both written.
  after = written();
  EXPECT_EQ(write(prepare({"a-5", "b-5"}, {&other, &d})).size(), 2u);
  EXPECT_EQ(written()[0], after[0] + 2);

  // One decision of the two closed in between: nothing of either is
  // written, not even the ballot on the decision still open.
  Prepared late = prepare({"a-4", "b-4"}, {&other, &d});
  ASSERT_TRUE(CloseAs(s.su_chair, d).ok());
  ASSERT_TRUE(CloseAs(s.staff_chair, d).ok());
  after = written();
  EXPECT_THROW(write(late), pqxx::serialization_failure);
  EXPECT_EQ(written(), after);
  // Both on d (the last a-undone and b-5) and a's on the other (a-5).
  EXPECT_EQ(Count("ballots WHERE choice = 'AGREE'"), 3);

  // A voter erased in between: their key is gone, so no new reason may be
  // locked under a copy of it.
  Prepared erased = prepare({"a-6", "b-6"}, {&other, &other});
  ASSERT_TRUE(erased.ballots[0].voter.key.has_value());
  db_.Query("DELETE FROM subject_keys WHERE subject = 'person/" + a_id + "'");
  after = written();
  EXPECT_THROW(write(erased), pqxx::serialization_failure);
  EXPECT_EQ(written(), after);
}

// PostgreSQL plans a prepared statement's first five runs for their values,
// then keeps one plan if it costs no more than theirs did. One-ballot reads
// and writes at a quiet start must not leave the connection planning every
// statement afresh once the meeting is busy (that cost 0.2 ms of each
// batch's 1 ms for the read; 1 ms of every lone ballot for the write).
TEST_F(ConsensusServiceTest, QuietFirstBallotsStillLeaveOnePlanForEach) {
  const Steering s = BuildSteering(/*members=*/2);
  const v1::Decision d =
      Put(admin_,
          Request(s.round, "", v1::DECISION_METHOD_YES_NO, v1::SECRECY_NAMED));
  pqxx::connection app(db_.url());  // As the server connects.
  pqxx::nontransaction txn(app);
  const privacy::DataKeys keys = *privacy::DataKeys::Parse(kTestDataKeys);
  privacy::TextOpener opener(txn, keys);
  for (int i = 0; i < 8; ++i) {
    consensus::ReadVoters(txn,
                          {{.token_hash = HashToken(s.su_voters[0].token),
                            .request_id = "quiet",
                            .decision_id = IdOf<DecisionId>(d.id())}},
                          opener);
  }
  std::vector<consensus::BallotAsked> busy;
  for (const Account* voter : s.Voters()) {
    busy.push_back({.token_hash = HashToken(voter->token),
                    .request_id = "busy",
                    .decision_id = IdOf<DecisionId>(d.id())});
  }
  const consensus::VotersRead read = consensus::ReadVoters(txn, busy, opener);
  EXPECT_EQ(read.voters.size(), busy.size());
  const pqxx::row plans = txn.exec1(
      "SELECT generic_plans, custom_plans FROM pg_prepared_statements "
      "WHERE name = 'ballots_read_voters'");
  EXPECT_GE(plans[0].as<int>(), 4);  // Runs 6 to 9 share one plan.
  EXPECT_LE(plans[1].as<int>(), 5);

  // One member changing their vote again and again, alone.
  const DecisionId id = IdOf<DecisionId>(d.id());
  for (int i = 0; i < 8; ++i) {
    const std::string request_id = absl::StrCat("alone-", i);
    const consensus::VotersRead one =
        consensus::ReadVoters(txn,
                              {{.token_hash = HashToken(s.su_voters[0].token),
                                .request_id = request_id,
                                .decision_id = id}},
                              opener);
    const consensus::Voter& v = *one.voters[0];
    consensus::WriteCheckedBallots(
        txn, one,
        {{.voter = v,
          .ballot = consensus::BallotFrom(
              id, one.decisions.at(id).run(), v1::CHOICE_AGREE, "",
              v.ballot_version + 1, absl::ToUnixSeconds(one.read_at_time))}},
        {{.person_id = v.caller.person_id,
          .request_id = request_id,
          .method = "CastBallot",
          .request_hash = "h"}},
        {consensus::BallotCastEvent(one.decisions.at(id), v.caller.person_id)});
  }
  const pqxx::row writes = txn.exec1(
      "SELECT generic_plans, custom_plans FROM pg_prepared_statements "
      "WHERE name = 'ballots_write_checked'");
  EXPECT_GE(writes[0].as<int>(), 3);  // Runs 6 to 8 share one plan.
  EXPECT_LE(writes[1].as<int>(), 5);
}

// Copies of one request sent to two servers at once (a phone retrying
// through a load balancer): whichever copy is written first, every copy gets
// its answer and the ballot counts once.
TEST_F(ConsensusServiceTest, CopiesOfABallotSentToTwoServersCountOnce) {
  const Steering s = BuildSteering(/*members=*/10);
  const std::unique_ptr<ServerProcess> second = AnotherServer();
  ASSERT_NE(second, nullptr);
  Api other(second->grpc_addr());
  const v1::Decision d =
      Put(admin_,
          Request(s.round, "", v1::DECISION_METHOD_YES_NO, v1::SECRECY_NAMED));
  const People voters = s.Voters();
  constexpr int kCopies = 3;  // On each server.
  std::vector<Sent> sent;
  for (const Account* voter : voters) {
    const v1::CastBallotRequest req =
        Ballot(Api::NewId(), d, v1::CHOICE_DISAGREE, "Not yet.");
    for (int copy = 0; copy < kCopies; ++copy) {
      sent.push_back({&consensus(), voter->token, req});
      sent.push_back({&other.consensus(), voter->token, req});
    }
  }
  const std::vector<Answer> answers = CastAtOnce(sent);
  for (size_t v = 0; v < voters.size(); ++v) {
    int first_answers = 0;
    for (int copy = 0; copy < 2 * kCopies; ++copy) {
      const Answer& a = answers[v * 2 * kCopies + copy];
      ASSERT_TRUE(a.status.ok()) << a.status.error_message();
      EXPECT_EQ(a.ballot.SerializeAsString(),
                answers[v * 2 * kCopies].ballot.SerializeAsString());
      EXPECT_EQ(a.ballot.version(), 1u);
      if (!a.replayed) ++first_answers;
    }
    EXPECT_EQ(first_answers, 1) << "voter " << v;
  }
  EXPECT_EQ(Count("ballot_versions WHERE decision_id = " + d.id()),
            static_cast<int64_t>(voters.size()));
  EXPECT_EQ(Count("events WHERE action = 'ballot.cast'"),
            static_cast<int64_t>(voters.size()));
}

TEST_F(ConsensusServiceTest, RefusalsSayWhyAndChangeNothing) {
  Cast c = BuildRecruitment(/*open=*/true);
  // Too early: the round is still scoring.
  v1::Decision ignored;
  grpc::Status early = consensus().CreateDecision(
      As(admin_).get(),
      Request(c.round, c.named.id(), v1::DECISION_METHOD_YES_NO,
              v1::SECRECY_NAMED),
      &ignored);
  EXPECT_EQ(early.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  // Ben declares a conflict with Sam before the decision is put.
  v1::DeclareConflictRequest conflict;
  conflict.set_request_id(Api::NewId());
  conflict.set_candidate_id(c.named.id());
  conflict.set_reason("Sam is my neighbour.");
  v1::Conflict declared;
  ASSERT_TRUE(panels()
                  .DeclareConflict(As(c.su_member).get(), conflict, &declared)
                  .ok());
  ScoreAndClose(c, {{c.anonymised, 3}});
  const v1::Decision d =
      Put(admin_, Request(c.round, c.named.id(), v1::DECISION_METHOD_YES_NO,
                          v1::SECRECY_NAMED));
  EXPECT_EQ(d.panels(0).voters(), 1u);
  EXPECT_EQ(d.panels(0).recused(), 1u);
  const grpc::Status twice = consensus().CreateDecision(
      As(admin_).get(),
      Request(c.round, c.named.id(), v1::DECISION_METHOD_YES_NO,
              v1::SECRECY_NAMED),
      &ignored);
  EXPECT_EQ(twice.error_code(), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_THAT(twice.error_message(), HasSubstr("reopen"));

  const int64_t ballots = Count("ballot_versions");
  const int64_t events = Count("events");
  struct Attempt {
    const char* what;
    grpc::Status status;
    grpc::StatusCode code;
  };
  v1::CastBallotRequest unknown;
  unknown.set_request_id(Api::NewId());
  unknown.set_decision_id("987654");
  unknown.set_choice(v1::CHOICE_AGREE);
  v1::Ballot b;
  const Attempt attempts[] = {
      {"observer", Vote(c.observer, d, v1::CHOICE_AGREE),
       grpc::StatusCode::PERMISSION_DENIED},
      {"outsider", Vote(c.outsider, d, v1::CHOICE_AGREE),
       grpc::StatusCode::PERMISSION_DENIED},
      {"HR", Vote(c.hr, d, v1::CHOICE_AGREE),
       grpc::StatusCode::PERMISSION_DENIED},
      {"recused", Vote(c.su_member, d, v1::CHOICE_AGREE),
       grpc::StatusCode::FAILED_PRECONDITION},
      {"consent choice", Vote(c.su_chair, d, v1::CHOICE_OBJECT),
       grpc::StatusCode::INVALID_ARGUMENT},
      {"reason too long",
       Vote(c.su_chair, d, v1::CHOICE_AGREE, std::string(2001, 'x')),
       grpc::StatusCode::INVALID_ARGUMENT},
      {"unknown decision",
       consensus().CastBallot(As(c.su_chair).get(), unknown, &b),
       grpc::StatusCode::NOT_FOUND},
      {"member closing", CloseAs(c.su_member, d),
       grpc::StatusCode::PERMISSION_DENIED},
  };
  for (const Attempt& a : attempts) {
    EXPECT_EQ(a.status.error_code(), a.code)
        << a.what << ": " << a.status.error_message();
    EXPECT_FALSE(a.status.error_message().empty()) << a.what;
  }
  EXPECT_EQ(Count("ballot_versions"), ballots);
  EXPECT_EQ(Count("events"), events);

  // After the close, a ballot is refused, never silently dropped.
  ASSERT_TRUE(Vote(c.su_chair, d, v1::CHOICE_AGREE).ok());
  ASSERT_TRUE(CloseAs(c.su_chair, d).ok());
  EXPECT_EQ(CloseAs(c.su_chair, d).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  ASSERT_TRUE(CloseAs(c.staff_chair, d).ok());
  const grpc::Status late = Vote(c.staff_member, d, v1::CHOICE_AGREE);
  EXPECT_EQ(late.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(late.error_message(), HasSubstr("has closed"));
  // The recused member does not count towards the Service User Panel's
  // quorum: one voter of one is enough.
  v1::Outcome outcome;
  ASSERT_TRUE(OutcomeOf(c.su_chair, d, &outcome).ok());
  EXPECT_EQ(outcome.panels(0).voters(), 1u);
  EXPECT_TRUE(outcome.panels(0).quorum_met());
  EXPECT_FALSE(outcome.panels(1).quorum_met());
  EXPECT_EQ(outcome.result(), v1::OUTCOME_RESULT_NO_QUORUM);
}

// Rule 4 over the wire, in a round that publishes the counts of panels of
// five or more: who has voted shows from three voters, reasons lose their
// names and choices, and nothing the service writes links a person to a
// choice.
TEST_F(ConsensusServiceTest, SecretMeansSecret) {
  const Steering s = BuildSteering(/*members=*/4,  // 5 voters in each.
                                   /*publish_secret_counts=*/true);
  const v1::Decision d =
      Put(admin_,
          Request(s.round, "", v1::DECISION_METHOD_YES_NO, v1::SECRECY_SECRET));
  ASSERT_TRUE(Vote(s.su_voters[0], d, v1::CHOICE_DISAGREE,
                   "It leaves out people who work weekends.")
                  .ok());
  ASSERT_TRUE(Vote(s.su_voters[1], d, v1::CHOICE_AGREE).ok());
  v1::Decision seen = Get(s.staff_voters[0], d);
  EXPECT_TRUE(seen.panels(0).participation_withheld());
  EXPECT_EQ(seen.panels(0).voted(), 0u);
  EXPECT_EQ(seen.panels(0).taken_part_size(), 0);
  ASSERT_TRUE(Vote(s.su_voters[2], d, v1::CHOICE_DISAGREE).ok());
  seen = Get(s.staff_voters[0], d);
  EXPECT_FALSE(seen.panels(0).participation_withheld());
  EXPECT_EQ(seen.panels(0).voted(), 3u);
  EXPECT_EQ(seen.panels(0).taken_part_size(), 3);

  ASSERT_TRUE(Vote(s.su_voters[3], d, v1::CHOICE_DISAGREE).ok());
  for (const Account* who :
       People{&s.staff_chair, &s.staff_voters[0], &s.staff_voters[1]}) {
    ASSERT_TRUE(Vote(*who, d, v1::CHOICE_AGREE).ok());
  }
  ASSERT_TRUE(CloseAs(s.su_chair, d).ok());
  ASSERT_TRUE(CloseAs(s.staff_chair, d).ok());
  v1::Outcome outcome;
  ASSERT_TRUE(OutcomeOf(s.su_voters[1], d, &outcome).ok());
  EXPECT_EQ(outcome.result(), v1::OUTCOME_RESULT_VETOED);
  EXPECT_EQ(outcome.ballots_size(), 0);
  ASSERT_EQ(outcome.reasons_size(), 1);
  EXPECT_EQ(outcome.reasons(0).display_name(), "");
  EXPECT_EQ(outcome.reasons(0).choice(), v1::CHOICE_UNSPECIFIED);
  // Asked of all four who voted in the panel that did not agree.
  EXPECT_EQ(outcome.reasons_outstanding(), 3u);
  // Five voters in a round that publishes counts: the tallies show.
  EXPECT_EQ(outcome.panels(0).disagree(), 3u);

  // A reason given afterwards is not an event by its giver either.
  v1::GiveReasonRequest reason;
  reason.set_request_id(Api::NewId());
  reason.set_decision_id(d.id());
  reason.set_reason("Nobody asked the weekend group.");
  v1::Ballot with_reason;
  ASSERT_TRUE(consensus()
                  .GiveReason(As(s.su_voters[2]).get(), reason, &with_reason)
                  .ok());
  EXPECT_EQ(Count("events WHERE action = 'ballot.reason_given' AND actor_id "
                  "IS NOT NULL"),
            0);

  // The minutes, as Markdown and as the protocol's JSON, name who sat on
  // each panel and who took part, but never next to a choice.
  v1::GetMinutesRequest minutes_req;
  minutes_req.set_round_id(s.round.id());
  v1::Minutes minutes;
  ASSERT_TRUE(consensus()
                  .GetMinutes(As(s.su_voters[0]).get(), minutes_req, &minutes)
                  .ok());
  ASSERT_EQ(minutes.decisions_size(), 1);
  const v1::MinutesDecision& secret = minutes.decisions(0);
  EXPECT_EQ(secret.outcome().ballots_size(), 0);
  // The minutes say what GetOutcome says, reasons included.
  EXPECT_EQ(secret.outcome().reasons_size(), 2);
  EXPECT_EQ(secret.outcome().reasons_outstanding(), 2u);
  EXPECT_EQ(secret.outcome().panels(0).disagree(), 3u);  // Tallies stay.
  v1::MinutesDecision without_participation = secret;
  for (auto& p : *without_participation.mutable_decision()->mutable_panels()) {
    p.clear_taken_part();
  }
  std::string decision_json;
  ASSERT_TRUE(google::protobuf::util::MessageToJsonString(without_participation,
                                                          &decision_json)
                  .ok());
  const std::string decisions_md =
      minutes.markdown().substr(minutes.markdown().find("## Decisions"));
  EXPECT_THAT(decisions_md, HasSubstr("by secret ballot"));
  EXPECT_THAT(decisions_md, HasSubstr("| Service User Panel | 1 | 3 | 0 |"));
  for (int i = 0; i < 4; ++i) {
    const std::string name = absl::StrCat("Member S", i);
    EXPECT_THAT(decisions_md, Not(HasSubstr(name))) << name;
    EXPECT_THAT(decision_json, Not(HasSubstr(name))) << name;
  }
  EXPECT_THAT(minutes.markdown(), HasSubstr("- Member S0, member"));

  // Neither the log nor the audit trail holds any choice at all.
  const std::string written =
      server_->process().Stderr() +
      db_.Query(
          "SELECT string_agg(payload::text || ' ' || action, ' ') FROM "
          "events");
  for (const char* word : {"choice", "DISAGREE", "ABSTAIN", "disagree"}) {
    EXPECT_THAT(written, Not(HasSubstr(word))) << word;
  }
}

TEST_F(ConsensusServiceTest, SmallSecretPanelsShowOnlyWhetherTheyAgreed) {
  const Steering s = BuildSteering(/*members=*/2);  // 3 voters in each.
  const v1::Decision d =
      Put(admin_,
          Request(s.round, "", v1::DECISION_METHOD_YES_NO, v1::SECRECY_SECRET));
  for (const Account* who :
       People{&s.su_chair, &s.su_voters[0], &s.su_voters[1], &s.staff_chair,
              &s.staff_voters[0], &s.staff_voters[1]}) {
    ASSERT_TRUE(Vote(*who, d, v1::CHOICE_AGREE).ok());
  }
  ASSERT_TRUE(CloseAs(s.su_chair, d).ok());
  ASSERT_TRUE(CloseAs(s.staff_chair, d).ok());
  v1::Outcome outcome;
  ASSERT_TRUE(OutcomeOf(admin_, d, &outcome).ok());
  EXPECT_EQ(outcome.result(), v1::OUTCOME_RESULT_AGREED);
  for (const v1::PanelTally& t : outcome.panels()) {
    EXPECT_TRUE(t.counts_withheld());
    EXPECT_EQ(t.agree() + t.voted() + t.voters(), 0u);  // A 3-0 says all.
  }
  EXPECT_EQ(outcome.explanation(),
            "Agreed. The Service User Panel agreed. The Staff Panel agreed. "
            "All panels agreed, so this proposal can go ahead.");
}

TEST_F(ConsensusServiceTest, ClosesWhenEveryoneHasVotedIfAskedTo) {
  const Steering s = BuildSteering(/*members=*/1);
  v1::CreateDecisionRequest req =
      Request(s.round, "", v1::DECISION_METHOD_YES_NO, v1::SECRECY_NAMED);
  req.set_close_when_all_voted(true);
  const v1::Decision d = Put(admin_, req);
  for (const Account* who :
       People{&s.su_chair, &s.su_voters[0], &s.staff_chair}) {
    ASSERT_TRUE(Vote(*who, d, v1::CHOICE_AGREE).ok());
  }
  EXPECT_EQ(Get(admin_, d).state(), v1::DECISION_STATE_VOTING);
  ASSERT_TRUE(Vote(s.staff_voters[0], d, v1::CHOICE_AGREE).ok());
  // Closed before the last ballot was answered.
  const v1::Decision closed = Get(admin_, d);
  EXPECT_EQ(closed.state(), v1::DECISION_STATE_CLOSED);
  EXPECT_EQ(closed.result(), v1::OUTCOME_RESULT_AGREED);
  EXPECT_EQ(Count("events WHERE action = 'decision.closed' AND actor_id IS "
                  "NULL"),
            1);
}

// A closing time is kept by the database, so it holds across a restart: a
// server that was down when the time came closes the decision on start.
TEST_F(ConsensusServiceTest, ClosingTimeSurvivesARestart) {
  const Steering s = BuildSteering(/*members=*/1);
  v1::CreateDecisionRequest req =
      Request(s.round, "", v1::DECISION_METHOD_YES_NO, v1::SECRECY_NAMED);
  const int64_t closes_at = absl::ToUnixSeconds(absl::Now()) + 2;
  req.set_closes_at_unix(closes_at);
  const v1::Decision d = Put(admin_, req);
  EXPECT_EQ(d.closes_at_unix(), closes_at);
  for (const Account* who : People{&s.su_chair, &s.su_voters[0], &s.staff_chair,
                                   &s.staff_voters[0]}) {
    ASSERT_TRUE(Vote(*who, d, v1::CHOICE_AGREE).ok());
  }
  StopServer();
  while (absl::ToUnixSeconds(absl::Now()) <= closes_at) {
    absl::SleepFor(absl::Milliseconds(100));
  }
  EXPECT_EQ(db_.Query("SELECT state FROM decisions WHERE id = " + d.id()),
            "VOTING");
  StartServer();
  for (int i = 0; i < 50 && Get(admin_, d).state() != v1::DECISION_STATE_CLOSED;
       ++i) {
    absl::SleepFor(absl::Milliseconds(100));
  }
  const v1::Decision closed = Get(admin_, d);
  EXPECT_EQ(closed.state(), v1::DECISION_STATE_CLOSED);
  EXPECT_EQ(closed.result(), v1::OUTCOME_RESULT_AGREED);
  EXPECT_EQ(Vote(s.su_chair, d, v1::CHOICE_DISAGREE).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
}

// Two servers on one database: a ballot cast on one reaches a watcher on
// the other, through PostgreSQL LISTEN/NOTIFY.
TEST_F(ConsensusServiceTest, LiveUpdatesReachWatchersOnEveryServer) {
  const Steering s = BuildSteering(/*members=*/1);
  const std::unique_ptr<ServerProcess> second = AnotherServer();
  ASSERT_NE(second, nullptr);
  const v1::Decision d =
      Put(admin_,
          Request(s.round, "", v1::DECISION_METHOD_YES_NO, v1::SECRECY_NAMED));
  {
    Watcher here(server_->grpc_addr(), s.su_voters[0], s.round.id());
    Watcher there(second->grpc_addr(), s.staff_voters[0], s.round.id());
    for (Watcher* w : {&here, &there}) {
      const auto started = w->WaitFor("watch.started");
      ASSERT_TRUE(started.has_value());
      EXPECT_EQ(started->round_state(), v1::ROUND_STATE_OPEN);
    }
    ASSERT_TRUE(Vote(s.su_chair, d, v1::CHOICE_AGREE).ok());  // On server 1.
    for (Watcher* w : {&here, &there}) {
      const auto cast = w->WaitFor("ballot.cast", "decision/" + d.id());
      ASSERT_TRUE(cast.has_value());
      EXPECT_EQ(cast->decision().panels(0).voted(), 1u);
      EXPECT_EQ(cast->decision().panels(0).taken_part(0), "Asha");
    }
    // Closed through server 2; both hear the outcome.
    Api other(second->grpc_addr());
    for (const Account* chair : People{&s.su_chair, &s.staff_chair}) {
      v1::CloseDecisionRequest close;
      close.set_request_id(Api::NewId());
      close.set_decision_id(d.id());
      v1::Decision ignored;
      ASSERT_TRUE(
          other.consensus()
              .CloseDecision(other.Ctx(chair->token).get(), close, &ignored)
              .ok());
    }
    for (Watcher* w : {&here, &there}) {
      const auto closed = w->WaitFor("decision.closed");
      ASSERT_TRUE(closed.has_value());
      EXPECT_EQ(closed->decision().result(), v1::OUTCOME_RESULT_NO_QUORUM);
    }
  }
  // Outsiders cannot watch.
  Api api(server_->grpc_addr());
  auto context =
      api.Ctx(api_->NewPerson(admin_, "Gus", v1::ORG_ROLE_MEMBER).token);
  v1::WatchRoundRequest req;
  req.set_round_id(s.round.id());
  auto reader = api.consensus().WatchRound(context.get(), req);
  v1::RoundUpdate update;
  EXPECT_FALSE(reader->Read(&update));
  EXPECT_EQ(reader->Finish().error_code(), grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(ConsensusServiceTest, AccessMatrixFromTheTable) {
  const Cast c = BuildRecruitment(/*open=*/true);
  ScoreAndClose(c, {{c.named, 3}, {c.anonymised, 3}});
  const v1::Decision d =
      Put(admin_, Request(c.round, c.named.id(), v1::DECISION_METHOD_YES_NO,
                          v1::SECRECY_NAMED));
  // An agreed decision with an action, so that UpdateAction's refusals are
  // the table's and not a missing action's.
  for (const Account* who :
       People{&c.su_chair, &c.su_member, &c.staff_chair, &c.staff_member}) {
    ASSERT_TRUE(Vote(*who, d, v1::CHOICE_AGREE).ok());
  }
  ASSERT_TRUE(CloseAs(c.su_chair, d).ok());
  ASSERT_TRUE(CloseAs(c.staff_chair, d).ok());
  v1::AddActionRequest add;
  add.set_request_id(Api::NewId());
  add.set_decision_id(d.id());
  add.set_what("Write to the candidate");
  add.set_owner_person_id(c.su_chair.id);
  add.set_due_unix(absl::ToUnixSeconds(absl::Now()) + 3600);
  v1::Action action;
  ASSERT_TRUE(consensus().AddAction(As(admin_).get(), add, &action).ok());
  const int calls = ExpectRefusedByTable("ConsensusService",
                                         consensus::ConsensusAccessTable(), c,
                                         {{"round_id", c.round.id()},
                                          {"decision_id", d.id()},
                                          {"candidate_id", c.anonymised.id()},
                                          {"action_id", action.id()}});
  EXPECT_GT(calls, 30);
}

}  // namespace
}  // namespace equalsay::testing
