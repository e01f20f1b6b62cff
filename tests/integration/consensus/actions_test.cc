// "You said, we did", over a real port on real PostgreSQL: an agreed
// decision gets actions with owners and dates; the owner records progress
// and completion; members see each in its state, overdue ones too; the
// minutes and the report say what came of it; a decision that did not go
// ahead gets none; and the panels hear the outcome of an offer.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/time/clock.h"
#include "tests/integration/consensus/consensus_fixture.h"

namespace equalsay::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class ActionsTest : public ConsensusServiceTest {
 protected:
  // A strategy decision every panel agreed.
  v1::Decision Agreed(const Steering& s) {
    const v1::Decision d = Put(
        admin_,
        Request(s.round, "", v1::DECISION_METHOD_YES_NO, v1::SECRECY_NAMED));
    for (const Account* who : People{&s.su_chair, &s.staff_chair,
                                     &s.su_voters[0], &s.staff_voters[0]}) {
      EXPECT_TRUE(Vote(*who, d, v1::CHOICE_AGREE).ok());
    }
    EXPECT_TRUE(CloseAs(s.su_chair, d).ok());
    EXPECT_TRUE(CloseAs(s.staff_chair, d).ok());
    return Get(admin_, d);
  }
  grpc::Status Add(const Account& who, const v1::Decision& d,
                   const std::string& what, const Account& owner,
                   int64_t due_unix, v1::Action* out = nullptr) {
    v1::AddActionRequest req;
    req.set_request_id(Api::NewId());
    req.set_decision_id(d.id());
    req.set_what(what);
    req.set_owner_person_id(owner.id);
    req.set_due_unix(due_unix);
    v1::Action ignored;
    return consensus().AddAction(As(who).get(), req, out ? out : &ignored);
  }
  grpc::Status Update(const Account& who, const v1::Action& a,
                      v1::ActionState state, const std::string& note,
                      v1::Action* out = nullptr) {
    v1::UpdateActionRequest req;
    req.set_request_id(Api::NewId());
    req.set_action_id(a.id());
    req.set_state(state);
    req.set_note(note);
    v1::Action ignored;
    return consensus().UpdateAction(As(who).get(), req, out ? out : &ignored);
  }
  std::vector<v1::Action> Actions(const Account& who, const v1::Round& r) {
    v1::ListActionsRequest req;
    req.set_round_id(r.id());
    v1::ListActionsResponse out;
    const grpc::Status s = consensus().ListActions(As(who).get(), req, &out);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return {out.actions().begin(), out.actions().end()};
  }
  v1::YouSaidWeDid Report(const Account& who, const std::string& round_id,
                          grpc::Status* status = nullptr) {
    v1::GetYouSaidWeDidRequest req;
    req.set_round_id(round_id);
    v1::YouSaidWeDid out;
    const grpc::Status s =
        consensus().GetYouSaidWeDid(As(who).get(), req, &out);
    if (status != nullptr) *status = s;
    return out;
  }
  static int64_t InSeconds(int64_t seconds) {
    return absl::ToUnixSeconds(absl::Now()) + seconds;
  }
};

TEST_F(ActionsTest, MembersHearWhatCameOfWhatTheyDecided) {
  const Steering s = BuildSteering(/*members=*/1);
  // The staff member who will make it happen.
  const Account& sam = s.staff_voters[0];
  const v1::Decision d = Agreed(s);

  v1::Action saturdays, leaflet;
  ASSERT_TRUE(Add(s.su_chair, d, "Open the drop-in on Saturdays", sam,
                  InSeconds(30 * 24 * 3600), &saturdays)
                  .ok());
  EXPECT_EQ(saturdays.state(), v1::ACTION_STATE_NOT_STARTED);
  EXPECT_EQ(saturdays.owner_name(), "Member T0");
  EXPECT_EQ(saturdays.added_by_name(), "Asha");
  // Due in two seconds: overdue by the time members look.
  ASSERT_TRUE(Add(admin_, d, "Print a leaflet about the new hours", sam,
                  InSeconds(2), &leaflet)
                  .ok());

  // Only the owner, a co-chair or an administrator records progress.
  EXPECT_EQ(Update(s.su_voters[0], saturdays, v1::ACTION_STATE_IN_PROGRESS,
                   "I asked around")
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(Update(sam, saturdays, v1::ACTION_STATE_IN_PROGRESS,
                     "Volunteers found for two Saturdays a month.")
                  .ok());
  const grpc::Status no_note =
      Update(sam, saturdays, v1::ACTION_STATE_DONE, "");
  EXPECT_EQ(no_note.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(no_note.error_message(), HasSubstr("note: say what was done"));
  ASSERT_TRUE(Update(sam, saturdays, v1::ACTION_STATE_DONE,
                     "Open from 3 February, 10:00 to 14:00.")
                  .ok());
  EXPECT_EQ(Update(s.su_chair, saturdays, v1::ACTION_STATE_IN_PROGRESS, "x")
                .error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  absl::SleepFor(absl::Seconds(3));

  // Every member sees both, each in its state.
  const std::vector<v1::Action> seen = Actions(s.su_voters[0], s.round);
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0].state(), v1::ACTION_STATE_DONE);
  EXPECT_FALSE(seen[0].overdue());
  ASSERT_EQ(seen[0].updates_size(), 2);
  EXPECT_EQ(seen[0].updates(1).by_name(), "Member T0");
  EXPECT_EQ(seen[1].state(), v1::ACTION_STATE_NOT_STARTED);
  EXPECT_TRUE(seen[1].overdue());

  // The owner and the co-chairs are told what is left to do.
  EXPECT_THAT(ToDo(sam), HasSubstr("Record progress on 1 action you own"));
  EXPECT_THAT(ToDo(s.su_chair), HasSubstr("1 action is overdue"));
  EXPECT_THAT(ToDo(s.su_voters[0]), Not(HasSubstr("action")));

  const v1::YouSaidWeDid report = Report(s.su_voters[0], s.round.id());
  ASSERT_EQ(report.entries_size(), 1);
  EXPECT_EQ(report.entries(0).you_said(), d.title());
  EXPECT_EQ(report.entries(0).we_did(), "1 of 2 actions done, 1 overdue.");
  EXPECT_THAT(report.markdown(),
              HasSubstr("We did: Open from 3 February, 10:00 to 14:00."));
  EXPECT_THAT(report.markdown(), HasSubstr("not started, overdue."));

  v1::GetMinutesRequest minutes_req;
  minutes_req.set_round_id(s.round.id());
  v1::Minutes minutes;
  ASSERT_TRUE(
      consensus()
          .GetMinutes(As(s.staff_voters[0]).get(), minutes_req, &minutes)
          .ok());
  EXPECT_EQ(minutes.decisions(0).actions_size(), 2);
  EXPECT_THAT(minutes.markdown(), HasSubstr("What will be done:"));
  EXPECT_THAT(minutes.markdown(),
              HasSubstr("Print a leaflet about the new hours (Member T0, by "));

  // The organisation's report is for administrators and HR.
  grpc::Status status;
  Report(s.su_voters[0], "", &status);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_THAT(status.error_message(), HasSubstr("Name a round you are in"));
  EXPECT_EQ(Report(admin_, "").entries_size(), 1);

  EXPECT_EQ(Count("events WHERE action = 'action.added'"), 2);
  EXPECT_EQ(Count("events WHERE action = 'action.updated'"), 2);
}

TEST_F(ActionsTest, ActionsFollowOnlyAgreedDecisionsAndOwnersWhoCanAct) {
  const Steering s = BuildSteering(/*members=*/1);
  const v1::Decision open =
      Put(admin_,
          Request(s.round, "", v1::DECISION_METHOD_YES_NO, v1::SECRECY_NAMED));
  EXPECT_EQ(
      Add(s.su_chair, open, "Do it", s.su_chair, InSeconds(3600)).error_code(),
      grpc::StatusCode::FAILED_PRECONDITION);
  // Vetoed by the Service User Panel: nothing to act on.
  for (const Account* who : People{&s.su_chair, &s.su_voters[0]}) {
    ASSERT_TRUE(Vote(*who, open, v1::CHOICE_DISAGREE).ok());
  }
  for (const Account* who : People{&s.staff_chair, &s.staff_voters[0]}) {
    ASSERT_TRUE(Vote(*who, open, v1::CHOICE_AGREE).ok());
  }
  ASSERT_TRUE(CloseAs(s.su_chair, open).ok());
  ASSERT_TRUE(CloseAs(s.staff_chair, open).ok());
  EXPECT_EQ(
      Add(s.su_chair, open, "Do it", s.su_chair, InSeconds(3600)).error_code(),
      grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(Report(s.su_voters[0], s.round.id()).entries_size(), 0);

  const v1::Decision d = Agreed(s);
  // A member adds no actions; an owner must be able to record progress.
  EXPECT_EQ(
      Add(s.su_voters[0], d, "Do it", s.su_chair, InSeconds(3600)).error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
  const Account outsider = api_->NewPerson(admin_, "Olu", v1::ORG_ROLE_MEMBER);
  const grpc::Status no_place =
      Add(s.su_chair, d, "Do it", outsider, InSeconds(3600));
  EXPECT_EQ(no_place.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(no_place.error_message(),
              HasSubstr("owner_person_id: Olu is on none of this round's"));
  const grpc::Status past = Add(s.su_chair, d, "Do it", s.su_chair, 1000);
  EXPECT_EQ(past.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(past.error_message(), HasSubstr("due_unix"));
  EXPECT_EQ(Count("actions"), 0);
}

TEST_F(ActionsTest, ThePanelsHearWhatBecameOfTheOffer) {
  const Cast c = BuildRecruitment(/*open=*/true);
  ScoreAndClose(c, {{c.named, 4}, {c.anonymised, 1}});
  const v1::Decision d =
      Put(admin_, Request(c.round, c.named.id(), v1::DECISION_METHOD_YES_NO,
                          v1::SECRECY_NAMED));
  for (const Account* who :
       People{&c.su_chair, &c.su_member, &c.staff_chair, &c.staff_member}) {
    ASSERT_TRUE(Vote(*who, d, v1::CHOICE_AGREE).ok());
  }
  ASSERT_TRUE(CloseAs(c.su_chair, d).ok());
  ASSERT_TRUE(CloseAs(c.staff_chair, d).ok());
  EXPECT_EQ(Report(c.su_member, c.round.id()).entries(0).we_did(),
            "Nothing has been recorded yet about what will be done.");
  // The other candidate is vetoed: every candidate is decided, and only
  // the agreed one is in the report.
  const v1::Decision other =
      Put(admin_, Request(c.round, c.anonymised.id(),
                          v1::DECISION_METHOD_YES_NO, v1::SECRECY_NAMED));
  for (const Account* who : People{&c.su_chair, &c.su_member}) {
    ASSERT_TRUE(Vote(*who, other, v1::CHOICE_DISAGREE).ok());
  }
  for (const Account* who : People{&c.staff_chair, &c.staff_member}) {
    ASSERT_TRUE(Vote(*who, other, v1::CHOICE_AGREE).ok());
  }
  ASSERT_TRUE(CloseAs(c.su_chair, other).ok());
  ASSERT_TRUE(CloseAs(c.staff_chair, other).ok());
  v1::ConfirmOutcomeRequest offer;
  offer.set_request_id(Api::NewId());
  offer.set_decision_id(d.id());
  offer.set_action(v1::CONFIRMATION_ACTION_OFFER_MADE);
  offer.set_note("Salary band 6, point 3; references pending.");
  v1::Confirmation confirmed;
  ASSERT_TRUE(
      consensus().ConfirmOutcome(As(c.hr).get(), offer, &confirmed).ok());
  ASSERT_TRUE(Confirm(c.hr, d, v1::CONFIRMATION_ACTION_ACCEPTED).ok());
  const v1::YouSaidWeDid report = Report(c.su_member, c.round.id());
  ASSERT_EQ(report.entries_size(), 1);
  EXPECT_EQ(report.entries(0).we_did(),
            "The candidate was offered the job and accepted it.");
  // HR's notes stay HR's.
  EXPECT_THAT(report.markdown(), Not(HasSubstr("Salary band")));
}

}  // namespace
}  // namespace equalsay::testing
