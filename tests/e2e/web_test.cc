// The web client in a real browser against a real server: sets up a
// recruitment round through the API and runs clients/web's browser test
// (Debian's Chromium through playwright-core) against the server's own
// HTTP port, which serves the built client and gRPC-Web.
#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "tests/support/process.h"
#include "tests/support/round_fixture.h"

namespace equalsay::testing {
namespace {

const std::string kWeb = std::string(EQUALSAY_SOURCE_DIR) + "/clients/web";

class WebClientTest : public RoundFixture {
 protected:
  // Staff may also sign in through a real OpenID provider, started once
  // the server's address is known (the server finds it on first use).
  std::map<std::string, std::string> ServerEnv() const override {
    return {{"EQUALSAY_WEB_ROOT", kWeb + "/dist"},
            {"EQUALSAY_OIDC_ISSUER", Issuer()},
            {"EQUALSAY_OIDC_CLIENT_ID", "equalsay-web"}};
  }
  std::string Issuer() const {
    return absl::StrCat("http://127.0.0.1:", oidc_port_);
  }
  std::unique_ptr<Process> StartProvider() const {
    auto provider = std::make_unique<Process>(
        std::vector<std::string>{"/usr/bin/env", "node",
                                 kWeb + "/tests/oidc-provider.mjs"},
        std::map<std::string, std::string>{
            {"OIDC_PORT", absl::StrCat(oidc_port_)},
            {"OIDC_REDIRECT", "http://" + server_->http_addr() + "/"}});
    for (int i = 0;
         i < 200 && provider->Stdout().find("ready") == std::string::npos;
         ++i) {
      absl::SleepFor(absl::Milliseconds(50));
    }
    EXPECT_NE(provider->Stdout().find("ready"), std::string::npos)
        << provider->Stderr();
    return provider;
  }

  const int oidc_port_ = FreePort();
};

TEST_F(WebClientTest, MembersScoreVoteAndSeeOutcomesInTheBrowser) {
  const Cast c = BuildRecruitment(/*open=*/true);
  const std::unique_ptr<Process> provider = StartProvider();
  const std::string staff_email =
      db_.Query("SELECT email FROM people WHERE id = " + c.staff_chair.id);
  auto q = [](const std::string& s) { return absl::StrCat("\"", s, "\""); };
  const std::string setup = absl::StrCat(
      "{\"baseUrl\":", q("http://" + server_->http_addr()), ",\"artifacts\":",
      q(std::string(EQUALSAY_SOURCE_DIR) + "/test-artifacts/web"),
      ",\"roundId\":", q(c.round.id()), ",\"admin\":", q(admin_.token),
      ",\"suChair\":", q(c.su_chair.token),
      ",\"suMember\":", q(c.su_member.token),
      ",\"staffChair\":", q(c.staff_chair.token),
      ",\"staffMember\":", q(c.staff_member.token), ",\"hr\":", q(c.hr.token),
      ",\"suPanel\":", q(c.su.id()), ",\"staffPanel\":", q(c.staff.id()),
      ",\"criterion\":", q(c.round.criteria(0).id()),
      ",\"organisation\":{\"staffEmail\":", q(staff_email), "},",
      "\"candidates\":[", "{\"id\":", q(c.named.id()),
      ",\"label\":", q(c.named.label()), "},", "{\"id\":", q(c.anonymised.id()),
      ",\"label\":", q(c.anonymised.label()), "}]}");
  std::string out, err;
  const int code =
      RunCommand({"/usr/bin/env", "node", kWeb + "/scripts/browser-test.mjs"},
                 {{"EQUALSAY_WEB_TEST", setup},
                  {"PATH", std::getenv("PATH")},
                  {"HOME", std::getenv("HOME")}},
                 &out, &err, absl::Seconds(150));
  EXPECT_EQ(code, 0) << out << err;
  EXPECT_NE(out.find("Browser tests passed"), std::string::npos) << out << err;
  std::cout << out;
}

}  // namespace
}  // namespace equalsay::testing
