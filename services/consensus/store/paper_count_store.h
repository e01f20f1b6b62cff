// Paper counts (rules/paper_count.h) in PostgreSQL: a panel's first count,
// and the agreed count that gives each member listed a choiceless ballot.
#ifndef EQUALSAY_SERVICES_CONSENSUS_STORE_PAPER_COUNT_STORE_H_
#define EQUALSAY_SERVICES_CONSENSUS_STORE_PAPER_COUNT_STORE_H_

#include <cstdint>
#include <optional>
#include <pqxx/pqxx>
#include <vector>

#include "services/common/base/ids.h"
#include "services/consensus/rules/paper_count.h"
#include "services/privacy/rules/data_keys.h"

namespace equalsay::consensus {

// Each person listed, as the decision's electorate and the run's ballots
// have them (someone in neither is there with Seat::kNotVoter).
std::vector<PaperVoter> LookUpPaperVoters(pqxx::transaction_base& txn,
                                          const privacy::DataKeys& keys,
                                          DecisionId decision_id, uint32_t run,
                                          const std::vector<PersonId>& ids);

std::optional<PaperCount> LoadPaperCount(pqxx::transaction_base& txn,
                                         const privacy::DataKeys& keys,
                                         DecisionId decision_id, uint32_t run,
                                         PanelId panel_id);

// Stores the first count, replacing one not yet checked (and clearing a
// second count that differed from it).
void StoreFirstCount(pqxx::transaction_base& txn, DecisionId decision_id,
                     uint32_t run, PanelId panel_id, const PaperCount& count);

// A second count by `second` differed from the first; none is taken again
// until a fresh first count.
void MarkCountsDiffer(pqxx::transaction_base& txn, DecisionId decision_id,
                      uint32_t run, PanelId panel_id, PersonId second);

// The second count agreed: the panel's count counts from now, and each
// member listed has a ballot with no choice, given as PAPER_COUNT. Throws
// pqxx::serialization_failure if any of them has voted since the check,
// so that the caller checks again.
void AcceptPaperCount(pqxx::transaction_base& txn, DecisionId decision_id,
                      uint32_t run, PanelId panel_id, PersonId checked_by);

}  // namespace equalsay::consensus

#endif  // EQUALSAY_SERVICES_CONSENSUS_STORE_PAPER_COUNT_STORE_H_
