#include "services/scoring/rules/visibility.h"

#include "absl/strings/str_cat.h"
#include "services/common/base/panel_roles.h"

namespace equalsay::scoring {
Visibility SheetVisibility(const Viewer& viewer, const SheetFacts& sheet,
                           bool viewer_submitted, bool every_panel_closed) {
  if (sheet.person_id == viewer.person_id) return Visibility::kVisible;
  if (!sheet.submitted) return Visibility::kDraft;
  if (every_panel_closed) {
    return viewer.overseer || viewer.panel_id != PanelId(0)
               ? Visibility::kVisible
               : Visibility::kNotInRound;
  }
  if (viewer.panel_id == PanelId(0) && !viewer.overseer)
    return Visibility::kNotInRound;
  // Before the close a co-chair is a scorer like any member: the role
  // shows progress, never content.
  if (viewer.panel_id != sheet.panel_id || !Votes(viewer.role)) {
    return Visibility::kAfterEveryPanelClosed;
  }
  return viewer_submitted ? Visibility::kVisible
                          : Visibility::kAfterOwnSubmitted;
}

std::string HiddenWords(Visibility why, const std::string& label) {
  switch (why) {
    case Visibility::kVisible:
      return "";
    case Visibility::kDraft:
      return "This sheet is a draft, which only the person writing it sees.";
    case Visibility::kAfterOwnSubmitted:
      return absl::StrCat("You will see other members' scores for ", label,
                          " after you submit your own sheet for them.");
    case Visibility::kAfterEveryPanelClosed:
      return "Scores are shown when every panel has closed scoring, so that "
             "each panel scores independently.";
    case Visibility::kNotInRound:
      return "Only people in this round, HR and administrators see its "
             "scores.";
  }
  return "";
}

std::vector<std::string> WithheldWords(
    const Viewer& viewer, const std::vector<std::string>& unsubmitted_labels,
    bool every_panel_closed) {
  std::vector<std::string> words;
  if (every_panel_closed) return words;
  if (viewer.panel_id != PanelId(0) && Votes(viewer.role)) {
    for (const std::string& label : unsubmitted_labels) {
      words.push_back(HiddenWords(Visibility::kAfterOwnSubmitted, label));
    }
    words.push_back(
        "The other panel's scores are shown when every panel has closed "
        "scoring.");
  } else {
    words.push_back(HiddenWords(Visibility::kAfterEveryPanelClosed, ""));
  }
  return words;
}

}  // namespace equalsay::scoring
