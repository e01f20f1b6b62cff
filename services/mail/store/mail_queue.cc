#include "services/mail/store/mail_queue.h"

#include "absl/strings/str_cat.h"
#include "services/common/store/sql.h"
#include "services/privacy/store/people_names.h"

namespace equalsay::mail {
namespace {

// A person with no address gets a failed row saying so, and nothing sent.
#define EQ_MAIL_STATE                                                       \
  "CASE WHEN coalesce(p.email, '') = '' THEN 'failed' ELSE 'queued' END, "  \
  "CASE WHEN coalesce(p.email, '') = '' THEN 'No e-mail address is "        \
  "recorded for this person, so nothing was sent: add one, or give them a " \
  "sign-in link yourself.' ELSE '' END"

constexpr Statement kQueue{
    "mail_queue",
    "INSERT INTO mail_queue (person_id, kind, round_id, decision_id, "
    "asked_by, to_do, once_key, state, last_error) "
    "SELECT p.id, $2, $3, $4, $5, $6::text[], $7, " EQ_MAIL_STATE
    " FROM people p WHERE p.id = $1 AND p.active "
    "ON CONFLICT (once_key) DO NOTHING RETURNING id"};
constexpr Statement kQueueVotingOpen{
    "mail_queue_voting_open",
    "INSERT INTO mail_queue (person_id, kind, round_id, decision_id, "
    "once_key, state, last_error) "
    "SELECT p.id, 'voting_open', d.round_id, d.id, "
    "'voting_open:decision/' || d.id || ':run/' || d.run || ':person/' || "
    "p.id, " EQ_MAIL_STATE
    " FROM decisions d JOIN decision_electorate e ON e.decision_id = d.id "
    "AND NOT e.recused JOIN people p ON p.id = e.person_id AND p.active "
    "WHERE d.id = $1 ON CONFLICT (once_key) DO NOTHING"};
constexpr Statement kQueueScoringOpen{
    "mail_queue_scoring_open",
    "INSERT INTO mail_queue (person_id, kind, round_id, once_key, state, "
    "last_error) "
    "SELECT p.id, 'scoring_open', m.round_id, 'scoring_open:round/' || "
    "m.round_id || ':person/' || p.id, " EQ_MAIL_STATE
    " FROM panel_members m JOIN people p ON p.id = m.person_id AND p.active "
    "WHERE m.round_id = $1 AND m.role IN ('CO_CHAIR', 'MEMBER') "
    "ON CONFLICT (once_key) DO NOTHING"};
constexpr Statement kQueueOutcome{
    "mail_queue_outcome",
    "INSERT INTO mail_queue (person_id, kind, round_id, decision_id, "
    "confirmation_id, once_key, state, last_error) "
    "SELECT p.id, 'outcome', d.round_id, d.id, x.id, 'outcome:confirmation/' "
    "|| x.id || ':person/' || p.id, " EQ_MAIL_STATE
    " FROM decisions d JOIN LATERAL (SELECT max(id) AS id FROM confirmations "
    "WHERE decision_id = d.id) x ON true "
    "JOIN panel_members m ON m.round_id = d.round_id AND "
    "m.role IN ('CO_CHAIR', 'MEMBER') JOIN people p ON p.id = m.person_id "
    "AND p.active WHERE d.id = $1 ON CONFLICT (once_key) DO NOTHING"};
// Voters of decisions closing within $1 whose panel has not closed its
// voting: in a named decision those who have not voted in this run, in a
// secret one all of them (so the queue shows nobody's turnout).
constexpr Statement kQueueClosingSoon{
    "mail_queue_closing_soon",
    "INSERT INTO mail_queue (person_id, kind, round_id, decision_id, "
    "once_key, state, last_error) "
    "SELECT p.id, 'closing_soon', d.round_id, d.id, "
    "'closing_soon:decision/' || d.id || ':run/' || d.run || ':person/' || "
    "p.id, " EQ_MAIL_STATE
    " FROM decisions d JOIN decision_electorate e ON e.decision_id = d.id "
    "AND NOT e.recused JOIN decision_panels dp ON dp.decision_id = d.id AND "
    "dp.panel_id = e.panel_id AND dp.closed_at IS NULL "
    "JOIN people p ON p.id = e.person_id AND p.active "
    "WHERE d.state = 'VOTING' AND d.closes_at > now() AND d.closes_at <= "
    "now() + make_interval(secs => $1::float8) AND (d.secrecy = 'SECRET' "
    "OR NOT EXISTS (SELECT 1 FROM ballots b WHERE b.decision_id = d.id AND "
    "b.run = d.run AND b.person_id = p.id)) "
    "ON CONFLICT (once_key) DO NOTHING"};
#undef EQ_MAIL_STATE
constexpr Statement kFailAbandoned{
    "mail_fail_abandoned",
    "UPDATE mail_queue SET state = 'failed', last_error = 'The server "
    "stopped while sending this message, so it may or may not have "
    "arrived. It was not sent again: send it again if it did not arrive.' "
    "WHERE state = 'sending' AND claimed_at < now() - "
    "make_interval(secs => $1::float8)"};
// Claims due messages and reads what they will say (all but the link).
constexpr Statement kClaim{
    "mail_claim",
    "WITH due AS (SELECT id FROM mail_queue WHERE state = 'queued' AND "
    "not_before <= now() ORDER BY not_before, id LIMIT $1 "
    "FOR UPDATE SKIP LOCKED), "
    "claimed AS (UPDATE mail_queue q SET state = 'sending', claimed_at = "
    "now(), attempts = q.attempts + 1 FROM due WHERE q.id = due.id "
    "RETURNING q.*) "
    "SELECT c.id, c.person_id, c.attempts, c.kind, p.display_name, "
    "coalesce(p.email, ''), coalesce(r.title, ''), coalesce(pn.name, ''), "
    "coalesce(m.role, ''), coalesce(d.title, ''), "
    "coalesce(extract(epoch FROM d.closes_at)::bigint, 0), "
    "coalesce(a.display_name, ''), c.to_do, coalesce(d.secrecy, '') = "
    "'SECRET', coalesce(cf.action, ''), c.asked_by, "
    "coalesce(d.candidate_id, 0) "
    "FROM claimed c JOIN people p ON p.id = c.person_id "
    "LEFT JOIN rounds r ON r.id = c.round_id "
    "LEFT JOIN panel_members m ON m.round_id = c.round_id AND "
    "m.person_id = c.person_id "
    "LEFT JOIN panels pn ON pn.id = m.panel_id "
    "LEFT JOIN decisions d ON d.id = c.decision_id "
    "LEFT JOIN people a ON a.id = c.asked_by "
    "LEFT JOIN confirmations cf ON cf.id = c.confirmation_id ORDER BY c.id"};
// c.asked_by and the decision's candidate, last, to open the name and
// the title.
constexpr int kAskedByColumn = 15;
constexpr int kCandidateColumn = 16;
constexpr Statement kSent{
    "mail_sent",
    "UPDATE mail_queue SET state = 'sent', sent_at = now(), last_error = '' "
    "WHERE id = $1"};
constexpr Statement kRetry{
    "mail_retry",
    "UPDATE mail_queue SET state = 'queued', last_error = $3, not_before = "
    "now() + make_interval(secs => $2::float8) WHERE id = $1"};
constexpr Statement kFailed{
    "mail_failed",
    "UPDATE mail_queue SET state = 'failed', last_error = $2 WHERE id = $1"};
constexpr Statement kList{
    "mail_list",
    "SELECT q.id, q.person_id, p.display_name, q.kind, "
    "coalesce(q.round_id::text, ''), coalesce(q.decision_id::text, ''), "
    "q.state, q.attempts, q.last_error, "
    "extract(epoch FROM q.created_at)::bigint, "
    "coalesce(extract(epoch FROM q.sent_at)::bigint, 0), "
    "CASE WHEN q.state = 'queued' THEN extract(epoch FROM "
    "q.not_before)::bigint ELSE 0 END "
    "FROM mail_queue q JOIN people p ON p.id = q.person_id "
    "WHERE ($1::bigint IS NULL OR q.round_id = $1) AND ($2::bigint IS NULL "
    "OR q.person_id = $2) AND ($3 = '' OR q.state = $3) "
    "ORDER BY q.id DESC LIMIT $4"};
constexpr Statement kRetryFailed{
    "mail_retry_failed",
    "UPDATE mail_queue q SET state = CASE WHEN q.state = 'failed' THEN "
    "'queued' ELSE q.state END, attempts = CASE WHEN q.state = 'failed' "
    "THEN 0 ELSE q.attempts END, not_before = CASE WHEN q.state = 'failed' "
    "THEN now() ELSE q.not_before END, last_error = CASE WHEN q.state = "
    "'failed' THEN '' ELSE q.last_error END FROM mail_queue o WHERE q.id = "
    "$1 AND o.id = q.id RETURNING o.state = 'failed'"};

constexpr std::pair<const char*, v1::MailState> kStates[] = {
    {"queued", v1::MAIL_STATE_QUEUED},
    {"sending", v1::MAIL_STATE_SENDING},
    {"sent", v1::MAIL_STATE_SENT},
    {"failed", v1::MAIL_STATE_FAILED}};

std::string RoleWords(const std::string& role) {
  if (role == "CO_CHAIR") return "a co-chair";
  if (role == "OBSERVER") return "an observer";
  return "a member";
}

// text[] as libpqxx 6 reads it.
std::vector<std::string> TextArray(const pqxx::field& field) {
  std::vector<std::string> out;
  pqxx::array_parser parser = field.as_array();
  for (auto [kind, value] = parser.get_next(); kind != pqxx::array_parser::done;
       std::tie(kind, value) = parser.get_next()) {
    if (kind == pqxx::array_parser::string_value) out.push_back(value);
  }
  return out;
}

}  // namespace

bool Outbox::Queue(pqxx::transaction_base& txn, const NewMail& mail) const {
  if (!enabled_) return false;
  return !Exec(txn, kQueue, mail.person_id,
               std::string(MailKindName(mail.kind)), mail.round_id,
               mail.decision_id, mail.asked_by, PgArray(mail.to_do),
               mail.once_key)
              .empty();
}

void Outbox::QueueVotingOpen(pqxx::transaction_base& txn,
                             DecisionId decision_id) const {
  if (enabled_) Exec(txn, kQueueVotingOpen, decision_id);
}

void Outbox::QueueScoringOpen(pqxx::transaction_base& txn,
                              RoundId round_id) const {
  if (enabled_) Exec(txn, kQueueScoringOpen, round_id);
}

void Outbox::QueueOutcome(pqxx::transaction_base& txn,
                          DecisionId decision_id) const {
  if (enabled_) Exec(txn, kQueueOutcome, decision_id);
}

int QueueClosingSoon(pqxx::transaction_base& txn, absl::Duration within) {
  return static_cast<int>(
      Exec(txn, kQueueClosingSoon, absl::ToDoubleSeconds(within))
          .affected_rows());
}

int FailAbandoned(pqxx::transaction_base& txn, absl::Duration lease) {
  return static_cast<int>(
      Exec(txn, kFailAbandoned, absl::ToDoubleSeconds(lease)).affected_rows());
}

std::vector<Claimed> ClaimDue(pqxx::transaction_base& txn,
                              const privacy::DataKeys& keys, int limit) {
  std::vector<Claimed> out;
  privacy::PeopleNames names(txn, keys);
  for (const auto& row : Exec(txn, kClaim, limit)) {
    Claimed& c = out.emplace_back();
    c.id = row[0].as<int64_t>();
    c.person_id = IdAt<PersonId>(row[1]);
    c.attempts = row[2].as<int>();
    c.facts.kind = MailKindFromName(row[3].as<std::string>())
                       .value_or(MailKind::kReminder);
    c.facts.person_name = names.Name(c.person_id, row[4].as<std::string>());
    c.to_address = names.Email(c.person_id, row[5].as<std::string>());
    c.facts.round_title = row[6].as<std::string>();
    c.facts.panel_name = row[7].as<std::string>();
    c.facts.role_words = RoleWords(row[8].as<std::string>());
    c.facts.decision_title =
        names.Text({"candidate/" + row[kCandidateColumn].as<std::string>()},
                   privacy::kDecisionTitleContext, row[9].as<std::string>());
    if (const int64_t closes = row[10].as<int64_t>(); closes > 0) {
      c.facts.closes_at = absl::FromUnixSeconds(closes);
    }
    if (!row[kAskedByColumn].is_null()) {
      c.facts.reminded_by = names.Name(IdAt<PersonId>(row[kAskedByColumn]),
                                       row[11].as<std::string>());
    }
    c.facts.to_do = TextArray(row[12]);
    c.facts.secret = row[13].as<bool>();
    c.facts.confirmation = row[14].as<std::string>();
  }
  return out;
}

void MarkSent(pqxx::transaction_base& txn, int64_t id) { Exec(txn, kSent, id); }

void MarkRetry(pqxx::transaction_base& txn, int64_t id, absl::Duration after,
               const std::string& error) {
  Exec(txn, kRetry, id, absl::ToDoubleSeconds(after), error);
}

void MarkFailed(pqxx::transaction_base& txn, int64_t id,
                const std::string& error) {
  Exec(txn, kFailed, id, error);
}

std::vector<v1::MailInfo> ListMail(pqxx::transaction_base& txn,
                                   const privacy::DataKeys& keys,
                                   const MailFilter& filter) {
  std::vector<v1::MailInfo> out;
  privacy::PeopleNames names(txn, keys);
  for (const auto& row : Exec(txn, kList, filter.round_id, filter.person_id,
                              filter.state, filter.limit)) {
    v1::MailInfo& m = out.emplace_back();
    m.set_id(absl::StrCat(row[0].as<int64_t>()));
    m.set_person_id(absl::StrCat(row[1].as<int64_t>()));
    m.set_person_name(
        names.Name(IdAt<PersonId>(row[1]), row[2].as<std::string>()));
    m.set_kind(row[3].as<std::string>());
    m.set_round_id(row[4].as<std::string>());
    m.set_decision_id(row[5].as<std::string>());
    for (const auto& [name, state] : kStates) {
      if (row[6].as<std::string>() == name) m.set_state(state);
    }
    m.set_attempts(row[7].as<int>());
    m.set_problem(row[8].as<std::string>());
    m.set_queued_at_unix(row[9].as<int64_t>());
    m.set_sent_at_unix(row[10].as<int64_t>());
    m.set_next_try_at_unix(row[11].as<int64_t>());
  }
  return out;
}

std::optional<bool> RetryFailed(pqxx::transaction_base& txn, int64_t id) {
  const pqxx::result rows = Exec(txn, kRetryFailed, id);
  if (rows.empty()) return std::nullopt;
  return rows[0][0].as<bool>();
}

}  // namespace equalsay::mail
