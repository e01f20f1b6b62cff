// What a decision needs to be put, and who may vote in it.
#ifndef EQUALSAY_SERVICES_CONSENSUS_RULES_DECISION_RULES_H_
#define EQUALSAY_SERVICES_CONSENSUS_RULES_DECISION_RULES_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "equalsay/v1/consensus.pb.h"
#include "equalsay/v1/panels.pb.h"
#include "services/common/base/ids.h"

namespace equalsay::consensus {

inline constexpr size_t kMaxTitle = 200;
inline constexpr size_t kMaxText = 4000;
inline constexpr size_t kMaxReason = 2000;
inline constexpr int64_t kMaxOpenSeconds = 366LL * 24 * 3600;

// Checks the request against the round: its kind and state, the method,
// secrecy and closing time (`now_unix` is the caller's clock reading).
// INVALID_ARGUMENT naming the field, or FAILED_PRECONDITION for the state.
absl::Status CheckNewDecision(const v1::CreateDecisionRequest& request,
                              v1::RoundKind kind, v1::RoundState state,
                              int64_t now_unix);

// Whether `candidate` may have a decision put: not withdrawn, and none of
// the round's `decisions` already on them (one per candidate; to hold it
// again, the co-chairs of every panel reopen it).
// FAILED_PRECONDITION or ALREADY_EXISTS saying which, in words.
absl::Status CheckCandidateToDecide(const v1::Candidate& candidate,
                                    const std::vector<v1::Decision>& decisions);

// "decision/12": how the audit trail names a decision.
std::string DecisionSubject(DecisionId decision_id);

// Whether `choice` is one of the method's three.
absl::Status CheckChoice(v1::DecisionMethod method, v1::Choice choice);

// Where the person stands in the decision's frozen electorate.
enum class Seat { kVoter, kRecused, kNotVoter };

// Where one voter stands when their ballot arrives.
struct BallotMoment {
  Seat seat = Seat::kNotVoter;
  // Their panel's co-chair has closed voting for the panel.
  bool panel_closed = false;
  // Their paper ballot was counted in the room (paper_count.h): it counts,
  // and they vote no other way in this run.
  bool voted_on_paper = false;
  // The database's clock when the ballot was read (or this server's
  // reckoning of it, for facts kept from an earlier read; the write then
  // judges the closing time by the database's own clock): the closing time
  // is judged against it, so every server agrees.
  absl::Time now = absl::InfiniteFuture();
};

// Whether `decision`'s closing time has come at `now` (never, without one).
bool PastClosingTime(const v1::Decision& decision, absl::Time now);

// OK when the person may cast or change a ballot now: a voter, the decision
// voting, their panel not closed and the closing time not yet come.
absl::Status CheckCanVote(const v1::Decision& decision,
                          const BallotMoment& moment);

// Everything a ballot is checked for once its caller may act in the round:
// CheckCanVote, the choice and the reason.
absl::Status CheckBallot(const v1::Decision& decision,
                         const BallotMoment& moment,
                         const v1::CastBallotRequest& request);

// The reason a changed ballot keeps: the new one, or the one given before
// when none is given now (changing a vote never erases what was said).
std::string KeptReason(const std::string& given, const std::string& before);

std::string ChoiceWords(v1::Choice choice);  // "agree", "stand aside", ...

}  // namespace equalsay::consensus

#endif  // EQUALSAY_SERVICES_CONSENSUS_RULES_DECISION_RULES_H_
