#include "services/consensus/rules/paper_count.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "services/consensus/rules/assisted.h"

namespace equalsay::consensus {
namespace {

using Code = absl::StatusCode;
const absl::Time kNow = absl::FromUnixSeconds(1'800'000'000);
const PanelId kPanel{4};
const PanelId kOtherPanel{5};
const PersonId kCoChair{10};
const PersonId kSecond{11};
const PersonId kAmy{21}, kBen{22}, kCat{23};

v1::Decision Voting(v1::Secrecy secrecy = v1::SECRECY_SECRET,
                    v1::DecisionMethod method = v1::DECISION_METHOD_YES_NO) {
  v1::Decision d;
  d.set_id("7");
  d.set_run(1);
  d.set_method(method);
  d.set_secrecy(secrecy);
  d.set_state(v1::DECISION_STATE_VOTING);
  return d;
}

PaperVoter Listed(PersonId id, std::string name) {
  return {.id = id,
          .display_name = std::move(name),
          .seat = Seat::kVoter,
          .panel_id = kPanel};
}

PaperMoment Moment(bool co_chair = true) {
  return {.panel_id = kPanel,
          .co_chair = co_chair,
          .now = kNow,
          .voters = {Listed(kAmy, "Amy"), Listed(kBen, "Ben"),
                     Listed(kCat, "Cat")}};
}

const std::vector<PersonId> kThree = {kAmy, kBen, kCat};
const PaperTally kTwoToOne{.agree = 2, .disagree = 1};

PaperCount FirstBy(PersonId who, PaperTally tally = kTwoToOne) {
  return {.voters = kThree,
          .tally = tally,
          .counted_by = who,
          .counted_by_name = "Dee Counter"};
}

Code CodeOf(const absl::StatusOr<PaperStep>& step) {
  return step.status().code();
}

TEST(CheckPaperCountTest, CoChairCountsFirstAndASecondPersonAgrees) {
  EXPECT_EQ(*CheckPaperCount(Voting(), Moment(), kCoChair, kThree, kTwoToOne),
            PaperStep::kFirstCount);
  PaperMoment second = Moment(/*co_chair=*/false);
  second.standing = FirstBy(kCoChair);
  EXPECT_EQ(*CheckPaperCount(Voting(), second, kSecond, kThree, kTwoToOne),
            PaperStep::kSecondCount);
}

TEST(CheckPaperCountTest, TheFirstCounterMayCountAgainUntilChecked) {
  PaperMoment again = Moment();
  again.standing = FirstBy(kCoChair, {.agree = 3});
  EXPECT_EQ(*CheckPaperCount(Voting(), again, kCoChair, kThree, kTwoToOne),
            PaperStep::kFirstCount);
}

TEST(CheckPaperCountTest, OnlyACoChairCountsFirst) {
  EXPECT_EQ(CodeOf(CheckPaperCount(Voting(), Moment(/*co_chair=*/false),
                                   kSecond, kThree, kTwoToOne)),
            Code::kPermissionDenied);
}

// A second count that differs is recorded, not refused, and stops second
// counts until a co-chair counts afresh: nobody can try count after count
// until one matches, and so learn a secret count.
TEST(CheckPaperCountTest,
     ASecondCountThatDiffersStopsSecondCountsUntilARecount) {
  PaperMoment second = Moment(false);
  second.standing = FirstBy(kCoChair);
  EXPECT_EQ(*CheckPaperCount(Voting(), second, kSecond, kThree,
                             {.agree = 1, .disagree = 2}),
            PaperStep::kSecondDiffers);
  second.voters.pop_back();
  EXPECT_EQ(*CheckPaperCount(Voting(), second, kSecond, {kAmy, kBen},
                             {.agree = 1, .disagree = 1}),
            PaperStep::kSecondDiffers);

  PaperMoment differed = Moment(false);
  differed.standing = FirstBy(kCoChair);
  differed.standing->differed = true;
  const absl::StatusOr<PaperStep> again =
      CheckPaperCount(Voting(), differed, kSecond, kThree, kTwoToOne);
  EXPECT_EQ(CodeOf(again), Code::kPermissionDenied);
  EXPECT_NE(again.status().message().find("differed"), std::string::npos);
  // A co-chair, the first counter or another, counts afresh.
  differed.co_chair = true;
  EXPECT_EQ(*CheckPaperCount(Voting(), differed, kCoChair, kThree, kTwoToOne),
            PaperStep::kFirstCount);
  EXPECT_EQ(*CheckPaperCount(Voting(), differed, kSecond, kThree, kTwoToOne),
            PaperStep::kFirstCount);
}

TEST(CheckPaperCountTest, PapersCountedOnceAreNotCountedAgain) {
  PaperMoment done = Moment();
  done.standing = FirstBy(kSecond);
  done.standing->checked = true;
  EXPECT_EQ(
      CodeOf(CheckPaperCount(Voting(), done, kCoChair, kThree, kTwoToOne)),
      Code::kFailedPrecondition);
}

// Counts more than the members listed, who are all that have not voted
// another way, are refused; so are fewer.
TEST(CheckPaperCountTest, CountsMustBeOnePaperPerMemberListed) {
  for (const PaperTally& wrong : {PaperTally{.agree = 3, .disagree = 1},
                                  PaperTally{.agree = 2}, PaperTally{}}) {
    const absl::StatusOr<PaperStep> step =
        CheckPaperCount(Voting(), Moment(), kCoChair, kThree, wrong);
    EXPECT_EQ(CodeOf(step), Code::kInvalidArgument);
    EXPECT_NE(step.status().message().find("listed as handing in a paper"),
              std::string::npos);
  }
}

TEST(CheckPaperCountTest, CountsOnlyTheMethodsChoices) {
  EXPECT_EQ(CodeOf(CheckPaperCount(Voting(), Moment(), kCoChair, kThree,
                                   {.agree = 2, .object = 1})),
            Code::kInvalidArgument);
  const v1::Decision consent =
      Voting(v1::SECRECY_SECRET, v1::DECISION_METHOD_CONSENT);
  const absl::StatusOr<PaperStep> refused =
      CheckPaperCount(consent, Moment(), kCoChair, kThree, kTwoToOne);
  EXPECT_EQ(CodeOf(refused), Code::kInvalidArgument);
  EXPECT_EQ(refused.status().message().rfind("disagree: ", 0), 0u);
  EXPECT_TRUE(CheckPaperCount(consent, Moment(), kCoChair, kThree,
                              {.agree = 1, .stand_aside = 1, .object = 1})
                  .ok());
}

// Each listed person must be a voting member of the counter's panel who has
// not voted any other way in this run.
TEST(CheckPaperCountTest, EveryoneListedMayStillVoteInThisPanel) {
  struct Row {
    const char* what;
    PaperVoter ben;
  };
  const Row rows[] = {
      {"voted electronically",
       {.id = kBen,
        .display_name = "Ben",
        .seat = Seat::kVoter,
        .panel_id = kPanel,
        .voted = true}},
      {"on the other panel",
       {.id = kBen,
        .display_name = "Ben",
        .seat = Seat::kVoter,
        .panel_id = kOtherPanel}},
      {"recused",
       {.id = kBen,
        .display_name = "Ben",
        .seat = Seat::kRecused,
        .panel_id = kPanel}},
      {"not a voter", {.id = kBen, .display_name = "Ben"}},
  };
  for (const Row& row : rows) {
    PaperMoment moment = Moment();
    moment.voters[1] = row.ben;
    const absl::StatusOr<PaperStep> step =
        CheckPaperCount(Voting(), moment, kCoChair, kThree, kTwoToOne);
    EXPECT_EQ(CodeOf(step), Code::kFailedPrecondition) << row.what;
    EXPECT_EQ(step.status().message().rfind("voter_person_ids: Ben ", 0), 0u)
        << row.what << ": " << step.status().message();
  }
}

TEST(CheckPaperCountTest, OnlySecretDecisionsStillVoting) {
  EXPECT_EQ(CodeOf(CheckPaperCount(Voting(v1::SECRECY_NAMED), Moment(),
                                   kCoChair, kThree, kTwoToOne)),
            Code::kFailedPrecondition);
  v1::Decision closed = Voting();
  closed.set_state(v1::DECISION_STATE_CLOSED);
  EXPECT_EQ(
      CodeOf(CheckPaperCount(closed, Moment(), kCoChair, kThree, kTwoToOne)),
      Code::kFailedPrecondition);
  v1::Decision timed = Voting();
  timed.set_closes_at_unix(absl::ToUnixSeconds(kNow));
  EXPECT_EQ(
      CodeOf(CheckPaperCount(timed, Moment(), kCoChair, kThree, kTwoToOne)),
      Code::kFailedPrecondition);
  PaperMoment panel_closed = Moment();
  panel_closed.panel_closed = true;
  EXPECT_EQ(CodeOf(CheckPaperCount(Voting(), panel_closed, kCoChair, kThree,
                                   kTwoToOne)),
            Code::kFailedPrecondition);
}

TEST(ParsePaperVotersTest, SortedWithoutRepeats) {
  v1::CountPaperBallotsRequest request;
  EXPECT_EQ(ParsePaperVoters(request).status().code(), Code::kInvalidArgument);
  request.add_voter_person_ids("23");
  request.add_voter_person_ids("21");
  EXPECT_EQ(*ParsePaperVoters(request),
            (std::vector<PersonId>{PersonId(21), PersonId(23)}));
  request.add_voter_person_ids("23");
  const auto twice = ParsePaperVoters(request);
  EXPECT_EQ(twice.status().code(), Code::kInvalidArgument);
  EXPECT_NE(twice.status().message().find("listed twice"), std::string::npos);
  request.set_voter_person_ids(2, "x");
  EXPECT_EQ(
      ParsePaperVoters(request).status().message().rfind("voter_person_ids", 0),
      0u);
}

// Once the paper is counted the member can no longer vote, confirm or have
// a ballot entered for them, and their view shows the paper.
TEST(PaperVoterTest, VotesNoOtherWayAfterwards) {
  const BallotMoment paper{
      .seat = Seat::kVoter, .voted_on_paper = true, .now = kNow};
  v1::CastBallotRequest own;
  own.set_choice(v1::CHOICE_AGREE);
  EXPECT_EQ(CheckBallot(Voting(), paper, own).code(),
            Code::kFailedPrecondition);

  v1::CastBallotForRequest entry;
  entry.set_choice(v1::CHOICE_AGREE);
  entry.set_how(v1::HOW_GIVEN_PHONE);
  entry.set_member_asked_for_help(true);
  const absl::Status entered =
      CheckAssistedBallot(Voting(),
                          {.is_supporter = true,
                           .member = paper,
                           .counted_how = v1::HOW_GIVEN_PAPER_COUNT},
                          entry);
  EXPECT_EQ(entered.code(), Code::kFailedPrecondition);
  EXPECT_EQ(entered.message().rfind("member_person_id: ", 0), 0u);

  // An entry waiting for confirmation before the member voted on paper no
  // longer waits: the paper is what they see, and there is nothing to
  // confirm.
  v1::Decision needs = Voting();
  needs.set_assisted_entries_need_confirmation(true);
  v1::Ballot counted;
  counted.set_how(v1::HOW_GIVEN_PAPER_COUNT);
  const AssistedBallot waiting{.how = v1::HOW_GIVEN_PHONE,
                               .choice = v1::CHOICE_AGREE};
  const std::optional<v1::Ballot> seen =
      MemberBallotView(needs, counted, waiting);
  ASSERT_TRUE(seen.has_value());
  EXPECT_EQ(seen->how(), v1::HOW_GIVEN_PAPER_COUNT);
  EXPECT_FALSE(seen->awaiting_confirmation());
  EXPECT_EQ(
      CheckConfirming(needs, paper, waiting, v1::HOW_GIVEN_PAPER_COUNT).code(),
      Code::kFailedPrecondition);
}

}  // namespace
}  // namespace equalsay::consensus
