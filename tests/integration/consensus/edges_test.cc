// The rules that never bend, at their edges, over a real port on real
// PostgreSQL: a secret decision shows the same whatever the split, the
// closing time and a panel's close are hard edges on both ballot paths,
// changing a vote keeps its reason, and a reopened decision keeps every run.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <httplib.h>

#include <regex>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "services/common/base/enum_names.h"
#include "tests/integration/consensus/consensus_fixture.h"

namespace equalsay::testing {
namespace {

using ::testing::HasSubstr;

// A decision as anyone may see it, without what differs from one decision
// to the next whatever the ballots: ids and times.
v1::Decision Normalised(v1::Decision d) {
  d.clear_id();
  d.clear_opened_at_unix();
  d.clear_closed_at_unix();
  return d;
}
v1::Outcome Normalised(v1::Outcome o) {
  o.clear_decision_id();
  o.clear_closed_at_unix();
  return o;
}

// Rule 4 as a property over the wire. For a Service User Panel of 3 and of
// 4 voters, every split of agree, disagree and abstain (everyone voting,
// every ballot and every reason in the voter's own words) is put to its own
// secret decision. Whatever anyone else can see of it (the decision, the
// list, the outcome, the minutes, the answers to giving a reason, and the
// live feed) must be the same for every split with the same result. In a
// third pass, on a panel of 3, one member's ballot is entered each time by
// their supporter, and in a fourth, besides, another votes on paper, counted
// in the room by the co-chair and them (rule 9): that must show nothing more
// either.
TEST_F(ConsensusServiceTest, SecretDecisionsShowTheSameWhateverTheSplit) {
  const v1::Choice kChoices[] = {v1::CHOICE_AGREE, v1::CHOICE_DISAGREE,
                                 v1::CHOICE_ABSTAIN};
  // With the co-chair: 3 and 4 voters.
  for (const auto& [members, assisted, paper] : {std::tuple{2, false, false},
                                                 {3, false, false},
                                                 {2, true, false},
                                                 {2, true, true}}) {
    const Steering s = BuildSteering(members);
    const Account supporter =
        api_->NewPerson(admin_, "Hana", v1::ORG_ROLE_MEMBER);
    const People on_paper = {&s.su_voters[1]};
    if (assisted) {
      ASSERT_TRUE(NameSupporter(s.round, s.su_voters[0], supporter).ok());
    }
    People su = {&s.su_chair};
    for (const Account& a : s.su_voters) su.push_back(&a);
    People staff = {&s.staff_chair};
    for (const Account& a : s.staff_voters) staff.push_back(&a);
    Watcher watcher(server_->grpc_addr(), s.staff_voters[0], s.round.id());
    ASSERT_TRUE(watcher.WaitFor("watch.started").has_value());

    struct Seen {
      std::string shown;  // Everything observed, serialised.
      std::string split;
    };
    std::map<v1::OutcomeResult, Seen> by_result;
    std::map<std::string, std::string> split_of;  // Decision id: split.
    int splits = 0, compared = 0;
    int combos = 1;
    for (size_t i = 0; i < su.size(); ++i) combos *= 3;
    for (int code = 0; code < combos; ++code, ++splits) {
      const v1::Decision d = Put(
          admin_,
          Request(s.round, "", v1::DECISION_METHOD_YES_NO, v1::SECRECY_SECRET));
      std::string split;
      Papers papers;
      int rest = code;
      for (size_t i = 0; i < su.size(); ++i) {
        const v1::Choice c = kChoices[rest % 3];
        rest /= 3;
        split += ChoiceName(c) + " ";
        // Every other voter explains their ballot as they cast it.
        const std::string reason =
            i % 2 == 0 ? absl::StrCat("Ballot note of voter ", i) : "";
        if (assisted && su[i] == &s.su_voters[0]) {
          ASSERT_TRUE(VoteFor(supporter, *su[i], d, c).ok());
        } else if (paper && su[i] == on_paper[0]) {
          ++(c == v1::CHOICE_AGREE      ? papers.agree
             : c == v1::CHOICE_DISAGREE ? papers.disagree
                                        : papers.abstain);
        } else {
          ASSERT_TRUE(Vote(*su[i], d, c, reason).ok());
        }
      }
      if (paper) {
        ASSERT_TRUE(CountPaper(s.su_chair, d, on_paper, papers).ok());
        ASSERT_TRUE(CountPaper(*on_paper[0], d, on_paper, papers).ok());
      }
      split_of[d.id()] = split;
      for (const Account* who : staff) {
        ASSERT_TRUE(Vote(*who, d, v1::CHOICE_AGREE).ok());
      }
      ASSERT_TRUE(CloseAs(s.su_chair, d).ok());
      ASSERT_TRUE(CloseAs(s.staff_chair, d).ok());

      std::string shown;
      auto observe = [&](const google::protobuf::Message& m) {
        absl::StrAppend(&shown, m.ShortDebugString(), "\n");
      };
      observe(Normalised(Get(s.staff_voters[0], d)));
      v1::Outcome outcome;
      ASSERT_TRUE(OutcomeOf(s.staff_voters[0], d, &outcome).ok());
      observe(Normalised(outcome));
      // Every member of the Service User Panel is asked the same way.
      for (const Account* who : su) {
        v1::GiveReasonRequest give;
        give.set_request_id(Api::NewId());
        give.set_decision_id(d.id());
        give.set_reason(absl::StrCat("Afterwards, in the words of ", who->id));
        v1::Ballot answer;
        const grpc::Status status =
            consensus().GiveReason(As(*who).get(), give, &answer);
        absl::StrAppend(&shown, "give reason: ", status.error_code(), " ",
                        status.error_message(), "\n");
      }
      ASSERT_TRUE(OutcomeOf(admin_, d, &outcome).ok());
      observe(Normalised(outcome));
      auto [it, first] =
          by_result.emplace(outcome.result(), Seen{shown, split});
      if (!first) {
        ++compared;
        ASSERT_EQ(it->second.shown, shown)
            << "secret decision with " << su.size() << " voters: the split "
            << split << "shows something that " << it->second.split
            << "does not";
      }
    }
    EXPECT_GE(by_result.size(), 2u);  // Both vetoed and agreed were seen.
    EXPECT_GT(compared, splits / 2);

    // The minutes: each decision's entry, and its part of the Markdown.
    v1::GetMinutesRequest minutes_req;
    minutes_req.set_round_id(s.round.id());
    v1::Minutes minutes;
    ASSERT_TRUE(
        consensus()
            .GetMinutes(As(s.staff_voters[0]).get(), minutes_req, &minutes)
            .ok());
    const std::regex times(R"(\d{4}-\d\d-\d\d \d\d:\d\d UTC)");
    const std::string& md = minutes.markdown();
    std::vector<std::string> sections =
        absl::StrSplit(md.substr(md.find("## Decisions")), "\n### ");
    ASSERT_EQ(sections.size(), minutes.decisions_size() + 1u);
    std::map<v1::OutcomeResult, std::string> minutes_by_result;
    for (int i = 0; i < minutes.decisions_size(); ++i) {
      v1::MinutesDecision entry = minutes.decisions(i);
      *entry.mutable_decision() = Normalised(entry.decision());
      *entry.mutable_outcome() = Normalised(entry.outcome());
      std::string section = sections[i + 1];
      section =
          std::regex_replace(section.substr(section.find('.')), times, "TIME");
      const std::string shown =
          absl::StrCat(entry.ShortDebugString(), "\n", section);
      auto [it, first] =
          minutes_by_result.emplace(entry.outcome().result(), shown);
      EXPECT_TRUE(first || it->second == shown)
          << "the minutes of the split "
          << split_of[minutes.decisions(i).decision().id()] << "differ:\n"
          << shown << "\nfrom\n"
          << it->second;
    }

    // The live feed: no update ever repeats a decision unchanged, so none
    // says that someone whose turnout is hidden voted.
    std::map<std::string, std::string> last;
    for (const v1::RoundUpdate& u : watcher.Updates()) {
      if (u.action() != "ballot.cast") continue;
      const std::string view = u.decision().SerializeAsString();
      EXPECT_NE(last[u.subject()], view)
          << "an update showed nothing new: " << u.ShortDebugString();
      last[u.subject()] = view;
    }
  }
}

// Unanimity in a panel of five names every voter's choice beside the list
// of who took part, so by default a secret decision shows no counts at all.
TEST_F(ConsensusServiceTest, UnanimityInALargePanelShowsNoCountsByDefault) {
  const Steering s = BuildSteering(/*members=*/4);  // 5 voters in each.
  const v1::Decision d =
      Put(admin_,
          Request(s.round, "", v1::DECISION_METHOD_YES_NO, v1::SECRECY_SECRET));
  People all = s.Voters();
  all.push_back(&s.su_chair);
  all.push_back(&s.staff_chair);
  for (const Account* who : all) {
    ASSERT_TRUE(Vote(*who, d, v1::CHOICE_AGREE).ok());
  }
  ASSERT_TRUE(CloseAs(s.su_chair, d).ok());
  ASSERT_TRUE(CloseAs(s.staff_chair, d).ok());
  v1::Outcome outcome;
  ASSERT_TRUE(OutcomeOf(s.su_voters[0], d, &outcome).ok());
  for (const v1::PanelTally& t : outcome.panels()) {
    EXPECT_TRUE(t.counts_withheld());
    EXPECT_EQ(t.agree(), 0u);
    EXPECT_TRUE(t.agreed());
  }
  EXPECT_EQ(Get(s.su_voters[0], d).panels(0).taken_part_size(), 5);
  EXPECT_FALSE(s.round.publish_secret_counts());
}

class ClosingTimeTest : public ConsensusServiceTest {
 protected:
  // The background close never runs during the test: only the server's
  // own refusal keeps the edge.
  std::map<std::string, std::string> ServerEnv() const override {
    return {{"EQUALSAY_CLOSING_CHECK_MS", "600000"}};
  }
};

// Rule 5: a ballot at or after the closing time is refused, alone or with
// others, whether or not the decision has been closed yet; a server that
// starts after the time closes it before it answers anyone, and records the
// closing time itself as the time of the close.
TEST_F(ClosingTimeTest, ABallotAtOrAfterTheClosingTimeIsRefused) {
  const Steering s = BuildSteering(/*members=*/2);
  v1::CreateDecisionRequest req =
      Request(s.round, "", v1::DECISION_METHOD_YES_NO, v1::SECRECY_NAMED);
  const int64_t closes_at = absl::ToUnixSeconds(absl::Now()) + 2;
  req.set_closes_at_unix(closes_at);
  const v1::Decision d = Put(admin_, req);
  ASSERT_TRUE(Vote(s.su_chair, d, v1::CHOICE_AGREE).ok());
  while (absl::Now() < absl::FromUnixSeconds(closes_at)) {
    absl::SleepFor(absl::Milliseconds(5));
  }
  const grpc::Status late = Vote(s.su_voters[0], d, v1::CHOICE_AGREE);
  EXPECT_EQ(late.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(late.error_message(), HasSubstr("closing time"));
  std::vector<Sent> together;
  for (const Account* who :
       People{&s.su_voters[1], &s.staff_chair, &s.staff_voters[0]}) {
    together.push_back(
        {&consensus(), who->token, Ballot(Api::NewId(), d, v1::CHOICE_AGREE)});
  }
  for (const Answer& a : CastAtOnce(together)) {
    EXPECT_EQ(a.status.error_code(), grpc::StatusCode::FAILED_PRECONDITION)
        << a.status.error_message();
  }
  // The co-chair voted before the time, so their next ballot is checked
  // against what their first one read (VoterFacts): refused all the same.
  const grpc::Status again = Vote(s.su_chair, d, v1::CHOICE_DISAGREE);
  EXPECT_EQ(again.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(again.error_message(), HasSubstr("closing time"));
  EXPECT_EQ(Count("ballots WHERE decision_id = " + d.id()), 1);

  StopServer();
  StartServer();
  const v1::Decision closed = Get(admin_, d);  // No waiting.
  EXPECT_EQ(closed.state(), v1::DECISION_STATE_CLOSED);
  EXPECT_EQ(closed.closed_at_unix(), closes_at);
  EXPECT_EQ(Vote(s.su_voters[0], d, v1::CHOICE_AGREE).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
}

class KeptFactsTest : public ConsensusServiceTest {
 protected:
  static constexpr char kMetricsToken[] =
      "metrics-token-of-kept-facts-tests-0123";
  std::map<std::string, std::string> ServerEnv() const override {
    return {{"EQUALSAY_METRICS_TOKEN", kMetricsToken}};
  }
  // Batches of ballots this server committed, by what their checks relied
  // on ("read" or "kept"), from its /metrics.
  int BatchesWith(const std::string& facts) {
    const std::string& addr = server_->http_addr();
    const size_t colon = addr.rfind(':');
    httplib::Client http(addr.substr(0, colon),
                         std::stoi(addr.substr(colon + 1)));
    const auto res =
        http.Get("/metrics",
                 {{"Authorization", absl::StrCat("Bearer ", kMetricsToken)}});
    if (!res || res->status != 200) {
      ADD_FAILURE() << "no /metrics";
      return -1;
    }
    const std::string line =
        absl::StrCat("equalsay_ballot_batches_total{facts=\"", facts, "\"} ");
    const size_t at = res->body.find(line);
    if (at == std::string::npos) {
      ADD_FAILURE() << line << " not in\n" << res->body;
      return -1;
    }
    return std::stoi(res->body.substr(at + line.size()));
  }
};

// A member's next ballot on a decision is written without reading what
// their last one read (VoterFacts), so the write checks each fact again: a
// token revoked since is refused, and a ballot changed through another
// server is built on, not overwritten.
TEST_F(KeptFactsTest, ABallotNeverReliesOnWhatChangedSinceTheLast) {
  const Steering s = BuildSteering(/*members=*/2);
  const v1::Decision d =
      Put(admin_,
          Request(s.round, "", v1::DECISION_METHOD_YES_NO, v1::SECRECY_NAMED));
  auto ballot_of = [&](const Account& who) {
    return db_.Query(
        "SELECT choice || version FROM ballots WHERE "
        "decision_id = " +
        d.id() + " AND person_id = " + who.id);
  };
  // Unchanged: the second ballot is written on what the first read.
  ASSERT_TRUE(Vote(s.su_voters[1], d, v1::CHOICE_AGREE).ok());
  const int kept_before = BatchesWith("kept");
  v1::Ballot changed;
  ASSERT_TRUE(
      Vote(s.su_voters[1], d, v1::CHOICE_DISAGREE, "Too soon.", &changed).ok());
  EXPECT_EQ(changed.version(), 2u);
  EXPECT_EQ(changed.reason(), "Too soon.");
  EXPECT_EQ(BatchesWith("kept"), kept_before + 1);
  EXPECT_EQ(ballot_of(s.su_voters[1]), "DISAGREE2");

  const Account& leaving = s.su_voters[0];
  ASSERT_TRUE(Vote(leaving, d, v1::CHOICE_AGREE).ok());
  ASSERT_TRUE(RevokeTokenOf(leaving).ok());
  EXPECT_EQ(Vote(leaving, d, v1::CHOICE_DISAGREE).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(ballot_of(leaving), "AGREE1");

  const std::unique_ptr<ServerProcess> second = AnotherServer();
  ASSERT_NE(second, nullptr);
  Api other(second->grpc_addr());
  const Account& moving = s.staff_voters[0];
  ASSERT_TRUE(Vote(moving, d, v1::CHOICE_AGREE).ok());
  v1::Ballot there, here;
  ASSERT_TRUE(other.consensus()
                  .CastBallot(As(moving).get(),
                              Ballot(Api::NewId(), d, v1::CHOICE_DISAGREE),
                              &there)
                  .ok());
  EXPECT_EQ(there.version(), 2u);
  ASSERT_TRUE(Vote(moving, d, v1::CHOICE_AGREE, "", &here).ok());
  EXPECT_EQ(here.version(), 3u);
  EXPECT_EQ(Count("ballot_versions WHERE decision_id = " + d.id() +
                  " AND person_id = " + moving.id),
            3);
  // Neither change was written on the kept facts.
  EXPECT_EQ(BatchesWith("kept"), kept_before + 1);
}

// A ballot written on kept facts is cast at this server's reckoning of the
// database's clock, measured at each read: a read that found nobody (a
// token that signs nobody in, a decision that does not exist) measured
// nothing and must not move it.
TEST_F(KeptFactsTest, AReadFindingNobodyLeavesTheClockAsItWas) {
  const Steering s = BuildSteering(/*members=*/1);
  const v1::Decision d =
      Put(admin_,
          Request(s.round, "", v1::DECISION_METHOD_YES_NO, v1::SECRECY_NAMED));
  const Account& voter = s.su_voters[0];
  v1::Ballot first, changed;
  ASSERT_TRUE(Vote(voter, d, v1::CHOICE_AGREE, "", &first).ok());
  const Account stranger{.id = voter.id,
                         .token = "eqs_" + std::string(43, 'x')};
  EXPECT_EQ(Vote(stranger, d, v1::CHOICE_AGREE).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  v1::Decision missing = d;
  missing.set_id("999999999");
  EXPECT_EQ(Vote(voter, missing, v1::CHOICE_AGREE).error_code(),
            grpc::StatusCode::NOT_FOUND);
  const int kept_before = BatchesWith("kept");
  ASSERT_TRUE(Vote(voter, d, v1::CHOICE_DISAGREE, "", &changed).ok());
  EXPECT_EQ(BatchesWith("kept"), kept_before + 1);
  EXPECT_GE(changed.cast_at_unix(), first.cast_at_unix());
  EXPECT_LE(changed.cast_at_unix(), absl::ToUnixSeconds(absl::Now()) + 5);
  EXPECT_EQ(db_.Query("SELECT floor(extract(epoch FROM cast_at))::bigint FROM "
                      "ballots WHERE decision_id = " +
                      d.id()),
            std::to_string(changed.cast_at_unix()));
}

// A member who opens a decision they vote on (GetMyBallot, as the web
// client does) has their first ballot written in one statement on facts
// read then, each checked again by the write: a token revoked in between is
// refused all the same.
TEST_F(KeptFactsTest, FactsReadWhenAMemberOpensTheirBallotAreCheckedAgain) {
  const Steering s = BuildSteering(/*members=*/2);
  const v1::Decision d =
      Put(admin_,
          Request(s.round, "", v1::DECISION_METHOD_YES_NO, v1::SECRECY_NAMED));
  auto open = [&](const Account& who) {
    v1::GetMyBallotRequest req;
    req.set_decision_id(d.id());
    v1::Ballot out;
    return consensus().GetMyBallot(As(who).get(), req, &out).error_code();
  };
  const Account& voter = s.su_voters[0];
  EXPECT_EQ(open(voter), grpc::StatusCode::NOT_FOUND);  // Not voted yet.
  const int kept_before = BatchesWith("kept");
  v1::Ballot cast;
  ASSERT_TRUE(Vote(voter, d, v1::CHOICE_AGREE, "Good for us.", &cast).ok());
  EXPECT_EQ(cast.version(), 1u);
  EXPECT_EQ(cast.reason(), "Good for us.");
  EXPECT_EQ(BatchesWith("kept"), kept_before + 1);
  EXPECT_EQ(Count("ballot_versions WHERE decision_id = " + d.id() +
                  " AND person_id = " + voter.id),
            1);

  const Account& leaving = s.su_voters[1];
  EXPECT_EQ(open(leaving), grpc::StatusCode::NOT_FOUND);
  ASSERT_TRUE(RevokeTokenOf(leaving).ok());
  EXPECT_EQ(Vote(leaving, d, v1::CHOICE_DISAGREE).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(Count("ballots WHERE decision_id = " + d.id() +
                  " AND person_id = " + leaving.id),
            0);
}

// A co-chair's "close voting for my panel" stops that panel's ballots at
// once, alone or cast together with others; the other panel votes on.
TEST_F(ConsensusServiceTest, AClosedPanelTakesNoMoreBallots) {
  const Steering s = BuildSteering(/*members=*/2);
  const v1::Decision d =
      Put(admin_,
          Request(s.round, "", v1::DECISION_METHOD_YES_NO, v1::SECRECY_NAMED));
  ASSERT_TRUE(Vote(s.su_voters[0], d, v1::CHOICE_AGREE).ok());
  ASSERT_TRUE(CloseAs(s.su_chair, d).ok());
  const grpc::Status changed = Vote(s.su_voters[0], d, v1::CHOICE_DISAGREE);
  EXPECT_EQ(changed.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(changed.error_message(), HasSubstr("closed voting"));
  const std::vector<Answer> answers =
      CastAtOnce({{&consensus(), s.su_voters[1].token,
                   Ballot(Api::NewId(), d, v1::CHOICE_DISAGREE)},
                  {&consensus(), s.staff_voters[0].token,
                   Ballot(Api::NewId(), d, v1::CHOICE_AGREE)}});
  EXPECT_EQ(answers[0].status.error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_TRUE(answers[1].status.ok()) << answers[1].status.error_message();
  EXPECT_EQ(db_.Query("SELECT string_agg(choice, ',') FROM ballots WHERE "
                      "decision_id = " +
                      d.id() + " AND panel_id = " + s.su.id()),
            "AGREE");
  EXPECT_EQ(Count("ballot_versions WHERE decision_id = " + d.id()), 2);
}

// Rule 5, reasons included: changing a vote without a new reason keeps the
// one given, on the batched path and on the one-ballot path alike.
TEST_F(ConsensusServiceTest, ChangingAVoteKeepsItsReason) {
  const Steering s = BuildSteering(/*members=*/1);
  const v1::Decision d =
      Put(admin_,
          Request(s.round, "", v1::DECISION_METHOD_YES_NO, v1::SECRECY_NAMED));
  const std::string said = "The hours leave out carers.";
  ASSERT_TRUE(Vote(s.su_voters[0], d, v1::CHOICE_DISAGREE, said).ok());
  // Two changes at once by the same member: one goes in the batch, the
  // other waits and is written alone.
  const std::vector<Answer> answers =
      CastAtOnce({{&consensus(), s.su_voters[0].token,
                   Ballot(Api::NewId(), d, v1::CHOICE_AGREE)},
                  {&consensus(), s.su_voters[0].token,
                   Ballot(Api::NewId(), d, v1::CHOICE_ABSTAIN)}});
  for (const Answer& a : answers) {
    ASSERT_TRUE(a.status.ok()) << a.status.error_message();
    EXPECT_EQ(a.ballot.reason(), said);
  }
  v1::GetMyBallotRequest mine;
  mine.set_decision_id(d.id());
  v1::Ballot now;
  ASSERT_TRUE(
      consensus().GetMyBallot(As(s.su_voters[0]).get(), mine, &now).ok());
  EXPECT_EQ(now.version(), 3u);
  EXPECT_EQ(now.reason(), said);
  EXPECT_EQ(
      Count("ballot_versions WHERE reason = '' AND decision_id = " + d.id()),
      0);
  // A new reason replaces the old one.
  v1::Ballot replaced;
  ASSERT_TRUE(
      Vote(s.su_voters[0], d, v1::CHOICE_AGREE, "They listened.", &replaced)
          .ok());
  EXPECT_EQ(replaced.reason(), "They listened.");
}

// Rule 5: a reopened decision keeps every earlier run in its history and in
// the minutes: outcome, tallies, the objection's reason, the next step the
// co-chairs agreed and why it was reopened.
TEST_F(ConsensusServiceTest, AReopenedDecisionKeepsEveryRun) {
  const Steering s = BuildSteering(/*members=*/1);
  const v1::Decision d =
      Put(admin_,
          Request(s.round, "", v1::DECISION_METHOD_CONSENT, v1::SECRECY_NAMED));
  for (const Account* who :
       People{&s.su_chair, &s.su_voters[0], &s.staff_chair}) {
    ASSERT_TRUE(Vote(*who, d, v1::CHOICE_AGREE).ok());
  }
  const std::string objection = "Sunday cover is not funded yet.";
  ASSERT_TRUE(Vote(s.staff_voters[0], d, v1::CHOICE_OBJECT, objection).ok());
  ASSERT_TRUE(CloseAs(s.su_chair, d).ok());
  ASSERT_TRUE(CloseAs(s.staff_chair, d).ok());
  for (const Account* chair : People{&s.su_chair, &s.staff_chair}) {
    v1::RecordNextStepRequest step;
    step.set_request_id(Api::NewId());
    step.set_decision_id(d.id());
    step.set_next_step(v1::NEXT_STEP_REVISE_AND_RETURN);
    v1::Decision ignored;
    ASSERT_TRUE(
        consensus().RecordNextStep(As(*chair).get(), step, &ignored).ok());
  }
  ASSERT_TRUE(AskToReopen(s.su_chair, d).ok());
  ASSERT_TRUE(AskToReopen(s.staff_chair, d).ok());
  for (const Account* who : People{&s.su_chair, &s.su_voters[0], &s.staff_chair,
                                   &s.staff_voters[0]}) {
    ASSERT_TRUE(Vote(*who, d, v1::CHOICE_AGREE).ok());
  }
  ASSERT_TRUE(CloseAs(s.su_chair, d).ok());
  ASSERT_TRUE(CloseAs(s.staff_chair, d).ok());

  const v1::Decision now = Get(s.su_voters[0], d);
  EXPECT_EQ(now.run(), 2u);
  EXPECT_EQ(now.result(), v1::OUTCOME_RESULT_AGREED);
  ASSERT_EQ(now.earlier_runs_size(), 1);
  const v1::Outcome& first = now.earlier_runs(0);
  EXPECT_EQ(first.run(), 1u);
  EXPECT_EQ(first.result(), v1::OUTCOME_RESULT_VETOED);
  EXPECT_EQ(first.panels(1).object(), 1u);
  EXPECT_EQ(first.next_step(), v1::NEXT_STEP_REVISE_AND_RETURN);
  ASSERT_EQ(first.reasons_size(), 1);
  EXPECT_EQ(first.reasons(0).reason(), objection);
  EXPECT_EQ(first.reopen_requests_size(), 2);
  EXPECT_GT(first.closed_at_unix(), 0);

  v1::GetMinutesRequest minutes_req;
  minutes_req.set_round_id(s.round.id());
  v1::Minutes minutes;
  ASSERT_TRUE(consensus()
                  .GetMinutes(As(s.su_voters[0]).get(), minutes_req, &minutes)
                  .ok());
  ASSERT_EQ(minutes.decisions_size(), 1);
  EXPECT_EQ(minutes.decisions(0).decision().earlier_runs_size(), 1);
  for (const std::string& kept :
       {std::string("**Vote 1**"), std::string("**Outcome: vetoed.**"),
        objection, std::string("revise and bring back"),
        std::string("New information about the candidate's references."),
        std::string("**Vote 2**"), std::string("**Outcome: agreed.**")}) {
    EXPECT_THAT(minutes.markdown(), HasSubstr(kept));
  }
}

// Sessions end when access ends: deactivating a person or revoking their
// token ends their open live streams on every server, at once; others'
// streams go on.
TEST_F(ConsensusServiceTest, LiveStreamsEndWhenAccessEnds) {
  const Steering s = BuildSteering(/*members=*/2);
  const std::unique_ptr<ServerProcess> second = AnotherServer();
  ASSERT_NE(second, nullptr);
  const Account& leaving = s.su_voters[0];
  const Account& revoked = s.su_voters[1];
  Watcher here(server_->grpc_addr(), leaving, s.round.id());
  Watcher there(second->grpc_addr(), leaving, s.round.id());
  Watcher revoked_here(server_->grpc_addr(), revoked, s.round.id());
  Watcher staying(second->grpc_addr(), s.staff_voters[0], s.round.id());
  for (Watcher* w : {&here, &there, &revoked_here, &staying}) {
    ASSERT_TRUE(w->WaitFor("watch.started").has_value());
  }

  v1::DeactivatePersonRequest deactivate;
  deactivate.set_request_id(Api::NewId());
  deactivate.set_person_id(leaving.id);
  v1::Person person;
  ASSERT_TRUE(
      panels().DeactivatePerson(As(admin_).get(), deactivate, &person).ok());
  for (Watcher* w : {&here, &there}) {
    const std::optional<grpc::Status> ended = w->WaitForEnd(absl::Seconds(5));
    ASSERT_TRUE(ended.has_value()) << "a deactivated person's stream went on";
    EXPECT_EQ(ended->error_code(), grpc::StatusCode::UNAUTHENTICATED);
  }

  ASSERT_TRUE(RevokeTokenOf(revoked).ok());
  const std::optional<grpc::Status> ended =
      revoked_here.WaitForEnd(absl::Seconds(5));
  ASSERT_TRUE(ended.has_value()) << "a revoked token's stream went on";
  EXPECT_EQ(ended->error_code(), grpc::StatusCode::UNAUTHENTICATED);

  // Everyone else still hears what happens.
  EXPECT_FALSE(staying.WaitForEnd(absl::Milliseconds(1)).has_value());
  const v1::Decision d =
      Put(admin_,
          Request(s.round, "", v1::DECISION_METHOD_YES_NO, v1::SECRECY_NAMED));
  EXPECT_TRUE(
      staying.WaitFor("decision.created", "decision/" + d.id()).has_value());
}

}  // namespace
}  // namespace equalsay::testing
