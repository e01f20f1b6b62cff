// Paper ballots counted in the room (DESIGN.md rule 9), over a real port on
// real PostgreSQL: two people of a panel count, and the papers count only
// when both counts agree; the members who voted on paper have taken part and
// vote no other way; counts that do not fit the members still to vote are
// refused; both counts are events, and neither shows the counts.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <thread>

#include "tests/integration/consensus/consensus_fixture.h"

namespace equalsay::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class PaperBallotTest : public ConsensusServiceTest {
 protected:
  v1::Decision Secret(const Steering& s, bool close_when_all_voted = false) {
    v1::CreateDecisionRequest req =
        Request(s.round, "", v1::DECISION_METHOD_YES_NO, v1::SECRECY_SECRET);
    req.set_close_when_all_voted(close_when_all_voted);
    return Put(admin_, req);
  }
  int64_t PaperBallots(const v1::Decision& d) {
    return Count("ballots WHERE how = 'PAPER_COUNT' AND decision_id = " +
                 d.id());
  }
};

TEST_F(PaperBallotTest, TwoCountsThatAgreeCountThePapers) {
  // Five voters in the Service User Panel, and the round publishes the
  // counts of secret decisions in panels that large: the tally shows.
  const Steering s = BuildSteering(/*members=*/4, /*publish=*/true);
  const Account& amy = s.su_voters[0];
  const Account& ben = s.su_voters[1];
  const Account& cat = s.su_voters[2];
  const v1::Decision d = Secret(s);
  ASSERT_TRUE(Vote(s.su_voters[3], d, v1::CHOICE_AGREE).ok());

  // The co-chair counts first; nothing counts yet, and Ben could still vote.
  v1::Decision shown;
  ASSERT_TRUE(CountPaper(s.su_chair, d, {&amy, &ben, &cat},
                         {.agree = 2, .disagree = 1}, &shown)
                  .ok());
  EXPECT_EQ(shown.panels(0).paper_count(),
            v1::PAPER_COUNT_STATE_AWAITING_SECOND);
  EXPECT_THAT(shown.panels(0).paper_counted_by(),
              ::testing::ElementsAre("Asha"));
  EXPECT_EQ(PaperBallots(d), 0);
  // The panel's members hear that a second count is needed; Asha does not.
  EXPECT_THAT(ToDo(ben), HasSubstr("Count the paper ballots again on 1 "));
  EXPECT_THAT(ToDo(s.su_chair), Not(HasSubstr("paper ballots")));
  EXPECT_THAT(ToDo(s.staff_voters[0]), Not(HasSubstr("paper ballots")));

  // A second count that differs counts nothing, and is recorded for all to
  // see: no second count is taken again until Asha counts afresh, so nobody
  // can try count after count until one matches.
  ASSERT_TRUE(CountPaper(ben, d, {&amy, &ben, &cat},
                         {.agree = 1, .disagree = 2}, &shown)
                  .ok());
  EXPECT_EQ(shown.panels(0).paper_count(), v1::PAPER_COUNT_STATE_COUNTS_DIFFER);
  EXPECT_THAT(shown.panels(0).paper_counted_by(),
              ::testing::ElementsAre("Asha", "Member S1"));
  EXPECT_EQ(PaperBallots(d), 0);
  EXPECT_EQ(Count("paper_counts WHERE checked_by IS NOT NULL"), 0);
  const grpc::Status second_try =
      CountPaper(ben, d, {&amy, &ben, &cat}, {.agree = 2, .disagree = 1});
  EXPECT_EQ(second_try.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_THAT(second_try.error_message(), HasSubstr("differed"));
  // Nobody is told to count second meanwhile: only a co-chair can act now,
  // and the co-chair is told so.
  EXPECT_THAT(ToDo(cat), Not(HasSubstr("paper ballots")));
  EXPECT_THAT(ToDo(s.su_chair),
              HasSubstr("The two counts of the paper ballots differed on 1 "
                        "decision"));
  ASSERT_TRUE(CountPaper(s.su_chair, d, {&amy, &ben, &cat},
                         {.agree = 2, .disagree = 1}, &shown)
                  .ok());
  EXPECT_EQ(shown.panels(0).paper_count(),
            v1::PAPER_COUNT_STATE_AWAITING_SECOND);
  EXPECT_THAT(ToDo(s.su_chair), Not(HasSubstr("differed")));

  // The same count from Ben: the papers count now.
  ASSERT_TRUE(CountPaper(ben, d, {&cat, &amy, &ben},
                         {.agree = 2, .disagree = 1}, &shown)
                  .ok());
  EXPECT_EQ(shown.panels(0).paper_count(), v1::PAPER_COUNT_STATE_COUNTED);
  EXPECT_THAT(shown.panels(0).paper_counted_by(),
              ::testing::ElementsAre("Asha", "Member S1"));
  EXPECT_EQ(shown.panels(0).voted(), 4u);
  EXPECT_EQ(PaperBallots(d), 3);
  EXPECT_THAT(ToDo(ben), Not(HasSubstr("paper ballots")));

  // Those who voted on paper vote no other way, and nobody enters a ballot
  // for them.
  const grpc::Status again = Vote(amy, d, v1::CHOICE_DISAGREE);
  EXPECT_EQ(again.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(again.error_message(), HasSubstr("voted on paper"));
  const Account hana = api_->NewPerson(admin_, "Hana", v1::ORG_ROLE_MEMBER);
  ASSERT_TRUE(NameSupporter(s.round, cat, hana).ok());
  EXPECT_EQ(VoteFor(hana, cat, d, v1::CHOICE_DISAGREE).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  // Amy sees that her paper counted, and no choice: nobody knows it.
  v1::GetMyBallotRequest mine;
  mine.set_decision_id(d.id());
  v1::Ballot ballot;
  ASSERT_TRUE(consensus().GetMyBallot(As(amy).get(), mine, &ballot).ok());
  EXPECT_EQ(ballot.how(), v1::HOW_GIVEN_PAPER_COUNT);
  EXPECT_EQ(ballot.choice(), v1::CHOICE_UNSPECIFIED);
  // The papers are counted once.
  EXPECT_EQ(CountPaper(s.su_chair, d, {&amy}, {.agree = 1}).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);

  ASSERT_TRUE(Vote(s.su_chair, d, v1::CHOICE_DISAGREE).ok());
  for (const Account* who :
       People{&s.staff_chair, &s.staff_voters[0], &s.staff_voters[1]}) {
    ASSERT_TRUE(Vote(*who, d, v1::CHOICE_AGREE).ok());
  }
  ASSERT_TRUE(CloseAs(s.su_chair, d).ok());
  ASSERT_TRUE(CloseAs(s.staff_chair, d).ok());
  v1::Outcome outcome;
  ASSERT_TRUE(OutcomeOf(s.staff_voters[0], d, &outcome).ok());
  EXPECT_EQ(outcome.panels(0).agree(), 3u);     // Two papers and one ballot.
  EXPECT_EQ(outcome.panels(0).disagree(), 2u);  // One paper and one ballot.
  EXPECT_EQ(outcome.panels(0).voted(), 5u);
  EXPECT_EQ(outcome.result(), v1::OUTCOME_RESULT_AGREED);

  // Both counts are events; neither holds the counts.
  EXPECT_EQ(Count("events WHERE action = 'paper_count.entered'"), 2);
  EXPECT_EQ(Count("events WHERE action = 'paper_count.differed'"), 1);
  EXPECT_EQ(Count("events WHERE action = 'paper_count.agreed' AND "
                  "payload->>'papers' = '3'"),
            1);
  EXPECT_EQ(Count("events WHERE action LIKE 'paper_count.%' AND "
                  "(payload ? 'agree' OR payload ? 'disagree')"),
            0);
  v1::GetMinutesRequest minutes_req;
  minutes_req.set_round_id(s.round.id());
  v1::Minutes minutes;
  ASSERT_TRUE(
      consensus().GetMinutes(As(admin_).get(), minutes_req, &minutes).ok());
  EXPECT_THAT(minutes.markdown(),
              HasSubstr("paper ballots were counted in the room by Asha and "
                        "Member S1"));
}

TEST_F(PaperBallotTest, CountsThatDoNotFitTheMembersStillToVoteAreRefused) {
  const Steering s = BuildSteering(/*members=*/3);
  const Account& amy = s.su_voters[0];
  const Account& ben = s.su_voters[1];
  const Account& cat = s.su_voters[2];
  const v1::Decision d = Secret(s);
  ASSERT_TRUE(Vote(amy, d, v1::CHOICE_AGREE).ok());

  struct Refusal {
    const char* what;
    const Account* counter;
    People voters;
    Papers papers;
    grpc::StatusCode code;
    const char* says;
  };
  const Refusal refusals[] = {
      {"a member who voted already",
       &s.su_chair,
       {&amy, &ben},
       {.agree = 2},
       grpc::StatusCode::FAILED_PRECONDITION,
       "Member S0 has already voted"},
      {"more papers than members listed",
       &s.su_chair,
       {&ben, &cat},
       {.agree = 2, .disagree = 1},
       grpc::StatusCode::INVALID_ARGUMENT,
       "The counts add up to 3, but 2 members are listed"},
      {"more papers than members still to vote",
       &s.su_chair,
       {&ben, &cat, &s.su_chair, &amy},
       {.agree = 4},
       grpc::StatusCode::FAILED_PRECONDITION,
       "has already voted"},
      {"a member of the other panel",
       &s.su_chair,
       {&ben, &s.staff_voters[0]},
       {.agree = 2},
       grpc::StatusCode::FAILED_PRECONDITION,
       "is not a voting member of your panel"},
      {"a first count by a member, not a co-chair",
       &ben,
       {&ben, &cat},
       {.agree = 2},
       grpc::StatusCode::PERMISSION_DENIED,
       "co-chair"},
      {"nobody listed",
       &s.su_chair,
       {},
       {},
       grpc::StatusCode::INVALID_ARGUMENT,
       "voter_person_ids"},
  };
  for (const Refusal& r : refusals) {
    const grpc::Status status = CountPaper(*r.counter, d, r.voters, r.papers);
    EXPECT_EQ(status.error_code(), r.code) << r.what;
    EXPECT_THAT(status.error_message(), HasSubstr(r.says)) << r.what;
  }
  EXPECT_EQ(Count("paper_counts"), 0);
  EXPECT_EQ(Count("events WHERE action LIKE 'paper_count.%'"), 0);

  // A named decision has no paper count: each paper is entered for its
  // member by their supporter instead.
  const v1::Decision named =
      Put(admin_,
          Request(s.round, "", v1::DECISION_METHOD_YES_NO, v1::SECRECY_NAMED));
  EXPECT_EQ(CountPaper(s.su_chair, named, {&ben}, {.agree = 1}).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);

  // A member who votes while the second count is awaited makes that count
  // refused: their paper cannot count as well.
  ASSERT_TRUE(CountPaper(s.su_chair, d, {&ben, &cat}, {.agree = 2}).ok());
  ASSERT_TRUE(Vote(cat, d, v1::CHOICE_DISAGREE).ok());
  const grpc::Status late = CountPaper(ben, d, {&ben, &cat}, {.agree = 2});
  EXPECT_EQ(late.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(late.error_message(), HasSubstr("Member S2 has already voted"));
  // The co-chair counts again without Cat's paper, and Ben agrees.
  ASSERT_TRUE(CountPaper(s.su_chair, d, {&ben}, {.agree = 1}).ok());
  ASSERT_TRUE(CountPaper(ben, d, {&ben}, {.agree = 1}).ok());
  EXPECT_EQ(PaperBallots(d), 1);

  // After the close, nothing is counted.
  const v1::Decision closing = Secret(s);
  ASSERT_TRUE(CountPaper(s.su_chair, closing, {&ben}, {.agree = 1}).ok());
  ASSERT_TRUE(CloseAs(s.su_chair, closing).ok());
  EXPECT_EQ(CountPaper(ben, closing, {&ben}, {.agree = 1}).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(PaperBallots(closing), 0);
}

TEST_F(PaperBallotTest, ARetriedCountIsAnsweredOnceAndCountedOnce) {
  const Steering s = BuildSteering(/*members=*/2);
  const v1::Decision d = Secret(s);
  v1::CountPaperBallotsRequest req;
  req.set_request_id(Api::NewId());
  req.set_decision_id(d.id());
  req.add_voter_person_ids(s.su_voters[0].id);
  req.set_abstain(1);
  v1::Decision first, again;
  ASSERT_TRUE(
      consensus().CountPaperBallots(As(s.su_chair).get(), req, &first).ok());
  req.set_request_id(Api::NewId());
  ASSERT_TRUE(consensus()
                  .CountPaperBallots(As(s.su_voters[1]).get(), req, &first)
                  .ok());
  ASSERT_TRUE(consensus()
                  .CountPaperBallots(As(s.su_voters[1]).get(), req, &again)
                  .ok());
  EXPECT_EQ(again.SerializeAsString(), first.SerializeAsString());
  EXPECT_EQ(Count("events WHERE action = 'paper_count.agreed'"), 1);
  EXPECT_EQ(PaperBallots(d), 1);
}

// The last papers close a decision that closes when everyone has voted.
TEST_F(PaperBallotTest, TheLastPapersCloseADecisionWhenEveryoneHasVoted) {
  const Steering s = BuildSteering(/*members=*/2);
  const v1::Decision d = Secret(s, /*close_when_all_voted=*/true);
  for (const Account* who : People{&s.su_chair, &s.staff_chair,
                                   &s.staff_voters[0], &s.staff_voters[1]}) {
    ASSERT_TRUE(Vote(*who, d, v1::CHOICE_AGREE).ok());
  }
  const People papers = {&s.su_voters[0], &s.su_voters[1]};
  ASSERT_TRUE(CountPaper(s.su_chair, d, papers, {.agree = 2}).ok());
  ASSERT_TRUE(CountPaper(s.su_voters[0], d, papers, {.agree = 2}).ok());
  v1::Outcome outcome;
  for (int i = 0; i < 100 && !OutcomeOf(admin_, d, &outcome).ok(); ++i) {
    absl::SleepFor(absl::Milliseconds(50));
  }
  EXPECT_EQ(outcome.result(), v1::OUTCOME_RESULT_AGREED);
}

// Rule 5 for paper: a member's own ballot racing the second count is either
// the one that counts, or refused; never both, never neither.
TEST_F(PaperBallotTest, ABallotRacingTheSecondCountCountsOnceExactly) {
  const Steering s = BuildSteering(/*members=*/2);
  const Account& amy = s.su_voters[0];
  const Account& ben = s.su_voters[1];
  int papers_won = 0, ballots_won = 0;
  for (int i = 0; i < 8; ++i) {
    const v1::Decision d = Secret(s);
    ASSERT_TRUE(CountPaper(s.su_chair, d, {&amy}, {.agree = 1}).ok());
    grpc::Status counted, voted;
    std::thread count([&] {
      Api api(server_->grpc_addr());
      v1::CountPaperBallotsRequest req;
      req.set_request_id(Api::NewId());
      req.set_decision_id(d.id());
      req.add_voter_person_ids(amy.id);
      req.set_agree(1);
      v1::Decision out;
      counted = api.consensus().CountPaperBallots(api.Ctx(ben.token).get(), req,
                                                  &out);
    });
    voted = Vote(amy, d, v1::CHOICE_DISAGREE);
    count.join();
    ASSERT_NE(counted.ok(), voted.ok())
        << counted.error_message() << " / " << voted.error_message();
    EXPECT_EQ(Count("ballots WHERE decision_id = " + d.id()), 1);
    EXPECT_EQ(PaperBallots(d), counted.ok() ? 1 : 0);
    (counted.ok() ? papers_won : ballots_won) += 1;
  }
  EXPECT_EQ(papers_won + ballots_won, 8);
}

}  // namespace
}  // namespace equalsay::testing
