// The web client in a real browser against a real server: sets up a
// recruitment round through the API and runs clients/web's browser test
// (Debian's Chromium through playwright-core) against the server's own
// HTTP port, which serves the built client and gRPC-Web.
#include <gtest/gtest.h>

#include <tuple>

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

  static std::string Quoted(const std::string& s) {
    return absl::StrCat("\"", s, "\"");
  }
  // A strategy round, open, with a decision put to it: Asha co-chairs the
  // Service User Panel with Ben and Cara, Chloe the Staff Panel.
  struct Cafe {
    v1::Round round;
    Account asha, ben, cara, chloe;
    v1::Decision decision;
  };
  Cafe BuildCafe(v1::Secrecy secrecy, bool close_when_all_voted = false) {
    Cafe cafe;
    cafe.round = NewRound(v1::ROUND_KIND_STRATEGY);
    const v1::Panel su = NewPanel(cafe.round, v1::PANEL_KIND_SERVICE_USER);
    const v1::Panel staff = NewPanel(cafe.round, v1::PANEL_KIND_STAFF);
    for (auto [who, name, panel, role] :
         {std::tuple{&cafe.asha, "Asha", &su, v1::PANEL_ROLE_CO_CHAIR},
          {&cafe.ben, "Ben", &su, v1::PANEL_ROLE_MEMBER},
          {&cafe.cara, "Cara", &su, v1::PANEL_ROLE_MEMBER},
          {&cafe.chloe, "Chloe", &staff, v1::PANEL_ROLE_CO_CHAIR}}) {
      *who = api_->NewPerson(admin_, name, v1::ORG_ROLE_MEMBER);
      EXPECT_TRUE(AddMember(*panel, *who, role).ok());
    }
    EXPECT_TRUE(Open(cafe.round).ok());
    v1::CreateDecisionRequest put;
    put.set_request_id(Api::NewId());
    put.set_round_id(cafe.round.id());
    put.set_title("Open the crisis café on Sundays");
    put.set_text("From March the café opens 10 till 4 on Sundays.");
    put.set_method(v1::DECISION_METHOD_YES_NO);
    put.set_secrecy(secrecy);
    put.set_close_when_all_voted(close_when_all_voted);
    EXPECT_TRUE(
        consensus().CreateDecision(As(admin_).get(), put, &cafe.decision).ok());
    return cafe;
  }
  // Runs clients/web/tests/NAME.test.ts on `cafe`, with the setup's own
  // `fields` (",\"chair\":...") added, and expects it to say `passed`.
  void RunBrowser(const std::string& name, const std::string& fields,
                  const Cafe& cafe, const std::string& passed) {
    const std::string setup = absl::StrCat(
        "{\"baseUrl\":", Quoted("http://" + server_->http_addr()),
        ",\"artifacts\":",
        Quoted(std::string(EQUALSAY_SOURCE_DIR) + "/test-artifacts/web"),
        ",\"roundId\":", Quoted(cafe.round.id()),
        ",\"decisionId\":", Quoted(cafe.decision.id()), fields, "}");
    std::string out, err;
    const int code = RunCommand(
        {"/usr/bin/env", "node", kWeb + "/scripts/browser-test.mjs", name},
        {{"EQUALSAY_WEB_TEST", setup},
         {"PATH", std::getenv("PATH")},
         {"HOME", std::getenv("HOME")}},
        &out, &err, absl::Seconds(120));
    EXPECT_EQ(code, 0) << out << err;
    EXPECT_NE(out.find(passed), std::string::npos) << out << err;
  }
};

TEST_F(WebClientTest, MembersScoreVoteAndSeeOutcomesInTheBrowser) {
  const Cast c = BuildRecruitment(/*open=*/true);
  const std::unique_ptr<Process> provider = StartProvider();
  v1::GetPersonRequest staff_chair;
  staff_chair.set_person_id(c.staff_chair.id);
  v1::Person staff;
  ASSERT_TRUE(panels().GetPerson(As(admin_).get(), staff_chair, &staff).ok());
  const std::string staff_email = staff.email();
  auto q = [](const std::string& s) { return absl::StrCat("\"", s, "\""); };
  const std::string setup = absl::StrCat(
      "{\"baseUrl\":", q("http://" + server_->http_addr()), ",\"artifacts\":",
      q(std::string(EQUALSAY_SOURCE_DIR) + "/test-artifacts/web"),
      ",\"roundId\":", q(c.round.id()), ",\"admin\":", q(admin_.token),
      ",\"suChair\":", q(c.su_chair.token),
      ",\"suMember\":", q(c.su_member.token),
      ",\"supporter\":", q(c.supporter.token),
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
                 &out, &err, absl::Seconds(360));
  EXPECT_EQ(code, 0) << out << err;
  EXPECT_NE(out.find("Browser tests passed"), std::string::npos) << out << err;
  std::cout << out;
}

// Ben's supporter scores a candidate for him by keyboard alone, and Ben
// sees the sheet as his (clients/web/tests/assisted.test.ts).
TEST_F(WebClientTest, ASupporterScoresForAMemberByKeyboard) {
  const Cast c = BuildRecruitment(/*open=*/true);  // Ben named Hana.
  auto q = [](const std::string& s) { return absl::StrCat("\"", s, "\""); };
  const std::string setup = absl::StrCat(
      "{\"baseUrl\":", q("http://" + server_->http_addr()), ",\"artifacts\":",
      q(std::string(EQUALSAY_SOURCE_DIR) + "/test-artifacts/web"),
      ",\"roundId\":", q(c.round.id()), ",\"supporter\":", q(c.supporter.token),
      ",\"member\":", q(c.su_member.token),
      ",\"candidate\":{\"id\":", q(c.named.id()),
      ",\"label\":", q(c.named.label()), "}}");
  std::string out, err;
  const int code = RunCommand(
      {"/usr/bin/env", "node", kWeb + "/scripts/browser-test.mjs", "assisted"},
      {{"EQUALSAY_WEB_TEST", setup},
       {"PATH", std::getenv("PATH")},
       {"HOME", std::getenv("HOME")}},
      &out, &err, absl::Seconds(120));
  EXPECT_EQ(code, 0) << out << err;
  EXPECT_NE(out.find("Assisted tests passed"), std::string::npos) << out << err;
  // The sheet is Ben's, submitted, and its version is marked as Hana's.
  EXPECT_EQ(db_.Query("SELECT s.state || ' ' || a.how FROM score_sheets s "
                      "JOIN assisted_sheet_versions a ON a.candidate_id = "
                      "s.candidate_id AND a.person_id = s.person_id AND "
                      "a.version = s.version WHERE s.person_id = " +
                      c.su_member.id),
            "SUBMITTED PAPER");
}

// Two people of a panel count a secret vote's paper ballots by keyboard
// alone (clients/web/tests/paper.test.ts): the papers count once both
// counts agree.
TEST_F(WebClientTest, TwoPeopleCountPaperBallotsByKeyboard) {
  const Cafe cafe = BuildCafe(v1::SECRECY_SECRET);
  RunBrowser("paper",
             absl::StrCat(",\"chair\":", Quoted(cafe.asha.token),
                          ",\"member\":", Quoted(cafe.ben.token)),
             cafe, "Paper tests passed");
  EXPECT_EQ(db_.Query("SELECT count(*) FROM ballots WHERE how = "
                      "'PAPER_COUNT' AND decision_id = " +
                      cafe.decision.id()),
            "2");
  EXPECT_EQ(db_.Query("SELECT agree || '-' || disagree FROM paper_counts "
                      "WHERE checked_by = " +
                      cafe.ben.id),
            "1-1");
}

// "You said, we did" by keyboard (clients/web/tests/actions.test.ts): a
// co-chair adds an action, its owner records it done, and a member reads
// what came of the decision on their home page.
TEST_F(WebClientTest, AMemberReadsWhatCameOfADecisionByKeyboard) {
  const Cafe cafe = BuildCafe(v1::SECRECY_NAMED, /*close_when_all_voted=*/true);
  for (const Account* who : {&cafe.asha, &cafe.ben, &cafe.cara, &cafe.chloe}) {
    v1::CastBallotRequest vote;
    vote.set_request_id(Api::NewId());
    vote.set_decision_id(cafe.decision.id());
    vote.set_choice(v1::CHOICE_AGREE);
    v1::Ballot ballot;
    ASSERT_TRUE(consensus().CastBallot(As(*who).get(), vote, &ballot).ok());
  }
  for (int i = 0; i < 100 && db_.Query("SELECT result FROM decisions WHERE "
                                       "id = " +
                                       cafe.decision.id()) != "AGREED";
       ++i) {
    absl::SleepFor(absl::Milliseconds(50));
  }
  RunBrowser("actions",
             absl::StrCat(",\"chair\":", Quoted(cafe.asha.token),
                          ",\"owner\":", Quoted(cafe.ben.token),
                          ",\"member\":", Quoted(cafe.cara.token)),
             cafe, "Action tests passed");
  EXPECT_EQ(db_.Query("SELECT state || ' ' || owner_id FROM actions"),
            "DONE " + cafe.ben.id);
}

// Time and payments by keyboard at phone size
// (clients/web/tests/involvement.test.ts): an administrator sets a rate; a
// member records a meeting and a bus fare, chooses payment; the co-chair
// confirms both; the member reads the statement and is warned near their
// limit; the administrator makes finance's file.
TEST_F(WebClientTest, AMemberReadsTheirStatementByKeyboard) {
  const Cafe cafe = BuildCafe(v1::SECRECY_NAMED);
  v1::SetRateRequest rate;  // The members' rate is set in the browser.
  rate.set_request_id(Api::NewId());
  rate.set_kind(v1::INVOLVEMENT_KIND_STEERING_MEETING);
  rate.set_role(v1::PANEL_ROLE_CO_CHAIR);
  rate.set_pence_per_hour(2000);
  v1::Rate set;
  ASSERT_TRUE(panels().SetRate(As(admin_).get(), rate, &set).ok());
  RunBrowser("involvement",
             absl::StrCat(",\"chair\":", Quoted(cafe.asha.token),
                          ",\"member\":", Quoted(cafe.ben.token),
                          ",\"admin\":", Quoted(admin_.token)),
             cafe, "Involvement tests passed");
  EXPECT_EQ(db_.Query("SELECT string_agg(kind || ' ' || state || ' ' || "
                      "amount_pence, ', ' ORDER BY id) FROM involvement "
                      "WHERE person_id = " +
                      cafe.ben.id),
            "STEERING_MEETING CONFIRMED 3000, TRAVEL CONFIRMED 640");
  EXPECT_EQ(db_.Query("SELECT recognition FROM recognition_choices WHERE "
                      "person_id = " +
                      cafe.ben.id),
            "PAYMENT");
  EXPECT_EQ(db_.Query("SELECT limit_pence FROM income_limits WHERE "
                      "person_id = " +
                      cafe.ben.id),
            "3500");
}

// A strategy decision put and voted on in the browser, and a page that
// heals after its server restarts, showing what was decided on another
// server while it was away (clients/web/tests/restart.test.ts).
TEST_F(WebClientTest, AStrategyDecisionAndAPageThatHealsAfterARestart) {
  const v1::Round round = NewRound(v1::ROUND_KIND_STRATEGY);
  const v1::Panel su = NewPanel(round, v1::PANEL_KIND_SERVICE_USER);
  const v1::Panel staff = NewPanel(round, v1::PANEL_KIND_STAFF);
  const Account asha = api_->NewPerson(admin_, "Asha", v1::ORG_ROLE_MEMBER);
  const Account ben = api_->NewPerson(admin_, "Ben", v1::ORG_ROLE_MEMBER);
  const Account chloe = api_->NewPerson(admin_, "Chloe", v1::ORG_ROLE_MEMBER);
  const Account dev = api_->NewPerson(admin_, "Dev", v1::ORG_ROLE_MEMBER);
  ASSERT_TRUE(AddMember(su, asha, v1::PANEL_ROLE_CO_CHAIR).ok());
  ASSERT_TRUE(AddMember(su, ben, v1::PANEL_ROLE_MEMBER).ok());
  ASSERT_TRUE(AddMember(staff, chloe, v1::PANEL_ROLE_CO_CHAIR).ok());
  ASSERT_TRUE(AddMember(staff, dev, v1::PANEL_ROLE_MEMBER).ok());
  ASSERT_TRUE(Open(round).ok());
  auto q = [](const std::string& s) { return absl::StrCat("\"", s, "\""); };
  const std::string setup =
      absl::StrCat("{\"baseUrl\":", q("http://" + server_->http_addr()),
                   ",\"roundId\":", q(round.id()), ",\"chair\":", q(asha.token),
                   ",\"member\":", q(ben.token), ",\"others\":[",
                   q(chloe.token), ",", q(dev.token), "],\"outcome\":",
                   q("All panels agreed, so this proposal can go ahead."), "}");
  Process node(
      {"/usr/bin/env", "node", kWeb + "/scripts/browser-test.mjs", "restart"},
      {{"EQUALSAY_WEB_TEST", setup},
       {"PATH", std::getenv("PATH")},
       {"HOME", std::getenv("HOME")}});
  const auto said = [&node](const std::string& line) {
    for (int i = 0; i < 1200 && node.Running(); ++i) {
      if (node.Stdout().find(line + "\n") != std::string::npos) return true;
      absl::SleepFor(absl::Milliseconds(50));
    }
    return node.Stdout().find(line + "\n") != std::string::npos;
  };
  ASSERT_TRUE(said("ready")) << node.Stdout() << node.Stderr();
  // "decision 12": the proposal the co-chair put in the browser.
  const std::string out = node.Stdout();
  const size_t at = out.find("decision ");
  ASSERT_NE(at, std::string::npos) << out;
  const std::string decision_id =
      out.substr(at + 9, out.find('\n', at) - (at + 9));
  const int grpc_port = server_->grpc_port(), http_port = server_->http_port();
  StopServer();
  ASSERT_TRUE(said("noticed")) << node.Stdout() << node.Stderr();
  {
    // Decided while the page's server was away.
    const std::unique_ptr<ServerProcess> other = AnotherServer();
    ASSERT_NE(other, nullptr);
    Api elsewhere(other->grpc_addr());
    for (const Account* chair : {&asha, &chloe}) {
      v1::CloseDecisionRequest close;
      close.set_request_id(Api::NewId());
      close.set_decision_id(decision_id);
      v1::Decision closed;
      ASSERT_TRUE(
          elsewhere.consensus()
              .CloseDecision(elsewhere.Ctx(chair->token).get(), close, &closed)
              .ok());
    }
  }
  server_ = AnotherServer(grpc_port, http_port);
  ASSERT_NE(server_, nullptr);
  api_ = std::make_unique<Api>(server_->grpc_addr());
  EXPECT_EQ(node.WaitForExit(absl::Seconds(120)), 0)
      << node.Stdout() << node.Stderr();
  EXPECT_NE(node.Stdout().find("Restart test passed"), std::string::npos)
      << node.Stdout() << node.Stderr();
}

}  // namespace
}  // namespace equalsay::testing
