#include "services/panels/store/supporter_store.h"

#include <algorithm>
#include <tuple>

#include "absl/strings/numbers.h"
#include "services/common/base/enum_names.h"
#include "services/common/store/sql.h"
#include "services/panels/api/panels_api.h"
#include "services/privacy/store/people_names.h"

namespace equalsay::panels {
namespace {

// A supporters row `s` as a Supporter, with the three people's names.
#define EQ_SUPPORTER_COLUMNS                                     \
  "s.round_id, s.member_id, m.display_name, s.supporter_id, "    \
  "p.display_name, s.consent, c.display_name, "                  \
  "extract(epoch FROM s.named_at)::bigint, "                     \
  "coalesce(extract(epoch FROM s.withdrawn_at)::bigint, 0), "    \
  "s.consent_recorded_by FROM s "                                \
  "JOIN people m ON m.id = s.member_id JOIN people p ON p.id = " \
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
    "withdrawn_at IS NULL) SELECT " EQ_SUPPORTER_COLUMNS};
constexpr Statement kSupportedBy{
    "supporters_supported_by",
    "WITH s AS (SELECT * FROM supporters WHERE supporter_id = $1 AND "
    "withdrawn_at IS NULL) SELECT " EQ_SUPPORTER_COLUMNS};
// A share lock on the row: a withdrawal waits for the entry being made, and
// an entry after a withdrawal finds none.
constexpr Statement kHoldSupporter{
    "supporters_hold",
    "SELECT 1 FROM supporters WHERE round_id = $1 AND member_id = $2 AND "
    "supporter_id = $3 AND withdrawn_at IS NULL FOR SHARE"};
#undef EQ_SUPPORTER_COLUMNS

// Each row with the three people's names opened.
std::vector<v1::Supporter> SupportersFrom(pqxx::transaction_base& txn,
                                          const privacy::DataKeys& keys,
                                          const pqxx::result& rows) {
  privacy::PeopleNames names(txn, keys);
  std::vector<PersonId> people;
  for (const pqxx::row& row : rows) {
    for (int i : {1, 3, 9}) people.push_back(IdAt<PersonId>(row[i]));
  }
  names.Prefetch(people);
  const auto name = [&](const pqxx::row& row, int id_at, int name_at) {
    return names.Name(IdAt<PersonId>(row[id_at]),
                      row[name_at].as<std::string>());
  };
  std::vector<v1::Supporter> out;
  for (const pqxx::row& row : rows) {
    v1::Supporter& s = out.emplace_back();
    s.set_round_id(row[0].as<std::string>());
    s.set_member_person_id(row[1].as<std::string>());
    s.set_member_name(name(row, 1, 2));
    s.set_supporter_person_id(row[3].as<std::string>());
    s.set_supporter_name(name(row, 3, 4));
    s.set_consent(SupporterConsentFromName(row[5].as<std::string>()));
    s.set_consent_recorded_by_name(name(row, 9, 6));
    s.set_named_at_unix(row[7].as<int64_t>());
    s.set_withdrawn_at_unix(row[8].as<int64_t>());
  }
  return out;
}

std::optional<v1::Supporter> FirstSupporter(pqxx::transaction_base& txn,
                                            const privacy::DataKeys& keys,
                                            const pqxx::result& rows) {
  if (rows.empty()) return std::nullopt;
  return SupportersFrom(txn, keys, rows)[0];
}

// Sorted by `key` over a supporter and their member's and supporter's ids.
template <typename Key>
std::vector<v1::Supporter> SortedBy(std::vector<v1::Supporter> supporters,
                                    Key key) {
  std::sort(supporters.begin(), supporters.end(),
            [&](const v1::Supporter& a, const v1::Supporter& b) {
              return key(a) < key(b);
            });
  return supporters;
}

// Ids as numbers, so "10" comes after "9".
int64_t Number(const std::string& id) {
  int64_t n = 0;
  (void)absl::SimpleAtoi(id, &n);
  return n;
}

}  // namespace

std::optional<v1::Supporter> InsertSupporter(pqxx::transaction_base& txn,
                                             const privacy::DataKeys& keys,
                                             const NewSupporter& s) {
  return FirstSupporter(
      txn, keys,
      Exec(txn, kInsertSupporter, s.round_id, s.member_id, s.supporter_id,
           SupporterConsentName(s.consent), s.recorded_by));
}

std::optional<v1::Supporter> WithdrawSupporter(
    pqxx::transaction_base& txn, const privacy::DataKeys& keys,
    RoundId round_id, PersonId member_id, PersonId supporter_id, PersonId by) {
  return FirstSupporter(
      txn, keys,
      Exec(txn, kWithdrawSupporter, round_id, member_id, supporter_id, by));
}

std::vector<v1::Supporter> ListSupporters(pqxx::transaction_base& txn,
                                          const privacy::DataKeys& keys,
                                          RoundId round_id) {
  return SortedBy(
      SupportersFrom(txn, keys, Exec(txn, kListSupporters, round_id)),
      [](const v1::Supporter& s) {
        return std::tuple(s.member_name(), Number(s.member_person_id()),
                          s.supporter_name(), Number(s.supporter_person_id()));
      });
}

std::vector<v1::Supporter> SupportedBy(pqxx::transaction_base& txn,
                                       const privacy::DataKeys& keys,
                                       PersonId supporter_id) {
  return SortedBy(
      SupportersFrom(txn, keys, Exec(txn, kSupportedBy, supporter_id)),
      [](const v1::Supporter& s) {
        return std::tuple(Number(s.round_id()), s.member_name(),
                          Number(s.member_person_id()));
      });
}

bool HoldSupporter(pqxx::transaction_base& txn, RoundId round_id,
                   PersonId member_id, PersonId supporter_id) {
  return !Exec(txn, kHoldSupporter, round_id, member_id, supporter_id).empty();
}

}  // namespace equalsay::panels
