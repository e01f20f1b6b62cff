#include "services/panels/rules/access_table.h"

namespace equalsay::panels {

const std::vector<AccessRule>& PanelAccessTable() {
  using R = Role;
  constexpr RoleSet kAdmin = {R::kAdmin};
  constexpr RoleSet kAdminOrHr = {R::kAdmin, R::kHr};
  // Everyone in the round, plus administrators and HR, who oversee rounds,
  // and members' supporters, who see what a member sees of the round.
  constexpr RoleSet kInRound = {R::kAdmin,  R::kHr,       R::kCoChair,
                                R::kMember, R::kObserver, R::kSupporter};
  constexpr RoleSet kVoting = {R::kCoChair, R::kMember};
  static const auto* kTable = new std::vector<AccessRule>{
      {"CreatePerson", kAdmin, false, "add people"},
      {"GetPerson", kAdminOrHr, false, "look up people"},
      {"ListPeople", kAdminOrHr, false, "list people"},
      {"DeactivatePerson", kAdmin, false, "deactivate people"},
      {"UpdatePerson", kAdmin, false, "correct people's details"},
      {"ImportPeople", kAdmin, false, "import people"},
      {"IssueToken", kAdmin, false, "issue sign-in tokens"},
      {"RevokeToken", RoleSet::Everyone(), false,
       "revoke sign-in tokens"},  // Own tokens; administrators any.
      {"GetMe", RoleSet::Everyone(), false, "see who you are signed in as"},
      {"CreateSignInLink", kAdmin, false, "make sign-in links"},
      {"SignIn", RoleSet::Everyone(), false, "sign in",
       Credential::kSignInLink},
      {"GetSignInMethods", RoleSet::Everyone(), false, "see how to sign in",
       Credential::kNothing},
      {"SignInWithProvider", RoleSet::Everyone(), false,
       "sign in with an organisation's account", Credential::kNothing},
      {"SignOut", RoleSet::Everyone(), false, "sign out"},
      {"ListTokens", RoleSet::Everyone(), false,
       "list sign-ins"},  // Own; administrators anyone's.
      {"ListMail", kAdmin, false, "see the e-mail equalsay sent"},
      {"RetryMail", kAdmin, false, "send e-mail again"},
      {"RemindPanel", {R::kCoChair}, true, "remind this round's panel"},
      {"CreateRound", kAdmin, false, "create rounds"},
      {"GetRound", kInRound, true, "see this round"},
      {"ListRounds", RoleSet::Everyone(), false,
       "list rounds"},  // Each sees only rounds they may see.
      {"OpenRound", kAdmin, true, "start this round"},
      {"WithdrawRound", kAdmin, true, "withdraw this round"},
      {"UpdateRound", kAdmin, true, "change this round"},
      {"AddPanel", kAdmin, true, "add panels to this round"},
      {"AddMember", kAdmin, true, "add members to this round's panels"},
      {"RemoveMember", kAdmin, true, "remove members from this round's panels"},
      {"ReplaceMember", kAdmin, true, "replace members of this round's panels"},
      {"AddCandidate", kAdmin, true, "add candidates to this round"},
      {"WithdrawCandidate",
       {R::kAdmin, R::kHr},
       true,
       "withdraw candidates from this round"},
      {"AddCriterion", kAdmin, true, "add criteria to this round"},
      {"UpdateCandidate", kAdmin, true, "correct this round's candidates"},
      {"ImportCandidates", kAdmin, true, "import candidates to this round"},
      {"UpdateCriterion", kAdmin, false, "change criteria"},
      {"UpdatePanel", kAdmin, true, "change this round's panels"},
      {"DeclareConflict", kVoting, true,
       "declare a conflict of interest in this round"},
      {"ListMyRounds", RoleSet::Everyone(), false, "list your rounds"},
      {"AddDocument", kAdmin, true, "add to this round's pack"},
      {"ListDocuments", kInRound, true, "see this round's pack"},
      {"GetDocument", kInRound, true, "read this round's pack"},
      {"RemoveDocument", kAdmin, true, "remove from this round's pack"},
      {"NameSupporter", kVoting, true, "name a member's supporter"},
      {"WithdrawSupporter",
       {R::kCoChair, R::kMember, R::kSupporter},
       true,
       "withdraw a member's supporter"},
      {"ListSupporters",
       {R::kAdmin, R::kCoChair, R::kMember, R::kSupporter},
       true,
       "see this round's supporters"},
      {"SetRate", kAdmin, false, "set the rates time is paid at"},
      {"ListRates", RoleSet::Everyone(), false, "see the rates"},
      {"RecordInvolvement", kVoting, true,
       "record time or expenses in this round"},
      {"FillInvolvement",
       {R::kCoChair},
       true,
       "fill in your panel's time in this round"},
      {"ConfirmInvolvement",
       {R::kAdmin, R::kCoChair},
       true,
       "confirm time and expenses in this round"},
      {"ListInvolvement",
       {R::kAdmin, R::kHr, R::kCoChair, R::kMember},
       true,
       "see time and expenses in this round"},  // Members: their own.
      {"ChooseRecognition", kVoting, true,
       "choose how your time in this round is recognised"},
      {"SetIncomeLimit", RoleSet::Everyone(), false,
       "set your income limit"},  // Their own.
      {"GetStatement", RoleSet::Everyone(), false,
       "see statements"},  // Own; administrators and HR anyone's.
      {"ExportPayments", kAdminOrHr, false, "export payments"},
      {"ExportPersonData", RoleSet::Everyone(), false,
       "see what equalsay holds about people"},  // Own; administrators any.
      {"ExportCandidateData", kAdmin, true,
       "see what equalsay holds about this round's candidates"},
      {"ErasePerson", kAdmin, false, "erase people's personal data"},
      {"EraseCandidate", kAdmin, true, "erase candidates' personal data"},
      {"PlanRetention", kAdmin, false, "see what the retention policy erases"},
      {"GetPrivacyNotice", RoleSet::Everyone(), false,
       "read the privacy notice", Credential::kNothing},
      {"AcknowledgePrivacyNotice", RoleSet::Everyone(), false,
       "say you have read the privacy notice"},
  };
  return *kTable;
}

}  // namespace equalsay::panels
