#include "services/common/base/config.h"

#include <gtest/gtest.h>

#include <map>

namespace equalsay {
namespace {

// Every server needs a data key; a test leaves it out by setting it empty.
EnvLookup FakeEnv(std::map<std::string, std::string> vars) {
  vars.try_emplace("EQUALSAY_DATA_KEYS",
                   "test:a-secret-of-thirty-two-or-more-characters");
  return [vars](const std::string& name) -> std::optional<std::string> {
    auto it = vars.find(name);
    if (it == vars.end() || it->second.empty()) return std::nullopt;
    return it->second;
  };
}

constexpr char kUrl[] = "postgresql://u:p@127.0.0.1:5432/equalsay";

TEST(ConfigTest, DefaultsFollowTheDesign) {
  auto parsed = ParseConfig({}, FakeEnv({{"EQUALSAY_DATABASE_URL", kUrl}}));
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(parsed->config.database_url, kUrl);
  EXPECT_EQ(parsed->config.grpc_addr, "127.0.0.1:50051");
  EXPECT_EQ(parsed->config.http_addr, "127.0.0.1:8080");
  EXPECT_FALSE(parsed->config.tls());
  EXPECT_FALSE(parsed->help);
}

TEST(ConfigTest, FlagsWinOverEnvironment) {
  auto parsed =
      ParseConfig({"--grpc-addr=0.0.0.0:6000", "--http-addr", "[::1]:7000"},
                  FakeEnv({{"EQUALSAY_DATABASE_URL", kUrl},
                           {"EQUALSAY_GRPC_ADDR", "127.0.0.1:5000"},
                           {"EQUALSAY_HTTP_ADDR", "127.0.0.1:5001"}}));
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(parsed->config.grpc_addr, "0.0.0.0:6000");
  EXPECT_EQ(parsed->config.http_addr, "[::1]:7000");
}

TEST(ConfigTest, EnvironmentSetsPoolAndTimes) {
  auto parsed = ParseConfig({}, FakeEnv({{"EQUALSAY_DATABASE_URL", kUrl},
                                         {"EQUALSAY_DB_POOL_SIZE", "4"},
                                         {"EQUALSAY_DB_POOL_WAIT_MS", "250"}}));
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(parsed->config.db_pool_size, 4);
  EXPECT_EQ(parsed->config.db_pool_wait, absl::Milliseconds(250));
}

TEST(ConfigTest, MissingDatabaseUrlSaysWhatToSet) {
  auto parsed = ParseConfig({}, FakeEnv({}));
  ASSERT_EQ(parsed.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(parsed.status().message().find("EQUALSAY_DATABASE_URL"),
            std::string::npos);
}

TEST(ConfigTest, MissingDataKeySaysWhatToSetAndWhyToKeepIt) {
  auto parsed = ParseConfig({}, FakeEnv({{"EQUALSAY_DATABASE_URL", kUrl},
                                         {"EQUALSAY_DATA_KEYS", ""}}));
  ASSERT_EQ(parsed.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(parsed.status().message().find("EQUALSAY_DATA_KEYS"),
            std::string::npos);
  EXPECT_NE(parsed.status().message().find("keep it safe"), std::string::npos);
  parsed = ParseConfig({}, FakeEnv({{"EQUALSAY_DATABASE_URL", kUrl},
                                    {"EQUALSAY_DATA_KEYS", "main:short"}}));
  ASSERT_EQ(parsed.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(parsed.status().message().find("EQUALSAY_DATA_KEYS"),
            std::string::npos);
}

TEST(ConfigTest, BadValuesNameTheirSetting) {
  struct Case {
    std::map<std::string, std::string> env;
    std::vector<std::string> args;
    std::string named;
  };
  const std::vector<Case> cases = {
      {{{"EQUALSAY_GRPC_ADDR", "localhost"}}, {}, "EQUALSAY_GRPC_ADDR"},
      {{{"EQUALSAY_HTTP_ADDR", "127.0.0.1:99999"}}, {}, "EQUALSAY_HTTP_ADDR"},
      {{}, {"--grpc-addr=:x"}, "--grpc-addr"},
      {{{"EQUALSAY_DB_POOL_SIZE", "0"}}, {}, "EQUALSAY_DB_POOL_SIZE"},
      {{{"EQUALSAY_DB_POOL_SIZE", "lots"}}, {}, "EQUALSAY_DB_POOL_SIZE"},
      {{{"EQUALSAY_BOOTSTRAP_TOKEN", "short"}}, {}, "EQUALSAY_BOOTSTRAP_TOKEN"},
      {{{"EQUALSAY_BOOTSTRAP_TOKEN", std::string(40, 'a') + " b"}},
       {},
       "EQUALSAY_BOOTSTRAP_TOKEN"},
      {{{"EQUALSAY_TLS_CERT", "/c.pem"}}, {}, "EQUALSAY_TLS_KEY"},
      {{}, {"--no-such-flag=1"}, "--no-such-flag"},
      {{}, {"--grpc-addr"}, "--grpc-addr"},
      {{}, {"stray"}, "stray"},
      {{{"EQUALSAY_LOG_FORMAT", "xml"}}, {}, "EQUALSAY_LOG_FORMAT"},
      {{{"EQUALSAY_METRICS_TOKEN", "short"}}, {}, "EQUALSAY_METRICS_TOKEN"},
  };
  for (const Case& c : cases) {
    auto env = c.env;
    env["EQUALSAY_DATABASE_URL"] = kUrl;
    auto parsed = ParseConfig(c.args, FakeEnv(env));
    ASSERT_EQ(parsed.status().code(), absl::StatusCode::kInvalidArgument)
        << c.named;
    EXPECT_NE(parsed.status().message().find(c.named), std::string::npos)
        << parsed.status().message();
  }
}

TEST(ConfigTest, JsonLogsMetricsAndVersion) {
  auto parsed =
      ParseConfig({"--log-format=json"},
                  FakeEnv({{"EQUALSAY_DATABASE_URL", kUrl},
                           {"EQUALSAY_METRICS_TOKEN", std::string(32, 'm')}}));
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_TRUE(parsed->config.json_logs);
  EXPECT_EQ(parsed->config.metrics_token, std::string(32, 'm'));
  EXPECT_TRUE(ParseConfig({}, FakeEnv({{"EQUALSAY_DATABASE_URL", kUrl}}))
                  ->config.metrics_token.empty());
  // --version, like --help, needs no database.
  parsed = ParseConfig({"--version"}, FakeEnv({}));
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_TRUE(parsed->version);
}

TEST(ConfigTest, TheAuditWaitsLongerThanAnyCallOfTheServer) {
  auto parsed = ParseConfig(
      {"--db-call-timeout-ms", "20000", "--audit-late-commit-ms", "20000"},
      FakeEnv({{"EQUALSAY_DATABASE_URL", kUrl}}));
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.status().message(),
            "EQUALSAY_AUDIT_LATE_COMMIT_MS (20000) must be longer than "
            "EQUALSAY_DB_CALL_TIMEOUT_MS (20000), or the server's own slow "
            "writes would be taken for back-dated ones");
  parsed = ParseConfig({"--audit-late-commit-ms", "20001"},
                       FakeEnv({{"EQUALSAY_DATABASE_URL", kUrl}}));
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(parsed->config.audit_late_commit, absl::Milliseconds(20001));
}

TEST(ConfigTest, TlsNeedsBothFiles) {
  auto parsed = ParseConfig({}, FakeEnv({{"EQUALSAY_DATABASE_URL", kUrl},
                                         {"EQUALSAY_TLS_CERT", "/c.pem"},
                                         {"EQUALSAY_TLS_KEY", "/k.pem"}}));
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_TRUE(parsed->config.tls());
}

TEST(ConfigTest, SingleSignOnNeedsAnIssuerOverHttpsAndAClient) {
  const auto with = [](std::map<std::string, std::string> env) {
    env["EQUALSAY_DATABASE_URL"] = kUrl;
    return ParseConfig({}, FakeEnv(env));
  };
  auto parsed = with({{"EQUALSAY_OIDC_ISSUER", "https://idp.example.org"},
                      {"EQUALSAY_OIDC_CLIENT_ID", "equalsay"},
                      {"EQUALSAY_OIDC_TRUST_EMAIL", "true"}});
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(parsed->config.oidc_issuer, "https://idp.example.org");
  EXPECT_TRUE(parsed->config.oidc_trust_email);
  EXPECT_EQ(parsed->config.oidc_name, "your organisation's account");
  // A provider on this machine, for tests, may use plain http.
  EXPECT_TRUE(with({{"EQUALSAY_OIDC_ISSUER", "http://127.0.0.1:9000"},
                    {"EQUALSAY_OIDC_CLIENT_ID", "equalsay"}})
                  .ok());
  parsed = with({{"EQUALSAY_OIDC_ISSUER", "http://idp.example.org"},
                 {"EQUALSAY_OIDC_CLIENT_ID", "equalsay"}});
  EXPECT_NE(parsed.status().message().find("must start with https://"),
            std::string::npos)
      << parsed.status();
  parsed = with({{"EQUALSAY_OIDC_ISSUER", "https://idp.example.org"}});
  EXPECT_NE(parsed.status().message().find("EQUALSAY_OIDC_CLIENT_ID"),
            std::string::npos);
  parsed = with({{"EQUALSAY_OIDC_TRUST_EMAIL", "yes"}});
  EXPECT_NE(parsed.status().message().find("true or false"), std::string::npos);
}

TEST(ConfigTest, HelpNeedsNoDatabaseAndListsEveryVariable) {
  auto parsed = ParseConfig({"--help"}, FakeEnv({}));
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_TRUE(parsed->help);
  const std::string help = ConfigHelp();
  for (const char* name :
       {"EQUALSAY_DATABASE_URL", "EQUALSAY_GRPC_ADDR", "EQUALSAY_HTTP_ADDR",
        "EQUALSAY_BOOTSTRAP_TOKEN", "EQUALSAY_TLS_CERT", "EQUALSAY_TLS_KEY",
        "EQUALSAY_DB_POOL_SIZE"}) {
    EXPECT_NE(help.find(name), std::string::npos) << name;
  }
}

}  // namespace
}  // namespace equalsay

namespace equalsay {
namespace {

TEST(SplitHostPortTest, SplitsNamesAndIpv6Literals) {
  auto v4 = SplitHostPort("EQUALSAY_GRPC_ADDR", "127.0.0.1:50051");
  ASSERT_TRUE(v4.ok());
  EXPECT_EQ(v4->host, "127.0.0.1");
  EXPECT_EQ(v4->port, 50051);
  auto v6 = SplitHostPort("EQUALSAY_HTTP_ADDR", "[::1]:8080");
  ASSERT_TRUE(v6.ok());
  EXPECT_EQ(v6->host, "::1");
  EXPECT_EQ(v6->port, 8080);
  const auto bad = SplitHostPort("EQUALSAY_HTTP_ADDR", "8080");
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(bad.status().message().rfind("EQUALSAY_HTTP_ADDR", 0), 0u);
}

}  // namespace
}  // namespace equalsay
