// An upgrade from the first release: its schema (migrations 0001-0008)
// holding a decided round, then today's server started on it. The newer
// migrations apply, what the first release recorded reads the same, work
// goes on from it, and the audit trail is intact.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "absl/strings/match.h"
#include "equalsay/v1/consensus.grpc.pb.h"
#include "equalsay/v1/panels.grpc.pb.h"
#include "services/common/store/migrations.h"
#include "tests/support/api.h"
#include "tests/support/scratch_database.h"
#include "tests/support/server_process.h"

namespace equalsay::testing {
namespace {

constexpr char kToken[] = "eqs_upgrade-fixture-token-0123456789abcdefghij";
constexpr int kFirstReleaseMigrations = 8;

TEST(UpgradeTest, TheFirstReleasesDataUpgradesAndReadsTheSame) {
  ScratchDatabase db;
  if (db.owner_url().empty()) GTEST_SKIP() << "needs the owner role";
  {  // The first release's schema and data, as its owner left them.
    auto plan = PlanMigrations(EmbeddedMigrations());
    ASSERT_TRUE(plan.ok()) << plan.status();
    std::vector<Migration> first(plan->begin(),
                                 plan->begin() + kFirstReleaseMigrations);
    ASSERT_EQ(first.back().version, kFirstReleaseMigrations);
    pqxx::connection owner(db.owner_url());
    ASSERT_TRUE(MigrateAndThen(owner, first, [](pqxx::connection&) {
                  return absl::OkStatus();
                }).ok());
    std::ifstream in(std::string(EQUALSAY_SOURCE_DIR) +
                     "/tests/integration/upgrade/first_release.sql");
    std::stringstream sql;
    sql << in.rdbuf();
    pqxx::work txn(owner);
    txn.exec(sql.str());
    txn.commit();
  }

  ServerProcess server(
      {.database_url = db.url(),
       .env = {{"EQUALSAY_OWNER_DATABASE_URL", db.owner_url()}}});
  ASSERT_TRUE(server.WaitUntilServing().ok());
  EXPECT_EQ(db.Query("SELECT count(*) FROM schema_migrations"),
            std::to_string(EmbeddedMigrations().size()));
  Api api(server.grpc_addr());

  // What the first release recorded reads the same.
  v1::GetRoundRequest get_round;
  get_round.set_round_id("1");
  v1::Round round;
  ASSERT_TRUE(
      api.panels().GetRound(api.Ctx(kToken).get(), get_round, &round).ok());
  EXPECT_EQ(round.state(), v1::ROUND_STATE_DECIDED);
  EXPECT_EQ(round.panels_size(), 2);
  v1::GetOutcomeRequest get_outcome;
  get_outcome.set_decision_id("1");
  v1::Outcome outcome;
  ASSERT_TRUE(api.consensus()
                  .GetOutcome(api.Ctx(kToken).get(), get_outcome, &outcome)
                  .ok());
  EXPECT_EQ(outcome.result(), v1::OUTCOME_RESULT_AGREED);
  EXPECT_EQ(outcome.ballots_size(), 4);
  EXPECT_TRUE(absl::StrContains(outcome.explanation(), "All panels agreed"))
      << outcome.explanation();
  v1::GetMinutesRequest get_minutes;
  get_minutes.set_round_id("1");
  v1::Minutes minutes;
  ASSERT_TRUE(api.consensus()
                  .GetMinutes(api.Ctx(kToken).get(), get_minutes, &minutes)
                  .ok());
  EXPECT_TRUE(absl::StrContains(minutes.markdown(),
                                "Appoint Candidate A to the post?"));

  // Work goes on from it: HR offers the post the panels agreed on.
  const Account admin{.id = "1", .token = kToken};
  const Account hr = api.NewPerson(admin, "Second HR", v1::ORG_ROLE_HR);
  v1::ConfirmOutcomeRequest confirm;
  confirm.set_request_id(Api::NewId());
  confirm.set_decision_id("1");
  confirm.set_action(v1::CONFIRMATION_ACTION_OFFER_MADE);
  v1::Confirmation confirmation;
  const grpc::Status confirmed = api.consensus().ConfirmOutcome(
      api.Ctx(hr.token).get(), confirm, &confirmation);
  EXPECT_TRUE(confirmed.ok()) << confirmed.error_message();

  // The old events and the new are sealed into one intact chain (as soon
  // as no transaction anywhere in the cluster, another test's included,
  // holds the sealer back).
  v1::AuditReport report;
  for (int i = 0; i < 300; ++i) {
    ASSERT_TRUE(api.consensus()
                    .VerifyAuditTrail(api.Ctx(kToken).get(), {}, &report)
                    .ok());
    if (report.sealed() >= 10 && report.sealed() == report.events()) break;
    absl::SleepFor(absl::Milliseconds(100));
  }
  EXPECT_TRUE(report.intact()) << report.explanation();
  EXPECT_GE(report.sealed(), 10);
  EXPECT_EQ(server.Stop(), 0);
}

}  // namespace
}  // namespace equalsay::testing
