#include "clients/cli/fields.h"

#include <gtest/gtest.h>

#include "clients/cli/render.h"
#include "equalsay/v1/consensus.pb.h"
#include "equalsay/v1/panels.pb.h"

namespace equalsay::cli {
namespace {

TEST(EnumWordsTest, PeopleTypeWordsNotConstants) {
  const auto* kind = v1::PanelKind_descriptor();
  for (const char* typed : {"service-user", "Service User", "SERVICE_USER",
                            "PANEL_KIND_SERVICE_USER"}) {
    const auto* value = EnumFromWords(kind, typed);
    ASSERT_NE(value, nullptr) << typed;
    EXPECT_EQ(value->number(), v1::PANEL_KIND_SERVICE_USER);
  }
  EXPECT_EQ(EnumFromWords(kind, "unspecified"), nullptr);
  EXPECT_EQ(EnumFromWords(kind, "board"), nullptr);
  EXPECT_EQ(EnumWords(v1::Choice_descriptor()->FindValueByNumber(
                v1::CHOICE_STAND_ASIDE)),
            "stand-aside");
  // Words nobody types read with spaces.
  EXPECT_EQ(EnumWords(v1::RoundState_descriptor()->FindValueByNumber(
                v1::ROUND_STATE_SCORING)),
            "scoring");
  EXPECT_EQ(EnumChoices(v1::Choice_descriptor()),
            "agree, disagree, abstain, stand-aside, object");
}

// The server names enum values as the protocol does; the person typed words.
TEST(EnumWordsTest, ServerMessagesUseTheWordsTyped) {
  EXPECT_EQ(EnumValuesTyped("choice must be CHOICE_AGREE, CHOICE_DISAGREE or "
                            "CHOICE_ABSTAIN",
                            v1::CastBallotRequest::descriptor()),
            "choice must be agree, disagree or abstain");
  // Values of a nested field (rule.threshold), and only whole names.
  EXPECT_EQ(EnumValuesTyped("rule.threshold must be THRESHOLD_TWO_THIRDS, not "
                            "MY_THRESHOLD_TWO_THIRDS_X",
                            v1::AddPanelRequest::descriptor()),
            "rule.threshold must be two-thirds, not "
            "MY_THRESHOLD_TWO_THIRDS_X");
}

// A whole name only: not inside a longer one, dots within a name included,
// and a sentence's full stop after it is not part of it.
TEST(EnumWordsTest, WholeWordsOnly) {
  std::string text = "Set rule.quorum. Not x.rule.quorum or rule.quorums.";
  ReplaceWholeWord(text, "rule.quorum", "--quorum");
  EXPECT_EQ(text, "Set --quorum. Not x.rule.quorum or rule.quorums.");
}

TEST(ParseTimeTest, DatesAndSpansFromNow) {
  constexpr int64_t kNow = 1'800'000'000;
  EXPECT_EQ(ParseTime("+90m", kNow), kNow + 5400);
  EXPECT_EQ(ParseTime("+2h", kNow), kNow + 7200);
  EXPECT_EQ(ParseTime("+3d", kNow), kNow + 3 * 86400);
  EXPECT_EQ(ParseTime("2026-12-01T17:00", kNow), 1796144400);
  EXPECT_EQ(ParseTime("2026-12-01T17:00:30Z", kNow), 1796144430);
  EXPECT_EQ(ParseTime("2026-12-01 17:00", kNow), 1796144400);
  EXPECT_EQ(ParseTime("1796144400", kNow), 1796144400);
  for (const char* bad :
       {"soon", "+2", "+xh", "+-1h", "2026-13-45T99:00", ""}) {
    EXPECT_FALSE(ParseTime(bad, kNow).has_value()) << bad;
  }
  EXPECT_EQ(FormatTime(1796144400), "2026-12-01 17:00 UTC");
  EXPECT_EQ(FormatTime(0), "");
}

// Money is typed and shown in pounds and travels as whole pence.
TEST(PoundsTest, TypedAndShownInPoundsHeldInPence) {
  const std::pair<const char*, int64_t> typed[] = {
      {"6.40", 640},        {"£6.40", 640}, {"6.4", 640}, {"6", 600},
      {"1,234.05", 123405}, {"0", 0},       {"0.01", 1}};
  for (const auto& [text, pence] : typed) {
    EXPECT_EQ(ParsePounds(text), pence) << text;
  }
  for (const char* bad :
       {"", "six", "6.", "6.405", "-1", ".5", "6.4.0", "1e3", "£"}) {
    EXPECT_EQ(ParsePounds(bad), std::nullopt) << bad;
  }
  EXPECT_EQ(FormatPounds(0), "£0.00");
  EXPECT_EQ(FormatPounds(640), "£6.40");
  EXPECT_EQ(FormatPounds(123405), "£1,234.05");
  EXPECT_EQ(FormatPounds(100000000), "£1,000,000.00");
  EXPECT_EQ(FormatPounds(-250), "-£2.50");
  v1::SetRateRequest rate;
  EXPECT_EQ(SetField(rate, "pence_per_hour", "15.50", "--per-hour"),
            std::nullopt);
  EXPECT_EQ(rate.pence_per_hour(), 1550);
  EXPECT_EQ(*SetField(rate, "pence_per_hour", "15,5", "--per-hour"),
            "--per-hour must be an amount in pounds such as 6.40 (got "
            "\"15,5\")");
}

TEST(SetFieldTest, EachKindOfFieldAndTheErrors) {
  v1::AddPanelRequest panel;
  EXPECT_FALSE(SetField(panel, "kind", "staff", "--kind").has_value());
  EXPECT_FALSE(SetField(panel, "rule.quorum", "3", "--quorum").has_value());
  EXPECT_FALSE(SetField(panel, "rule.threshold", "two-thirds", "--threshold")
                   .has_value());
  EXPECT_EQ(panel.kind(), v1::PANEL_KIND_STAFF);
  EXPECT_EQ(panel.rule().quorum(), 3u);
  EXPECT_EQ(panel.rule().threshold(), v1::THRESHOLD_TWO_THIRDS);
  EXPECT_EQ(*SetField(panel, "kind", "board", "--kind"),
            "--kind must be one of: service-user, staff (got \"board\")");
  // A slip gets the choice it was near.
  EXPECT_EQ(*SetField(panel, "kind", "servce-user", "--kind"),
            "--kind must be one of: service-user, staff (got "
            "\"servce-user\"). Did you mean \"service-user\"?");
  EXPECT_EQ(*SetField(panel, "rule.quorum", "-1", "--quorum"),
            "--quorum must be a whole number (got \"-1\")");

  v1::CreateDecisionRequest decision;
  EXPECT_FALSE(
      SetField(decision, "close_when_all_voted", "yes", "--x").has_value());
  EXPECT_TRUE(decision.close_when_all_voted());
  EXPECT_TRUE(SetField(decision, "close_when_all_voted", "maybe", "--x"));
  EXPECT_FALSE(
      SetField(decision, "closes_at_unix", "2026-12-01T17:00", "--closes-at")
          .has_value());
  EXPECT_EQ(decision.closes_at_unix(), 1796144400);
  EXPECT_TRUE(SetField(decision, "closes_at_unix", "later", "--closes-at"));

  v1::AddCriterionRequest criterion;
  EXPECT_FALSE(SetField(criterion, "weight", "1.5", "--weight").has_value());
  EXPECT_EQ(criterion.weight(), 1.5);
  EXPECT_TRUE(SetField(criterion, "weight", "heavy", "--weight"));
}

TEST(RenderTextTest, FieldsInWordsAndRecordsAsTables) {
  v1::Round round;
  round.set_id("3");
  round.set_title("Peer support worker");
  round.set_state(v1::ROUND_STATE_SCORING);
  for (auto [id, label] : {std::pair{"1", "Candidate A"}, {"2", "Sam"}}) {
    v1::Candidate* c = round.add_candidates();
    c->set_id(id);
    c->set_label(label);
  }
  EXPECT_EQ(RenderText(round),
            "Id: 3\n"
            "Title: Peer support worker\n"
            "State: scoring\n"
            "Candidates:\n"
            "  Id  Label\n"
            "  1   Candidate A\n"
            "  2   Sam\n");
  EXPECT_EQ(RenderText(v1::RevokeTokenResponse()), "Done.\n");
}

}  // namespace
}  // namespace equalsay::cli
