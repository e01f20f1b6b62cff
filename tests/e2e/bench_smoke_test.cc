// scripts/bench's load generator with tiny numbers, so it keeps working:
// every step runs and the last line has the figures scripts read.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "tests/support/round_fixture.h"
#include "tests/support/test_env.h"

namespace equalsay::testing {
namespace {

using BenchSmokeTest = RoundFixture;

TEST_F(BenchSmokeTest, EveryMeasurementRunsWithTinyNumbers) {
  std::string out, err;
  const int code = RunCommand(
      {EQUALSAY_BENCH_BIN, "--server", server_->grpc_addr(), "--http",
       server_->http_addr(), "--admin-token", kAdminToken, "--pg-url",
       db_.url(), "--pgbench", absl::StrCat(kPgBin, "pgbench"), "--server-pid",
       std::to_string(server_->process().pid()), "--smoke"},
      {}, &out, &err, absl::Seconds(150));
  ASSERT_EQ(code, 0) << out << err;
  for (const char* measure :
       {"ballots/s at C=4 (a connection each)",
        "ballots with a reason/s at C=4", "ballots through gRPC-Web/s at C=4",
        "score sheets saved/s at C=4",
        "score sheets saved through gRPC-Web/s at C=4",
        "score sheets saved, then submitted/s at C=4",
        "submitted sheets acknowledged found in the database",
        "first ballots (each member's first there)/s at C=1",
        "first ballots after opening (as the web client does)/s at C=1",
        "first ballots acknowledged found in the database",
        "health checks (a gRPC round trip, no database)/s at C=1",
        "health checks (a gRPC round trip, no database)/s at C=4"}) {
    EXPECT_THAT(out, ::testing::HasSubstr(measure));
  }
  // What each call cost the server, the database and the load generator,
  // each read from the machine and so never nothing.
  EXPECT_THAT(out, ::testing::HasSubstr("CPU per call at C=4 (microseconds)"));
  for (const char* measure : {"ballots", "score sheets saved"}) {
    EXPECT_THAT(out, ::testing::ContainsRegex(absl::StrCat(
                         "\n  ", measure,
                         " +[1-9][0-9]* \\+ [1-9][0-9]* \\+ [1-9][0-9]* = "
                         "[0-9]+; [0-9]+% idle; at most x pgbench [0-9.]+\n")));
  }
  // A call with no database behind it costs the database next to nothing.
  EXPECT_THAT(out, ::testing::ContainsRegex(
                       "\n  health checks \\(a gRPC round trip, no "
                       "database\\) +[1-9][0-9]* \\+ [0-9]+ \\+ [1-9][0-9]* "
                       "= [0-9]+; [0-9]+% idle; at most x pgbench [0-9.]+\n"));
  EXPECT_THAT(out, ::testing::ContainsRegex(
                       "\n  pgbench one-row inserts +[0-9]+ \\+ [1-9][0-9]* "
                       "\\+ [1-9][0-9]* = [0-9]+; [0-9]+% idle\n"));
  EXPECT_THAT(out,
              ::testing::HasSubstr("close of a decision holding 202 ballots"));
  EXPECT_THAT(out, ::testing::Not(::testing::HasSubstr(
                       "inserts/s at C=4                           0.0")));
  EXPECT_THAT(out, ::testing::HasSubstr("20 members voting at once"));
  EXPECT_THAT(out,
              ::testing::HasSubstr("ballots/s at C=4 with 5 decisions open"));
  EXPECT_THAT(out, ::testing::HasSubstr("growth from 20 to 200 ballots"));
  EXPECT_THAT(out, ::testing::HasSubstr("server memory while 20 follow"));
  EXPECT_THAT(out, ::testing::ContainsRegex(
                       "5 browsers loading the web client at once \\([0-9]+ "
                       "files\\) +[0-9]+ bytes each"));
  EXPECT_THAT(out,
              ::testing::HasSubstr("20 watchers: ballot event heard by 20"));
  EXPECT_THAT(out, ::testing::ContainsRegex(
                       "ballots_per_s=[0-9]+ pgbench_tps=[0-9]+ ratio=[0-9.]+ "
                       "p50_ms=[0-9.]+ p99_ms=[0-9.]+ \\(C=4\\)\n$"));
  std::cout << out;
}

}  // namespace
}  // namespace equalsay::testing
