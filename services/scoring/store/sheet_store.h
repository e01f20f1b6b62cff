// Score sheets, their versions and each panel's scoring close in PostgreSQL.
#ifndef EQUALSAY_SERVICES_SCORING_STORE_SHEET_STORE_H_
#define EQUALSAY_SERVICES_SCORING_STORE_SHEET_STORE_H_

#include <cstdint>
#include <optional>
#include <pqxx/pqxx>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "equalsay/v1/scoring.pb.h"
#include "services/common/base/ids.h"
#include "services/common/store/auth.h"
#include "services/common/store/events.h"
#include "services/common/store/request_ledger.h"
#include "services/privacy/rules/data_keys.h"
#include "services/scoring/rules/assisted_sheets.h"
#include "services/scoring/rules/progress.h"

namespace equalsay::scoring {

// Whether the panel's scoring is closed, holding its row alone until the
// transaction ends: a close waits for saves in flight (which share the row,
// panels::HoldScoringPlace) and every later save sees it.
bool HoldPanelForClose(pqxx::transaction_base& txn, PanelId panel_id);
void ClosePanelScoring(pqxx::transaction_base& txn, PanelId panel_id,
                       PersonId closed_by);
// Whether the round has panels and every one has closed scoring: the point
// after which everyone in the round sees every submitted sheet.
bool EveryPanelClosed(pqxx::transaction_base& txn, RoundId round_id);
// Ids of the round's panels whose scoring is closed.
std::set<std::string> ClosedPanels(pqxx::transaction_base& txn,
                                   RoundId round_id);

// Evidence notes are stored locked under the candidate's key (see
// privacy/): `keys` lock them on writing and open them on reading.

// The current version of a sheet; nullopt if never saved. Without `keys`,
// the evidence notes are left out.
std::optional<v1::ScoreSheet> LoadSheet(pqxx::transaction_base& txn,
                                        const privacy::DataKeys* keys,
                                        CandidateId candidate_id,
                                        PersonId person_id);

// Writes `sheet`'s content as the next version after `read_version` (0: a
// new sheet). Returns the sheet as stored, or nullopt when the sheet is no
// longer at `read_version` (saved elsewhere meanwhile): nothing is written.
std::optional<v1::ScoreSheet> WriteSheet(pqxx::transaction_base& txn,
                                         const privacy::DataKeys& keys,
                                         const v1::ScoreSheet& sheet,
                                         uint32_t read_version);

// Saves of many members' sheets for one candidate at once (the batched
// path): one read of everything the checks need, one write.
struct SheetAsked {
  std::string token;
  std::string request_id;
};
struct SheetWriter {
  Caller caller;
  bool request_id_used = false;             // The request is a retry.
  std::optional<v1::PanelRole> panel_role;  // In the round; nullopt: none.
  PanelId panel_id{0};
  v1::PanelKind panel_kind = v1::PANEL_KIND_UNSPECIFIED;
  bool panel_closed = false;  // Their panel's scoring.
  bool recused = false;       // They declared a conflict with the candidate.
  std::optional<v1::ScoreSheet> sheet;  // As stored; nullopt: none yet.
  std::string display_name;  // Theirs, where there is no sheet (it has it).
};
struct SheetWritersRead {
  bool candidate_found = false;  // Otherwise nothing else is set.
  RoundId round_id{0};
  bool candidate_withdrawn = false;
  bool round_scoring = false;
  std::string read_at;  // The time of the read, in PostgreSQL's words.
  int64_t read_at_unix = 0;
  std::vector<std::optional<SheetWriter>> writers;  // nullopt: token fails.
  // The key that locks the candidate's evidence, if made yet.
  std::optional<privacy::Key> candidate_key;
};
SheetWritersRead ReadSheetWriters(pqxx::transaction_base& txn,
                                  const privacy::DataKeys& keys,
                                  CandidateId candidate_id,
                                  const std::vector<SheetAsked>& asked);

// Writes the sheets (each its next version, saved, and submitted if it is
// newly submitted, at the read's time) with their ledger claims and events
// in one statement. Where the candidate has
// been withdrawn, the round has left scoring, a member's panel has closed,
// their seat or conflicts have changed, a sheet has changed or a request id
// was claimed since the read, nothing is written and
// pqxx::serialization_failure is thrown, so that the caller reads again.
// Returns the events' sequence numbers.
std::vector<int64_t> WriteCheckedSheets(
    pqxx::transaction_base& txn, const privacy::DataKeys& keys,
    const SheetWritersRead& read, CandidateId candidate_id,
    const std::vector<v1::ScoreSheet>& sheets,
    const std::vector<LedgerClaim>& claims,
    const std::vector<NewEvent>& events);

// Current versions in the round, for one candidate or (nullopt) all.
// Without `keys`, the evidence notes are left out (for counting scores).
std::vector<v1::ScoreSheet> ListSheets(pqxx::transaction_base& txn,
                                       const privacy::DataKeys* keys,
                                       RoundId round_id,
                                       std::optional<CandidateId> only);

// Every version of one sheet, oldest first.
std::vector<v1::ScoreSheet> SheetHistory(pqxx::transaction_base& txn,
                                         const privacy::DataKeys& keys,
                                         CandidateId candidate_id,
                                         PersonId person_id);

// (candidate, person) of every submitted sheet in the round.
std::set<CandidatePerson> SubmittedSheets(pqxx::transaction_base& txn,
                                          RoundId round_id);

// Records that `entered_by` wrote this version of the member's sheet, given
// `how`.
void MarkVersionAssisted(pqxx::transaction_base& txn,
                         const v1::ScoreSheet& sheet, v1::HowGiven how,
                         PersonId entered_by);
// The versions of the round's sheets (one candidate's, or all) that a
// supporter wrote.
std::vector<AssistedMark> AssistedMarks(pqxx::transaction_base& txn,
                                        const privacy::DataKeys& keys,
                                        RoundId round_id,
                                        std::optional<CandidateId> candidate);

// Locks up to `limit` sheets' (or kept versions') evidence notes saved
// before evidence was locked, skipping rows another server holds; returns
// how many rows.
int64_t LockPlainEvidence(pqxx::transaction_base& txn,
                          const privacy::DataKeys& keys, int limit);

}  // namespace equalsay::scoring

#endif  // EQUALSAY_SERVICES_SCORING_STORE_SHEET_STORE_H_
