// Score sheets saved and submitted at once are written together
// (SheetBox): every call must get the answer it would get alone, and a
// batch whose read went stale writes nothing.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <pqxx/pqxx>
#include <string>
#include <thread>
#include <vector>

#include "services/privacy/rules/data_keys.h"
#include "services/scoring/store/sheet_store.h"
#include "tests/support/at_once.h"
#include "tests/support/round_fixture.h"

namespace equalsay::testing {
namespace {

using ::testing::HasSubstr;

class SheetBoxTest : public RoundFixture {
 protected:
  std::map<std::string, std::string> ServerEnv() const override {
    return {{"EQUALSAY_BALLOT_WRITERS", "1"}};  // The largest batches.
  }
  // The recruitment round with `extra` more members, half on each panel.
  void Build(int extra) {
    c_ = BuildRecruitment(/*open=*/false);
    for (int i = 0; i < extra; ++i) {
      members_.push_back(api_->NewPerson(admin_, absl::StrCat("Member ", i),
                                         v1::ORG_ROLE_MEMBER));
      ASSERT_TRUE(AddMember(i % 2 ? c_.staff : c_.su, members_.back(),
                            v1::PANEL_ROLE_MEMBER)
                      .ok());
    }
    ASSERT_TRUE(Open(c_.round, &c_.round).ok());
    criterion_ = c_.round.criteria(0).id();
  }
  v1::SaveScoreSheetRequest Sheet(const std::string& request_id,
                                  const v1::Candidate& candidate, int score,
                                  const std::string& evidence = "Clear.",
                                  uint32_t version = 0) {
    v1::SaveScoreSheetRequest req;
    req.set_request_id(request_id);
    req.set_candidate_id(candidate.id());
    req.set_version(version);
    v1::ScoreEntry* entry = req.add_entries();
    entry->set_criterion_id(criterion_);
    entry->set_score(score);
    entry->set_evidence(evidence);
    req.set_overall_view(v1::OVERALL_VIEW_UNSURE);
    return req;
  }
  // A save, or a submit where `submit` is given.
  struct Sent {
    std::string token;
    v1::SaveScoreSheetRequest request;
    std::optional<v1::SubmitScoreSheetRequest> submit;
  };
  struct Answer {
    grpc::Status status;
    v1::ScoreSheet sheet;
    bool replayed = false;
  };
  v1::SubmitScoreSheetRequest Submit(const std::string& request_id,
                                     const v1::Candidate& candidate,
                                     uint32_t version) {
    v1::SubmitScoreSheetRequest req;
    req.set_request_id(request_id);
    req.set_candidate_id(candidate.id());
    req.set_version(version);
    return req;
  }
  // Closes the panel's scoring whoever has yet to submit.
  static v1::CloseScoringRequest CloseAnyway(const v1::Panel& panel) {
    v1::CloseScoringRequest close;
    close.set_request_id(Api::NewId());
    close.set_panel_id(panel.id());
    close.set_close_anyway(true);
    return close;
  }
  Sent SubmitBy(const Account& who, const std::string& request_id,
                uint32_t version, const v1::Candidate& candidate) {
    return {who.token, {}, Submit(request_id, candidate, version)};
  }
  std::vector<Answer> SaveAtOnce(const std::vector<Sent>& sent) {
    std::vector<Answer> answers(sent.size());
    std::vector<std::string> tokens;
    for (const Sent& s : sent) tokens.push_back(s.token);
    const std::vector<AtOnceResult> results = CallAtOnce(
        *api_, tokens, [&](size_t i, grpc::ClientContext* context, auto done) {
          if (sent[i].submit.has_value()) {
            scoring().async()->SubmitScoreSheet(context, &*sent[i].submit,
                                                &answers[i].sheet, done);
          } else {
            scoring().async()->SaveScoreSheet(context, &sent[i].request,
                                              &answers[i].sheet, done);
          }
        });
    for (size_t i = 0; i < sent.size(); ++i) {
      answers[i].status = results[i].status;
      answers[i].replayed = results[i].replayed;
    }
    return answers;
  }
  // SaveAtOnce with the round held meanwhile (as a co-chair's move holds
  // it), so that no batch is written before every call has arrived: how
  // many go in one commit then depends on the server, not on how the
  // machine's load spreads their arrival (once, beside other tests, no
  // commit held more than 4 of 8).
  std::vector<Answer> SaveAllTogether(const std::vector<Sent>& sent) {
    pqxx::connection holder(db_.url());
    pqxx::work hold(holder);
    hold.exec1("SELECT 1 FROM rounds WHERE id = " + c_.round.id() +
               " FOR UPDATE");
    std::thread release([&] {
      absl::SleepFor(absl::Milliseconds(300));
      hold.abort();
    });
    std::vector<Answer> answers = SaveAtOnce(sent);
    release.join();
    return answers;
  }
  // Sends again the calls of `sent` from `from` on, all at once: each gets
  // its first answer back, marked as changing nothing.
  void ExpectRetriesReplayed(const std::vector<Sent>& sent,
                             const std::vector<Answer>& first, size_t from) {
    const std::vector<Sent> again(sent.begin() + from, sent.end());
    const std::vector<Answer> replayed = SaveAtOnce(again);
    for (size_t i = 0; i < again.size(); ++i) {
      ASSERT_TRUE(replayed[i].status.ok())
          << replayed[i].status.error_message();
      EXPECT_TRUE(replayed[i].replayed);
      EXPECT_EQ(replayed[i].sheet.SerializeAsString(),
                first[from + i].sheet.SerializeAsString());
    }
  }
  v1::ScoreSheet Own(const Account& who, const v1::Candidate& candidate) {
    v1::GetScoreSheetRequest req;
    req.set_candidate_id(candidate.id());
    v1::ScoreSheet out;
    EXPECT_TRUE(scoring().GetScoreSheet(As(who).get(), req, &out).ok());
    return out;
  }

  Cast c_;
  std::vector<Account> members_;
  std::string criterion_;
};

TEST_F(SheetBoxTest, SheetsSavedTogetherGetTheAnswersTheyWouldAlone) {
  ASSERT_NO_FATAL_FAILURE(Build(/*extra=*/24));
  const v1::Candidate& sam = c_.named;
  const v1::Candidate& robin = c_.anonymised;
  // Two saves alone first: one to retry, one whose id is reused.
  const v1::SaveScoreSheetRequest kept = Sheet("kept-1", sam, 3, "First.");
  v1::ScoreSheet kept_answer, ignored;
  ASSERT_TRUE(scoring()
                  .SaveScoreSheet(As(c_.su_member).get(), kept, &kept_answer)
                  .ok());
  ASSERT_TRUE(scoring()
                  .SaveScoreSheet(As(c_.staff_member).get(),
                                  Sheet("kept-2", sam, 1), &ignored)
                  .ok());
  const int64_t ledger_before = Count("request_ledger");

  const std::string tricky = "She said \"ready\" \\ {now}; naïve ✓\nNext line";
  std::vector<Sent> sent = {
      {c_.su_member.token, kept},
      {c_.staff_member.token, Sheet("kept-2", sam, 4)},
      {"eqs_not-a-real-token", Sheet("x-1", sam, 1)},
      {"", Sheet("x-2", sam, 1)},
      {c_.outsider.token, Sheet("x-3", sam, 1)},
      {c_.observer.token, Sheet("x-4", sam, 1)},
      {members_[0].token, Sheet("x-5", sam, 9)},
      {members_[1].token, Sheet("x-6", sam, 1, "", /*version=*/4)},
      {members_[2].token,
       [&] {
         v1::SaveScoreSheetRequest unknown = Sheet("x-7", sam, 1);
         unknown.set_candidate_id("987654");
         return unknown;
       }()},
      {members_[3].token, Sheet("", sam, 1)},
      // One person's two first saves, sent together: one is kept, the other
      // is told the sheet changed meanwhile.
      {members_[4].token, Sheet("twice-1", sam, 1)},
      {members_[4].token, Sheet("twice-2", sam, 2)},
  };
  const std::vector<grpc::StatusCode> refusals = {
      grpc::StatusCode::OK,                 // the retry
      grpc::StatusCode::INVALID_ARGUMENT,   // an id reused for a change
      grpc::StatusCode::UNAUTHENTICATED,    // a token that does not work
      grpc::StatusCode::UNAUTHENTICATED,    // no token
      grpc::StatusCode::PERMISSION_DENIED,  // not on a panel
      grpc::StatusCode::PERMISSION_DENIED,  // an observer does not score
      grpc::StatusCode::INVALID_ARGUMENT,   // a score off the scale
      grpc::StatusCode::ABORTED,            // a version never saved
      grpc::StatusCode::NOT_FOUND,          // no such candidate
      grpc::StatusCode::INVALID_ARGUMENT,   // no request id
  };
  const size_t plain_from = sent.size();
  for (size_t i = 5; i < members_.size(); ++i) {
    sent.push_back({members_[i].token,
                    Sheet(Api::NewId(), i % 3 ? sam : robin,
                          static_cast<int>(i % 5), i == 5 ? tricky : "Ok.")});
  }
  const std::vector<Answer> answers = SaveAllTogether(sent);

  for (size_t i = 0; i < refusals.size(); ++i) {
    EXPECT_EQ(answers[i].status.error_code(), refusals[i])
        << "save " << i << ": " << answers[i].status.error_message();
    if (refusals[i] != grpc::StatusCode::OK) {
      EXPECT_FALSE(answers[i].status.error_message().empty()) << i;
    }
  }
  EXPECT_THAT(answers[1].status.error_message(), HasSubstr("request_id"));
  EXPECT_THAT(answers[6].status.error_message(), HasSubstr("score"));
  // The retry gets the first answer, marked as changing nothing.
  EXPECT_EQ(answers[0].sheet.SerializeAsString(),
            kept_answer.SerializeAsString());
  EXPECT_TRUE(answers[0].replayed);
  // Of one person's two first saves, one is kept and one told to reload.
  const grpc::StatusCode a = answers[10].status.error_code();
  const grpc::StatusCode b = answers[11].status.error_code();
  EXPECT_TRUE((a == grpc::StatusCode::OK && b == grpc::StatusCode::ABORTED) ||
              (a == grpc::StatusCode::ABORTED && b == grpc::StatusCode::OK))
      << a << " " << b;

  // Each answer is the sheet as stored, exactly as reading it back gives it.
  for (size_t i = plain_from; i < sent.size(); ++i) {
    ASSERT_TRUE(answers[i].status.ok()) << answers[i].status.error_message();
    EXPECT_FALSE(answers[i].replayed);
    const v1::Candidate& candidate =
        sent[i].request.candidate_id() == sam.id() ? sam : robin;
    const v1::ScoreSheet stored = Own(members_[i - plain_from + 5], candidate);
    EXPECT_EQ(answers[i].sheet.SerializeAsString(), stored.SerializeAsString())
        << answers[i].sheet.DebugString() << stored.DebugString();
    EXPECT_EQ(stored.version(), 1u);
    EXPECT_EQ(stored.entries(0).score(), sent[i].request.entries(0).score());
  }
  EXPECT_EQ(answers[plain_from].sheet.entries(0).evidence(), tricky);

  // Exactly the saves acknowledged were written, each once, with its event
  // and ledger entry; nothing refused left a trace.
  const int64_t saved = 3 + static_cast<int64_t>(sent.size() - plain_from);
  EXPECT_EQ(Count("score_sheet_versions"), saved);
  EXPECT_EQ(Count("events WHERE action = 'score_sheet.saved'"), saved);
  EXPECT_EQ(Count("request_ledger"), ledger_before + saved - 2);
  // They really were written together, both candidates in one commit.
  EXPECT_GT(std::stoll(db_.Query(
                "SELECT max(n) FROM (SELECT count(*) AS n FROM events WHERE "
                "action = 'score_sheet.saved' GROUP BY xid) AS together")),
            5);
  EXPECT_EQ(db_.Query("SELECT max(n) FROM (SELECT count(DISTINCT subject) AS "
                      "n FROM events WHERE action = 'score_sheet.saved' "
                      "GROUP BY xid) AS together"),
            "2");

  // Each stored answer is the one given: retrying them all changes nothing.
  ExpectRetriesReplayed(sent, answers, plain_from);
  EXPECT_EQ(Count("score_sheet_versions"), saved);
}

// Submits sent together, as a panel finishing a candidate sends them, are
// written together with any saves beside them, and each gets the answer
// SubmitScoreSheet gives alone.
TEST_F(SheetBoxTest, SheetsSubmittedTogetherGetTheAnswersTheyWouldAlone) {
  ASSERT_NO_FATAL_FAILURE(Build(/*extra=*/12));
  const v1::Candidate& sam = c_.named;
  // Every member's sheet saved first (version 1); one lacks an overall
  // view, so it cannot be submitted.
  std::vector<Sent> saves;
  for (size_t i = 0; i < members_.size(); ++i) {
    saves.push_back({members_[i].token, Sheet("save-" + std::to_string(i), sam,
                                              static_cast<int>(i % 5))});
  }
  saves[2].request.clear_overall_view();
  saves.push_back({c_.su_member.token, Sheet("save-su", sam, 2)});
  for (const Answer& a : SaveAtOnce(saves)) {
    ASSERT_TRUE(a.status.ok()) << a.status.error_message();
  }
  // One submitted alone before, to submit again.
  v1::ScoreSheet first_submit;
  ASSERT_TRUE(scoring()
                  .SubmitScoreSheet(As(c_.su_member).get(),
                                    Submit("submit-su", sam, 1), &first_submit)
                  .ok());
  EXPECT_GT(first_submit.submitted_at_unix(), 0);
  const int64_t versions_before = Count("score_sheet_versions");

  std::vector<Sent> sent = {
      SubmitBy(c_.su_member, "submit-su-2", 2, sam),
      SubmitBy(members_[0], "x-1", 7, sam),
      SubmitBy(members_[1], "x-2", 0, c_.anonymised),
      SubmitBy(members_[2], "x-3", 1, sam),
      SubmitBy(members_[3], "save-3", 1, sam),
      SubmitBy(c_.observer, "x-4", 1, sam),
      SubmitBy(c_.outsider, "x-5", 1, sam),
      // A first save beside the submits, in the same batch.
      {c_.staff_member.token, Sheet("save-staff", sam, 3)},
  };
  const std::vector<grpc::StatusCode> expected = {
      grpc::StatusCode::OK,                   // submitted already
      grpc::StatusCode::ABORTED,              // a version never saved
      grpc::StatusCode::FAILED_PRECONDITION,  // nothing saved to submit
      grpc::StatusCode::FAILED_PRECONDITION,  // no overall view
      grpc::StatusCode::INVALID_ARGUMENT,     // its save's request id
      grpc::StatusCode::PERMISSION_DENIED,    // an observer does not score
      grpc::StatusCode::PERMISSION_DENIED,    // not on a panel
      grpc::StatusCode::OK,                   // the save
  };
  const size_t plain_from = sent.size();
  for (size_t i = 4; i < members_.size(); ++i) {
    sent.push_back(
        SubmitBy(members_[i], "submit-" + std::to_string(i), 1, sam));
  }
  const std::vector<Answer> answers = SaveAllTogether(sent);

  for (size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(answers[i].status.error_code(), expected[i])
        << "call " << i << ": " << answers[i].status.error_message();
  }
  EXPECT_THAT(answers[2].status.error_message(),
              HasSubstr("nothing to submit"));
  EXPECT_THAT(answers[4].status.error_message(), HasSubstr("request_id"));
  // Submitting again changes nothing and answers the sheet as it is.
  EXPECT_EQ(answers[0].sheet.SerializeAsString(),
            first_submit.SerializeAsString());

  // Each answer is the sheet as stored, exactly as reading it back gives it:
  // submitted, one version on, with the time it was submitted.
  for (size_t i = plain_from; i < sent.size(); ++i) {
    ASSERT_TRUE(answers[i].status.ok()) << answers[i].status.error_message();
    EXPECT_FALSE(answers[i].replayed);
    const v1::ScoreSheet stored = Own(members_[i - plain_from + 4], sam);
    EXPECT_EQ(answers[i].sheet.SerializeAsString(), stored.SerializeAsString())
        << answers[i].sheet.DebugString() << stored.DebugString();
    EXPECT_EQ(stored.state(), v1::SHEET_STATE_SUBMITTED);
    EXPECT_EQ(stored.version(), 2u);
    EXPECT_GT(stored.submitted_at_unix(), 0);
  }
  const int64_t submitted = static_cast<int64_t>(sent.size() - plain_from);
  EXPECT_EQ(Count("score_sheet_versions"), versions_before + submitted + 1);
  EXPECT_EQ(Count("events WHERE action = 'score_sheet.submitted'"),
            submitted + 1);
  // Each submit's request id kept as a submit's, the second submit of
  // the sheet submitted already included.
  EXPECT_EQ(Count("request_ledger WHERE method = 'SubmitScoreSheet'"),
            submitted + 2);
  // Written together: many in one commit.
  EXPECT_GT(std::stoll(db_.Query(
                "SELECT max(n) FROM (SELECT count(*) AS n FROM events WHERE "
                "action = 'score_sheet.submitted' GROUP BY xid) AS together")),
            4);

  // Retrying them changes nothing and gives the first answers.
  ExpectRetriesReplayed(sent, answers, plain_from);
  EXPECT_EQ(Count("score_sheet_versions"), versions_before + submitted + 1);
}

// A panel submitting together while its co-chair closes scoring: every
// submit acknowledged was stored before the close, and counts; every other
// is refused and leaves the sheet a draft.
TEST_F(SheetBoxTest, SubmitsRacingTheCloseAreCountedOrRefused) {
  ASSERT_NO_FATAL_FAILURE(Build(/*extra=*/24));
  const v1::Candidate& sam = c_.named;
  std::vector<Sent> saves, submits;
  for (size_t i = 0; i < members_.size(); ++i) {
    saves.push_back({members_[i].token, Sheet(Api::NewId(), sam, 2)});
    submits.push_back(SubmitBy(members_[i], Api::NewId(), 1, sam));
  }
  for (const Answer& a : SaveAtOnce(saves)) {
    ASSERT_TRUE(a.status.ok()) << a.status.error_message();
  }
  std::thread closer([&] {
    Api api(server_->grpc_addr());
    v1::CloseScoringResponse closed;
    EXPECT_TRUE(api.scoring()
                    .CloseScoring(api.Ctx(c_.su_chair.token).get(),
                                  CloseAnyway(c_.su), &closed)
                    .ok());
  });
  const std::vector<Answer> answers = SaveAtOnce(submits);
  closer.join();

  int acknowledged = 0;
  for (size_t i = 0; i < answers.size(); ++i) {
    const bool on_su = i % 2 == 0;  // As Build seats them.
    if (answers[i].status.ok()) {
      ++acknowledged;
      EXPECT_EQ(answers[i].sheet.state(), v1::SHEET_STATE_SUBMITTED);
    } else {
      // Only the closed panel's submits may be refused, for the close.
      EXPECT_TRUE(on_su) << answers[i].status.error_message();
      EXPECT_EQ(answers[i].status.error_code(),
                grpc::StatusCode::FAILED_PRECONDITION);
      EXPECT_THAT(answers[i].status.error_message(), HasSubstr("closed"));
    }
  }
  // Exactly the acknowledged submits are stored, and none after the close.
  EXPECT_EQ(Count("score_sheets WHERE state = 'SUBMITTED'"), acknowledged);
  EXPECT_EQ(db_.Query("SELECT coalesce(bool_and(s.submitted_at <= "
                      "p.scoring_closed_at), true) FROM score_sheets s JOIN "
                      "panels p ON p.id = s.panel_id WHERE p.id = " +
                      c_.su.id() + " AND s.state = 'SUBMITTED'"),
            "t");
}

// The batch's write checks that nothing it relies on changed since its
// read. If anything did, it writes nothing (and the server reads again), so
// a save after a panel's close, over another device's save, or with a
// replayed request id cannot slip in between the two statements.
TEST_F(SheetBoxTest, ABatchWriteFindingThingsChangedWritesNothing) {
  ASSERT_NO_FATAL_FAILURE(Build(/*extra=*/0));
  const std::vector<const Account*> both = {&c_.su_member, &c_.staff_member};
  const CandidateId sam = IdOf<CandidateId>(c_.named.id());
  pqxx::connection app(db_.url());  // As the server connects.
  pqxx::nontransaction txn(app);
  struct Prepared {
    scoring::SheetWritersRead read;
    std::vector<v1::ScoreSheet> sheets;
    std::vector<LedgerClaim> claims;
    std::vector<NewEvent> events;
  };
  // The servers' data key, so that what the test writes they can read.
  const privacy::DataKeys keys = *privacy::DataKeys::Parse(kTestDataKeys);
  // Reads as SheetBox does, each member saving the next version.
  auto prepare = [&](const std::vector<std::string>& request_ids,
                     const std::vector<const Account*>& members) {
    Prepared p;
    std::vector<scoring::SheetAsked> asked;
    for (size_t i = 0; i < members.size(); ++i) {
      asked.push_back(
          {.token = members[i]->token, .request_id = request_ids[i]});
    }
    p.read = scoring::ReadSheetWriters(txn, keys, sam, asked);
    for (size_t i = 0; i < members.size(); ++i) {
      const scoring::SheetWriter& w = *p.read.writers[i];
      v1::ScoreSheet& sheet =
          p.sheets.emplace_back(w.sheet.value_or(v1::ScoreSheet()));
      sheet.set_round_id(c_.round.id());
      sheet.set_candidate_id(c_.named.id());
      sheet.set_person_id(w.caller.person_id.str());
      sheet.set_panel_id(w.panel_id.str());
      sheet.set_state(v1::SHEET_STATE_DRAFT);
      sheet.set_version(sheet.version() + 1);
      p.claims.push_back({.person_id = w.caller.person_id,
                          .request_id = request_ids[i],
                          .method = "SaveScoreSheet",
                          .request_hash = "h"});
      p.events.push_back({.actor_id = w.caller.person_id,
                          .action = "score_sheet.saved",
                          .subject = "candidate/" + c_.named.id(),
                          .round_id = IdOf<RoundId>(c_.round.id()),
                          .payload_json = "{}"});
    }
    return p;
  };
  auto write = [&](const Prepared& p) {
    return scoring::WriteCheckedSheets(txn, keys, p.read, sam, p.sheets,
                                       p.claims, p.events);
  };
  auto written = [&] {
    return std::vector<int64_t>{Count("score_sheet_versions"),
                                Count("request_ledger"), Count("events")};
  };

  // Unchanged since the read: both written, as version 1.
  const auto before = written();
  EXPECT_EQ(write(prepare({"a-1", "b-1"}, both)).size(), 2u);
  EXPECT_EQ(written()[0], before[0] + 2);
  EXPECT_EQ(db_.Query("SELECT max(version) FROM score_sheets"), "1");

  // A sheet saved in between on another device: nothing is written.
  Prepared stale = prepare({"a-2", "b-2"}, both);
  v1::ScoreSheet ignored;
  ASSERT_TRUE(scoring()
                  .SaveScoreSheet(As(c_.su_member).get(),
                                  Sheet("phone", c_.named, 2, "", 1), &ignored)
                  .ok());
  auto after = written();
  EXPECT_THROW(write(stale), pqxx::serialization_failure);
  EXPECT_EQ(written(), after);

  // A request id claimed in between (a retry that raced its first attempt).
  Prepared raced = prepare({"a-3", "b-3"}, both);
  ASSERT_TRUE(scoring()
                  .SaveScoreSheet(As(c_.staff_member).get(),
                                  Sheet("b-3", c_.named, 2, "", 1), &ignored)
                  .ok());
  after = written();
  EXPECT_THROW(write(raced), pqxx::serialization_failure);
  EXPECT_EQ(written(), after);

  // The staff panel's scoring closed in between: a save after the close.
  Prepared late = prepare({"a-4", "b-4"}, both);
  v1::CloseScoringResponse closed;
  ASSERT_TRUE(scoring()
                  .CloseScoring(As(c_.staff_chair).get(), CloseAnyway(c_.staff),
                                &closed)
                  .ok());
  after = written();
  EXPECT_THROW(write(late), pqxx::serialization_failure);
  EXPECT_EQ(written(), after);

  // A conflict of interest with the candidate declared in between.
  Prepared conflicted = prepare({"a-5"}, {&c_.su_member});
  v1::DeclareConflictRequest conflict;
  conflict.set_request_id(Api::NewId());
  conflict.set_candidate_id(c_.named.id());
  conflict.set_reason("We worked together last year.");
  v1::Conflict declared;
  ASSERT_TRUE(panels()
                  .DeclareConflict(As(c_.su_member).get(), conflict, &declared)
                  .ok());
  after = written();
  EXPECT_THROW(write(conflicted), pqxx::serialization_failure);
  EXPECT_EQ(written(), after);
}

}  // namespace
}  // namespace equalsay::testing
