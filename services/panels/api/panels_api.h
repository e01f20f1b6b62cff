// What the other domains may use of panels: a round, the one checked way to
// change its state, and who sits where. Consensus and scoring include this
// header and no other of panels' store or service (the build enforces it).
#ifndef EQUALSAY_SERVICES_PANELS_API_PANELS_API_H_
#define EQUALSAY_SERVICES_PANELS_API_PANELS_API_H_

#include <cstdint>
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "equalsay/v1/panels.pb.h"
#include "services/common/base/ids.h"
#include "services/common/store/events.h"
#include "services/privacy/rules/data_keys.h"

namespace equalsay::panels {

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

// Someone with access, active or not (their name and address opened).
std::optional<v1::Person> LoadPerson(pqxx::transaction_base& txn,
                                     const privacy::DataKeys& keys,
                                     PersonId id);

// The round alone (no panels, candidates or criteria).
std::optional<v1::Round> LoadRound(pqxx::transaction_base& txn, RoundId id,
                                   RoundHold hold = RoundHold::kNone);
// The round with its panels (and members, by name), candidates and
// criteria.
std::optional<v1::Round> LoadRoundInFull(pqxx::transaction_base& txn,
                                         const privacy::DataKeys& keys,
                                         RoundId id);
// The round's criteria, in order, with their scales.
std::vector<v1::Criterion> ListCriteria(pqxx::transaction_base& txn,
                                        RoundId round_id);

// Moves `round` (as the caller loaded and holds it) to `to`, only where the
// round's life allows (CheckTransition), and records it: `append` receives
// the event (RoundMovedAction), by `actor` (nullopt: the server itself).
// The one way a round's state changes, so no path can skip the check or
// the record. FAILED_PRECONDITION, and nothing changed, otherwise.
absl::Status MoveRound(pqxx::transaction_base& txn, const v1::Round& round,
                       v1::RoundState to, std::optional<PersonId> actor,
                       EventSink append, std::string payload_json = "{}");

std::optional<v1::Panel> LoadPanel(pqxx::transaction_base& txn, PanelId id);
std::optional<v1::Candidate> LoadCandidate(pqxx::transaction_base& txn,
                                           const privacy::DataKeys& keys,
                                           CandidateId id);

// A person's place in one round.
struct Membership {
  RoundId round_id{0};
  PanelId panel_id{0};
  v1::PanelKind panel_kind = v1::PANEL_KIND_UNSPECIFIED;
  v1::PanelRole role = v1::PANEL_ROLE_UNSPECIFIED;
};
// nullopt when the person is on none of the round's panels.
std::optional<Membership> MembershipIn(pqxx::transaction_base& txn,
                                       RoundId round_id, PersonId person_id);

// Where a person stands to write their own score sheet for a candidate, in
// one read.
struct ScoringPlace {
  v1::Candidate candidate;
  v1::RoundState round_state = v1::ROUND_STATE_UNSPECIFIED;
  std::optional<Membership> seat;     // nullopt: on none of the panels.
  bool panel_scoring_closed = false;  // The seat's panel's scoring.
  bool recused = false;  // They declared a conflict with the candidate.
};
// nullopt when there is no such candidate. Holds the round (as kShare) and
// the seat's panel until the transaction ends, so a move of the round or a
// close of the panel waits for the write and a write never follows a close.
std::optional<ScoringPlace> HoldScoringPlace(pqxx::transaction_base& txn,
                                             const privacy::DataKeys& keys,
                                             CandidateId candidate_id,
                                             PersonId person_id);

// Whether `supporter_id` may act for `member_id` in the round now (named,
// with consent, not withdrawn). Holds that until the transaction ends, so a
// withdrawal waits for an entry being made and no entry follows it.
bool HoldSupporter(pqxx::transaction_base& txn, RoundId round_id,
                   PersonId member_id, PersonId supporter_id);

// The candidates the person declared a conflict of interest with.
std::vector<CandidateId> RecusedCandidates(pqxx::transaction_base& txn,
                                           RoundId round_id,
                                           PersonId person_id);
// Every (candidate, person) conflict of interest declared in the round.
std::vector<std::pair<CandidateId, PersonId>> ConflictsOfRound(
    pqxx::transaction_base& txn, RoundId round_id);

}  // namespace equalsay::panels

#endif  // EQUALSAY_SERVICES_PANELS_API_PANELS_API_H_
