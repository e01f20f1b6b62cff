// Secret means secret (DESIGN.md rule 4): what a SECRET decision may show.
#ifndef EQUALSAY_SERVICES_CONSENSUS_RULES_SECRECY_H_
#define EQUALSAY_SERVICES_CONSENSUS_RULES_SECRECY_H_

#include <string>
#include <vector>

#include "equalsay/v1/consensus.pb.h"

namespace equalsay::consensus {

// In a panel this small a tally gives away how each member voted (3-0).
inline constexpr int kMinVotersForCounts = 5;
// Until this many have voted, naming who has voted comes too close to
// naming how.
inline constexpr int kMinVotedForParticipation = 3;

// For a SECRET decision: whether a panel of `voters` shows only whether it
// agreed.
bool CountsWithheld(int voters);

// For a SECRET decision: whether who has voted (and how many) stays hidden.
bool ParticipationWithheld(int voted);

// For a SECRET decision, hides how many and who have voted in each panel
// where fewer than kMinVotedForParticipation have. A NAMED one is unchanged.
void HideParticipation(v1::Decision& decision);

// Reasons of a SECRET decision lose their names and are put in an order that
// says nothing about who gave them or when (by panel, then by text).
void AnonymiseReasons(std::vector<v1::Reason>& reasons);

}  // namespace equalsay::consensus

#endif  // EQUALSAY_SERVICES_CONSENSUS_RULES_SECRECY_H_
