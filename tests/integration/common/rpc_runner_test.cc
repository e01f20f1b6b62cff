// The runner's batched path keeps the one-call path's contract: the
// method's row of the access table, a guard against writing for a caller it
// did not authorise, and the live feed only after the commit.
#include "services/common/service/rpc_runner.h"

#include <gtest/gtest.h>

#include <utility>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "equalsay/v1/consensus.pb.h"
#include "services/common/store/migrations.h"
#include "services/consensus/rules/access_table.h"
#include "tests/support/scratch_database.h"
#include "tests/support/server_process.h"

namespace equalsay::testing {
namespace {

class HeardFeed : public ChangeFeed {
 public:
  void Committed(RoundId round_id, int64_t seq) override {
    heard.emplace_back(round_id, seq);
  }
  void AccessChanged() override {}
  std::vector<std::pair<RoundId, int64_t>> heard;
};

class RunBatchTest : public ::testing::Test {
 protected:
  RunBatchTest()
      : pool_({.url = db_.url(), .size = 1}),
        runner_(pool_, consensus::ConsensusAccessTable(), keys_, &feed_) {
    // Answers are locked under the day's key, kept in subject_keys.
    pqxx::connection conn(db_.url());
    const auto plan = PlanMigrations(EmbeddedMigrations());
    EXPECT_TRUE(plan.ok() && MigrateAndThen(conn, *plan, [](pqxx::connection&) {
                               return absl::OkStatus();
                             }).ok());
  }

  absl::Status Run(absl::FunctionRef<absl::Status(BatchCall&)> write,
                   absl::string_view method = "CastBallot") {
    return runner_.RunBatch(method, Isolation::kEachStatement, write);
  }

  ScratchDatabase db_;
  DbPool pool_;
  HeardFeed feed_;
  const privacy::DataKeys keys_ = *privacy::DataKeys::Parse(kTestDataKeys);
  RpcRunner runner_;
  const Caller member_{.person_id = PersonId(7),
                       .org_role = v1::ORG_ROLE_MEMBER};
  const Caller observer_{.person_id = PersonId(8),
                         .org_role = v1::ORG_ROLE_MEMBER};
  const Admission change_{
      .token = "t", .request_id = "r1", .request_hash = "h"};
};

TEST_F(RunBatchTest, WritesOnlyForCallersTheAccessTableAllows) {
  v1::Ballot answer;
  answer.set_decision_id("3");
  const absl::Status status = Run([&](BatchCall& batch) -> absl::Status {
    EXPECT_TRUE(batch.Authorize(member_, v1::PANEL_ROLE_MEMBER));
    // An observer does not vote: CastBallot's row refuses them.
    EXPECT_FALSE(batch.Authorize(observer_, v1::PANEL_ROLE_OBSERVER));
    EXPECT_FALSE(batch.Authorize(observer_, std::nullopt));
    absl::StatusOr<LedgerClaim> claim =
        batch.Claim(PersonId(7), change_, answer);
    EXPECT_TRUE(claim.ok());
    EXPECT_EQ(claim->request_id, "r1");
    EXPECT_EQ(claim->request_hash, "h");
    // Kept for retries locked under today's key, which opens it.
    if (!claim->answer.has_value()) return absl::InternalError("no answer");
    EXPECT_EQ(claim->answer->substr(0, 11),
              absl::FormatTime("%Y-%m-%d:", absl::Now(), absl::UTCTimeZone()));
    EXPECT_NE(*claim->answer, absl::Base64Escape(Serialize(answer)));
    privacy::TextOpener opener(batch.txn(), keys_);
    EXPECT_EQ(privacy::OpenAnswer(opener, *claim->answer), Serialize(answer));
    batch.Committed(RoundId(5), {10, 11});
    // Heard only once the write has committed.
    EXPECT_TRUE(feed_.heard.empty());
    return absl::OkStatus();
  });
  ASSERT_TRUE(status.ok()) << status;
  EXPECT_EQ(feed_.heard, (std::vector<std::pair<RoundId, int64_t>>{
                             {RoundId(5), 10}, {RoundId(5), 11}}));
}

// The guard Run keeps for one call: a claim for a caller the write never
// authorised (or one the table refused) fails the whole batch, and nothing
// reaches the feed.
TEST_F(RunBatchTest, AClaimForACallerNotAuthorisedFailsTheBatch) {
  for (const bool asked : {false, true}) {
    const absl::Status status = Run([&](BatchCall& batch) -> absl::Status {
      if (asked) batch.Authorize(observer_, v1::PANEL_ROLE_OBSERVER);
      batch.Committed(RoundId(5), {12});
      return batch.Claim(PersonId(8), change_, v1::Ballot()).status();
    });
    EXPECT_EQ(status.code(), absl::StatusCode::kInternal) << asked;
  }
  EXPECT_TRUE(feed_.heard.empty());
}

// A batch may write calls to more than one method (score sheets saved and
// submitted together): each call is checked against its own method's row,
// and its ledger claim names that method.
TEST_F(RunBatchTest, EachCallIsCheckedAgainstItsOwnMethodsRow) {
  v1::Ballot answer;
  const absl::Status status = Run([&](BatchCall& batch) -> absl::Status {
    // An observer may see the round's decisions, but not vote.
    EXPECT_TRUE(
        batch.Authorize(observer_, v1::PANEL_ROLE_OBSERVER, "GetDecision"));
    EXPECT_FALSE(batch.Authorize(observer_, v1::PANEL_ROLE_OBSERVER));
    EXPECT_FALSE(
        batch.Authorize(member_, v1::PANEL_ROLE_MEMBER, "NoSuchMethod"));
    // Allowed one method, the observer's call to another claims nothing.
    EXPECT_EQ(batch.Claim(PersonId(8), change_, answer).status().code(),
              absl::StatusCode::kInternal);
    EXPECT_EQ(
        batch.Claim(PersonId(8), change_, answer, "CastBallot").status().code(),
        absl::StatusCode::kInternal);
    absl::StatusOr<LedgerClaim> claim =
        batch.Claim(PersonId(8), change_, answer, "GetDecision");
    EXPECT_TRUE(claim.ok()) << claim.status();
    if (claim.ok()) {
      EXPECT_EQ(claim->method, "GetDecision");
    }
    EXPECT_TRUE(batch.Authorize(member_, v1::PANEL_ROLE_MEMBER));
    claim = batch.Claim(PersonId(7), change_, answer);
    EXPECT_TRUE(claim.ok()) << claim.status();
    if (claim.ok()) {
      EXPECT_EQ(claim->method, "CastBallot");
    }
    return absl::OkStatus();
  });
  EXPECT_TRUE(status.ok()) << status;
}

TEST_F(RunBatchTest, AMethodWithoutARowIsRefused) {
  bool ran = false;
  const absl::Status status = Run(
      [&](BatchCall&) {
        ran = true;
        return absl::OkStatus();
      },
      "NoSuchMethod");
  EXPECT_EQ(status.code(), absl::StatusCode::kInternal);
  EXPECT_FALSE(ran);
}

}  // namespace
}  // namespace equalsay::testing
