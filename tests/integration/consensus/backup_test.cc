// A logical backup (pg_dump, as the README says) taken while members vote,
// restored into a new database: every ballot acknowledged before the backup
// began is there, and a server on the restored database finds the audit
// trail intact, ending in a seal the original had.
#include <gtest/gtest.h>

#include <filesystem>

#include "absl/strings/str_cat.h"
#include "tests/integration/consensus/consensus_fixture.h"
#include "tests/support/process.h"
#include "tests/support/test_env.h"
#include "tests/support/write_load.h"

namespace equalsay::testing {
namespace {

namespace fs = std::filesystem;

TEST_F(ConsensusServiceTest, ABackupTakenWhileMembersVoteRestoresWhole) {
  if (db_.owner_url().empty()) GTEST_SKIP() << "needs the owner role";
  const Steering s = BuildSteering(/*members=*/5);
  const v1::Decision d =
      Put(admin_,
          Request(s.round, "", v1::DECISION_METHOD_YES_NO, v1::SECRECY_NAMED));
  WriteLoad::Plan plan{.grpc_addr = server_->grpc_addr(),
                       .decision_id = d.id()};
  for (const Account* who : s.Voters()) plan.voters.push_back(*who);
  WriteLoad load(plan);
  absl::SleepFor(absl::Milliseconds(800));

  // What was acknowledged before the backup began must all be in it, and
  // so must the last seal the operator kept (the sealer runs each second;
  // on a busy machine the first seal may come later than that).
  std::string kept;
  for (const absl::Time until = absl::Now() + absl::Seconds(10);
       kept.empty() && absl::Now() < until;
       absl::SleepFor(absl::Milliseconds(100))) {
    kept =
        db_.Query("SELECT hash FROM audit_seals ORDER BY seal_no DESC LIMIT 1");
  }
  ASSERT_FALSE(kept.empty());
  const std::map<std::string, int> before = load.AcknowledgedBallots();
  const fs::path dump =
      fs::temp_directory_path() / ("equalsay-backup-" + Api::NewId());
  std::string out, err;
  ASSERT_EQ(RunCommand({absl::StrCat(kPgBin, "pg_dump"), "--format=custom",
                        "--file", dump.string(), db_.owner_url()},
                       {}, &out, &err),
            0)
      << err;
  absl::SleepFor(absl::Milliseconds(300));  // Writes go on meanwhile.
  load.Stop();
  ASSERT_GT(load.acknowledged(), 0);

  ScratchDatabase restored;
  ASSERT_EQ(RunCommand({absl::StrCat(kPgBin, "pg_restore"), "--no-owner",
                        "--role=equalsay_owner", "--exit-on-error", "--dbname",
                        restored.owner_url(), dump.string()},
                       {}, &out, &err),
            0)
      << err;
  fs::remove(dump);
  int present = 0;
  for (const Account& voter : plan.voters) {
    auto it = before.find(voter.id);
    const int acked = it == before.end() ? 0 : it->second;
    const int stored = std::stoi(restored.Query(absl::StrCat(
        "SELECT count(*) FROM ballot_versions WHERE decision_id = ", d.id(),
        " AND person_id = ", voter.id)));
    EXPECT_GE(stored, acked) << "ballots of person " << voter.id;
    present += stored;
  }
  EXPECT_GT(present, 0);

  // A server on the restored database finds the trail intact (sealing, as
  // the original would have, what was not sealed yet), and the seal kept
  // from before the backup is in it: nothing before it was changed.
  ServerProcess server(
      {.database_url = restored.url(),
       .bootstrap_token = kAdminToken,
       .env = {{"EQUALSAY_OWNER_DATABASE_URL", restored.owner_url()}}});
  ASSERT_TRUE(server.WaitUntilServing().ok());
  ASSERT_EQ(RunCommand({EQUALSAY_CLI_BIN, "--server", server.grpc_addr(),
                        "--token", kAdminToken, "audit", "verify"},
                       {}, &out, &err),
            0)
      << out << err;
  EXPECT_NE(out.find("The audit trail is intact"), std::string::npos) << out;
  EXPECT_EQ(restored.Query(absl::StrCat(
                "SELECT count(*) FROM audit_seals WHERE hash = '", kept, "'")),
            "1");
  EXPECT_EQ(server.Stop(), 0);
}

}  // namespace
}  // namespace equalsay::testing
