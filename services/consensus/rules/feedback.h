// Feedback for candidates: each panel's strengths and gaps, from the means
// of its members' criterion scores, in the scale's own words, beside the
// decision's outcome. No panel member is named.
#ifndef EQUALSAY_SERVICES_CONSENSUS_RULES_FEEDBACK_H_
#define EQUALSAY_SERVICES_CONSENSUS_RULES_FEEDBACK_H_

#include <map>
#include <string>
#include <vector>

#include "equalsay/v1/consensus.pb.h"
#include "services/scoring/rules/results.h"

namespace equalsay::consensus {

// A criterion is a strength when a panel's mean is at least three quarters
// of the way up its scale, and a gap when it is below half way.
inline constexpr double kStrengthFrom = 0.75;
inline constexpr double kGapBelow = 0.5;

struct FeedbackInput {
  std::vector<v1::Criterion> criteria;
  std::vector<v1::Panel> panels;
  std::vector<v1::Candidate> candidates;        // Still in the round.
  std::vector<scoring::CountedSheet> sheets;    // Submitted, not recused.
  std::map<std::string, v1::Outcome> outcomes;  // By candidate id.
};

v1::CandidateFeedback BuildFeedback(const FeedbackInput& input);

// "Appointed: every panel agreed." and the like, for a candidate.
std::string OutcomeSentence(const v1::Outcome& outcome);

}  // namespace equalsay::consensus

#endif  // EQUALSAY_SERVICES_CONSENSUS_RULES_FEEDBACK_H_
