#include "services/panels/rules/my_work.h"

#include "absl/strings/str_cat.h"
#include "services/common/base/panel_roles.h"

namespace equalsay::panels {

std::vector<std::string> ToDo(const MyPlace& place) {
  std::vector<std::string> todo;
  const bool votes = Votes(place.role);
  switch (place.state) {
    case v1::ROUND_STATE_SETUP:
      if (votes && place.kind == v1::ROUND_KIND_RECRUITMENT) {
        todo.push_back(
            "Read the candidate pack. If you know a candidate, declare a "
            "conflict of interest before scoring starts.");
      }
      break;
    case v1::ROUND_STATE_SCORING:
      if (place.scoring_closed) break;
      if (votes && place.candidates > place.submitted) {
        const int left = place.candidates - place.submitted;
        todo.push_back(absl::StrCat("Score ", left,
                                    left == 1 ? " candidate" : " candidates",
                                    " against the criteria."));
      } else if (votes && place.candidates > 0) {
        todo.push_back(
            "You have submitted all your score sheets. You can change them "
            "until your panel closes scoring.");
      }
      if (place.role == v1::PANEL_ROLE_CO_CHAIR) {
        todo.push_back(
            "Close scoring for your panel once everyone has submitted.");
      }
      break;
    case v1::ROUND_STATE_DECIDING:
    case v1::ROUND_STATE_OPEN:
      if (votes && place.to_vote > 0) {
        todo.push_back(absl::StrCat(
            "Vote on ", place.to_vote,
            place.to_vote == 1 ? " open decision." : " open decisions."));
      }
      if (votes && place.to_count_papers > 0) {
        todo.push_back(absl::StrCat(
            "Count the paper ballots again on ", place.to_count_papers,
            place.to_count_papers == 1 ? " decision" : " decisions",
            ": they count only once a second person of your panel has "
            "counted them and entered the same."));
      }
      if (votes && place.role == v1::PANEL_ROLE_CO_CHAIR &&
          place.papers_differ > 0) {
        todo.push_back(absl::StrCat(
            "The two counts of the paper ballots differed on ",
            place.papers_differ,
            place.papers_differ == 1 ? " decision" : " decisions",
            ": count the papers again together, then enter the count "
            "afresh."));
      }
      if (place.role == v1::PANEL_ROLE_CO_CHAIR && place.to_close > 0) {
        todo.push_back(
            absl::StrCat("Close voting for your panel on ", place.to_close,
                         place.to_close == 1 ? " decision" : " decisions",
                         " when it is time."));
      }
      break;
    case v1::ROUND_STATE_DECIDED:
    case v1::ROUND_STATE_CONFIRMED:
    case v1::ROUND_STATE_WITHDRAWN:
    case v1::ROUND_STATE_CLOSED:
    case v1::ROUND_STATE_UNSPECIFIED:
    case v1::RoundState_INT_MIN_SENTINEL_DO_NOT_USE_:
    case v1::RoundState_INT_MAX_SENTINEL_DO_NOT_USE_:
      break;
  }
  // After agreed decisions, whatever the round's state: "you said, we did".
  if (place.actions_owned > 0) {
    todo.push_back(absl::StrCat(
        "Record progress on ", place.actions_owned,
        place.actions_owned == 1 ? " action" : " actions",
        " you own, and say when each is done: the panels will read it."));
  }
  if (place.role == v1::PANEL_ROLE_CO_CHAIR && place.actions_overdue > 0) {
    todo.push_back(
        absl::StrCat(place.actions_overdue,
                     place.actions_overdue == 1 ? " action is" : " actions are",
                     " overdue: ask the owner how it is going."));
  }
  if (place.role == v1::PANEL_ROLE_CO_CHAIR && place.to_confirm > 0) {
    todo.push_back(
        absl::StrCat("Confirm time or expenses: ", place.to_confirm,
                     place.to_confirm == 1 ? " entry is" : " entries are",
                     " waiting (Your time and payments)."));
  }
  return todo;
}

}  // namespace equalsay::panels
