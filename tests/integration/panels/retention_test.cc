// Retention over real servers on real PostgreSQL: the plan lists who is
// due and changes nothing; a server erases them by itself, including what
// fell due while it was stopped; two servers applying the policy at once
// erase each subject once; a person a round in progress needs stays; old
// answers kept for retries go. And the privacy notice, from the settings,
// read before signing in and marked read once.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/integration/consensus/consensus_fixture.h"

namespace equalsay::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::StartsWith;

class RetentionTest : public ConsensusServiceTest {
 protected:
  std::map<std::string, std::string> ServerEnv() const override {
    auto env = ConsensusServiceTest::ServerEnv();
    env["EQUALSAY_RETENTION_INTERVAL_MS"] = retention_ms_;
    env["EQUALSAY_PRIVACY_CONTROLLER"] = "Riverside NHS Foundation Trust";
    env["EQUALSAY_PRIVACY_CONTACT"] =
        "the Data Protection Officer, "
        "dpo@riverside.example";
    return env;
  }
  // People who stopped taking part, deactivated 25 months ago (the default
  // policy keeps them 24).
  std::vector<Account> LongGone(int n, const std::string& prefix) {
    std::vector<Account> gone;
    for (int i = 0; i < n; ++i) {
      gone.push_back(api_->NewPerson(admin_, absl::StrCat(prefix, " ", i),
                                     v1::ORG_ROLE_MEMBER));
      Deactivate(gone.back());
    }
    return gone;
  }
  void Deactivate(const Account& who) {
    v1::DeactivatePersonRequest req;
    req.set_request_id(Api::NewId());
    req.set_person_id(who.id);
    v1::Person out;
    ASSERT_TRUE(panels().DeactivatePerson(As(admin_).get(), req, &out).ok());
  }
  void Backdate() {
    db_.Query(
        "UPDATE people SET deactivated_at = now() - interval "
        "'25 months' WHERE NOT active AND erased_at IS NULL");
    db_.Query(
        "UPDATE rounds SET finished_at = now() - interval '13 months' "
        "WHERE finished_at IS NOT NULL");
  }
  void WaitUntilErased(int64_t subjects) {
    for (int i = 0; i < 200 && Count("events WHERE action LIKE "
                                     "'%.erased'") < subjects;
         ++i) {
      absl::SleepFor(absl::Milliseconds(50));
    }
    ASSERT_EQ(Count("events WHERE action LIKE '%.erased'"), subjects);
  }

  std::string retention_ms_ = "86400000";  // Once at start, then a day.
};

TEST_F(RetentionTest, DueSubjectsGoOnceWhicheverServerAndAcrossARestart) {
  Cast c = BuildRecruitment(/*open=*/true);
  const Steering s = BuildSteering(/*members=*/1);
  Deactivate(s.su_voters[0]);  // Still on a steering group in progress.
  v1::WithdrawRoundRequest withdraw;
  withdraw.set_request_id(Api::NewId());
  withdraw.set_round_id(c.round.id());
  withdraw.set_reason("The post is no longer funded.");
  v1::Round withdrawn;
  ASSERT_TRUE(
      panels().WithdrawRound(As(admin_).get(), withdraw, &withdrawn).ok());
  const std::vector<Account> gone = LongGone(3, "Old member");
  Backdate();
  db_.Query(
      "UPDATE request_ledger SET created_at = now() - interval "
      "'2 days' WHERE person_id = 1");
  const int64_t answers_kept =
      Count("request_ledger WHERE person_id = 1 AND response IS NOT NULL");
  ASSERT_GT(answers_kept, 0);

  // The dry run: the policy in words and who is due, nothing changed.
  v1::RetentionPlan plan;
  ASSERT_TRUE(panels().PlanRetention(As(admin_).get(), {}, &plan).ok());
  EXPECT_THAT(plan.policy(0), HasSubstr("erased 12 months after their round "
                                        "finished"));
  EXPECT_THAT(plan.policy(1), HasSubstr("erased 24 months after they stopped "
                                        "taking part"));
  std::vector<std::string> due;
  for (const v1::RetentionDue& d : plan.due()) due.push_back(d.name());
  EXPECT_THAT(due, ::testing::UnorderedElementsAre(
                       "Old member 0", "Old member 1", "Old member 2",
                       "Sam Jones", "Robin Lee"));
  EXPECT_EQ(plan.due(0).since().size(), 10u);  // YYYY-MM-DD
  EXPECT_EQ(panels().PlanRetention(As(c.hr).get(), {}, &plan).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Count("people WHERE erased_at IS NOT NULL"), 0);
  EXPECT_EQ(
      Count("request_ledger WHERE person_id = 1 AND response IS NOT NULL"),
      answers_kept);

  // What fell due while the server ran is applied when it starts again.
  StopServer();
  StartServer();
  WaitUntilErased(5);
  EXPECT_EQ(Count("events WHERE action LIKE '%.erased' AND actor_id IS NULL "
                  "AND payload->>'why' = 'retention'"),
            5);
  EXPECT_EQ(db_.Query(absl::StrCat("SELECT display_name FROM people WHERE "
                                   "id = ",
                                   gone[1].id)),
            absl::StrCat("Erased person ", gone[1].id));
  EXPECT_EQ(db_.Query(absl::StrCat("SELECT erased_at IS NULL FROM people "
                                   "WHERE id = ",
                                   s.su_voters[0].id)),
            "t");  // Needed by the steering group in progress.
  EXPECT_EQ(Count("request_ledger WHERE person_id = 1 AND response IS NOT "
                  "NULL AND created_at < now() - interval '1 day'"),
            0);
  EXPECT_THAT(server_->process().Stderr(),
              HasSubstr("retention: erased 3 people and 2 candidates"));

  // Two more servers looking every 20 ms, and many due at once: each
  // subject is erased by one of them, once.
  retention_ms_ = "20";
  std::unique_ptr<ServerProcess> second = AnotherServer();
  std::unique_ptr<ServerProcess> third = AnotherServer();
  ASSERT_NE(second, nullptr);
  ASSERT_NE(third, nullptr);
  LongGone(60, "Former member");
  Backdate();
  WaitUntilErased(65);
  EXPECT_THAT(db_.Query("SELECT string_agg(subject, ',') FROM (SELECT "
                        "subject FROM events WHERE action LIKE '%.erased' "
                        "GROUP BY subject HAVING count(*) > 1) twice"),
              IsEmpty());
  for (const v1::Person& p : Everyone()) {
    EXPECT_THAT(p.display_name(), Not(StartsWith("Former member")));
  }
  ASSERT_TRUE(panels().PlanRetention(As(admin_).get(), {}, &plan).ok());
  EXPECT_THAT(plan.due(), IsEmpty());

  // The key of a day whose answers have all gone goes too; today's stays.
  const std::string long_ago =
      "subject_keys WHERE subject = 'answers/2020-01-01'";
  db_.Query(
      "INSERT INTO subject_keys (subject, data_key_id, wrapped) SELECT "
      "'answers/2020-01-01', data_key_id, wrapped FROM subject_keys WHERE "
      "subject LIKE 'answers/%' LIMIT 1 RETURNING 1");
  for (int i = 0; i < 200 && Count(long_ago) > 0; ++i) {
    absl::SleepFor(absl::Milliseconds(50));
  }
  EXPECT_EQ(Count(long_ago), 0);
  EXPECT_EQ(Count("subject_keys WHERE subject LIKE 'answers/%'"), 1);
}

TEST_F(RetentionTest, ThePrivacyNoticeComesFromTheSettingsAndIsReadOnce) {
  v1::PrivacyNotice notice;
  ASSERT_TRUE(panels().GetPrivacyNotice(api_->Ctx("").get(), {}, &notice).ok());
  EXPECT_EQ(notice.controller(), "Riverside NHS Foundation Trust");
  EXPECT_EQ(notice.contact(),
            "the Data Protection Officer, dpo@riverside.example");
  EXPECT_THAT(notice.retention(0), HasSubstr("12 months"));
  const Account ben = api_->NewPerson(admin_, "Ben", v1::ORG_ROLE_MEMBER);
  v1::Person me;
  ASSERT_TRUE(panels().GetMe(As(ben).get(), {}, &me).ok());
  EXPECT_FALSE(me.privacy_notice_read());
  v1::AcknowledgePrivacyNoticeRequest read;
  read.set_request_id(Api::NewId());
  ASSERT_TRUE(panels().AcknowledgePrivacyNotice(As(ben).get(), read, &me).ok());
  EXPECT_TRUE(me.privacy_notice_read());
  const std::string at = db_.Query(absl::StrCat(
      "SELECT privacy_notice_read_at FROM people WHERE id = ", ben.id));
  read.set_request_id(Api::NewId());
  ASSERT_TRUE(panels().AcknowledgePrivacyNotice(As(ben).get(), read, &me).ok());
  EXPECT_EQ(
      db_.Query(absl::StrCat(
          "SELECT privacy_notice_read_at FROM people WHERE id = ", ben.id)),
      at);  // The first reading is what counts.
  EXPECT_EQ(panels()
                .AcknowledgePrivacyNotice(api_->Ctx("").get(), read, &me)
                .error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
}

}  // namespace
}  // namespace equalsay::testing
