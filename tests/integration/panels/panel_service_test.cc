// PanelService over a real port on real PostgreSQL: complete set-up of both
// kinds of round, every refusal, tokens, retries and the access matrix.
#include <gtest/gtest.h>
#include <signal.h>

#include <thread>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "services/common/base/sha256.h"
#include "services/panels/rules/access_table.h"
#include "services/panels/rules/validation.h"
#include "services/panels/store/round_store.h"
#include "services/privacy/rules/data_keys.h"
#include "tests/support/locked_text.h"
#include "tests/support/round_fixture.h"

namespace equalsay::testing {
namespace {

// The reason the event of `action` points to (kept beside the trail,
// sealed, see privacy::KeepText), opened with the test servers' data key,
// and only if its salted hash in the event matches.
std::string KeptReason(const ScratchDatabase& db, const std::string& action) {
  const auto one = [&](const std::string& select) {
    return db.Query(
        "SELECT " + select +
        " FROM events e JOIN event_texts t ON t.id = "
        "(e.payload->>'reason_text_id')::bigint WHERE e.action = '" +
        action + "'");
  };
  const std::vector<std::string> about =
      absl::StrSplit(one("array_to_string(t.about, ',')"), ',');
  const std::optional<privacy::Key> key = SubjectKeyIn(db, about);
  if (!key.has_value())
    return "(no key for " + absl::StrJoin(about, ", ") + ")";
  const std::optional<std::string> opened = privacy::Open(
      *key, absl::HexStringToBytes(one("encode(t.sealed, 'hex')")),
      privacy::kKeptTextsContext);
  if (!opened.has_value()) return "(does not open)";
  const std::pair<std::string, std::string> salt_and_text =
      absl::StrSplit(*opened, absl::MaxSplits('\n', 1));
  if (Sha256Hex(salt_and_text.first + salt_and_text.second) !=
      one("e.payload->>'reason_sha256'")) {
    return "(does not match the event)";
  }
  return salt_and_text.second;
}

using PanelServiceTest = RoundFixture;

TEST_F(PanelServiceTest, RecruitmentRoundIsSetUpAndEachMemberSeesTheirWork) {
  const Cast c = BuildRecruitment(/*open=*/true);
  EXPECT_EQ(c.round.state(), v1::ROUND_STATE_SCORING);
  ASSERT_EQ(c.round.panels_size(), 2);
  EXPECT_EQ(c.round.panels(0).kind(), v1::PANEL_KIND_SERVICE_USER);
  EXPECT_EQ(c.round.panels(0).members_size(), 3);
  EXPECT_EQ(c.round.criteria(0).scale_size(), 5);
  EXPECT_EQ(c.round.criteria(0).scale(4).words(), "strong evidence");
  EXPECT_EQ(c.round.criteria(0).weight(), 2);

  v1::ListMyRoundsResponse mine;
  ASSERT_TRUE(panels().ListMyRounds(As(c.su_member).get(), {}, &mine).ok());
  ASSERT_EQ(mine.rounds_size(), 1);
  EXPECT_EQ(mine.rounds(0).panel_kind(), v1::PANEL_KIND_SERVICE_USER);
  EXPECT_EQ(mine.rounds(0).role(), v1::PANEL_ROLE_MEMBER);
  ASSERT_EQ(mine.rounds(0).to_do_size(), 1);
  EXPECT_EQ(mine.rounds(0).to_do(0),
            "Score 2 candidates against the criteria.");

  ASSERT_TRUE(panels().ListMyRounds(As(c.staff_chair).get(), {}, &mine).ok());
  EXPECT_EQ(mine.rounds(0).role(), v1::PANEL_ROLE_CO_CHAIR);
  EXPECT_EQ(mine.rounds(0).to_do_size(), 2);
  ASSERT_TRUE(panels().ListMyRounds(As(c.observer).get(), {}, &mine).ok());
  EXPECT_EQ(mine.rounds(0).to_do_size(), 0);
  ASSERT_TRUE(panels().ListMyRounds(As(c.outsider).get(), {}, &mine).ok());
  EXPECT_EQ(mine.rounds_size(), 0);
  EXPECT_EQ(mine.supporting_size(), 0);
  // Ben's supporter sits on no panel, and sees whom they support.
  ASSERT_TRUE(panels().ListMyRounds(As(c.supporter).get(), {}, &mine).ok());
  EXPECT_EQ(mine.rounds_size(), 0);
  ASSERT_EQ(mine.supporting_size(), 1);
  EXPECT_EQ(mine.supporting(0).member_name(), "Ben");
  EXPECT_EQ(mine.supporting(0).round_id(), c.round.id());

  // Every change was one event, written by the administrator who made it
  // (Ben named his supporter himself).
  EXPECT_EQ(db_.Query("SELECT string_agg(action || ':' || n, ',' ORDER BY "
                      "action) FROM (SELECT action, count(*) AS n FROM events "
                      "WHERE actor_id = 1 GROUP BY action) t"),
            "candidate.added:2,criterion.added:1,member.added:5,"
            "panel.added:2,person.created:8,round.created:1,round.opened:1,"
            "token.issued:8");
  EXPECT_EQ(Count("events WHERE action = 'supporter.named' AND actor_id = " +
                  c.su_member.id),
            1);
}

TEST_F(PanelServiceTest, AnonymisedCandidatesAreShownByReferenceToPanels) {
  const Cast c = BuildRecruitment(/*open=*/true);
  v1::GetRoundRequest req;
  req.set_round_id(c.round.id());
  v1::Round seen;
  ASSERT_TRUE(panels().GetRound(As(c.su_member).get(), req, &seen).ok());
  ASSERT_EQ(seen.candidates_size(), 2);
  EXPECT_EQ(seen.candidates(1).label(), "Candidate B");
  EXPECT_EQ(seen.candidates(1).name(), "");
  EXPECT_EQ(seen.candidates(0).label(), "Sam Jones");
  ASSERT_TRUE(panels().GetRound(As(c.hr).get(), req, &seen).ok());
  EXPECT_EQ(seen.candidates(1).name(), "Robin Lee");
  // The audit trail holds no candidate names.
  EXPECT_EQ(db_.Query("SELECT count(*) FROM events WHERE payload::text LIKE "
                      "'%Robin%' OR payload::text LIKE '%Sam Jones%'"),
            "0");
}

TEST_F(PanelServiceTest, StrategyRoundSetsUpWithoutCandidates) {
  const Account su = api_->NewPerson(admin_, "Asha", v1::ORG_ROLE_MEMBER);
  const Account staff = api_->NewPerson(admin_, "Chloe", v1::ORG_ROLE_MEMBER);
  const v1::Round round = NewRound(v1::ROUND_KIND_STRATEGY);
  const v1::Panel su_panel = NewPanel(round, v1::PANEL_KIND_SERVICE_USER);
  const v1::Panel staff_panel = NewPanel(round, v1::PANEL_KIND_STAFF);
  ASSERT_TRUE(AddMember(su_panel, su, v1::PANEL_ROLE_CO_CHAIR).ok());
  ASSERT_TRUE(AddMember(staff_panel, staff, v1::PANEL_ROLE_CO_CHAIR).ok());

  v1::AddCandidateRequest candidate;
  candidate.set_request_id(Api::NewId());
  candidate.set_round_id(round.id());
  candidate.set_name("Sam");
  v1::Candidate ignored;
  const grpc::Status refused =
      panels().AddCandidate(As(admin_).get(), candidate, &ignored);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(Count("candidates"), 0);

  v1::Round opened;
  ASSERT_TRUE(Open(round, &opened).ok());
  EXPECT_EQ(opened.state(), v1::ROUND_STATE_OPEN);
  v1::ListMyRoundsResponse mine;
  ASSERT_TRUE(panels().ListMyRounds(As(su).get(), {}, &mine).ok());
  ASSERT_EQ(mine.rounds_size(), 1);
  // Open, but nothing has been put to the panels yet: nothing to do.
  EXPECT_EQ(mine.rounds(0).to_do_size(), 0);
}

TEST_F(PanelServiceTest, RoundCannotStartUntilBothPanelsAreReady) {
  const Account staff = api_->NewPerson(admin_, "Chloe", v1::ORG_ROLE_MEMBER);
  const Account observer = api_->NewPerson(admin_, "Eve", v1::ORG_ROLE_MEMBER);
  const v1::Round round = NewRound(v1::ROUND_KIND_STRATEGY);
  const v1::Panel staff_panel = NewPanel(round, v1::PANEL_KIND_STAFF);
  ASSERT_TRUE(AddMember(staff_panel, staff, v1::PANEL_ROLE_CO_CHAIR).ok());

  grpc::Status s = Open(round);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(s.error_message(),
            "The round cannot start yet: add the Service User Panel.");
  // A Service User Panel of observers only holds no vote, so still no.
  const v1::Panel su_panel = NewPanel(round, v1::PANEL_KIND_SERVICE_USER);
  ASSERT_TRUE(AddMember(su_panel, observer, v1::PANEL_ROLE_OBSERVER).ok());
  s = Open(round);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_NE(s.error_message().find("the Service User Panel needs a co-chair"),
            std::string::npos);
  EXPECT_EQ(db_.Query("SELECT state FROM rounds"), "SETUP");
  EXPECT_EQ(db_.Query("SELECT count(*) FROM events WHERE action = "
                      "'round.opened'"),
            "0");
}

TEST_F(PanelServiceTest, SetUpIsFrozenOnceTheRoundStartsExceptObservers) {
  const Cast c = BuildRecruitment(/*open=*/true);
  const int64_t events = Count("events");
  EXPECT_EQ(AddCriterion(c.round).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  v1::AddCandidateRequest candidate;
  candidate.set_request_id(Api::NewId());
  candidate.set_round_id(c.round.id());
  candidate.set_name("Late applicant");
  v1::Candidate ignored;
  EXPECT_EQ(
      panels().AddCandidate(As(admin_).get(), candidate, &ignored).error_code(),
      grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(AddMember(c.staff, c.outsider, v1::PANEL_ROLE_MEMBER).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  v1::RemoveMemberRequest remove;
  remove.set_request_id(Api::NewId());
  remove.set_panel_id(c.su.id());
  remove.set_person_id(c.su_member.id);
  v1::RemoveMemberResponse removed;
  EXPECT_EQ(
      panels().RemoveMember(As(admin_).get(), remove, &removed).error_code(),
      grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(Count("events"), events);
  EXPECT_EQ(Count("criteria"), 1);
  // Observers may still join.
  EXPECT_TRUE(AddMember(c.staff, c.outsider, v1::PANEL_ROLE_OBSERVER).ok());
}

TEST_F(PanelServiceTest, APersonSitsOnAtMostOnePanelOfARound) {
  const Cast c = BuildRecruitment(/*open=*/false);
  const grpc::Status s = AddMember(c.staff, c.su_member, v1::PANEL_ROLE_MEMBER);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_EQ(s.error_message(),
            "Ben already sits on a panel of this round; a person sits on at "
            "most one.");
  EXPECT_EQ(Count("panel_members"), 5);
}

TEST_F(PanelServiceTest, NoOrBadTokenIsUnauthenticated) {
  v1::Person me;
  grpc::ClientContext none;
  EXPECT_EQ(panels().GetMe(&none, {}, &me).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(panels()
                .GetMe(api_->Ctx("eqs_not-a-real-token").get(), {}, &me)
                .error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  grpc::ClientContext basic;
  basic.AddMetadata("authorization", "Basic abc");
  EXPECT_EQ(panels().GetMe(&basic, {}, &me).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  ASSERT_TRUE(panels().GetMe(As(admin_).get(), {}, &me).ok());
  EXPECT_EQ(me.org_role(), v1::ORG_ROLE_ADMIN);
}

TEST_F(PanelServiceTest, DeactivatedPersonIsLockedOutAtOnce) {
  const Account sam = api_->NewPerson(admin_, "Sam", v1::ORG_ROLE_MEMBER);
  v1::Person me;
  ASSERT_TRUE(panels().GetMe(As(sam).get(), {}, &me).ok());
  v1::DeactivatePersonRequest req;
  req.set_request_id(Api::NewId());
  req.set_person_id(sam.id);
  v1::Person after;
  ASSERT_TRUE(panels().DeactivatePerson(As(admin_).get(), req, &after).ok());
  EXPECT_FALSE(after.active());
  EXPECT_EQ(db_.Query("SELECT subject FROM events WHERE action = "
                      "'person.deactivated' AND actor_id = 1"),
            "person/" + sam.id);
  EXPECT_EQ(panels().GetMe(As(sam).get(), {}, &me).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  // The last administrator cannot be deactivated.
  req.set_request_id(Api::NewId());
  req.set_person_id(admin_.id);
  EXPECT_EQ(
      panels().DeactivatePerson(As(admin_).get(), req, &after).error_code(),
      grpc::StatusCode::FAILED_PRECONDITION);
  ASSERT_TRUE(panels().GetMe(As(admin_).get(), {}, &me).ok());
}

TEST_F(PanelServiceTest, RevokedAndExpiredTokensStopWorking) {
  const Account sam = api_->NewPerson(admin_, "Sam", v1::ORG_ROLE_MEMBER);
  v1::IssueTokenRequest issue;
  issue.set_request_id(Api::NewId());
  issue.set_person_id(sam.id);
  issue.set_label("phone");
  issue.set_expires_in_days(30);
  v1::IssueTokenResponse second;
  ASSERT_TRUE(panels().IssueToken(As(admin_).get(), issue, &second).ok());
  EXPECT_GT(second.expires_at_unix(), 0);
  EXPECT_EQ(second.sign_in_link(), absl::StrCat("http://", server_->http_addr(),
                                                "/#token=", second.token()));
  // Only hashes are stored, and nothing in the ledger holds the token.
  EXPECT_EQ(db_.Query(absl::StrCat(
                "SELECT count(*) FROM request_ledger WHERE response LIKE '%",
                second.token().substr(4, 20),
                "%' OR response IS NOT NULL "
                "AND method = 'IssueToken'")),
            "0");

  v1::Person me;
  ASSERT_TRUE(panels().GetMe(api_->Ctx(second.token()).get(), {}, &me).ok());
  // Sam revokes their own first token; the second keeps working.
  const std::string first_id =
      db_.Query("SELECT min(id) FROM tokens WHERE person_id = " + sam.id);
  v1::RevokeTokenRequest revoke;
  revoke.set_request_id(Api::NewId());
  revoke.set_token_id(first_id);
  v1::RevokeTokenResponse revoked;
  ASSERT_TRUE(panels().RevokeToken(As(sam).get(), revoke, &revoked).ok());
  EXPECT_EQ(db_.Query("SELECT payload->>'token_id' FROM events WHERE action = "
                      "'token.revoked' AND actor_id = " +
                      sam.id),
            first_id);
  EXPECT_EQ(panels().GetMe(As(sam).get(), {}, &me).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  ASSERT_TRUE(panels().GetMe(api_->Ctx(second.token()).get(), {}, &me).ok());
  // Nobody else's tokens can be revoked by a member.
  revoke.set_request_id(Api::NewId());
  revoke.set_token_id("1");  // The administrator's.
  EXPECT_EQ(panels()
                .RevokeToken(api_->Ctx(second.token()).get(), revoke, &revoked)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  // Expiry is enforced by the server (moved into the past here).
  db_.Query(
      "UPDATE tokens SET expires_at = now() - interval '1 second' "
      "WHERE id = " +
      second.token_id() + " RETURNING 1");
  EXPECT_EQ(
      panels().GetMe(api_->Ctx(second.token()).get(), {}, &me).error_code(),
      grpc::StatusCode::UNAUTHENTICATED);
}

TEST_F(PanelServiceTest, ReplayedRequestIdCreatesNothingTwice) {
  v1::CreatePersonRequest req;
  req.set_request_id("create-sam-1");
  req.set_display_name("Sam");
  req.set_org_role(v1::ORG_ROLE_MEMBER);
  v1::Person first, again;
  ASSERT_TRUE(panels().CreatePerson(As(admin_).get(), req, &first).ok());
  const int64_t events = Count("events");
  ASSERT_TRUE(panels().CreatePerson(As(admin_).get(), req, &again).ok());
  EXPECT_EQ(again.id(), first.id());
  EXPECT_EQ(Count("people"), 2);
  EXPECT_EQ(Count("events"), events);

  // Ten copies at once still make one person.
  req.set_request_id("create-kim-1");
  req.set_display_name("Kim");
  std::vector<std::thread> threads;
  std::vector<std::string> ids(10);
  for (int i = 0; i < 10; ++i) {
    threads.emplace_back([&, i] {
      v1::Person person;
      Api api(server_->grpc_addr());
      if (api.panels()
              .CreatePerson(api.Ctx(kAdminToken).get(), req, &person)
              .ok()) {
        ids[i] = person.id();
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(Count("people"), 3);
  for (const std::string& id : ids) EXPECT_EQ(id, ids[0]);

  // The same id for a different change is refused, naming the field.
  req.set_display_name("Someone else");
  const grpc::Status reused =
      panels().CreatePerson(As(admin_).get(), req, &again);
  EXPECT_EQ(reused.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(reused.error_message().rfind("request_id", 0), 0u);
  EXPECT_EQ(Count("people"), 3);

  // A token is shown once: a replay is refused rather than shown again.
  v1::IssueTokenRequest issue;
  issue.set_request_id("token-1");
  issue.set_person_id(first.id());
  v1::IssueTokenResponse token;
  ASSERT_TRUE(panels().IssueToken(As(admin_).get(), issue, &token).ok());
  v1::IssueTokenResponse replayed;
  const grpc::Status replay =
      panels().IssueToken(As(admin_).get(), issue, &replayed);
  EXPECT_EQ(replay.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(replayed.token(), "");
  EXPECT_EQ(
      db_.Query("SELECT count(*) FROM tokens WHERE person_id = " + first.id()),
      "1");
}

TEST_F(PanelServiceTest, BadInputNamesTheFieldAndChangesNothing) {
  const Cast c = BuildRecruitment(/*open=*/false);
  const int64_t events = Count("events");
  struct Case {
    std::string field;
    std::function<grpc::Status()> call;
  };
  auto create_round = [&](auto mutate) {
    v1::CreateRoundRequest req;
    req.set_request_id(Api::NewId());
    req.set_kind(v1::ROUND_KIND_STRATEGY);
    req.set_title("t");
    req.set_purpose("p");
    req.set_scope_statement("s");
    mutate(req);
    v1::Round out;
    return panels().CreateRound(As(admin_).get(), req, &out);
  };
  const std::vector<Case> cases = {
      {"title",
       [&] {
         return create_round(
             [](auto& r) { r.set_title(std::string(201, 'x')); });
       }},
      {"title", [&] { return create_round([](auto& r) { r.set_title(""); }); }},
      {"purpose",
       [&] {
         return create_round(
             [](auto& r) { r.set_purpose(std::string("a\0b", 3)); });
       }},
      {"kind",
       [&] {
         return create_round(
             [](auto& r) { r.set_kind(v1::ROUND_KIND_UNSPECIFIED); });
       }},
      {"request_id",
       [&] { return create_round([](auto& r) { r.set_request_id(""); }); }},
      {"round_id",
       [&] {
         v1::GetRoundRequest req;
         req.set_round_id("twelve");
         v1::Round out;
         return panels().GetRound(As(admin_).get(), req, &out);
       }},
      {"scale",
       [&] {
         v1::AddCriterionRequest req;
         req.set_request_id(Api::NewId());
         req.set_round_id(c.round.id());
         req.set_question("q");
         req.add_scale()->set_words("only one point");
         v1::Criterion out;
         return panels().AddCriterion(As(admin_).get(), req, &out);
       }},
      {"display_name",
       [&] {
         v1::CreatePersonRequest req;
         req.set_request_id(Api::NewId());
         req.set_display_name(std::string(5000, 'x'));
         req.set_org_role(v1::ORG_ROLE_MEMBER);
         v1::Person out;
         return panels().CreatePerson(As(admin_).get(), req, &out);
       }},
      {"role",
       [&] {
         return AddMember(c.staff, c.outsider, v1::PANEL_ROLE_UNSPECIFIED);
       }},
  };
  for (const Case& k : cases) {
    const grpc::Status s = k.call();
    EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << k.field;
    EXPECT_EQ(s.error_message().rfind(k.field, 0), 0u)
        << k.field << ": " << s.error_message();
  }
  EXPECT_EQ(Count("events"), events);
  EXPECT_EQ(Count("rounds"), 1);

  // Unknown ids are NOT_FOUND, naming what was asked for.
  v1::GetRoundRequest missing;
  missing.set_round_id("999");
  v1::Round out;
  const grpc::Status s = panels().GetRound(As(admin_).get(), missing, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::NOT_FOUND);
}

TEST_F(PanelServiceTest, OutsidersLearnNothingAboutARound) {
  const Cast c = BuildRecruitment(/*open=*/true);
  v1::GetRoundRequest req;
  req.set_round_id(c.round.id());
  v1::Round seen;
  const grpc::Status s = panels().GetRound(As(c.outsider).get(), req, &seen);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(seen.title(), "");
  EXPECT_EQ(s.error_message().find("Peer support"), std::string::npos);
  v1::ListRoundsResponse listed;
  ASSERT_TRUE(panels().ListRounds(As(c.outsider).get(), {}, &listed).ok());
  EXPECT_EQ(listed.rounds_size(), 0);
  ASSERT_TRUE(panels().ListRounds(As(c.su_member).get(), {}, &listed).ok());
  EXPECT_EQ(listed.rounds_size(), 1);
  ASSERT_TRUE(panels().ListRounds(As(c.hr).get(), {}, &listed).ok());
  EXPECT_EQ(listed.rounds_size(), 1);
}

TEST_F(PanelServiceTest, ConflictOfInterestRecusesTheMember) {
  const Cast c = BuildRecruitment(/*open=*/true);
  v1::DeclareConflictRequest req;
  req.set_request_id(Api::NewId());
  req.set_candidate_id(c.named.id());
  req.set_reason("Sam was my support worker last year.");
  v1::Conflict conflict;
  ASSERT_TRUE(
      panels().DeclareConflict(As(c.su_member).get(), req, &conflict).ok());
  EXPECT_EQ(conflict.person_id(), c.su_member.id);

  v1::ListMyRoundsResponse mine;
  ASSERT_TRUE(panels().ListMyRounds(As(c.su_member).get(), {}, &mine).ok());
  ASSERT_EQ(mine.rounds(0).recused_candidate_ids_size(), 1);
  EXPECT_EQ(mine.rounds(0).recused_candidate_ids(0), c.named.id());
  EXPECT_EQ(mine.rounds(0).to_do(0), "Score 1 candidate against the criteria.");
  EXPECT_EQ(db_.Query("SELECT count(*) FROM events WHERE action = "
                      "'conflict.declared' AND actor_id = " +
                      c.su_member.id),
            "1");

  req.set_request_id(Api::NewId());
  EXPECT_EQ(panels()
                .DeclareConflict(As(c.su_member).get(), req, &conflict)
                .error_code(),
            grpc::StatusCode::ALREADY_EXISTS);
  req.set_request_id(Api::NewId());
  EXPECT_EQ(panels()
                .DeclareConflict(As(c.observer).get(), req, &conflict)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Count("conflicts"), 1);
}

TEST_F(PanelServiceTest, WithdrawingACandidateAndThenTheRound) {
  const Cast c = BuildRecruitment(/*open=*/true);
  v1::WithdrawCandidateRequest withdraw;
  withdraw.set_request_id(Api::NewId());
  withdraw.set_candidate_id(c.named.id());
  v1::Candidate candidate;
  ASSERT_TRUE(
      panels().WithdrawCandidate(As(c.hr).get(), withdraw, &candidate).ok());
  EXPECT_TRUE(candidate.withdrawn());
  EXPECT_EQ(db_.Query("SELECT subject FROM events WHERE action = "
                      "'candidate.withdrawn' AND actor_id = " +
                      c.hr.id),
            "candidate/" + c.named.id());
  v1::ListMyRoundsResponse mine;
  ASSERT_TRUE(panels().ListMyRounds(As(c.su_member).get(), {}, &mine).ok());
  EXPECT_EQ(mine.rounds(0).to_do(0), "Score 1 candidate against the criteria.");

  v1::WithdrawRoundRequest round;
  round.set_request_id(Api::NewId());
  round.set_round_id(c.round.id());
  round.set_reason("The post is no longer funded.");
  v1::Round after;
  ASSERT_TRUE(panels().WithdrawRound(As(admin_).get(), round, &after).ok());
  EXPECT_EQ(after.state(), v1::ROUND_STATE_WITHDRAWN);
  EXPECT_EQ(KeptReason(db_, "round.withdrawn"),
            "The post is no longer funded.");
  round.set_request_id(Api::NewId());
  const grpc::Status again =
      panels().WithdrawRound(As(admin_).get(), round, &after);
  EXPECT_EQ(again.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(again.error_message(), "The round is already withdrawn.");
  // A finished round takes no more observers, conflicts or withdrawals.
  EXPECT_EQ(
      AddMember(c.staff, c.outsider, v1::PANEL_ROLE_OBSERVER).error_code(),
      grpc::StatusCode::FAILED_PRECONDITION);
  v1::DeclareConflictRequest conflict;
  conflict.set_request_id(Api::NewId());
  conflict.set_candidate_id(c.anonymised.id());
  conflict.set_reason("I know them.");
  v1::Conflict declared;
  EXPECT_EQ(panels()
                .DeclareConflict(As(c.su_member).get(), conflict, &declared)
                .error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
}

TEST_F(PanelServiceTest, CountLimitsNameTheField) {
  const v1::Round round = NewRound(v1::ROUND_KIND_RECRUITMENT);
  for (int i = 0; i < panels::kMaxCriteria; ++i) {
    ASSERT_TRUE(AddCriterion(round).ok()) << i;
  }
  const grpc::Status s = AddCriterion(round);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(s.error_message().rfind("round_id", 0), 0u) << s.error_message();
  EXPECT_EQ(Count("criteria"), panels::kMaxCriteria);
}

// SIGTERM while a change is in progress: the change finishes, is answered
// and committed, and then the server exits cleanly.
TEST_F(PanelServiceTest, ShutdownLetsAChangeInProgressFinish) {
  const Cast c = BuildRecruitment(/*open=*/false);
  pqxx::connection blocker = db_.Superuser();
  pqxx::work hold(blocker);
  hold.exec("SELECT 1 FROM rounds WHERE id = " + c.round.id() + " FOR UPDATE");

  grpc::Status opened;
  std::thread call([&] { opened = Open(c.round); });
  // Wait until the server's transaction is waiting on our lock.
  for (int i = 0; i < 200; ++i) {
    if (db_.Query("SELECT count(*) FROM pg_locks WHERE NOT granted") != "0") {
      break;
    }
    absl::SleepFor(absl::Milliseconds(10));
  }
  ASSERT_NE(db_.Query("SELECT count(*) FROM pg_locks WHERE NOT granted"), "0");
  server_->process().Signal(SIGTERM);
  absl::SleepFor(absl::Milliseconds(300));
  EXPECT_TRUE(server_->process().Running());  // Still finishing the call.
  hold.commit();
  call.join();
  EXPECT_TRUE(opened.ok()) << opened.error_message();
  EXPECT_EQ(server_->Stop(), 0);
  EXPECT_EQ(db_.Query("SELECT state FROM rounds WHERE id = " + c.round.id()),
            "SCORING");
}

// Every RPC x every role the access table refuses, called for real: each
// must be PERMISSION_DENIED and change nothing. Generated from the table, so
// a new RPC is covered the moment it has a row.
// A round whose Service User Panel has lost every voting member is not
// stuck: an administrator replaces them, saying why, and can never leave
// the panel without an active voting member.
TEST_F(PanelServiceTest, AStuckRoundIsFreedByReplacingAMember) {
  const Cast c = BuildRecruitment(/*open=*/true);
  for (const Account* gone : {&c.su_chair, &c.su_member}) {
    v1::DeactivatePersonRequest req;
    req.set_request_id(Api::NewId());
    req.set_person_id(gone->id);
    v1::Person after;
    ASSERT_TRUE(panels().DeactivatePerson(As(admin_).get(), req, &after).ok());
  }
  const Account zoe = api_->NewPerson(admin_, "Zoë", v1::ORG_ROLE_MEMBER);
  auto replace = [&](const std::string& leaving, const std::string& joining,
                     v1::PanelRole role, const std::string& reason,
                     v1::Member* out = nullptr) {
    v1::ReplaceMemberRequest req;
    req.set_request_id(Api::NewId());
    req.set_panel_id(c.su.id());
    req.set_leaving_person_id(leaving);
    req.set_joining_person_id(joining);
    req.set_role(role);
    req.set_reason(reason);
    v1::Member ignored;
    return panels().ReplaceMember(As(admin_).get(), req, out ? out : &ignored);
  };
  const int64_t events_before = Count("events");
  // Removing a member without a voting member joining: refused.
  grpc::Status s =
      replace(c.su_chair.id, "", v1::PANEL_ROLE_UNSPECIFIED, "Moved away.");
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_NE(s.error_message().find("without an active voting member"),
            std::string::npos);
  // An observer joining does not give the panel a voice either.
  EXPECT_EQ(replace(c.su_chair.id, zoe.id, v1::PANEL_ROLE_OBSERVER, "Moved.")
                .error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  s = replace(c.su_chair.id, zoe.id, v1::PANEL_ROLE_CO_CHAIR, "");
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(s.error_message().find("reason"), std::string::npos);
  EXPECT_EQ(replace(c.staff_member.id, zoe.id, v1::PANEL_ROLE_CO_CHAIR,
                    "Not on this panel.")
                .error_code(),
            grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(Count("events"), events_before);  // Refusals change nothing.

  v1::Member joined;
  ASSERT_TRUE(replace(c.su_chair.id, zoe.id, v1::PANEL_ROLE_CO_CHAIR,
                      "Asha has moved out of the area.", &joined)
                  .ok());
  EXPECT_EQ(joined.display_name(), "Zoë");
  EXPECT_EQ(KeptReason(db_, "member.replaced"),
            "Asha has moved out of the area.");
  EXPECT_EQ(db_.Query("SELECT payload->>'leaving_person_id' FROM events "
                      "WHERE action = 'member.replaced'"),
            c.su_chair.id);
  // The new co-chair can close the panel's scoring: the round moves on.
  v1::CloseScoringRequest close;
  close.set_request_id(Api::NewId());
  close.set_panel_id(c.su.id());
  close.set_close_anyway(true);
  v1::CloseScoringResponse closed;
  const grpc::Status closing =
      scoring().CloseScoring(As(zoe).get(), close, &closed);
  EXPECT_TRUE(closing.ok()) << closing.error_message();
  // Before a round starts, members are added and removed instead.
  const Cast setup = BuildRecruitment(/*open=*/false);
  v1::ReplaceMemberRequest early;
  early.set_request_id(Api::NewId());
  early.set_panel_id(setup.su.id());
  early.set_joining_person_id(
      api_->NewPerson(admin_, "Ann", v1::ORG_ROLE_MEMBER).id);
  early.set_role(v1::PANEL_ROLE_MEMBER);
  early.set_reason("Too early.");
  v1::Member ignored;
  EXPECT_EQ(
      panels().ReplaceMember(As(admin_).get(), early, &ignored).error_code(),
      grpc::StatusCode::FAILED_PRECONDITION);
}

// A round's state changes in one place, which checks the round's life and
// records the move: no path can move a round where it may not go, and a
// refused move records nothing.
TEST_F(PanelServiceTest, EveryChangeOfARoundsStateIsChecked) {
  const Cast c = BuildRecruitment(/*open=*/false);
  pqxx::connection app(db_.url());
  pqxx::work txn(app);
  const v1::Round round = *panels::LoadRound(txn, IdOf<RoundId>(c.round.id()));
  ASSERT_EQ(round.state(), v1::ROUND_STATE_SETUP);
  std::vector<NewEvent> recorded;
  const auto record = [&](const NewEvent& e) { recorded.push_back(e); };
  for (v1::RoundState skipped :
       {v1::ROUND_STATE_DECIDING, v1::ROUND_STATE_DECIDED,
        v1::ROUND_STATE_CONFIRMED, v1::ROUND_STATE_OPEN}) {
    const absl::Status s =
        panels::MoveRound(txn, round, skipped, std::nullopt, record);
    EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition) << skipped;
  }
  EXPECT_TRUE(recorded.empty());
  EXPECT_TRUE(panels::MoveRound(txn, round, v1::ROUND_STATE_SCORING,
                                PersonId(7), record)
                  .ok());
  EXPECT_EQ(panels::LoadRound(txn, IdOf<RoundId>(c.round.id()))->state(),
            v1::ROUND_STATE_SCORING);
  ASSERT_EQ(recorded.size(), 1u);
  EXPECT_EQ(recorded[0].action, "round.opened");
  EXPECT_EQ(recorded[0].actor_id, PersonId(7));
  EXPECT_EQ(recorded[0].round_id, IdOf<RoundId>(c.round.id()));
}

TEST_F(PanelServiceTest, AccessMatrixFromTheTable) {
  const Cast c = BuildRecruitment(/*open=*/false);
  const Account target = api_->NewPerson(admin_, "Target", v1::ORG_ROLE_MEMBER);
  v1::AddDocumentRequest add;
  add.set_request_id(Api::NewId());
  add.set_round_id(c.round.id());
  add.set_kind(v1::DOCUMENT_KIND_JOB_DESCRIPTION);
  add.set_content("The job.");
  v1::Document doc;
  ASSERT_TRUE(panels().AddDocument(As(admin_).get(), add, &doc).ok());
  const int calls =
      ExpectRefusedByTable("PanelService", panels::PanelAccessTable(), c,
                           {{"round_id", c.round.id()},
                            {"panel_id", c.su.id()},
                            {"candidate_id", c.named.id()},
                            {"document_id", doc.id()},
                            {"person_id", target.id},
                            {"entry_id", "1"},
                            {"token_id", "1"}});
  EXPECT_GT(calls, 60);
  // No refused call left a claimed request id behind; only IssueToken keeps
  // no answer (it holds a token shown once).
  EXPECT_EQ(Count("request_ledger WHERE response IS NULL AND method <> "
                  "'IssueToken'"),
            0);
}

}  // namespace
}  // namespace equalsay::testing
