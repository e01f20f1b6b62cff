// What equalsay's e-mails say and how they are put on the wire.
#include "services/mail/rules/message.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/escaping.h"

namespace equalsay::mail {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

absl::TimeZone London() {
  absl::TimeZone zone;
  EXPECT_TRUE(absl::LoadTimeZone("Europe/London", &zone));
  return zone;
}

MailFacts Facts(MailKind kind) {
  return {.kind = kind,
          .person_name = "Siân Llewellyn",
          .round_title = "Peer support worker",
          .panel_name = "Service User Panel",
          .role_words = "a member",
          .decision_title = "Appoint Candidate A to the post?",
          .closes_at = absl::FromUnixSeconds(1796392800),  // 2026-12-04 14:00Z
          .sign_in_link = "https://equalsay.example.org/#link=eqs_abc",
          .link_expires_at = absl::FromUnixSeconds(1796911200)};
}

TEST(MailMessageTest, AnInvitationSaysWhatWhereAndHowToSignIn) {
  const Rendered m = Render(Facts(MailKind::kInvitation), London());
  EXPECT_EQ(m.subject, "You are invited to a panel: Peer support worker");
  EXPECT_EQ(m.body,
            "Dear Siân Llewellyn,\n\n"
            "You have been asked to sit on the Service User Panel for \"Peer "
            "support\nworker\", as a member.\n\n"
            "Sign in with the link below to see what this involves and what "
            "you are\nasked to do. Your view counts as much as anyone's.\n\n"
            "Sign in here:\nhttps://equalsay.example.org/#link=eqs_abc\n\n"
            "The link works once, until Thursday 10 December 2026 at 14:00 "
            "GMT. If it\nhas run out, ask your administrator for a new one. "
            "If you were not\nexpecting this message, you can ignore it.\n\n"
            "This message was sent by equalsay, where panels of people who "
            "use\nservices and staff make decisions together, each with an "
            "equal say.\nPlease do not reply to it.\n");
}

TEST(MailMessageTest, VotingMessagesGiveTheClosingTimeAndKeepSecrets) {
  MailFacts facts = Facts(MailKind::kVotingOpen);
  Rendered m = Render(facts, London());
  EXPECT_EQ(m.subject,
            "Your vote is asked for: Appoint Candidate A to the post?");
  EXPECT_THAT(m.body, HasSubstr("Voting closes on Friday 4 December 2026 at "
                                "14:00 GMT, or earlier if the\nco-chairs"));
  facts.closes_at.reset();
  EXPECT_THAT(Render(facts, London()).body,
              HasSubstr("Voting stays open until the co-chairs close it."));

  facts = Facts(MailKind::kClosingSoon);
  EXPECT_THAT(Render(facts, London()).body,
              HasSubstr("and you have not voted yet."));
  facts.secret = true;  // Everyone is told, so nothing says who voted.
  m = Render(facts, London());
  EXPECT_THAT(m.body, HasSubstr("If you have not voted yet, there is still"));
  EXPECT_THAT(m.body, Not(HasSubstr("you have not voted yet.")));
}

TEST(MailMessageTest, AReminderListsWhatIsLeftOrSaysThereIsNothing) {
  MailFacts facts = Facts(MailKind::kReminder);
  facts.reminded_by = "Asha Patel";
  facts.to_do = {"Score 2 candidates against the criteria."};
  Rendered m = Render(facts, London());
  EXPECT_EQ(m.subject, "A reminder about Peer support worker");
  EXPECT_THAT(m.body, HasSubstr("Asha Patel asked us to remind you of what "
                                "is still to do in \"Peer\nsupport worker\":"
                                "\n\n- Score 2 candidates against the "
                                "criteria.\n\n"));
  facts.to_do.clear();
  EXPECT_THAT(Render(facts, London()).body,
              HasSubstr("- Nothing just now: you are up to date."));
}

// The panels hear what HR recorded, in words, and never HR's note.
TEST(MailMessageTest, AnOutcomeSaysWhatHrRecordedInWords) {
  MailFacts facts = Facts(MailKind::kOutcome);
  const std::pair<const char*, const char*> cases[] = {
      {"OFFER_MADE", "HR has offered the post"},
      {"ACCEPTED", "has accepted the offer."},
      {"DECLINED", "has declined the offer."},
  };
  for (const auto& [confirmation, words] : cases) {
    facts.confirmation = confirmation;
    const Rendered m = Render(facts, London());
    EXPECT_EQ(m.subject, "What came of your decision: Peer support worker");
    EXPECT_THAT(m.body, HasSubstr("\"Appoint Candidate A to the post?\""));
    EXPECT_THAT(m.body, HasSubstr(words)) << confirmation;
    EXPECT_THAT(m.body, Not(HasSubstr(confirmation)));
  }
  EXPECT_EQ(MailKindFromName("outcome"), MailKind::kOutcome);
}

TEST(MailMessageTest, TheWireFormEncodesNamesAndEndsLinesWithCrLf) {
  Rendered m = Render(Facts(MailKind::kScoringOpen), London());
  m.subject = "Sgôr: Gweithiwr cymorth cymheiriaid, rownd gyntaf y gwanwyn";
  const std::string wire =
      MimeMessage({.from = "equalsay <equalsay@example.org>",
                   .to_name = "Siân Llewellyn",
                   .to_address = "sian@example.org",
                   .message_id = "mail-7.equalsay@example.org",
                   .date = absl::FromUnixSeconds(1796392800)},
                  m);
  EXPECT_THAT(wire, HasSubstr("Date: Fri, 04 Dec 2026 14:00:00 +0000\r\n"));
  EXPECT_THAT(wire, HasSubstr("From: equalsay <equalsay@example.org>\r\n"));
  std::string name;
  ASSERT_TRUE(absl::Base64Unescape("U2nDom4gTGxld2VsbHlu", &name));
  EXPECT_THAT(wire, HasSubstr("To: =?UTF-8?B?U2nDom4gTGxld2VsbHlu?= "
                              "<sian@example.org>\r\n"));
  EXPECT_EQ(name, "Siân Llewellyn");
  // A long subject is split into encoded words, each on its own line, and
  // never inside a character.
  EXPECT_THAT(wire, HasSubstr("Subject: =?UTF-8?B?"));
  EXPECT_THAT(wire, HasSubstr("?=\r\n =?UTF-8?B?"));
  EXPECT_THAT(wire, HasSubstr("Message-ID: <mail-7.equalsay@example.org>\r\n"));
  EXPECT_THAT(wire, HasSubstr("Content-Type: text/plain; charset=utf-8\r\n"));
  EXPECT_THAT(wire, HasSubstr("\r\n\r\nDear Siân Llewellyn,\r\n\r\n"));
  EXPECT_THAT(wire, Not(HasSubstr("\n\n")));  // Every line ends CRLF...
  EXPECT_THAT(wire, ::testing::EndsWith("reply to it.\r\n"));  // ...once.
  // A name with a comma is quoted, so it is not taken for two addresses.
  EXPECT_THAT(
      MimeMessage({.to_name = "Okafor, Ben", .to_address = "b@x.org"}, m),
      HasSubstr("To: \"Okafor, Ben\" <b@x.org>\r\n"));
}

TEST(MailMessageTest, FailedMessagesWaitLongerEachTimeThenGiveUp) {
  const absl::Duration first = absl::Minutes(1);
  EXPECT_EQ(RetryAfter(1, first), absl::Minutes(1));
  EXPECT_EQ(RetryAfter(2, first), absl::Minutes(2));
  EXPECT_EQ(RetryAfter(3, first), absl::Minutes(4));
  EXPECT_EQ(RetryAfter(9, first), absl::Hours(4) + absl::Minutes(16));
  EXPECT_EQ(RetryAfter(10, first), std::nullopt);
  EXPECT_EQ(RetryAfter(5, absl::Hours(1)), absl::Hours(6));  // At most.
}

TEST(MailMessageTest, TheMailServerUrlIsReadAndCheckedWithoutEchoingIt) {
  absl::StatusOr<SmtpServer> s =
      ParseSmtpUrl("smtp://mailer%40trust.nhs.uk:p%3Ass@smtp.example.org:587");
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->url, "smtp://smtp.example.org:587");
  EXPECT_EQ(s->user, "mailer@trust.nhs.uk");
  EXPECT_EQ(s->password, "p:ss");
  EXPECT_FALSE(s->implicit_tls);
  s = ParseSmtpUrl("smtps://smtp.example.org");
  ASSERT_TRUE(s.ok());
  EXPECT_TRUE(s->implicit_tls);
  EXPECT_TRUE(s->user.empty());
  for (const char* bad : {"http://smtp.example.org", "smtp://", "smtp://u:p@",
                          "smtp://host:99999", "smtp://host/path"}) {
    s = ParseSmtpUrl(bad);
    EXPECT_EQ(s.status().code(), absl::StatusCode::kInvalidArgument) << bad;
    EXPECT_THAT(s.status().message(), HasSubstr("EQUALSAY_SMTP_URL")) << bad;
  }
  EXPECT_THAT(ParseSmtpUrl("smtp://u:secret@host:0").status().message(),
              Not(HasSubstr("secret")));
  EXPECT_EQ(AddressOf("equalsay <noreply@example.org>"), "noreply@example.org");
  EXPECT_EQ(AddressOf(" noreply@example.org "), "noreply@example.org");
}

}  // namespace
}  // namespace equalsay::mail
