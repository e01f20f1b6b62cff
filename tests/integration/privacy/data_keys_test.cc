// Locked personal data over real servers on real PostgreSQL: a candidate's
// documents and the reasons kept beside the audit trail are stored only
// sealed; the data key can be changed (rotated) with nothing re-sealed and
// nothing in the trail re-hashed; a server refuses to start without the
// key its data needs; erasing a candidate destroys their key, and once the
// old data key is retired even an old copy of their key opens nothing.
#include "services/privacy/rules/data_keys.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <regex>
#include <set>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "tests/integration/consensus/consensus_fixture.h"

namespace equalsay::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kOne[] = "one:first-secret-0123456789-0123456789-abcdef";
constexpr char kTwo[] = "two:second-secret-0123456789-0123456789-abcdef";
constexpr char kCv[] = "Curriculum vitae: ten years at Larkfield Day Centre";
constexpr char kWhyRemoved[] = "Sent the CV of another applicant by mistake";
constexpr char kEvidence[] = "Spoke warmly of the Larkfield garden project";

class DataKeysTest : public ConsensusServiceTest {
 protected:
  std::map<std::string, std::string> ServerEnv() const override {
    auto env = ConsensusServiceTest::ServerEnv();
    env["EQUALSAY_DATA_KEYS"] = keys_;
    env["EQUALSAY_SEAL_INTERVAL_MS"] = "50";
    return env;
  }
  void Restart(const std::string& keys) {
    StopServer();
    keys_ = keys;
    StartServer();
  }
  v1::AddDocumentRequest CvRequest(const Cast& c, const std::string& content,
                                   const std::string& title = "") {
    v1::AddDocumentRequest req;
    req.set_request_id(Api::NewId());
    req.set_round_id(c.round.id());
    req.set_candidate_id(c.named.id());
    req.set_kind(v1::DOCUMENT_KIND_CV);
    req.set_title(title);
    req.set_content(content);
    return req;
  }
  v1::Document AddCv(const Cast& c, const std::string& content,
                     const std::string& title = "") {
    const v1::AddDocumentRequest req = CvRequest(c, content, title);
    v1::Document out;
    const grpc::Status s = panels().AddDocument(As(admin_).get(), req, &out);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return out;
  }
  std::string Content(const v1::Document& doc) {
    v1::GetDocumentRequest req;
    req.set_document_id(doc.id());
    v1::Document out;
    const grpc::Status s = panels().GetDocument(As(admin_).get(), req, &out);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return out.content();
  }
  std::string CandidateExport(const v1::Candidate& candidate) {
    v1::ExportCandidateDataRequest req;
    req.set_candidate_id(candidate.id());
    v1::PersonalData data;
    EXPECT_TRUE(
        panels().ExportCandidateData(As(admin_).get(), req, &data).ok());
    return data.json();
  }
  // What must not change when the data key does: every event as stored,
  // and every sealed byte.
  std::string Fingerprint() {
    return db_.Query(
        "SELECT (SELECT md5(string_agg(e::text, '|' ORDER BY seq)) FROM "
        "events e) || ' ' || (SELECT md5(string_agg(id || ':' || "
        "encode(sealed, 'hex'), '|' ORDER BY id)) FROM event_texts) || ' ' || "
        "(SELECT md5(string_agg(id || ':' || encode(content, 'hex'), '|' "
        "ORDER BY id)) FROM documents) || ' ' || (SELECT md5(string_agg("
        "v::text, '|' ORDER BY sheet_id, version)) FROM score_sheet_versions "
        "v)");
  }

  // Ben's sheet for Sam, with an evidence note; the sheet as saved.
  v1::ScoreSheet SaveEvidence(const Cast& c, const std::string& note,
                              uint32_t version = 0) {
    v1::SaveScoreSheetRequest save;
    save.set_request_id(Api::NewId());
    save.set_version(version);
    save.set_candidate_id(c.named.id());
    save.add_entries()->set_criterion_id(c.round.criteria(0).id());
    save.mutable_entries(0)->set_score(3);
    save.mutable_entries(0)->set_evidence(note);
    v1::ScoreSheet sheet;
    const grpc::Status s =
        scoring().SaveScoreSheet(As(c.su_member).get(), save, &sheet);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return sheet;
  }
  std::vector<v1::ScoreSheet> History(const Cast& c) {
    v1::GetScoreSheetHistoryRequest req;
    req.set_candidate_id(c.named.id());
    v1::GetScoreSheetHistoryResponse out;
    EXPECT_TRUE(
        scoring().GetScoreSheetHistory(As(c.su_member).get(), req, &out).ok());
    return {out.versions().begin(), out.versions().end()};
  }
  std::string Evidence(const Cast& c) {
    v1::GetScoreSheetRequest req;
    req.set_candidate_id(c.named.id());
    v1::ScoreSheet sheet;
    EXPECT_TRUE(
        scoring().GetScoreSheet(As(c.su_member).get(), req, &sheet).ok());
    return sheet.entries_size() > 0 ? sheet.entries(0).evidence() : "";
  }
  v1::AuditReport Verify() {
    v1::AuditReport report;
    EXPECT_TRUE(
        consensus().VerifyAuditTrail(As(admin_).get(), {}, &report).ok());
    return report;
  }
  // The server's first line on stderr when it refuses to start.
  std::string RefusedWith(const std::string& keys) {
    ServerProcess refused(
        {.database_url = db_.url(), .env = {{"EQUALSAY_DATA_KEYS", keys}}});
    const auto code = refused.process().WaitForExit(absl::Seconds(20));
    EXPECT_TRUE(code.has_value() && *code != 0);
    return refused.process().Stderr();
  }

  std::string keys_ = kOne;
};

TEST_F(DataKeysTest, RotateRestartEverythingReadableNothingRehashed) {
  Cast c = BuildRecruitment(/*open=*/false);
  const v1::Document cv = AddCv(c, kCv);
  const v1::Document wrong = AddCv(c, "Not Sam's CV");
  v1::RemoveDocumentRequest remove;
  remove.set_request_id(Api::NewId());
  remove.set_document_id(wrong.id());
  remove.set_reason(kWhyRemoved);
  v1::Document removed;
  ASSERT_TRUE(panels().RemoveDocument(As(admin_).get(), remove, &removed).ok());
  EXPECT_EQ(cv.size_bytes(), static_cast<int64_t>(strlen(kCv)));
  ASSERT_TRUE(Open(c.round, &c.round).ok());
  v1::DeclareConflictRequest conflict;
  conflict.set_request_id(Api::NewId());
  conflict.set_candidate_id(c.named.id());
  conflict.set_reason("Sam helps at my Larkfield allotment");
  v1::Conflict declared;
  ASSERT_TRUE(
      panels()
          .DeclareConflict(As(c.staff_member).get(), conflict, &declared)
          .ok());
  v1::RecordInvolvementRequest bus;
  bus.set_request_id(Api::NewId());
  bus.set_round_id(c.round.id());
  bus.set_kind(v1::INVOLVEMENT_KIND_TRAVEL);
  bus.set_amount_pence(320);
  bus.set_note("Bus from Larkfield Road");
  v1::InvolvementEntry bus_entry;
  ASSERT_TRUE(
      panels().RecordInvolvement(As(c.su_member).get(), bus, &bus_entry).ok());
  // Text a person types that looks locked is locked like any other.
  v1::RecordInvolvementRequest odd = bus;
  odd.set_request_id(Api::NewId());
  odd.set_note("locked:not really");
  v1::InvolvementEntry odd_entry;
  ASSERT_TRUE(
      panels().RecordInvolvement(As(c.su_member).get(), odd, &odd_entry).ok());
  const v1::ScoreSheet first = SaveEvidence(c, "locked:AAAA");
  EXPECT_EQ(SaveEvidence(c, kEvidence, first.version()).entries(0).evidence(),
            kEvidence);
  EXPECT_EQ(History(c)[0].entries(0).evidence(), "locked:AAAA");
  // As an earlier version kept them, unlocked: locked when a server starts.
  db_.Query(
      "INSERT INTO event_texts (salt, text, about) VALUES ('s', "
      "'Withdrew after Larkfield closed', ARRAY['candidate/" +
      c.named.id() + "']) RETURNING id");
  const std::string old_cv_id = db_.Query(
      "INSERT INTO documents (round_id, candidate_id, title, kind, "
      "media_type, content, added_by) VALUES (" +
      c.round.id() + ", " + c.named.id() +
      ", 'Old CV', 'CV', 'text/plain; charset=utf-8', 'Larkfield "
      "references'::bytea, 1) RETURNING id");
  db_.Query(
      "INSERT INTO conflicts (round_id, candidate_id, person_id, "
      "reason) VALUES (" +
      c.round.id() + ", " + c.named.id() + ", " + c.su_chair.id +
      ", 'Sam was at Larkfield school with me') RETURNING 1");
  db_.Query("UPDATE involvement SET note = 'Taxi from Larkfield' WHERE id = " +
            bus_entry.id() + " RETURNING 1");
  db_.Query(
      "UPDATE score_sheet_versions SET entries = jsonb_set(entries, "
      "'{entries,0,evidence}', '\"An old note on Larkfield\"') WHERE "
      "version = 1 RETURNING 1");
  Restart(kOne);
  EXPECT_THAT(server_->process().Stdout() + server_->process().Stderr(),
              HasSubstr("kept before personal data was locked: 1 reason, 1 "
                        "document, 1 conflict of interest, 1 entry of time or "
                        "expenses, 1 score sheet version"));
  EXPECT_EQ(Count("event_texts WHERE text IS NOT NULL OR salt <> ''"), 0);
  v1::Document old_cv;
  old_cv.set_id(old_cv_id);
  EXPECT_EQ(Content(old_cv), "Larkfield references");
  EXPECT_THAT(CandidateExport(c.named),
              HasSubstr("Withdrew after Larkfield closed"));
  EXPECT_EQ(Count("score_sheet_versions WHERE entries::text LIKE "
                  "'%Larkfield%'"),
            0);

  // Notes on time given: read back by their owner.
  v1::ListInvolvementRequest list;
  list.set_round_id(c.round.id());
  v1::ListInvolvementResponse entries;
  ASSERT_TRUE(
      panels().ListInvolvement(As(c.su_member).get(), list, &entries).ok());
  std::set<std::string> notes;
  for (const v1::InvolvementEntry& e : entries.entries())
    notes.insert(e.note());
  EXPECT_EQ(notes, (std::set<std::string>{"Taxi from Larkfield",
                                          "locked:not really"}));
  EXPECT_EQ(Count("involvement WHERE note NOT LIKE 'locked:%'"), 0);

  // Evidence notes: read back, in every version, and in both exports.
  EXPECT_EQ(Evidence(c), kEvidence);
  const std::vector<v1::ScoreSheet> versions = History(c);
  ASSERT_EQ(versions.size(), 2u);
  EXPECT_EQ(versions[0].entries(0).evidence(), "An old note on Larkfield");
  EXPECT_EQ(versions[1].entries(0).evidence(), kEvidence);
  EXPECT_THAT(CandidateExport(c.named), HasSubstr(kEvidence));
  v1::ExportPersonDataRequest ben;
  ben.set_person_id(c.su_member.id);
  v1::PersonalData bens;
  ASSERT_TRUE(panels().ExportPersonData(As(admin_).get(), ben, &bens).ok());
  EXPECT_THAT(bens.json(), HasSubstr("An old note on Larkfield"));
  // Nothing shown still locked (what Ben typed as "locked:..." is his text).
  EXPECT_FALSE(
      std::regex_search(bens.json(), std::regex("locked:[A-Za-z0-9+/=]{40,}")));
  for (const auto& [who, reason] :
       {std::pair{&c.staff_member, "Sam helps at my Larkfield allotment"},
        {&c.su_chair, "Sam was at Larkfield school with me"}}) {
    v1::ExportPersonDataRequest req;
    req.set_person_id(who->id);
    v1::PersonalData data;
    ASSERT_TRUE(panels().ExportPersonData(As(admin_).get(), req, &data).ok());
    EXPECT_THAT(data.json(), HasSubstr(reason));
  }

  // Readable through the service, never in the database itself.
  EXPECT_EQ(Content(cv), kCv);
  EXPECT_THAT(CandidateExport(c.named), HasSubstr(kWhyRemoved));
  const std::string dump = db_.Dump();
  EXPECT_THAT(dump, Not(HasSubstr("Larkfield")));
  EXPECT_THAT(dump, Not(HasSubstr("another applicant")));
  // Everyone's (their names are locked) and Sam's.
  EXPECT_EQ(Count("people p WHERE NOT EXISTS (SELECT 1 FROM subject_keys k "
                  "WHERE k.subject = 'person/' || p.id)"),
            0);
  EXPECT_EQ(
      Count("subject_keys WHERE subject = 'candidate/" + c.named.id() + "'"),
      1);
  const int64_t subject_keys = Count("subject_keys");
  EXPECT_EQ(Count("subject_keys WHERE data_key_id = 'one'"), subject_keys);

  for (int i = 0; i < 100 && Verify().sealed() < Verify().events(); ++i) {
    absl::SleepFor(absl::Milliseconds(50));
  }
  const v1::AuditReport before = Verify();
  ASSERT_TRUE(before.intact()) << before.explanation();
  const std::string fingerprint = Fingerprint();

  // The new key first, the old one after it: every subject's key is locked
  // again with the new one; nothing sealed under them changes.
  Restart(absl::StrCat(kTwo, ",", kOne));
  EXPECT_THAT(server_->process().Stdout() + server_->process().Stderr(),
              HasSubstr(absl::StrCat(subject_keys,
                                     " subjects' keys are now locked with "
                                     "\"two\"")));
  EXPECT_EQ(Count("subject_keys WHERE data_key_id = 'two'"), subject_keys);
  EXPECT_EQ(Fingerprint(), fingerprint);
  EXPECT_EQ(Content(cv), kCv);
  EXPECT_EQ(Evidence(c), kEvidence);

  // Then the old key goes.
  Restart(kTwo);
  EXPECT_EQ(Content(cv), kCv);
  EXPECT_THAT(CandidateExport(c.named), HasSubstr(kWhyRemoved));
  EXPECT_EQ(Fingerprint(), fingerprint);
  const v1::AuditReport after = Verify();
  EXPECT_TRUE(after.intact()) << after.explanation();
  EXPECT_EQ(after.last_seal_hash(), before.last_seal_hash());

  // Without the key the data needs, or with another secret under its name,
  // a server does not start, and says what to do without showing a secret.
  StopServer();
  const std::string lacking =
      RefusedWith("three:third-secret-0123456789-0123456789-abcdef");
  EXPECT_THAT(lacking, HasSubstr("lacks the data key"));
  EXPECT_THAT(lacking, HasSubstr(absl::StrCat("\"two\" (", subject_keys,
                                              " subjects' keys)")));
  EXPECT_THAT(lacking, Not(HasSubstr("third-secret")));
  const std::string wrong_secret =
      RefusedWith("two:not-the-second-secret-0123456789-0123456789");
  EXPECT_THAT(wrong_secret, HasSubstr("\"two\""));
  EXPECT_THAT(wrong_secret, HasSubstr("does not open"));
  EXPECT_THAT(wrong_secret, Not(HasSubstr("not-the-second")));
  keys_ = kTwo;
  StartServer();
  EXPECT_EQ(Content(cv), kCv);
}

// Reasons given with votes (cast, kept when a ballot changes without one,
// and given after the close), reasons for reopening and what people call
// their sign-ins: read back through the service and both exports, and never
// in the database as written.
TEST_F(DataKeysTest, VoteAndReopenReasonsAndSignInNamesAreLocked) {
  const Steering s = BuildSteering(/*members=*/1);
  const Account& ben = s.su_voters[0];
  const Account& tom = s.staff_voters[0];
  const v1::Decision d =
      Put(admin_,
          Request(s.round, "", v1::DECISION_METHOD_YES_NO, v1::SECRECY_NAMED));
  constexpr char kWhy[] = "The Larkfield bus does not run on Sundays";
  constexpr char kLater[] = "Larkfield families need the café more on Fridays";
  constexpr char kReopen[] = "Larkfield Road reopens in March";
  v1::Ballot ballot;
  ASSERT_TRUE(Vote(ben, d, v1::CHOICE_DISAGREE, kWhy, &ballot).ok());
  EXPECT_EQ(ballot.reason(), kWhy);
  ASSERT_TRUE(Vote(ben, d, v1::CHOICE_DISAGREE, "", &ballot).ok());
  EXPECT_EQ(ballot.reason(), kWhy);  // Changed without a reason: it stands.
  EXPECT_EQ(ballot.version(), 2u);
  for (const Account* who : People{&s.su_chair, &s.staff_chair, &tom}) {
    ASSERT_TRUE(Vote(*who, d, v1::CHOICE_DISAGREE).ok());
  }
  ASSERT_TRUE(CloseAs(s.su_chair, d).ok());
  ASSERT_TRUE(CloseAs(s.staff_chair, d).ok());
  v1::GiveReasonRequest give;
  give.set_request_id(Api::NewId());
  give.set_decision_id(d.id());
  give.set_reason(kLater);
  ASSERT_TRUE(consensus().GiveReason(As(tom).get(), give, &ballot).ok());
  EXPECT_EQ(ballot.reason(), kLater);
  for (const Account* chair : People{&s.su_chair, &s.staff_chair}) {
    v1::RequestReopenRequest reopen;
    reopen.set_request_id(Api::NewId());
    reopen.set_decision_id(d.id());
    reopen.set_reason(kReopen);
    v1::Decision reopened;
    const grpc::Status asked =
        consensus().RequestReopen(As(*chair).get(), reopen, &reopened);
    ASSERT_TRUE(asked.ok()) << asked.error_message();
  }
  v1::IssueTokenRequest issue;
  issue.set_request_id(Api::NewId());
  issue.set_person_id(ben.id);
  issue.set_label("Larkfield library computer");
  v1::IssueTokenResponse issued;
  ASSERT_TRUE(panels().IssueToken(As(admin_).get(), issue, &issued).ok());
  EXPECT_EQ(Count("tokens WHERE label LIKE '%Larkfield%'"), 0);
  EXPECT_EQ(Count("events WHERE payload::text LIKE '%Larkfield%'"), 0);

  // As an earlier version kept them, unlocked: locked when a server starts.
  const std::string asha_run_one =
      " WHERE decision_id = " + d.id() +
      " AND run = 1 AND person_id = " + s.su_chair.id + " RETURNING 1";
  db_.Query("UPDATE ballots SET reason = 'Asha: Larkfield first'" +
            asha_run_one);
  db_.Query("UPDATE ballot_versions SET reason = 'Asha: Larkfield first'" +
            asha_run_one);
  db_.Query(
      "UPDATE reopen_requests SET reason = 'Chloe: Larkfield again' WHERE "
      "person_id = " +
      s.staff_chair.id + " RETURNING 1");
  db_.Query("UPDATE tokens SET label = 'Larkfield old laptop' WHERE id = " +
            issued.token_id() + " RETURNING 1");
  Restart(kOne);
  EXPECT_THAT(server_->process().Stdout() + server_->process().Stderr(),
              HasSubstr("2 copies of reasons given with votes, 1 reason for "
                        "reopening a decision, 1 name of a sign-in"));

  // Read back as given, in the run they were given in.
  const v1::Decision now = Get(admin_, d);
  ASSERT_EQ(now.earlier_runs_size(), 1);
  const v1::Outcome& first = now.earlier_runs(0);
  std::map<std::string, std::string> reasons;
  for (const v1::NamedBallot& b : first.ballots()) {
    reasons[b.person_id()] = b.reason();
  }
  EXPECT_EQ(reasons[ben.id], kWhy);
  EXPECT_EQ(reasons[tom.id], kLater);
  EXPECT_EQ(reasons[s.su_chair.id], "Asha: Larkfield first");
  std::set<std::string> reopen_reasons;
  for (const v1::ReopenRequest& r : first.reopen_requests()) {
    reopen_reasons.insert(r.reason());
  }
  EXPECT_EQ(reopen_reasons,
            (std::set<std::string>{kReopen, "Chloe: Larkfield again"}));
  v1::ListTokensRequest list;
  list.set_person_id(ben.id);
  v1::ListTokensResponse tokens;
  ASSERT_TRUE(panels().ListTokens(As(admin_).get(), list, &tokens).ok());
  std::set<std::string> labels;
  for (const v1::TokenInfo& t : tokens.tokens()) labels.insert(t.label());
  EXPECT_TRUE(labels.contains("Larkfield old laptop"));
  const auto exported = [&](const Account& who) {
    v1::ExportPersonDataRequest req;
    req.set_person_id(who.id);
    v1::PersonalData data;
    EXPECT_TRUE(panels().ExportPersonData(As(admin_).get(), req, &data).ok());
    return data.json();
  };
  EXPECT_THAT(exported(ben), HasSubstr(kWhy));
  EXPECT_THAT(exported(ben), HasSubstr("Larkfield old laptop"));
  EXPECT_THAT(exported(s.su_chair), HasSubstr(kReopen));
  EXPECT_THAT(exported(s.su_chair), HasSubstr("Asha: Larkfield first"));
  EXPECT_THAT(exported(s.su_chair), Not(HasSubstr(kWhy)));
  EXPECT_EQ(Count("tokens WHERE label <> '' AND label NOT LIKE 'locked:%'"), 0);
  EXPECT_THAT(db_.Dump(), Not(HasSubstr("Larkfield")));
}

// People's names and e-mail addresses: locked, read back everywhere they
// show, and still found by address (in any letter case) through a keyed
// index; what an earlier version kept as written is locked at start, and
// an address without an index (as an upgrade leaves them) is indexed.
TEST_F(DataKeysTest, NamesAndAddressesAreLockedAndFoundByAddress) {
  v1::CreatePersonRequest lou;
  lou.set_request_id(Api::NewId());
  lou.set_display_name("Lou Larkfield");
  lou.set_email("Lou.Ørsted@Larkfield.example");
  lou.set_org_role(v1::ORG_ROLE_MEMBER);
  v1::Person created;
  ASSERT_TRUE(panels().CreatePerson(As(admin_).get(), lou, &created).ok());
  EXPECT_EQ(created.display_name(), "Lou Larkfield");
  EXPECT_EQ(created.email(), "Lou.Ørsted@Larkfield.example");
  v1::CreatePersonRequest zoe = lou;
  zoe.set_request_id(Api::NewId());
  zoe.set_display_name("Zoë Larkfield");
  zoe.set_email("ZOË@larkfield.example");
  v1::Person zoe_created;
  ASSERT_TRUE(panels().CreatePerson(As(admin_).get(), zoe, &zoe_created).ok());
  db_.Query("UPDATE people SET email_index = NULL WHERE id = " +
            zoe_created.id() + " RETURNING 1");
  const Account len = api_->NewPerson(admin_, "Someone", v1::ORG_ROLE_MEMBER);
  // As an earlier version kept them.
  db_.Query(
      "UPDATE people SET display_name = 'Len Larkfield', email = "
      "'len@larkfield.example', email_index = NULL WHERE id = " +
      len.id + " RETURNING 1");
  Restart(kOne);
  EXPECT_THAT(server_->process().Stdout() + server_->process().Stderr(),
              HasSubstr("locked: 2 people's names and e-mail addresses"));

  v1::ListPeopleResponse people;
  ASSERT_TRUE(panels().ListPeople(As(admin_).get(), {}, &people).ok());
  std::map<std::string, std::string> listed;
  for (const v1::Person& p : people.people()) {
    listed[p.display_name()] = p.email();
  }
  EXPECT_EQ(listed["Lou Larkfield"], "Lou.Ørsted@Larkfield.example");
  EXPECT_EQ(listed["Len Larkfield"], "len@larkfield.example");
  // An import finds each of them by address, whatever the letter case of
  // whatever letters.
  v1::ImportPeopleRequest import;
  import.set_request_id(Api::NewId());
  for (const char* address :
       {"lou.ørsted@larkfield.EXAMPLE", "LEN@larkfield.example",
        "zoë@Larkfield.example"}) {
    v1::CreatePersonRequest* row = import.add_people();
    row->set_display_name("Again");
    row->set_email(address);
    row->set_org_role(v1::ORG_ROLE_MEMBER);
  }
  v1::ImportReport imported;
  ASSERT_TRUE(panels().ImportPeople(As(admin_).get(), import, &imported).ok());
  ASSERT_EQ(imported.rows_size(), 3);
  EXPECT_EQ(imported.rows(0).outcome(), v1::IMPORT_OUTCOME_ALREADY_THERE);
  EXPECT_EQ(imported.rows(0).id(), created.id());
  EXPECT_EQ(imported.rows(1).outcome(), v1::IMPORT_OUTCOME_ALREADY_THERE);
  EXPECT_EQ(imported.rows(1).id(), len.id);
  EXPECT_EQ(imported.rows(2).outcome(), v1::IMPORT_OUTCOME_ALREADY_THERE);
  EXPECT_EQ(imported.rows(2).id(), zoe_created.id());
  v1::ExportPersonDataRequest mine;
  mine.set_person_id(created.id());
  v1::PersonalData data;
  ASSERT_TRUE(panels().ExportPersonData(As(admin_).get(), mine, &data).ok());
  EXPECT_THAT(data.json(), HasSubstr("Lou Larkfield"));
  EXPECT_THAT(data.json(), HasSubstr("Lou.Ørsted@Larkfield.example"));
  EXPECT_THAT(data.json(), Not(HasSubstr("Len Larkfield")));
  const std::string dump = db_.Dump();
  EXPECT_THAT(dump, Not(HasSubstr("arkfield")));
  EXPECT_EQ(Count("people WHERE erased_at IS NULL AND (display_name NOT LIKE "
                  "'locked:%' OR email NOT LIKE 'locked:%')"),
            0);

  // Erased: the address goes with its index, and the name is "Erased
  // person N" for good.
  v1::ErasePersonRequest erase;
  erase.set_request_id(Api::NewId());
  erase.set_person_id(created.id());
  erase.set_confirm_name("Lou Larkfield");
  v1::Erasure erased;
  const grpc::Status gone =
      panels().ErasePerson(As(admin_).get(), erase, &erased);
  ASSERT_TRUE(gone.ok()) << gone.error_message();
  EXPECT_EQ(Count("people WHERE id = " + created.id() +
                  " AND (email IS NOT NULL OR email_index IS NOT NULL)"),
            0);
  v1::GetPersonRequest get;
  get.set_person_id(created.id());
  v1::Person after;
  ASSERT_TRUE(panels().GetPerson(As(admin_).get(), get, &after).ok());
  EXPECT_EQ(after.display_name(), erased.shown_as());
  EXPECT_TRUE(after.email().empty());
}

// Candidates' names and references, and the titles of decisions on them
// (which name them): locked, read back wherever they show, and what an
// earlier version kept as written is locked at start.
TEST_F(DataKeysTest, CandidatesAndDecisionsOnThemAreLocked) {
  Cast c = BuildRecruitment(/*open=*/true);
  ScoreAndClose(c, {{c.named, 4}, {c.anonymised, 1}});
  const v1::Decision on_sam =
      Put(admin_, Request(c.round, c.named.id(), v1::DECISION_METHOD_YES_NO,
                          v1::SECRECY_NAMED));
  EXPECT_EQ(on_sam.title(), "Appoint Sam Jones to the post?");
  ASSERT_TRUE(Vote(c.su_member, on_sam, v1::CHOICE_AGREE).ok());
  // As an earlier version kept them.
  db_.Query(
      "UPDATE candidates SET name = 'Robin Lee', reference = 'Candidate B' "
      "WHERE id = " +
      c.anonymised.id() + " RETURNING 1");
  Restart(kOne);
  EXPECT_THAT(server_->process().Stdout() + server_->process().Stderr(),
              HasSubstr("locked: 1 candidate's name and reference"));

  v1::GetRoundRequest get;
  get.set_round_id(c.round.id());
  v1::Round round;
  ASSERT_TRUE(panels().GetRound(As(admin_).get(), get, &round).ok());
  std::map<std::string, std::string> names, labels;
  for (const v1::Candidate& k : round.candidates()) {
    names[k.id()] = k.name();
    labels[k.id()] = k.label();
  }
  EXPECT_EQ(names[c.named.id()], "Sam Jones");
  EXPECT_EQ(labels[c.named.id()], "Sam Jones");
  EXPECT_EQ(names[c.anonymised.id()], "Robin Lee");
  EXPECT_EQ(labels[c.anonymised.id()], "Candidate B");
  EXPECT_EQ(Get(admin_, on_sam).title(), "Appoint Sam Jones to the post?");
  EXPECT_THAT(CandidateExport(c.named), HasSubstr("Sam Jones"));
  EXPECT_THAT(CandidateExport(c.named),
              HasSubstr("Appoint Sam Jones to the post?"));
  EXPECT_THAT(CandidateExport(c.anonymised), HasSubstr("Candidate B"));
  v1::ExportPersonDataRequest ben;
  ben.set_person_id(c.su_member.id);
  v1::PersonalData bens;
  ASSERT_TRUE(panels().ExportPersonData(As(admin_).get(), ben, &bens).ok());
  EXPECT_THAT(bens.json(), HasSubstr("Appoint Sam Jones to the post?"));
  const std::string dump = db_.Dump();
  for (const char* name : {"Sam Jones", "Robin Lee", "Candidate B"}) {
    EXPECT_THAT(dump, Not(HasSubstr(name)));
  }
}

// A candidate's document's title (which may name them) and the answers
// kept a day so that a retry gets the first one (which may name anyone):
// locked, the one under the candidate's key, the other under a key of the
// day; read back by the pack, a retry and the export; what an earlier
// version kept as written is locked at start, or still read.
TEST_F(DataKeysTest, DocumentTitlesAndAnswersKeptForRetriesAreLocked) {
  Cast c = BuildRecruitment(/*open=*/false);
  const v1::AddDocumentRequest add = CvRequest(c, kCv, "Sam Jones - CV");
  v1::Document cv;
  ASSERT_TRUE(panels().AddDocument(As(admin_).get(), add, &cv).ok());
  EXPECT_EQ(cv.title(), "Sam Jones - CV");
  v1::AddDocumentRequest paper = add;
  paper.set_request_id(Api::NewId());
  paper.clear_candidate_id();
  paper.set_kind(v1::DOCUMENT_KIND_JOB_DESCRIPTION);
  paper.set_title("Job description: peer support worker");
  v1::Document job;
  ASSERT_TRUE(panels().AddDocument(As(admin_).get(), paper, &job).ok());

  // The answer kept for a retry: today's key, nothing readable without it.
  const std::string stored =
      db_.Query("SELECT response FROM request_ledger WHERE request_id = '" +
                add.request_id() + "'");
  const std::string today =
      absl::FormatTime("%Y-%m-%d", absl::Now(), absl::UTCTimeZone());
  ASSERT_TRUE(absl::StartsWith(stored, today + ":")) << stored;
  std::string sealed;
  ASSERT_TRUE(absl::Base64Unescape(stored.substr(11), &sealed));
  EXPECT_THAT(sealed, Not(HasSubstr("Sam Jones")));
  EXPECT_EQ(Count("subject_keys WHERE subject = 'answers/" + today + "'"), 1);
  v1::Document again;
  ASSERT_TRUE(panels().AddDocument(As(admin_).get(), add, &again).ok());
  EXPECT_EQ(again.id(), cv.id());
  EXPECT_EQ(again.title(), "Sam Jones - CV");
  EXPECT_EQ(again.candidate_label(), "Sam Jones");

  // The title: locked for a candidate's document, as written for the
  // pack's own papers (about nobody).
  EXPECT_TRUE(absl::StartsWith(
      db_.Query("SELECT title FROM documents WHERE id = " + cv.id()),
      "locked:"));
  EXPECT_EQ(db_.Query("SELECT title FROM documents WHERE id = " + job.id()),
            "Job description: peer support worker");
  // As an earlier version kept them: a title as written, and an answer in
  // plain base64 (from a server not yet upgraded).
  db_.Query("UPDATE documents SET title = 'Sam Jones - old CV' WHERE id = " +
            cv.id() + " RETURNING 1");
  db_.Query("UPDATE request_ledger SET response = '" +
            absl::Base64Escape(again.SerializeAsString()) +
            "' WHERE request_id = '" + add.request_id() + "' RETURNING 1");
  Restart(kOne);
  EXPECT_THAT(server_->process().Stdout() + server_->process().Stderr(),
              HasSubstr("locked: 1 document"));
  EXPECT_TRUE(absl::StartsWith(
      db_.Query("SELECT title FROM documents WHERE id = " + cv.id()),
      "locked:"));
  ASSERT_TRUE(panels().AddDocument(As(admin_).get(), add, &again).ok());
  EXPECT_EQ(again.title(), "Sam Jones - CV");  // The first answer.

  v1::ListDocumentsRequest list;
  list.set_round_id(c.round.id());
  v1::ListDocumentsResponse pack;
  ASSERT_TRUE(panels().ListDocuments(As(admin_).get(), list, &pack).ok());
  std::set<std::string> titles;
  for (const v1::Document& d : pack.documents()) titles.insert(d.title());
  EXPECT_EQ(titles,
            (std::set<std::string>{"Sam Jones - old CV",
                                   "Job description: peer support worker"}));
  EXPECT_THAT(CandidateExport(c.named), HasSubstr("Sam Jones - old CV"));
  const std::string dump = db_.Dump();
  EXPECT_THAT(dump, Not(HasSubstr("Sam Jones - ")));
  EXPECT_THAT(dump, HasSubstr("Job description: peer support worker"));
}

TEST_F(DataKeysTest,
       AnErasedCandidatesOldCopiesOpenNothingOnceTheKeyIsRetired) {
  Cast c = BuildRecruitment(/*open=*/false);
  const v1::Document cv = AddCv(c, kCv);
  const std::string subject = "candidate/" + c.named.id();
  // A backup taken now holds the candidate's locked key and document.
  const std::string old_key = db_.Query(
      "SELECT encode(wrapped, 'hex') FROM subject_keys WHERE subject = '" +
      subject + "'");
  const std::string old_cv = db_.Query(
      "SELECT encode(content, 'hex') FROM documents WHERE id = " + cv.id());
  const std::string key_bytes = absl::HexStringToBytes(old_key);
  const std::string cv_bytes = absl::HexStringToBytes(old_cv);

  v1::WithdrawCandidateRequest withdraw;
  withdraw.set_request_id(Api::NewId());
  withdraw.set_candidate_id(c.named.id());
  v1::Candidate withdrawn;
  ASSERT_TRUE(
      panels().WithdrawCandidate(As(admin_).get(), withdraw, &withdrawn).ok());
  v1::EraseCandidateRequest erase;
  erase.set_request_id(Api::NewId());
  erase.set_candidate_id(c.named.id());
  erase.set_confirm_name(c.named.name());
  v1::Erasure erased;
  ASSERT_TRUE(panels().EraseCandidate(As(admin_).get(), erase, &erased).ok());
  EXPECT_THAT(absl::StrJoin(erased.erased(), "\n"),
              HasSubstr("1 key that locked their data (destroyed)"));
  EXPECT_EQ(Count("subject_keys WHERE subject = '" + subject + "'"), 0);
  // Nothing new about them is taken in.
  v1::AddDocumentRequest another;
  another.set_request_id(Api::NewId());
  another.set_round_id(c.round.id());
  another.set_candidate_id(c.named.id());
  another.set_kind(v1::DOCUMENT_KIND_CV);
  another.set_content("A CV sent after the erasure");
  v1::Document refused;
  const grpc::Status late =
      panels().AddDocument(As(admin_).get(), another, &refused);
  EXPECT_EQ(late.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(late.error_message(), HasSubstr("candidate_id"));
  EXPECT_THAT(late.error_message(), HasSubstr("erased on request"));
  // Nothing about them is locked under a new key, even by the superuser.
  {
    pqxx::connection superuser = db_.Superuser();
    pqxx::work txn(superuser);
    try {
      txn.exec(
          "INSERT INTO subject_keys (subject, data_key_id, wrapped) "
          "VALUES ('" +
          subject + "', 'one', '\\x00')");
      ADD_FAILURE() << "a key was made for an erased candidate";
    } catch (const pqxx::sql_error& e) {
      EXPECT_THAT(e.what(), HasSubstr("was erased on request"));
    }
  }

  // While the data key that locked it is in use, the old copy still opens:
  // this is why an erasure reaches backups only once that key is retired.
  const absl::StatusOr<privacy::DataKeys> one = privacy::DataKeys::Parse(kOne);
  ASSERT_TRUE(one.ok());
  const std::optional<privacy::Key> from_backup =
      privacy::UnwrapSubjectKey(one->current(), key_bytes, subject);
  ASSERT_TRUE(from_backup.has_value());
  EXPECT_EQ(privacy::Open(*from_backup, cv_bytes, privacy::kDocumentsContext),
            kCv);

  // Rotated and retired: the live database needs only the new key, which
  // never locked the erased candidate's, so the backup's copy is dead.
  Restart(absl::StrCat(kTwo, ",", kOne));
  Restart(kTwo);
  EXPECT_EQ(Count("subject_keys WHERE data_key_id <> 'two'"), 0);
  const absl::StatusOr<privacy::DataKeys> two = privacy::DataKeys::Parse(kTwo);
  ASSERT_TRUE(two.ok());
  EXPECT_EQ(privacy::UnwrapSubjectKey(two->current(), key_bytes, subject),
            std::nullopt);
}

}  // namespace
}  // namespace equalsay::testing
