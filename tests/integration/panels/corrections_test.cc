// Mistakes corrected without a database console: people's details, a
// candidate's name, a criterion during set-up, a panel's rule before voting
// starts; each correction an event that names what changed but never the
// value, and refused with a reason where the round no longer allows it.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/integration/consensus/consensus_fixture.h"

namespace equalsay::testing {
namespace {

using ::testing::HasSubstr;

class CorrectionsTest : public ConsensusServiceTest {
 protected:
  grpc::Status UpdatePerson(const Account& who, v1::UpdatePersonRequest req,
                            v1::Person* out) {
    req.set_request_id(Api::NewId());
    return panels().UpdatePerson(As(who).get(), req, out);
  }
  grpc::Status UpdatePanel(v1::UpdatePanelRequest req,
                           v1::Panel* out = nullptr) {
    req.set_request_id(Api::NewId());
    v1::Panel ignored;
    return panels().UpdatePanel(As(admin_).get(), req, out ? out : &ignored);
  }
  std::string LastPayload(const std::string& action) {
    return db_.Query("SELECT payload::text FROM events WHERE action = '" +
                     action + "' ORDER BY seq DESC LIMIT 1");
  }
};

TEST_F(CorrectionsTest, PeopleAreCorrectedAndTheLastAdministratorStays) {
  const Account sian = api_->NewPerson(admin_, "Sian", v1::ORG_ROLE_MEMBER);
  v1::UpdatePersonRequest req;
  req.set_person_id(sian.id);
  req.set_display_name("Siân Llewellyn");
  req.set_email("sian.llewellyn@example.org");
  v1::Person after;
  ASSERT_TRUE(UpdatePerson(admin_, req, &after).ok());
  EXPECT_EQ(after.display_name(), "Siân Llewellyn");
  EXPECT_EQ(after.email(), "sian.llewellyn@example.org");
  EXPECT_EQ(after.org_role(), v1::ORG_ROLE_MEMBER);  // Not given: kept.
  EXPECT_EQ(LastPayload("person.updated"),
            "{\"changed\": \"display_name,email\"}");  // No name in the trail.

  // The same again changes nothing and records nothing.
  const int64_t events = Count("events");
  ASSERT_TRUE(UpdatePerson(admin_, req, &after).ok());
  EXPECT_EQ(Count("events"), events);

  v1::UpdatePersonRequest role;
  role.set_person_id(sian.id);
  role.set_org_role(v1::ORG_ROLE_HR);
  ASSERT_TRUE(UpdatePerson(admin_, role, &after).ok());
  EXPECT_EQ(after.org_role(), v1::ORG_ROLE_HR);
  EXPECT_EQ(after.display_name(), "Siân Llewellyn");

  // Refusals change nothing and say why.
  v1::UpdatePersonRequest bad;
  bad.set_person_id(sian.id);
  bad.set_email("not an address");
  grpc::Status s = UpdatePerson(admin_, bad, &after);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("email"));
  v1::UpdatePersonRequest demote;
  demote.set_person_id(admin_.id);
  demote.set_org_role(v1::ORG_ROLE_MEMBER);
  s = UpdatePerson(admin_, demote, &after);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(s.error_message(), HasSubstr("last active administrator"));
  v1::UpdatePersonRequest nobody;
  nobody.set_person_id("99999");
  nobody.set_display_name("X");
  EXPECT_EQ(UpdatePerson(admin_, nobody, &after).error_code(),
            grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(UpdatePerson(sian, req, &after).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  v1::Person read;
  v1::GetPersonRequest get;
  get.set_person_id(sian.id);
  ASSERT_TRUE(panels().GetPerson(As(admin_).get(), get, &read).ok());
  EXPECT_EQ(read.email(), "sian.llewellyn@example.org");
}

TEST_F(CorrectionsTest, CriteriaChangeInSetUpAndCandidatesUntilTheEnd) {
  Cast c = BuildRecruitment(/*open=*/false);
  c.round = Reload(c.round);
  ASSERT_EQ(c.round.criteria_size(), 1);
  v1::UpdateCriterionRequest criterion;
  criterion.set_request_id(Api::NewId());
  criterion.set_criterion_id(c.round.criteria(0).id());
  criterion.set_question("How well do they listen?");
  criterion.set_weight(3);
  v1::Criterion changed;
  grpc::Status s =
      panels().UpdateCriterion(As(admin_).get(), criterion, &changed);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(changed.question(), "How well do they listen?");
  EXPECT_EQ(changed.weight(), 3);
  EXPECT_EQ(changed.scale_size(), c.round.criteria(0).scale_size());
  EXPECT_EQ(LastPayload("criterion.updated"),
            "{\"changed\": \"question,weight\"}");

  ASSERT_TRUE(Open(c.round, &c.round).ok());
  criterion.set_request_id(Api::NewId());
  criterion.set_weight(1);
  s = panels().UpdateCriterion(As(admin_).get(), criterion, &changed);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(s.error_message(), HasSubstr("members have scored against"));

  // A candidate's name is corrected while scoring; panels still see only
  // the reference.
  v1::UpdateCandidateRequest candidate;
  candidate.set_request_id(Api::NewId());
  candidate.set_candidate_id(c.anonymised.id());
  candidate.set_name("Robin Leigh");
  v1::Candidate after;
  s = panels().UpdateCandidate(As(admin_).get(), candidate, &after);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(after.name(), "Robin Leigh");
  EXPECT_EQ(after.label(), "Candidate B");
  EXPECT_EQ(LastPayload("candidate.updated"), "{\"changed\": \"name\"}");
  candidate.set_request_id(Api::NewId());
  EXPECT_EQ(panels()
                .UpdateCandidate(As(c.su_chair).get(), candidate, &after)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  v1::GetRoundRequest get;
  get.set_round_id(c.round.id());
  v1::Round seen;
  ASSERT_TRUE(panels().GetRound(As(c.su_member).get(), get, &seen).ok());
  for (const v1::Candidate& each : seen.candidates()) {
    EXPECT_NE(each.name(), "Robin Leigh");
  }
}

TEST_F(CorrectionsTest, APanelsRuleChangesOnlyUntilTheFirstDecision) {
  const Steering s = BuildSteering(/*members=*/2);
  v1::UpdatePanelRequest rule;
  rule.set_panel_id(s.su.id());
  rule.set_threshold(v1::THRESHOLD_TWO_THIRDS);
  v1::Panel after;
  ASSERT_TRUE(UpdatePanel(rule, &after).ok());
  EXPECT_EQ(after.rule().threshold(), v1::THRESHOLD_TWO_THIRDS);
  EXPECT_EQ(after.rule().quorum(), 0u);  // Not given: kept.
  EXPECT_THAT(LastPayload("panel.updated"),
              HasSubstr("\"threshold\": \"TWO_THIRDS\""));

  Put(s.su_chair,
      Request(s.round, "", v1::DECISION_METHOD_YES_NO, v1::SECRECY_NAMED));
  rule.set_threshold(v1::THRESHOLD_SIMPLE_MAJORITY);
  const grpc::Status refused = UpdatePanel(rule);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(refused.error_message(), HasSubstr("Voting has started"));
  v1::UpdatePanelRequest rename;
  rename.set_panel_id(s.su.id());
  rename.set_name("Lived Experience Panel");
  ASSERT_TRUE(UpdatePanel(rename, &after).ok());
  EXPECT_EQ(after.name(), "Lived Experience Panel");
  EXPECT_EQ(after.rule().threshold(), v1::THRESHOLD_TWO_THIRDS);
  v1::UpdatePanelRequest bad;
  bad.set_panel_id(s.su.id());
  bad.set_quorum(100000);
  EXPECT_EQ(UpdatePanel(bad).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
}

// A member who falls ill mid-round is replaced: what they already sent (a
// submitted sheet, a ballot) still counts, the one joining starts fresh,
// both are on record, and the Service User Panel's veto holds.
TEST_F(CorrectionsTest, AReplacedMemberKeepsWhatTheySentAndTheVetoHolds) {
  Cast c = BuildRecruitment(/*open=*/true);
  ScoreAndClose(c, {{c.named, 3}});
  const v1::Decision d =
      Put(admin_, Request(c.round, c.named.id(), v1::DECISION_METHOD_YES_NO,
                          v1::SECRECY_NAMED));
  ASSERT_TRUE(Vote(c.su_member, d, v1::CHOICE_DISAGREE, "Not ready.").ok());
  ASSERT_TRUE(Vote(c.staff_chair, d, v1::CHOICE_AGREE).ok());
  ASSERT_TRUE(Vote(c.staff_member, d, v1::CHOICE_AGREE).ok());
  const std::string sheets_of_leaver =
      "score_sheets WHERE person_id = " + c.su_member.id +
      " AND submitted_at IS NOT NULL";
  const int64_t sheets = Count(sheets_of_leaver);
  ASSERT_EQ(sheets, 1);

  const Account zoe = api_->NewPerson(admin_, "Zoe", v1::ORG_ROLE_MEMBER);
  v1::ReplaceMemberRequest req;
  req.set_request_id(Api::NewId());
  req.set_panel_id(c.su.id());
  req.set_leaving_person_id(c.su_member.id);
  req.set_joining_person_id(zoe.id);
  req.set_role(v1::PANEL_ROLE_MEMBER);
  req.set_reason("Ben is unwell; Zoe takes his place.");
  v1::Member joined;
  grpc::Status s = panels().ReplaceMember(As(admin_).get(), req, &joined);
  ASSERT_TRUE(s.ok()) << s.error_message();

  // Ben's sheet and ballot stay and he can no longer change them. The
  // decision's electorate was fixed when voting opened, so Zoe starts with
  // the next decision.
  EXPECT_EQ(Count(sheets_of_leaver), sheets);
  EXPECT_EQ(Count("ballots WHERE person_id = " + c.su_member.id), 1);
  EXPECT_EQ(Vote(c.su_member, d, v1::CHOICE_AGREE).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Vote(zoe, d, v1::CHOICE_AGREE).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Count("events WHERE action = 'member.replaced'"), 1);
  ASSERT_TRUE(Vote(c.su_chair, d, v1::CHOICE_AGREE).ok());

  // One of the panel's two ballots agrees and Ben's does not: the Service
  // User Panel does not agree, so the hire does not go ahead.
  ASSERT_TRUE(CloseAs(c.su_chair, d).ok());
  v1::Decision closed;
  ASSERT_TRUE(CloseAs(c.staff_chair, d, &closed).ok());
  EXPECT_EQ(closed.state(), v1::DECISION_STATE_CLOSED);
  EXPECT_EQ(closed.result(), v1::OUTCOME_RESULT_VETOED);

  // On the next decision Zoe votes and Ben does not.
  const v1::Decision next =
      Put(admin_, Request(c.round, c.anonymised.id(),
                          v1::DECISION_METHOD_YES_NO, v1::SECRECY_NAMED));
  s = Vote(zoe, next, v1::CHOICE_AGREE);
  EXPECT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(Vote(c.su_member, next, v1::CHOICE_AGREE).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

// HR corrects what they recorded: a new entry replaces the latest, the first
// stays in the history marked corrected, the round is confirmed or not as
// the corrected record says, and no correction can reach a candidate the
// panels did not all agree on.
class HrCorrectionTest : public CorrectionsTest {
 protected:
  grpc::Status Correct(const Account& who, const v1::Round& round,
                       v1::ConfirmationAction action, const std::string& note,
                       v1::Confirmation* out = nullptr) {
    v1::CorrectConfirmationRequest req;
    req.set_request_id(Api::NewId());
    req.set_round_id(round.id());
    req.set_action(action);
    req.set_note(note);
    v1::Confirmation ignored;
    return consensus().CorrectConfirmation(As(who).get(), req,
                                           out ? out : &ignored);
  }
  v1::ConfirmationQueue Queue(const Cast& c) {
    v1::GetConfirmationQueueRequest req;
    req.set_round_id(c.round.id());
    v1::ConfirmationQueue out;
    EXPECT_TRUE(
        consensus().GetConfirmationQueue(As(c.hr).get(), req, &out).ok());
    return out;
  }
};

TEST_F(HrCorrectionTest, AMistakeIsCorrectedWithANewEntryAndTheVetoHolds) {
  Cast c = BuildRecruitment(/*open=*/true);
  ScoreAndClose(c, {{c.named, 4}, {c.anonymised, 2}});
  const v1::Decision on_sam =
      Put(admin_, Request(c.round, c.named.id(), v1::DECISION_METHOD_YES_NO,
                          v1::SECRECY_NAMED));
  const v1::Decision on_b =
      Put(admin_, Request(c.round, c.anonymised.id(),
                          v1::DECISION_METHOD_YES_NO, v1::SECRECY_NAMED));
  for (const Account* who :
       People{&c.su_chair, &c.su_member, &c.staff_chair, &c.staff_member}) {
    const bool su = who == &c.su_chair || who == &c.su_member;
    ASSERT_TRUE(
        Vote(*who, on_sam, su ? v1::CHOICE_DISAGREE : v1::CHOICE_AGREE).ok());
    ASSERT_TRUE(Vote(*who, on_b, v1::CHOICE_AGREE).ok());
  }
  for (const auto* d : {&on_sam, &on_b}) {
    ASSERT_TRUE(CloseAs(c.su_chair, *d).ok());
    ASSERT_TRUE(CloseAs(c.staff_chair, *d).ok());
  }
  ASSERT_EQ(Reload(c.round).state(), v1::ROUND_STATE_DECIDED);

  grpc::Status s =
      Correct(c.hr, c.round, v1::CONFIRMATION_ACTION_DECLINED, "Nothing yet.");
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(s.error_message(), HasSubstr("nothing to correct"));

  ASSERT_TRUE(Confirm(c.hr, on_b, v1::CONFIRMATION_ACTION_OFFER_MADE).ok());
  ASSERT_TRUE(Confirm(c.hr, on_b, v1::CONFIRMATION_ACTION_ACCEPTED).ok());
  ASSERT_EQ(Reload(c.round).state(), v1::ROUND_STATE_CONFIRMED);

  // Only HR, saying why, and only a change.
  for (const Account* who : People{&admin_, &c.su_chair, &c.staff_member}) {
    EXPECT_EQ(Correct(*who, c.round, v1::CONFIRMATION_ACTION_DECLINED, "x")
                  .error_code(),
              grpc::StatusCode::PERMISSION_DENIED);
  }
  s = Correct(c.hr, c.round, v1::CONFIRMATION_ACTION_DECLINED, "");
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("note is required"));
  // A note added to what stands: the same action, now with its note.
  v1::Confirmation noted;
  ASSERT_TRUE(Correct(c.hr, c.round, v1::CONFIRMATION_ACTION_ACCEPTED,
                      "Accepted by e-mail on Monday.", &noted)
                  .ok());
  EXPECT_EQ(noted.round_state(), v1::ROUND_STATE_CONFIRMED);
  s = Correct(c.hr, c.round, v1::CONFIRMATION_ACTION_ACCEPTED,
              "Accepted by e-mail on Monday.");
  EXPECT_THAT(s.error_message(), HasSubstr("what is recorded already"));
  // Correcting the action can only give what HR could have recorded then:
  // another offer while waiting for an answer is refused.
  s = Correct(c.hr, c.round, v1::CONFIRMATION_ACTION_OFFER_MADE, "Oops.");
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);

  // "Accepted" was a slip: they declined. The round is no longer confirmed,
  // and with the veto on Sam nobody else can be offered the post.
  v1::Confirmation corrected;
  ASSERT_TRUE(Correct(c.hr, c.round, v1::CONFIRMATION_ACTION_DECLINED,
                      "They declined on the phone; I pressed the wrong "
                      "button.",
                      &corrected)
                  .ok());
  EXPECT_EQ(corrected.round_state(), v1::ROUND_STATE_DECIDED);
  EXPECT_EQ(corrected.decision_id(), on_b.id());
  EXPECT_EQ(Reload(c.round).state(), v1::ROUND_STATE_DECIDED);
  const v1::ConfirmationQueue queue = Queue(c);
  ASSERT_EQ(queue.candidates_size(), 1);  // Sam is never in it.
  EXPECT_EQ(queue.candidates(0).last_action(),
            v1::CONFIRMATION_ACTION_DECLINED);
  EXPECT_FALSE(queue.candidates(0).up_next());
  EXPECT_THAT(queue.explanation(), HasSubstr("No agreed candidate is left"));
  EXPECT_EQ(
      Confirm(c.hr, on_sam, v1::CONFIRMATION_ACTION_OFFER_MADE).error_code(),
      grpc::StatusCode::FAILED_PRECONDITION);

  // The history keeps every entry, in order, the replaced ones marked.
  ASSERT_EQ(queue.history_size(), 4);
  EXPECT_EQ(queue.history(0).action(), v1::CONFIRMATION_ACTION_OFFER_MADE);
  EXPECT_FALSE(queue.history(0).corrected());
  EXPECT_EQ(queue.history(1).action(), v1::CONFIRMATION_ACTION_ACCEPTED);
  EXPECT_TRUE(queue.history(1).corrected());
  EXPECT_TRUE(queue.history(2).correction());
  EXPECT_TRUE(queue.history(2).corrected());
  EXPECT_EQ(queue.history(3).action(), v1::CONFIRMATION_ACTION_DECLINED);
  EXPECT_TRUE(queue.history(3).correction());
  EXPECT_FALSE(queue.history(3).corrected());
  EXPECT_EQ(queue.history(3).label(), "Candidate B");
  EXPECT_EQ(queue.history(3).confirmed_by(), "Farah");
  EXPECT_EQ(Count("confirmations"), 4);  // Nothing edited, nothing deleted.
  EXPECT_EQ(Count("events WHERE action = 'outcome.corrected'"), 2);
  EXPECT_EQ(Count("events WHERE action = 'round.decided'"), 2);

  v1::GetMinutesRequest get;
  get.set_round_id(c.round.id());
  v1::Minutes minutes;
  ASSERT_TRUE(
      consensus().GetMinutes(As(c.su_member).get(), get, &minutes).ok());
  EXPECT_THAT(minutes.markdown(), HasSubstr("This entry was corrected."));
  EXPECT_THAT(minutes.markdown(),
              HasSubstr("HR, correcting the entry above: offer declined"));
}

}  // namespace
}  // namespace equalsay::testing
