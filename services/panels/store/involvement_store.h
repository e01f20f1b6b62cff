// Involvement entries, rates, recognition choices and income limits, in
// PostgreSQL.
#ifndef EQUALSAY_SERVICES_PANELS_STORE_INVOLVEMENT_STORE_H_
#define EQUALSAY_SERVICES_PANELS_STORE_INVOLVEMENT_STORE_H_

#include <cstdint>
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "equalsay/v1/panels.pb.h"
#include "services/common/base/ids.h"
#include "services/panels/rules/involvement.h"
#include "services/privacy/rules/data_keys.h"

namespace equalsay::panels {

v1::Rate SetRate(pqxx::transaction_base& txn, v1::InvolvementKind kind,
                 v1::PanelRole role, int64_t pence_per_hour, PersonId by);
std::vector<v1::Rate> ListRates(pqxx::transaction_base& txn);
// nullopt when the organisation has set no rate for this.
std::optional<int64_t> RateFor(pqxx::transaction_base& txn,
                               v1::InvolvementKind kind, v1::PanelRole role);

struct NewEntry {
  PersonId person_id{0};
  RoundId round_id{0};
  v1::InvolvementKind kind = v1::INVOLVEMENT_KIND_UNSPECIFIED;
  int minutes = 0;
  int64_t amount_pence = 0;
  std::string on_date;  // YYYY-MM-DD
  std::string note;
  bool from_record = false;
  PersonId recorded_by{0};
};
// The new entry's id; nullopt when it is from the record and the person
// already has one of its kind in the round.
// Notes are the person's, locked under their key (see privacy/); every
// function here that reads or writes them takes the server's `keys`.
std::optional<InvolvementId> InsertEntry(pqxx::transaction_base& txn,
                                         const privacy::DataKeys& keys,
                                         const NewEntry& entry);

// The entry, if it is the round's; `hold` locks it against a second
// confirmation at once.
std::optional<v1::InvolvementEntry> LoadEntry(pqxx::transaction_base& txn,
                                              const privacy::DataKeys& keys,
                                              RoundId round_id,
                                              InvolvementId id, bool hold);

// Confirms (with the rate and the value it gives time) or declines.
void DecideEntry(pqxx::transaction_base& txn, const privacy::DataKeys& keys,
                 InvolvementId id, PersonId person_id,
                 v1::InvolvementState state, PersonId by,
                 const std::string& reason, int64_t rate_pence_per_hour,
                 int64_t amount_pence);

// A round's entries (only `person_id`'s when given), newest first.
std::vector<v1::InvolvementEntry> EntriesOfRound(
    pqxx::transaction_base& txn, const privacy::DataKeys& keys,
    RoundId round_id, std::optional<PersonId> person_id);
// Entries dated from `from` to `to` (inclusive, YYYY-MM-DD): a person's
// (any state), or everyone's confirmed ones when `person_id` is nullopt.
std::vector<v1::InvolvementEntry> EntriesDated(
    pqxx::transaction_base& txn, const privacy::DataKeys& keys,
    std::optional<PersonId> person_id, const std::string& from,
    const std::string& to);

// Who took part in the round on `panel_id` by what equalsay recorded:
// submitted a score sheet (recruitment) or cast a ballot (strategy).
std::vector<PersonId> TookPart(pqxx::transaction_base& txn, RoundId round_id,
                               PanelId panel_id);

void SetChoice(pqxx::transaction_base& txn, PersonId person_id,
               RoundId round_id, v1::Recognition choice);
// One person's choices, or everyone's when `person_id` is nullopt.
Choices ChoicesOf(pqxx::transaction_base& txn,
                  std::optional<PersonId> person_id);

// 0 removes the limit.
void SetIncomeLimit(pqxx::transaction_base& txn, PersonId person_id,
                    int64_t limit_pence);
int64_t IncomeLimitOf(pqxx::transaction_base& txn, PersonId person_id);

// Locks up to `limit` entries' notes written before they were locked
// (skipping rows another server holds); returns how many.
int64_t LockPlainInvolvementNotes(pqxx::transaction_base& txn,
                                  const privacy::DataKeys& keys, int limit);

}  // namespace equalsay::panels

#endif  // EQUALSAY_SERVICES_PANELS_STORE_INVOLVEMENT_STORE_H_
