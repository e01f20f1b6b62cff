// Decisions, frozen electorates, ballots, reopen requests and confirmations
// in PostgreSQL.
#ifndef EQUALSAY_SERVICES_CONSENSUS_STORE_DECISION_STORE_H_
#define EQUALSAY_SERVICES_CONSENSUS_STORE_DECISION_STORE_H_

#include <cstdint>
#include <map>
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "equalsay/v1/consensus.pb.h"
#include "services/common/base/ids.h"
#include "services/common/store/auth.h"
#include "services/common/store/events.h"
#include "services/common/store/request_ledger.h"
#include "services/consensus/rules/assisted.h"
#include "services/consensus/rules/confirmation.h"
#include "services/consensus/rules/decision_rules.h"
#include "services/consensus/rules/outcome.h"
#include "services/privacy/rules/data_keys.h"
#include "services/privacy/store/subject_keys.h"

namespace equalsay::consensus {

// Creates the decision, open for voting, and freezes each panel's rule and
// electorate (voting members, marking those recused from the candidate).
// A decision on a candidate names them: its title and text are kept locked
// under the candidate's key.
DecisionId InsertDecision(pqxx::transaction_base& txn,
                          const privacy::DataKeys& keys,
                          const v1::CreateDecisionRequest& request,
                          const std::string& title, RoundId round_id,
                          std::optional<CandidateId> candidate_id,
                          PersonId created_by);

// How a transaction holds a decision's row after reading it. Ballots share
// it, so they never wait for each other; closing and reopening take it
// alone, so they wait for ballots in flight and every later ballot sees them.
enum class DecisionHold { kNone, kShare, kExclusive };

// The decision without its panels.
std::optional<v1::Decision> LoadDecision(
    pqxx::transaction_base& txn, const privacy::DataKeys& keys, DecisionId id,
    DecisionHold hold = DecisionHold::kNone);
std::vector<v1::Decision> ListDecisions(pqxx::transaction_base& txn,
                                        const privacy::DataKeys& keys,
                                        RoundId round_id);
// Closed decisions every panel agreed, of one round or of every round,
// by round.
std::vector<v1::Decision> ListAgreed(pqxx::transaction_base& txn,
                                     const privacy::DataKeys& keys,
                                     std::optional<RoundId> round_id);
// Locks up to `limit` titles and texts of decisions on candidates kept as
// written by earlier versions; returns how many decisions.
int64_t LockPlainDecisionTitles(pqxx::transaction_base& txn,
                                const privacy::DataKeys& keys, int limit);
// Panels with more voters than this show how many have voted, not who.
inline constexpr uint32_t kMaxNamesListed = 200;

// Fills in the decision's panels with their frozen rules, voters, progress
// of the current run (how many have voted and, in panels up to
// kMaxNamesListed voters, who; never how) and co-chairs' acts.
void LoadPanels(pqxx::transaction_base& txn, const privacy::DataKeys& keys,
                v1::Decision& decision);

// Where the person stands in the decision's frozen electorate.
struct Elector {
  Seat seat = Seat::kNotVoter;
  PanelId panel_id{0};
  bool panel_closed = false;    // Its co-chair has closed voting for it.
  bool voted_on_paper = false;  // Counted in the room (paper_count.h).
};
Elector ElectorOf(pqxx::transaction_base& txn, DecisionId decision_id,
                  PersonId person_id);

// Casting many ballots, on any number of decisions, in two statements, each
// its own transaction with no BEGIN or COMMIT round trips (see BallotBox):
// one reads everything about the voters, the other writes what was checked
// and checks again every fact the checks relied on.
struct BallotAsked {
  std::string token_hash;  // HashToken of the bearer token.
  std::string request_id;
  DecisionId decision_id{0};
};
struct Voter {
  Caller caller;                            // Its token_id included.
  bool request_id_used = false;             // The request is a retry.
  std::optional<v1::PanelRole> panel_role;  // In the decision's round.
  Elector elector;
  uint32_t ballot_version = 0;  // Their ballot in the current run; 0: none.
  std::string ballot_reason;    // Its reason as stored, kept when a change
                                // gives none.
  // Their key, to lock and open their reasons; nullopt when they have none
  // yet (the opener makes it).
  std::optional<privacy::Key> key;
};
struct VotersRead {
  // Each decision asked about as far as a ballot needs it: id, round,
  // method, state, run, closing time and whether it closes when everyone
  // has voted. A decision that does not exist is missing.
  std::map<DecisionId, v1::Decision> decisions;
  // The database's time of the read (or, for facts kept from an earlier
  // read, the server's reckoning of it, which the write refuses if ahead):
  // ballots are cast at it. In PostgreSQL's words and as a time; empty
  // when the read found no voter (nothing to cast, and no clock measured).
  std::string read_at;
  absl::Time read_at_time;
  std::vector<std::optional<Voter>> voters;  // nullopt: the token fails.
};
// Each voter's key, read beside their row, goes to `opener`, so locking
// and opening their reasons takes no read of its own.
VotersRead ReadVoters(pqxx::transaction_base& txn,
                      const std::vector<BallotAsked>& asked,
                      privacy::TextOpener& opener);

struct NewBallot {
  PersonId person_id{0};
  PanelId panel_id{0};
  v1::Choice choice = v1::CHOICE_UNSPECIFIED;
  std::string reason;
  v1::HowGiven how = v1::HOW_GIVEN_SELF;
  PersonId entered_by{0};  // 0: the member themselves.
};
// Casts or replaces the person's ballot in the current run, keeping every
// version and, when none is given, the reason given before; returns it as
// stored.
v1::Ballot UpsertBallot(pqxx::transaction_base& txn,
                        const privacy::DataKeys& keys, DecisionId decision_id,
                        uint32_t run, const NewBallot& ballot);

// A reason given with a vote as it is stored: locked under the voter's key
// (privacy::kVoteReasonContext), in every table a ballot is kept.
std::string LockVoteReason(pqxx::transaction_base& txn,
                           const privacy::DataKeys& keys, PersonId voter,
                           const std::string& reason);
std::string LockVoteReason(privacy::TextOpener& opener, PersonId voter,
                           const std::string& reason);
// The reason as the voter gave it ("" once they were erased).
std::string OpenVoteReason(privacy::TextOpener& opener, PersonId voter,
                           const std::string& stored);

// A ballot checked against a VotersRead, as it will be stored and answered
// (its decision and run included): the next version of the person's ballot
// in the decision's run, cast at the time of the read.
struct CheckedBallot {
  Voter voter;                // What its checks relied on.
  v1::Ballot ballot;          // As answered, its reason as given.
  std::string stored_reason;  // Its reason as stored (LockVoteReason).
};
// Writes the ballots with their ledger claims and events (one each) in one
// statement, which checks again everything the checks relied on. Where a
// ballot's decision has closed or moved to another run, its closing time
// has come (by the database's clock, at the write), its panel has closed,
// the token no longer signs its voter in with the role read, the voter's
// place in the round or their seat has changed or they were recused, their
// key is gone, their ballot has changed, a request id was claimed since the
// read, or the read's time is ahead of the database's, nothing is written
// and pqxx::serialization_failure is thrown, so that the caller reads
// again. Returns the events' sequence numbers.
std::vector<int64_t> WriteCheckedBallots(
    pqxx::transaction_base& txn, const VotersRead& read,
    const std::vector<CheckedBallot>& ballots,
    const std::vector<LedgerClaim>& claims,
    const std::vector<NewEvent>& events);
// A ballot as stored and answered.
v1::Ballot BallotFrom(DecisionId decision_id, uint32_t run, v1::Choice choice,
                      std::string reason, uint32_t version, int64_t cast_at);
std::optional<v1::Ballot> LoadBallot(pqxx::transaction_base& txn,
                                     const privacy::DataKeys& keys,
                                     DecisionId decision_id, uint32_t run,
                                     PersonId person_id);
// An entry a supporter makes for a member: the member's latest one in the
// run, kept beside the ballot that counts (assisted.h says when it counts).
struct NewAssistedBallot {
  v1::HowGiven how = v1::HOW_GIVEN_UNSPECIFIED;
  PersonId entered_by{0};
  bool asked_for_help = false;
  v1::Choice choice = v1::CHOICE_UNSPECIFIED;
  std::string reason;
};
// Replaces the member's assisted entry in the run, unconfirmed.
void StoreAssistedBallot(pqxx::transaction_base& txn,
                         const privacy::DataKeys& keys, DecisionId decision_id,
                         uint32_t run, PersonId member_id,
                         const NewAssistedBallot& entry);
std::optional<AssistedBallot> LoadAssistedBallot(pqxx::transaction_base& txn,
                                                 const privacy::DataKeys& keys,
                                                 DecisionId decision_id,
                                                 uint32_t run,
                                                 PersonId member_id);
// Marks the member's entry confirmed; false when it already was.
bool ConfirmAssistedBallot(pqxx::transaction_base& txn, DecisionId decision_id,
                           uint32_t run, PersonId member_id);
struct AssistedCount {
  uint32_t entered = 0;    // Entries standing (not replaced by the member).
  uint32_t confirmed = 0;  // Of those, confirmed by their member.
};
AssistedCount CountAssistedBallots(pqxx::transaction_base& txn,
                                   DecisionId decision_id, uint32_t run);

// Adds a reason to a ballot after the close, as a new version.
v1::Ballot SetReason(pqxx::transaction_base& txn, const privacy::DataKeys& keys,
                     DecisionId decision_id, uint32_t run, PersonId person_id,
                     const std::string& reason);

// The counted ballots of a run, with who cast them (for NAMED outcomes and
// for asking reasons; never shown for SECRET ones).
struct CountedBallot {
  PersonId person_id{0};
  std::string display_name;
  PanelId panel_id{0};
  v1::Choice choice = v1::CHOICE_UNSPECIFIED;
  std::string reason;
  v1::HowGiven how = v1::HOW_GIVEN_SELF;
};
std::vector<CountedBallot> BallotsOf(pqxx::transaction_base& txn,
                                     const privacy::DataKeys& keys,
                                     DecisionId decision_id, uint32_t run);

// Each panel's frozen rule and the counts of the run's ballots.
std::vector<PanelCount> CountPanels(pqxx::transaction_base& txn,
                                    DecisionId decision_id, uint32_t run);

// Whether every voter (not recused) has a ballot in the run.
bool AllVoted(pqxx::transaction_base& txn, DecisionId decision_id,
              uint32_t run);

// Records that the panel's co-chair closed the decision.
struct PanelClose {
  bool newly_closed = false;  // False: the panel had already closed it.
  bool every_panel_closed = false;
};
PanelClose ClosePanel(pqxx::transaction_base& txn, DecisionId decision_id,
                      PanelId panel_id, PersonId person_id);
// Closes the decision's current run with `result`, keeping the run.
void MarkClosed(pqxx::transaction_base& txn, DecisionId decision_id,
                v1::OutcomeResult result);
// An earlier run of a reopened decision as it closed, and the requests
// that reopened it.
struct ClosedRun {
  uint32_t run = 0;
  v1::OutcomeResult result = v1::OUTCOME_RESULT_UNSPECIFIED;
  v1::NextStep next_step = v1::NEXT_STEP_UNSPECIFIED;
  int64_t closed_at_unix = 0;
  std::vector<v1::ReopenRequest> reopen_requests;
};
// The runs before `current_run`, oldest first.
std::vector<ClosedRun> EarlierRuns(pqxx::transaction_base& txn,
                                   const privacy::DataKeys& keys,
                                   DecisionId decision_id,
                                   uint32_t current_run);
// Open decisions whose closing time has passed, or that close when everyone
// has voted and everyone has; held for closing, skipping any another server
// is closing now.
std::vector<DecisionId> DueToClose(pqxx::transaction_base& txn, int limit);

void SetPanelNextStep(pqxx::transaction_base& txn, DecisionId decision_id,
                      PanelId panel_id, v1::NextStep step);
void SetNextStep(pqxx::transaction_base& txn, DecisionId decision_id,
                 v1::NextStep step);
std::vector<v1::NextStep> PanelNextSteps(pqxx::transaction_base& txn,
                                         DecisionId decision_id);

// False when the panel had already asked in this run.
bool AddReopenRequest(pqxx::transaction_base& txn,
                      const privacy::DataKeys& keys, DecisionId decision_id,
                      uint32_t run, PanelId panel_id, PersonId person_id,
                      const std::string& reason);
// Whether every panel of the decision has asked to reopen this run.
bool EveryPanelAskedToReopen(pqxx::transaction_base& txn,
                             DecisionId decision_id, uint32_t run);
// Starts the next run: voting again, with the same frozen rules and voters.
void Reopen(pqxx::transaction_base& txn, DecisionId decision_id);

// Recruitment: whether every candidate still in the round has a closed
// decision.
bool EveryCandidateDecided(pqxx::transaction_base& txn, RoundId round_id);

// HR's note is about the candidate, and locked under their key.
// `corrects`: the entry this one replaces (see CorrectConfirmation).
void InsertConfirmation(pqxx::transaction_base& txn,
                        const privacy::DataKeys& keys, RoundId round_id,
                        DecisionId decision_id, CandidateId candidate_id,
                        v1::ConfirmationAction action, const std::string& note,
                        PersonId person_id,
                        std::optional<int64_t> corrects = std::nullopt);
// Everything HR recorded in the round, oldest first, notes opened.
std::vector<RecordedConfirmation> ConfirmationsOf(pqxx::transaction_base& txn,
                                                  const privacy::DataKeys& keys,
                                                  RoundId round_id);
// Locks up to `limit` of HR's notes written before they were locked
// (skipping rows another server holds); returns how many.
// Lock up to `limit` reasons given with votes (in every table a ballot is
// kept) and reasons for reopening, kept as written by earlier versions;
// each returns how many.
int64_t LockPlainVoteReasons(pqxx::transaction_base& txn,
                             const privacy::DataKeys& keys, int limit);
int64_t LockPlainReopenReasons(pqxx::transaction_base& txn,
                               const privacy::DataKeys& keys, int limit);
int64_t LockPlainHrNotes(pqxx::transaction_base& txn,
                         const privacy::DataKeys& keys, int limit);
// The latest action standing (not corrected) per decision id of the round;
// with `leave_out`, as the record stood before that entry.
std::map<std::string, v1::ConfirmationAction> LastConfirmations(
    pqxx::transaction_base& txn, RoundId round_id, int64_t leave_out = 0);

}  // namespace equalsay::consensus

#endif  // EQUALSAY_SERVICES_CONSENSUS_STORE_DECISION_STORE_H_
