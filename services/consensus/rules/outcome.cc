#include "services/consensus/rules/outcome.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/consensus/rules/secrecy.h"

namespace equalsay::consensus {
namespace {

std::string Members(int n) {
  return absl::StrCat(n, n == 1 ? " member" : " members");
}
std::string WasWere(int n) {
  return absl::StrCat(n, n == 1 ? " was needed" : " were needed");
}

// "(3 of 4 members agreed, 1 abstained; 3 were needed)" and the like.
std::string CountWords(const v1::PanelTally& t, v1::DecisionMethod method) {
  if (t.voters() == 0) {
    return " (every voting member declared a conflict of interest, so nobody "
           "could vote)";
  }
  if (!t.quorum_met()) {
    return absl::StrCat(" (", t.voted(), " of ", Members(t.voters()),
                        " voted; ", WasWere(t.quorum()), ")");
  }
  if (method == v1::DECISION_METHOD_CONSENT) {
    if (t.object() > 0) {
      return absl::StrCat(" (", Members(t.object()),
                          " objected, and one is enough to stop it)");
    }
    if (t.agree() == 0) {
      return " (everyone who voted stood aside; at least one member had to "
             "agree)";
    }
    if (t.stand_aside() == 0) {
      return absl::StrCat(" (", t.agree(), " agreed and no one objected)");
    }
    return absl::StrCat(" (", t.agree(), " agreed, ", t.stand_aside(),
                        " stood aside and no one objected)");
  }
  const int deciding = static_cast<int>(t.agree() + t.disagree());
  if (deciding == 0) {
    return absl::StrCat(" (all ", Members(t.voted()),
                        " who voted abstained; at least one had to agree)");
  }
  std::string words =
      absl::StrCat(" (", t.agree(), " of ", Members(deciding), " agreed");
  if (t.abstain() > 0) absl::StrAppend(&words, ", ", t.abstain(), " abstained");
  absl::StrAppend(&words, "; ", WasWere(static_cast<int>(t.needed())), ")");
  return words;
}

std::string PanelSentence(const v1::PanelTally& t, v1::DecisionMethod method) {
  std::string verb = !t.quorum_met() ? "did not reach its quorum"
                     : t.agreed()    ? "agreed"
                                     : "did not agree";
  return absl::StrCat("The ", t.panel_name(), " ", verb,
                      t.counts_withheld() ? "" : CountWords(t, method), ".");
}

v1::PanelTally Tally(const PanelCount& c, v1::DecisionMethod method,
                     bool secret, bool publish_counts) {
  v1::PanelTally t;
  t.set_panel_id(c.panel_id);
  t.set_panel_kind(c.kind);
  t.set_panel_name(c.name);
  t.set_voters(c.voters);
  t.set_voted(c.voted());
  t.set_quorum(RequiredQuorum(c.quorum_rule, c.voters));
  t.set_quorum_met(c.voters > 0 && c.voted() >= static_cast<int>(t.quorum()));
  t.set_agree(c.agree);
  if (method == v1::DECISION_METHOD_CONSENT) {
    t.set_stand_aside(c.stand_aside);
    t.set_object(c.object);
    t.set_agreed(t.quorum_met() && c.object == 0 && c.agree > 0);
  } else {
    t.set_disagree(c.disagree);
    t.set_abstain(c.abstain);
    const int deciding = c.agree + c.disagree;
    t.set_needed(NeededToAgree(c.threshold, deciding));
    t.set_agreed(t.quorum_met() && deciding > 0 &&
                 c.agree >= static_cast<int>(t.needed()));
  }
  t.set_counts_withheld(secret && CountsWithheld(c.voters, publish_counts));
  t.set_explanation(PanelSentence(t, method));
  if (t.counts_withheld()) {
    const bool agreed = t.agreed(), quorum_met = t.quorum_met();
    const std::string explanation = t.explanation();
    t = v1::PanelTally();
    t.set_panel_id(c.panel_id);
    t.set_panel_kind(c.kind);
    t.set_panel_name(c.name);
    t.set_counts_withheld(true);
    t.set_quorum_met(quorum_met);
    t.set_agreed(agreed);
    t.set_explanation(explanation);
  }
  return t;
}

}  // namespace

int RequiredQuorum(uint32_t quorum_rule, int voters) {
  if (voters <= 0) return 1;
  if (quorum_rule == 0) return voters / 2 + 1;
  return std::min(static_cast<int>(quorum_rule), voters);
}

int NeededToAgree(v1::Threshold threshold, int deciding) {
  switch (threshold) {
    case v1::THRESHOLD_TWO_THIRDS:
      return std::max(1, (2 * deciding + 2) / 3);  // Rounds 2n/3 up.
    case v1::THRESHOLD_UNANIMOUS:
      return std::max(1, deciding);
    case v1::THRESHOLD_SIMPLE_MAJORITY:
    case v1::THRESHOLD_UNSPECIFIED:  // Stored panels always name theirs.
    case v1::Threshold_INT_MIN_SENTINEL_DO_NOT_USE_:
    case v1::Threshold_INT_MAX_SENTINEL_DO_NOT_USE_:
      break;
  }
  return deciding / 2 + 1;  // More than half.
}

v1::Outcome DecideOutcome(const OutcomeInput& input) {
  v1::Outcome out;
  bool all_quorate = true, all_agreed = true, any_agreed = false;
  for (const PanelCount& c : input.panels) {
    v1::PanelTally t =
        Tally(c, input.method, input.secret, input.publish_counts);
    all_quorate &= t.quorum_met();
    all_agreed &= t.agreed();
    any_agreed |= t.agreed();
    *out.add_panels() = std::move(t);
  }
  const bool recruitment = input.round_kind == v1::ROUND_KIND_RECRUITMENT;
  const char* thing = recruitment ? "this appointment" : "this proposal";
  std::vector<std::string> said;
  auto say = [&](auto keep) {
    for (const v1::PanelTally& t : out.panels()) {
      if (keep(t)) said.push_back(t.explanation());
    }
  };
  std::string opening, closing;
  if (input.panels.empty()) {
    out.set_result(v1::OUTCOME_RESULT_NO_QUORUM);
    opening = "No decision.";
    closing = "There were no panels to vote.";
  } else if (!all_quorate) {
    out.set_result(v1::OUTCOME_RESULT_NO_QUORUM);
    opening = "No decision.";
    say([](const v1::PanelTally& t) { return !t.quorum_met(); });
    closing =
        absl::StrCat("Every panel needs enough of its members to vote, so ",
                     thing, " does not go ahead.");
  } else if (all_agreed) {
    out.set_result(v1::OUTCOME_RESULT_AGREED);
    opening = "Agreed.";
    say([](const v1::PanelTally&) { return true; });
    closing = absl::StrCat("All panels agreed, so ", thing, " can go ahead.");
  } else if (any_agreed) {
    out.set_result(v1::OUTCOME_RESULT_VETOED);
    opening = "Not agreed.";
    say([](const v1::PanelTally& t) { return !t.agreed(); });
    closing = absl::StrCat("Each panel holds an equal veto, so ", thing,
                           " does not go ahead.");
  } else {
    out.set_result(v1::OUTCOME_RESULT_NOT_AGREED);
    opening = "Not agreed.";
    say([](const v1::PanelTally&) { return true; });
    closing =
        absl::StrCat("No panel agreed, so ", thing, " does not go ahead.");
  }
  said.insert(said.begin(), opening);
  said.push_back(closing);
  out.set_explanation(absl::StrJoin(said, " "));
  return out;
}

}  // namespace equalsay::consensus
