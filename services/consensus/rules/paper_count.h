// Paper ballots counted in the room for a SECRET decision (DESIGN.md rule
// 9): two people of a panel count the papers, and they count only when both
// counts agree. What each count is checked for.
#ifndef EQUALSAY_SERVICES_CONSENSUS_RULES_PAPER_COUNT_H_
#define EQUALSAY_SERVICES_CONSENSUS_RULES_PAPER_COUNT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "equalsay/v1/consensus.pb.h"
#include "services/common/base/ids.h"
#include "services/consensus/rules/decision_rules.h"

namespace equalsay::consensus {

// More papers than this in one count is not a room; it is a mistake.
inline constexpr size_t kMaxPaperVoters = 1000;

// How many papers said each choice.
struct PaperTally {
  uint32_t agree = 0, disagree = 0, abstain = 0, stand_aside = 0, object = 0;
  uint64_t Total() const {
    return uint64_t{agree} + disagree + abstain + stand_aside + object;
  }
  bool operator==(const PaperTally&) const = default;
};
PaperTally TallyOf(const v1::CountPaperBallotsRequest& request);

// A panel's paper count in a run, as stored.
struct PaperCount {
  std::vector<PersonId> voters;  // Sorted.
  PaperTally tally;
  PersonId counted_by{0};
  std::string counted_by_name;
  bool checked = false;  // A second person entered the same: it counts.
  // A second person entered something else: nobody counts second until the
  // co-chair counts afresh.
  bool differed = false;
};

// A person listed as having handed in a paper, as the electorate has them.
struct PaperVoter {
  PersonId id{0};
  std::string display_name;
  Seat seat = Seat::kNotVoter;
  PanelId panel_id{0};
  bool voted = false;  // Has a ballot in the run, however given.
};

// Everything a count is checked against, read in its transaction with the
// decision held alone (no ballot is written meanwhile).
struct PaperMoment {
  PanelId panel_id{0};    // The counter's panel in the round.
  bool co_chair = false;  // The counter co-chairs it.
  bool panel_closed = false;
  absl::Time now = absl::InfiniteFuture();
  std::vector<PaperVoter> voters;      // Those listed (sorted, no repeats).
  std::optional<PaperCount> standing;  // The panel's count in this run.
};

enum class PaperStep {
  kFirstCount,    // Stored, waiting for the second.
  kSecondCount,   // Matches the first: the papers count from now.
  kSecondDiffers  // Recorded as differing; the co-chair counts afresh.
};

// The listed person ids, parsed, sorted and checked for repeats and size
// (INVALID_ARGUMENT naming voter_person_ids).
absl::StatusOr<std::vector<PersonId>> ParsePaperVoters(
    const v1::CountPaperBallotsRequest& request);

// Which count `request` is, when `counter` may enter it now. Refused: a
// NAMED decision, voting closed (the decision, the panel or the closing
// time), the panel's papers already counted, a first count by anyone but a
// co-chair of the panel, a second count after one that differed (until the
// co-chair counts afresh), anyone listed who is not a voting member of the
// counter's panel or has already voted, and counts for choices the method
// does not have or that do not add up to one per member listed. A second
// count that differs is not refused but recorded (kSecondDiffers): each
// try at matching a secret count costs a fresh count that everyone sees.
absl::StatusOr<PaperStep> CheckPaperCount(const v1::Decision& decision,
                                          const PaperMoment& moment,
                                          PersonId counter,
                                          const std::vector<PersonId>& voters,
                                          const PaperTally& tally);

}  // namespace equalsay::consensus

#endif  // EQUALSAY_SERVICES_CONSENSUS_RULES_PAPER_COUNT_H_
