// ScoringService over a real port on real PostgreSQL: a whole round scored
// and closed, independent scoring (every attempt to see early), amendment
// history, concurrent saves, closed panels and the results.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "absl/strings/str_cat.h"
#include "services/scoring/rules/access_table.h"
#include "tests/support/round_fixture.h"

namespace equalsay::testing {
namespace {

using ::testing::DoubleNear;
using ::testing::HasSubstr;
using People = std::vector<const Account*>;

class ScoringServiceTest : public RoundFixture {
 protected:
  void SetUp() override {
    RoundFixture::SetUp();
    c_ = BuildRecruitment(/*open=*/true);
    criterion_ = c_.round.criteria(0).id();
  }

  // Saves a whole sheet over `version` with one score (or none: -1).
  grpc::Status Save(
      const Account& who, const v1::Candidate& candidate, uint32_t version,
      int score, v1::ScoreSheet* out = nullptr,
      const std::string& evidence = "Spoke about lived experience.") {
    v1::SaveScoreSheetRequest req;
    req.set_request_id(Api::NewId());
    req.set_candidate_id(candidate.id());
    req.set_version(version);
    v1::ScoreEntry* entry = req.add_entries();
    entry->set_criterion_id(criterion_);
    if (score >= 0) entry->set_score(score);
    entry->set_evidence(evidence);
    req.set_overall_view(score >= 3 ? v1::OVERALL_VIEW_APPOINTABLE
                                    : v1::OVERALL_VIEW_NOT_APPOINTABLE);
    v1::ScoreSheet ignored;
    return scoring().SaveScoreSheet(As(who).get(), req, out ? out : &ignored);
  }
  grpc::Status Submit(const Account& who, const v1::Candidate& candidate,
                      uint32_t version, v1::ScoreSheet* out = nullptr) {
    v1::SubmitScoreSheetRequest req;
    req.set_request_id(Api::NewId());
    req.set_candidate_id(candidate.id());
    req.set_version(version);
    v1::ScoreSheet ignored;
    return scoring().SubmitScoreSheet(As(who).get(), req, out ? out : &ignored);
  }
  // Saves and submits a fresh sheet.
  void Score(const Account& who, const v1::Candidate& candidate, int score) {
    v1::ScoreSheet saved;
    const grpc::Status s = Save(who, candidate, 0, score, &saved);
    ASSERT_TRUE(s.ok()) << s.error_message();
    const grpc::Status t = Submit(who, candidate, saved.version());
    ASSERT_TRUE(t.ok()) << t.error_message();
  }
  grpc::Status SeeSheet(const Account& viewer, const Account& owner,
                        const v1::Candidate& candidate,
                        v1::ScoreSheet* out = nullptr) {
    v1::GetScoreSheetRequest req;
    req.set_candidate_id(candidate.id());
    req.set_person_id(owner.id);
    v1::ScoreSheet ignored;
    return scoring().GetScoreSheet(As(viewer).get(), req, out ? out : &ignored);
  }
  v1::ListScoreSheetsResponse List(const Account& viewer) {
    v1::ListScoreSheetsRequest req;
    req.set_round_id(c_.round.id());
    v1::ListScoreSheetsResponse out;
    const grpc::Status s =
        scoring().ListScoreSheets(As(viewer).get(), req, &out);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return out;
  }
  grpc::Status Close(const Account& who, const v1::Panel& panel, bool anyway,
                     v1::CloseScoringResponse* out = nullptr) {
    v1::CloseScoringRequest req;
    req.set_request_id(Api::NewId());
    req.set_panel_id(panel.id());
    req.set_close_anyway(anyway);
    v1::CloseScoringResponse ignored;
    return scoring().CloseScoring(As(who).get(), req, out ? out : &ignored);
  }
  grpc::Status Results(const Account& who, v1::ScoringResults* out) {
    v1::GetResultsRequest req;
    req.set_round_id(c_.round.id());
    return scoring().GetResults(As(who).get(), req, out);
  }
  // `supporter` saves `member`'s sheet over `version`, given in the room.
  grpc::Status SaveFor(const Account& supporter, const Account& member,
                       const v1::Candidate& candidate, uint32_t version,
                       int score, bool submit, v1::ScoreSheet* out = nullptr) {
    v1::SaveScoreSheetForRequest req;
    req.set_request_id(Api::NewId());
    req.set_candidate_id(candidate.id());
    req.set_member_person_id(member.id);
    req.set_version(version);
    v1::ScoreEntry* entry = req.add_entries();
    entry->set_criterion_id(criterion_);
    entry->set_score(score);
    entry->set_evidence("As Ben said it in the room.");
    req.set_overall_view(v1::OVERALL_VIEW_APPOINTABLE);
    req.set_how(v1::HOW_GIVEN_IN_ROOM);
    req.set_submit(submit);
    v1::ScoreSheet ignored;
    return scoring().SaveScoreSheetFor(As(supporter).get(), req,
                                       out ? out : &ignored);
  }
  // Person ids of the sheets in a listing.
  static std::set<std::string> Owners(const v1::ListScoreSheetsResponse& r) {
    std::set<std::string> ids;
    for (const auto& sheet : r.sheets()) ids.insert(sheet.person_id());
    return ids;
  }

  Cast c_;
  std::string criterion_;
};

// DESIGN.md rule 3 over the wire, step by step through a round, trying to
// see early at every step.
TEST_F(ScoringServiceTest, NobodySeesWhatIndependentScoringHides) {
  const v1::Candidate& sam = c_.named;
  v1::ScoreSheet draft;
  ASSERT_TRUE(Save(c_.su_member, sam, 0, 3, &draft).ok());
  // A draft is the writer's alone; asking for it looks like "not submitted".
  EXPECT_EQ(SeeSheet(c_.su_chair, c_.su_member, sam).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);

  ASSERT_TRUE(Submit(c_.su_member, sam, draft.version()).ok());
  // The co-chair has not submitted for Sam: refused, saying why.
  const grpc::Status early = SeeSheet(c_.su_chair, c_.su_member, sam);
  EXPECT_EQ(early.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(early.error_message(),
            "You will see other members' scores for Sam Jones after you "
            "submit your own sheet for them.");
  v1::ListScoreSheetsResponse listed = List(c_.su_chair);
  EXPECT_EQ(listed.sheets_size(), 0);
  EXPECT_THAT(listed.withheld(0), HasSubstr("for Sam Jones after you submit"));

  // The other panel, observers, HR and administrators see nothing yet, even
  // after submitting their own.
  Score(c_.staff_member, sam, 1);
  for (const Account* who : People{&c_.staff_member, &c_.staff_chair,
                                   &c_.observer, &c_.hr, &admin_}) {
    const grpc::Status s = SeeSheet(*who, c_.su_member, sam);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED) << who->id;
    EXPECT_THAT(s.error_message(), HasSubstr("every panel has closed"));
    const std::set<std::string> owners = Owners(List(*who));
    EXPECT_FALSE(owners.contains(c_.su_member.id)) << who->id;
  }
  EXPECT_EQ(SeeSheet(c_.outsider, c_.su_member, sam).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  // Earlier versions are not a way round it.
  v1::GetScoreSheetHistoryRequest history;
  history.set_candidate_id(sam.id());
  history.set_person_id(c_.su_member.id);
  v1::GetScoreSheetHistoryResponse versions;
  EXPECT_EQ(
      scoring()
          .GetScoreSheetHistory(As(c_.staff_member).get(), history, &versions)
          .error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
  v1::ScoringResults results;
  for (const Account* who : People{&c_.su_member, &c_.hr, &admin_}) {
    EXPECT_EQ(Results(*who, &results).error_code(),
              grpc::StatusCode::FAILED_PRECONDITION);
  }

  // Once the co-chair submits, they see their own panel's sheets for Sam,
  // and still not the staff panel's.
  Score(c_.su_chair, sam, 4);
  v1::ScoreSheet seen;
  ASSERT_TRUE(SeeSheet(c_.su_chair, c_.su_member, sam, &seen).ok());
  EXPECT_EQ(seen.entries(0).score(), 3);
  EXPECT_EQ(Owners(List(c_.su_chair)),
            (std::set<std::string>{c_.su_chair.id, c_.su_member.id}));
  EXPECT_EQ(SeeSheet(c_.su_chair, c_.staff_member, sam).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  // ...and not for the other candidate, whom they have not scored.
  Score(c_.su_member, c_.anonymised, 2);
  EXPECT_EQ(SeeSheet(c_.su_chair, c_.su_member, c_.anonymised).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);

  // One panel closed is not enough.
  ASSERT_TRUE(Close(c_.su_chair, c_.su, /*anyway=*/true).ok());
  EXPECT_EQ(SeeSheet(c_.su_member, c_.staff_member, sam).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Results(c_.su_member, &results).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);

  // After every panel has closed, everyone in the round and HR see every
  // submitted sheet; the outsider still nothing.
  ASSERT_TRUE(Close(c_.staff_chair, c_.staff, /*anyway=*/true).ok());
  for (const Account* who :
       People{&c_.su_member, &c_.staff_member, &c_.observer, &c_.hr, &admin_}) {
    EXPECT_EQ(Owners(List(*who)),
              (std::set<std::string>{c_.su_chair.id, c_.su_member.id,
                                     c_.staff_member.id}))
        << who->id;
    EXPECT_TRUE(SeeSheet(*who, c_.su_member, sam).ok()) << who->id;
    EXPECT_TRUE(Results(*who, &results).ok()) << who->id;
  }
  EXPECT_EQ(SeeSheet(c_.outsider, c_.su_member, sam).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_TRUE(List(c_.su_member).withheld().empty());
}

TEST_F(ScoringServiceTest, DraftsStayPrivateEvenAfterTheClose) {
  Score(c_.su_chair, c_.named, 4);
  ASSERT_TRUE(Save(c_.su_member, c_.named, 0, 1).ok());  // Never submitted.
  EXPECT_EQ(SeeSheet(c_.su_chair, c_.su_member, c_.named).error_code(),
            grpc::StatusCode::NOT_FOUND);
  ASSERT_TRUE(Close(c_.su_chair, c_.su, true).ok());
  ASSERT_TRUE(Close(c_.staff_chair, c_.staff, true).ok());
  EXPECT_EQ(Owners(List(c_.hr)), (std::set<std::string>{c_.su_chair.id}));
  const grpc::Status s = SeeSheet(c_.hr, c_.su_member, c_.named);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(s.error_message(), absl::StrCat("Person ", c_.su_member.id,
                                            " has not submitted a sheet for "
                                            "Sam Jones."));
  // The writer still sees their own draft.
  v1::GetScoreSheetRequest own;
  own.set_candidate_id(c_.named.id());
  v1::ScoreSheet mine;
  ASSERT_TRUE(scoring().GetScoreSheet(As(c_.su_member).get(), own, &mine).ok());
  EXPECT_EQ(mine.state(), v1::SHEET_STATE_DRAFT);
}

// Both panels score three candidates as in the worked example of
// tests/unit/scoring/results_test.cc; the service gives the same figures.
TEST_F(ScoringServiceTest,
       WholeRoundScoredClosedAndResultsMatchTheWorkedExample) {
  // A third Service User Panel voter and a third candidate, added before the
  // round starts.
  Cast c = BuildRecruitment(/*open=*/false);
  const Account su_third = api_->NewPerson(admin_, "Hana", v1::ORG_ROLE_MEMBER);
  ASSERT_TRUE(AddMember(c.su, su_third, v1::PANEL_ROLE_MEMBER).ok());
  const v1::Candidate bo = NewCandidate(c.round, "Bo Diaz");
  ASSERT_TRUE(Open(c.round, &c.round).ok());
  c_ = c;
  criterion_ = c.round.criteria(0).id();

  const v1::Candidate &sam = c.named, &ali = c.anonymised;
  const std::vector<std::pair<const Account*, std::vector<int>>> sheets = {
      {&c.su_chair, {4, 3, 2}},
      {&c.su_member, {4, 2, 3}},
      {&su_third, {3, 4, 2}},
      {&c.staff_chair, {1, 4, 3}},
      {&c.staff_member, {2, 4, 2}}};
  for (const auto& [who, row] : sheets) {
    Score(*who, sam, row[0]);
    Score(*who, ali, row[1]);
    Score(*who, bo, row[2]);
  }

  // Progress for the co-chair: everyone done, and no content in sight.
  v1::GetScoringProgressRequest progress_req;
  progress_req.set_round_id(c.round.id());
  v1::ScoringProgress progress;
  ASSERT_TRUE(
      scoring()
          .GetScoringProgress(As(c.su_chair).get(), progress_req, &progress)
          .ok());
  ASSERT_EQ(progress.panels_size(), 1);  // Their own panel only.
  for (const auto& candidate : progress.panels(0).candidates()) {
    EXPECT_EQ(candidate.submitted(), 3u);
    EXPECT_EQ(candidate.still_needed(), 0u);
  }

  v1::CloseScoringResponse closed;
  ASSERT_TRUE(Close(c.su_chair, c.su, false, &closed).ok());
  EXPECT_FALSE(closed.round_moved_to_deciding());
  ASSERT_TRUE(Close(c.staff_chair, c.staff, false, &closed).ok());
  EXPECT_TRUE(closed.round_moved_to_deciding());
  EXPECT_EQ(Reload(c.round).state(), v1::ROUND_STATE_DECIDING);

  v1::ScoringResults results;
  const grpc::Status s = Results(c.su_member, &results);
  ASSERT_TRUE(s.ok()) << s.error_message();
  ASSERT_EQ(results.candidates_size(), 3);
  EXPECT_EQ(results.candidates(0).candidate_id(), ali.id());
  EXPECT_EQ(results.candidates(0).label(), "Candidate B");  // Never the name.
  EXPECT_THAT(results.candidates(0).combined_score(), DoubleNear(87.5, 1e-9));
  EXPECT_EQ(results.candidates(1).candidate_id(), sam.id());
  EXPECT_THAT(results.candidates(1).panels(0).score(),
              DoubleNear(275.0 / 3, 1e-9));
  EXPECT_THAT(results.candidates(1).panels(1).score(), DoubleNear(37.5, 1e-9));
  EXPECT_EQ(results.candidates(2).candidate_id(), bo.id());
  EXPECT_THAT(results.agreement().between_panels(), DoubleNear(-0.5, 1e-12));
  ASSERT_EQ(results.agreement().differ_most_size(), 1);
  EXPECT_EQ(results.agreement().differ_most(0).explanation(),
            "The panels ranked Sam Jones differently: 1st for the Service "
            "User Panel, 3rd for the Staff Panel.");
  EXPECT_THAT(results.agreement().within_panels(0).value(),
              DoubleNear(4.0 / 9, 1e-12));
  EXPECT_THAT(results.agreement().within_panels(1).value(),
              DoubleNear(78.0 / 84, 1e-12));

  // Every change was an event; none of them holds a score.
  EXPECT_EQ(Count("events WHERE action = 'score_sheet.submitted'"), 15);
  EXPECT_EQ(Count("events WHERE action = 'scoring.closed'"), 2);
  EXPECT_EQ(Count("events WHERE action = 'round.deciding'"), 1);
  EXPECT_EQ(Count("events WHERE payload::text LIKE '%score\"%' OR "
                  "payload::text LIKE '%evidence%'"),
            0);
}

TEST_F(ScoringServiceTest, EveryVersionIsKeptAndAmendmentsStaySubmitted) {
  v1::ScoreSheet sheet;
  ASSERT_TRUE(Save(c_.su_member, c_.named, 0, 1, &sheet).ok());
  EXPECT_EQ(sheet.version(), 1u);
  EXPECT_EQ(sheet.state(), v1::SHEET_STATE_DRAFT);
  ASSERT_TRUE(Save(c_.su_member, c_.named, 1, 2, &sheet).ok());
  ASSERT_TRUE(Submit(c_.su_member, c_.named, 2, &sheet).ok());
  EXPECT_EQ(sheet.state(), v1::SHEET_STATE_SUBMITTED);
  EXPECT_GT(sheet.submitted_at_unix(), 0);
  const int64_t first_submitted = sheet.submitted_at_unix();
  ASSERT_TRUE(
      Save(c_.su_member, c_.named, 3, 4, &sheet, "On reflection: strong.")
          .ok());
  EXPECT_EQ(sheet.version(), 4u);
  EXPECT_EQ(sheet.state(), v1::SHEET_STATE_SUBMITTED);
  EXPECT_EQ(sheet.submitted_at_unix(), first_submitted);

  v1::GetScoreSheetHistoryRequest req;
  req.set_candidate_id(c_.named.id());
  v1::GetScoreSheetHistoryResponse history;
  ASSERT_TRUE(scoring()
                  .GetScoreSheetHistory(As(c_.su_member).get(), req, &history)
                  .ok());
  ASSERT_EQ(history.versions_size(), 4);
  const int scores[] = {1, 2, 2, 4};
  const v1::SheetState states[] = {v1::SHEET_STATE_DRAFT, v1::SHEET_STATE_DRAFT,
                                   v1::SHEET_STATE_SUBMITTED,
                                   v1::SHEET_STATE_SUBMITTED};
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(history.versions(i).version(), static_cast<uint32_t>(i + 1));
    EXPECT_EQ(history.versions(i).entries(0).score(), scores[i]);
    EXPECT_EQ(history.versions(i).state(), states[i]);
    // A draft saved before the first submission shows no submission time.
    EXPECT_EQ(history.versions(i).submitted_at_unix(),
              states[i] == v1::SHEET_STATE_SUBMITTED ? first_submitted : 0)
        << "version " << i + 1;
  }
  EXPECT_EQ(history.versions(3).entries(0).evidence(),
            "On reflection: strong.");
  EXPECT_EQ(Count("events WHERE action LIKE 'score_sheet.%'"), 4);
  EXPECT_EQ(Count("events WHERE action = 'score_sheet.amended'"), 1);

  // After the close, others see the submitted versions only.
  ASSERT_TRUE(Close(c_.su_chair, c_.su, true).ok());
  ASSERT_TRUE(Close(c_.staff_chair, c_.staff, true).ok());
  req.set_person_id(c_.su_member.id);
  v1::GetScoreSheetHistoryResponse seen;
  ASSERT_TRUE(scoring().GetScoreSheetHistory(As(c_.hr).get(), req, &seen).ok());
  ASSERT_EQ(seen.versions_size(), 2);
  EXPECT_EQ(seen.versions(0).version(), 3u);
}

// Two devices saving the same sheet: a stale version is refused, never a
// silent overwrite, also when the saves truly race.
TEST_F(ScoringServiceTest, ConcurrentSavesNeverOverwriteSilently) {
  v1::ScoreSheet sheet;
  ASSERT_TRUE(Save(c_.su_member, c_.named, 0, 1, &sheet).ok());
  ASSERT_TRUE(Save(c_.su_member, c_.named, 1, 2).ok());           // The phone.
  const grpc::Status stale = Save(c_.su_member, c_.named, 1, 3);  // Laptop.
  EXPECT_EQ(stale.error_code(), grpc::StatusCode::ABORTED);
  EXPECT_THAT(stale.error_message(), HasSubstr("Reload the sheet"));

  constexpr int kDevices = 8;
  std::atomic<int> saved{0}, aborted{0}, other{0};
  std::vector<std::thread> devices;
  for (int i = 0; i < kDevices; ++i) {
    devices.emplace_back([&, i] {
      Api api(server_->grpc_addr());
      v1::SaveScoreSheetRequest req;
      req.set_request_id(Api::NewId());
      req.set_candidate_id(c_.named.id());
      req.set_version(2);
      v1::ScoreEntry* entry = req.add_entries();
      entry->set_criterion_id(criterion_);
      entry->set_score(i % 5);
      v1::ScoreSheet out;
      const grpc::Status s = api.scoring().SaveScoreSheet(
          api.Ctx(c_.su_member.token).get(), req, &out);
      (s.ok()                                        ? saved
       : s.error_code() == grpc::StatusCode::ABORTED ? aborted
                                                     : other)++;
    });
  }
  for (std::thread& t : devices) t.join();
  EXPECT_EQ(saved.load(), 1);
  EXPECT_EQ(aborted.load(), kDevices - 1);
  EXPECT_EQ(other.load(), 0);
  EXPECT_EQ(db_.Query("SELECT version FROM score_sheets"), "3");
  EXPECT_EQ(Count("score_sheet_versions"), 3);
}

TEST_F(ScoringServiceTest, ReplayedSaveCountsOnce) {
  v1::SaveScoreSheetRequest req;
  req.set_request_id("phone-retry-1");
  req.set_candidate_id(c_.named.id());
  req.add_entries()->set_criterion_id(criterion_);
  req.mutable_entries(0)->set_score(3);
  v1::ScoreSheet first, second;
  ASSERT_TRUE(
      scoring().SaveScoreSheet(As(c_.su_member).get(), req, &first).ok());
  ASSERT_TRUE(
      scoring().SaveScoreSheet(As(c_.su_member).get(), req, &second).ok());
  EXPECT_EQ(first.SerializeAsString(), second.SerializeAsString());
  EXPECT_EQ(Count("score_sheet_versions"), 1);
  EXPECT_EQ(Count("events WHERE action = 'score_sheet.saved'"), 1);
}

TEST_F(ScoringServiceTest, ClosingNamesWhoIsMissingAndThenRefusesWrites) {
  Score(c_.su_chair, c_.named, 3);
  Score(c_.su_chair, c_.anonymised, 3);
  Score(c_.su_member, c_.named, 3);
  v1::ScoreSheet draft;
  ASSERT_TRUE(Save(c_.su_member, c_.anonymised, 0, 2, &draft).ok());

  // Only this panel's co-chair closes it.
  EXPECT_EQ(Close(c_.su_member, c_.su, true).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Close(c_.staff_chair, c_.su, true).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  const grpc::Status missing = Close(c_.su_chair, c_.su, false);
  EXPECT_EQ(missing.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(missing.error_message(),
            "1 sheet has not been submitted yet (Candidate B: Ben). Sheets "
            "not submitted when scoring closes do not count. To close anyway, "
            "ask again with close_anyway set.");
  EXPECT_EQ(Count("events WHERE action = 'scoring.closed'"), 0);

  v1::CloseScoringResponse closed;
  ASSERT_TRUE(Close(c_.su_chair, c_.su, true, &closed).ok());
  EXPECT_TRUE(closed.panel().closed());
  EXPECT_FALSE(closed.round_moved_to_deciding());
  EXPECT_EQ(Close(c_.su_chair, c_.su, true).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);

  const int64_t versions = Count("score_sheet_versions");
  const grpc::Status late =
      Save(c_.su_member, c_.anonymised, draft.version(), 4);
  EXPECT_EQ(late.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(late.error_message(),
            "Your panel's scoring is closed, so sheets can no longer be "
            "changed.");
  EXPECT_EQ(Submit(c_.su_member, c_.anonymised, draft.version()).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(Count("score_sheet_versions"), versions);
  // The staff panel is still scoring.
  Score(c_.staff_member, c_.named, 2);
}

// Saves racing the close: every acknowledged save is stored, and every save
// after the close is refused; none is acknowledged and then lost.
TEST_F(ScoringServiceTest, SavesRacingTheCloseAreStoredOrRefused) {
  Score(c_.su_chair, c_.named, 3);
  v1::ScoreSheet sheet;
  ASSERT_TRUE(Save(c_.su_member, c_.named, 0, 0, &sheet).ok());
  std::atomic<bool> stop{false};
  std::vector<uint32_t> acknowledged;
  int refused = 0;
  std::thread writer([&] {
    Api api(server_->grpc_addr());
    uint32_t version = sheet.version();
    while (!stop.load()) {
      v1::SaveScoreSheetRequest req;
      req.set_request_id(Api::NewId());
      req.set_candidate_id(c_.named.id());
      req.set_version(version);
      req.add_entries()->set_criterion_id(criterion_);
      req.mutable_entries(0)->set_score(static_cast<int>(version % 5));
      v1::ScoreSheet out;
      const grpc::Status s = api.scoring().SaveScoreSheet(
          api.Ctx(c_.su_member.token).get(), req, &out);
      if (!s.ok()) {
        EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
        ++refused;
        break;
      }
      acknowledged.push_back(out.version());
      version = out.version();
    }
  });
  absl::SleepFor(absl::Milliseconds(150));
  ASSERT_TRUE(Close(c_.su_chair, c_.su, true).ok());
  absl::SleepFor(absl::Milliseconds(100));
  stop = true;
  writer.join();
  EXPECT_EQ(refused, 1);
  ASSERT_FALSE(acknowledged.empty());
  // The last acknowledged version is the sheet's, and was saved before the
  // panel's close.
  EXPECT_EQ(db_.Query("SELECT version FROM score_sheets WHERE person_id = " +
                      c_.su_member.id),
            absl::StrCat(acknowledged.back()));
  EXPECT_EQ(db_.Query("SELECT bool_and(v.saved_at <= p.scoring_closed_at) "
                      "FROM score_sheet_versions v JOIN score_sheets s ON "
                      "s.id = v.sheet_id JOIN panels p ON p.id = s.panel_id"),
            "t");
}

TEST_F(ScoringServiceTest, BadInputNamesTheFieldAndChangesNothing) {
  const int64_t events = Count("events");
  struct Attempt {
    const char* what;
    grpc::Status status;
    grpc::StatusCode code;
    const char* says;
  };
  v1::SaveScoreSheetRequest off_scale;
  off_scale.set_request_id(Api::NewId());
  off_scale.set_candidate_id(c_.named.id());
  off_scale.add_entries()->set_criterion_id(criterion_);
  off_scale.mutable_entries(0)->set_score(9);
  v1::SaveScoreSheetRequest unknown_criterion = off_scale;
  unknown_criterion.set_request_id(Api::NewId());
  unknown_criterion.mutable_entries(0)->set_criterion_id("999999");
  unknown_criterion.mutable_entries(0)->set_score(1);
  v1::SaveScoreSheetRequest bad_view = unknown_criterion;
  bad_view.set_request_id(Api::NewId());
  bad_view.mutable_entries(0)->set_criterion_id(criterion_);
  bad_view.set_overall_view(static_cast<v1::OverallView>(42));
  v1::SaveScoreSheetRequest long_evidence = unknown_criterion;
  long_evidence.set_request_id(Api::NewId());
  long_evidence.mutable_entries(0)->set_criterion_id(criterion_);
  long_evidence.mutable_entries(0)->set_evidence(std::string(5000, 'x'));
  v1::SaveScoreSheetRequest no_candidate = long_evidence;
  no_candidate.set_request_id(Api::NewId());
  no_candidate.set_candidate_id("424242");

  auto save = [&](const Account& who, const v1::SaveScoreSheetRequest& req) {
    v1::ScoreSheet out;
    return scoring().SaveScoreSheet(As(who).get(), req, &out);
  };
  // A conflict of interest recuses Ben from Candidate B.
  v1::DeclareConflictRequest conflict;
  conflict.set_request_id(Api::NewId());
  conflict.set_candidate_id(c_.anonymised.id());
  conflict.set_reason("We worked together.");
  v1::Conflict declared;
  ASSERT_TRUE(panels()
                  .DeclareConflict(As(c_.su_member).get(), conflict, &declared)
                  .ok());
  const int64_t events_after_conflict = Count("events");
  EXPECT_EQ(events_after_conflict, events + 1);

  const Attempt attempts[] = {
      {"off the scale", save(c_.su_member, off_scale),
       grpc::StatusCode::INVALID_ARGUMENT, "entries[0].score must be one of"},
      {"unknown criterion", save(c_.su_member, unknown_criterion),
       grpc::StatusCode::INVALID_ARGUMENT, "entries[0].criterion_id"},
      {"unknown overall view", save(c_.su_member, bad_view),
       grpc::StatusCode::INVALID_ARGUMENT, "overall_view must be"},
      {"evidence too long", save(c_.su_member, long_evidence),
       grpc::StatusCode::INVALID_ARGUMENT, "entries[0].evidence"},
      {"no such candidate", save(c_.su_member, no_candidate),
       grpc::StatusCode::NOT_FOUND, "candidate_id 424242"},
      {"an observer", save(c_.observer, off_scale),
       grpc::StatusCode::PERMISSION_DENIED, "not allowed to score"},
      {"recused", Save(c_.su_member, c_.anonymised, 0, 2),
       grpc::StatusCode::FAILED_PRECONDITION, "conflict of interest"},
      {"submit before saving", Submit(c_.su_member, c_.named, 0),
       grpc::StatusCode::FAILED_PRECONDITION, "save your scores first"},
  };
  for (const Attempt& a : attempts) {
    EXPECT_EQ(a.status.error_code(), a.code) << a.what;
    EXPECT_THAT(a.status.error_message(), HasSubstr(a.says)) << a.what;
  }
  // A sheet with no score and no view cannot be submitted.
  v1::ScoreSheet blank;
  v1::SaveScoreSheetRequest empty;
  empty.set_request_id(Api::NewId());
  empty.set_candidate_id(c_.named.id());
  ASSERT_TRUE(
      scoring().SaveScoreSheet(As(c_.su_member).get(), empty, &blank).ok());
  const grpc::Status incomplete =
      Submit(c_.su_member, c_.named, blank.version());
  EXPECT_EQ(incomplete.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(incomplete.error_message(), HasSubstr("your overall view"));
  EXPECT_EQ(Count("score_sheet_versions"), 1);  // Only the blank draft.
  EXPECT_EQ(Count("events"), events_after_conflict + 1);
  // The recused member's progress shows them as not expected for Candidate B.
  v1::GetScoringProgressRequest progress_req;
  progress_req.set_round_id(c_.round.id());
  v1::ScoringProgress progress;
  ASSERT_TRUE(scoring()
                  .GetScoringProgress(As(admin_).get(), progress_req, &progress)
                  .ok());
  ASSERT_EQ(progress.panels_size(), 2);
  EXPECT_EQ(progress.panels(0).candidates(1).expected(), 1u);
}

TEST_F(ScoringServiceTest, AccessMatrixFromTheTable) {
  const int calls =
      ExpectRefusedByTable("ScoringService", scoring::ScoringAccessTable(), c_,
                           {{"round_id", c_.round.id()},
                            {"panel_id", c_.su.id()},
                            {"candidate_id", c_.named.id()}});
  EXPECT_GT(calls, 15);
  // Progress is for co-chairs (their own panel) and administrators.
  v1::GetScoringProgressRequest req;
  req.set_round_id(c_.round.id());
  v1::ScoringProgress progress;
  EXPECT_EQ(scoring()
                .GetScoringProgress(As(c_.su_member).get(), req, &progress)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

// Rule 9 for score sheets: Ben's supporter enters his sheet as he gave it;
// it is Ben's to see and change, marked in every version, and his supporter
// sees nothing of anyone else's (rule 3 holds for them too).
TEST_F(ScoringServiceTest, ASupporterEntersAMembersSheetWhichStaysTheirs) {
  const Account& ben = c_.su_member;
  const Account& hana = c_.supporter;  // Ben named her in BuildRecruitment.
  Score(c_.su_chair, c_.named, 4);     // Another sheet Hana must not see.
  const int64_t events = Count("events");
  // Only Ben's supporter, and only for Ben.
  EXPECT_EQ(SaveFor(c_.outsider, ben, c_.named, 0, 3, false).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(SaveFor(c_.su_chair, ben, c_.named, 0, 3, false).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(SaveFor(hana, c_.staff_member, c_.named, 0, 3, false).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Count("events"), events);

  v1::ScoreSheet sheet;
  ASSERT_TRUE(SaveFor(hana, ben, c_.named, 0, 3, false, &sheet).ok());
  EXPECT_EQ(sheet.person_id(), ben.id);
  EXPECT_EQ(sheet.how(), v1::HOW_GIVEN_IN_ROOM);
  EXPECT_EQ(sheet.entered_by_name(), "Hana");
  ASSERT_TRUE(SaveFor(hana, ben, c_.named, 1, 3, true, &sheet).ok());
  EXPECT_EQ(sheet.state(), v1::SHEET_STATE_SUBMITTED);
  EXPECT_EQ(Count("events WHERE action = 'score_sheet.submitted' AND "
                  "actor_id = " +
                  hana.id + " AND payload->>'member_id' = '" + ben.id + "'"),
            1);
  // Hana sees no sheets at all, not even Ben's through the usual calls.
  v1::ListScoreSheetsRequest list;
  list.set_round_id(c_.round.id());
  v1::ListScoreSheetsResponse listed;
  EXPECT_EQ(
      scoring().ListScoreSheets(As(hana).get(), list, &listed).error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(SeeSheet(hana, c_.su_chair, c_.named).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);

  // Ben sees it as his, marked, and changes it himself.
  v1::ScoreSheet mine;
  ASSERT_TRUE(SeeSheet(ben, ben, c_.named, &mine).ok());
  EXPECT_EQ(mine.how(), v1::HOW_GIVEN_IN_ROOM);
  EXPECT_EQ(mine.entered_by_name(), "Hana");
  ASSERT_TRUE(Save(ben, c_.named, mine.version(), 2, &mine).ok());
  EXPECT_EQ(mine.how(), v1::HOW_GIVEN_UNSPECIFIED);
  ASSERT_TRUE(SeeSheet(ben, ben, c_.named, &mine).ok());
  EXPECT_EQ(mine.entered_by_name(), "");
  // From then on it is his alone to change.
  const grpc::Status over =
      SaveFor(hana, ben, c_.named, mine.version(), 4, true);
  EXPECT_EQ(over.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(over.error_message(), HasSubstr("themselves"));
  // Every version says who wrote it.
  v1::GetScoreSheetHistoryRequest history;
  history.set_candidate_id(c_.named.id());
  v1::GetScoreSheetHistoryResponse versions;
  ASSERT_TRUE(
      scoring().GetScoreSheetHistory(As(ben).get(), history, &versions).ok());
  ASSERT_EQ(versions.versions_size(), 3);
  EXPECT_EQ(versions.versions(0).entered_by_name(), "Hana");
  EXPECT_EQ(versions.versions(1).entered_by_name(), "Hana");
  EXPECT_EQ(versions.versions(2).entered_by_name(), "");
  // After the close, everyone sees the sheets, the assisted ones marked.
  ASSERT_TRUE(Close(c_.su_chair, c_.su, true).ok());
  ASSERT_TRUE(Close(c_.staff_chair, c_.staff, true).ok());
  EXPECT_EQ(SaveFor(hana, ben, c_.anonymised, 0, 3, false).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
}

TEST_F(ScoringServiceTest, WhereTheRoundSaysSoTheMemberSubmitsTheirOwnSheet) {
  const v1::Round round = NewRound(v1::ROUND_KIND_RECRUITMENT, false,
                                   /*assisted_entries_need_confirmation=*/true);
  const v1::Panel su = NewPanel(round, v1::PANEL_KIND_SERVICE_USER);
  const v1::Panel staff = NewPanel(round, v1::PANEL_KIND_STAFF);
  ASSERT_TRUE(AddMember(su, c_.su_chair, v1::PANEL_ROLE_CO_CHAIR).ok());
  ASSERT_TRUE(AddMember(su, c_.outsider, v1::PANEL_ROLE_MEMBER).ok());
  ASSERT_TRUE(AddMember(staff, c_.staff_chair, v1::PANEL_ROLE_CO_CHAIR).ok());
  const v1::Candidate candidate = NewCandidate(round, "Kit Moss");
  v1::Criterion criterion;
  ASSERT_TRUE(AddCriterion(round, &criterion).ok());
  ASSERT_TRUE(NameSupporter(round, c_.outsider, c_.hr).ok());
  const grpc::Status opened = Open(round);
  ASSERT_TRUE(opened.ok()) << opened.error_message();
  criterion_ = criterion.id();
  const grpc::Status submit =
      SaveFor(c_.hr, c_.outsider, candidate, 0, 3, /*submit=*/true);
  EXPECT_EQ(submit.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(submit.error_message(), HasSubstr("submits their own"));
  v1::ScoreSheet saved;
  ASSERT_TRUE(SaveFor(c_.hr, c_.outsider, candidate, 0, 3, false, &saved).ok());
  EXPECT_EQ(saved.state(), v1::SHEET_STATE_DRAFT);
  ASSERT_TRUE(Submit(c_.outsider, candidate, saved.version()).ok());
}

}  // namespace
}  // namespace equalsay::testing
