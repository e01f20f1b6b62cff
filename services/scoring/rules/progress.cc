#include "services/scoring/rules/progress.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/panels/rules/round_state.h"

namespace equalsay::scoring {

v1::PanelProgress Progress(const ProgressInput& input) {
  v1::PanelProgress out;
  out.set_panel_id(input.panel.id());
  out.set_panel_kind(input.panel.kind());
  out.set_panel_name(input.panel.name());
  out.set_closed(input.closed);
  for (const v1::Candidate& candidate : input.candidates) {
    auto* c = out.add_candidates();
    c->set_candidate_id(candidate.id());
    c->set_label(candidate.label());
    for (const v1::Member& member : input.panel.members()) {
      if (member.role() != v1::PANEL_ROLE_CO_CHAIR &&
          member.role() != v1::PANEL_ROLE_MEMBER) {
        continue;
      }
      const CandidatePerson key{candidate.id(), member.person_id()};
      if (input.recused.contains(key)) continue;
      c->set_expected(c->expected() + 1);
      if (input.submitted.contains(key)) {
        c->set_submitted(c->submitted() + 1);
        c->add_submitted_by(member.display_name());
      } else {
        c->add_not_yet_submitted(member.display_name());
      }
    }
    c->set_still_needed(c->expected() - c->submitted());
  }
  return out;
}

std::string MissingSheetsWords(const v1::PanelProgress& progress) {
  std::vector<std::string> parts;
  int missing = 0;
  for (const auto& c : progress.candidates()) {
    if (c.not_yet_submitted().empty()) continue;
    missing += c.not_yet_submitted_size();
    parts.push_back(absl::StrCat(c.label(), ": ",
                                 absl::StrJoin(c.not_yet_submitted(), ", ")));
  }
  if (missing == 0) return "";
  return absl::StrCat(missing, missing == 1 ? " sheet has" : " sheets have",
                      " not been submitted yet (", absl::StrJoin(parts, "; "),
                      "). Sheets not submitted when scoring closes do not "
                      "count.");
}

absl::Status CheckCanCloseScoring(v1::RoundState round_state,
                                  bool already_closed,
                                  const v1::PanelProgress& progress,
                                  bool close_anyway) {
  if (round_state != v1::ROUND_STATE_SCORING) {
    return absl::FailedPreconditionError(
        absl::StrCat("The round is ", panels::StateWords(round_state),
                     ", so there is no scoring to close."));
  }
  if (already_closed) {
    return absl::FailedPreconditionError(absl::StrCat(
        "Scoring for the ", progress.panel_name(), " is already closed."));
  }
  const std::string missing = MissingSheetsWords(progress);
  if (!missing.empty() && !close_anyway) {
    return absl::FailedPreconditionError(absl::StrCat(
        missing, " To close anyway, ask again with close_anyway set."));
  }
  return absl::OkStatus();
}

}  // namespace equalsay::scoring
