// The real `equalsay` binary against a real server and database: a whole
// recruitment round from the example file to HR's confirmation (with a
// Service User Panel veto on the best-scoring candidate), and a strategy
// decision, checking what people read and the exit codes scripts rely on.
#include <gmock/gmock.h>
#include <google/protobuf/util/json_util.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>

#include "absl/strings/match.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "clients/cli/commands.h"
#include "clients/cli/fields.h"
#include "tests/support/round_fixture.h"

namespace equalsay::testing {
namespace {

using ::testing::ContainsRegex;
using ::testing::HasSubstr;
using ::testing::Not;

const std::string kExample = std::string(EQUALSAY_SOURCE_DIR) +
                             "/clients/cli/examples/recruitment-round.yaml";

struct Ran {
  int code = -1;
  std::string out, err;
};

class CliTest : public RoundFixture {
 protected:
  void SetUp() override {
    RoundFixture::SetUp();
    home_ = std::filesystem::temp_directory_path() /
            ("equalsay-cli-" + Api::NewId());
    std::filesystem::create_directories(home_);
  }
  void TearDown() override {
    std::filesystem::remove_all(home_);
    RoundFixture::TearDown();
  }

  // Runs the command as `token` ("" for none) against the test server.
  Ran Run(const std::string& token, std::vector<std::string> args) {
    std::vector<std::string> argv = {EQUALSAY_CLI_BIN, "--server",
                                     server_->grpc_addr()};
    if (!token.empty()) {
      argv.push_back("--token");
      argv.push_back(token);
    }
    argv.insert(argv.end(), args.begin(), args.end());
    Ran ran;
    ran.code = RunCommand(argv, Env(), &ran.out, &ran.err);
    return ran;
  }
  // Runs with --output json and reads the answer as `T`.
  template <typename T>
  T Json(const std::string& token, std::vector<std::string> args) {
    args.insert(args.begin(), {"--output", "json"});
    const Ran ran = Run(token, args);
    EXPECT_EQ(ran.code, 0) << args[2] << ": " << ran.err;
    T message;
    EXPECT_TRUE(
        google::protobuf::util::JsonStringToMessage(ran.out, &message).ok())
        << ran.out;
    return message;
  }
  // The "id" of the answer to a command run with --output json.
  std::string IdOf(const std::string& token, std::vector<std::string> args) {
    args.insert(args.begin(), {"--output", "json"});
    const Ran ran = Run(token, args);
    EXPECT_EQ(ran.code, 0) << args[2] << ": " << ran.err;
    return YAML::Load(ran.out)["id"].as<std::string>();
  }
  // A strategy round set up and opened by single commands: Asha (co-chair)
  // and Ben on the Service User Panel, Ellis (co-chair) and Fern on the
  // staff panel.
  struct Steering {
    std::string round;
    std::map<std::string, std::string> person, token;
  };
  Steering BuildSteeringByCli() {
    Steering s;
    s.round =
        IdOf(admin_.token, {"round", "create", "--kind", "strategy", "--title",
                            "Crisis café opening hours", "--purpose",
                            "Decide the café's hours together.", "--scope",
                            "Fixed: the budget. Open: the hours."});
    const std::string su =
        IdOf(admin_.token, {"panel", "add", s.round, "--kind", "service-user"});
    const std::string staff =
        IdOf(admin_.token, {"panel", "add", s.round, "--kind", "staff"});
    for (const auto& [name, panel, role] : {std::tuple{"Asha", su, "co-chair"},
                                            {"Ben", su, "member"},
                                            {"Ellis", staff, "co-chair"},
                                            {"Fern", staff, "member"}}) {
      const std::string person = IdOf(
          admin_.token, {"person", "add", "--name", name, "--role", "member"});
      EXPECT_EQ(
          Run(admin_.token, {"member", "add", panel, person, "--role", role})
              .code,
          0);
      s.person[name] = person;
      s.token[name] = TokenFor(person);
    }
    EXPECT_EQ(Run(admin_.token, {"round", "open", s.round}).code, 0);
    return s;
  }
  std::string TokenFor(const std::string& person_id) {
    return Json<v1::IssueTokenResponse>(admin_.token,
                                        {"token", "issue", person_id})
        .token();
  }

  // A home of its own, so `equalsay login` writes where the test looks.
  std::map<std::string, std::string> Env() const {
    return {{"HOME", home_.string()},
            {"XDG_CONFIG_HOME", (home_ / ".config").string()}};
  }

  std::filesystem::path home_;
};

TEST_F(CliTest, WholeRecruitmentRoundWithAServiceUserPanelVeto) {
  // Set-up from the example file; a second apply changes nothing.
  Ran ran = Run(admin_.token, {"--output", "json", "apply", "-f", kExample});
  ASSERT_EQ(ran.code, 0) << ran.err;
  const YAML::Node applied = YAML::Load(ran.out);
  const std::string round = applied["roundId"].as<std::string>();
  EXPECT_EQ(applied["unchanged"].as<int>(), 0);
  const int64_t events = Count("events");
  ran = Run(admin_.token, {"apply", "-f", kExample});
  ASSERT_EQ(ran.code, 0) << ran.err;
  EXPECT_THAT(ran.out, HasSubstr(": 0 changes made, " +
                                 std::to_string(applied["changes"].as<int>()) +
                                 " already in place."));
  EXPECT_EQ(Count("events"), events);
  EXPECT_EQ(Count("people"), 9);  // The administrator and eight from the file.

  std::map<std::string, std::string> token;
  for (const auto& entry : applied["people"]) {
    token[entry.first.as<std::string>()] =
        TokenFor(entry.second.as<std::string>());
  }
  const std::string su = applied["panels"]["service-user"].as<std::string>();
  const std::string staff = applied["panels"]["staff"].as<std::string>();
  const std::string a = applied["candidates"]["sam"].as<std::string>();
  const std::string b = applied["candidates"]["robin"].as<std::string>();
  const std::string c = applied["candidates"]["alex"].as<std::string>();
  std::vector<std::string> criteria;
  for (const auto& id : applied["criteria"]) {
    criteria.push_back(id.as<std::string>());
  }
  ASSERT_EQ(criteria.size(), 3u);

  // Everyone who votes scores every candidate: A best, then B, then C.
  for (const char* who : {"asha", "ben", "cara", "ellis", "fern", "gray"}) {
    for (const auto& [candidate, score] : {std::pair{a, 4}, {b, 3}, {c, 1}}) {
      std::vector<std::string> args = {"score", candidate};
      for (const std::string& criterion : criteria) {
        args.push_back("--score");
        args.push_back(criterion + "=" + std::to_string(score));
      }
      args.insert(args.end(),
                  {"--evidence",
                   criteria[0] + "=Spoke about their "
                                 "own recovery.",
                   "--view", score >= 3 ? "appointable" : "not-appointable",
                   "--submit"});
      ran = Run(token[who], args);
      ASSERT_EQ(ran.code, 0) << who << ": " << ran.err;
      EXPECT_THAT(ran.out, HasSubstr(": submitted, version"));
    }
  }
  // The observer sees, never scores.
  ran = Run(token["dee"], {"score", a, "--score", criteria[0] + "=4"});
  EXPECT_EQ(ran.code, 4);
  EXPECT_THAT(ran.err, HasSubstr("equalsay: "));
  // An off-scale score names the field and changes nothing.
  ran = Run(token["asha"], {"score", a, "--score", criteria[0] + "=9"});
  EXPECT_EQ(ran.code, 2);
  EXPECT_THAT(ran.err, HasSubstr("the score for criterion " + criteria[0] +
                                 " must be one of 0, 1, 2, 3, 4"));
  // Before the close, the other panel's scores stay hidden.
  ran = Run(token["ellis"], {"sheet", "list", round});
  EXPECT_EQ(ran.code, 0);
  EXPECT_THAT(ran.out, HasSubstr("The other panel's scores are shown when "
                                 "every panel has closed scoring."));
  ran = Run(token["ellis"], {"results", round});
  EXPECT_EQ(ran.code, 5);

  ran = Run(token["asha"], {"scoring", "progress", round});
  EXPECT_EQ(ran.code, 0) << ran.err;
  EXPECT_THAT(ran.out, HasSubstr("Asha Patel, Ben Okafor, Cara Nowak"));
  ASSERT_EQ(Run(token["asha"], {"scoring", "close", su}).code, 0);
  ran = Run(token["ellis"], {"scoring", "close", staff});
  ASSERT_EQ(ran.code, 0) << ran.err;
  EXPECT_THAT(ran.out, HasSubstr("Every panel has closed scoring: the "
                                 "results are ready"));
  ran = Run(token["ben"], {"results", round});
  ASSERT_EQ(ran.code, 0) << ran.err;
  EXPECT_THAT(ran.out, HasSubstr("Candidate A"));
  EXPECT_THAT(ran.out, HasSubstr("Members of the Service User Panel ranked "
                                 "the candidates in much the same order"));

  // One decision per candidate, named.
  std::map<std::string, std::string> decision;
  for (const auto& [key, id] : {std::pair{"a", a}, {"b", b}, {"c", c}}) {
    decision[key] =
        Json<v1::Decision>(admin_.token,
                           {"decision", "create", round, "--candidate", id,
                            "--method", "yes-no", "--secrecy", "named"})
            .id();
  }
  ran = Run(token["asha"], {"vote", decision["a"], "object"});
  EXPECT_EQ(ran.code, 2);
  EXPECT_THAT(ran.err, HasSubstr("this decision is a yes-or-no vote"));
  // A: staff agree; the Service User Panel does not.
  for (const char* who : {"ellis", "fern", "gray"}) {
    ASSERT_EQ(Run(token[who], {"vote", decision["a"], "agree"}).code, 0);
  }
  ASSERT_EQ(Run(token["asha"], {"vote", decision["a"], "disagree", "--reason",
                                "Did not show how they would share power."})
                .code,
            0);
  for (const char* who : {"ben", "cara"}) {
    ASSERT_EQ(Run(token[who], {"vote", decision["a"], "disagree"}).code, 0);
  }
  // B: everyone agrees. C: nobody does.
  for (const char* who : {"asha", "ben", "cara", "ellis", "fern", "gray"}) {
    ASSERT_EQ(Run(token[who], {"vote", decision["b"], "agree"}).code, 0);
    ASSERT_EQ(Run(token[who], {"vote", decision["c"], "disagree"}).code, 0);
  }
  for (const auto& [key, id] : decision) {
    ASSERT_EQ(Run(token["asha"], {"decision", "close", id}).code, 0);
    ASSERT_EQ(Run(token["ellis"], {"decision", "close", id}).code, 0);
  }
  ran = Run(token["dee"], {"outcome", decision["a"]});
  ASSERT_EQ(ran.code, 0) << ran.err;
  EXPECT_THAT(ran.out,
              HasSubstr("Not agreed. The Service User Panel did not agree (0 "
                        "of 3 members agreed; 2 were needed). Each panel "
                        "holds an equal veto, so this appointment does not go "
                        "ahead."));
  EXPECT_THAT(ran.out, HasSubstr("Did not show how they would share power."));

  // HR cannot confirm the vetoed candidate, best scores or not.
  ran = Run(token["hana"], {"confirm", decision["a"], "offer-made"});
  EXPECT_EQ(ran.code, 5);
  EXPECT_THAT(ran.err, HasSubstr("HR can confirm only what every panel "
                                 "agreed. The outcome for Candidate A is "
                                 "vetoed"));
  ran = Run(admin_.token, {"confirm", decision["b"], "offer-made"});
  EXPECT_EQ(ran.code, 4);  // Only HR confirms.
  ran = Run(token["hana"], {"offers", round});
  ASSERT_EQ(ran.code, 0) << ran.err;
  EXPECT_THAT(ran.out, HasSubstr("Next: make an offer to Candidate B."));
  EXPECT_THAT(ran.out, HasSubstr("Robin Lee"));

  // Someone follows the round live; it ends when the round finishes.
  Process watch({EQUALSAY_CLI_BIN, "--server", server_->grpc_addr(), "--token",
                 token["ben"], "watch", round},
                Env());
  ASSERT_EQ(Run(token["hana"], {"confirm", decision["b"], "offer-made"}).code,
            0);
  ran = Run(token["hana"], {"confirm", decision["b"], "accepted"});
  ASSERT_EQ(ran.code, 0) << ran.err;
  EXPECT_THAT(ran.out, HasSubstr("Round state: confirmed"));
  EXPECT_EQ(watch.WaitForExit(absl::Seconds(15)), 0) << watch.Stderr();
  EXPECT_THAT(watch.Stdout(), HasSubstr("Following the round"));
  EXPECT_THAT(watch.Stdout(), HasSubstr("The round has finished."));

  // The published record.
  ran = Run(token["dee"], {"minutes", round});
  ASSERT_EQ(ran.code, 0) << ran.err;
  for (const char* expected :
       {"# Minutes: Peer Support Worker, Community Mental Health Team",
        "### Service User Panel", "- Asha Patel, co-chair",
        "- Dee Hughes, observer (does not vote)",
        "### 1. Appoint Candidate A to the post?",
        "**Outcome: vetoed.** Not agreed. The Service User Panel did not agree",
        "| Service User Panel | 0 | 3 | 0 | 3 | 3 | no |",
        "- Asha Patel (Service User Panel, disagree): Did not show how they "
        "would share power.",
        "HR: offer accepted, recorded by Hana Said"}) {
    EXPECT_THAT(ran.out, HasSubstr(expected));
  }
  EXPECT_THAT(ran.out, ::testing::Not(HasSubstr("Sam Jones")));
  ran = Run(token["hana"], {"feedback", round});
  ASSERT_EQ(ran.code, 0) << ran.err;
  EXPECT_THAT(ran.out, HasSubstr("## Candidate A\n\nNot appointed: the Service "
                                 "User Panel did not agree"));
  EXPECT_THAT(ran.out, HasSubstr("On average: \"Strong evidence\"."));
  for (const char* member : {"Asha", "Ben", "Cara", "Ellis", "Fern", "Gray"}) {
    EXPECT_THAT(ran.out, ::testing::Not(HasSubstr(member)));
  }
  ran = Run(token["ben"], {"feedback", round});
  EXPECT_EQ(ran.code, 4);  // Members read the minutes, not the feedback.
  ran = Run(token["ben"], {"audit", "verify"});
  EXPECT_EQ(ran.code, 4);  // It reads the whole trail: administrators only.
  ran = Run(admin_.token, {"audit", "verify"});
  EXPECT_EQ(ran.code, 0) << ran.err;
  EXPECT_THAT(ran.out, HasSubstr("The audit trail is intact"));

  // After the whole round, the server's log holds a line per call and
  // nothing anyone scored, wrote or chose, no name and no token.
  const std::string log = server_->process().Stderr();
  EXPECT_THAT(log,
              HasSubstr("rpc method=/equalsay.v1.ConsensusService/CastBallot"));
  for (const auto& [who, t] : token) {
    EXPECT_THAT(log, Not(HasSubstr(t.substr(4)))) << who << "'s token";
  }
  EXPECT_THAT(log, Not(HasSubstr(std::string(kAdminToken).substr(4))));
  for (const char* secret :
       {"Spoke about their own recovery", "share power", "AGREE", "DISAGREE",
        "APPOINTABLE", "Sam Jones", "Asha Patel"}) {
    EXPECT_THAT(log, Not(HasSubstr(secret))) << secret;
  }
}

TEST_F(CliTest, StrategyDecisionByConsentFromSingleCommands) {
  const Steering s = BuildSteeringByCli();
  const std::string& round = s.round;
  const std::map<std::string, std::string>& token = s.token;

  // Signing in once keeps the token for later commands, owner-only.
  Ran ran = Run("", {"login", "--token", token.at("Ben")});
  ASSERT_EQ(ran.code, 0) << ran.err;
  EXPECT_THAT(ran.out, HasSubstr("Signed in as Ben"));
  struct stat st {};
  ASSERT_EQ(::stat((home_ / ".config/equalsay/token").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600);
  ran = Run("", {"whoami"});
  EXPECT_EQ(ran.code, 0);
  EXPECT_THAT(ran.out, HasSubstr("Display name: Ben"));

  const std::string decision =
      IdOf(token.at("Asha"),
           {"decision", "create", round, "--title", "Open on Sundays", "--text",
            "The café opens 10 till 4 on Sundays.", "--method", "consent",
            "--secrecy", "secret", "--closes-at", "+2h"});
  for (const char* who : {"Asha", "Ellis", "Fern"}) {
    ASSERT_EQ(Run(token.at(who), {"vote", decision, "agree"}).code, 0);
  }
  ASSERT_EQ(Run("", {"vote", decision, "stand-aside"}).code, 0);  // Ben.
  ran = Run("", {"outcome", decision});
  EXPECT_EQ(ran.code, 5);
  EXPECT_THAT(ran.err, HasSubstr("still open"));
  ASSERT_EQ(Run(token.at("Asha"), {"decision", "close", decision}).code, 0);
  ASSERT_EQ(Run(token.at("Ellis"), {"decision", "close", decision}).code, 0);
  ran = Run("", {"outcome", decision});
  ASSERT_EQ(ran.code, 0) << ran.err;
  EXPECT_THAT(ran.out, HasSubstr("Explanation: Agreed. The Service User Panel "
                                 "agreed. The Staff Panel agreed. All panels "
                                 "agreed, so this proposal can go ahead."));
  ran = Run("", {"--output", "json", "outcome", decision});
  EXPECT_THAT(ran.out, HasSubstr("\"result\": \"OUTCOME_RESULT_AGREED\""));
  EXPECT_THAT(ran.out, HasSubstr("\"countsWithheld\": true"));
  ASSERT_EQ(Run("", {"logout"}).code, 0);
  EXPECT_FALSE(std::filesystem::exists(home_ / ".config/equalsay/token"));
}

// Ben takes part by phone: he names Hana as his supporter, she enters his
// vote as he gave it, and he sees and confirms it as his.
TEST_F(CliTest, ASupporterEntersAVoteAMemberGaveByPhone) {
  const Steering s = BuildSteeringByCli();
  const std::string hana = IdOf(
      admin_.token, {"person", "add", "--name", "Hana", "--role", "member"});
  const std::string hana_token = TokenFor(hana);
  Ran ran = Run(s.token.at("Ben"), {"supporter", "name", s.round, hana});
  ASSERT_EQ(ran.code, 0) << ran.err;
  ran = Run(s.token.at("Asha"), {"supporter", "list", s.round});
  EXPECT_THAT(ran.out, HasSubstr("Hana"));
  const std::string decision =
      IdOf(s.token.at("Asha"),
           {"decision", "create", s.round, "--title", "Open on Sundays",
            "--text", "The café opens 10 till 4 on Sundays.", "--method",
            "yes-no", "--secrecy", "named"});
  ran = Run(hana_token, {"ballot", "enter", decision, s.person.at("Ben"),
                         "disagree", "--how", "phone"});
  ASSERT_EQ(ran.code, 0) << ran.err;
  ran = Run(s.token.at("Ben"), {"ballot", "show", decision});
  ASSERT_EQ(ran.code, 0) << ran.err;
  EXPECT_THAT(ran.out, HasSubstr("Hana"));
  EXPECT_THAT(ran.out, HasSubstr("phone"));
  ran = Run(s.token.at("Ben"), {"ballot", "confirm", decision});
  ASSERT_EQ(ran.code, 0) << ran.err;
  const v1::Ballot mine =
      Json<v1::Ballot>(s.token.at("Ben"), {"ballot", "show", decision});
  EXPECT_TRUE(mine.confirmed());
  EXPECT_EQ(mine.choice(), v1::CHOICE_DISAGREE);
  // Someone Ben never named is refused in plain words.
  ran =
      Run(s.token.at("Fern"), {"ballot", "enter", decision, s.person.at("Ben"),
                               "agree", "--how", "paper"});
  EXPECT_NE(ran.code, 0);
  EXPECT_THAT(ran.err, HasSubstr("supporter"));
}

// Ben voted on paper in the room: Asha counts the papers, Ben counts them
// again, and the papers count only once both counts are the same.
TEST_F(CliTest, TwoPeopleCountPaperBallotsInTheRoom) {
  const Steering s = BuildSteeringByCli();
  const std::string decision =
      IdOf(s.token.at("Asha"),
           {"decision", "create", s.round, "--title", "Open on Sundays",
            "--text", "The café opens 10 till 4 on Sundays.", "--method",
            "yes-no", "--secrecy", "secret"});
  const std::string& ben = s.person.at("Ben");
  Ran ran = Run(s.token.at("Asha"), {"decision", "count-papers", decision,
                                     "--voted", ben, "--agree", "1"});
  ASSERT_EQ(ran.code, 0) << ran.err;
  EXPECT_THAT(ran.out, HasSubstr("paper ballots counted once, by Asha"));
  ran = Run(s.token.at("Ben"), {"decision", "count-papers", decision, "--voted",
                                ben, "--disagree", "1"});
  ASSERT_EQ(ran.code, 0) << ran.err;
  EXPECT_THAT(ran.out, HasSubstr("the two counts of the paper ballots "
                                 "differed (Asha and Ben)"));
  ran = Run(s.token.at("Asha"), {"decision", "count-papers", decision,
                                 "--voted", ben, "--agree", "1"});
  ASSERT_EQ(ran.code, 0) << ran.err;
  ran = Run(s.token.at("Ben"),
            {"decision", "count-papers", decision, "--voted",
             ben + ", " + s.person.at("Asha"), "--agree", "1"});
  EXPECT_NE(ran.code, 0);
  EXPECT_THAT(ran.err, HasSubstr("The counts add up to 1, but 2 members"));
  ran = Run(s.token.at("Ben"), {"decision", "count-papers", decision, "--voted",
                                ben, "--agree", "1"});
  ASSERT_EQ(ran.code, 0) << ran.err;
  EXPECT_THAT(ran.out,
              HasSubstr("paper ballots counted in the room by Asha and Ben"));
  ran = Run(s.token.at("Ben"), {"ballot", "show", decision});
  EXPECT_THAT(ran.out, HasSubstr("on paper, counted in the room"));
  ran = Run(s.token.at("Ben"), {"vote", decision, "agree"});
  EXPECT_NE(ran.code, 0);
  EXPECT_THAT(ran.err, HasSubstr("You voted on paper in the room"));
}

// After an agreed decision Asha adds an action for Ben, Ben records it
// done, and everyone reads what came of the decision.
TEST_F(CliTest, YouSaidWeDidFromTheCommandLine) {
  const Steering s = BuildSteeringByCli();
  const std::string decision =
      IdOf(s.token.at("Asha"),
           {"decision", "create", s.round, "--title", "Open on Sundays",
            "--text", "The café opens 10 till 4 on Sundays.", "--method",
            "yes-no", "--secrecy", "named", "--close-when-all-voted"});
  for (const char* who : {"Asha", "Ben", "Ellis", "Fern"}) {
    ASSERT_EQ(Run(s.token.at(who), {"vote", decision, "agree"}).code, 0);
  }
  Ran ran;
  for (int i = 0; i < 100; ++i) {  // Closes once everyone has voted.
    ran = Run(s.token.at("Ben"), {"outcome", decision});
    if (ran.code == 0) break;
    absl::SleepFor(absl::Milliseconds(50));
  }
  ASSERT_EQ(ran.code, 0) << ran.err;
  const std::string action =
      IdOf(s.token.at("Asha"), {"action", "add", decision, "--what",
                                "Open the drop-in on Saturdays", "--owner",
                                s.person.at("Ben"), "--due", "+30d"});
  ran = Run(s.token.at("Fern"),
            {"action", "update", action, "--state", "done", "--note", "Done"});
  EXPECT_NE(ran.code, 0);
  EXPECT_THAT(ran.err, HasSubstr("Only the action's owner"));
  ran = Run(s.token.at("Ben"), {"action", "update", action, "--state", "done"});
  EXPECT_NE(ran.code, 0);
  EXPECT_THAT(ran.err, HasSubstr("--note"));
  ran = Run(s.token.at("Ben"),
            {"action", "update", action, "--state", "done", "--note",
             "Open from 3 February, 10:00 to 14:00."});
  ASSERT_EQ(ran.code, 0) << ran.err;
  EXPECT_THAT(ran.out, HasSubstr("Now: done."));
  ran = Run(s.token.at("Fern"), {"action", "list", s.round});
  EXPECT_THAT(ran.out, HasSubstr("Open the drop-in on Saturdays"));
  EXPECT_THAT(ran.out, HasSubstr("done"));
  ran = Run(s.token.at("Fern"), {"you-said-we-did", "--round", s.round});
  ASSERT_EQ(ran.code, 0) << ran.err;
  EXPECT_THAT(ran.out, HasSubstr("**You said:** Open on Sundays"));
  EXPECT_THAT(ran.out,
              HasSubstr("We did: Open from 3 February, 10:00 to 14:00."));
  ran = Run(s.token.at("Fern"), {"you-said-we-did"});
  EXPECT_NE(ran.code, 0);  // The organisation's report is not a member's.
  EXPECT_THAT(ran.err, HasSubstr("Name a round you are in"));
  ran = Run(admin_.token, {"you-said-we-did"});
  EXPECT_THAT(ran.out, HasSubstr("## Crisis café opening hours"));
}

// Time and money typed in pounds, recorded, confirmed by the other person
// and read back on a statement and in finance's CSV.
TEST_F(CliTest, TimeAndExpensesFromTheCommandLine) {
  const Steering s = BuildSteeringByCli();
  Ran ran = Run(admin_.token, {"rate", "set", "--activity", "steering-meeting",
                               "--role", "member", "--per-hour", "15.50"});
  ASSERT_EQ(ran.code, 0) << ran.err;
  EXPECT_THAT(ran.out, HasSubstr("£15.50"));
  ran = Run(s.token.at("Ben"), {"rate", "list"});
  EXPECT_THAT(ran.out, HasSubstr("the same role, the same pay"));
  const std::string meeting =
      IdOf(s.token.at("Ben"), {"time", "add", s.round, "--activity",
                               "steering-meeting", "--minutes", "90"});
  ran = Run(s.token.at("Ben"), {"expense", "add", s.round, "--kind", "travel",
                                "--amount", "6.4.0", "--note", "Bus"});
  EXPECT_NE(ran.code, 0);
  EXPECT_THAT(ran.err, HasSubstr("--amount must be an amount in pounds"));
  const std::string bus =
      IdOf(s.token.at("Ben"), {"expense", "add", s.round, "--kind", "travel",
                               "--amount", "£6.40", "--note", "Bus"});
  ran = Run(s.token.at("Ben"), {"time", "confirm", s.round, meeting});
  EXPECT_NE(ran.code, 0);
  EXPECT_THAT(ran.err,
              HasSubstr("Only an administrator or a panel's co-chair"));
  const std::string ashas = IdOf(
      s.token.at("Asha"),
      {"time", "add", s.round, "--activity", "preparation", "--minutes", "30"});
  ran = Run(s.token.at("Asha"), {"time", "confirm", s.round, ashas});
  EXPECT_NE(ran.code, 0);
  EXPECT_THAT(ran.err, HasSubstr("nobody confirms their own"));
  for (const std::string& entry : {meeting, bus}) {
    ran = Run(s.token.at("Asha"), {"time", "confirm", s.round, entry});
    ASSERT_EQ(ran.code, 0) << ran.err;
  }
  ASSERT_EQ(Run(s.token.at("Ben"), {"recognition", s.round, "voucher"}).code,
            0);
  ran = Run(s.token.at("Ben"), {"income-limit", "25"});
  ASSERT_EQ(ran.code, 0) << ran.err;
  ran = Run(s.token.at("Ben"), {"statement"});
  ASSERT_EQ(ran.code, 0) << ran.err;
  EXPECT_THAT(ran.out, HasSubstr("£23.25"));  // 90 minutes at £15.50.
  EXPECT_THAT(ran.out, HasSubstr("£6.40"));
  EXPECT_THAT(ran.out, HasSubstr("£1.75 below your limit of £25.00"));
  ran = Run(admin_.token, {"payments", "export", "--from", "2000-01-01", "--to",
                           "2099-12-31"});
  ASSERT_EQ(ran.code, 0) << ran.err;
  EXPECT_THAT(ran.out, HasSubstr(absl::StrCat(
                           s.person.at("Ben"), ",\"Ben\",", s.round,
                           ",\"Crisis café opening hours\",\"vouchers\",90,"
                           "2325,0,640,2965,\"£29.65\"")));
  // Ben's own copy of what is held about him, as Markdown to keep.
  ran = Run(s.token.at("Ben"), {"person", "data"});
  ASSERT_EQ(ran.code, 0) << ran.err;
  EXPECT_THAT(ran.out, HasSubstr("# What equalsay holds about person " +
                                 s.person.at("Ben") + ", Ben"));
  EXPECT_THAT(ran.out, HasSubstr("note: Bus; state: confirmed"));
  ran = Run(s.token.at("Ben"),
            {"person", "data", "--person", s.person.at("Asha")});
  EXPECT_NE(ran.code, 0);
  EXPECT_THAT(ran.err, HasSubstr("--person"));
  // Erasing him asks for his name, and waits for the round to finish.
  ran = Run(admin_.token,
            {"person", "erase", s.person.at("Ben"), "--name", "Bob"});
  EXPECT_NE(ran.code, 0);
  EXPECT_THAT(ran.err, HasSubstr("--name does not match"));
  ran = Run(admin_.token,
            {"person", "erase", s.person.at("Ben"), "--name", "ben"});
  EXPECT_NE(ran.code, 0);
  EXPECT_THAT(ran.err, HasSubstr("Ben is still needed in a round in progress "
                                 "(Crisis café opening hours)"));
}

// Ben gave his scores in the room; Hana, his supporter, enters them on his
// sheet, which stays his: he submits it, and then only he can change it.
TEST_F(CliTest, ASupporterEntersTheScoresAMemberGaveInTheRoom) {
  const Cast c = BuildRecruitment(/*open=*/true);
  const std::string criterion = c.round.criteria(0).id();
  const std::vector<std::string> enter = {
      "score",   c.named.id(), "--for",          c.su_member.id, "--how",
      "in-room", "--score",    criterion + "=3", "--view",       "appointable"};
  Ran ran = Run(c.supporter.token, enter);
  ASSERT_EQ(ran.code, 0) << ran.err;
  EXPECT_THAT(ran.out, HasSubstr("Score sheet of Ben"));
  EXPECT_THAT(ran.out, HasSubstr("Entered by their supporter Hana"));
  ran =
      Run(c.supporter.token, {"score", c.named.id(), "--for", c.su_member.id});
  EXPECT_EQ(ran.code, 2);
  EXPECT_THAT(ran.err, HasSubstr("--how"));
  ran = Run(c.su_member.token, {"sheet", "submit", c.named.id()});
  ASSERT_EQ(ran.code, 0) << ran.err;
  ran = Run(c.su_member.token,
            {"score", c.named.id(), "--score", criterion + "=2"});
  ASSERT_EQ(ran.code, 0) << ran.err;
  ran = Run(c.supporter.token, enter);
  EXPECT_EQ(ran.code, 5);
  EXPECT_THAT(ran.err, HasSubstr("themselves"));
  // Nobody Ben never named enters anything for him.
  ran = Run(c.staff_member.token, enter);
  EXPECT_EQ(ran.code, 4);
}

// A member signs in with the link an administrator made, sees their
// sign-ins, and signs out everywhere; a used link says so.
TEST_F(CliTest, SignInWithALinkAndOutEverywhere) {
  const Account sam = api_->NewPerson(admin_, "Sam", v1::ORG_ROLE_MEMBER);
  Ran ran = Run(admin_.token, {"person", "link", sam.id});
  ASSERT_EQ(ran.code, 0) << ran.err;
  const auto at = ran.out.find("http://");
  ASSERT_NE(at, std::string::npos) << ran.out;
  const std::string link = ran.out.substr(at, ran.out.find('\n', at) - at);
  ASSERT_NE(link.find("#link="), std::string::npos) << link;

  ran = Run("", {"login", link});
  ASSERT_EQ(ran.code, 0) << ran.err;
  EXPECT_THAT(ran.out, HasSubstr("Signed in as Sam (member)"));
  ran = Run("", {"token", "list"});
  ASSERT_EQ(ran.code, 0) << ran.err;
  EXPECT_THAT(ran.out, HasSubstr("session       working (this one)"));
  EXPECT_THAT(ran.out, HasSubstr("sign in link  used"));
  EXPECT_THAT(ran.out, HasSubstr("equalsay command on "));

  ran = Run("", {"login", link});
  EXPECT_EQ(ran.code, 4);
  EXPECT_THAT(ran.err, HasSubstr("This sign-in link has already been used"));

  ran = Run("", {"logout", "--everywhere"});
  ASSERT_EQ(ran.code, 0) << ran.err;
  EXPECT_EQ(ran.out,
            "Signed out everywhere: 1 sign-in ended, and the kept one is "
            "gone.\n");
  EXPECT_EQ(Count("tokens WHERE kind = 'session' AND revoked_at IS NULL"), 0);
}

// A set-up file is a declaration: applied again, or after a correction,
// it changes only what differs, where the round allows it; a person's
// address in two files is one person; --dry-run changes nothing.
TEST_F(CliTest, ApplyChangesOnlyWhatTheFileChanged) {
  const std::filesystem::path file = home_ / "steering.yaml";
  const auto write = [&](const std::string& ben, const std::string& threshold,
                         const std::string& weight) {
    std::ofstream(file)
        << "key: steering-2027\npeople:\n"
           "  - {key: asha, name: Asha, role: member, email: asha@trust.org}\n"
           "  - {key: ben, name: "
        << ben
        << ", role: member, email: Ben@Trust.org}\n"
           "round: {kind: recruitment, title: Peer worker, purpose: P, "
           "scope: S}\n"
           "panels:\n"
           "  - kind: service-user\n    threshold: "
        << threshold
        << "\n    members: [{person: asha, role: co-chair}, {person: ben, "
           "role: member}]\n"
           "candidates: [{key: sam, name: Sam Jones}]\n"
           "criteria:\n  - question: Do they listen?\n    weight: "
        << weight << "\n    scale: [{0: none}, {1: some}, {2: strong}]\n";
  };
  write("Ben", "simple-majority", "1");
  Ran ran = Run(admin_.token, {"apply", "-f", file.string()});
  ASSERT_EQ(ran.code, 0) << ran.err;
  const std::string people = db_.Query("SELECT count(*) FROM people");

  ran = Run(admin_.token, {"apply", "-f", file.string(), "--dry-run"});
  ASSERT_EQ(ran.code, 0) << ran.err;
  EXPECT_THAT(ran.out, HasSubstr("would change nothing"));

  write("Ben Okafor", "two-thirds", "2");
  const std::string events = db_.Query("SELECT count(*) FROM events");
  ran = Run(admin_.token, {"apply", "-f", file.string(), "--dry-run"});
  ASSERT_EQ(ran.code, 0) << ran.err;
  EXPECT_THAT(ran.out, HasSubstr("Nothing was changed (a dry run)"));
  EXPECT_THAT(ran.out, HasSubstr("  - change name of Ben (Ben@Trust.org)\n"));
  EXPECT_THAT(ran.out,
              HasSubstr("  - change threshold of the Service User Panel\n"));
  EXPECT_THAT(ran.out, HasSubstr("  - change weight of criterion 1\n"));
  EXPECT_EQ(db_.Query("SELECT count(*) FROM events"), events);

  ran = Run(admin_.token, {"apply", "-f", file.string()});
  ASSERT_EQ(ran.code, 0) << ran.err;
  EXPECT_THAT(ran.out, HasSubstr("Applied"));
  EXPECT_THAT(ran.out, HasSubstr("3 changes made"));
  EXPECT_EQ(db_.Query("SELECT count(*) FROM people"), people);
  EXPECT_EQ(PersonWithEmail("ben@trust.org").display_name(), "Ben Okafor");
  EXPECT_EQ(db_.Query("SELECT count(*) FROM rounds"), "1");

  // Another round's file naming Ben by his address finds the same Ben.
  const std::filesystem::path other = home_ / "other.yaml";
  std::ofstream(other) << "key: other\npeople:\n  - {key: b, name: Ben "
                          "Okafor, role: member, email: ben@trust.org}\n"
                          "round: {kind: strategy, title: T, purpose: P, "
                          "scope: S}\n";
  ran = Run(admin_.token, {"apply", "-f", other.string()});
  ASSERT_EQ(ran.code, 0) << ran.err;
  EXPECT_EQ(db_.Query("SELECT count(*) FROM people"), people);

  // Once scoring has started, a criterion no longer changes: refused, with
  // the reason and where in the file.
  ASSERT_EQ(
      Run(admin_.token, {"round", "open",
                         db_.Query("SELECT id FROM rounds WHERE setup_key = "
                                   "'steering-2027'")})
          .code,
      5);  // No staff panel: the round cannot open...
  db_.Query(
      "UPDATE rounds SET state = 'SCORING' WHERE setup_key = "
      "'steering-2027' RETURNING 1");  // ...so put it there directly.
  write("Ben Okafor", "two-thirds", "3");
  ran = Run(admin_.token, {"apply", "-f", file.string()});
  EXPECT_EQ(ran.code, 5) << ran.err;
  EXPECT_THAT(ran.err, HasSubstr("criteria[0]"));
  EXPECT_THAT(ran.err, HasSubstr("members have scored against them"));
}

TEST_F(CliTest, FailuresSayWhatToDoWithDistinctExitCodes) {
  Ran ran = Run("", {"round", "list"});
  EXPECT_EQ(ran.code, 4);
  EXPECT_THAT(ran.err, HasSubstr("equalsay login"));
  ran = Run(admin_.token, {"round", "show", "424242"});
  EXPECT_EQ(ran.code, 3);
  EXPECT_THAT(ran.err, HasSubstr("There is no round 424242."));
  ran = Run(admin_.token, {"round", "create", "--kind", "hiring", "--title",
                           "x", "--purpose", "x", "--scope", "x"});
  EXPECT_EQ(ran.code, 2);
  EXPECT_THAT(ran.err,
              HasSubstr("--kind must be one of: recruitment, strategy"));
  ran = Run(admin_.token, {"round", "create"});
  EXPECT_EQ(ran.code, 2);
  EXPECT_THAT(ran.err, HasSubstr("--kind is required"));
  // The server's words for a field become the option the person typed.
  ran = Run(admin_.token, {"person", "add", "--name", " ", "--role", "member"});
  EXPECT_EQ(ran.code, 2);
  EXPECT_THAT(ran.err, HasSubstr("--name is required"));
  EXPECT_THAT(ran.err, Not(HasSubstr("display_name")));
  ran = Run(admin_.token, {"rond", "list"});
  EXPECT_EQ(ran.code, 2);
  EXPECT_THAT(ran.err, HasSubstr("Did you mean `equalsay round`?"));
  EXPECT_EQ(Count("rounds"), 0);
  ran = Run(admin_.token, {"decision", "create", "1", "--method", "yes-no",
                           "--secrecy", "named", "--closes-at", "soon"});
  EXPECT_EQ(ran.code, 2);
  EXPECT_THAT(ran.err, HasSubstr("--closes-at must be a time"));
  // A mistake in an apply file is named as the file spells it.
  const std::string file = (home_ / "round.yaml").string();
  std::ofstream(file) << "key: bad-role\npeople:\n  - {key: asha, name: Asha, "
                         "role: boss}\n";
  ran = Run(admin_.token, {"apply", "-f", file});
  EXPECT_EQ(ran.code, 2);
  EXPECT_THAT(ran.err, HasSubstr("people[asha]: role must be one of: admin, "
                                 "hr, member (got \"boss\")"));
  EXPECT_EQ(Count("people"), 1);
  // Every command explains itself.
  ran = Run("", {"score", "--help"});
  EXPECT_EQ(ran.code, 0);
  EXPECT_THAT(ran.out, HasSubstr("CRITERION=VALUE"));
  // A server that is not there.
  ran.code = RunCommand({EQUALSAY_CLI_BIN, "--server",
                         "127.0.0.1:" + std::to_string(FreePort()), "status"},
                        {}, &ran.out, &ran.err);
  EXPECT_EQ(ran.code, 6);
  EXPECT_THAT(ran.err, HasSubstr("Check it is running"));
}

// A typo in a round file must never weaken a veto in silence: every key is
// checked before anything is applied, and a misspelt one is named with its
// file, line and the key that was meant. Yes-or-no keys take yes or no.
TEST_F(CliTest, ApplyRefusesKeysItDoesNotKnow) {
  std::string yaml;
  {
    std::ifstream in(kExample);
    yaml.assign(std::istreambuf_iterator<char>(in), {});
  }
  struct Typo {
    std::string from, to, line_has, nearest;
  };
  for (const Typo& t : std::vector<Typo>{
           {"    threshold: simple-majority\n    members:\n      - {person: "
            "asha",
            "    treshold: simple-majority\n    members:\n      - {person: "
            "asha",
            "panels", "threshold"},
           {"criteria:\n", "critera:\n", "the file", "criteria"},
           {"  open: true", "  open: yess", "round", ""}}) {
    std::string changed = yaml;
    const size_t at = changed.find(t.from);
    ASSERT_NE(at, std::string::npos) << t.from;
    changed.replace(at, t.from.size(), t.to);
    const std::filesystem::path file = home_ / "round.yaml";
    std::ofstream(file) << changed;
    const int before = std::stoi(db_.Query("SELECT count(*) FROM events"));
    const Ran ran = Run(admin_.token, {"apply", "-f", file.string()});
    EXPECT_EQ(ran.code, 2) << ran.err;
    EXPECT_THAT(ran.err, HasSubstr(file.string()));
    EXPECT_THAT(ran.err, HasSubstr(t.line_has));
    EXPECT_THAT(ran.err, ::testing::ContainsRegex("line [0-9]+"));
    if (!t.nearest.empty()) {
      EXPECT_THAT(ran.err, HasSubstr("did you mean \"" + t.nearest + "\"?"));
    } else {
      EXPECT_THAT(ran.err, HasSubstr("must be yes or no"));
    }
    // Nothing was applied.
    EXPECT_EQ(std::stoi(db_.Query("SELECT count(*) FROM events")), before)
        << db_.Query("SELECT string_agg(action, ',') FROM events") << ran.err;
  }
  // "open: yes" opens the round, and a round may publish secret counts
  // (with a warning saying what that gives away).
  std::string yes = yaml;
  yes.replace(yes.find("  open: true"), 12,
              "  open: yes\n  publish-secret-counts: yes");
  const std::filesystem::path file = home_ / "yes.yaml";
  std::ofstream(file) << yes;
  const Ran ran = Run(admin_.token, {"apply", "-f", file.string()});
  ASSERT_EQ(ran.code, 0) << ran.err;
  EXPECT_THAT(ran.err, HasSubstr("shows how each of them voted"));
  EXPECT_EQ(db_.Query("SELECT state || ' ' || publish_secret_counts FROM "
                      "rounds ORDER BY id DESC LIMIT 1"),
            "SCORING true");
}

// Options may come after the command as well as before it, and every
// command answers in JSON when asked.
TEST_F(CliTest, OptionsGoAnywhereAndEveryCommandSpeaksJson) {
  const v1::Round round = NewRound(v1::ROUND_KIND_STRATEGY);
  const Ran after =
      Run(admin_.token, {"round", "show", round.id(), "--output", "json"});
  ASSERT_EQ(after.code, 0) << after.err;
  v1::Round shown;
  EXPECT_TRUE(
      google::protobuf::util::JsonStringToMessage(after.out, &shown).ok())
      << after.out;
  EXPECT_EQ(shown.id(), round.id());

  const Ran status = Run("", {"status", "--output", "json"});
  ASSERT_EQ(status.code, 0) << status.err;
  EXPECT_NE(status.out.find("\"status\": \"SERVING\""), std::string::npos)
      << status.out;

  const Ran login =
      Run("", {"login", "--token", admin_.token, "--output", "json"});
  ASSERT_EQ(login.code, 0) << login.err;
  v1::Person me;
  EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(login.out, &me).ok())
      << login.out;
  EXPECT_EQ(me.id(), admin_.id);

  // A yes-or-no option is a plain flag.
  const Ran all = Run(admin_.token, {"person", "list", "--all"});
  EXPECT_EQ(all.code, 0) << all.err;
  EXPECT_EQ(Run(admin_.token, {"person", "list", "--all=no"}).code, 0);

  const Ran logout = Run("", {"logout", "--output", "json"});
  // A script token is forgotten here, and left working on the server.
  EXPECT_EQ(logout.out, "{\n  \"tokenForgotten\": true,\n  \"ended\": 0\n}\n");
}

// An administrator applies a file and keeps a token for each person in it;
// `--as KEY` then acts as that person, and only as someone the file named.
TEST_F(CliTest, ActAsAPersonOfTheAppliedFile) {
  Ran ran = Run(admin_.token, {"apply", "-f", kExample, "--issue-tokens"});
  ASSERT_EQ(ran.code, 0) << ran.err;
  EXPECT_THAT(ran.out, HasSubstr("act as one with --as KEY"));
  const std::filesystem::path kept =
      home_ / ".config" / "equalsay" / "people" / "asha";
  ASSERT_TRUE(std::filesystem::exists(kept));
  EXPECT_EQ(
      std::filesystem::status(kept).permissions() & std::filesystem::perms::all,
      std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);

  ran = Run("", {"--as", "asha", "whoami", "--output", "json"});
  ASSERT_EQ(ran.code, 0) << ran.err;
  EXPECT_THAT(ran.out, HasSubstr("\"displayName\": \"Asha Patel\""));

  ran = Run("", {"--as", "zed", "whoami"});
  EXPECT_EQ(ran.code, 2);
  EXPECT_THAT(ran.err, HasSubstr("no sign-in token is kept for \"zed\""));
  ran = Run("", {"--as", "../token", "whoami"});
  EXPECT_EQ(ran.code, 2);
  ran = Run(admin_.token, {"--as", "asha", "whoami"});
  EXPECT_EQ(ran.code, 2);
  EXPECT_THAT(ran.err, HasSubstr("not both"));
}

// Every command's help exits 0, shows an example, and names the command as
// a person types it (not the binary's path).

// The protocol's own names, which a person neither typed nor can look up:
// request fields with more than one word (round_id, close_anyway), enum
// values (CHOICE_AGREE), and the plumbing of sign-in.
std::vector<std::string> ProtocolWords() {
  std::set<std::string> words = {"metadata", "Bearer", "entries[",
                                 "UNSPECIFIED"};
  for (const char* name :
       {"equalsay.v1.PanelService", "equalsay.v1.ScoringService",
        "equalsay.v1.ConsensusService"}) {
    const auto* service =
        google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(
            name);
    for (int m = 0; m < service->method_count(); ++m) {
      std::vector<const google::protobuf::Descriptor*> types = {
          service->method(m)->input_type()};
      while (!types.empty()) {
        const google::protobuf::Descriptor* type = types.back();
        types.pop_back();
        for (int f = 0; f < type->field_count(); ++f) {
          const auto* field = type->field(f);
          if (field->name().find('_') != std::string::npos) {
            words.insert(field->name());
          }
          if (field->message_type() != nullptr) {
            types.push_back(field->message_type());
          }
          if (field->enum_type() != nullptr) {
            for (int v = 0; v < field->enum_type()->value_count(); ++v) {
              words.insert(field->enum_type()->value(v)->name());
            }
          }
        }
      }
    }
  }
  return {words.begin(), words.end()};
}

// The request field an argument fills ("rule.quorum"), or nullptr.
const google::protobuf::FieldDescriptor* FieldOf(const cli::Command& command,
                                                 const cli::Arg& arg) {
  const auto* method =
      google::protobuf::DescriptorPool::generated_pool()->FindMethodByName(
          command.method);
  const google::protobuf::Descriptor* type = method->input_type();
  const google::protobuf::FieldDescriptor* field = nullptr;
  for (const auto& part : absl::StrSplit(arg.field, '.')) {
    if (type == nullptr) return nullptr;
    field = type->FindFieldByName(std::string(part));
    if (field == nullptr) return nullptr;
    type = field->message_type();
  }
  return field;
}

// Every command of the table, with each of its arguments in turn given
// something wrong (not an id, an id that does not exist, a word that is not
// a choice, nothing, far too much), as an administrator and as a member:
// whatever the server or the command says, it says in the person's words.
TEST_F(CliTest, ARoundIsSetUpFromSpreadsheetsAndAFile) {
  const std::filesystem::path people = home_ / "people.csv";
  // A comma in a name without quotes is caught before anything is sent.
  std::ofstream(people) << "Name,Email,Role\nAsha Patel,asha@trust.org,member\n"
                           "Llewellyn, Sian,sian@trust.org,member\n";
  const std::string before = db_.Query("SELECT count(*) FROM people");
  Ran ran = Run(admin_.token, {"import", "people", people.string()});
  EXPECT_EQ(ran.code, 2);
  EXPECT_THAT(ran.err, HasSubstr("line 3 has 4 values"));

  // Each row is reported by its line; one refused row imports nothing.
  std::ofstream(people) << "Name,Email,Role\nAsha Patel,asha@trust.org,member\n"
                           "\"Llewellyn, Sian\",sian@trust.org,memebr\n"
                           "Hana Said,hana@trust.org,hr\n";
  ran = Run(admin_.token, {"import", "people", people.string()});
  EXPECT_EQ(ran.code, 2);
  EXPECT_THAT(ran.out, HasSubstr("would be added"));
  EXPECT_THAT(ran.out, ContainsRegex("3 +refused +[^\n]*role"));
  EXPECT_THAT(ran.err, HasSubstr("nothing was imported"));
  EXPECT_EQ(db_.Query("SELECT count(*) FROM people"), before);

  std::ofstream(people) << "Name,Email,Role\nAsha Patel,asha@trust.org,member\n"
                           "\"Llewellyn, Sian\",sian@trust.org,member\n"
                           "Hana Said,hana@trust.org,hr\n";
  ran = Run(admin_.token, {"import", "people", people.string()});
  ASSERT_EQ(ran.code, 0) << ran.err;
  EXPECT_THAT(ran.out, HasSubstr("3 people added, 0 already there"));
  EXPECT_EQ(PersonWithEmail("sian@trust.org").display_name(),
            "Llewellyn, Sian");

  // The round's file names the imported people by address: no one twice.
  const std::filesystem::path file = home_ / "round.yaml";
  std::ofstream(file)
      << "key: peer-worker\npeople:\n"
         "  - {key: asha, name: Asha Patel, role: member, email: "
         "ASHA@trust.org}\n"
         "  - {key: sian, name: \"Llewellyn, Sian\", role: member, email: "
         "sian@trust.org}\n"
         "round: {kind: recruitment, title: Peer worker, purpose: P, "
         "scope: S}\n"
         "panels:\n  - kind: service-user\n    members: [{person: asha, "
         "role: co-chair}, {person: sian, role: member}]\n"
         "criteria:\n  - question: Do they listen?\n"
         "    scale: [{0: none}, {1: some}, {2: strong}]\n";
  ran = Run(admin_.token, {"apply", "-f", file.string()});
  ASSERT_EQ(ran.code, 0) << ran.err;
  EXPECT_EQ(std::stoi(db_.Query("SELECT count(*) FROM people")),
            std::stoi(before) + 3);
  const std::string round = db_.Query("SELECT max(id) FROM rounds");

  // The example file in the repository is the one the help names.
  const std::string candidates =
      std::string(EQUALSAY_SOURCE_DIR) + "/clients/cli/examples/candidates.csv";
  ran = Run(admin_.token, {"import", "candidates", round, candidates});
  ASSERT_EQ(ran.code, 0) << ran.err;
  EXPECT_THAT(ran.out, HasSubstr("3 candidates added"));
  ran = Run(admin_.token, {"import", "candidates", round, candidates});
  ASSERT_EQ(ran.code, 0) << ran.err;
  EXPECT_THAT(ran.out, HasSubstr("0 candidates added, 3 already there"));
  EXPECT_EQ(
      db_.Query("SELECT count(*) FROM candidates WHERE round_id = " + round),
      "3");
  ran = Run(admin_.token,
            {"import", "people",
             std::string(EQUALSAY_SOURCE_DIR) + "/clients/cli/examples/"
                                                "people.csv"});
  ASSERT_EQ(ran.code, 0) << ran.err;
  EXPECT_THAT(ran.out, HasSubstr("4 people added"));
}

// An administrator adds the pack from files; a panel member lists it and
// gets each document back exactly, a PDF byte for byte.
TEST_F(CliTest, ThePackIsAddedFromFilesAndReadBackExactly) {
  const Cast c = BuildRecruitment(/*open=*/true);
  const std::filesystem::path pdf = home_ / "cv.pdf";
  std::string bytes = "%PDF-1.4\n";
  for (int i = 0; i < 256; ++i) bytes.push_back(static_cast<char>(i));
  std::ofstream(pdf, std::ios::binary) << bytes;
  Ran ran =
      Run(admin_.token, {"document", "add", c.round.id(), pdf.string(),
                         "--kind", "cv", "--candidate", c.anonymised.id()});
  ASSERT_EQ(ran.code, 0) << ran.err;
  const std::string cv = db_.Query("SELECT max(id) FROM documents");
  ran = Run(admin_.token, {"document", "add", c.round.id(),
                           (home_ / "missing.pdf").string(), "--kind", "cv"});
  EXPECT_EQ(ran.code, 2);
  EXPECT_THAT(ran.err, HasSubstr("cannot read"));
  ran = Run(admin_.token, {"document", "add", c.round.id(), pdf.string(),
                           "--kind", "cv", "--title", "Robin Lee CV"});
  EXPECT_EQ(ran.code, 2);
  EXPECT_THAT(ran.err, HasSubstr("title contains the name"));

  ran = Run(TokenFor(c.su_member.id), {"document", "list", c.round.id()});
  ASSERT_EQ(ran.code, 0) << ran.err;
  EXPECT_THAT(ran.out, HasSubstr("Candidate B"));
  EXPECT_THAT(ran.out, Not(HasSubstr("Robin")));
  ran = Run(TokenFor(c.su_member.id), {"document", "get", cv});
  ASSERT_EQ(ran.code, 0) << ran.err;
  EXPECT_EQ(ran.out, bytes);
}

TEST_F(CliTest, NoMessageUsesAWordTheUserDidNotType) {
  ASSERT_EQ(Run(admin_.token, {"apply", "-f", kExample}).code, 0);
  const std::string member = TokenFor("3");  // Ben, on the first panel.
  const std::vector<std::string> forbidden = ProtocolWords();
  ASSERT_THAT(forbidden, ::testing::Contains("round_id"));
  ASSERT_THAT(forbidden, ::testing::Contains("CHOICE_AGREE"));
  int runs = 0;
  // And the commands with code of their own.
  for (const std::vector<std::string>& argv :
       std::vector<std::vector<std::string>>{
           {"score", "abc"},
           {"score", "999999", "--score", "1=2"},
           {"score", "1", "--score", "1=99"},
           {"score", "1", "--score", "99=1"},
           {"score", "1", "--evidence", "1=" + std::string(5000, 'x')},
           {"sheet", "submit", "abc"},
           {"criterion", "add", "1", "--question", "", "--scale", "0=a",
            "--scale", "1=b"},
           {"round", "status", "abc"},
           {"round", "status", "999999"},
           {"watch", "abc"}}) {
    for (const std::string& token : {admin_.token, member}) {
      const Ran ran = Run(token, argv);
      ++runs;
      EXPECT_NE(ran.code, 0) << absl::StrJoin(argv, " ");
      for (const std::string& word : forbidden) {
        EXPECT_THAT(ran.err, Not(HasSubstr(word)))
            << "equalsay " << absl::StrJoin(argv, " ").substr(0, 120);
      }
    }
  }
  // Withdrawing round 1 ends what the rest could try in it, and revoking
  // token 1 or deactivating person 1 (once `person add` has made another
  // administrator) stops the administrator: those last.
  std::vector<cli::Command> commands = cli::Commands();
  std::stable_partition(
      commands.begin(), commands.end(), [](const cli::Command& c) {
        return c.path != "round withdraw" && c.path != "token revoke" &&
               c.path != "person deactivate";
      });
  for (const cli::Command& command : commands) {
    // A good value for each argument, then one wrong one at a time.
    std::vector<std::vector<std::string>> good;
    std::vector<std::vector<std::string>> wrong;
    for (const cli::Arg& arg : command.args) {
      const auto* field = FieldOf(command, arg);
      ASSERT_NE(field, nullptr) << command.path << " " << arg.name;
      std::vector<std::string> words;
      if (arg.is_option()) words.push_back(arg.name);
      if (field->cpp_type() ==
          google::protobuf::FieldDescriptor::CPPTYPE_BOOL) {
        good.push_back(words);
        continue;
      }
      std::string value = "1";
      std::vector<std::string> bad = {"", std::string(5000, 'x')};
      if (field->enum_type() != nullptr) {
        const std::vector<std::string> choices =
            absl::StrSplit(cli::EnumChoices(field->enum_type()), ", ");
        value = choices[0];
        bad = {"bogus", ""};
      } else if (absl::EndsWith(field->name(), "_id")) {
        bad = {"abc", "999999", ""};
      } else if (absl::EndsWith(field->name(), "_unix")) {
        value = "+1h";
        bad = {"soon", "1"};  // 1970 is past.
      } else if (field->cpp_type() !=
                 google::protobuf::FieldDescriptor::CPPTYPE_STRING) {
        bad = {"-5", "many", "99999999999"};
      }
      for (const std::string& b : bad) {
        std::vector<std::string> variant = words;
        variant.push_back(b);
        wrong.push_back(variant);
      }
      words.push_back(value);
      good.push_back(words);
      // Only one wrong argument per run: mark where it goes.
      for (size_t w = wrong.size() - bad.size(); w < wrong.size(); ++w) {
        wrong[w].insert(wrong[w].begin(), std::to_string(good.size() - 1));
      }
    }
    std::vector<std::pair<std::string, std::vector<std::string>>> runs_of = {
        {admin_.token, {}}, {member, {}}};
    for (const auto& w : wrong) runs_of.push_back({admin_.token, w});
    for (const auto& [token, w] : runs_of) {
      std::vector<std::string> argv =
          absl::StrSplit(command.path, ' ', absl::SkipEmpty());
      for (size_t i = 0; i < good.size(); ++i) {
        const bool replaced = !w.empty() && std::stoul(w[0]) == i;
        const auto& words =
            replaced ? std::vector<std::string>(w.begin() + 1, w.end())
                     : good[i];
        argv.insert(argv.end(), words.begin(), words.end());
      }
      const Ran ran = Run(token, argv);
      ++runs;
      for (const std::string& word : forbidden) {
        EXPECT_THAT(ran.err, Not(HasSubstr(word)))
            << "equalsay " << absl::StrJoin(argv, " ").substr(0, 120);
      }
    }
  }
  EXPECT_GT(runs, 200);
}

}  // namespace
}  // namespace equalsay::testing
