#include "services/panels/store/involvement_store.h"

#include "services/common/base/enum_names.h"
#include "services/common/store/sql.h"
#include "services/privacy/store/people_names.h"
#include "services/privacy/store/subject_keys.h"

namespace equalsay::panels {
namespace {

constexpr Statement kSetRate{
    "rates_set",
    "INSERT INTO rates (kind, role, pence_per_hour, set_by) VALUES ($1, $2, "
    "$3, $4) ON CONFLICT (kind, role) DO UPDATE SET pence_per_hour = $3, "
    "set_by = $4, set_at = now() RETURNING kind, role, pence_per_hour, "
    "to_char(set_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"};
constexpr Statement kListRates{
    "rates_list",
    "SELECT kind, role, pence_per_hour, to_char(set_at AT TIME ZONE 'UTC', "
    "'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') FROM rates ORDER BY kind, role"};
constexpr Statement kRateFor{
    "rates_for",
    "SELECT pence_per_hour FROM rates WHERE kind = $1 AND role = $2"};
constexpr Statement kInsert{
    "involvement_insert",
    "INSERT INTO involvement (person_id, round_id, kind, minutes, "
    "amount_pence, on_date, note, from_record, recorded_by) VALUES ($1, $2, "
    "$3, $4, $5, $6::date, $7, $8, $9) ON CONFLICT DO NOTHING RETURNING id"};
#define EQ_ENTRY_COLUMNS                                                    \
  "SELECT i.id, i.round_id, r.title, i.person_id, p.display_name, i.kind, " \
  "i.minutes, i.amount_pence, i.on_date::text, i.note, i.from_record, "     \
  "i.state, rb.display_name, coalesce(d.display_name, ''), "                \
  "i.decline_reason, coalesce(i.rate_pence_per_hour, 0), i.recorded_by, "   \
  "i.decided_by FROM involvement i "                                        \
  "JOIN rounds r ON r.id = i.round_id JOIN people p ON p.id = i.person_id " \
  "JOIN people rb ON rb.id = i.recorded_by LEFT JOIN people d ON d.id = "   \
  "i.decided_by "
constexpr Statement kLoad{
    "involvement_load", EQ_ENTRY_COLUMNS "WHERE i.round_id = $1 AND i.id = $2"};
constexpr Statement kLoadHeld{
    "involvement_load_held",
    EQ_ENTRY_COLUMNS "WHERE i.round_id = $1 AND i.id = $2 FOR UPDATE OF i"};
constexpr Statement kOfRound{
    "involvement_of_round", EQ_ENTRY_COLUMNS
    "WHERE i.round_id = $1 AND ($2::bigint IS NULL OR i.person_id = $2) "
    "ORDER BY i.on_date DESC, i.id DESC"};
constexpr Statement kDated{
    "involvement_dated", EQ_ENTRY_COLUMNS
    "WHERE i.on_date BETWEEN $2::date AND $3::date AND CASE WHEN $1::bigint "
    "IS NULL THEN i.state = 'CONFIRMED' ELSE i.person_id = $1 END "
    "ORDER BY i.on_date DESC, i.id DESC"};
#undef EQ_ENTRY_COLUMNS
constexpr Statement kDecide{
    "involvement_decide",
    "UPDATE involvement SET state = $2, decided_by = $3, decided_at = now(), "
    "decline_reason = $4, rate_pence_per_hour = $5, amount_pence = $6 "
    "WHERE id = $1"};
// Sheets are the record of an interview day; ballots, of a meeting.
constexpr Statement kTookPart{
    "involvement_took_part",
    "SELECT DISTINCT person_id FROM score_sheets WHERE round_id = $1 AND "
    "panel_id = $2 AND state = 'SUBMITTED' UNION SELECT DISTINCT b.person_id "
    "FROM ballots b JOIN decisions d ON d.id = b.decision_id WHERE "
    "d.round_id = $1 AND b.panel_id = $2 ORDER BY 1"};
constexpr Statement kPlainNotes{
    "involvement_plain_notes",
    "SELECT id, person_id, note, decline_reason FROM involvement WHERE "
    "(note <> '' AND note NOT LIKE 'locked:%') OR (decline_reason <> '' AND "
    "decline_reason NOT LIKE 'locked:%') ORDER BY id LIMIT $1 FOR UPDATE "
    "SKIP LOCKED"};
constexpr Statement kLockNotes{
    "involvement_lock_notes",
    "UPDATE involvement SET note = $2, decline_reason = $3 WHERE id = $1"};
constexpr Statement kSetChoice{
    "recognition_set",
    "INSERT INTO recognition_choices (person_id, round_id, recognition) "
    "VALUES ($1, $2, $3) ON CONFLICT (person_id, round_id) DO UPDATE SET "
    "recognition = $3, chosen_at = now()"};
constexpr Statement kChoices{
    "recognition_of",
    "SELECT person_id, round_id, recognition FROM recognition_choices WHERE "
    "$1::bigint IS NULL OR person_id = $1"};
constexpr Statement kSetLimit{
    "income_limit_set",
    "INSERT INTO income_limits (person_id, limit_pence) VALUES ($1, $2) ON "
    "CONFLICT (person_id) DO UPDATE SET limit_pence = $2, set_at = now()"};
constexpr Statement kDropLimit{
    "income_limit_drop", "DELETE FROM income_limits WHERE person_id = $1"};
constexpr Statement kLimit{
    "income_limit_of",
    "SELECT limit_pence FROM income_limits WHERE person_id = $1"};

v1::Rate RateFrom(const pqxx::row& row) {
  v1::Rate r;
  r.set_kind(InvolvementKindFromName(row[0].as<std::string>()));
  r.set_role(PanelRoleFromName(row[1].as<std::string>()));
  r.set_pence_per_hour(row[2].as<int64_t>());
  r.set_set_at(row[3].as<std::string>());
  return r;
}

std::vector<std::string> About(PersonId person_id) {
  return {Subject("person", person_id)};
}

std::string Locked(pqxx::transaction_base& txn, const privacy::DataKeys& keys,
                   PersonId person_id, const std::string& text) {
  return privacy::LockAbout(txn, keys, About(person_id),
                            privacy::kInvolvementContext, text);
}

v1::InvolvementEntry EntryFrom(const pqxx::row& row,
                               privacy::PeopleNames& opener) {
  const PersonId person = IdAt<PersonId>(row[3]);
  const std::vector<std::string> about = About(person);
  v1::InvolvementEntry e;
  e.set_id(row[0].as<std::string>());
  e.set_round_id(row[1].as<std::string>());
  e.set_round_title(row[2].as<std::string>());
  e.set_person_id(row[3].as<std::string>());
  e.set_display_name(opener.Name(person, row[4].as<std::string>()));
  e.set_kind(InvolvementKindFromName(row[5].as<std::string>()));
  e.set_minutes(row[6].as<int>());
  e.set_amount_pence(row[7].as<int64_t>());
  e.set_on_date(row[8].as<std::string>());
  e.set_note(opener.Text(about, privacy::kInvolvementContext,
                         row[9].as<std::string>()));
  e.set_from_record(row[10].as<bool>());
  e.set_state(InvolvementStateFromName(row[11].as<std::string>()));
  e.set_recorded_by_name(
      opener.Name(IdAt<PersonId>(row[16]), row[12].as<std::string>()));
  if (!row[17].is_null()) {
    e.set_decided_by_name(
        opener.Name(IdAt<PersonId>(row[17]), row[13].as<std::string>()));
  }
  e.set_decline_reason(opener.Text(about, privacy::kInvolvementContext,
                                   row[14].as<std::string>()));
  e.set_rate_pence_per_hour(row[15].as<int64_t>());
  return e;
}

std::vector<v1::InvolvementEntry> EntriesFrom(pqxx::transaction_base& txn,
                                              const privacy::DataKeys& keys,
                                              const pqxx::result& rows) {
  privacy::PeopleNames opener(txn, keys);
  std::vector<v1::InvolvementEntry> out;
  out.reserve(rows.size());
  for (const auto& row : rows) out.push_back(EntryFrom(row, opener));
  return out;
}

}  // namespace

v1::Rate SetRate(pqxx::transaction_base& txn, v1::InvolvementKind kind,
                 v1::PanelRole role, int64_t pence_per_hour, PersonId by) {
  return RateFrom(Exec(txn, kSetRate, InvolvementKindName(kind),
                       PanelRoleName(role), pence_per_hour, by)[0]);
}

std::vector<v1::Rate> ListRates(pqxx::transaction_base& txn) {
  std::vector<v1::Rate> out;
  for (const auto& row : Exec(txn, kListRates)) out.push_back(RateFrom(row));
  return out;
}

std::optional<int64_t> RateFor(pqxx::transaction_base& txn,
                               v1::InvolvementKind kind, v1::PanelRole role) {
  const pqxx::result r =
      Exec(txn, kRateFor, InvolvementKindName(kind), PanelRoleName(role));
  if (r.empty()) return std::nullopt;
  return r[0][0].as<int64_t>();
}

std::optional<InvolvementId> InsertEntry(pqxx::transaction_base& txn,
                                         const privacy::DataKeys& keys,
                                         const NewEntry& entry) {
  const pqxx::result r =
      Exec(txn, kInsert, entry.person_id, entry.round_id,
           InvolvementKindName(entry.kind), entry.minutes, entry.amount_pence,
           entry.on_date, Locked(txn, keys, entry.person_id, entry.note),
           entry.from_record, entry.recorded_by);
  if (r.empty()) return std::nullopt;
  return IdAt<InvolvementId>(r[0][0]);
}

std::optional<v1::InvolvementEntry> LoadEntry(pqxx::transaction_base& txn,
                                              const privacy::DataKeys& keys,
                                              RoundId round_id,
                                              InvolvementId id, bool hold) {
  const pqxx::result r = Exec(txn, hold ? kLoadHeld : kLoad, round_id, id);
  if (r.empty()) return std::nullopt;
  return EntriesFrom(txn, keys, r)[0];
}

void DecideEntry(pqxx::transaction_base& txn, const privacy::DataKeys& keys,
                 InvolvementId id, PersonId person_id,
                 v1::InvolvementState state, PersonId by,
                 const std::string& reason, int64_t rate_pence_per_hour,
                 int64_t amount_pence) {
  Exec(txn, kDecide, id, InvolvementStateName(state), by,
       Locked(txn, keys, person_id, reason), rate_pence_per_hour, amount_pence);
}

std::vector<v1::InvolvementEntry> EntriesOfRound(
    pqxx::transaction_base& txn, const privacy::DataKeys& keys,
    RoundId round_id, std::optional<PersonId> person_id) {
  return EntriesFrom(txn, keys, Exec(txn, kOfRound, round_id, person_id));
}

std::vector<v1::InvolvementEntry> EntriesDated(
    pqxx::transaction_base& txn, const privacy::DataKeys& keys,
    std::optional<PersonId> person_id, const std::string& from,
    const std::string& to) {
  return EntriesFrom(txn, keys, Exec(txn, kDated, person_id, from, to));
}

std::vector<PersonId> TookPart(pqxx::transaction_base& txn, RoundId round_id,
                               PanelId panel_id) {
  std::vector<PersonId> out;
  for (const auto& row : Exec(txn, kTookPart, round_id, panel_id)) {
    out.push_back(IdAt<PersonId>(row[0]));
  }
  return out;
}

void SetChoice(pqxx::transaction_base& txn, PersonId person_id,
               RoundId round_id, v1::Recognition choice) {
  Exec(txn, kSetChoice, person_id, round_id, RecognitionName(choice));
}

Choices ChoicesOf(pqxx::transaction_base& txn,
                  std::optional<PersonId> person_id) {
  Choices out;
  for (const auto& row : Exec(txn, kChoices, person_id)) {
    out[{row[0].as<std::string>(), row[1].as<std::string>()}] =
        RecognitionFromName(row[2].as<std::string>());
  }
  return out;
}

void SetIncomeLimit(pqxx::transaction_base& txn, PersonId person_id,
                    int64_t limit_pence) {
  if (limit_pence == 0) {
    Exec(txn, kDropLimit, person_id);
  } else {
    Exec(txn, kSetLimit, person_id, limit_pence);
  }
}

int64_t IncomeLimitOf(pqxx::transaction_base& txn, PersonId person_id) {
  const pqxx::result r = Exec(txn, kLimit, person_id);
  return r.empty() ? 0 : r[0][0].as<int64_t>();
}

int64_t LockPlainInvolvementNotes(pqxx::transaction_base& txn,
                                  const privacy::DataKeys& keys, int limit) {
  int64_t locked = 0;
  for (const auto& row : Exec(txn, kPlainNotes, limit)) {
    const PersonId person = IdAt<PersonId>(row[1]);
    // A row may hold one of its two notes locked already.
    const auto lock = [&](const std::string& text) {
      return privacy::IsLockedText(text) ? text
                                         : Locked(txn, keys, person, text);
    };
    Exec(txn, kLockNotes, row[0].as<int64_t>(), lock(row[2].as<std::string>()),
         lock(row[3].as<std::string>()));
    ++locked;
  }
  return locked;
}

}  // namespace equalsay::panels
