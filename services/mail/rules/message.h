// What equalsay's e-mails say, in plain words, and how they are put on the
// wire: pure, so every message is tested without a mail server.
//
// A message never holds a score, a ballot or anything a secret vote could
// be read from: only the person's own name, the round and decision they are
// asked to act on, what they still have to do, and a sign-in link.
#ifndef EQUALSAY_SERVICES_MAIL_RULES_MESSAGE_H_
#define EQUALSAY_SERVICES_MAIL_RULES_MESSAGE_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace equalsay::mail {

// Why a message is sent. Stored by name (MailKindName) in the queue.
enum class MailKind {
  kInvitation,   // A person was put on a panel.
  kScoringOpen,  // Scoring of candidates has started.
  kVotingOpen,   // A decision is open for their vote.
  kClosingSoon,  // Voting closes within a day and they have not voted.
  kReminder,     // Their co-chair asked: what they still have to do.
  kOutcome,      // HR recorded what came of a candidate the panels agreed on.
};
absl::string_view MailKindName(MailKind kind);
std::optional<MailKind> MailKindFromName(absl::string_view name);

// Everything a message may say, read when it is sent (so a corrected name
// or title is the one used).
struct MailFacts {
  MailKind kind = MailKind::kInvitation;
  std::string person_name;
  std::string round_title;
  std::string panel_name;      // Invitations: the panel they sit on.
  std::string role_words;      // Invitations: "a co-chair", "a member", ...
  std::string decision_title;  // Voting messages.
  std::optional<absl::Time> closes_at;  // Voting messages.
  // A secret decision: "closes soon" goes to every voter, voted or not.
  bool secret = false;
  std::string reminded_by;         // Reminders: the co-chair.
  std::vector<std::string> to_do;  // Reminders: what is left.
  // Outcomes: what HR's entry recorded, by name ("ACCEPTED"), never HR's
  // note.
  std::string confirmation;
  std::string sign_in_link;
  absl::Time link_expires_at;
};

struct Rendered {
  std::string subject;
  std::string body;  // Lines end with "\n".
};
// The message in plain words; times in `zone`.
Rendered Render(const MailFacts& facts, absl::TimeZone zone);

// A whole RFC 5322 message (CRLF line ends, non-ASCII names and subject
// encoded, body UTF-8), ready for SMTP.
struct Envelope {
  std::string from;  // As configured: "equalsay <equalsay@example.org>".
  std::string to_name, to_address;
  std::string message_id;  // Unique per queued message, without <>.
  absl::Time date;
};
std::string MimeMessage(const Envelope& envelope, const Rendered& message);

// The address part of "Name <address>" (or the whole, if bare).
std::string AddressOf(absl::string_view mailbox);

// When a message that failed for the `attempts`th time is tried again
// (`first` after the first, doubling, at most six hours apart); nullopt
// once it is time to give up and report it failed.
std::optional<absl::Duration> RetryAfter(int attempts, absl::Duration first);

// EQUALSAY_SMTP_URL: smtp://[user[:password]@]host[:port] (STARTTLS is then
// required) or smtps://... (TLS from the start).
struct SmtpServer {
  std::string url;  // For libcurl, without the user and password.
  std::string user, password;
  bool implicit_tls = false;
};
absl::StatusOr<SmtpServer> ParseSmtpUrl(absl::string_view url);

}  // namespace equalsay::mail

#endif  // EQUALSAY_SERVICES_MAIL_RULES_MESSAGE_H_
