// Erasure on request over a real port on real PostgreSQL: after a round,
// a candidate and a panel member are erased; nothing any RPC returns, no
// minutes, no feedback, no retry of an old request, no database dump (as
// the superuser) and no server log holds their name or what was written
// about or by them; the outcome and tallies are as they were, and the
// audit trail still verifies. Refused while the round is in progress, for
// anyone but administrators, and without the name to be sure.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/integration/consensus/consensus_fixture.h"

namespace equalsay::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class ErasureTest : public ConsensusServiceTest {
 protected:
  std::map<std::string, std::string> ServerEnv() const override {
    auto env = ConsensusServiceTest::ServerEnv();
    env["EQUALSAY_SEAL_INTERVAL_MS"] = "50";
    return env;
  }
  grpc::Status ErasePerson(const Account& who, const std::string& person_id,
                           const std::string& name, v1::Erasure* out) {
    v1::ErasePersonRequest req;
    req.set_request_id(Api::NewId());
    req.set_person_id(person_id);
    req.set_confirm_name(name);
    return panels().ErasePerson(As(who).get(), req, out);
  }
  grpc::Status EraseCandidate(const Account& who, const std::string& id,
                              const std::string& name, v1::Erasure* out) {
    v1::EraseCandidateRequest req;
    req.set_request_id(Api::NewId());
    req.set_candidate_id(id);
    req.set_confirm_name(name);
    return panels().EraseCandidate(As(who).get(), req, out);
  }
  v1::AuditReport Verify() {
    v1::AuditReport report;
    EXPECT_TRUE(
        consensus().VerifyAuditTrail(As(admin_).get(), {}, &report).ok());
    return report;
  }
  // Everything the people of the round and an administrator can read
  // about it, as text.
  std::string AllThatCanBeRead(const Cast& c,
                               const std::vector<v1::Decision>& decisions) {
    std::string all;
    v1::GetMinutesRequest minutes_req;
    minutes_req.set_round_id(c.round.id());
    v1::Minutes minutes;
    EXPECT_TRUE(
        consensus().GetMinutes(As(admin_).get(), minutes_req, &minutes).ok());
    absl::StrAppend(&all, minutes.DebugString());
    v1::GetCandidateFeedbackRequest feedback_req;
    feedback_req.set_round_id(c.round.id());
    v1::CandidateFeedback feedback;
    EXPECT_TRUE(
        consensus()
            .GetCandidateFeedback(As(c.hr).get(), feedback_req, &feedback)
            .ok());
    absl::StrAppend(&all, feedback.DebugString());
    for (const v1::Decision& d : decisions) {
      v1::Outcome outcome;
      EXPECT_TRUE(OutcomeOf(c.hr, d, &outcome).ok());
      absl::StrAppend(&all, outcome.DebugString(),
                      Get(admin_, d).DebugString());
    }
    absl::StrAppend(&all, Reload(c.round).DebugString());
    v1::ListPeopleRequest people_req;
    people_req.set_include_inactive(true);
    v1::ListPeopleResponse people;
    EXPECT_TRUE(
        panels().ListPeople(As(admin_).get(), people_req, &people).ok());
    absl::StrAppend(&all, people.DebugString());
    for (const std::string& person : {c.su_member.id, c.su_chair.id}) {
      v1::ExportPersonDataRequest req;
      req.set_person_id(person);
      v1::PersonalData data;
      EXPECT_TRUE(panels().ExportPersonData(As(admin_).get(), req, &data).ok());
      absl::StrAppend(&all, data.json());
    }
    for (const v1::Candidate* candidate : {&c.named, &c.anonymised}) {
      v1::ExportCandidateDataRequest req;
      req.set_candidate_id(candidate->id());
      v1::PersonalData data;
      EXPECT_TRUE(
          panels().ExportCandidateData(As(admin_).get(), req, &data).ok());
      absl::StrAppend(&all, data.json());
    }
    return all;
  }
};

TEST_F(ErasureTest, AfterTheRoundNothingOfThemRemainsAndTheRecordStands) {
  Cast c = BuildRecruitment(/*open=*/true);
  const v1::Candidate &sam = c.named, &b = c.anonymised;
  // Ben, with a name and address to look for, and things he wrote.
  v1::UpdatePersonRequest rename;
  rename.set_request_id(Api::NewId());
  rename.set_person_id(c.su_member.id);
  rename.set_display_name("Ben Quillfeather");
  rename.set_email("ben.quillfeather@example.org");
  v1::Person renamed;
  ASSERT_TRUE(panels().UpdatePerson(As(admin_).get(), rename, &renamed).ok());
  v1::RecordInvolvementRequest bus;
  bus.set_request_id(Api::NewId());
  bus.set_round_id(c.round.id());
  bus.set_kind(v1::INVOLVEMENT_KIND_TRAVEL);
  bus.set_amount_pence(640);
  bus.set_note("Bus from Quillfeather Lane");
  v1::InvolvementEntry entry;
  ASSERT_TRUE(
      panels().RecordInvolvement(As(c.su_member).get(), bus, &entry).ok());
  ScoreAndClose(c, {{sam, 4}, {b, 2}}, /*evidence=*/true);
  const v1::Decision on_sam =
      Put(admin_, Request(c.round, sam.id(), v1::DECISION_METHOD_YES_NO,
                          v1::SECRECY_NAMED));
  const v1::Decision on_b = Put(
      admin_,
      Request(c.round, b.id(), v1::DECISION_METHOD_YES_NO, v1::SECRECY_NAMED));
  for (const Account* who :
       People{&c.staff_chair, &c.staff_member, &c.su_chair, &c.su_member}) {
    ASSERT_TRUE(Vote(*who, on_b, v1::CHOICE_AGREE).ok());
    ASSERT_TRUE(
        Vote(*who, on_sam,
             who == &c.su_member ? v1::CHOICE_DISAGREE : v1::CHOICE_AGREE,
             who == &c.su_member ? "Quillfeather thinks Sam talked "
                                   "over people."
                                 : "")
            .ok());
  }
  for (const v1::Decision* d : {&on_sam, &on_b}) {
    ASSERT_TRUE(CloseAs(c.su_chair, *d).ok());
    ASSERT_TRUE(CloseAs(c.staff_chair, *d).ok());
  }

  // While HR has still to act, the round is in progress: both refused.
  v1::Erasure erasure;
  grpc::Status s =
      ErasePerson(admin_, c.su_member.id, "Ben Quillfeather", &erasure);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(s.error_message(), HasSubstr(c.round.title()));
  s = EraseCandidate(admin_, sam.id(), "Sam Jones", &erasure);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(s.error_message(), HasSubstr("in progress"));

  v1::ConfirmOutcomeRequest confirm;
  confirm.set_request_id(Api::NewId());
  confirm.set_decision_id(on_b.id());
  confirm.set_action(v1::CONFIRMATION_ACTION_OFFER_MADE);
  v1::Confirmation confirmed;
  ASSERT_TRUE(
      consensus().ConfirmOutcome(As(c.hr).get(), confirm, &confirmed).ok());
  confirm.set_request_id(Api::NewId());
  confirm.set_action(v1::CONFIRMATION_ACTION_ACCEPTED);
  confirm.set_note("Starts at Larkhill Lodge on the 3rd");
  ASSERT_TRUE(
      consensus().ConfirmOutcome(As(c.hr).get(), confirm, &confirmed).ok());
  ASSERT_EQ(Reload(c.round).state(), v1::ROUND_STATE_CONFIRMED);
  // HR's note is kept locked under the candidate's key.
  {
    v1::ExportCandidateDataRequest req;
    req.set_candidate_id(b.id());
    v1::PersonalData data;
    ASSERT_TRUE(
        panels().ExportCandidateData(As(admin_).get(), req, &data).ok());
    EXPECT_THAT(data.json(), HasSubstr("Starts at Larkhill Lodge on the 3rd"));
    EXPECT_EQ(db_.Dump().find("Larkhill"), std::string::npos);
  }

  v1::Outcome sam_before, b_before;
  ASSERT_TRUE(OutcomeOf(c.hr, on_sam, &sam_before).ok());
  ASSERT_TRUE(OutcomeOf(c.hr, on_b, &b_before).ok());
  const std::string before = AllThatCanBeRead(c, {on_sam, on_b});
  for (const char* there : {"Sam Jones", "Saw Sam Jones listen well",
                            "Ben Quillfeather", "Quillfeather thinks"}) {
    ASSERT_THAT(before, HasSubstr(there)) << there;  // So the test can fail.
  }
  // Ben's note on his bus fare is his, kept locked under his key.
  ASSERT_THAT(before, HasSubstr("Quillfeather Lane"));
  EXPECT_EQ(db_.Dump().find("Quillfeather Lane"), std::string::npos);
  v1::AuditReport sealed = Verify();
  for (int i = 0; i < 100 && sealed.sealed() < sealed.events(); ++i) {
    absl::SleepFor(absl::Milliseconds(50));
    sealed = Verify();
  }
  ASSERT_EQ(sealed.sealed(), sealed.events());

  // The name must match, to be sure; nothing happens otherwise.
  s = ErasePerson(admin_, c.su_member.id, "Ben", &erasure);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("confirm_name does not match"));
  for (const Account* who : {&c.hr, &c.su_chair, &c.su_member}) {
    EXPECT_EQ(ErasePerson(*who, c.su_member.id, "Ben Quillfeather", &erasure)
                  .error_code(),
              grpc::StatusCode::PERMISSION_DENIED);
    EXPECT_EQ(
        EraseCandidate(*who, sam.id(), "Sam Jones", &erasure).error_code(),
        grpc::StatusCode::PERMISSION_DENIED);
  }
  ASSERT_THAT(AllThatCanBeRead(c, {on_sam, on_b}), HasSubstr("Ben Quill"));

  ASSERT_TRUE(
      ErasePerson(admin_, c.su_member.id, " ben quillfeather ", &erasure).ok());
  const std::string ben_now = absl::StrCat("Erased person ", c.su_member.id);
  EXPECT_EQ(erasure.shown_as(), ben_now);
  EXPECT_THAT(erasure.erased(),
              ::testing::Contains("1 name and e-mail address"));
  EXPECT_THAT(erasure.erased(),
              ::testing::Contains("2 reasons given with votes"));
  v1::Erasure sam_erasure;
  ASSERT_TRUE(EraseCandidate(admin_, sam.id(), "sam jones", &sam_erasure).ok());
  const std::string sam_now = absl::StrCat("Erased candidate ", sam.id());
  EXPECT_EQ(sam_erasure.shown_as(), sam_now);
  EXPECT_THAT(sam_erasure.erased(),
              ::testing::Contains(
                  "4 score sheets (evidence notes taken out, scores kept)"));

  // Nothing any RPC returns, nor the dump, nor the log, holds them.
  const std::string after = AllThatCanBeRead(c, {on_sam, on_b});
  const std::string dump = db_.Dump();
  const std::string log = server_->process().Stderr();
  for (const char* gone :
       {"Sam Jones", "Ben Quillfeather", "ben.quillfeather@example.org",
        "Quillfeather", "Saw Sam Jones"}) {
    EXPECT_THAT(after, Not(HasSubstr(gone))) << gone;
    EXPECT_THAT(dump, Not(HasSubstr(gone))) << gone;
    EXPECT_THAT(log, Not(HasSubstr(gone))) << gone;
  }
  EXPECT_THAT(after, HasSubstr(ben_now));
  EXPECT_THAT(after, HasSubstr(sam_now));
  EXPECT_THAT(after, HasSubstr("Saw Candidate B listen well"));  // Not erased.
  EXPECT_THAT(after, HasSubstr("Robin Lee"));

  // The outcome and the tallies are as they were; the trail verifies.
  v1::Outcome sam_after, b_after;
  ASSERT_TRUE(OutcomeOf(c.hr, on_sam, &sam_after).ok());
  ASSERT_TRUE(OutcomeOf(c.hr, on_b, &b_after).ok());
  for (const auto& [was, is] :
       {std::pair{&sam_before, &sam_after}, {&b_before, &b_after}}) {
    EXPECT_EQ(is->result(), was->result());
    ASSERT_EQ(is->panels_size(), was->panels_size());
    for (int i = 0; i < is->panels_size(); ++i) {
      EXPECT_EQ(is->panels(i).agree(), was->panels(i).agree());
      EXPECT_EQ(is->panels(i).voters(), was->panels(i).voters());
    }
    EXPECT_EQ(is->ballots_size(), was->ballots_size());
  }
  EXPECT_EQ(sam_after.explanation(), sam_before.explanation());
  const v1::AuditReport report = Verify();
  EXPECT_TRUE(report.intact()) << report.DebugString();
  EXPECT_GE(report.sealed(), sealed.sealed());
  EXPECT_EQ(std::stoi(db_.Query("SELECT count(*) FROM events WHERE action IN "
                                "('person.erased', 'candidate.erased')")),
            2);

  // A retry of the request that named Ben gets no name back, and changes
  // nothing; his sign-in has ended; nothing of his is written back.
  v1::Person replayed;
  s = panels().UpdatePerson(As(admin_).get(), rename, &replayed);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(s.error_message(), HasSubstr("answer is no longer kept"));
  EXPECT_EQ(panels().GetMe(As(c.su_member).get(), {}, &replayed).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  rename.set_request_id(Api::NewId());
  s = panels().UpdatePerson(As(admin_).get(), rename, &replayed);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(s.error_message(), HasSubstr("person_id"));
  EXPECT_THAT(s.error_message(), HasSubstr("was erased on request"));
  ASSERT_TRUE(ErasePerson(admin_, c.su_member.id, ben_now, &erasure).ok());
  EXPECT_THAT(erasure.erased(),
              ::testing::ElementsAre(HasSubstr("erased before")));
}

TEST_F(ErasureTest, RefusedWhileNeededAndAllowedForAWithdrawnCandidate) {
  Cast c = BuildRecruitment(/*open=*/true);
  v1::Erasure erasure;
  grpc::Status s = ErasePerson(admin_, c.supporter.id, "Hana", &erasure);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(s.error_message(),
              HasSubstr(absl::StrCat("Hana is still needed in a round in "
                                     "progress (",
                                     c.round.title(), ")")));
  EXPECT_THAT(s.error_message(), HasSubstr("Nothing was erased."));
  EXPECT_EQ(ErasePerson(admin_, "999999", "x", &erasure).error_code(),
            grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(EraseCandidate(admin_, "999999", "x", &erasure).error_code(),
            grpc::StatusCode::NOT_FOUND);
  s = EraseCandidate(admin_, c.named.id(), "", &erasure);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("confirm_name is required"));
  // The only administrator stays, or nobody could manage equalsay.
  v1::Person me;
  ASSERT_TRUE(panels().GetMe(As(admin_).get(), {}, &me).ok());
  s = ErasePerson(admin_, admin_.id, me.display_name(), &erasure);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(db_.Query("SELECT count(*) FROM events WHERE action LIKE "
                      "'%.erased'"),
            "0");
  // Someone on no round can go at once; so can a candidate who withdrew,
  // and the reason given about them in the audit trail goes with them
  // while the event, and the seal over it, stay.
  ASSERT_TRUE(ErasePerson(admin_, c.outsider.id, "Gus", &erasure).ok());
  v1::DeclareConflictRequest conflict;
  conflict.set_request_id(Api::NewId());
  conflict.set_candidate_id(c.named.id());
  conflict.set_reason("Dev coached Sam Jones at Quillfeather FC");
  v1::Conflict declared;
  ASSERT_TRUE(
      panels()
          .DeclareConflict(As(c.staff_member).get(), conflict, &declared)
          .ok());
  // Kept locked: read through the service, never in the database itself.
  const auto export_of = [&](const Account& who) {
    v1::ExportPersonDataRequest req;
    req.set_person_id(who.id);
    v1::PersonalData data;
    EXPECT_TRUE(panels().ExportPersonData(As(admin_).get(), req, &data).ok());
    return data.json();
  };
  ASSERT_THAT(export_of(c.staff_member), HasSubstr("Quillfeather FC"));
  const bool locked = db_.Dump().find("Quillfeather") == std::string::npos;
  EXPECT_TRUE(locked) << "the conflict's reason is in the dump as written";
  v1::WithdrawCandidateRequest withdraw;
  withdraw.set_request_id(Api::NewId());
  withdraw.set_candidate_id(c.named.id());
  v1::Candidate withdrawn;
  ASSERT_TRUE(
      panels().WithdrawCandidate(As(admin_).get(), withdraw, &withdrawn).ok());
  ASSERT_TRUE(EraseCandidate(admin_, c.named.id(), "Sam Jones", &erasure).ok());
  const v1::Round round = Reload(c.round);
  EXPECT_EQ(round.candidates(0).label(),
            absl::StrCat("Erased candidate ", c.named.id()));
  EXPECT_TRUE(round.candidates(0).erased());
  EXPECT_THAT(erasure.erased(),
              ::testing::Contains("1 reason in the audit trail"));
  EXPECT_THAT(export_of(c.staff_member), Not(HasSubstr("Quillfeather")));
  EXPECT_EQ(db_.Dump().find("Quillfeather"), std::string::npos);
  EXPECT_EQ(Count("events WHERE action = 'conflict.declared' AND payload ? "
                  "'reason_sha256'"),
            1);
  v1::AuditReport report;
  for (int i = 0; i < 100; ++i) {
    report = Verify();
    if (report.sealed() == report.events()) break;
    absl::SleepFor(absl::Milliseconds(50));
  }
  EXPECT_TRUE(report.intact()) << report.DebugString();
  EXPECT_EQ(report.sealed(), report.events());
  EXPECT_EQ(db_.Query(absl::StrCat("SELECT display_name || ' ' || active || "
                                   "' ' || coalesce(email, '-') FROM people "
                                   "WHERE id = ",
                                   c.outsider.id)),
            absl::StrCat("Erased person ", c.outsider.id, " false -"));
  // Not even the superuser writes an erased name back by mistake.
  for (const std::string& sql :
       {absl::StrCat("UPDATE people SET display_name = 'Gus' WHERE id = ",
                     c.outsider.id),
        absl::StrCat("UPDATE people SET active = true WHERE id = ",
                     c.outsider.id),
        absl::StrCat("UPDATE candidates SET name = 'Sam Jones' WHERE id = ",
                     c.named.id())}) {
    pqxx::connection superuser = db_.Superuser();
    pqxx::work txn(superuser);
    try {
      txn.exec(sql);
      ADD_FAILURE() << "the trigger let this through: " << sql;
    } catch (const pqxx::sql_error& e) {
      EXPECT_THAT(e.what(), HasSubstr("was erased on request")) << sql;
    }
  }
}

// Why a co-chair asked, for their panel, that a decision be taken again is
// theirs: in what they are shown of their data, and gone with them, while
// the panel's request (and so the reopened decision) stands.
TEST_F(ErasureTest, AReasonForReopeningIsTheirsAndGoesWithThem) {
  const Steering s = BuildSteering(/*members=*/1);
  const v1::Decision d =
      Put(admin_,
          Request(s.round, "", v1::DECISION_METHOD_YES_NO, v1::SECRECY_NAMED));
  for (const Account* who : People{&s.su_chair, &s.staff_chair, &s.su_voters[0],
                                   &s.staff_voters[0]}) {
    ASSERT_TRUE(Vote(*who, d, v1::CHOICE_AGREE).ok());
  }
  ASSERT_TRUE(CloseAs(s.su_chair, d).ok());
  ASSERT_TRUE(CloseAs(s.staff_chair, d).ok());
  for (const auto& [who, reason] :
       {std::pair{&s.su_chair, "Wrenfield parents were never asked"},
        {&s.staff_chair, "New costs came in"}}) {
    v1::RequestReopenRequest req;
    req.set_request_id(Api::NewId());
    req.set_decision_id(d.id());
    req.set_reason(reason);
    v1::Decision reopened;
    ASSERT_TRUE(consensus().RequestReopen(As(*who).get(), req, &reopened).ok());
  }
  const auto shown = [&] { return Get(admin_, d).DebugString(); };
  ASSERT_THAT(shown(), HasSubstr("Wrenfield parents were never asked"));
  v1::ExportPersonDataRequest mine;
  mine.set_person_id(s.su_chair.id);
  v1::PersonalData data;
  ASSERT_TRUE(
      panels().ExportPersonData(As(s.su_chair).get(), mine, &data).ok());
  EXPECT_THAT(data.json(), HasSubstr("Wrenfield parents were never asked"));

  v1::WithdrawRoundRequest withdraw;
  withdraw.set_request_id(Api::NewId());
  withdraw.set_round_id(s.round.id());
  withdraw.set_reason("The group has finished its work.");
  v1::Round withdrawn;
  ASSERT_TRUE(
      panels().WithdrawRound(As(admin_).get(), withdraw, &withdrawn).ok());
  v1::Erasure erasure;
  ASSERT_TRUE(ErasePerson(admin_, s.su_chair.id, "Asha", &erasure).ok());
  EXPECT_THAT(erasure.erased(),
              ::testing::Contains("1 reason for reopening a decision"));
  EXPECT_THAT(shown(), Not(HasSubstr("Wrenfield")));
  EXPECT_THAT(shown(), HasSubstr("New costs came in"));
  EXPECT_EQ(Count("reopen_requests"), 2);
  EXPECT_EQ(db_.Dump().find("Wrenfield"), std::string::npos);
}

}  // namespace
}  // namespace equalsay::testing
