// Rounds, panels, members, candidates, criteria and conflicts in PostgreSQL.
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

namespace equalsay::panels {

int64_t InsertRound(pqxx::transaction_base& txn, const v1::Round& round,
                    int64_t created_by);
// How a transaction holds a round's row after reading it.
enum class RoundHold {
  kNone,
  // Keeps the round from changing state until the transaction ends, without
  // making such readers wait for one another (used by sheet and ballot
  // writes).
  kShare,
  // Alone: changes to one round happen one at a time, and never wider than
  // that round.
  kExclusive,
};

// The round alone (no panels, candidates or criteria).
std::optional<v1::Round> LoadRound(pqxx::transaction_base& txn, int64_t id,
                                   RoundHold hold = RoundHold::kNone);
// The round with its panels (and members), candidates and criteria.
std::optional<v1::Round> LoadRoundInFull(pqxx::transaction_base& txn,
                                         int64_t id);
// The round's criteria, in order, with their scales.
std::vector<v1::Criterion> ListCriteria(pqxx::transaction_base& txn,
                                        int64_t round_id);
std::vector<v1::Round> ListAllRounds(pqxx::transaction_base& txn);
std::vector<v1::Round> ListRoundsOf(pqxx::transaction_base& txn,
                                    int64_t person_id);
// Moves `round` (as the caller loaded and holds it) to `to`, only where the
// round's life allows (CheckTransition): the one way a round's state
// changes, so no path can skip the check. FAILED_PRECONDITION otherwise.
absl::Status MoveRound(pqxx::transaction_base& txn, const v1::Round& round,
                       v1::RoundState to);

// Counts for the limits and checks of set-up, without loading the round.
bool HasPanelOfKind(pqxx::transaction_base& txn, int64_t round_id,
                    v1::PanelKind kind);
int CountMembers(pqxx::transaction_base& txn, int64_t panel_id);
int CountCandidates(pqxx::transaction_base& txn, int64_t round_id);
int CountCriteria(pqxx::transaction_base& txn, int64_t round_id);

int64_t InsertPanel(pqxx::transaction_base& txn, const v1::Panel& panel);
std::optional<v1::Panel> LoadPanel(pqxx::transaction_base& txn, int64_t id);

void InsertMember(pqxx::transaction_base& txn, int64_t round_id,
                  int64_t panel_id, int64_t person_id, v1::PanelRole role);
// False when the person was not on that panel.
bool DeleteMember(pqxx::transaction_base& txn, int64_t panel_id,
                  int64_t person_id);
// The panel's members with their roles, and whether each is active.
struct PanelSeat {
  int64_t person_id = 0;
  v1::PanelRole role = v1::PANEL_ROLE_UNSPECIFIED;
  bool active = false;
};
std::vector<PanelSeat> SeatsOf(pqxx::transaction_base& txn, int64_t panel_id);

int64_t InsertCandidate(pqxx::transaction_base& txn, int64_t round_id,
                        const std::string& name, const std::string& reference);
// Candidates still in the round (not withdrawn).
std::vector<int64_t> ActiveCandidateIds(pqxx::transaction_base& txn,
                                        int64_t round_id);
std::optional<v1::Candidate> LoadCandidate(pqxx::transaction_base& txn,
                                           int64_t id);
void WithdrawCandidate(pqxx::transaction_base& txn, int64_t id);

// Stores the criterion after the round's others; returns it with its id
// and position.
v1::Criterion InsertCriterion(pqxx::transaction_base& txn,
                              v1::Criterion criterion);

// False when the person had already declared a conflict with the candidate.
bool InsertConflict(pqxx::transaction_base& txn, int64_t round_id,
                    int64_t candidate_id, int64_t person_id,
                    const std::string& reason);
std::vector<int64_t> RecusedCandidates(pqxx::transaction_base& txn,
                                       int64_t round_id, int64_t person_id);

struct Membership {
  int64_t round_id = 0;
  int64_t panel_id = 0;
  v1::PanelKind panel_kind = v1::PANEL_KIND_UNSPECIFIED;
  v1::PanelRole role = v1::PANEL_ROLE_UNSPECIFIED;
};
// The person's place in one round; nullopt when on none of its panels.
std::optional<Membership> MembershipIn(pqxx::transaction_base& txn,
                                       int64_t round_id, int64_t person_id);
// Every (candidate id, person id) conflict of interest declared in the round.
std::vector<std::pair<int64_t, int64_t>> ConflictsOfRound(
    pqxx::transaction_base& txn, int64_t round_id);
std::vector<Membership> MembershipsOf(pqxx::transaction_base& txn,
                                      int64_t person_id);

// What a member has left to do in a round, counted in one query: their
// submitted sheets, whether their panel closed scoring, open decisions they
// may vote in and have not, and open decisions their panel has not closed.
struct WorkCounts {
  int submitted = 0;
  bool scoring_closed = false;
  int to_vote = 0;
  int to_close = 0;
};
WorkCounts CountWork(pqxx::transaction_base& txn, int64_t round_id,
                     int64_t panel_id, int64_t person_id);

}  // namespace equalsay::panels

#endif  // EQUALSAY_SERVICES_PANELS_STORE_ROUND_STORE_H_
