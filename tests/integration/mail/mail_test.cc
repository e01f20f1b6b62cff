// E-mail through a real mail server (STARTTLS and a password, as an
// organisation's would be): invitations and news arrive once each with a
// working sign-in link, however many servers send and across a restart;
// a struggling mail server is retried and a refusal reported; co-chairs'
// reminders go to their panel; and without a mail server nothing is queued.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "tests/integration/consensus/consensus_fixture.h"
#include "tests/support/smtp_capture.h"

namespace equalsay::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class MailTest : public ConsensusServiceTest {
 protected:
  void SetUp() override {
    smtp_ = std::make_unique<SmtpCapture>(SmtpOptions());
    ConsensusServiceTest::SetUp();
  }
  virtual SmtpCapture::Options SmtpOptions() const { return {}; }
  std::map<std::string, std::string> ServerEnv() const override {
    std::map<std::string, std::string> env = smtp_->ServerEnv();
    env.merge(ConsensusServiceTest::ServerEnv());
    return env;
  }

  // How many messages went to each address.
  static std::map<std::string, int> PerAddress(
      const std::vector<CapturedMail>& mail) {
    std::map<std::string, int> count;
    for (const CapturedMail& m : mail) ++count[m.to];
    return count;
  }
  static std::vector<CapturedMail> To(const std::vector<CapturedMail>& mail,
                                      const std::string& address) {
    std::vector<CapturedMail> out;
    for (const CapturedMail& m : mail) {
      if (m.to == address) out.push_back(m);
    }
    return out;
  }
  v1::ListMailResponse ListMail(
      v1::MailState state = v1::MAIL_STATE_UNSPECIFIED) {
    v1::ListMailRequest req;
    req.set_filter_state(state);
    v1::ListMailResponse list;
    const grpc::Status s = panels().ListMail(As(admin_).get(), req, &list);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return list;
  }
  // Waits until the queue holds nothing still to send.
  void WaitUntilSettled() {
    for (int i = 0; i < 200; ++i) {
      const v1::ListMailResponse all = ListMail();
      if (std::none_of(all.mail().begin(), all.mail().end(), [](const auto& m) {
            return m.state() == v1::MAIL_STATE_QUEUED ||
                   m.state() == v1::MAIL_STATE_SENDING;
          })) {
        return;
      }
      absl::SleepFor(absl::Milliseconds(100));
    }
    ADD_FAILURE() << "mail was still waiting to be sent";
  }

  std::unique_ptr<SmtpCapture> smtp_;
};

TEST_F(MailTest, InvitationsAndNewsArriveOnceEachWithAWorkingLink) {
  const std::unique_ptr<ServerProcess> second = AnotherServer();  // Sends too.
  ASSERT_NE(second, nullptr);
  const Cast c = BuildRecruitment(/*open=*/true);
  // An invitation for each of the five on a panel; "scoring has started"
  // for the four who score.
  const std::vector<CapturedMail> mail = smtp_->WaitFor(9);
  ASSERT_EQ(mail.size(), 9u);
  EXPECT_EQ(PerAddress(mail),
            (std::map<std::string, int>{{"asha@example.org", 2},
                                        {"ben@example.org", 2},
                                        {"chloe@example.org", 2},
                                        {"dev@example.org", 2},
                                        {"eve@example.org", 1}}));
  const std::vector<CapturedMail> ben = To(mail, "ben@example.org");
  const auto invitation =
      std::find_if(ben.begin(), ben.end(), [](const CapturedMail& m) {
        return absl::StartsWith(m.subject, "You are invited");
      });
  ASSERT_NE(invitation, ben.end());
  EXPECT_EQ(invitation->subject,
            "You are invited to a panel: " + c.round.title());
  EXPECT_THAT(invitation->body,
              HasSubstr("Dear Ben,\n\nYou have been asked to sit on the "
                        "Service User Panel"));
  EXPECT_THAT(invitation->raw,
              HasSubstr("From: equalsay <equalsay@example.org>"));
  EXPECT_THAT(To(mail, "eve@example.org")[0].body, HasSubstr("as an observer"));

  // Every link is its own, and works once.
  std::set<std::string> links;
  for (const CapturedMail& m : mail) links.insert(LinkIn(m));
  EXPECT_EQ(links.size(), 9u);
  const std::string link = LinkIn(*invitation);
  ASSERT_THAT(link, HasSubstr("/#link="));
  v1::SignInResponse session;
  grpc::Status s = panels().SignIn(
      api_->Ctx(link.substr(link.find("#link=") + 6)).get(), {}, &session);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(session.person().id(), c.su_member.id);

  // Administrators see what went, and nothing of what it said.
  WaitUntilSettled();
  const v1::ListMailResponse sent = ListMail(v1::MAIL_STATE_SENT);
  EXPECT_EQ(sent.mail_size(), 9);
  EXPECT_THAT(sent.DebugString(), Not(HasSubstr("#link=")));
  EXPECT_EQ(Count("events WHERE action = 'mail.sent'"), 9);
  v1::ListMailResponse refused;
  EXPECT_EQ(panels().ListMail(As(c.su_chair).get(), {}, &refused).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  // Links that went out are the only ones made.
  EXPECT_EQ(Count("tokens WHERE kind = 'link'"), 9);
}

TEST_F(MailTest, VotersHearWhenVotingOpensAndADayBeforeItCloses) {
  const Steering s = BuildSteering(/*members=*/1);
  smtp_->WaitFor(4);  // The invitations.
  const size_t invitations = smtp_->Messages().size();
  ASSERT_EQ(invitations, 4u);

  v1::CreateDecisionRequest named =
      Request(s.round, "", v1::DECISION_METHOD_YES_NO, v1::SECRECY_NAMED);
  named.set_closes_at_unix(absl::ToUnixSeconds(absl::Now() + absl::Hours(30)));
  const v1::Decision d = Put(s.su_chair, named);
  std::vector<CapturedMail> mail = smtp_->WaitFor(invitations + 4);
  ASSERT_EQ(mail.size(), invitations + 4);  // Everyone may vote.
  EXPECT_EQ(mail.back().subject,
            "Your vote is asked for: Open the crisis café on Sundays");
  EXPECT_THAT(mail.back().body, HasSubstr("Voting closes on "));

  // A day before the close, those who have not voted are told.
  ASSERT_TRUE(
      Vote(s.su_voters[0], d, v1::CHOICE_AGREE, "because of the bus times")
          .ok());
  db_.Query(
      "UPDATE decisions SET closes_at = now() + interval '2 hours' "
      "WHERE id = " +
      d.id() + " RETURNING 1");
  mail = smtp_->WaitFor(invitations + 7);
  ASSERT_EQ(mail.size(), invitations + 7);
  std::map<std::string, int> soon;
  for (const CapturedMail& m : mail) {
    if (absl::StartsWith(m.subject, "Voting closes soon")) ++soon[m.to];
    EXPECT_THAT(m.raw, Not(HasSubstr("bus times")));  // No ballot, ever.
  }
  EXPECT_EQ(soon, (std::map<std::string, int>{{"asha@example.org", 1},
                                              {"chloe@example.org", 1},
                                              {"membert0@example.org", 1}}));
}

TEST_F(MailTest, ACoChairRemindsTheirPanelOfWhatIsLeft) {
  const Cast c = BuildRecruitment(/*open=*/true);
  smtp_->WaitFor(9);
  v1::RemindPanelRequest req;
  req.set_request_id(Api::NewId());
  req.set_round_id(c.round.id());
  v1::RemindPanelResponse answer;
  grpc::Status s = panels().RemindPanel(As(c.su_chair).get(), req, &answer);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_THAT(answer.explanation(), HasSubstr("A reminder is on its way"));
  std::vector<CapturedMail> mail = smtp_->WaitFor(10);
  ASSERT_EQ(mail.size(), 10u);  // Ben: not the co-chair, not the observer.
  EXPECT_EQ(mail.back().to, "ben@example.org");
  EXPECT_EQ(mail.back().subject, "A reminder about " + c.round.title());
  EXPECT_THAT(mail.back().body,
              HasSubstr("Asha asked us to remind you of what is still to do"));
  EXPECT_THAT(mail.back().body, HasSubstr("- Score 2 candidates"));
  // Asking again within the hour sends nothing more.
  req.set_request_id(Api::NewId());
  ASSERT_TRUE(panels().RemindPanel(As(c.su_chair).get(), req, &answer).ok());
  EXPECT_EQ(smtp_->WaitFor(11, absl::Seconds(2)).size(), 10u);
  // Only co-chairs remind.
  req.set_request_id(Api::NewId());
  EXPECT_EQ(
      panels().RemindPanel(As(c.su_member).get(), req, &answer).error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
}

// When HR records an offer and its answer, the panels hear it without
// asking, in words and without HR's note; a correction is heard too.
TEST_F(MailTest, ThePanelsHearWhatCameOfTheCandidateTheyAgreedOn) {
  const Cast c = BuildRecruitment(/*open=*/true);
  ScoreAndClose(c, {{c.named, 4}, {c.anonymised, 1}});
  std::vector<v1::Decision> decided;  // The named candidate's first.
  for (const auto& [candidate, su_choice] :
       {std::pair(c.named, v1::CHOICE_AGREE),
        std::pair(c.anonymised, v1::CHOICE_DISAGREE)}) {
    const v1::Decision d =
        Put(admin_, Request(c.round, candidate.id(), v1::DECISION_METHOD_YES_NO,
                            v1::SECRECY_NAMED));
    for (const Account* who : People{&c.su_chair, &c.su_member}) {
      ASSERT_TRUE(Vote(*who, d, su_choice).ok());
    }
    for (const Account* who : People{&c.staff_chair, &c.staff_member}) {
      ASSERT_TRUE(Vote(*who, d, v1::CHOICE_AGREE).ok());
    }
    ASSERT_TRUE(CloseAs(c.su_chair, d).ok());
    ASSERT_TRUE(CloseAs(c.staff_chair, d).ok());
    decided.push_back(d);
  }
  const v1::Decision& agreed = decided[0];
  v1::ConfirmOutcomeRequest offer;
  offer.set_request_id(Api::NewId());
  offer.set_decision_id(agreed.id());
  offer.set_action(v1::CONFIRMATION_ACTION_OFFER_MADE);
  offer.set_note("Salary band 6, point 3; references pending.");
  v1::Confirmation confirmed;
  ASSERT_TRUE(
      consensus().ConfirmOutcome(As(c.hr).get(), offer, &confirmed).ok());
  ASSERT_TRUE(Confirm(c.hr, agreed, v1::CONFIRMATION_ACTION_ACCEPTED).ok());
  WaitUntilSettled();
  std::map<std::string, std::vector<std::string>> heard;  // Address: bodies.
  for (const CapturedMail& m : smtp_->Messages()) {
    if (m.subject != "What came of your decision: " + c.round.title()) continue;
    EXPECT_THAT(m.body, Not(HasSubstr("Salary band")));
    heard[m.to].push_back(m.body);
  }
  // The four who vote, not the observer; each entry once.
  EXPECT_EQ(heard.size(), 4u);
  ASSERT_EQ(heard["ben@example.org"].size(), 2u);
  EXPECT_THAT(heard["ben@example.org"][0],
              HasSubstr("HR has offered the post to the candidate"));
  EXPECT_THAT(heard["ben@example.org"][1], HasSubstr("has accepted the offer"));
  EXPECT_EQ(heard.count("eve@example.org"), 0u);
}

TEST_F(MailTest, ARestartWhileMailIsQueuedSendsEachOnce) {
  smtp_->Stop();  // The mail server is down: every message waits.
  const Cast c = BuildRecruitment(/*open=*/true);
  // A message counts its attempt when claimed, before the failure is
  // recorded: wait for the failures themselves (a loaded machine is slow).
  const std::string failed =
      "mail_queue WHERE state = 'queued' AND attempts > 0 AND "
      "last_error LIKE 'the mail server%'";
  for (int i = 0; i < 200 && Count(failed) < 9; ++i) {
    absl::SleepFor(absl::Milliseconds(100));
  }
  EXPECT_EQ(Count(failed), 9);
  StopServer();
  smtp_->Start();
  StartServer();
  const std::unique_ptr<ServerProcess> second = AnotherServer();
  ASSERT_NE(second, nullptr);
  const std::vector<CapturedMail> mail = smtp_->WaitFor(9, absl::Seconds(30));
  EXPECT_EQ(mail.size(), 9u);
  EXPECT_EQ(PerAddress(mail).size(), 5u);
  WaitUntilSettled();
  EXPECT_EQ(ListMail(v1::MAIL_STATE_SENT).mail_size(), 9);
  // The links of tries that never went out do not work.
  EXPECT_EQ(Count("tokens WHERE kind = 'link' AND revoked_at IS NULL"), 9);
}

class StrugglingMailTest : public MailTest {
 protected:
  SmtpCapture::Options SmtpOptions() const override {
    return {.refuse = 2, .reject_to = {"dev@example.org"}};
  }
};

TEST_F(StrugglingMailTest, RefusedMailIsTriedAgainAndALostCauseReported) {
  const Cast c = BuildRecruitment(/*open=*/false);  // Five invitations.
  WaitUntilSettled();
  EXPECT_EQ(smtp_->Messages().size(), 4u);  // All but Dev's, each once.
  const v1::ListMailResponse sent = ListMail(v1::MAIL_STATE_SENT);
  ASSERT_EQ(sent.mail_size(), 4);
  int attempts = 0;
  for (const v1::MailInfo& m : sent.mail()) attempts += m.attempts();
  EXPECT_EQ(attempts, 4 + 2);  // Two were refused once ("try later").
  const v1::ListMailResponse failed = ListMail(v1::MAIL_STATE_FAILED);
  ASSERT_EQ(failed.mail_size(), 1);
  EXPECT_EQ(failed.mail(0).person_id(), c.staff_member.id);
  EXPECT_EQ(failed.mail(0).kind(), "invitation");
  EXPECT_EQ(failed.mail(0).attempts(), 1u);  // A refusal for good.
  EXPECT_THAT(failed.mail(0).problem(),
              HasSubstr("the mail server answered 550"));
  EXPECT_EQ(Count("events WHERE action = 'mail.failed'"), 1);

  // Someone with no address is reported too, and nothing is sent.
  v1::CreatePersonRequest create;
  create.set_request_id(Api::NewId());
  create.set_display_name("Hana");
  create.set_org_role(v1::ORG_ROLE_MEMBER);
  v1::Person hana;
  ASSERT_TRUE(panels().CreatePerson(As(admin_).get(), create, &hana).ok());
  ASSERT_TRUE(AddMember(c.su, {hana.id(), ""}, v1::PANEL_ROLE_OBSERVER).ok());
  v1::ListMailRequest mine;
  mine.set_filter_person_id(hana.id());
  v1::ListMailResponse hanas;
  ASSERT_TRUE(panels().ListMail(As(admin_).get(), mine, &hanas).ok());
  ASSERT_EQ(hanas.mail_size(), 1);
  EXPECT_EQ(hanas.mail(0).state(), v1::MAIL_STATE_FAILED);
  EXPECT_THAT(hanas.mail(0).problem(),
              HasSubstr("No e-mail address is recorded for this person"));

  // An administrator may send a failed message again, and only a failed one.
  v1::RetryMailRequest retry;
  retry.set_request_id(Api::NewId());
  retry.set_mail_id(failed.mail(0).id());
  v1::MailInfo again;
  ASSERT_TRUE(panels().RetryMail(As(admin_).get(), retry, &again).ok());
  EXPECT_EQ(again.attempts(), 0u);
  WaitUntilSettled();
  EXPECT_EQ(ListMail(v1::MAIL_STATE_FAILED).mail_size(), 2);
  retry.set_request_id(Api::NewId());
  retry.set_mail_id(sent.mail(0).id());
  grpc::Status s = panels().RetryMail(As(admin_).get(), retry, &again);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  retry.set_request_id(Api::NewId());
  retry.set_mail_id("99999");
  EXPECT_EQ(panels().RetryMail(As(admin_).get(), retry, &again).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

// Without a mail server: nothing is queued, and reminders say why not.
TEST_F(ConsensusServiceTest, WithoutAMailServerNothingIsQueued) {
  const Cast c = BuildRecruitment(/*open=*/true);
  EXPECT_EQ(Count("mail_queue"), 0);
  v1::RemindPanelRequest req;
  req.set_request_id(Api::NewId());
  req.set_round_id(c.round.id());
  v1::RemindPanelResponse answer;
  const grpc::Status s =
      panels().RemindPanel(As(c.su_chair).get(), req, &answer);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(s.error_message(), HasSubstr("not set up to send e-mail"));
}

}  // namespace
}  // namespace equalsay::testing
