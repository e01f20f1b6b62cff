#include "services/consensus/rules/actions.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace equalsay::consensus {
namespace {

using ::testing::HasSubstr;
using Code = absl::StatusCode;
constexpr int64_t kNow = 1'800'000'000;
constexpr int64_t kDay = 24 * 3600;

v1::Decision Closed(v1::OutcomeResult result) {
  v1::Decision d;
  d.set_state(v1::DECISION_STATE_CLOSED);
  d.set_result(result);
  return d;
}

v1::AddActionRequest Adding(const std::string& what, int64_t due) {
  v1::AddActionRequest r;
  r.set_what(what);
  r.set_due_unix(due);
  return r;
}

v1::Action Action(v1::ActionState state, int64_t due = kNow + kDay) {
  v1::Action a;
  a.set_what("Open the drop-in on Saturdays");
  a.set_owner_name("Sam");
  a.set_due_unix(due);
  a.set_state(state);
  return a;
}

v1::UpdateActionRequest Update(v1::ActionState state, const std::string& note) {
  v1::UpdateActionRequest r;
  r.set_state(state);
  r.set_note(note);
  return r;
}

TEST(CheckNewActionTest, OnlyAfterAnAgreedDecisionWithWhatAndAFutureDate) {
  const v1::Decision agreed = Closed(v1::OUTCOME_RESULT_AGREED);
  EXPECT_TRUE(
      CheckNewAction(agreed, Adding("Open on Saturdays", kNow + kDay), kNow)
          .ok());
  for (auto result : {v1::OUTCOME_RESULT_VETOED, v1::OUTCOME_RESULT_NOT_AGREED,
                      v1::OUTCOME_RESULT_NO_QUORUM}) {
    EXPECT_EQ(
        CheckNewAction(Closed(result), Adding("x", kNow + kDay), kNow).code(),
        Code::kFailedPrecondition);
  }
  v1::Decision open;
  open.set_state(v1::DECISION_STATE_VOTING);
  EXPECT_EQ(CheckNewAction(open, Adding("x", kNow + kDay), kNow).code(),
            Code::kFailedPrecondition);

  struct Row {
    v1::AddActionRequest request;
    const char* field;
  };
  const Row rows[] = {
      {Adding("", kNow + kDay), "what"},
      {Adding(std::string(kMaxActionText + 1, 'a'), kNow + kDay), "what"},
      {Adding("x", 0), "due_unix: say by when"},
      {Adding("x", kNow), "due_unix: that date has passed"},
      {Adding("x", kNow + kMaxActionSeconds + 1), "due_unix: at most"},
  };
  for (const Row& row : rows) {
    const absl::Status s = CheckNewAction(agreed, row.request, kNow);
    EXPECT_EQ(s.code(), Code::kInvalidArgument) << row.field;
    EXPECT_THAT(std::string(s.message()), HasSubstr(row.field));
  }
}

// Who may update, from which state to which, and what note each needs.
TEST(CheckActionUpdateTest, EveryCombination) {
  struct Row {
    const char* what;
    v1::ActionState from;
    bool owner, for_round;
    v1::ActionState to;
    std::string note;
    Code want;
  };
  const auto kNot = v1::ACTION_STATE_NOT_STARTED;
  const auto kGoing = v1::ACTION_STATE_IN_PROGRESS;
  const auto kDone = v1::ACTION_STATE_DONE;
  const auto kDropped = v1::ACTION_STATE_DROPPED;
  const auto kKeep = v1::ACTION_STATE_UNSPECIFIED;
  const Row rows[] = {
      {"owner starts", kNot, true, false, kGoing, "Booked the hall", Code::kOk},
      {"owner notes progress", kGoing, true, false, kKeep, "Staff found",
       Code::kOk},
      {"owner finishes", kGoing, true, false, kDone, "Open from 3 Feb",
       Code::kOk},
      {"co-chair drops", kNot, false, true, kDropped, "No budget", Code::kOk},
      {"someone else", kNot, false, false, kGoing, "x",
       Code::kPermissionDenied},
      {"done is final", kDone, true, true, kGoing, "x",
       Code::kFailedPrecondition},
      {"dropped is final", kDropped, true, true, kDone, "x",
       Code::kFailedPrecondition},
      {"back to not started", kGoing, true, false, kNot, "x",
       Code::kInvalidArgument},
      {"done needs what was done", kGoing, true, false, kDone, "",
       Code::kInvalidArgument},
      {"dropped needs why", kGoing, true, false, kDropped, "",
       Code::kInvalidArgument},
      {"a note too long", kGoing, true, false, kKeep,
       std::string(kMaxActionText + 1, 'a'), Code::kInvalidArgument},
  };
  for (const Row& row : rows) {
    EXPECT_EQ(CheckActionUpdate(Action(row.from), row.owner, row.for_round,
                                Update(row.to, row.note))
                  .code(),
              row.want)
        << row.what;
  }
  EXPECT_EQ(StateAfter(Action(kGoing), Update(kKeep, "x")), kGoing);
  EXPECT_EQ(StateAfter(Action(kGoing), Update(kDone, "x")), kDone);
}

TEST(OverdueTest, PastItsDateAndNeitherDoneNorDropped) {
  EXPECT_FALSE(Overdue(Action(v1::ACTION_STATE_NOT_STARTED), kNow));
  EXPECT_TRUE(Overdue(Action(v1::ACTION_STATE_NOT_STARTED, kNow), kNow));
  EXPECT_TRUE(Overdue(Action(v1::ACTION_STATE_IN_PROGRESS, kNow - 1), kNow));
  EXPECT_FALSE(Overdue(Action(v1::ACTION_STATE_DONE, kNow - 1), kNow));
  EXPECT_FALSE(Overdue(Action(v1::ACTION_STATE_DROPPED, kNow - 1), kNow));
}

TEST(WeDidWordsTest, SaysWhatCameOfIt) {
  EXPECT_EQ(WeDidWords({}, std::nullopt),
            "Nothing has been recorded yet about what will be done.");
  EXPECT_EQ(WeDidWords({}, v1::CONFIRMATION_ACTION_ACCEPTED),
            "The candidate was offered the job and accepted it.");
  EXPECT_THAT(WeDidWords({}, v1::CONFIRMATION_ACTION_DECLINED),
              HasSubstr("declined it; the next candidate"));
  v1::Action done = Action(v1::ACTION_STATE_DONE);
  v1::Action late = Action(v1::ACTION_STATE_IN_PROGRESS, kNow - kDay);
  late.set_overdue(true);
  EXPECT_EQ(WeDidWords({done, late}, std::nullopt),
            "1 of 2 actions done, 1 overdue.");
  EXPECT_EQ(WeDidWords({Action(v1::ACTION_STATE_DROPPED)}, std::nullopt),
            "0 of 1 action done, 1 not going ahead.");
}

TEST(ActionLineTest, DoneSaysWhatWasDoneInTheOwnersWords) {
  v1::Action done = Action(v1::ACTION_STATE_DONE, 1'801'440'000);
  v1::ActionUpdate* u = done.add_updates();
  u->set_state(v1::ACTION_STATE_DONE);
  u->set_note("Open from 3 February, 10:00 to 14:00.");
  EXPECT_EQ(ActionLine(done),
            "Open the drop-in on Saturdays (Sam, by 2027-02-01): done. We "
            "did: Open from 3 February, 10:00 to 14:00.");
  v1::Action late = Action(v1::ACTION_STATE_NOT_STARTED, 1'801'440'000);
  late.set_overdue(true);
  EXPECT_EQ(ActionLine(late),
            "Open the drop-in on Saturdays (Sam, by 2027-02-01): not "
            "started, overdue.");
}

TEST(YouSaidWeDidMarkdownTest, ByRoundWithEachDecisionAndItsActions) {
  v1::YouSaidWeDid report;
  report.set_produced_at_unix(kNow);
  v1::YouSaidWeDidEntry* e = report.add_entries();
  e->set_round_id("3");
  e->set_round_title("Crisis café opening hours");
  e->set_you_said("Open the crisis café on Sundays");
  e->set_we_did("1 of 1 action done.");
  *e->add_actions() = Action(v1::ACTION_STATE_DONE);
  const std::string md = YouSaidWeDidMarkdown(report);
  EXPECT_THAT(md, HasSubstr("## Crisis café opening hours"));
  EXPECT_THAT(md, HasSubstr("**You said:** Open the crisis café on Sundays"));
  EXPECT_THAT(md, HasSubstr("**We did:** 1 of 1 action done."));
  EXPECT_THAT(md, HasSubstr("- Open the drop-in on Saturdays (Sam, by "));
  EXPECT_THAT(YouSaidWeDidMarkdown({}),
              HasSubstr("No decision has been agreed yet."));
}

}  // namespace
}  // namespace equalsay::consensus
