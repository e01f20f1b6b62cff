// Many people or candidates at once, as a spreadsheet gives them: every row
// accepted or refused with a reason, and nothing written unless every row
// is accepted; rows already there are recognised, not added twice.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/support/round_fixture.h"

namespace equalsay::testing {
namespace {

using ::testing::HasSubstr;

class ImportTest : public RoundFixture {
 protected:
  static void AddPerson(v1::ImportPeopleRequest& req, const std::string& name,
                        const std::string& email, v1::OrgRole role) {
    v1::CreatePersonRequest* row = req.add_people();
    row->set_display_name(name);
    row->set_email(email);
    row->set_org_role(role);
  }
  static void AddCandidate(v1::ImportCandidatesRequest& req,
                           const std::string& name,
                           const std::string& reference = "") {
    v1::AddCandidateRequest* row = req.add_candidates();
    row->set_name(name);
    row->set_anonymised_reference(reference);
  }
  grpc::Status Import(v1::ImportPeopleRequest req, v1::ImportReport* out,
                      const Account* who = nullptr) {
    req.set_request_id(Api::NewId());
    out->Clear();
    return panels().ImportPeople(As(who ? *who : admin_).get(), req, out);
  }
  grpc::Status Import(v1::ImportCandidatesRequest req, v1::ImportReport* out) {
    req.set_request_id(Api::NewId());
    out->Clear();
    return panels().ImportCandidates(As(admin_).get(), req, out);
  }
};

TEST_F(ImportTest, PeopleAreAllAddedOrNoneAndAnAddressIsOnePerson) {
  const Account asha =
      api_->NewPerson(admin_, "Asha Patel", v1::ORG_ROLE_MEMBER);  // Known.
  v1::ImportPeopleRequest req;
  AddPerson(req, "Ben Okafor", "ben@example.org", v1::ORG_ROLE_MEMBER);
  AddPerson(req, "Asha P.", "ASHAPATEL@example.org", v1::ORG_ROLE_MEMBER);
  AddPerson(req, "Hana Said", "not an address", v1::ORG_ROLE_HR);
  AddPerson(req, "Benjamin", "Ben@Example.org", v1::ORG_ROLE_MEMBER);
  AddPerson(req, "", "", v1::ORG_ROLE_MEMBER);
  AddPerson(req, "Dee", "", v1::ORG_ROLE_UNSPECIFIED);
  const int64_t people = Count("people");
  const int64_t events = Count("events");
  v1::ImportReport report;
  grpc::Status s = Import(req, &report);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_FALSE(report.imported());
  ASSERT_EQ(report.rows_size(), 6);
  EXPECT_EQ(report.rows(0).outcome(), v1::IMPORT_OUTCOME_ADDED);
  EXPECT_EQ(report.rows(1).outcome(), v1::IMPORT_OUTCOME_ALREADY_THERE);
  EXPECT_EQ(report.rows(1).id(), asha.id);
  EXPECT_EQ(report.rows(2).outcome(), v1::IMPORT_OUTCOME_REFUSED);
  EXPECT_THAT(report.rows(2).problem(), HasSubstr("email"));
  EXPECT_EQ(report.rows(3).outcome(), v1::IMPORT_OUTCOME_REFUSED);
  EXPECT_THAT(report.rows(3).problem(), HasSubstr("same as row 1"));
  EXPECT_THAT(report.rows(4).problem(), HasSubstr("display_name"));
  EXPECT_THAT(report.rows(5).problem(), HasSubstr("org_role"));
  for (const v1::ImportRow& row : report.rows()) {
    if (row.outcome() == v1::IMPORT_OUTCOME_ADDED) {
      EXPECT_EQ(row.id(), "");
    }
  }
  EXPECT_EQ(Count("people"), people);  // Nothing half-imported.
  EXPECT_EQ(Count("events"), events);

  // Corrected, the same file goes in whole, and again changes nothing.
  v1::ImportPeopleRequest fixed;
  AddPerson(fixed, "Ben Okafor", "ben@example.org", v1::ORG_ROLE_MEMBER);
  AddPerson(fixed, "Asha P.", "ASHAPATEL@example.org", v1::ORG_ROLE_MEMBER);
  AddPerson(fixed, "Hana Said", "hana@example.org", v1::ORG_ROLE_HR);
  AddPerson(fixed, "Dee", "", v1::ORG_ROLE_MEMBER);
  s = Import(fixed, &report);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_TRUE(report.imported());
  EXPECT_EQ(Count("people"), people + 3);
  EXPECT_EQ(Count("events WHERE action = 'person.created' AND "
                  "payload @> '{\"imported\": true}'"),
            3);
  v1::GetPersonRequest get;
  get.set_person_id(report.rows(2).id());
  v1::Person hana;
  ASSERT_TRUE(panels().GetPerson(As(admin_).get(), get, &hana).ok());
  EXPECT_EQ(hana.display_name(), "Hana Said");
  EXPECT_EQ(hana.org_role(), v1::ORG_ROLE_HR);

  fixed.mutable_people()->DeleteSubrange(3, 1);  // No address: not matched.
  s = Import(fixed, &report);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_TRUE(report.imported());
  for (const v1::ImportRow& row : report.rows()) {
    EXPECT_EQ(row.outcome(), v1::IMPORT_OUTCOME_ALREADY_THERE);
  }
  EXPECT_EQ(Count("people"), people + 3);

  // Only administrators import, and an empty or huge import is refused.
  const Account hr = api_->NewPerson(admin_, "Hr", v1::ORG_ROLE_HR);
  EXPECT_EQ(Import(fixed, &report, &hr).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  s = Import(v1::ImportPeopleRequest(), &report);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("no rows"));
  v1::ImportPeopleRequest huge;
  for (int i = 0; i < 2001; ++i) {
    AddPerson(huge, "P", "", v1::ORG_ROLE_MEMBER);
  }
  s = Import(huge, &report);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("at most 2000"));
  EXPECT_EQ(Count("people"), people + 4);  // Only the HR person above.
}

TEST_F(ImportTest, CandidatesGoInDuringSetUpOnlyAndAllOrNone) {
  Cast c = BuildRecruitment(/*open=*/false);
  v1::ImportCandidatesRequest req;
  req.set_round_id(c.round.id());
  AddCandidate(req, "Sam Jones");                 // Already there.
  AddCandidate(req, "Robin Lee", "Candidate B");  // Already there.
  AddCandidate(req, "Alex Kim", "Candidate C");   // New.
  AddCandidate(req, "Alex Kim", "Candidate C");   // Twice in the file.
  AddCandidate(req, std::string(1000, 'x'), "");  // Too long.
  const int64_t candidates = Count("candidates");
  v1::ImportReport report;
  grpc::Status s = Import(req, &report);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_FALSE(report.imported());
  ASSERT_EQ(report.rows_size(), 5);
  EXPECT_EQ(report.rows(0).outcome(), v1::IMPORT_OUTCOME_ALREADY_THERE);
  EXPECT_EQ(report.rows(0).id(), c.named.id());
  EXPECT_EQ(report.rows(1).id(), c.anonymised.id());
  EXPECT_EQ(report.rows(2).outcome(), v1::IMPORT_OUTCOME_ADDED);
  EXPECT_THAT(report.rows(3).problem(), HasSubstr("same as row 3"));
  EXPECT_THAT(report.rows(4).problem(), HasSubstr("name"));
  EXPECT_EQ(Count("candidates"), candidates);

  req.mutable_candidates()->DeleteSubrange(3, 2);
  ASSERT_TRUE(Import(req, &report).ok());
  EXPECT_TRUE(report.imported());
  const v1::Round round = Reload(c.round);
  ASSERT_EQ(round.candidates_size(), 3);
  EXPECT_EQ(round.candidates(2).id(), report.rows(2).id());
  EXPECT_EQ(round.candidates(2).label(), "Candidate C");
  EXPECT_EQ(round.candidates(2).name(), "Alex Kim");
  // The trail names candidates by id only.
  EXPECT_EQ(Count("events WHERE payload::text LIKE '%Alex Kim%'"), 0);

  // Once scoring opens, the round's candidates are set.
  ASSERT_TRUE(Open(c.round).ok());
  v1::ImportCandidatesRequest late;
  late.set_round_id(c.round.id());
  AddCandidate(late, "Jo Bloggs");
  s = Import(late, &report);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(Count("candidates"), candidates + 1);
  late.set_round_id("99999");
  EXPECT_EQ(Import(late, &report).error_code(), grpc::StatusCode::NOT_FOUND);
}

}  // namespace
}  // namespace equalsay::testing
