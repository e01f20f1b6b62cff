// What other domains may use of scoring: the results of a recruitment round,
// loaded and computed on one path for ScoringService and for HR's order of
// offers. Consensus includes this header and no other of scoring's store or
// service (the build enforces it).
#ifndef EQUALSAY_SERVICES_SCORING_API_RESULTS_LOADER_H_
#define EQUALSAY_SERVICES_SCORING_API_RESULTS_LOADER_H_

#include <pqxx/pqxx>
#include <set>
#include <vector>

#include "equalsay/v1/panels.pb.h"
#include "equalsay/v1/scoring.pb.h"
#include "services/common/base/ids.h"
#include "services/scoring/rules/progress.h"
#include "services/scoring/rules/results.h"

namespace equalsay::scoring {

// Every (candidate, person) conflict of interest in the round.
std::set<CandidatePerson> RecusalsOf(pqxx::transaction_base& txn,
                                     RoundId round_id);

// The submitted sheets of members not recused, for candidates still in
// `round` (loaded in full), as results count them.
std::vector<CountedSheet> CountedSheets(pqxx::transaction_base& txn,
                                        const v1::Round& round);

// `round` as loaded in full (panels, candidates, criteria). Counts submitted
// sheets of members not recused, for candidates still in the round.
v1::ScoringResults LoadResults(pqxx::transaction_base& txn,
                               const v1::Round& round);

}  // namespace equalsay::scoring

#endif  // EQUALSAY_SERVICES_SCORING_API_RESULTS_LOADER_H_
