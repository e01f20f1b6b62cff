#include "services/mail/rules/message.h"

#include <algorithm>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"

namespace equalsay::mail {
namespace {

constexpr std::pair<MailKind, absl::string_view> kKinds[] = {
    {MailKind::kInvitation, "invitation"},
    {MailKind::kScoringOpen, "scoring_open"},
    {MailKind::kVotingOpen, "voting_open"},
    {MailKind::kClosingSoon, "closing_soon"},
    {MailKind::kReminder, "reminder"},
    {MailKind::kOutcome, "outcome"},
};

// What HR recorded, as the panels may hear it: no note, no reasons.
std::string OutcomeWords(absl::string_view confirmation) {
  if (confirmation == "OFFER_MADE") {
    return "HR has offered the post to the candidate your panels agreed on.";
  }
  if (confirmation == "ACCEPTED") {
    return "The candidate your panels agreed on has accepted the offer.";
  }
  if (confirmation == "DECLINED") {
    return "The candidate your panels agreed on has declined the offer. HR "
           "may now offer the post to the next candidate both panels agreed "
           "on, if there is one.";
  }
  return "HR has recorded what came of a candidate your panels agreed on.";
}

// "Thursday 3 December 2026 at 14:00 GMT".
std::string When(absl::Time t, absl::TimeZone zone) {
  return absl::FormatTime("%A %-d %B %Y at %H:%M %Z", t, zone);
}

// Wraps a paragraph at 72 characters (counting bytes, which only ever
// wraps non-English text a little early), never splitting a word or link.
std::string Wrap(absl::string_view text) {
  std::string out, line;
  for (absl::string_view word : absl::StrSplit(text, ' ', absl::SkipEmpty())) {
    if (!line.empty() && line.size() + 1 + word.size() > 72) {
      absl::StrAppend(&out, line, "\n");
      line.clear();
    }
    absl::StrAppend(&line, line.empty() ? "" : " ", word);
  }
  absl::StrAppend(&out, line, "\n");
  return out;
}

bool IsAscii(absl::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) {
    return static_cast<unsigned char>(c) < 0x80;
  });
}

// RFC 2047: text with anything but plain ASCII as base64 encoded-words,
// each short enough for a header line, split only between characters.
std::string EncodeWords(absl::string_view text) {
  if (IsAscii(text) && text.find_first_of("\r\n") == absl::string_view::npos) {
    return std::string(text);
  }
  std::vector<std::string> words;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = std::min(text.size(), start + 45);
    // Back off to the start of a UTF-8 character.
    while (end < text.size() && end > start &&
           (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) {
      --end;
    }
    words.push_back(absl::StrCat(
        "=?UTF-8?B?", absl::Base64Escape(text.substr(start, end - start)),
        "?="));
    start = end;
  }
  return absl::StrJoin(words, "\r\n ");
}

// A display name as a header allows it: quoted when it holds specials.
std::string DisplayName(absl::string_view name) {
  if (!IsAscii(name)) return EncodeWords(name);
  if (name.find_first_of("()<>[]:;@\\,.\"") == absl::string_view::npos) {
    return std::string(name);
  }
  std::string quoted = "\"";
  for (char c : name) {
    if (c == '"' || c == '\\') quoted += '\\';
    quoted += c;
  }
  return quoted + "\"";
}

int HexValue(char c) {
  return absl::ascii_isdigit(c) ? c - '0' : absl::ascii_tolower(c) - 'a' + 10;
}

std::string PercentDecoded(absl::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && absl::ascii_isxdigit(s[i + 1]) &&
        absl::ascii_isxdigit(s[i + 2])) {
      out += static_cast<char>(HexValue(s[i + 1]) * 16 + HexValue(s[i + 2]));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

constexpr absl::string_view kSignOff =
    "This message was sent by equalsay, where panels of people who use "
    "services and staff make decisions together, each with an equal say. "
    "Please do not reply to it.";

}  // namespace

absl::string_view MailKindName(MailKind kind) {
  for (const auto& [k, name] : kKinds) {
    if (k == kind) return name;
  }
  return "";
}

std::optional<MailKind> MailKindFromName(absl::string_view name) {
  for (const auto& [k, n] : kKinds) {
    if (n == name) return k;
  }
  return std::nullopt;
}

Rendered Render(const MailFacts& f, absl::TimeZone zone) {
  Rendered m;
  std::vector<std::string> paragraphs;
  const std::string round = absl::StrCat("\"", f.round_title, "\"");
  const std::string decision = absl::StrCat("\"", f.decision_title, "\"");
  switch (f.kind) {
    case MailKind::kInvitation:
      m.subject = absl::StrCat("You are invited to a panel: ", f.round_title);
      paragraphs.push_back(absl::StrCat("You have been asked to sit on the ",
                                        f.panel_name, " for ", round, ", as ",
                                        f.role_words, "."));
      paragraphs.push_back(
          "Sign in with the link below to see what this involves and what "
          "you are asked to do. Your view counts as much as anyone's.");
      break;
    case MailKind::kScoringOpen:
      m.subject = absl::StrCat("Scoring has started: ", f.round_title);
      paragraphs.push_back(absl::StrCat(
          "Scoring has started for ", round,
          ". You can now read about each candidate and score them against "
          "the questions the panels agreed."));
      break;
    case MailKind::kVotingOpen:
      m.subject = absl::StrCat("Your vote is asked for: ", f.decision_title);
      paragraphs.push_back(absl::StrCat(
          "The panels of ", round, " are asked to decide: ", decision, "."));
      paragraphs.push_back(
          f.closes_at.has_value()
              ? absl::StrCat("Voting closes on ", When(*f.closes_at, zone),
                             ", or earlier if the co-chairs close it.")
              : "Voting stays open until the co-chairs close it.");
      break;
    case MailKind::kClosingSoon:
      m.subject = absl::StrCat("Voting closes soon: ", f.decision_title);
      paragraphs.push_back(absl::StrCat(
          "Voting on ", decision, " closes on ",
          f.closes_at.has_value() ? When(*f.closes_at, zone) : "soon",
          f.secret ? ". If you have not voted yet, there is still time."
                   : ", and you have not voted yet.",
          " Your vote counts as much as anyone's."));
      break;
    case MailKind::kOutcome:
      m.subject = absl::StrCat("What came of your decision: ", f.round_title);
      paragraphs.push_back(
          absl::StrCat("News from HR about ", decision, " in ", round, ":"));
      paragraphs.push_back(OutcomeWords(f.confirmation));
      paragraphs.push_back(
          "You can read what came of each decision you took part in on your "
          "page in equalsay.");
      break;
    case MailKind::kReminder:
      m.subject = absl::StrCat("A reminder about ", f.round_title);
      paragraphs.push_back(absl::StrCat(
          f.reminded_by.empty() ? "Your co-chair" : f.reminded_by,
          " asked us to remind you of what is still to do in ", round, ":"));
      break;
  }
  std::string body = absl::StrCat("Dear ", f.person_name, ",\n\n");
  for (const std::string& p : paragraphs) absl::StrAppend(&body, Wrap(p), "\n");
  if (f.kind == MailKind::kReminder) {
    for (const std::string& item : f.to_do) {
      absl::StrAppend(&body, "- ", item, "\n");
    }
    if (f.to_do.empty()) {
      absl::StrAppend(&body,
                      "- Nothing just now: you are up to date. Thank "
                      "you.\n");
    }
    absl::StrAppend(&body, "\n");
  }
  absl::StrAppend(&body, "Sign in here:\n", f.sign_in_link, "\n\n");
  absl::StrAppend(
      &body,
      Wrap(absl::StrCat("The link works once, until ",
                        When(f.link_expires_at, zone),
                        ". If it has run out, ask your administrator for a "
                        "new one. If you were not expecting this message, "
                        "you can ignore it.")),
      "\n", Wrap(kSignOff));
  m.body = std::move(body);
  return m;
}

std::string MimeMessage(const Envelope& e, const Rendered& m) {
  std::string out;
  const auto header = [&out](absl::string_view name, absl::string_view value) {
    absl::StrAppend(&out, name, ": ", value, "\r\n");
  };
  header("Date", absl::FormatTime("%a, %d %b %Y %H:%M:%S +0000", e.date,
                                  absl::UTCTimeZone()));
  header("From", e.from);
  header("To", absl::StrCat(DisplayName(e.to_name), " <", e.to_address, ">"));
  header("Subject", EncodeWords(m.subject));
  header("Message-ID", absl::StrCat("<", e.message_id, ">"));
  header("MIME-Version", "1.0");
  header("Content-Type", "text/plain; charset=utf-8");
  header("Content-Transfer-Encoding", "8bit");
  header("Auto-Submitted", "auto-generated");
  absl::StrAppend(&out, "\r\n");
  absl::string_view body = m.body;
  absl::ConsumeSuffix(&body, "\n");
  for (absl::string_view line : absl::StrSplit(body, '\n')) {
    absl::StrAppend(&out, line, "\r\n");
  }
  return out;
}

std::string AddressOf(absl::string_view mailbox) {
  const size_t open = mailbox.rfind('<');
  const size_t close = mailbox.rfind('>');
  if (open != absl::string_view::npos && close != absl::string_view::npos &&
      close > open) {
    return std::string(mailbox.substr(open + 1, close - open - 1));
  }
  return std::string(absl::StripAsciiWhitespace(mailbox));
}

std::optional<absl::Duration> RetryAfter(int attempts, absl::Duration first) {
  constexpr int kTries = 10;
  if (attempts >= kTries) return std::nullopt;
  absl::Duration wait = first;
  for (int i = 1; i < attempts && wait < absl::Hours(6); ++i) wait *= 2;
  return std::min(wait, absl::Hours(6));
}

absl::StatusOr<SmtpServer> ParseSmtpUrl(absl::string_view url) {
  SmtpServer server;
  absl::string_view rest = url;
  if (absl::ConsumePrefix(&rest, "smtps://")) {
    server.implicit_tls = true;
  } else if (!absl::ConsumePrefix(&rest, "smtp://")) {
    return absl::InvalidArgumentError(
        "EQUALSAY_SMTP_URL must start with smtp:// (STARTTLS) or smtps:// "
        "(TLS), for example smtp://user:password@smtp.example.org:587");
  }
  if (const size_t at = rest.rfind('@'); at != absl::string_view::npos) {
    const absl::string_view who = rest.substr(0, at);
    rest.remove_prefix(at + 1);
    const size_t colon = who.find(':');
    server.user = PercentDecoded(who.substr(0, colon));
    if (colon != absl::string_view::npos) {
      server.password = PercentDecoded(who.substr(colon + 1));
    }
  }
  while (absl::ConsumeSuffix(&rest, "/")) {
  }
  if (rest.empty() || rest.find_first_of("/?#@ ") != absl::string_view::npos) {
    return absl::InvalidArgumentError(
        "EQUALSAY_SMTP_URL must name the mail server's host and, if not "
        "the usual, its port, for example smtp://smtp.example.org:587");
  }
  if (const size_t colon = rest.rfind(':');
      colon != absl::string_view::npos && rest.back() != ']') {
    int port = 0;
    if (!absl::SimpleAtoi(rest.substr(colon + 1), &port) || port <= 0 ||
        port > 65535) {
      return absl::InvalidArgumentError(
          "EQUALSAY_SMTP_URL has a port that is not a number from 1 to "
          "65535");
    }
  }
  server.url = absl::StrCat(server.implicit_tls ? "smtps://" : "smtp://", rest);
  return server;
}

}  // namespace equalsay::mail
