#include "services/panels/rules/supporters.h"

#include <gtest/gtest.h>

namespace equalsay::panels {
namespace {

using Code = absl::StatusCode;
const Seat kSuChair{.panel_id = PanelId(1), .role = v1::PANEL_ROLE_CO_CHAIR};
const Seat kSuMember{.panel_id = PanelId(1), .role = v1::PANEL_ROLE_MEMBER};
const Seat kSuObserver{.panel_id = PanelId(1), .role = v1::PANEL_ROLE_OBSERVER};
const Seat kStaffChair{.panel_id = PanelId(2), .role = v1::PANEL_ROLE_CO_CHAIR};
const Seat kStaffMember{.panel_id = PanelId(2), .role = v1::PANEL_ROLE_MEMBER};

v1::Person Hana(bool active = true) {
  v1::Person p;
  p.set_id("9");
  p.set_display_name("Hana");
  p.set_active(active);
  return p;
}

// Ben (a Service User Panel member, id 4) names Hana; the fields each row
// changes say who asks and where everyone sits.
SupporterNaming ByBen() {
  return {.round_state = v1::ROUND_STATE_SCORING,
          .member_id = "4",
          .caller_is_member = true,
          .caller_seat = kSuMember,
          .member_seat = kSuMember,
          .supporter = Hana()};
}

TEST(CheckNamingTest, WhoMayNameWhom) {
  struct Row {
    const char* what;
    SupporterNaming naming;
    Code want;
    v1::SupporterConsent consent = v1::SUPPORTER_CONSENT_UNSPECIFIED;
  };
  auto with = [](auto change) {
    SupporterNaming n = ByBen();
    change(n);
    return n;
  };
  const Row rows[] = {
      {"the member names someone on no panel", ByBen(), Code::kOk,
       v1::SUPPORTER_CONSENT_BY_MEMBER},
      {"someone on the member's own panel",
       with([](auto& n) { n.supporter_seat = kSuChair; }), Code::kOk,
       v1::SUPPORTER_CONSENT_BY_MEMBER},
      {"a co-chair records consent given in person", with([](auto& n) {
         n.caller_is_member = false;
         n.caller_seat = kSuChair;
         n.consent_given_in_person = true;
       }),
       Code::kOk, v1::SUPPORTER_CONSENT_IN_PERSON},
      {"a co-chair without the member's consent", with([](auto& n) {
         n.caller_is_member = false;
         n.caller_seat = kSuChair;
       }),
       Code::kFailedPrecondition},
      {"the other panel's co-chair", with([](auto& n) {
         n.caller_is_member = false;
         n.caller_seat = kStaffChair;
         n.consent_given_in_person = true;
       }),
       Code::kPermissionDenied},
      {"another member of the panel", with([](auto& n) {
         n.caller_is_member = false;
         n.caller_seat = kSuMember;
         n.consent_given_in_person = true;
       }),
       Code::kPermissionDenied},
      {"someone on the other panel",
       with([](auto& n) { n.supporter_seat = kStaffMember; }),
       Code::kFailedPrecondition},
      {"an observer, who does not vote", with([](auto& n) {
         n.caller_seat = kSuObserver;
         n.member_seat = kSuObserver;
       }),
       Code::kFailedPrecondition},
      {"no such person", with([](auto& n) { n.supporter = v1::Person(); }),
       Code::kNotFound},
      {"a deactivated person",
       with([](auto& n) { n.supporter = Hana(/*active=*/false); }),
       Code::kFailedPrecondition},
      {"themselves", with([](auto& n) { n.supporter.set_id("4"); }),
       Code::kInvalidArgument},
      {"in a finished round",
       with([](auto& n) { n.round_state = v1::ROUND_STATE_CONFIRMED; }),
       Code::kFailedPrecondition},
  };
  for (const Row& row : rows) {
    const absl::StatusOr<v1::SupporterConsent> got = CheckNaming(row.naming);
    EXPECT_EQ(got.status().code(), row.want)
        << row.what << ": " << got.status();
    if (got.ok()) {
      EXPECT_EQ(*got, row.consent) << row.what;
    }
  }
}

TEST(CheckNamingTest, RefusalsNameTheFieldThatNamedTheSupporter) {
  SupporterNaming n = ByBen();
  n.supporter_seat = kStaffMember;
  n.supporter_field = "supporter_email";
  EXPECT_EQ(CheckNaming(n).status().message().substr(0, 16),
            "supporter_email:");
}

TEST(CheckWithdrawingTest, TheMemberTheSupporterOrTheirCoChair) {
  EXPECT_TRUE(CheckWithdrawing(true, false, kSuMember, kSuMember).ok());
  EXPECT_TRUE(CheckWithdrawing(false, true, std::nullopt, kSuMember).ok());
  EXPECT_TRUE(CheckWithdrawing(false, false, kSuChair, kSuMember).ok());
  EXPECT_EQ(CheckWithdrawing(false, false, kStaffChair, kSuMember).code(),
            Code::kPermissionDenied);
  EXPECT_EQ(CheckWithdrawing(false, false, kSuMember, kSuMember).code(),
            Code::kPermissionDenied);
}

TEST(CheckJoiningAsSupporterTest, NeverOnTheOtherPanel) {
  EXPECT_TRUE(CheckJoiningAsSupporter(Hana(), {}, PanelId(2)).ok());
  EXPECT_TRUE(CheckJoiningAsSupporter(Hana(), {PanelId(1)}, PanelId(1)).ok());
  EXPECT_EQ(CheckJoiningAsSupporter(Hana(), {PanelId(1)}, PanelId(2)).code(),
            Code::kFailedPrecondition);
}

}  // namespace
}  // namespace equalsay::panels
