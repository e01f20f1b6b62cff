#include "services/mail/service/mail_worker.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "services/common/base/json.h"
#include "services/common/base/log.h"
#include "services/common/base/metrics.h"
#include "services/common/store/events.h"
#include "services/common/store/tokens.h"
#include "services/mail/store/mail_queue.h"

namespace equalsay::mail {
namespace {

// A message on its way: what the queue said, and its link's token.
struct Outgoing {
  Claimed claimed;
  TokenId link_id{0};
};

NewEvent MailEvent(const Claimed& c, const char* action,
                   const std::string& problem) {
  JsonObject payload;
  payload.Add("mail_id", c.id).Add("kind", MailKindName(c.facts.kind));
  if (!problem.empty()) payload.Add("problem", problem);
  return {.actor_id = std::nullopt,
          .action = action,
          .subject = Subject("person", c.person_id),
          .round_id = std::nullopt,
          .payload_json = payload.str()};
}

}  // namespace

int MailWorker::SendNow() {
  // Claimed, and given their links, in one transaction: a link exists only
  // for a message on its way.
  std::vector<Outgoing> outgoing;
  absl::Status status = pool_.Transact([&](pqxx::transaction_base& txn) {
    outgoing.clear();
    QueueClosingSoon(txn, absl::Hours(24));
    FailAbandoned(txn, options_.lease);
    for (Claimed& c : ClaimDue(txn, keys_, kBatch)) {
      const SignInLink link = IssueSignInLink(
          txn, c.person_id, options_.link_days, options_.public_url);
      c.facts.sign_in_link = link.url;
      c.facts.link_expires_at = absl::FromUnixSeconds(link.expires_at_unix);
      outgoing.push_back({.claimed = std::move(c), .link_id = link.token_id});
    }
    return absl::OkStatus();
  });
  if (!status.ok()) {
    LogLine(
        absl::StrCat("sending e-mail failed, will retry: ", status.message()));
    return 0;
  }
  ServerMetrics& metrics = ServerMetrics::Get();
  for (const Outgoing& o : outgoing) {
    const Claimed& c = o.claimed;
    const Rendered rendered = Render(c.facts, options_.zone);
    const std::string message =
        MimeMessage({.from = sender_.from(),
                     .to_name = c.facts.person_name,
                     .to_address = c.to_address,
                     .message_id = absl::StrCat("mail-", c.id, ".",
                                                AddressOf(sender_.from())),
                     .date = absl::Now()},
                    rendered);
    const absl::Status sent = sender_.Send(c.to_address, message);
    std::optional<absl::Duration> retry;
    if (!sent.ok() && absl::IsUnavailable(sent)) {
      retry = RetryAfter(c.attempts, options_.first_retry);
    }
    const std::string problem(sent.message());
    status = pool_.Transact([&](pqxx::transaction_base& txn) {
      if (sent.ok()) {
        MarkSent(txn, c.id);
        AppendEvent(txn, MailEvent(c, "mail.sent", ""));
        return absl::OkStatus();
      }
      // The link never reached anyone: it must not work.
      RevokeToken(txn, o.link_id);
      if (retry.has_value()) {
        MarkRetry(txn, c.id, *retry, problem);
      } else {
        MarkFailed(txn, c.id, problem);
        AppendEvent(txn, MailEvent(c, "mail.failed", problem));
      }
      return absl::OkStatus();
    });
    const char* outcome = sent.ok() ? "sent" : retry ? "retry" : "failed";
    metrics.mail.Add({outcome}, 1);
    if (!sent.ok()) {
      LogLine(absl::StrCat(
          "e-mail ", c.id, " to person ", c.person_id.str(),
          retry ? " will be tried again: " : " failed: ", problem));
    }
    if (!status.ok()) {
      LogLine(absl::StrCat("could not record e-mail ", c.id, ": ",
                           status.message()));
    }
  }
  return static_cast<int>(outgoing.size());
}

}  // namespace equalsay::mail
