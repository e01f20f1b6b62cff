// Everyone takes part their own way (DESIGN.md rule 9), over a real port on
// real PostgreSQL: a supporter enters a member's ballot, which stays the
// member's to see, confirm and change; nobody acts for a member without
// their consent, after it is withdrawn, or from the other panel.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>
#include <thread>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "tests/integration/consensus/consensus_fixture.h"

namespace equalsay::testing {
namespace {

using ::testing::HasSubstr;

class AssistedBallotTest : public ConsensusServiceTest {
 protected:
  v1::Ballot MyBallot(const Account& who, const v1::Decision& d) {
    v1::GetMyBallotRequest req;
    req.set_decision_id(d.id());
    v1::Ballot out;
    const grpc::Status s = consensus().GetMyBallot(As(who).get(), req, &out);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return out;
  }
  grpc::Status ConfirmMine(const Account& who, const v1::Decision& d,
                           v1::Ballot* out = nullptr) {
    v1::ConfirmBallotRequest req;
    req.set_request_id(Api::NewId());
    req.set_decision_id(d.id());
    v1::Ballot ignored;
    return consensus().ConfirmBallot(As(who).get(), req, out ? out : &ignored);
  }
  uint32_t Voted(const Account& who, const v1::Decision& d, int panel) {
    return Get(who, d).panels(panel).voted();
  }
  v1::Minutes MinutesOf(const v1::Round& round) {
    v1::GetMinutesRequest req;
    req.set_round_id(round.id());
    v1::Minutes out;
    EXPECT_TRUE(consensus().GetMinutes(As(admin_).get(), req, &out).ok());
    return out;
  }
};

TEST_F(AssistedBallotTest, TheEntryIsTheMembersToSeeConfirmAndChange) {
  const Steering s = BuildSteering(/*members=*/2);
  const Account& ben = s.su_voters[0];
  const Account& cara = s.su_voters[1];
  const Account hana = api_->NewPerson(admin_, "Hana", v1::ORG_ROLE_MEMBER);
  ASSERT_TRUE(NameSupporter(s.round, ben, hana).ok());
  // Cara gave her consent in person; her co-chair records it.
  v1::NameSupporterRequest in_person;
  in_person.set_request_id(Api::NewId());
  in_person.set_round_id(s.round.id());
  in_person.set_member_person_id(cara.id);
  in_person.set_supporter_person_id(hana.id);
  in_person.set_consent_given_in_person(true);
  v1::Supporter named;
  ASSERT_TRUE(
      panels().NameSupporter(As(s.su_chair).get(), in_person, &named).ok());
  EXPECT_EQ(named.consent(), v1::SUPPORTER_CONSENT_IN_PERSON);
  EXPECT_EQ(named.consent_recorded_by_name(), "Asha");

  const v1::Decision d =
      Put(admin_,
          Request(s.round, "", v1::DECISION_METHOD_YES_NO, v1::SECRECY_NAMED));
  // The supporter sees the decision as a member would.
  EXPECT_EQ(Get(hana, d).title(), d.title());

  v1::Ballot entered;
  ASSERT_TRUE(VoteFor(hana, ben, d, v1::CHOICE_DISAGREE, false, &entered).ok());
  EXPECT_EQ(entered.how(), v1::HOW_GIVEN_PHONE);
  EXPECT_EQ(entered.entered_by_name(), "Hana");
  EXPECT_FALSE(entered.awaiting_confirmation());
  EXPECT_EQ(Voted(admin_, d, 0), 1u);  // It counts at once in this round.

  v1::Ballot seen = MyBallot(ben, d);
  EXPECT_EQ(seen.choice(), v1::CHOICE_DISAGREE);
  EXPECT_EQ(seen.how(), v1::HOW_GIVEN_PHONE);
  EXPECT_EQ(seen.entered_by_name(), "Hana");
  EXPECT_FALSE(seen.confirmed());
  ASSERT_TRUE(ConfirmMine(ben, d, &seen).ok());
  EXPECT_TRUE(seen.confirmed());
  EXPECT_EQ(ConfirmMine(ben, d).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);

  // Ben changes his mind himself: his own ballot replaces the entry, and
  // from then on only he can change it.
  ASSERT_TRUE(Vote(ben, d, v1::CHOICE_AGREE).ok());
  seen = MyBallot(ben, d);
  EXPECT_EQ(seen.choice(), v1::CHOICE_AGREE);
  EXPECT_EQ(seen.how(), v1::HOW_GIVEN_SELF);
  EXPECT_EQ(seen.entered_by_name(), "");
  const grpc::Status over = VoteFor(hana, ben, d, v1::CHOICE_DISAGREE);
  EXPECT_EQ(over.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(over.error_message(), HasSubstr("themselves"));
  EXPECT_EQ(Voted(admin_, d, 0), 1u);  // Ben counted once.

  // Cara's ballot, written on paper, is entered for her.
  v1::CastBallotForRequest paper;
  paper.set_request_id(Api::NewId());
  paper.set_decision_id(d.id());
  paper.set_member_person_id(cara.id);
  paper.set_choice(v1::CHOICE_AGREE);
  paper.set_how(v1::HOW_GIVEN_PAPER);
  ASSERT_TRUE(consensus().CastBallotFor(As(hana).get(), paper, &entered).ok());
  // A retry with the same request id gives the first answer, once.
  v1::Ballot again;
  ASSERT_TRUE(consensus().CastBallotFor(As(hana).get(), paper, &again).ok());
  EXPECT_EQ(again.SerializeAsString(), entered.SerializeAsString());
  EXPECT_EQ(Count("ballot_versions WHERE person_id = " + cara.id), 1);

  for (const Account* who :
       {&s.su_chair, &s.staff_chair, &s.staff_voters[0], &s.staff_voters[1]}) {
    ASSERT_TRUE(Vote(*who, d, v1::CHOICE_AGREE).ok());
  }
  ASSERT_TRUE(CloseAs(s.su_chair, d).ok());
  ASSERT_TRUE(CloseAs(s.staff_chair, d).ok());
  v1::Outcome outcome;
  ASSERT_TRUE(OutcomeOf(ben, d, &outcome).ok());
  EXPECT_EQ(outcome.result(), v1::OUTCOME_RESULT_AGREED);
  EXPECT_EQ(outcome.panels(0).agree(), 3u);
  EXPECT_EQ(outcome.panels(0).voted(), 3u);
  for (const v1::NamedBallot& b : outcome.ballots()) {
    EXPECT_EQ(b.how(), b.person_id() == cara.id ? v1::HOW_GIVEN_PAPER
                                                : v1::HOW_GIVEN_SELF)
        << b.display_name();
  }
  // The minutes count the entry still standing (Cara's), unconfirmed.
  const v1::Minutes minutes = MinutesOf(s.round);
  EXPECT_EQ(minutes.decisions(0).assisted_ballots(), 1u);
  EXPECT_EQ(minutes.decisions(0).assisted_ballots_confirmed(), 0u);
  EXPECT_THAT(minutes.markdown(),
              HasSubstr("1 ballot was entered by a member's supporter"));
  EXPECT_THAT(minutes.markdown(), HasSubstr("given on paper"));
  // After the close nothing more is entered or confirmed.
  EXPECT_EQ(VoteFor(hana, cara, d, v1::CHOICE_AGREE).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(ConfirmMine(cara, d).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
}

TEST_F(AssistedBallotTest, NobodyActsWithoutConsentOrFromTheOtherPanel) {
  const Steering s = BuildSteering(/*members=*/2);
  const Account& ben = s.su_voters[0];
  const Account& cara = s.su_voters[1];
  const std::string cara_name = "Member S1";
  const Account hana = api_->NewPerson(admin_, "Hana", v1::ORG_ROLE_MEMBER);
  const v1::Decision d =
      Put(admin_,
          Request(s.round, "", v1::DECISION_METHOD_YES_NO, v1::SECRECY_NAMED));
  const int64_t events = Count("events");

  // Named by nobody, Hana is outside the round.
  EXPECT_EQ(VoteFor(hana, ben, d, v1::CHOICE_AGREE).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  // A co-chair acting without recording the member's consent.
  EXPECT_EQ(VoteFor(s.su_chair, ben, d, v1::CHOICE_AGREE).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  v1::NameSupporterRequest req;
  req.set_request_id(Api::NewId());
  req.set_round_id(s.round.id());
  req.set_member_person_id(ben.id);
  req.set_supporter_person_id(hana.id);
  v1::Supporter named;
  grpc::Status st = panels().NameSupporter(As(s.su_chair).get(), req, &named);
  EXPECT_EQ(st.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(st.error_message(), HasSubstr("consent_given_in_person"));
  // The other panel's co-chair may not name one at all.
  req.set_request_id(Api::NewId());
  req.set_consent_given_in_person(true);
  EXPECT_EQ(
      panels().NameSupporter(As(s.staff_chair).get(), req, &named).error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
  // Nor may a member of the other panel be a supporter.
  st = NameSupporter(s.round, ben, s.staff_voters[0]);
  EXPECT_EQ(st.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(st.error_message(), HasSubstr("another panel"));
  EXPECT_EQ(Count("events"), events);
  EXPECT_EQ(Count("supporters"), 0);

  // Ben names Hana: she acts for him, and only for him.
  ASSERT_TRUE(NameSupporter(s.round, ben, hana).ok());
  EXPECT_EQ(NameSupporter(s.round, ben, hana).error_code(),
            grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_EQ(VoteFor(hana, cara, d, v1::CHOICE_AGREE).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(VoteFor(hana, ben, d, v1::CHOICE_AGREE).ok());

  // Cara sees nobody's supporters; Ben sees his own; the co-chair, the
  // panel's.
  v1::ListSupportersRequest list;
  list.set_round_id(s.round.id());
  v1::ListSupportersResponse listed;
  ASSERT_TRUE(panels().ListSupporters(As(cara).get(), list, &listed).ok());
  EXPECT_EQ(listed.supporters_size(), 0);
  ASSERT_TRUE(panels().ListSupporters(As(ben).get(), list, &listed).ok());
  ASSERT_EQ(listed.supporters_size(), 1);
  EXPECT_EQ(listed.supporters(0).supporter_name(), "Hana");
  ASSERT_TRUE(
      panels().ListSupporters(As(s.su_chair).get(), list, &listed).ok());
  EXPECT_EQ(listed.supporters_size(), 1);
  ASSERT_TRUE(
      panels().ListSupporters(As(s.staff_chair).get(), list, &listed).ok());
  EXPECT_EQ(listed.supporters_size(), 0);

  // Hana follows the round live, as Ben would.
  Watcher watcher(server_->grpc_addr(), hana, s.round.id());
  ASSERT_TRUE(watcher.WaitFor("watch.started").has_value());

  // Ben withdraws his consent: at once, Hana can no longer act or see.
  v1::WithdrawSupporterRequest withdraw;
  withdraw.set_request_id(Api::NewId());
  withdraw.set_round_id(s.round.id());
  withdraw.set_supporter_person_id(hana.id);
  v1::Supporter withdrawn;
  ASSERT_TRUE(
      panels().WithdrawSupporter(As(ben).get(), withdraw, &withdrawn).ok());
  EXPECT_GT(withdrawn.withdrawn_at_unix(), 0);
  const int64_t versions = Count("ballot_versions");
  EXPECT_EQ(VoteFor(hana, ben, d, v1::CHOICE_DISAGREE).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  v1::GetDecisionRequest get;
  get.set_decision_id(d.id());
  v1::Decision ignored;
  EXPECT_EQ(consensus().GetDecision(As(hana).get(), get, &ignored).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Count("ballot_versions"), versions);
  const std::optional<grpc::Status> ended =
      watcher.WaitForEnd(absl::Seconds(10));
  ASSERT_TRUE(ended.has_value()) << "the live updates go on";
  EXPECT_EQ(ended->error_code(), grpc::StatusCode::PERMISSION_DENIED);
  // Ben's ballot, as Hana entered it while she could, still counts.
  EXPECT_EQ(Get(admin_, d).panels(0).voted(), 1u);
  // Every naming and withdrawal is an event.
  EXPECT_EQ(Count("events WHERE action = 'supporter.named'"), 1);
  EXPECT_EQ(Count("events WHERE action = 'supporter.withdrawn'"), 1);

  // People know one another by e-mail address, in any letter case.
  v1::NameSupporterRequest by_email;
  by_email.set_round_id(s.round.id());
  for (const auto& [email, code] :
       {std::pair{std::string("nobody@example.org"),
                  grpc::StatusCode::NOT_FOUND},
        {std::string(400, 'x'), grpc::StatusCode::INVALID_ARGUMENT}}) {
    by_email.set_request_id(Api::NewId());
    by_email.set_supporter_email(email);
    st = panels().NameSupporter(As(cara).get(), by_email, &named);
    EXPECT_EQ(st.error_code(), code) << email;
    EXPECT_THAT(st.error_message(), HasSubstr("supporter_email"));
  }
  by_email.set_request_id(Api::NewId());
  v1::GetPersonRequest get_hana;
  get_hana.set_person_id(hana.id);
  v1::Person hana_record;
  ASSERT_TRUE(
      panels().GetPerson(As(admin_).get(), get_hana, &hana_record).ok());
  by_email.set_supporter_email(absl::AsciiStrToUpper(hana_record.email()));
  st = panels().NameSupporter(As(cara).get(), by_email, &named);
  ASSERT_TRUE(st.ok()) << st.error_message();
  EXPECT_EQ(named.supporter_name(), "Hana");
  EXPECT_EQ(named.member_name(), cara_name);
}

TEST_F(AssistedBallotTest, ASupporterJoinsNoPanelButTheirMembers) {
  const Cast c = BuildRecruitment(/*open=*/false);  // Ben named Hana.
  const grpc::Status st =
      AddMember(c.staff, c.supporter, v1::PANEL_ROLE_MEMBER);
  EXPECT_EQ(st.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(st.error_message(), HasSubstr("supporter"));
  EXPECT_TRUE(AddMember(c.su, c.supporter, v1::PANEL_ROLE_MEMBER).ok());
}

TEST_F(AssistedBallotTest, WhereTheRoundSaysSoAnEntryCountsOnlyOnceConfirmed) {
  // Panels of five that publish secret counts, so the minutes may count the
  // assisted entries (see the next test).
  const Steering s =
      BuildSteering(/*members=*/4, /*publish_secret_counts=*/true,
                    /*assisted_entries_need_confirmation=*/true);
  EXPECT_TRUE(s.round.assisted_entries_need_confirmation());
  const Account& ben = s.su_voters[0];
  const Account hana = api_->NewPerson(admin_, "Hana", v1::ORG_ROLE_MEMBER);
  ASSERT_TRUE(NameSupporter(s.round, ben, hana).ok());
  // Nobody else hears of an entry, or of its confirmation, while what the
  // decision shows stays the same (turnout is withheld until 3 have voted).
  Watcher watcher(server_->grpc_addr(), s.staff_voters[0], s.round.id());
  ASSERT_TRUE(watcher.WaitFor("watch.started").has_value());
  const v1::Decision d =
      Put(admin_,
          Request(s.round, "", v1::DECISION_METHOD_YES_NO, v1::SECRECY_SECRET));
  EXPECT_TRUE(d.assisted_entries_need_confirmation());
  ASSERT_TRUE(watcher.WaitFor("decision.created").has_value());

  // A secret ballot only when Ben asked for help, recorded at the time.
  const grpc::Status unasked =
      VoteFor(hana, ben, d, v1::CHOICE_DISAGREE, /*asked_for_help=*/false);
  EXPECT_EQ(unasked.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(unasked.error_message(), HasSubstr("member_asked_for_help"));
  v1::Ballot entered;
  ASSERT_TRUE(VoteFor(hana, ben, d, v1::CHOICE_DISAGREE, true, &entered).ok());
  EXPECT_TRUE(entered.awaiting_confirmation());
  EXPECT_EQ(entered.version(), 0u);
  EXPECT_EQ(Count("ballots WHERE person_id = " + ben.id), 0);
  EXPECT_EQ(Count("events WHERE action = 'ballot.entered_for_member' AND "
                  "payload->>'member_asked_for_help' = 'true'"),
            1);
  // Nothing in the trail carries the choice.
  EXPECT_EQ(Count("events WHERE payload::text LIKE '%DISAGREE%'"), 0);

  v1::Ballot seen = MyBallot(ben, d);
  EXPECT_TRUE(seen.awaiting_confirmation());
  EXPECT_EQ(seen.choice(), v1::CHOICE_DISAGREE);
  ASSERT_TRUE(ConfirmMine(ben, d, &seen).ok());
  EXPECT_FALSE(seen.awaiting_confirmation());
  EXPECT_TRUE(seen.confirmed());
  EXPECT_EQ(seen.version(), 1u);
  EXPECT_EQ(seen.how(), v1::HOW_GIVEN_PHONE);
  EXPECT_EQ(Count("ballots WHERE person_id = " + ben.id), 1);

  // An entry never confirmed is not counted at the close.
  const Account& cara = s.su_voters[1];
  ASSERT_TRUE(NameSupporter(s.round, cara, hana).ok());
  ASSERT_TRUE(VoteFor(hana, cara, d, v1::CHOICE_AGREE).ok());
  ASSERT_TRUE(CloseAs(s.su_chair, d).ok());
  ASSERT_TRUE(CloseAs(s.staff_chair, d).ok());
  ASSERT_TRUE(watcher.WaitFor("decision.closed").has_value());
  // As for ballots cast (edges_test.cc): no update about a ballot ever
  // repeats the decision unchanged.
  std::string last;
  for (const v1::RoundUpdate& u : watcher.Updates()) {
    if (u.subject() != "decision/" + d.id()) continue;
    const std::string view = u.decision().SerializeAsString();
    if (absl::StartsWith(u.action(), "ballot.")) {
      EXPECT_NE(view, last)
          << "an update showed nothing new: " << u.ShortDebugString();
    }
    last = view;
  }
  const v1::Minutes minutes = MinutesOf(s.round);
  EXPECT_EQ(minutes.decisions(0).assisted_ballots(), 2u);
  EXPECT_EQ(minutes.decisions(0).assisted_ballots_confirmed(), 1u);
  v1::Outcome outcome;
  ASSERT_TRUE(OutcomeOf(admin_, d, &outcome).ok());
  EXPECT_EQ(Count("ballots WHERE person_id = " + cara.id), 0);
  // Secret: who took part, never who entered what.
  EXPECT_EQ(outcome.ballots_size(), 0);
  EXPECT_THAT(minutes.markdown(), ::testing::Not(HasSubstr("Hana")));
}

// In a small panel a secret decision keeps its turnout hidden (rule 4), so
// the minutes do not count the ballots supporters entered either: the
// number would say that at least that many voted.
TEST_F(AssistedBallotTest, ASmallPanelsSecretMinutesCountNoAssistedBallots) {
  const Steering s = BuildSteering(/*members=*/2);  // 3 voters a panel.
  const Account hana = api_->NewPerson(admin_, "Hana", v1::ORG_ROLE_MEMBER);
  ASSERT_TRUE(NameSupporter(s.round, s.su_voters[0], hana).ok());
  const v1::Decision d =
      Put(admin_,
          Request(s.round, "", v1::DECISION_METHOD_YES_NO, v1::SECRECY_SECRET));
  ASSERT_TRUE(VoteFor(hana, s.su_voters[0], d, v1::CHOICE_AGREE).ok());
  ASSERT_TRUE(CloseAs(s.su_chair, d).ok());
  ASSERT_TRUE(CloseAs(s.staff_chair, d).ok());
  const v1::Minutes minutes = MinutesOf(s.round);
  EXPECT_EQ(minutes.decisions(0).assisted_ballots(), 0u);
  EXPECT_THAT(minutes.markdown(),
              ::testing::Not(HasSubstr("entered by a member's supporter")));
  EXPECT_EQ(Count("assisted_ballots"), 1);  // Recorded all the same.
}

// Rule 5 on the assisted path: entries racing the close are either counted
// (acknowledged, stored, in the tally) or refused, never acknowledged and
// lost, and never accepted after the close.
TEST_F(AssistedBallotTest, EntriesRacingTheCloseAreCountedOrRefused) {
  const Steering s = BuildSteering(/*members=*/30);
  const Account hana = api_->NewPerson(admin_, "Hana", v1::ORG_ROLE_MEMBER);
  const People members = s.Voters();
  for (const Account* m : members) {
    ASSERT_TRUE(NameSupporter(s.round, *m, hana).ok());
  }
  const v1::Decision d =
      Put(admin_,
          Request(s.round, "", v1::DECISION_METHOD_YES_NO, v1::SECRECY_NAMED));

  constexpr int kThreads = 10;
  std::vector<grpc::StatusCode> results(members.size(), grpc::StatusCode::OK);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      Api api(server_->grpc_addr());
      for (size_t i = t; i < members.size(); i += kThreads) {
        v1::CastBallotForRequest req;
        req.set_request_id(Api::NewId());
        req.set_decision_id(d.id());
        req.set_member_person_id(members[i]->id);
        req.set_choice(i % 3 == 0 ? v1::CHOICE_DISAGREE : v1::CHOICE_AGREE);
        req.set_how(v1::HOW_GIVEN_PHONE);
        v1::Ballot ballot;
        results[i] = api.consensus()
                         .CastBallotFor(api.Ctx(hana.token).get(), req, &ballot)
                         .error_code();
      }
    });
  }
  // Close while entries are still arriving.
  while (Count("ballots WHERE decision_id = " + d.id()) < 15) {
    absl::SleepFor(absl::Milliseconds(2));
  }
  ASSERT_TRUE(CloseAs(s.su_chair, d).ok());
  ASSERT_TRUE(CloseAs(s.staff_chair, d).ok());
  for (std::thread& t : threads) t.join();

  std::set<std::string> acknowledged;
  for (size_t i = 0; i < members.size(); ++i) {
    if (results[i] == grpc::StatusCode::OK) {
      acknowledged.insert(members[i]->id);
    } else {
      EXPECT_EQ(results[i], grpc::StatusCode::FAILED_PRECONDITION);
    }
  }
  std::set<std::string> stored;
  for (const absl::string_view id : absl::StrSplit(
           db_.Query("SELECT string_agg(person_id::text, ',') FROM ballots "
                     "WHERE how = 'PHONE' AND decision_id = " +
                     d.id()),
           ',', absl::SkipEmpty())) {
    stored.insert(std::string(id));
  }
  EXPECT_EQ(stored, acknowledged);
  EXPECT_GE(acknowledged.size(), 15u);
  v1::Outcome outcome;
  ASSERT_TRUE(OutcomeOf(admin_, d, &outcome).ok());
  EXPECT_EQ(outcome.panels(0).voted() + outcome.panels(1).voted(),
            acknowledged.size());
  // Nothing more after the close.
  EXPECT_EQ(VoteFor(hana, *members.back(), d, v1::CHOICE_AGREE).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
}

}  // namespace
}  // namespace equalsay::testing
