#include "services/common/base/ids.h"

#include <gtest/gtest.h>

#include <type_traits>

#include "absl/container/flat_hash_set.h"

namespace equalsay {
namespace {

// Ids of different kinds do not mix, and a bare number is no id: a round's
// id passed where a person's is expected does not compile.
static_assert(!std::is_convertible_v<RoundId, PanelId>);
static_assert(!std::is_convertible_v<PersonId, RoundId>);
static_assert(!std::is_convertible_v<int64_t, RoundId>);
static_assert(!std::is_convertible_v<RoundId, int64_t>);

TEST(IdsTest, ARequestsIdIsParsedOnceNamingItsField) {
  EXPECT_EQ(*ParseId<RoundId>("round_id", "12"), RoundId(12));
  EXPECT_EQ(ParseId<RoundId>("round_id", "12")->str(), "12");
  for (const char* bad :
       {"", "0", "-1", "abc", "1.5", "+3", "012", "99999999999999999999"}) {
    const absl::Status s = ParseId<PanelId>("panel_id", bad).status();
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << bad;
    EXPECT_EQ(s.message().substr(0, 9), "panel_id ") << bad;
  }
}

TEST(IdsTest, IdsCompareAndHashByValue) {
  EXPECT_LT(PersonId(3), PersonId(4));
  absl::flat_hash_set<PersonId> seen = {PersonId(3)};
  EXPECT_TRUE(seen.contains(PersonId(3)));
  EXPECT_FALSE(seen.contains(PersonId(4)));
  EXPECT_EQ(IdOf<DecisionId>("40"), DecisionId(40));
  EXPECT_EQ(Subject("round", RoundId(12)), "round/12");
}

}  // namespace
}  // namespace equalsay
