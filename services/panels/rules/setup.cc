#include "services/panels/rules/setup.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
#include "services/panels/rules/round_state.h"
#include "services/panels/rules/validation.h"

namespace equalsay::panels {

std::string PanelWords(v1::PanelKind kind) {
  return kind == v1::PANEL_KIND_SERVICE_USER ? "the Service User Panel"
                                             : "the staff panel";
}

std::string DefaultPanelName(v1::PanelKind kind) {
  return kind == v1::PANEL_KIND_SERVICE_USER ? "Service User Panel"
                                             : "Staff Panel";
}

int EffectiveQuorum(uint32_t quorum, int voting_members) {
  if (quorum > 0) return static_cast<int>(quorum);
  return voting_members / 2 + 1;
}

absl::Status CheckCanLeaveSetup(v1::RoundKind kind,
                                const std::vector<PanelShape>& panels,
                                int active_candidates, int criteria) {
  std::vector<std::string> missing;
  for (v1::PanelKind needed :
       {v1::PANEL_KIND_SERVICE_USER, v1::PANEL_KIND_STAFF}) {
    const PanelShape* panel = nullptr;
    for (const PanelShape& p : panels) {
      if (p.kind == needed) panel = &p;
    }
    const std::string name = PanelWords(needed);
    if (panel == nullptr) {
      missing.push_back(absl::StrCat("add ", name));
      continue;
    }
    if (panel->co_chairs == 0) {
      missing.push_back(absl::StrCat(name, " needs a co-chair"));
    }
    if (panel->voting() == 0) {
      missing.push_back(absl::StrCat(name, " needs a voting member"));
    } else if (EffectiveQuorum(panel->quorum, panel->voting()) >
               panel->voting()) {
      missing.push_back(absl::StrCat(name, "'s quorum is ", panel->quorum,
                                     " but it has only ", panel->voting(),
                                     " voting members"));
    }
  }
  if (kind == v1::ROUND_KIND_RECRUITMENT) {
    if (active_candidates == 0) missing.push_back("add a candidate");
    if (criteria == 0) missing.push_back("add a criterion to score against");
  }
  if (missing.empty()) return absl::OkStatus();
  return absl::FailedPreconditionError(absl::StrCat(
      "The round cannot start yet: ", absl::StrJoin(missing, "; "), "."));
}

absl::Status CheckSetupChange(v1::RoundState state, absl::string_view what,
                              bool adding_observer) {
  if (state == v1::ROUND_STATE_SETUP) return absl::OkStatus();
  if (adding_observer && !IsFinished(state)) return absl::OkStatus();
  return absl::FailedPreconditionError(absl::StrCat(
      "The round is ", StateWords(state), ", so you cannot ", what,
      " any more: set-up is fixed once a round starts",
      adding_observer ? " and observers cannot join a finished round" : "",
      "."));
}

absl::Status CheckCorrection(v1::RoundState state, absl::string_view what) {
  if (!IsFinished(state)) return absl::OkStatus();
  return absl::FailedPreconditionError(
      absl::StrCat("The round is ", StateWords(state), ", so you cannot ", what,
                   " any more: a finished round's record stays as it was."));
}

absl::Status CheckRuleChange(int decisions_put) {
  if (decisions_put == 0) return absl::OkStatus();
  return absl::FailedPreconditionError(
      "Voting has started in this round, so its panels' rules stay as they "
      "were when the first decision was put: changing how votes are counted "
      "now would change outcomes.");
}

absl::Status CheckReplacement(v1::RoundState state, int active_voters_after) {
  if (state == v1::ROUND_STATE_SETUP) {
    return absl::FailedPreconditionError(
        "The round is still being set up: add and remove members instead.");
  }
  if (IsFinished(state)) {
    return absl::FailedPreconditionError(
        absl::StrCat("The round is ", StateWords(state),
                     ", so its panels no longer change."));
  }
  if (active_voters_after < 1) {
    return absl::FailedPreconditionError(
        "This would leave the panel without an active voting member, and "
        "every panel must be able to use its veto. Name someone to join "
        "with joining_person_id.");
  }
  return absl::OkStatus();
}

std::string AppointTitle(const std::string& candidate_label) {
  return absl::StrCat("Appoint ", candidate_label, " to the post?");
}

void HideAnonymisedNames(v1::Round& round) {
  for (v1::Candidate& candidate : *round.mutable_candidates()) {
    if (candidate.anonymised()) candidate.clear_name();
  }
}

absl::Status CheckCanJoin(const v1::Person& person, bool seated, int members) {
  if (!person.active()) {
    return absl::FailedPreconditionError(absl::StrCat(
        person.display_name(), " is deactivated, so cannot join a panel."));
  }
  if (seated) {
    return absl::AlreadyExistsError(
        absl::StrCat(person.display_name(),
                     " already sits on a panel of this round; a person sits "
                     "on at most one."));
  }
  return CheckRoom("panel_id", "panel", "members", members, kMaxPanelMembers);
}

absl::Status CheckCanDeactivate(const v1::Person& person,
                                int64_t active_admins) {
  if (person.active() && person.org_role() == v1::ORG_ROLE_ADMIN &&
      active_admins <= 1) {
    return absl::FailedPreconditionError(
        "This is the last active administrator: make someone else an "
        "administrator first, or nobody could manage equalsay.");
  }
  return absl::OkStatus();
}

}  // namespace equalsay::panels
