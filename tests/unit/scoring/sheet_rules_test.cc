#include "services/scoring/rules/sheet_rules.h"

#include <gtest/gtest.h>

namespace equalsay::scoring {
namespace {

std::vector<v1::Criterion> Criteria() {
  v1::Criterion c;
  c.set_id("7");
  c.set_question("How well would they listen?");
  for (int v : {0, 1, 2, 3, 4}) {
    auto* p = c.add_scale();
    p->set_value(v);
    p->set_words("words");
  }
  v1::Criterion d = c;
  d.set_id("8");
  return {c, d};
}

google::protobuf::RepeatedPtrField<v1::ScoreEntry> Entries(
    std::vector<std::pair<std::string, std::optional<int>>> items) {
  google::protobuf::RepeatedPtrField<v1::ScoreEntry> out;
  for (const auto& [id, score] : items) {
    v1::ScoreEntry* e = out.Add();
    e->set_criterion_id(id);
    if (score.has_value()) e->set_score(*score);
  }
  return out;
}

TEST(CheckEntriesTest, AcceptsScoresOnTheScaleAndBlanks) {
  EXPECT_TRUE(
      CheckEntries(Entries({{"7", 4}, {"8", std::nullopt}}), Criteria()).ok());
  EXPECT_TRUE(CheckEntries(Entries({}), Criteria()).ok());
}

TEST(CheckEntriesTest, RefusalsNameTheEntry) {
  absl::Status s = CheckEntries(Entries({{"7", 5}}), Criteria());
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(s.message(),
            "entries[0].score must be one of 0, 1, 2, 3, 4 (the scale for "
            "\"How well would they listen?\"); got 5");
  s = CheckEntries(Entries({{"7", -1}}), Criteria());
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  s = CheckEntries(Entries({{"7", 1}, {"99", 1}}), Criteria());
  EXPECT_EQ(s.message(),
            "entries[1].criterion_id \"99\" is not a criterion of this round");
  s = CheckEntries(Entries({{"7", 1}, {"7", 2}}), Criteria());
  EXPECT_EQ(s.message(),
            "entries[1].criterion_id 7 appears twice: give each criterion "
            "once");
  s = CheckEntries(Entries({{"7", 1}, {"8", 1}, {"7", 1}}), Criteria());
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  auto long_evidence = Entries({{"7", 1}});
  long_evidence[0].set_evidence(std::string(kMaxEvidence + 1, 'x'));
  s = CheckEntries(long_evidence, Criteria());
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("entries[0].evidence"), std::string::npos);
  auto multiline = Entries({{"7", 1}});
  multiline[0].set_evidence("Said so.\nTwice.");
  EXPECT_TRUE(CheckEntries(multiline, Criteria()).ok());
}

TEST(CheckReadyToSubmitTest, NeedsAViewAndAScore) {
  v1::ScoreSheet sheet;
  absl::Status s = CheckReadyToSubmit(sheet);
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(s.message(),
            "This sheet cannot be submitted yet. Save it with your overall "
            "view (appointable, not appointable or unsure) and a score for at "
            "least one criterion, then submit.");
  sheet.set_overall_view(v1::OVERALL_VIEW_UNSURE);
  sheet.add_entries()->set_criterion_id("7");
  EXPECT_FALSE(CheckReadyToSubmit(sheet).ok());  // A blank is not a score.
  sheet.mutable_entries(0)->set_score(0);        // Zero is a score.
  EXPECT_TRUE(CheckReadyToSubmit(sheet).ok());
}

TEST(CheckVersionTest, StaleSavesAreAbortedWithAReloadMessage) {
  EXPECT_TRUE(CheckVersion(0, 0).ok());
  EXPECT_TRUE(CheckVersion(3, 3).ok());
  const absl::Status s = CheckVersion(2, 3);
  EXPECT_EQ(s.code(), absl::StatusCode::kAborted);
  EXPECT_NE(s.message().find("Reload the sheet"), std::string::npos);
  EXPECT_EQ(CheckVersion(0, 1).code(), absl::StatusCode::kAborted);
  EXPECT_EQ(CheckVersion(1, 0).code(), absl::StatusCode::kAborted);
}

TEST(CheckCanWriteTest, EachReasonToRefuse) {
  const ScoringSeat ok{.role = v1::PANEL_ROLE_MEMBER, .round_scoring = true};
  EXPECT_TRUE(CheckCanWrite(ok).ok());
  ScoringSeat chair = ok;
  chair.role = v1::PANEL_ROLE_CO_CHAIR;
  EXPECT_TRUE(CheckCanWrite(chair).ok());

  ScoringSeat observer = ok;
  observer.role = v1::PANEL_ROLE_OBSERVER;
  EXPECT_EQ(CheckCanWrite(observer).code(),
            absl::StatusCode::kPermissionDenied);
  ScoringSeat not_scoring = ok;
  not_scoring.round_scoring = false;
  EXPECT_EQ(CheckCanWrite(not_scoring).code(),
            absl::StatusCode::kFailedPrecondition);
  ScoringSeat closed = ok;
  closed.panel_closed = true;
  EXPECT_EQ(CheckCanWrite(closed).message(),
            "Your panel's scoring is closed, so sheets can no longer be "
            "changed.");
  ScoringSeat recused = ok;
  recused.recused = true;
  EXPECT_EQ(CheckCanWrite(recused).code(),
            absl::StatusCode::kFailedPrecondition);
  ScoringSeat withdrawn = ok;
  withdrawn.candidate_withdrawn = true;
  EXPECT_EQ(CheckCanWrite(withdrawn).code(),
            absl::StatusCode::kFailedPrecondition);
}

// Every check a save makes, whichever path it takes (alone or in a batch),
// in one table: what is asked, over which sheet, and what comes of it.
TEST(SavedSheetTest, EachSaveOverEachSheet) {
  v1::ScoreSheet draft;
  draft.set_state(v1::SHEET_STATE_DRAFT);
  draft.set_version(2);
  v1::ScoreSheet submitted = draft;
  submitted.set_state(v1::SHEET_STATE_SUBMITTED);
  submitted.set_overall_view(v1::OVERALL_VIEW_APPOINTABLE);
  const v1::ScoreSheet fresh;  // Never saved: version 0.
  struct Case {
    const char* what;
    const v1::ScoreSheet& over;
    uint32_t version;
    std::vector<std::pair<std::string, std::optional<int>>> entries;
    int view;
    absl::StatusCode want;
  };
  const Case cases[] = {
      {"a first save", fresh, 0, {{"7", 3}}, 0, absl::StatusCode::kOk},
      {"a first save, blank", fresh, 0, {{"7", {}}}, 0, absl::StatusCode::kOk},
      {"over the version read", draft, 2, {{"8", 1}}, 2, absl::StatusCode::kOk},
      {"over an older version",
       draft,
       1,
       {{"7", 3}},
       0,
       absl::StatusCode::kAborted},
      {"a version never saved",
       fresh,
       3,
       {{"7", 3}},
       0,
       absl::StatusCode::kAborted},
      {"off the scale",
       draft,
       2,
       {{"7", 5}},
       0,
       absl::StatusCode::kInvalidArgument},
      {"an unknown criterion",
       draft,
       2,
       {{"9", 1}},
       0,
       absl::StatusCode::kInvalidArgument},
      {"an unknown overall view",
       draft,
       2,
       {{"7", 1}},
       99,
       absl::StatusCode::kInvalidArgument},
      {"amending, still complete",
       submitted,
       2,
       {{"7", 1}},
       1,
       absl::StatusCode::kOk},
      {"amending away every score",
       submitted,
       2,
       {{"7", {}}},
       1,
       absl::StatusCode::kFailedPrecondition},
      {"amending away the view",
       submitted,
       2,
       {{"7", 1}},
       0,
       absl::StatusCode::kFailedPrecondition},
  };
  for (const Case& c : cases) {
    v1::SaveScoreSheetRequest request;
    request.set_version(c.version);
    *request.mutable_entries() = Entries(c.entries);
    request.set_overall_view(static_cast<v1::OverallView>(c.view));
    const absl::StatusOr<v1::ScoreSheet> saved =
        SavedSheet(request, Criteria(), c.over);
    EXPECT_EQ(saved.status().code(), c.want) << c.what;
    if (!saved.ok()) continue;
    // The new content over the sheet as it was: state and version kept.
    EXPECT_EQ(saved->entries_size(), 1) << c.what;
    EXPECT_EQ(saved->entries(0).criterion_id(), c.entries[0].first) << c.what;
    EXPECT_EQ(saved->overall_view(), c.view) << c.what;
    EXPECT_EQ(saved->state(), c.over.state()) << c.what;
    EXPECT_EQ(saved->version(), c.over.version()) << c.what;
  }
}

TEST(SubmittedSheetTest, EachSubmitOfEachSheet) {
  v1::ScoreSheet complete;
  complete.set_state(v1::SHEET_STATE_DRAFT);
  complete.set_version(2);
  complete.set_overall_view(v1::OVERALL_VIEW_APPOINTABLE);
  *complete.mutable_entries() = Entries({{"7", 3}});
  v1::ScoreSheet no_view = complete;
  no_view.clear_overall_view();
  v1::ScoreSheet no_score = complete;
  *no_score.mutable_entries() = Entries({{"7", {}}});
  v1::ScoreSheet submitted = complete;
  submitted.set_state(v1::SHEET_STATE_SUBMITTED);
  const v1::ScoreSheet fresh;  // Never saved: version 0.
  struct Case {
    const char* what;
    const v1::ScoreSheet& sheet;
    uint32_t version;
    absl::StatusCode want;
    bool writes;  // Whether there is a new version to write.
  };
  const Case cases[] = {
      {"a complete draft", complete, 2, absl::StatusCode::kOk, true},
      {"submitted already", submitted, 2, absl::StatusCode::kOk, false},
      {"nothing saved yet", fresh, 0, absl::StatusCode::kFailedPrecondition},
      {"an older version", complete, 1, absl::StatusCode::kAborted},
      {"submitted, an older version", submitted, 1, absl::StatusCode::kAborted},
      {"no overall view", no_view, 2, absl::StatusCode::kFailedPrecondition},
      {"no score", no_score, 2, absl::StatusCode::kFailedPrecondition},
  };
  for (const Case& c : cases) {
    v1::SubmitScoreSheetRequest request;
    request.set_version(c.version);
    const absl::StatusOr<std::optional<v1::ScoreSheet>> out =
        SubmittedSheet(request, c.sheet);
    EXPECT_EQ(out.status().code(), c.want) << c.what;
    if (!out.ok()) continue;
    EXPECT_EQ(out->has_value(), c.writes) << c.what;
    if (!out->has_value()) continue;
    // The sheet as it was, now submitted; the store sets the version.
    v1::ScoreSheet want = c.sheet;
    want.set_state(v1::SHEET_STATE_SUBMITTED);
    EXPECT_EQ((*out)->SerializeAsString(), want.SerializeAsString()) << c.what;
  }
}

}  // namespace
}  // namespace equalsay::scoring
