// The mail queue in PostgreSQL: messages are queued in the transaction of
// the change that calls for them, claimed by the worker of any server (each
// by one only), and marked sent or failed. Never sent twice: a message
// whose sending was cut short is reported, not sent again.
#ifndef EQUALSAY_SERVICES_MAIL_STORE_MAIL_QUEUE_H_
#define EQUALSAY_SERVICES_MAIL_STORE_MAIL_QUEUE_H_

#include <cstdint>
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "equalsay/v1/panels.pb.h"
#include "services/common/base/ids.h"
#include "services/mail/rules/message.h"
#include "services/privacy/rules/data_keys.h"

namespace equalsay::mail {

struct NewMail {
  PersonId person_id{0};
  MailKind kind = MailKind::kInvitation;
  std::optional<RoundId> round_id;
  std::optional<DecisionId> decision_id;
  std::optional<PersonId> asked_by;
  std::vector<std::string> to_do;
  // Nothing is queued a second time under the same key.
  std::string once_key;
};

// Queues `mail` when `enabled` (e-mail is set up); a person with no e-mail
// address gets a row that says so, failed, for administrators to see.
// Returns whether a row was added.
class Outbox {
 public:
  explicit Outbox(bool enabled) : enabled_(enabled) {}
  bool enabled() const { return enabled_; }
  bool Queue(pqxx::transaction_base& txn, const NewMail& mail) const;
  // "Your vote is asked for" to everyone who may vote in the decision's
  // current run.
  void QueueVotingOpen(pqxx::transaction_base& txn,
                       DecisionId decision_id) const;
  // "Scoring has started" to the voting members of the round's panels.
  void QueueScoringOpen(pqxx::transaction_base& txn, RoundId round_id) const;
  // "What came of your decision" to the voting members of the round's
  // panels, once for each entry HR records about the decision.
  void QueueOutcome(pqxx::transaction_base& txn, DecisionId decision_id) const;

 private:
  const bool enabled_;
};

// "Voting closes soon" to voters who have not voted in decisions closing
// within `within` whose panel has not closed; returns how many.
int QueueClosingSoon(pqxx::transaction_base& txn, absl::Duration within);

// Messages left "sending" longer than `lease` (their server stopped while
// sending): failed, since they may have gone.
int FailAbandoned(pqxx::transaction_base& txn, absl::Duration lease);

// A message the worker took to send.
struct Claimed {
  int64_t id = 0;
  PersonId person_id{0};
  int attempts = 0;  // Including this one.
  std::string to_address;
  MailFacts facts;  // All but the sign-in link.
};
// Up to `limit` due messages, marked as being sent; rows other workers
// hold are skipped.
std::vector<Claimed> ClaimDue(pqxx::transaction_base& txn,
                              const privacy::DataKeys& keys, int limit);

void MarkSent(pqxx::transaction_base& txn, int64_t id);
// Back to the queue, tried again no sooner than `after`.
void MarkRetry(pqxx::transaction_base& txn, int64_t id, absl::Duration after,
               const std::string& error);
void MarkFailed(pqxx::transaction_base& txn, int64_t id,
                const std::string& error);

// What administrators see of the queue, newest first: never a message's
// words or link.
struct MailFilter {
  std::optional<RoundId> round_id;
  std::optional<PersonId> person_id;
  std::string state;  // Empty: any.
  int limit = 200;
};
std::vector<v1::MailInfo> ListMail(pqxx::transaction_base& txn,
                                   const privacy::DataKeys& keys,
                                   const MailFilter& filter);
// A failed message queued again from its first try; false if it is not
// failed. NOT_FOUND is the caller's: nullopt when there is no such message.
std::optional<bool> RetryFailed(pqxx::transaction_base& txn, int64_t id);

}  // namespace equalsay::mail

#endif  // EQUALSAY_SERVICES_MAIL_STORE_MAIL_QUEUE_H_
