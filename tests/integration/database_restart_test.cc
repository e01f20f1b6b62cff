// Health follows the database: PostgreSQL is really stopped and started,
// and really frozen and thawed (scripts/test provides the commands). The
// same server process must report NOT_SERVING, then SERVING again, without
// a restart, while its "liveness" service stays SERVING throughout; and
// while the database is frozen, every call answers within its deadline and
// the "liveness" probe answers at once, however many writes wait.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <thread>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "tests/integration/consensus/consensus_fixture.h"
#include "tests/support/api.h"
#include "tests/support/scratch_database.h"
#include "tests/support/server_process.h"
#include "tests/support/test_env.h"
#include "tests/support/write_load.h"

namespace equalsay::testing {
namespace {

using grpc::health::v1::HealthCheckResponse;

TEST(DatabaseRestartTest, HealthFollowsPostgresWithoutRestartingServer) {
  const std::string stop = RequireEnv("EQUALSAY_TEST_PG_STOP");
  const std::string start = RequireEnv("EQUALSAY_TEST_PG_START");
  ScratchDatabase db;
  ServerProcess server({.database_url = db.url()});
  ASSERT_TRUE(server.WaitUntilServing().ok());
  const pid_t pid = server.process().pid();
  EXPECT_EQ(server.HttpGet("/healthz"), 200);

  ASSERT_EQ(std::system(stop.c_str()), 0);
  const bool went_down =
      server.WaitForHealth(HealthCheckResponse::NOT_SERVING, absl::Seconds(15));
  const int http_down = server.HttpGet("/healthz");
  // Liveness probes must not restart a server because its database is down.
  const ServingStatus alive = server.Health("liveness");
  // Whatever happened, bring PostgreSQL back for the tests after this one.
  ASSERT_EQ(std::system(start.c_str()), 0);
  EXPECT_TRUE(went_down);
  EXPECT_EQ(http_down, 503);
  EXPECT_EQ(alive, HealthCheckResponse::SERVING);

  EXPECT_TRUE(
      server.WaitForHealth(HealthCheckResponse::SERVING, absl::Seconds(15)));
  EXPECT_EQ(server.HttpGet("/healthz"), 200);
  EXPECT_TRUE(server.process().Running());
  EXPECT_EQ(server.process().pid(), pid);
  EXPECT_EQ(server.Stop(), 0);
}

// A frozen PostgreSQL (every process stopped with SIGSTOP) answers nothing,
// not even TCP keepalives' or statement timeouts' way: calls must still end
// within their deadline with UNAVAILABLE, readiness must turn off, and all
// must recover when it thaws, with the same server process.
TEST(DatabaseRestartTest, AFrozenDatabaseNeverHangsACall) {
  const std::string freeze = RequireEnv("EQUALSAY_TEST_PG_FREEZE");
  const std::string thaw = RequireEnv("EQUALSAY_TEST_PG_THAW");
  const std::string admin = "eqs_frozen-test-admin-token-0123456789abcdef";
  ScratchDatabase db;
  ServerProcess server({.database_url = db.url(),
                        .bootstrap_token = admin,
                        .env = {{"EQUALSAY_DB_CALL_TIMEOUT_MS", "2000"}}});
  ASSERT_TRUE(server.WaitUntilServing().ok());
  Api api(server.grpc_addr());
  const Account admin_account{.id = "1", .token = admin};
  api.NewPerson(admin_account, "Before the freeze", v1::ORG_ROLE_MEMBER);

  ASSERT_EQ(std::system(freeze.c_str()), 0);
  struct Answer {
    grpc::StatusCode code;
    absl::Duration took;
  };
  absl::Mutex mu;
  std::vector<Answer> answers;
  std::vector<std::thread> callers;
  for (int i = 0; i < 8; ++i) {
    callers.emplace_back([&, i] {
      auto ctx = api.Ctx(admin);
      ctx->set_deadline(std::chrono::system_clock::now() +
                        std::chrono::seconds(4));
      const absl::Time start = absl::Now();
      grpc::Status status;
      if (i % 2 == 0) {
        v1::ListRoundsResponse rounds;
        status = api.panels().ListRounds(ctx.get(), {}, &rounds);
      } else {
        v1::CreatePersonRequest req;
        req.set_request_id(Api::NewId());
        req.set_display_name("During the freeze");
        req.set_org_role(v1::ORG_ROLE_MEMBER);
        v1::Person person;
        status = api.panels().CreatePerson(ctx.get(), req, &person);
      }
      absl::MutexLock lock(&mu);
      answers.push_back({status.error_code(), absl::Now() - start});
    });
  }
  for (std::thread& t : callers) t.join();
  const bool went_down =
      server.WaitForHealth(HealthCheckResponse::NOT_SERVING, absl::Seconds(10));
  const int http_down = server.HttpGet("/healthz");
  // Whatever happened, thaw PostgreSQL for the tests after this one.
  ASSERT_EQ(std::system(thaw.c_str()), 0);

  ASSERT_EQ(answers.size(), 8u);
  for (const Answer& a : answers) {
    // The server's own UNAVAILABLE, well before the caller gave up.
    EXPECT_EQ(a.code, grpc::StatusCode::UNAVAILABLE);
    EXPECT_LT(a.took, absl::Seconds(3.5));
  }
  EXPECT_TRUE(went_down);
  EXPECT_EQ(http_down, 503);

  EXPECT_TRUE(
      server.WaitForHealth(HealthCheckResponse::SERVING, absl::Seconds(15)));
  // Nothing acknowledged was lost, nothing refused was half-written, and the
  // server works again without a restart.
  api.NewPerson(admin_account, "After the thaw", v1::ORG_ROLE_MEMBER);
  v1::ListPeopleResponse people;
  ASSERT_TRUE(api.panels().ListPeople(api.Ctx(admin).get(), {}, &people).ok());
  for (const v1::Person& p : people.people()) {
    EXPECT_NE(p.display_name(), "During the freeze");
  }
  EXPECT_EQ(db.Query("SELECT count(*) FROM people"), "3");
  EXPECT_EQ(server.Stop(), 0);
}

// Members writing while the database fails: a steering round with a named
// decision open to vote on (`members` voting members in each panel) and a
// recruitment round open to score.
class DatabaseFaultTest : public ConsensusServiceTest {
 protected:
  struct Writes {
    Steering steering;
    Cast recruitment;
    v1::Decision decision;
  };
  Writes SetUpWrites(int members) {
    Writes w{.steering = BuildSteering(members),
             .recruitment = BuildRecruitment(/*open=*/true)};
    w.decision =
        Put(admin_, Request(w.steering.round, "", v1::DECISION_METHOD_YES_NO,
                            v1::SECRECY_NAMED));
    return w;
  }
};

// PostgreSQL stopped at once (as a crash or power cut would) while 32
// members vote and score, then started again: calls fail with UNAVAILABLE
// within their deadline (never hang), the same server recovers without a
// restart, and every acknowledged write is in the database once.
TEST_F(DatabaseFaultTest, ADatabaseCrashUnderLoadLosesNothingAcknowledged) {
  const std::string crash = RequireEnv("EQUALSAY_TEST_PG_CRASH");
  const std::string start = RequireEnv("EQUALSAY_TEST_PG_START");
  const auto [s, c, d] = SetUpWrites(/*members=*/15);
  WriteLoad::Plan plan{
      .grpc_addr = server_->grpc_addr(),
      .decision_id = d.id(),
      .scorers = {c.su_chair, c.su_member, c.staff_chair, c.staff_member},
      .candidate_ids = {c.named.id(), c.anonymised.id()},
      .criterion_id = c.round.criteria(0).id(),
      .deadline = absl::Seconds(3)};
  for (const Account* who : s.Voters()) {
    if (plan.voters.size() < 24) plan.voters.push_back(*who);
  }
  const pid_t pid = server_->process().pid();
  WriteLoad load(plan);
  absl::SleepFor(absl::Milliseconds(500));
  ASSERT_EQ(std::system(crash.c_str()), 0);
  absl::SleepFor(absl::Seconds(2));
  const bool went_down = server_->WaitForHealth(
      HealthCheckResponse::NOT_SERVING, absl::Seconds(5));
  ASSERT_EQ(std::system(start.c_str()), 0);
  EXPECT_TRUE(went_down);
  EXPECT_TRUE(
      server_->WaitForHealth(HealthCheckResponse::SERVING, absl::Seconds(20)));
  const int after_start = load.acknowledged();
  for (int i = 0; i < 200 && load.acknowledged() < after_start + 50; ++i) {
    absl::SleepFor(absl::Milliseconds(50));
  }
  load.Stop();
  EXPECT_GE(load.acknowledged(), after_start + 50) << "no recovery";
  EXPECT_GT(load.failures()[grpc::StatusCode::UNAVAILABLE], 0);
  EXPECT_LT(load.longest_call(), absl::Seconds(3.5));
  load.ExpectEachAcknowledgedWriteStoredOnce(db_);
  EXPECT_EQ(server_->process().pid(), pid);
  EXPECT_TRUE(server_->process().Running());
}

// PostgreSQL frozen while members vote and score: their writes wait, but the
// "liveness" probe must still answer at once. Kubernetes gives it one second
// before counting a failure, and a probe failing through a database outage
// would restart every pod; so writes waiting on the database must never
// hold every thread gRPC answers on (the probe is answered on those too).
TEST_F(DatabaseFaultTest, AFrozenDatabaseUnderLoadLeavesLivenessAnswering) {
  const std::string freeze = RequireEnv("EQUALSAY_TEST_PG_FREEZE");
  const std::string thaw = RequireEnv("EQUALSAY_TEST_PG_THAW");
  const auto [s, c, d] = SetUpWrites(/*members=*/1);
  // One member voting and one scoring: each finds no other call waiting, so
  // each would be written on the thread that received it, were it allowed.
  const WriteLoad::Plan plan{.grpc_addr = server_->grpc_addr(),
                             .decision_id = d.id(),
                             .voters = {s.su_voters[0]},
                             .scorers = {c.su_member},
                             .candidate_ids = {c.named.id()},
                             .criterion_id = c.round.criteria(0).id(),
                             .deadline = absl::Seconds(4)};
  WriteLoad load(plan);
  for (int i = 0; i < 100 && load.acknowledged() < 20; ++i) {
    absl::SleepFor(absl::Milliseconds(50));
  }
  ASSERT_EQ(std::system(freeze.c_str()), 0);
  absl::SleepFor(absl::Milliseconds(500));  // Every writer is waiting now.
  const int before_probes = load.acknowledged();
  std::vector<ServingStatus> answers;
  absl::Duration slowest;
  for (int i = 0; i < 8; ++i) {
    const absl::Time start = absl::Now();
    answers.push_back(server_->Health("liveness"));
    slowest = std::max(slowest, absl::Now() - start);
    absl::SleepFor(absl::Milliseconds(400));
  }
  const int after_probes = load.acknowledged();
  // Whatever happened, thaw PostgreSQL for the tests after this one.
  ASSERT_EQ(std::system(thaw.c_str()), 0);

  EXPECT_EQ(after_probes, before_probes) << "the writes were not held up";
  for (const ServingStatus answer : answers) {
    EXPECT_EQ(answer, HealthCheckResponse::SERVING);
  }
  EXPECT_LT(slowest, absl::Seconds(1));
  for (int i = 0; i < 200 && load.acknowledged() < after_probes + 50; ++i) {
    absl::SleepFor(absl::Milliseconds(50));
  }
  load.Stop();
  EXPECT_GE(load.acknowledged(), after_probes + 50) << "no recovery";
  load.ExpectEachAcknowledgedWriteStoredOnce(db_);
}

}  // namespace
}  // namespace equalsay::testing
