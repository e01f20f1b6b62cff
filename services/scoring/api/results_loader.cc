#include "services/scoring/api/results_loader.h"

#include <set>

#include "absl/strings/str_cat.h"
#include "services/panels/api/panels_api.h"
#include "services/scoring/store/sheet_store.h"

namespace equalsay::scoring {

std::set<CandidatePerson> RecusalsOf(pqxx::transaction_base& txn,
                                     RoundId round_id) {
  std::set<CandidatePerson> out;
  for (auto [candidate, person] : panels::ConflictsOfRound(txn, round_id)) {
    out.emplace(candidate.str(), person.str());
  }
  return out;
}

std::vector<CountedSheet> CountedSheets(pqxx::transaction_base& txn,
                                        const v1::Round& round) {
  const RoundId round_id = IdOf<RoundId>(round.id());
  std::set<std::string> active;
  for (const v1::Candidate& c : round.candidates()) {
    if (!c.withdrawn()) active.insert(c.id());
  }
  const std::set<CandidatePerson> recused = RecusalsOf(txn, round_id);
  std::vector<CountedSheet> sheets;
  for (const v1::ScoreSheet& sheet :
       ListSheets(txn, /*keys=*/nullptr, round_id, std::nullopt)) {
    if (sheet.state() == v1::SHEET_STATE_SUBMITTED &&
        active.contains(sheet.candidate_id()) &&
        !recused.contains({sheet.candidate_id(), sheet.person_id()})) {
      sheets.push_back(CountedSheetOf(sheet));
    }
  }
  return sheets;
}

v1::ScoringResults LoadResults(pqxx::transaction_base& txn,
                               const v1::Round& round) {
  ResultsInput input{
      .criteria = WeightsOf({round.criteria().begin(), round.criteria().end()}),
      .panels = {round.panels().begin(), round.panels().end()},
      .sheets = CountedSheets(txn, round)};
  for (const v1::Candidate& c : round.candidates()) {
    if (!c.withdrawn()) input.candidates.push_back(c);
  }
  v1::ScoringResults results = ComputeResults(input);
  results.set_round_id(round.id());
  return results;
}

}  // namespace equalsay::scoring
