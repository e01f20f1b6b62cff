#include "services/consensus/rules/secrecy.h"

#include <algorithm>
#include <tuple>

namespace equalsay::consensus {

bool CountsWithheld(int voters) { return voters < kMinVotersForCounts; }

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

void AnonymiseReasons(std::vector<v1::Reason>& reasons) {
  for (v1::Reason& r : reasons) r.clear_display_name();
  std::sort(reasons.begin(), reasons.end(),
            [](const v1::Reason& a, const v1::Reason& b) {
              return std::tie(a.panel_name(), a.reason()) <
                     std::tie(b.panel_name(), b.reason());
            });
}

}  // namespace equalsay::consensus
