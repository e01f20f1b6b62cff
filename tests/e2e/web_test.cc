// The web client in a real browser against a real server: sets up a
// recruitment round through the API and runs clients/web's browser test
// (Debian's Chromium through playwright-core) against the server's own
// HTTP port, which serves the built client and gRPC-Web.
#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "tests/support/round_fixture.h"

namespace equalsay::testing {
namespace {

const std::string kWeb = std::string(EQUALSAY_SOURCE_DIR) + "/clients/web";

class WebClientTest : public RoundFixture {
 protected:
  std::map<std::string, std::string> ServerEnv() const override {
    return {{"EQUALSAY_WEB_ROOT", kWeb + "/dist"}};
  }
};

TEST_F(WebClientTest, MembersScoreVoteAndSeeOutcomesInTheBrowser) {
  const Cast c = BuildRecruitment(/*open=*/true);
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
      ",\"criterion\":", q(c.round.criteria(0).id()), ",\"candidates\":[",
      "{\"id\":", q(c.named.id()), ",\"label\":", q(c.named.label()), "},",
      "{\"id\":", q(c.anonymised.id()), ",\"label\":", q(c.anonymised.label()),
      "}]}");
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
