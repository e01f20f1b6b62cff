// The outcome rules as a table of cases, and the explanation of each.
#include "services/consensus/rules/outcome.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>

namespace equalsay::consensus {
namespace {

using R = v1::OutcomeResult;

PanelCount Panel(std::string id, v1::PanelKind kind, std::string name,
                 int voters, int agree, int disagree, int abstain) {
  return {.panel_id = std::move(id),
          .kind = kind,
          .name = std::move(name),
          .voters = voters,
          .agree = agree,
          .disagree = disagree,
          .abstain = abstain};
}
PanelCount Su(int voters, int agree, int disagree, int abstain = 0) {
  return Panel("1", v1::PANEL_KIND_SERVICE_USER, "Service User Panel", voters,
               agree, disagree, abstain);
}
PanelCount Staff(int voters, int agree, int disagree, int abstain = 0) {
  return Panel("2", v1::PANEL_KIND_STAFF, "Staff Panel", voters, agree,
               disagree, abstain);
}
PanelCount With(PanelCount p, uint32_t quorum, v1::Threshold threshold) {
  p.quorum_rule = quorum;
  p.threshold = threshold;
  return p;
}
PanelCount Consent(PanelCount p, int agree, int stand_aside, int object) {
  p.agree = agree;
  p.disagree = p.abstain = 0;
  p.stand_aside = stand_aside;
  p.object = object;
  return p;
}

v1::Outcome Decide(std::vector<PanelCount> panels,
                   v1::DecisionMethod method = v1::DECISION_METHOD_YES_NO,
                   bool secret = false,
                   v1::RoundKind kind = v1::ROUND_KIND_RECRUITMENT,
                   bool publish_counts = false) {
  return DecideOutcome({.method = method,
                        .round_kind = kind,
                        .secret = secret,
                        .publish_counts = publish_counts,
                        .panels = std::move(panels)});
}

struct Case {
  const char* name;
  std::vector<PanelCount> panels;
  v1::DecisionMethod method;
  R result;
  std::vector<bool> agreed;  // Per panel.
};

TEST(OutcomeTest, TableOfCases) {
  using v1::DECISION_METHOD_CONSENT;
  using v1::DECISION_METHOD_YES_NO;
  const PanelCount all_agree = Staff(3, 3, 0);
  const Case cases[] = {
      {"both agree",
       {Su(4, 3, 1), Staff(3, 2, 1)},
       DECISION_METHOD_YES_NO,
       R::OUTCOME_RESULT_AGREED,
       {true, true}},
      {"the Service User Panel says no",
       {Su(4, 1, 3), all_agree},
       DECISION_METHOD_YES_NO,
       R::OUTCOME_RESULT_VETOED,
       {false, true}},
      {"the staff panel says no",
       {Su(4, 4, 0), Staff(3, 1, 2)},
       DECISION_METHOD_YES_NO,
       R::OUTCOME_RESULT_VETOED,
       {true, false}},
      {"a tie is not a majority",
       {Su(4, 2, 2), all_agree},
       DECISION_METHOD_YES_NO,
       R::OUTCOME_RESULT_VETOED,
       {false, true}},
      {"abstentions count to quorum, not to the majority",
       {Su(5, 2, 1, 2), all_agree},
       DECISION_METHOD_YES_NO,
       R::OUTCOME_RESULT_AGREED,
       {true, true}},
      {"everyone abstains",
       {Su(3, 0, 0, 3), all_agree},
       DECISION_METHOD_YES_NO,
       R::OUTCOME_RESULT_VETOED,
       {false, true}},
      {"quorum missed by one",
       {Su(5, 2, 0), all_agree},
       DECISION_METHOD_YES_NO,
       R::OUTCOME_RESULT_NO_QUORUM,
       {false, true}},
      {"quorum met exactly",
       {Su(5, 3, 0), all_agree},
       DECISION_METHOD_YES_NO,
       R::OUTCOME_RESULT_AGREED,
       {true, true}},
      {"a quorum above those not recused is capped",
       {With(Su(3, 3, 0), 4, v1::THRESHOLD_SIMPLE_MAJORITY), all_agree},
       DECISION_METHOD_YES_NO,
       R::OUTCOME_RESULT_AGREED,
       {true, true}},
      {"everyone recused",
       {Su(0, 0, 0), all_agree},
       DECISION_METHOD_YES_NO,
       R::OUTCOME_RESULT_NO_QUORUM,
       {false, true}},
      {"no quorum outranks a veto",
       {Su(5, 1, 0), Staff(3, 0, 3)},
       DECISION_METHOD_YES_NO,
       R::OUTCOME_RESULT_NO_QUORUM,
       {false, false}},
      {"a panel of one",
       {Su(1, 1, 0), Staff(1, 1, 0)},
       DECISION_METHOD_YES_NO,
       R::OUTCOME_RESULT_AGREED,
       {true, true}},
      {"unanimity: one against is enough",
       {With(Su(5, 4, 1), 0, v1::THRESHOLD_UNANIMOUS), all_agree},
       DECISION_METHOD_YES_NO,
       R::OUTCOME_RESULT_VETOED,
       {false, true}},
      {"unanimity of those deciding",
       {With(Su(5, 4, 0, 1), 0, v1::THRESHOLD_UNANIMOUS), all_agree},
       DECISION_METHOD_YES_NO,
       R::OUTCOME_RESULT_AGREED,
       {true, true}},
      {"two thirds: 4 of 6 is enough",
       {With(Su(6, 4, 2), 0, v1::THRESHOLD_TWO_THIRDS), all_agree},
       DECISION_METHOD_YES_NO,
       R::OUTCOME_RESULT_AGREED,
       {true, true}},
      {"two thirds: 3 of 5 is not",
       {With(Su(5, 3, 2), 0, v1::THRESHOLD_TWO_THIRDS), all_agree},
       DECISION_METHOD_YES_NO,
       R::OUTCOME_RESULT_VETOED,
       {false, true}},
      {"neither agrees",
       {Su(4, 1, 3), Staff(3, 0, 3)},
       DECISION_METHOD_YES_NO,
       R::OUTCOME_RESULT_NOT_AGREED,
       {false, false}},
      {"consent: one objection blocks",
       {Consent(Su(5, 0, 0), 4, 0, 1), Consent(Staff(3, 0, 0), 3, 0, 0)},
       DECISION_METHOD_CONSENT,
       R::OUTCOME_RESULT_VETOED,
       {false, true}},
      {"consent: standing aside does not block",
       {Consent(Su(5, 0, 0), 2, 3, 0), Consent(Staff(3, 0, 0), 1, 2, 0)},
       DECISION_METHOD_CONSENT,
       R::OUTCOME_RESULT_AGREED,
       {true, true}},
      {"consent: everyone standing aside is not agreement",
       {Consent(Su(3, 0, 0), 0, 3, 0), Consent(Staff(3, 0, 0), 3, 0, 0)},
       DECISION_METHOD_CONSENT,
       R::OUTCOME_RESULT_VETOED,
       {false, true}},
      {"consent ignores the threshold",
       {With(Consent(Su(5, 0, 0), 3, 2, 0), 0, v1::THRESHOLD_UNANIMOUS),
        Consent(Staff(3, 0, 0), 3, 0, 0)},
       DECISION_METHOD_CONSENT,
       R::OUTCOME_RESULT_AGREED,
       {true, true}},
  };
  for (const Case& c : cases) {
    const v1::Outcome outcome = Decide(c.panels, c.method);
    EXPECT_EQ(outcome.result(), c.result) << c.name;
    ASSERT_EQ(outcome.panels_size(), static_cast<int>(c.agreed.size()));
    for (size_t i = 0; i < c.agreed.size(); ++i) {
      EXPECT_EQ(outcome.panels(i).agreed(), c.agreed[i])
          << c.name << ", panel " << i;
    }
  }
}

TEST(OutcomeTest, QuorumAndThresholdArithmetic) {
  EXPECT_EQ(RequiredQuorum(0, 5), 3);
  EXPECT_EQ(RequiredQuorum(0, 4), 3);
  EXPECT_EQ(RequiredQuorum(0, 1), 1);
  EXPECT_EQ(RequiredQuorum(2, 5), 2);
  EXPECT_EQ(RequiredQuorum(7, 5), 5);  // Capped at who can vote.
  EXPECT_EQ(NeededToAgree(v1::THRESHOLD_SIMPLE_MAJORITY, 4), 3);
  EXPECT_EQ(NeededToAgree(v1::THRESHOLD_SIMPLE_MAJORITY, 5), 3);
  EXPECT_EQ(NeededToAgree(v1::THRESHOLD_TWO_THIRDS, 3), 2);
  EXPECT_EQ(NeededToAgree(v1::THRESHOLD_TWO_THIRDS, 4), 3);
  EXPECT_EQ(NeededToAgree(v1::THRESHOLD_TWO_THIRDS, 6), 4);
  EXPECT_EQ(NeededToAgree(v1::THRESHOLD_UNANIMOUS, 4), 4);
  EXPECT_EQ(NeededToAgree(v1::THRESHOLD_UNANIMOUS, 0), 1);
}

// DESIGN.md rule 7, word for word.
TEST(ExplanationTest, TheDesignsVetoExample) {
  EXPECT_EQ(Decide({Su(4, 1, 3), Staff(3, 3, 0)}).explanation(),
            "Not agreed. The Service User Panel did not agree (1 of 4 members "
            "agreed; 3 were needed). Each panel holds an equal veto, so this "
            "appointment does not go ahead.");
}

TEST(ExplanationTest, EachOutcome) {
  EXPECT_EQ(Decide({Su(4, 3, 1), Staff(3, 2, 0, 1)}).explanation(),
            "Agreed. The Service User Panel agreed (3 of 4 members agreed; 3 "
            "were needed). The Staff Panel agreed (2 of 2 members agreed, 1 "
            "abstained; 2 were needed). All panels agreed, so this "
            "appointment can go ahead.");
  EXPECT_EQ(Decide({Su(4, 1, 3), Staff(3, 0, 3)}).explanation(),
            "Not agreed. The Service User Panel did not agree (1 of 4 members "
            "agreed; 3 were needed). The Staff Panel did not agree (0 of 3 "
            "members agreed; 2 were needed). No panel agreed, so this "
            "appointment does not go ahead.");
  EXPECT_EQ(Decide({Su(5, 2, 0), Staff(3, 3, 0)}).explanation(),
            "No decision. The Service User Panel did not reach its quorum (2 "
            "of 5 members voted; 3 were needed). Every panel needs enough of "
            "its members to vote, so this appointment does not go ahead.");
  EXPECT_EQ(Decide({Su(3, 0, 0, 3), Staff(3, 3, 0)}).panels(0).explanation(),
            "The Service User Panel did not agree (all 3 members who voted "
            "abstained; at least one had to agree).");
  EXPECT_EQ(Decide({Su(0, 0, 0), Staff(3, 3, 0)}).panels(0).explanation(),
            "The Service User Panel did not reach its quorum (every voting "
            "member declared a conflict of interest, so nobody could vote).");
  EXPECT_EQ(Decide({Su(1, 1, 0), Staff(1, 1, 0)}).panels(0).explanation(),
            "The Service User Panel agreed (1 of 1 member agreed; 1 was "
            "needed).");
}

TEST(ExplanationTest, ConsentAndStrategyWording) {
  const v1::Outcome outcome =
      Decide({Consent(Su(5, 0, 0), 3, 1, 1), Consent(Staff(3, 0, 0), 2, 1, 0)},
             v1::DECISION_METHOD_CONSENT, false, v1::ROUND_KIND_STRATEGY);
  EXPECT_EQ(outcome.explanation(),
            "Not agreed. The Service User Panel did not agree (1 member "
            "objected, and one is enough to stop it). Each panel holds an "
            "equal veto, so this proposal does not go ahead.");
  EXPECT_EQ(outcome.panels(1).explanation(),
            "The Staff Panel agreed (2 agreed, 1 stood aside and no one "
            "objected).");
  EXPECT_EQ(
      Decide({Consent(Su(5, 0, 0), 1, 4, 0), Consent(Staff(3, 0, 0), 3, 0, 0)},
             v1::DECISION_METHOD_CONSENT, false, v1::ROUND_KIND_STRATEGY)
          .explanation(),
      "Agreed. The Service User Panel agreed (1 agreed, 4 stood aside and "
      "no one objected). The Staff Panel agreed (3 agreed and no one "
      "objected). All panels agreed, so this proposal can go ahead.");
}

// Rule 4: a secret decision's small panel shows only whether it agreed.
TEST(SecretOutcomeTest, SmallPanelsShowOnlyWhetherTheyAgreed) {
  const v1::Outcome outcome =
      Decide({Su(3, 0, 3), Staff(6, 4, 2)}, v1::DECISION_METHOD_YES_NO,
             /*secret=*/true, v1::ROUND_KIND_RECRUITMENT,
             /*publish_counts=*/true);
  EXPECT_EQ(outcome.result(), R::OUTCOME_RESULT_VETOED);
  const v1::PanelTally& su = outcome.panels(0);
  EXPECT_TRUE(su.counts_withheld());
  EXPECT_FALSE(su.agreed());
  EXPECT_EQ(su.agree() + su.disagree() + su.abstain() + su.voted() +
                su.voters() + su.needed() + su.quorum(),
            0u);
  EXPECT_EQ(su.explanation(), "The Service User Panel did not agree.");
  EXPECT_EQ(outcome.explanation(),
            "Not agreed. The Service User Panel did not agree. Each panel "
            "holds an equal veto, so this appointment does not go ahead.");
  // Five or more voters, in a round that publishes counts: they show.
  const v1::PanelTally& staff = outcome.panels(1);
  EXPECT_FALSE(staff.counts_withheld());
  EXPECT_EQ(staff.agree(), 4u);
  EXPECT_EQ(staff.explanation(),
            "The Staff Panel agreed (4 of 6 members agreed; 4 were needed).");
  // By default a secret decision shows no counts however large the panel:
  // 5 of 5 agreeing beside the five who took part would name every choice.
  const v1::Outcome unanimous =
      Decide({Su(5, 5, 0), Staff(6, 6, 0)}, v1::DECISION_METHOD_YES_NO,
             /*secret=*/true);
  for (const v1::PanelTally& t : unanimous.panels()) {
    EXPECT_TRUE(t.counts_withheld());
    EXPECT_EQ(t.agree(), 0u);
  }
  EXPECT_EQ(unanimous.explanation(),
            "Agreed. The Service User Panel agreed. The Staff Panel agreed. "
            "All panels agreed, so this appointment can go ahead.");
  // The same ballots in a named decision show the counts.
  EXPECT_FALSE(
      Decide({Su(3, 0, 3), Staff(6, 4, 2)}).panels(0).counts_withheld());
}

}  // namespace
}  // namespace equalsay::consensus
