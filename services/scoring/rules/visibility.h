// Independent scoring (DESIGN.md rule 3): whose sheet each person may see,
// and what to tell them about what they may not see yet.
#ifndef EQUALSAY_SERVICES_SCORING_RULES_VISIBILITY_H_
#define EQUALSAY_SERVICES_SCORING_RULES_VISIBILITY_H_

#include <cstdint>
#include <string>
#include <vector>

#include "equalsay/v1/panels.pb.h"
#include "services/common/base/ids.h"

namespace equalsay::scoring {

// Who is looking.
struct Viewer {
  PersonId person_id{0};
  // Administrator or HR: they oversee rounds and see everything after the
  // close, but nothing before it (unless they also sit on a panel).
  bool overseer = false;
  PanelId panel_id{0};  // 0: on none of the round's panels.
  v1::PanelRole role = v1::PANEL_ROLE_UNSPECIFIED;
};

// The sheet being looked at.
struct SheetFacts {
  PersonId person_id{0};
  PanelId panel_id{0};
  bool submitted = false;
};

enum class Visibility {
  kVisible,
  kDraft,                  // Drafts are private to whoever writes them.
  kAfterOwnSubmitted,      // Same panel: submit your own sheet first.
  kAfterEveryPanelClosed,  // Other panel, observer or overseer.
  kNotInRound,
};

// `viewer_submitted` says whether the viewer has submitted their own sheet
// for the same candidate; `every_panel_closed` whether the round's scoring
// is over.
Visibility SheetVisibility(const Viewer& viewer, const SheetFacts& sheet,
                           bool viewer_submitted, bool every_panel_closed);

// The refusal for a hidden sheet, in words, for a candidate called `label`.
std::string HiddenWords(Visibility why, const std::string& label);

// What the viewer is not shown yet, and until when, whatever sheets exist
// (so that the words themselves reveal nothing). `unsubmitted_labels` are
// the candidates the viewer could score but has not submitted a sheet for.
std::vector<std::string> WithheldWords(
    const Viewer& viewer, const std::vector<std::string>& unsubmitted_labels,
    bool every_panel_closed);

}  // namespace equalsay::scoring

#endif  // EQUALSAY_SERVICES_SCORING_RULES_VISIBILITY_H_
