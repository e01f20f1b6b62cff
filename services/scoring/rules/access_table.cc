#include "services/scoring/rules/access_table.h"

namespace equalsay::scoring {

// Who may call each RPC at all; which sheets they then see is rules/visibility.
const std::vector<AccessRule>& ScoringAccessTable() {
  using R = Role;
  constexpr RoleSet kInRound = {R::kAdmin, R::kHr, R::kCoChair, R::kMember,
                                R::kObserver};
  constexpr RoleSet kVoting = {R::kCoChair, R::kMember};
  static const auto* kTable = new std::vector<AccessRule>{
      // A supporter sees the sheet of the member they support, and no other.
      {"GetScoreSheet",
       {R::kAdmin, R::kHr, R::kCoChair, R::kMember, R::kObserver,
        R::kSupporter},
       true,
       "see score sheets in this round"},
      {"SaveScoreSheet", kVoting, true, "score candidates in this round"},
      {"SubmitScoreSheet", kVoting, true, "score candidates in this round"},
      {"SaveScoreSheetFor",
       {R::kCoChair, R::kMember, R::kSupporter},
       true,
       "enter a score sheet for a member you support"},
      {"ListScoreSheets", kInRound, true, "see score sheets in this round"},
      {"GetScoreSheetHistory", kInRound, true,
       "see score sheets in this round"},
      {"GetScoringProgress",
       {R::kAdmin, R::kCoChair},
       true,
       "see scoring progress in this round"},
      {"CloseScoring", {R::kCoChair}, true, "close scoring for a panel"},
      {"GetResults", kInRound, true, "see this round's results"},
  };
  return *kTable;
}

}  // namespace equalsay::scoring
