#include "services/consensus/rules/assisted.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "services/consensus/rules/secrecy.h"

namespace equalsay::consensus {
namespace {

using Code = absl::StatusCode;
constexpr auto kSelf = v1::HOW_GIVEN_SELF;
constexpr auto kPhone = v1::HOW_GIVEN_PHONE;
const absl::Time kNow = absl::FromUnixSeconds(1'800'000'000);

v1::Decision Voting(v1::Secrecy secrecy, bool needs_confirmation) {
  v1::Decision d;
  d.set_id("7");
  d.set_run(2);
  d.set_method(v1::DECISION_METHOD_YES_NO);
  d.set_secrecy(secrecy);
  d.set_state(v1::DECISION_STATE_VOTING);
  d.set_assisted_entries_need_confirmation(needs_confirmation);
  return d;
}

v1::CastBallotForRequest Entry(v1::HowGiven how, bool asked_for_help) {
  v1::CastBallotForRequest r;
  r.set_choice(v1::CHOICE_DISAGREE);
  r.set_how(how);
  r.set_member_asked_for_help(asked_for_help);
  return r;
}

AssistMoment Moment(bool supporter, std::optional<v1::HowGiven> counted,
                    Seat seat = Seat::kVoter) {
  return {.is_supporter = supporter,
          .member = {.seat = seat, .panel_closed = false, .now = kNow},
          .counted_how = counted};
}

// Every combination of who enters, how, secrecy, the member's asking for
// help and what counts already: allowed, or refused with the code that says
// why.
TEST(CheckAssistedBallotTest, EveryCombination) {
  struct Row {
    const char* what;
    bool supporter;
    v1::HowGiven how;
    v1::Secrecy secrecy;
    bool asked_for_help;
    std::optional<v1::HowGiven> counted;
    Code want;
  };
  const auto kNamed = v1::SECRECY_NAMED;
  const auto kSecret = v1::SECRECY_SECRET;
  const Row rows[] = {
      {"named, by phone", true, kPhone, kNamed, false, std::nullopt, Code::kOk},
      {"named, on paper", true, v1::HOW_GIVEN_PAPER, kNamed, false,
       std::nullopt, Code::kOk},
      {"named, in the room", true, v1::HOW_GIVEN_IN_ROOM, kNamed, false,
       std::nullopt, Code::kOk},
      {"named, with help", true, v1::HOW_GIVEN_WITH_HELP, kNamed, true,
       std::nullopt, Code::kOk},
      {"over an earlier assisted entry", true, kPhone, kNamed, false, kPhone,
       Code::kOk},
      {"secret, member asked for help", true, kPhone, kSecret, true,
       std::nullopt, Code::kOk},
      {"secret, not asked", true, kPhone, kSecret, false, std::nullopt,
       Code::kFailedPrecondition},
      {"not their supporter", false, kPhone, kNamed, true, std::nullopt,
       Code::kPermissionDenied},
      {"not their supporter, secret", false, kPhone, kSecret, true,
       std::nullopt, Code::kPermissionDenied},
      {"marked as self-cast", true, kSelf, kNamed, false, std::nullopt,
       Code::kInvalidArgument},
      {"no way given", true, v1::HOW_GIVEN_UNSPECIFIED, kNamed, false,
       std::nullopt, Code::kInvalidArgument},
      {"over the member's own ballot", true, kPhone, kNamed, false, kSelf,
       Code::kFailedPrecondition},
      {"over the member's own secret ballot", true, kPhone, kSecret, true,
       kSelf, Code::kFailedPrecondition},
  };
  for (bool needs_confirmation : {false, true}) {
    for (const Row& row : rows) {
      const absl::Status s =
          CheckAssistedBallot(Voting(row.secrecy, needs_confirmation),
                              Moment(row.supporter, row.counted),
                              Entry(row.how, row.asked_for_help));
      EXPECT_EQ(s.code(), row.want)
          << row.what << " (confirmation needed: " << needs_confirmation
          << "): " << s;
    }
  }
}

TEST(CheckAssistedBallotTest, TheMembersPlaceAndTheDecisionStillDecide) {
  const v1::Decision d = Voting(v1::SECRECY_NAMED, false);
  const v1::CastBallotForRequest entry = Entry(kPhone, false);
  EXPECT_EQ(
      CheckAssistedBallot(d, Moment(true, std::nullopt, Seat::kRecused), entry)
          .code(),
      Code::kFailedPrecondition);
  EXPECT_EQ(
      CheckAssistedBallot(d, Moment(true, std::nullopt, Seat::kNotVoter), entry)
          .code(),
      Code::kFailedPrecondition);
  v1::Decision closed = d;
  closed.set_state(v1::DECISION_STATE_CLOSED);
  EXPECT_EQ(
      CheckAssistedBallot(closed, Moment(true, std::nullopt), entry).code(),
      Code::kFailedPrecondition);
  v1::Decision timed = d;
  timed.set_closes_at_unix(absl::ToUnixSeconds(kNow));
  EXPECT_EQ(
      CheckAssistedBallot(timed, Moment(true, std::nullopt), entry).code(),
      Code::kFailedPrecondition);
  AssistMoment panel_closed = Moment(true, std::nullopt);
  panel_closed.member.panel_closed = true;
  EXPECT_EQ(CheckAssistedBallot(d, panel_closed, entry).code(),
            Code::kFailedPrecondition);
  v1::CastBallotForRequest consent_choice = entry;
  consent_choice.set_choice(v1::CHOICE_OBJECT);  // Not a yes-or-no choice.
  EXPECT_EQ(
      CheckAssistedBallot(d, Moment(true, std::nullopt), consent_choice).code(),
      Code::kInvalidArgument);
  // The refusal for a secret ballot names the field that records the ask.
  EXPECT_NE(CheckAssistedBallot(Voting(v1::SECRECY_SECRET, false),
                                Moment(true, std::nullopt), entry)
                .message()
                .find("member_asked_for_help"),
            std::string::npos);
}

TEST(CountsAtOnceTest, FollowsTheDecisionsFrozenSetting) {
  EXPECT_TRUE(CountsAtOnce(Voting(v1::SECRECY_NAMED, false)));
  EXPECT_FALSE(CountsAtOnce(Voting(v1::SECRECY_NAMED, true)));
}

AssistedBallot Stored(bool confirmed) {
  return {.how = kPhone,
          .entered_by = PersonId(9),
          .entered_by_name = "Hana",
          .choice = v1::CHOICE_DISAGREE,
          .reason = "as Ben said",
          .entered_at = 1'800'000'100,
          .confirmed = confirmed};
}

v1::Ballot Counted(v1::HowGiven how, v1::Choice choice) {
  v1::Ballot b;
  b.set_decision_id("7");
  b.set_run(2);
  b.set_choice(choice);
  b.set_version(3);
  b.set_how(how);
  if (how != kSelf) b.set_entered_by_name("Hana");
  return b;
}

TEST(CheckConfirmingTest, OnlyAnUnconfirmedEntryStillStanding) {
  const v1::Decision d = Voting(v1::SECRECY_SECRET, true);
  const BallotMoment voter{.seat = Seat::kVoter, .now = kNow};
  EXPECT_TRUE(CheckConfirming(d, voter, Stored(false), std::nullopt).ok());
  EXPECT_TRUE(CheckConfirming(d, voter, Stored(false), kPhone).ok());
  EXPECT_EQ(CheckConfirming(d, voter, std::nullopt, std::nullopt).code(),
            Code::kNotFound);
  EXPECT_EQ(CheckConfirming(d, voter, Stored(true), kPhone).code(),
            Code::kFailedPrecondition);
  EXPECT_EQ(CheckConfirming(d, voter, Stored(false), kSelf).code(),
            Code::kFailedPrecondition);
  v1::Decision closed = d;
  closed.set_state(v1::DECISION_STATE_CLOSED);
  EXPECT_EQ(CheckConfirming(closed, voter, Stored(false), kPhone).code(),
            Code::kFailedPrecondition);
}

// What the member sees, for each mix of the ballot that counts, the entry
// made for them and the decision's setting.
TEST(MemberBallotViewTest, EveryMix) {
  struct Row {
    const char* what;
    bool needs_confirmation;
    std::optional<v1::Ballot> counted;
    std::optional<AssistedBallot> entry;
    bool shown;
    bool awaiting;
    v1::HowGiven how;
    bool confirmed;
    v1::Choice choice;
  };
  const auto kAgree = v1::CHOICE_AGREE;
  const auto kDisagree = v1::CHOICE_DISAGREE;
  const Row rows[] = {
      {"nothing", false, std::nullopt, std::nullopt, false},
      {"own ballot", false, Counted(kSelf, kAgree), std::nullopt, true, false,
       kSelf, false, kAgree},
      {"counted entry", false, Counted(kPhone, kDisagree), Stored(false), true,
       false, kPhone, false, kDisagree},
      {"counted entry, confirmed", false, Counted(kPhone, kDisagree),
       Stored(true), true, false, kPhone, true, kDisagree},
      {"entry replaced by own ballot", false, Counted(kSelf, kAgree),
       Stored(false), true, false, kSelf, false, kAgree},
      {"entry waiting", true, std::nullopt, Stored(false), true, true, kPhone,
       false, kDisagree},
      {"entry waiting over a confirmed one", true, Counted(kPhone, kAgree),
       Stored(false), true, true, kPhone, false, kDisagree},
      {"entry confirmed, so counted", true, Counted(kPhone, kDisagree),
       Stored(true), true, false, kPhone, true, kDisagree},
      {"waiting entry replaced by own ballot", true, Counted(kSelf, kAgree),
       Stored(false), true, false, kSelf, false, kAgree},
  };
  for (const Row& row : rows) {
    const std::optional<v1::Ballot> view =
        MemberBallotView(Voting(v1::SECRECY_SECRET, row.needs_confirmation),
                         row.counted, row.entry);
    ASSERT_EQ(view.has_value(), row.shown) << row.what;
    if (!view.has_value()) continue;
    EXPECT_EQ(view->awaiting_confirmation(), row.awaiting) << row.what;
    EXPECT_EQ(view->how(), row.how) << row.what;
    EXPECT_EQ(view->confirmed(), row.confirmed) << row.what;
    EXPECT_EQ(view->choice(), row.choice) << row.what;
    EXPECT_EQ(view->entered_by_name(), row.how == kSelf ? "" : "Hana")
        << row.what;
    // An entry still waiting has no version: it is not a ballot yet.
    EXPECT_EQ(view->version() == 0, row.awaiting) << row.what;
  }
}

TEST(ShowsAssistedCountsTest, OnlyOnceClosedAndWhereTurnoutMayShow) {
  v1::Outcome shown, withheld;
  shown.add_panels();
  shown.add_panels();
  withheld = shown;
  withheld.mutable_panels(1)->set_counts_withheld(true);
  v1::Decision named = Voting(v1::SECRECY_NAMED, false);
  v1::Decision secret = Voting(v1::SECRECY_SECRET, false);
  EXPECT_FALSE(ShowsAssistedCounts(named, shown));  // Still voting.
  named.set_state(v1::DECISION_STATE_CLOSED);
  secret.set_state(v1::DECISION_STATE_CLOSED);
  EXPECT_TRUE(ShowsAssistedCounts(named, withheld));
  EXPECT_TRUE(ShowsAssistedCounts(secret, shown));
  EXPECT_FALSE(ShowsAssistedCounts(secret, withheld));
}

TEST(HowGivenWordsTest, EveryAssistedWaySaysWhoEnteredIt) {
  for (v1::HowGiven how : {v1::HOW_GIVEN_IN_ROOM, v1::HOW_GIVEN_PHONE,
                           v1::HOW_GIVEN_PAPER, v1::HOW_GIVEN_WITH_HELP}) {
    EXPECT_NE(HowGivenWords(how).find("supporter"), std::string::npos) << how;
  }
}

}  // namespace
}  // namespace equalsay::consensus
