// The outcome of a closed decision (DESIGN.md rules 1, 4 and 7): each
// panel's tally, quorum and agreement by its own rule, the overall result
// under the equal veto, and the explanation in plain English.
#ifndef EQUALSAY_SERVICES_CONSENSUS_RULES_OUTCOME_H_
#define EQUALSAY_SERVICES_CONSENSUS_RULES_OUTCOME_H_

#include <cstdint>
#include <string>
#include <vector>

#include "equalsay/v1/consensus.pb.h"

namespace equalsay::consensus {

// One panel's frozen rule and its counted ballots.
struct PanelCount {
  std::string panel_id;
  v1::PanelKind kind = v1::PANEL_KIND_UNSPECIFIED;
  std::string name;
  uint32_t quorum_rule = 0;  // 0: more than half.
  v1::Threshold threshold = v1::THRESHOLD_SIMPLE_MAJORITY;
  int voters = 0;  // Voting members not recused.
  int agree = 0, disagree = 0, abstain = 0, stand_aside = 0, object = 0;
  int voted() const {
    return agree + disagree + abstain + stand_aside + object;
  }
};

struct OutcomeInput {
  v1::DecisionMethod method = v1::DECISION_METHOD_YES_NO;
  v1::RoundKind round_kind = v1::ROUND_KIND_RECRUITMENT;
  bool secret = false;
  // The round chose to publish the counts of secret decisions in panels of
  // kMinVotersForCounts or more.
  bool publish_counts = false;
  std::vector<PanelCount> panels;
};

// How many must vote: the panel's quorum (at most everyone who can vote), or
// more than half of those who can. Recused members do not count.
int RequiredQuorum(uint32_t quorum_rule, int voters);

// How many "agree" a YES_NO panel needs among those who agreed or disagreed
// (abstentions count towards quorum, not towards the threshold).
int NeededToAgree(v1::Threshold threshold, int deciding);

// The whole outcome. Counts of a SECRET decision's panels are withheld
// (rule 4) unless the round publishes them and the panel has at least 5
// voters: zero in the tally, absent from the words.
v1::Outcome DecideOutcome(const OutcomeInput& input);

}  // namespace equalsay::consensus

#endif  // EQUALSAY_SERVICES_CONSENSUS_RULES_OUTCOME_H_
