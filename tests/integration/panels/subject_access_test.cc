// Subject access over a real port on real PostgreSQL: the export for a
// person holds every item the test wrote about them and nothing about
// anyone else; how they voted in a secret vote is not in it; a candidate's
// holds the evidence about them and not who gave it; only the person
// themselves or an administrator may ask.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/integration/consensus/consensus_fixture.h"

namespace equalsay::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class SubjectAccessTest : public ConsensusServiceTest {
 protected:
  v1::PersonalData PersonData(const Account& who, const std::string& person,
                              grpc::Status* status = nullptr) {
    v1::ExportPersonDataRequest req;
    req.set_person_id(person);
    v1::PersonalData out;
    const grpc::Status s = panels().ExportPersonData(As(who).get(), req, &out);
    if (status != nullptr) {
      *status = s;
    } else {
      EXPECT_TRUE(s.ok()) << s.error_message();
    }
    return out;
  }
  void Score(const Account& who, const Cast& c, const v1::Candidate& candidate,
             const std::string& evidence) {
    v1::SaveScoreSheetRequest save;
    save.set_request_id(Api::NewId());
    save.set_candidate_id(candidate.id());
    v1::ScoreEntry* entry = save.add_entries();
    entry->set_criterion_id(c.round.criteria(0).id());
    entry->set_score(3);
    entry->set_evidence(evidence);
    save.set_overall_view(v1::OVERALL_VIEW_APPOINTABLE);
    v1::ScoreSheet sheet;
    ASSERT_TRUE(scoring().SaveScoreSheet(As(who).get(), save, &sheet).ok());
    v1::SubmitScoreSheetRequest submit;
    submit.set_request_id(Api::NewId());
    submit.set_candidate_id(candidate.id());
    submit.set_version(sheet.version());
    ASSERT_TRUE(scoring().SubmitScoreSheet(As(who).get(), submit, &sheet).ok());
  }
};

TEST_F(SubjectAccessTest, APersonGetsEverythingAboutThemAndNothingElse) {
  const Cast c = BuildRecruitment(/*open=*/true);
  v1::DeclareConflictRequest conflict;
  conflict.set_request_id(Api::NewId());
  conflict.set_candidate_id(c.anonymised.id());
  conflict.set_reason("Ben-knows-them-5521");
  v1::Conflict declared;
  ASSERT_TRUE(panels()
                  .DeclareConflict(As(c.su_member).get(), conflict, &declared)
                  .ok());
  Score(c.su_member, c, c.named, "Ben-evidence-7731");
  Score(c.staff_member, c, c.named, "Dev-evidence-4410");
  v1::RecordInvolvementRequest time;
  time.set_request_id(Api::NewId());
  time.set_round_id(c.round.id());
  time.set_kind(v1::INVOLVEMENT_KIND_TRAVEL);
  time.set_amount_pence(640);
  time.set_note("Ben-bus-8812");
  v1::InvolvementEntry entry;
  ASSERT_TRUE(
      panels().RecordInvolvement(As(c.su_member).get(), time, &entry).ok());
  time.set_request_id(Api::NewId());
  time.set_note("Dev-train-9903");
  ASSERT_TRUE(
      panels().RecordInvolvement(As(c.staff_member).get(), time, &entry).ok());

  const v1::PersonalData mine = PersonData(c.su_member, "");
  for (const std::string& item :
       {std::string("Ben"), std::string("Ben-knows-them-5521"),
        std::string("Ben-evidence-7731"), std::string("Ben-bus-8812"),
        std::string("score_sheet.submitted"), std::string("your supporter"),
        c.round.title()}) {
    EXPECT_THAT(mine.json(), HasSubstr(item)) << item;
    EXPECT_THAT(mine.markdown(), HasSubstr(item)) << item;
  }
  for (const char* other :
       {"Dev-evidence-4410", "Dev-train-9903", "Dev", "Hana", "Asha"}) {
    EXPECT_THAT(mine.json(), Not(HasSubstr(other))) << other;
  }
  EXPECT_THAT(mine.json(), Not(HasSubstr(c.named.name())));  // The candidate.
  EXPECT_GT(mine.items(), 8);
  // The same for an administrator; nobody else may ask.
  EXPECT_EQ(PersonData(admin_, c.su_member.id).json(), mine.json());
  grpc::Status refused;
  PersonData(c.staff_member, c.su_member.id, &refused);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_THAT(refused.error_message(), HasSubstr("person_id:"));
  PersonData(c.hr, c.su_member.id, &refused);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  PersonData(admin_, "999999", &refused);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::NOT_FOUND);

  // The candidate's: the evidence from both panels, not who gave it.
  v1::ExportCandidateDataRequest about;
  about.set_candidate_id(c.named.id());
  v1::PersonalData theirs;
  ASSERT_TRUE(
      panels().ExportCandidateData(As(admin_).get(), about, &theirs).ok());
  EXPECT_THAT(theirs.json(), HasSubstr(c.named.name()));
  EXPECT_THAT(theirs.json(), HasSubstr("Ben-evidence-7731"));
  EXPECT_THAT(theirs.json(), HasSubstr("Dev-evidence-4410"));
  EXPECT_THAT(theirs.json(), HasSubstr("candidate.added"));
  for (const char* other :
       {"\"Ben\"", "\"Dev\"", "Ben-bus-8812", "Ben-knows-them-5521"}) {
    EXPECT_THAT(theirs.json(), Not(HasSubstr(other))) << other;
  }
  for (const Account* who : {&c.hr, &c.su_chair}) {
    EXPECT_EQ(panels()
                  .ExportCandidateData(As(*who).get(), about, &theirs)
                  .error_code(),
              grpc::StatusCode::PERMISSION_DENIED);
  }
}

TEST_F(SubjectAccessTest, HowSomeoneVotedInSecretIsNotInTheirExport) {
  const Steering s = BuildSteering(/*members=*/1);
  const Account& voter = s.su_voters[0];
  const v1::Decision named =
      Put(admin_,
          Request(s.round, "", v1::DECISION_METHOD_YES_NO, v1::SECRECY_NAMED));
  const v1::Decision secret =
      Put(admin_,
          Request(s.round, "", v1::DECISION_METHOD_YES_NO, v1::SECRECY_SECRET));
  ASSERT_TRUE(Vote(voter, named, v1::CHOICE_AGREE).ok());
  ASSERT_TRUE(Vote(voter, secret, v1::CHOICE_DISAGREE).ok());
  const v1::PersonalData data = PersonData(voter, "");
  EXPECT_THAT(data.json(), HasSubstr("\"your vote\":\"agree\""));
  EXPECT_THAT(data.json(), HasSubstr("not shown: the vote was secret"));
  for (const char* choice : {"disagree", "DISAGREE"}) {
    EXPECT_THAT(data.json(), Not(HasSubstr(choice)));
    EXPECT_THAT(data.markdown(), Not(HasSubstr(choice)));
  }
}

}  // namespace
}  // namespace equalsay::testing
