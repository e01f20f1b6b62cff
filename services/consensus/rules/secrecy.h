// Secret means secret (DESIGN.md rule 4): what a SECRET decision may show,
// and who is asked for a reason after a decision that did not go ahead.
//
// The design (docs/ARCHITECTURE.md, "Secret decisions"): everything a SECRET
// decision shows is a function of each panel's result (agreed or not, quorum
// met or not) and of who took part, never of how anyone voted. Counts are
// withheld unless the round chose to publish them, and then only for panels
// of kMinVotersForCounts or more. Reasons are asked of everyone who voted in
// a panel that did not agree, whatever their choice, and shown without
// name, choice or order of giving, so their number and panel say nothing.
#ifndef EQUALSAY_SERVICES_CONSENSUS_RULES_SECRECY_H_
#define EQUALSAY_SERVICES_CONSENSUS_RULES_SECRECY_H_

#include <string>
#include <vector>

#include "equalsay/v1/consensus.pb.h"

namespace equalsay::consensus {

// In a panel this small a tally gives away how each member voted (3-0), so
// its counts are never published, even where the round asked.
inline constexpr int kMinVotersForCounts = 5;
// Until this many have voted, naming who has voted comes too close to
// naming how.
inline constexpr int kMinVotedForParticipation = 3;

// For a SECRET decision: whether a panel of `voters` shows only whether it
// agreed. `publish_counts` is the round's choice to show counts of panels
// of kMinVotersForCounts or more.
bool CountsWithheld(int voters, bool publish_counts);

// For a SECRET decision: whether who has voted (and how many) stays hidden.
bool ParticipationWithheld(int voted);

// For a SECRET decision, hides how many and who have voted in each panel
// where fewer than kMinVotedForParticipation have. A NAMED one is unchanged.
void HideParticipation(v1::Decision& decision);

// Whether the minutes may say how many ballots a supporter entered for a
// member (and how many the member confirmed), once `decision` has closed
// with `outcome`: for a NAMED decision, always; for a SECRET one only where
// every panel's counts are shown, since the number tells of turnout, which
// a small panel keeps hidden.
bool ShowsAssistedCounts(const v1::Decision& decision,
                         const v1::Outcome& outcome);

// A counted ballot as the reason rules see it. For a SECRET decision it
// never leaves the service as such.
struct BallotWithReason {
  std::string panel_id;
  std::string display_name;
  v1::Choice choice = v1::CHOICE_UNSPECIFIED;
  std::string reason;
};

// Whether a voter in `panel_id` who chose `choice` is asked why, after
// `outcome`: only when the decision did not go ahead. NAMED: those who
// disagreed or objected. SECRET: everyone who voted in a panel that did not
// agree, so that being asked says nothing about a choice.
bool AskedForReason(const v1::Outcome& outcome, bool secret,
                    const std::string& panel_id, v1::Choice choice);

// Fills `outcome`'s reasons and reasons_outstanding from the run's ballots.
// NAMED: each reason of a member who disagreed or objected, with their name.
// SECRET: the reasons of those asked, with no name and no choice, sorted by
// panel and text; reasons of panels that agreed are never shown.
void GatherReasons(const std::vector<BallotWithReason>& ballots, bool secret,
                   v1::Outcome& outcome);

}  // namespace equalsay::consensus

#endif  // EQUALSAY_SERVICES_CONSENSUS_RULES_SECRECY_H_
