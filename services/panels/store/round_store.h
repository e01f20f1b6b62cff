// Rounds, panels, members, candidates, criteria and conflicts in PostgreSQL:
// set-up and panels' own reads. What other domains read is in panels_api.h.
#ifndef EQUALSAY_SERVICES_PANELS_STORE_ROUND_STORE_H_
#define EQUALSAY_SERVICES_PANELS_STORE_ROUND_STORE_H_

#include <cstdint>
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "equalsay/v1/panels.pb.h"
#include "services/common/base/ids.h"
#include "services/panels/api/panels_api.h"
#include "services/privacy/rules/data_keys.h"

namespace equalsay::panels {

RoundId InsertRound(pqxx::transaction_base& txn, const v1::Round& round,
                    PersonId created_by);
std::vector<v1::Round> ListAllRounds(pqxx::transaction_base& txn);
std::vector<v1::Round> ListRoundsOf(pqxx::transaction_base& txn,
                                    PersonId person_id);

// Counts for the limits and checks of set-up, without loading the round.
bool HasPanelOfKind(pqxx::transaction_base& txn, RoundId round_id,
                    v1::PanelKind kind);
int CountMembers(pqxx::transaction_base& txn, PanelId panel_id);
int CountCandidates(pqxx::transaction_base& txn, RoundId round_id);
int CountCriteria(pqxx::transaction_base& txn, RoundId round_id);

PanelId InsertPanel(pqxx::transaction_base& txn, const v1::Panel& panel);

void InsertMember(pqxx::transaction_base& txn, RoundId round_id,
                  PanelId panel_id, PersonId person_id, v1::PanelRole role);
// False when the person was not on that panel.
bool DeleteMember(pqxx::transaction_base& txn, PanelId panel_id,
                  PersonId person_id);
// The panel's members with their roles, and whether each is active.
struct PanelSeat {
  PersonId person_id{0};
  v1::PanelRole role = v1::PANEL_ROLE_UNSPECIFIED;
  bool active = false;
};
std::vector<PanelSeat> SeatsOf(pqxx::transaction_base& txn, PanelId panel_id);

// The round set up from the file with this key (apply), if any.
std::optional<RoundId> RoundBySetupKey(pqxx::transaction_base& txn,
                                       const std::string& key);
// Corrections: every field as given (the service fills what stays).
void UpdateRoundText(pqxx::transaction_base& txn, const v1::Round& round);
void UpdatePanel(pqxx::transaction_base& txn, const v1::Panel& panel);
// A candidate's name and reference are kept locked under their key.
void UpdateCandidate(pqxx::transaction_base& txn, const privacy::DataKeys& keys,
                     CandidateId id, const std::string& name,
                     const std::string& reference);
void UpdateCriterion(pqxx::transaction_base& txn, const v1::Criterion& c);
std::optional<v1::Criterion> LoadCriterion(pqxx::transaction_base& txn,
                                           CriterionId id);
// How many decisions have been put in the round.
int CountDecisions(pqxx::transaction_base& txn, RoundId round_id);

CandidateId InsertCandidate(pqxx::transaction_base& txn,
                            const privacy::DataKeys& keys, RoundId round_id,
                            const std::string& name,
                            const std::string& reference);
// Locks up to `limit` candidates' names and references kept as written by
// earlier versions; returns how many candidates.
int64_t LockPlainCandidates(pqxx::transaction_base& txn,
                            const privacy::DataKeys& keys, int limit);
// Candidates still in the round (not withdrawn).
std::vector<CandidateId> ActiveCandidateIds(pqxx::transaction_base& txn,
                                            RoundId round_id);
void WithdrawCandidate(pqxx::transaction_base& txn, CandidateId id);

// Stores the criterion after the round's others; returns it with its id
// and position.
v1::Criterion InsertCriterion(pqxx::transaction_base& txn,
                              v1::Criterion criterion);

// False when the person had already declared a conflict with the candidate.
// The reason (naming how they know them) is locked under both their keys.
bool InsertConflict(pqxx::transaction_base& txn, const privacy::DataKeys& keys,
                    RoundId round_id, CandidateId candidate_id,
                    PersonId person_id, const std::string& reason);
// Locks up to `limit` conflict reasons given before they were locked
// (skipping rows another server holds); returns how many.
int64_t LockPlainConflictReasons(pqxx::transaction_base& txn,
                                 const privacy::DataKeys& keys, int limit);

std::vector<Membership> MembershipsOf(pqxx::transaction_base& txn,
                                      PersonId person_id);

// What a member has left to do in a round, counted in one query: their
// submitted sheets, whether their panel closed scoring, open decisions they
// may vote in and have not, and open decisions their panel has not closed.
struct WorkCounts {
  int submitted = 0;
  bool scoring_closed = false;
  int to_vote = 0;
  int to_close = 0;
  int to_count_papers = 0;
  int actions_owned = 0;
  int actions_overdue = 0;
  int to_confirm = 0;     // Others' time and expenses awaiting confirmation.
  int papers_differ = 0;  // Open decisions whose two paper counts differed.
};
WorkCounts CountWork(pqxx::transaction_base& txn, RoundId round_id,
                     PanelId panel_id, PersonId person_id);

}  // namespace equalsay::panels

#endif  // EQUALSAY_SERVICES_PANELS_STORE_ROUND_STORE_H_
