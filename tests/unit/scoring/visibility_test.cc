// DESIGN.md rule 3 as a full matrix: every kind of viewer, before and after
// the close, for a submitted sheet and a draft.
#include "services/scoring/rules/visibility.h"

#include <gtest/gtest.h>

namespace equalsay::scoring {
namespace {

constexpr PanelId kSu(10), kStaff(20);
constexpr PersonId kOwner(1);

struct Case {
  const char* who;
  Viewer viewer;
  bool viewer_submitted;
  Visibility before_close;  // Of the owner's submitted sheet.
  Visibility after_close;
};

const Viewer kMember{
    .person_id = PersonId(2), .panel_id = kSu, .role = v1::PANEL_ROLE_MEMBER};
const Viewer kCoChair{
    .person_id = PersonId(3), .panel_id = kSu, .role = v1::PANEL_ROLE_CO_CHAIR};
const Viewer kObserver{
    .person_id = PersonId(4), .panel_id = kSu, .role = v1::PANEL_ROLE_OBSERVER};
const Viewer kOtherMember{.person_id = PersonId(5),
                          .panel_id = kStaff,
                          .role = v1::PANEL_ROLE_MEMBER};
const Viewer kOtherCoChair{.person_id = PersonId(6),
                           .panel_id = kStaff,
                           .role = v1::PANEL_ROLE_CO_CHAIR};
const Viewer kAdmin{.person_id = PersonId(7), .overseer = true};
const Viewer kOutsider{.person_id = PersonId(8)};

using V = Visibility;
const Case kCases[] = {
    {"the owner",
     {.person_id = kOwner, .panel_id = kSu, .role = v1::PANEL_ROLE_MEMBER},
     false,
     V::kVisible,
     V::kVisible},
    {"a member who submitted", kMember, true, V::kVisible, V::kVisible},
    {"a member who has not submitted", kMember, false, V::kAfterOwnSubmitted,
     V::kVisible},
    {"the co-chair, submitted", kCoChair, true, V::kVisible, V::kVisible},
    {"the co-chair, not submitted", kCoChair, false, V::kAfterOwnSubmitted,
     V::kVisible},
    {"an observer", kObserver, false, V::kAfterEveryPanelClosed, V::kVisible},
    {"the other panel's member who submitted", kOtherMember, true,
     V::kAfterEveryPanelClosed, V::kVisible},
    {"the other panel's member, not submitted", kOtherMember, false,
     V::kAfterEveryPanelClosed, V::kVisible},
    {"the other panel's co-chair", kOtherCoChair, true,
     V::kAfterEveryPanelClosed, V::kVisible},
    {"an administrator or HR", kAdmin, false, V::kAfterEveryPanelClosed,
     V::kVisible},
    {"an outsider", kOutsider, false, V::kNotInRound, V::kNotInRound},
};

TEST(VisibilityTest, SubmittedSheetMatrix) {
  const SheetFacts sheet{
      .person_id = kOwner, .panel_id = kSu, .submitted = true};
  for (const Case& c : kCases) {
    EXPECT_EQ(SheetVisibility(c.viewer, sheet, c.viewer_submitted, false),
              c.before_close)
        << c.who << ", before the close";
    EXPECT_EQ(SheetVisibility(c.viewer, sheet, c.viewer_submitted, true),
              c.after_close)
        << c.who << ", after the close";
  }
}

TEST(VisibilityTest, DraftsAreOnlyEverSeenByTheirWriter) {
  const SheetFacts draft{
      .person_id = kOwner, .panel_id = kSu, .submitted = false};
  for (const Case& c : kCases) {
    for (bool closed : {false, true}) {
      const V expected = c.viewer.person_id == kOwner ? V::kVisible : V::kDraft;
      EXPECT_EQ(SheetVisibility(c.viewer, draft, true, closed), expected)
          << c.who << (closed ? ", after" : ", before") << " the close";
    }
  }
}

TEST(VisibilityTest, HiddenWordsSayWhenTheyWillShow) {
  EXPECT_EQ(HiddenWords(V::kAfterOwnSubmitted, "Candidate B"),
            "You will see other members' scores for Candidate B after you "
            "submit your own sheet for them.");
  EXPECT_EQ(HiddenWords(V::kAfterEveryPanelClosed, "Candidate B"),
            "Scores are shown when every panel has closed scoring, so that "
            "each panel scores independently.");
}

TEST(VisibilityTest, WithheldWordsDependOnTheViewerNotOnWhatExists) {
  EXPECT_EQ(WithheldWords(kMember, {"Sam", "Candidate B"}, false),
            (std::vector<std::string>{
                "You will see other members' scores for Sam after you submit "
                "your own sheet for them.",
                "You will see other members' scores for Candidate B after you "
                "submit your own sheet for them.",
                "The other panel's scores are shown when every panel has "
                "closed scoring."}));
  EXPECT_EQ(WithheldWords(kObserver, {}, false).size(), 1u);
  EXPECT_EQ(WithheldWords(kAdmin, {}, false).size(), 1u);
  EXPECT_TRUE(WithheldWords(kMember, {"Sam"}, true).empty());
}

}  // namespace
}  // namespace equalsay::scoring
