#include "services/consensus/rules/secrecy.h"

#include <algorithm>
#include <tuple>

namespace equalsay::consensus {
namespace {

const v1::PanelTally* TallyOf(const v1::Outcome& outcome,
                              const std::string& panel_id) {
  for (const v1::PanelTally& t : outcome.panels()) {
    if (t.panel_id() == panel_id) return &t;
  }
  return nullptr;
}

bool WentAhead(const v1::Outcome& outcome) {
  return outcome.result() == v1::OUTCOME_RESULT_AGREED ||
         outcome.result() == v1::OUTCOME_RESULT_UNSPECIFIED;
}

bool Dissent(v1::Choice choice) {
  return choice == v1::CHOICE_DISAGREE || choice == v1::CHOICE_OBJECT;
}

}  // namespace

bool CountsWithheld(int voters, bool publish_counts) {
  return !publish_counts || voters < kMinVotersForCounts;
}

bool ParticipationWithheld(int voted) {
  return voted < kMinVotedForParticipation;
}

void HideParticipation(v1::Decision& decision) {
  if (decision.secrecy() != v1::SECRECY_SECRET) return;
  for (v1::DecisionPanel& panel : *decision.mutable_panels()) {
    if (!ParticipationWithheld(static_cast<int>(panel.voted()))) continue;
    panel.set_voted(0);
    panel.clear_taken_part();
    panel.set_participation_withheld(true);
  }
}

bool AskedForReason(const v1::Outcome& outcome, bool secret,
                    const std::string& panel_id, v1::Choice choice) {
  if (WentAhead(outcome)) return false;
  if (!secret) return Dissent(choice);
  const v1::PanelTally* tally = TallyOf(outcome, panel_id);
  return tally != nullptr && !tally->agreed();
}

void GatherReasons(const std::vector<BallotWithReason>& ballots, bool secret,
                   v1::Outcome& outcome) {
  outcome.clear_reasons();
  outcome.clear_reasons_outstanding();
  std::vector<v1::Reason> reasons;
  for (const BallotWithReason& b : ballots) {
    const bool asked = AskedForReason(outcome, secret, b.panel_id, b.choice);
    if (asked && b.reason.empty()) {
      outcome.set_reasons_outstanding(outcome.reasons_outstanding() + 1);
    }
    const bool shown = secret ? asked : Dissent(b.choice);
    if (!shown || b.reason.empty()) continue;
    const v1::PanelTally* tally = TallyOf(outcome, b.panel_id);
    v1::Reason& r = reasons.emplace_back();
    r.set_panel_name(tally != nullptr ? tally->panel_name() : "");
    r.set_reason(b.reason);
    if (!secret) {
      r.set_display_name(b.display_name);
      r.set_choice(b.choice);
    }
  }
  if (secret) {
    std::sort(reasons.begin(), reasons.end(),
              [](const v1::Reason& a, const v1::Reason& b) {
                return std::tie(a.panel_name(), a.reason()) <
                       std::tie(b.panel_name(), b.reason());
              });
  }
  for (v1::Reason& r : reasons) *outcome.add_reasons() = std::move(r);
}

bool ShowsAssistedCounts(const v1::Decision& decision,
                         const v1::Outcome& outcome) {
  if (decision.state() != v1::DECISION_STATE_CLOSED) return false;
  if (decision.secrecy() != v1::SECRECY_SECRET) return true;
  for (const v1::PanelTally& panel : outcome.panels()) {
    if (panel.counts_withheld()) return false;
  }
  return true;
}

}  // namespace equalsay::consensus
