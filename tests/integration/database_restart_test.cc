// Health follows the database: PostgreSQL is really stopped and started
// (scripts/test provides the commands), and the same server process must
// report NOT_SERVING, then SERVING again, without a restart, while its
// "liveness" service stays SERVING throughout.
#include <gtest/gtest.h>

#include <cstdlib>

#include "tests/support/scratch_database.h"
#include "tests/support/server_process.h"
#include "tests/support/test_env.h"

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

}  // namespace
}  // namespace equalsay::testing
