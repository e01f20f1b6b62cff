#include "services/scoring/store/sheet_store.h"

#include <google/protobuf/util/json_util.h>

#include <algorithm>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "services/common/base/enum_names.h"
#include "services/common/base/token.h"
#include "services/common/store/sql.h"
#include "services/privacy/store/people_names.h"
#include "services/privacy/store/subject_keys.h"

namespace equalsay::scoring {
namespace {

constexpr Statement kMarkAssisted{
    "sheets_mark_assisted",
    "INSERT INTO assisted_sheet_versions (round_id, candidate_id, person_id, "
    "version, how, entered_by) VALUES ($1, $2, $3, $4, $5, $6)"};
constexpr Statement kAssistedMarks{
    "sheets_assisted_marks",
    "SELECT a.candidate_id, a.person_id, a.version, a.how, pe.display_name, "
    "a.entered_by FROM assisted_sheet_versions a JOIN people pe ON pe.id = "
    "a.entered_by "
    "WHERE a.round_id = $1 AND ($2::bigint = 0 OR a.candidate_id = $2)"};
constexpr Statement kPanelForClose{
    "scoring_panel_for_close",
    "SELECT scoring_closed_at IS NOT NULL FROM panels WHERE id = $1 "
    "FOR UPDATE"};
constexpr Statement kClosePanel{
    "scoring_close_panel",
    "UPDATE panels SET scoring_closed_at = clock_timestamp(), "
    "scoring_closed_by = $2 "
    "WHERE id = $1"};
constexpr Statement kEveryPanelClosed{
    "scoring_every_panel_closed",
    "SELECT count(*) > 0 AND count(*) FILTER "
    "(WHERE scoring_closed_at IS NULL) = 0 FROM panels WHERE round_id = $1"};
constexpr Statement kClosedPanels{"scoring_closed_panels",
                                  "SELECT id FROM panels WHERE round_id = $1 "
                                  "AND scoring_closed_at IS NOT NULL"};

// The columns SheetFrom reads, from score_sheets s (or a version of it, v).
// A version saved before the first submission shows none.
#define EQ_SHEET_SELECT(v)                                                 \
  "s.round_id, s.candidate_id, s.person_id, pe.display_name, s.panel_id, " \
  "pa.kind, " v ".version, " v ".state, " v ".overall_view, " v            \
  ".entries::text, extract(epoch FROM " v                                  \
  ".saved_at)::bigint, "                                                   \
  "coalesce(extract(epoch FROM CASE WHEN s.submitted_at <= " v             \
  ".saved_at THEN s.submitted_at END)::bigint, 0) "
// ... and where from: the sheets as stored, or as just written.
#define EQ_SHEET_FROM(sheets)                 \
  "FROM " sheets                              \
  " s JOIN people pe ON pe.id = s.person_id " \
  "JOIN panels pa ON pa.id = s.panel_id "
#define EQ_SHEET_COLUMNS(v) EQ_SHEET_SELECT(v) EQ_SHEET_FROM("score_sheets")
constexpr Statement kLoadSheet{
    "sheets_load", "SELECT " EQ_SHEET_COLUMNS(
                       "s") "WHERE s.candidate_id = $1 AND s.person_id = $2"};
constexpr Statement kListSheets{
    "sheets_list",
    "SELECT " EQ_SHEET_COLUMNS("s") "WHERE s.round_id = $1 "
                                    "AND ($2::bigint = 0 OR s.candidate_id = $2) "
                                    "ORDER BY s.candidate_id, pa.kind, "
                                    "s.person_id"};
constexpr Statement kHistory{
    "sheets_history",
    "SELECT " EQ_SHEET_COLUMNS(
        "v") "JOIN score_sheet_versions v ON v.sheet_id = s.id "
             "WHERE s.candidate_id = $1 AND s.person_id = $2 "
             "ORDER BY v.version"};

// Everything a batch of saves for one candidate checks, one row per token
// that works, with the member's sheet so far first (SheetFrom's columns),
// and the member's and the candidate's keys to open the sheet with.
// Each lookup is a LATERAL ... LIMIT 1, and the arrays sit behind
// sub-selects, for the reasons kReadVoters gives (consensus store).
constexpr Statement kReadWriters{
    "sheets_read_writers",
    "SELECT sh.*, i.n, h.person_id, h.org_role, "
    "EXISTS (SELECT 1 FROM request_ledger l WHERE l.person_id = h.person_id "
    "AND l.request_id = i.request_id), m.role, m.panel_id, m.kind, m.closed, "
    "EXISTS (SELECT 1 FROM conflicts x WHERE x.round_id = c.round_id AND "
    "x.candidate_id = c.id AND x.person_id = h.person_id), c.round_id, "
    "c.withdrawn_at IS NOT NULL, r.state = 'SCORING', now(), "
    "extract(epoch FROM now())::bigint, pk.data_key_id, pk.wrapped, "
    "ck.data_key_id, ck.wrapped, pe.display_name "
    "FROM candidates c JOIN rounds r ON r.id = c.round_id "
    "CROSS JOIN unnest((SELECT $1::text[]), (SELECT $2::text[])) "
    "WITH ORDINALITY AS i(token_hash, request_id, n) "
    "CROSS JOIN LATERAL (SELECT * FROM token_holders t "
    "WHERE t.token_hash = i.token_hash LIMIT 1) h "
    "JOIN people pe ON pe.id = h.person_id "
    "LEFT JOIN LATERAL (SELECT pm.role, pm.panel_id, pa.kind, "
    "pa.scoring_closed_at IS NOT NULL AS closed FROM panel_members pm "
    "JOIN panels pa ON pa.id = pm.panel_id WHERE pm.round_id = c.round_id "
    "AND pm.person_id = h.person_id LIMIT 1) m ON true "
    "LEFT JOIN LATERAL (SELECT " EQ_SHEET_COLUMNS(
        "s") "WHERE s.candidate_id = c.id AND s.person_id = h.person_id "
             "LIMIT 1) sh ON true "
             "LEFT JOIN subject_keys pk ON pk.subject = 'person/' || "
             "h.person_id LEFT JOIN subject_keys ck ON ck.subject = "
             "'candidate/' || c.id WHERE c.id = $3"};
constexpr int kWriterColumn = 12;  // The first column after the sheet's.

// A write is one statement: the sheet, its version kept, and the sheet as
// stored (nothing when the sheet was not at the version read).
#define EQ_KEEP_WRITTEN                                                 \
  "), kept AS (INSERT INTO score_sheet_versions (sheet_id, version, "   \
  "state, overall_view, entries, saved_at) SELECT id, version, state, " \
  "overall_view, entries, saved_at FROM written) "                      \
  "SELECT " EQ_SHEET_SELECT("s") EQ_SHEET_FROM("written")
constexpr Statement kInsertSheet{
    "sheets_insert",
    "WITH written AS (INSERT INTO score_sheets (round_id, panel_id, "
    "candidate_id, person_id, version, state, overall_view, entries, "
    "submitted_at) VALUES ($1, $2, $3, $4, 1, $5, $6, $7::jsonb, "
    "CASE WHEN $5 = 'SUBMITTED' THEN now() END) "
    "ON CONFLICT (candidate_id, person_id) DO NOTHING RETURNING "
    "*" EQ_KEEP_WRITTEN};
constexpr Statement kUpdateSheet{
    "sheets_update",
    "WITH written AS (UPDATE score_sheets SET version = version + 1, "
    "state = $3, overall_view = $4, entries = $5::jsonb, saved_at = now(), "
    "submitted_at = coalesce(submitted_at, "
    "CASE WHEN $3 = 'SUBMITTED' THEN now() END) "
    "WHERE candidate_id = $1 AND person_id = $2 AND version = $6 "
    "RETURNING *" EQ_KEEP_WRITTEN};
#undef EQ_KEEP_WRITTEN
#undef EQ_SHEET_COLUMNS
#undef EQ_SHEET_FROM
#undef EQ_SHEET_SELECT
// Sheets, and kept versions, holding an evidence note not yet locked.
#define EQ_PLAIN_EVIDENCE(t)                                              \
  "EXISTS (SELECT 1 FROM jsonb_array_elements(" t                         \
  ".entries->'entries') e "                                               \
  "WHERE coalesce(e->>'evidence', '') <> '' AND e->>'evidence' NOT LIKE " \
  "'locked:%') "
constexpr Statement kPlainSheets{
    "sheets_plain_evidence",
    "SELECT s.id, 0, s.candidate_id, s.entries::text FROM score_sheets s "
    "WHERE " EQ_PLAIN_EVIDENCE("s") "ORDER BY s.id LIMIT $1 "
    "FOR UPDATE SKIP LOCKED"};
constexpr Statement kPlainVersions{
    "sheets_plain_evidence_versions",
    "SELECT v.sheet_id, v.version, s.candidate_id, v.entries::text FROM "
    "score_sheet_versions v JOIN score_sheets s ON s.id = v.sheet_id WHERE "
    EQ_PLAIN_EVIDENCE("v") "ORDER BY v.sheet_id, v.version LIMIT $1 "
    "FOR UPDATE OF v SKIP LOCKED"};
#undef EQ_PLAIN_EVIDENCE
constexpr Statement kLockSheet{
    "sheets_lock_evidence",
    "UPDATE score_sheets SET entries = $3::jsonb WHERE id = $1 AND $2 = 0"};
constexpr Statement kLockVersion{
    "sheets_lock_evidence_version",
    "UPDATE score_sheet_versions SET entries = $3::jsonb WHERE sheet_id = $1 "
    "AND version = $2"};
constexpr Statement kSubmitted{
    "sheets_submitted",
    "SELECT candidate_id, person_id FROM score_sheets "
    "WHERE round_id = $1 AND state = 'SUBMITTED'"};

std::string Id(const pqxx::field& f) { return f.as<std::string>(); }

std::optional<privacy::Key> CandidateKey(pqxx::transaction_base& txn,
                                         const privacy::DataKeys& keys,
                                         CandidateId id, bool make) {
  return privacy::KeyAbout(txn, keys, {Subject("candidate", id)}, make);
}

// Entries are kept as the protocol's own JSON form of {"entries": [...]},
// each evidence note locked; with `keep_locked`, notes locked already stay
// as they are (what an earlier version kept is being locked).
std::string EntriesJson(const v1::ScoreSheet& sheet, const privacy::Key& key,
                        bool keep_locked = false) {
  v1::ScoreSheet only_entries;
  *only_entries.mutable_entries() = sheet.entries();
  for (v1::ScoreEntry& entry : *only_entries.mutable_entries()) {
    if (entry.evidence().empty() ||
        (keep_locked && privacy::IsLockedText(entry.evidence()))) {
      continue;
    }
    entry.set_evidence(
        privacy::LockText(key, entry.evidence(), privacy::kEvidenceContext));
  }
  std::string json;
  (void)google::protobuf::util::MessageToJsonString(only_entries, &json);
  return json;
}

// `opener` opens the evidence notes and the scorer's name; without one they
// are left out.
v1::ScoreSheet SheetFrom(const pqxx::row& row, privacy::PeopleNames* opener) {
  v1::ScoreSheet sheet;
  (void)google::protobuf::util::JsonStringToMessage(row[9].as<std::string>(),
                                                    &sheet);
  for (v1::ScoreEntry& entry : *sheet.mutable_entries()) {
    if (entry.evidence().empty()) continue;
    entry.set_evidence(opener == nullptr
                           ? ""
                           : opener->Text({"candidate/" + Id(row[1])},
                                          privacy::kEvidenceContext,
                                          entry.evidence()));
  }
  sheet.set_round_id(Id(row[0]));
  sheet.set_candidate_id(Id(row[1]));
  sheet.set_person_id(Id(row[2]));
  if (opener != nullptr) {
    sheet.set_display_name(
        opener->Name(IdAt<PersonId>(row[2]), row[3].as<std::string>()));
  }
  sheet.set_panel_id(Id(row[4]));
  sheet.set_panel_kind(PanelKindFromName(row[5].as<std::string>()));
  sheet.set_version(row[6].as<uint32_t>());
  sheet.set_state(SheetStateFromName(row[7].as<std::string>()));
  sheet.set_overall_view(OverallViewFromName(row[8].as<std::string>()));
  sheet.set_saved_at_unix(row[10].as<int64_t>());
  sheet.set_submitted_at_unix(row[11].as<int64_t>());
  return sheet;
}

// Without `keys`, the evidence notes are left out.
std::vector<v1::ScoreSheet> SheetsFrom(pqxx::transaction_base& txn,
                                       const privacy::DataKeys* keys,
                                       const pqxx::result& rows) {
  std::optional<privacy::PeopleNames> opener;
  if (keys != nullptr) {
    opener.emplace(txn, *keys);
    std::vector<PersonId> people;
    for (const auto& row : rows) people.push_back(IdAt<PersonId>(row[2]));
    opener->Prefetch(people);
  }
  std::vector<v1::ScoreSheet> sheets;
  sheets.reserve(rows.size());
  for (const auto& row : rows) {
    sheets.push_back(SheetFrom(row, opener.has_value() ? &*opener : nullptr));
  }
  return sheets;
}

}  // namespace

bool HoldPanelForClose(pqxx::transaction_base& txn, PanelId panel_id) {
  const pqxx::result rows = Exec(txn, kPanelForClose, panel_id);
  return !rows.empty() && rows[0][0].as<bool>();
}

void ClosePanelScoring(pqxx::transaction_base& txn, PanelId panel_id,
                       PersonId closed_by) {
  Exec(txn, kClosePanel, panel_id, closed_by);
}

bool EveryPanelClosed(pqxx::transaction_base& txn, RoundId round_id) {
  return Exec(txn, kEveryPanelClosed, round_id)[0][0].as<bool>();
}

std::set<std::string> ClosedPanels(pqxx::transaction_base& txn,
                                   RoundId round_id) {
  std::set<std::string> ids;
  for (const auto& row : Exec(txn, kClosedPanels, round_id)) {
    ids.insert(Id(row[0]));
  }
  return ids;
}

std::optional<v1::ScoreSheet> LoadSheet(pqxx::transaction_base& txn,
                                        const privacy::DataKeys* keys,
                                        CandidateId candidate_id,
                                        PersonId person_id) {
  const pqxx::result rows = Exec(txn, kLoadSheet, candidate_id, person_id);
  if (rows.empty()) return std::nullopt;
  return SheetsFrom(txn, keys, rows)[0];
}

std::optional<v1::ScoreSheet> WriteSheet(pqxx::transaction_base& txn,
                                         const privacy::DataKeys& keys,
                                         const v1::ScoreSheet& sheet,
                                         uint32_t read_version) {
  const CandidateId candidate_id = IdOf<CandidateId>(sheet.candidate_id());
  const privacy::Key key =
      *CandidateKey(txn, keys, candidate_id, /*make=*/true);
  const PersonId person_id = IdOf<PersonId>(sheet.person_id());
  const std::string state = SheetStateName(sheet.state());
  const std::string view = OverallViewName(sheet.overall_view());
  const pqxx::result written =
      read_version == 0
          ? Exec(txn, kInsertSheet, IdOf<RoundId>(sheet.round_id()),
                 IdOf<PanelId>(sheet.panel_id()), candidate_id, person_id,
                 state, view, EntriesJson(sheet, key))
          : Exec(txn, kUpdateSheet, candidate_id, person_id, state, view,
                 EntriesJson(sheet, key), static_cast<int>(read_version));
  if (written.empty()) return std::nullopt;
  privacy::PeopleNames opener(txn, keys);
  opener.Know({Subject("candidate", candidate_id)}, key);
  return SheetFrom(written[0], &opener);
}

SheetWritersRead ReadSheetWriters(pqxx::transaction_base& txn,
                                  const privacy::DataKeys& keys,
                                  CandidateId candidate_id,
                                  const std::vector<SheetAsked>& asked) {
  std::vector<std::string> hashes, request_ids;
  for (const SheetAsked& a : asked) {
    hashes.push_back(HashToken(a.token));
    request_ids.push_back(a.request_id);
  }
  SheetWritersRead out{
      .writers = std::vector<std::optional<SheetWriter>>(asked.size())};
  const pqxx::result rows = Exec(txn, kReadWriters, PgArray(hashes),
                                 PgArray(request_ids), candidate_id);
  privacy::PeopleNames opener(txn, keys);
  bool sheets_so_far = false;
  for (const auto& row : rows) {
    const int at = kWriterColumn;
    opener.KnowStored(Subject("person", IdAt<PersonId>(row[at + 1])),
                      row[at + 14], row[at + 15]);
    opener.KnowStored(Subject("candidate", candidate_id), row[at + 16],
                      row[at + 17]);
    SheetWriter& w = out.writers[row[at].as<size_t>() - 1].emplace(
        SheetWriter{.caller = CallerFrom(row, at + 1),
                    .request_id_used = row[at + 3].as<bool>()});
    if (!row[at + 4].is_null()) {
      w.panel_role = PanelRoleFromName(row[at + 4].as<std::string>());
      w.panel_id = IdAt<PanelId>(row[at + 5]);
      w.panel_kind = PanelKindFromName(row[at + 6].as<std::string>());
      w.panel_closed = row[at + 7].as<bool>();
    }
    w.recused = row[at + 8].as<bool>();
    if (!row[0].is_null()) {
      w.sheet = SheetFrom(row, &opener);
      sheets_so_far = true;
    } else {
      w.display_name =
          opener.Name(w.caller.person_id, row[at + 18].as<std::string>());
    }
    if (out.candidate_found) continue;
    out.candidate_found = true;
    out.round_id = IdAt<RoundId>(row[at + 9]);
    out.candidate_withdrawn = row[at + 10].as<bool>();
    out.round_scoring = row[at + 11].as<bool>();
    out.read_at = row[at + 12].as<std::string>();
    out.read_at_unix = row[at + 13].as<int64_t>();
  }
  // For the write: read with the notes where there were any to open, and
  // only where there are sheets so far (a first save makes it).
  if (sheets_so_far) {
    out.candidate_key = opener.KeyFor({Subject("candidate", candidate_id)});
  }
  return out;
}

std::vector<int64_t> WriteCheckedSheets(
    pqxx::transaction_base& txn, const privacy::DataKeys& keys,
    const SheetWritersRead& read, CandidateId candidate_id,
    const std::vector<v1::ScoreSheet>& sheets,
    const std::vector<LedgerClaim>& claims,
    const std::vector<NewEvent>& events) {
  if (sheets.empty()) return {};
  // The round is held against a move and each open panel against its close,
  // as on the one-call path (panels::HoldScoringPlace). Rows go in person
  // order, so two writes for the same people never deadlock. A sheet is
  // written only over the version the read saw, by a member still seated
  // on that panel with no conflict declared; the check comes first in the
  // UNION ALL, so it always runs.
  static const std::string sql = absl::StrCat(
      "WITH r AS MATERIALIZED (SELECT r.id FROM candidates c JOIN rounds r "
      "ON r.id = c.round_id WHERE c.id = $1 AND c.withdrawn_at IS NULL AND "
      "r.state = 'SCORING' FOR KEY SHARE OF r), "
      "open AS (SELECT pa.id FROM r JOIN panels pa ON pa.round_id = r.id "
      "WHERE pa.scoring_closed_at IS NULL FOR KEY SHARE OF pa), "
      "stored AS (INSERT INTO score_sheets (round_id, panel_id, candidate_id, "
      "person_id, version, state, overall_view, entries, saved_at, "
      "submitted_at) SELECT r.id, w.panel_id, $1, w.person_id, w.version, "
      "w.state, w.overall_view, w.entries::jsonb, $2::timestamptz, "
      "CASE WHEN w.state = 'SUBMITTED' THEN $2::timestamptz END FROM r "
      "CROSS JOIN unnest($3::bigint[], $4::bigint[], $5::integer[], "
      "$6::text[], $7::text[], $8::text[]) AS w(person_id, panel_id, "
      "version, state, overall_view, entries) "
      "WHERE w.panel_id IN (SELECT id FROM open) AND EXISTS (SELECT 1 FROM "
      "panel_members pm WHERE pm.round_id = r.id AND pm.panel_id = "
      "w.panel_id AND pm.person_id = w.person_id) AND NOT EXISTS (SELECT 1 "
      "FROM conflicts x WHERE x.round_id = r.id AND x.candidate_id = $1 AND "
      "x.person_id = w.person_id) ORDER BY w.person_id "
      "ON CONFLICT (candidate_id, person_id) DO UPDATE SET "
      "version = excluded.version, state = excluded.state, "
      "overall_view = excluded.overall_view, entries = excluded.entries, "
      "saved_at = excluded.saved_at, submitted_at = "
      "coalesce(score_sheets.submitted_at, excluded.submitted_at) "
      "WHERE score_sheets.version = excluded.version - 1 "
      "RETURNING id, version, state, overall_view, entries, saved_at), "
      "kept AS (INSERT INTO score_sheet_versions (sheet_id, version, state, "
      "overall_view, entries, saved_at) SELECT * FROM stored), claimed AS (",
      ClaimRequestsSql(9), "), appended AS (", AppendEventsSql(14),
      ") SELECT NULL::bigint WHERE NOT equalsay_unchanged_since_read("
      "(SELECT count(*) FROM stored) = cardinality($3::bigint[]) AND "
      "(SELECT count(*) FROM claimed) = cardinality($10::bigint[])) "
      "UNION ALL SELECT seq FROM appended");
  std::vector<PersonId> people;
  std::vector<PanelId> panels;
  std::vector<int64_t> versions;
  std::vector<std::string> states, views, entries;
  const privacy::Key key =
      read.candidate_key.has_value()
          ? *read.candidate_key
          : *CandidateKey(txn, keys, candidate_id, /*make=*/true);
  for (const v1::ScoreSheet& sheet : sheets) {
    people.push_back(IdOf<PersonId>(sheet.person_id()));
    panels.push_back(IdOf<PanelId>(sheet.panel_id()));
    versions.push_back(sheet.version());
    states.push_back(SheetStateName(sheet.state()));
    views.push_back(OverallViewName(sheet.overall_view()));
    entries.push_back(EntriesJson(sheet, key));
  }
  const ClaimParams c = ClaimParamsOf(claims);
  const EventParams e = EventParamsOf(events);
  std::vector<int64_t> seqs;
  for (const auto& row :
       Exec(txn, {"sheets_write_checked", sql.c_str()}, candidate_id,
            read.read_at, PgArray(people), PgArray(panels), PgArray(versions),
            PgArray(states), PgArray(views), PgArray(entries), c.methods,
            c.people, c.request_ids, c.hashes, c.answers, e.actors, e.actions,
            e.subjects, e.rounds, e.payloads)) {
    seqs.push_back(row[0].as<int64_t>());
  }
  std::sort(seqs.begin(), seqs.end());
  return seqs;
}

std::vector<v1::ScoreSheet> ListSheets(pqxx::transaction_base& txn,
                                       const privacy::DataKeys* keys,
                                       RoundId round_id,
                                       std::optional<CandidateId> only) {
  std::vector<v1::ScoreSheet> sheets = SheetsFrom(
      txn, keys,
      Exec(txn, kListSheets, round_id, only.has_value() ? only->value() : 0));
  // Candidate by candidate, panel by panel, by name (the query's order, its
  // scorers by id, stands where names are left out or the same).
  const auto number = [](const std::string& id) {
    return IdOf<CandidateId>(id).value();
  };
  std::stable_sort(
      sheets.begin(), sheets.end(),
      [&](const v1::ScoreSheet& a, const v1::ScoreSheet& b) {
        return std::tuple(number(a.candidate_id()),
                          PanelKindName(a.panel_kind()), a.display_name()) <
               std::tuple(number(b.candidate_id()),
                          PanelKindName(b.panel_kind()), b.display_name());
      });
  return sheets;
}

std::vector<v1::ScoreSheet> SheetHistory(pqxx::transaction_base& txn,
                                         const privacy::DataKeys& keys,
                                         CandidateId candidate_id,
                                         PersonId person_id) {
  return SheetsFrom(txn, &keys, Exec(txn, kHistory, candidate_id, person_id));
}

std::set<CandidatePerson> SubmittedSheets(pqxx::transaction_base& txn,
                                          RoundId round_id) {
  std::set<CandidatePerson> out;
  for (const auto& row : Exec(txn, kSubmitted, round_id)) {
    out.emplace(Id(row[0]), Id(row[1]));
  }
  return out;
}

void MarkVersionAssisted(pqxx::transaction_base& txn,
                         const v1::ScoreSheet& sheet, v1::HowGiven how,
                         PersonId entered_by) {
  Exec(txn, kMarkAssisted, IdOf<RoundId>(sheet.round_id()),
       IdOf<CandidateId>(sheet.candidate_id()),
       IdOf<PersonId>(sheet.person_id()), sheet.version(), HowGivenName(how),
       entered_by);
}

std::vector<AssistedMark> AssistedMarks(pqxx::transaction_base& txn,
                                        const privacy::DataKeys& keys,
                                        RoundId round_id,
                                        std::optional<CandidateId> candidate) {
  std::vector<AssistedMark> out;
  privacy::PeopleNames names(txn, keys);
  for (const pqxx::row& row : Exec(txn, kAssistedMarks, round_id,
                                   candidate.value_or(CandidateId(0)))) {
    out.push_back({.candidate_id = IdAt<CandidateId>(row[0]),
                   .person_id = IdAt<PersonId>(row[1]),
                   .version = row[2].as<uint32_t>(),
                   .how = HowGivenFromName(row[3].as<std::string>()),
                   .entered_by_name = names.Name(IdAt<PersonId>(row[5]),
                                                 row[4].as<std::string>())});
  }
  return out;
}

int64_t LockPlainEvidence(pqxx::transaction_base& txn,
                          const privacy::DataKeys& keys, int limit) {
  int64_t locked = 0;
  for (const auto& [find, lock] : {std::pair{&kPlainSheets, &kLockSheet},
                                   std::pair{&kPlainVersions, &kLockVersion}}) {
    for (const auto& row : Exec(txn, *find, limit)) {
      v1::ScoreSheet sheet;
      (void)google::protobuf::util::JsonStringToMessage(
          row[3].as<std::string>(), &sheet);
      Exec(txn, *lock, row[0].as<int64_t>(), row[1].as<int>(),
           EntriesJson(sheet,
                       *CandidateKey(txn, keys, IdAt<CandidateId>(row[2]),
                                     /*make=*/true),
                       /*keep_locked=*/true));
      ++locked;
    }
  }
  return locked;
}

}  // namespace equalsay::scoring
