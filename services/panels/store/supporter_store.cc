#include "services/panels/store/supporter_store.h"

#include "services/common/base/enum_names.h"
#include "services/common/store/sql.h"
#include "services/panels/api/panels_api.h"

namespace equalsay::panels {
namespace {

// A supporters row `s` as a Supporter, with the three people's names.
#define EQ_SUPPORTER_COLUMNS                                        \
  "s.round_id, s.member_id, m.display_name, s.supporter_id, "       \
  "p.display_name, s.consent, c.display_name, "                     \
  "extract(epoch FROM s.named_at)::bigint, "                        \
  "coalesce(extract(epoch FROM s.withdrawn_at)::bigint, 0) FROM s " \
  "JOIN people m ON m.id = s.member_id JOIN people p ON p.id = "    \
  "s.supporter_id JOIN people c ON c.id = s.consent_recorded_by "

constexpr Statement kInsertSupporter{
    "supporters_insert",
    "WITH s AS (INSERT INTO supporters (round_id, member_id, supporter_id, "
    "consent, consent_recorded_by) VALUES ($1, $2, $3, $4, $5) ON CONFLICT "
    "(round_id, member_id, supporter_id) WHERE withdrawn_at IS NULL DO "
    "NOTHING RETURNING *) SELECT " EQ_SUPPORTER_COLUMNS};
constexpr Statement kWithdrawSupporter{
    "supporters_withdraw",
    "WITH s AS (UPDATE supporters SET withdrawn_at = now(), withdrawn_by = $4 "
    "WHERE round_id = $1 AND member_id = $2 AND supporter_id = $3 AND "
    "withdrawn_at IS NULL RETURNING *) SELECT " EQ_SUPPORTER_COLUMNS};
constexpr Statement kListSupporters{
    "supporters_list",
    "WITH s AS (SELECT * FROM supporters WHERE round_id = $1 AND "
    "withdrawn_at IS NULL) SELECT " EQ_SUPPORTER_COLUMNS
    "ORDER BY m.display_name, s.member_id, p.display_name, s.supporter_id"};
constexpr Statement kSupportedBy{
    "supporters_supported_by",
    "WITH s AS (SELECT * FROM supporters WHERE supporter_id = $1 AND "
    "withdrawn_at IS NULL) SELECT " EQ_SUPPORTER_COLUMNS
    "ORDER BY s.round_id, m.display_name, s.member_id"};
// A share lock on the row: a withdrawal waits for the entry being made, and
// an entry after a withdrawal finds none.
constexpr Statement kHoldSupporter{
    "supporters_hold",
    "SELECT 1 FROM supporters WHERE round_id = $1 AND member_id = $2 AND "
    "supporter_id = $3 AND withdrawn_at IS NULL FOR SHARE"};
#undef EQ_SUPPORTER_COLUMNS

v1::Supporter SupporterFrom(const pqxx::row& row) {
  v1::Supporter s;
  s.set_round_id(row[0].as<std::string>());
  s.set_member_person_id(row[1].as<std::string>());
  s.set_member_name(row[2].as<std::string>());
  s.set_supporter_person_id(row[3].as<std::string>());
  s.set_supporter_name(row[4].as<std::string>());
  s.set_consent(SupporterConsentFromName(row[5].as<std::string>()));
  s.set_consent_recorded_by_name(row[6].as<std::string>());
  s.set_named_at_unix(row[7].as<int64_t>());
  s.set_withdrawn_at_unix(row[8].as<int64_t>());
  return s;
}

std::optional<v1::Supporter> FirstSupporter(const pqxx::result& rows) {
  if (rows.empty()) return std::nullopt;
  return SupporterFrom(rows[0]);
}

}  // namespace

std::optional<v1::Supporter> InsertSupporter(pqxx::transaction_base& txn,
                                             const NewSupporter& s) {
  return FirstSupporter(Exec(txn, kInsertSupporter, s.round_id, s.member_id,
                             s.supporter_id, SupporterConsentName(s.consent),
                             s.recorded_by));
}

std::optional<v1::Supporter> WithdrawSupporter(pqxx::transaction_base& txn,
                                               RoundId round_id,
                                               PersonId member_id,
                                               PersonId supporter_id,
                                               PersonId by) {
  return FirstSupporter(
      Exec(txn, kWithdrawSupporter, round_id, member_id, supporter_id, by));
}

std::vector<v1::Supporter> ListSupporters(pqxx::transaction_base& txn,
                                          RoundId round_id) {
  std::vector<v1::Supporter> out;
  for (const pqxx::row& row : Exec(txn, kListSupporters, round_id)) {
    out.push_back(SupporterFrom(row));
  }
  return out;
}

std::vector<v1::Supporter> SupportedBy(pqxx::transaction_base& txn,
                                       PersonId supporter_id) {
  std::vector<v1::Supporter> out;
  for (const pqxx::row& row : Exec(txn, kSupportedBy, supporter_id)) {
    out.push_back(SupporterFrom(row));
  }
  return out;
}

bool HoldSupporter(pqxx::transaction_base& txn, RoundId round_id,
                   PersonId member_id, PersonId supporter_id) {
  return !Exec(txn, kHoldSupporter, round_id, member_id, supporter_id).empty();
}

}  // namespace equalsay::panels
