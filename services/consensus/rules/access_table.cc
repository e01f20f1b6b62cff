#include "services/consensus/rules/access_table.h"

namespace equalsay::consensus {

// Who may call each RPC at all. Finer checks (a co-chair acts for their own
// panel; HR confirms only what was agreed) are in the service and rules.
const std::vector<AccessRule>& ConsensusAccessTable() {
  using R = Role;
  // Everyone in the round, administrators and HR, and members' supporters,
  // who see what a member sees.
  constexpr RoleSet kInRound = {R::kAdmin,  R::kHr,       R::kCoChair,
                                R::kMember, R::kObserver, R::kSupporter};
  constexpr RoleSet kVoting = {R::kCoChair, R::kMember};
  static const auto* kTable = new std::vector<AccessRule>{
      {"CreateDecision",
       {R::kAdmin, R::kCoChair},
       true,
       "put decisions to this round's panels"},
      {"GetDecision", kInRound, true, "see this round's decisions"},
      {"ListDecisions", kInRound, true, "see this round's decisions"},
      {"CastBallot", kVoting, true, "vote in this round"},
      {"GetMyBallot", kVoting, true, "vote in this round"},
      {"CastBallotFor",
       {R::kCoChair, R::kMember, R::kSupporter},
       true,
       "enter a ballot for a member you support"},
      {"ConfirmBallot", kVoting, true, "vote in this round"},
      {"CountPaperBallots", kVoting, true, "count paper ballots"},
      {"CloseDecision", {R::kCoChair}, true, "close voting for a panel"},
      {"GetOutcome", kInRound, true, "see this round's outcomes"},
      {"GiveReason", kVoting, true, "give reasons in this round"},
      {"RecordNextStep",
       {R::kCoChair},
       true,
       "record what happens after a decision"},
      {"RequestReopen", {R::kCoChair}, true, "ask to reopen a decision"},
      {"GetConfirmationQueue",
       {R::kAdmin, R::kHr},
       true,
       "see who may be offered the post"},
      {"ConfirmOutcome", {R::kHr}, true, "confirm outcomes"},
      {"CorrectConfirmation",
       {R::kHr},
       true,
       "correct HR's record of an offer"},
      {"WatchRound", kInRound, true, "follow this round live"},
      {"GetMinutes", kInRound, true, "see this round's minutes"},
      {"GetCandidateFeedback",
       {R::kAdmin, R::kHr, R::kCoChair},
       true,
       "see feedback for this round's candidates"},
      {"AddAction",
       {R::kAdmin, R::kCoChair},
       true,
       "add actions to this round's decisions"},
      // Then only the owner, a co-chair or an administrator (the service).
      {"UpdateAction",
       {R::kAdmin, R::kHr, R::kCoChair, R::kMember},
       true,
       "record progress on this round's actions"},
      {"ListActions", kInRound, true, "see this round's actions"},
      // With no round: administrators and HR only (the service).
      {"GetYouSaidWeDid", kInRound, true, "see what came of this round"},
      // Reads the whole trail: administrators only, one check at a time.
      {"VerifyAuditTrail", {R::kAdmin}, false, "check the audit trail"},
  };
  return *kTable;
}

}  // namespace equalsay::consensus
