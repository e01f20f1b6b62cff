// Faults injected on purpose, under load: the server killed outright (no
// shutdown, no flushing) again and again while members vote and score. Every
// write the server acknowledged must be in the database afterwards, and a
// request retried with the same request id must never count twice.
#include <gtest/gtest.h>
#include <signal.h>

#include "tests/integration/consensus/consensus_fixture.h"
#include "tests/support/write_load.h"

namespace equalsay::testing {
namespace {

TEST_F(ConsensusServiceTest, NothingAcknowledgedIsLostWhenTheServerIsKilled) {
  const Steering s = BuildSteering(/*members=*/15);  // 32 voters.
  const Cast c = BuildRecruitment(/*open=*/true);
  const v1::Decision d =
      Put(admin_,
          Request(s.round, "", v1::DECISION_METHOD_YES_NO, v1::SECRECY_NAMED));
  WriteLoad::Plan plan{.grpc_addr = server_->grpc_addr(),
                       .decision_id = d.id(),
                       .candidate_ids = {c.named.id(), c.anonymised.id()},
                       .criterion_id = c.round.criteria(0).id()};
  for (const Account* who : s.Voters()) {
    if (plan.voters.size() < 24) plan.voters.push_back(*who);
  }
  plan.scorers = {c.su_chair, c.su_member, c.staff_chair, c.staff_member};
  const int grpc_port = server_->grpc_port();
  const std::string http = server_->http_addr();
  const int http_port = std::stoi(http.substr(http.rfind(':') + 1));

  WriteLoad load(plan);  // 24 voters and 8 sheets: 32 clients.
  int before = 0;
  for (int kill = 0; kill < 5; ++kill) {
    // Writes flowing again (clients reconnect on their own) before each kill.
    const absl::Time until = absl::Now() + absl::Seconds(10);
    while (load.acknowledged() < before + 50 && absl::Now() < until) {
      absl::SleepFor(absl::Milliseconds(20));
    }
    EXPECT_GE(load.acknowledged(), before + 50)
        << "no progress before kill " << kill;
    absl::SleepFor(absl::Milliseconds(200));  // Kill in mid-flow.
    before = load.acknowledged();
    api_.reset();
    server_->process().Signal(SIGKILL);
    for (int i = 0; i < 100 && server_->process().Running(); ++i) {
      absl::SleepFor(absl::Milliseconds(20));
    }
    std::map<std::string, std::string> env = ServerEnv();
    env.emplace("EQUALSAY_OWNER_DATABASE_URL", db_.owner_url());
    server_ = std::make_unique<ServerProcess>(
        ServerOptions{.database_url = db_.url(),
                      .bootstrap_token = kAdminToken,
                      .env = std::move(env),
                      .grpc_port = grpc_port,
                      .http_port = http_port});
    ASSERT_TRUE(server_->WaitUntilServing().ok());
    api_ = std::make_unique<Api>(server_->grpc_addr());
  }
  absl::SleepFor(absl::Milliseconds(500));
  load.Stop();
  EXPECT_GT(load.acknowledged(), before);
  EXPECT_FALSE(load.failures().empty()) << "the kills were never noticed";
  load.ExpectEachAcknowledgedWriteStoredOnce(db_);
}

}  // namespace
}  // namespace equalsay::testing
