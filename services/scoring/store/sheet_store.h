// Score sheets, their versions and each panel's scoring close in PostgreSQL.
#ifndef EQUALSAY_SERVICES_SCORING_STORE_SHEET_STORE_H_
#define EQUALSAY_SERVICES_SCORING_STORE_SHEET_STORE_H_

#include <cstdint>
#include <optional>
#include <pqxx/pqxx>
#include <set>
#include <vector>

#include "equalsay/v1/scoring.pb.h"
#include "services/common/base/ids.h"
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

// The current version of a sheet; nullopt if never saved.
std::optional<v1::ScoreSheet> LoadSheet(pqxx::transaction_base& txn,
                                        CandidateId candidate_id,
                                        PersonId person_id);

// Writes `sheet`'s content as the next version after `read_version` (0: a
// new sheet). Returns the sheet as stored, or nullopt when the sheet is no
// longer at `read_version` (saved elsewhere meanwhile): nothing is written.
std::optional<v1::ScoreSheet> WriteSheet(pqxx::transaction_base& txn,
                                         const v1::ScoreSheet& sheet,
                                         uint32_t read_version);

// Current versions in the round, for one candidate or (nullopt) all.
std::vector<v1::ScoreSheet> ListSheets(pqxx::transaction_base& txn,
                                       RoundId round_id,
                                       std::optional<CandidateId> only);

// Every version of one sheet, oldest first.
std::vector<v1::ScoreSheet> SheetHistory(pqxx::transaction_base& txn,
                                         CandidateId candidate_id,
                                         PersonId person_id);

// (candidate, person) of every submitted sheet in the round.
std::set<CandidatePerson> SubmittedSheets(pqxx::transaction_base& txn,
                                          RoundId round_id);

}  // namespace equalsay::scoring

#endif  // EQUALSAY_SERVICES_SCORING_STORE_SHEET_STORE_H_
