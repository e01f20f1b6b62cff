#include "services/scoring/rules/agreement.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>

namespace equalsay::scoring {
namespace {

using ::testing::DoubleNear;
using ::testing::ElementsAre;

TEST(RanksTest, TiesShareTheMeanOrTheBestPlace) {
  EXPECT_THAT(FractionalRanks({9, 7, 7, 5}), ElementsAre(1, 2.5, 2.5, 4));
  EXPECT_THAT(CompetitionRanks({9, 7, 7, 5}), ElementsAre(1, 2, 2, 4));
  EXPECT_THAT(CompetitionRanks({5, 9, 7}), ElementsAre(3, 1, 2));
  // Sums of fractions that are equal in principle are the same score.
  EXPECT_THAT(CompetitionRanks({0.1 + 0.2, 0.3}), ElementsAre(1, 1));
}

TEST(SpearmanTest, HandWorkedExamples) {
  // Ranks 1,2,3,4 against 1,3,2,4: d^2 = 2, rho = 1 - 6*2/(4*15) = 0.8.
  EXPECT_THAT(*SpearmanRho({40, 30, 20, 10}, {40, 20, 30, 10}),
              DoubleNear(0.8, 1e-12));
  EXPECT_THAT(*SpearmanRho({1, 2, 3}, {10, 20, 30}), DoubleNear(1, 1e-12));
  EXPECT_THAT(*SpearmanRho({1, 2, 3}, {30, 20, 10}), DoubleNear(-1, 1e-12));
  // With a tie: ranks 1, 2.5, 2.5, 4 against 1, 2, 3, 4. Deviations from
  // 2.5: (-1.5, 0, 0, 1.5) and (-1.5, -0.5, 0.5, 1.5), so
  // rho = 4.5 / sqrt(4.5 * 5) = 0.948683.
  EXPECT_THAT(*SpearmanRho({90, 80, 80, 70}, {90, 85, 70, 60}),
              DoubleNear(4.5 / std::sqrt(22.5), 1e-12));
}

TEST(SpearmanTest, UndefinedWithoutTwoItemsOrWithoutAnyOrder) {
  EXPECT_FALSE(SpearmanRho({1}, {1}).has_value());
  EXPECT_FALSE(SpearmanRho({5, 5, 5}, {1, 2, 3}).has_value());
  EXPECT_FALSE(SpearmanRho({1, 2}, {1, 2, 3}).has_value());
}

TEST(KendallWTest, HandWorkedExamples) {
  // Raters rank three items (1,2,3), (1,3,2), (2,1,3): rank sums 4, 6, 8
  // around a mean of 6, S = 8, W = 12*8 / (9 * (27-3)) = 4/9.
  EXPECT_THAT(*KendallW({{30, 20, 10}, {30, 10, 20}, {20, 30, 10}}),
              DoubleNear(4.0 / 9, 1e-12));
  EXPECT_THAT(*KendallW({{3, 2, 1}, {30, 20, 10}}), DoubleNear(1, 1e-12));
  // Opposite orders from two raters: every rank sum is the mean.
  EXPECT_THAT(*KendallW({{3, 2, 1}, {1, 2, 3}}), DoubleNear(0, 1e-12));
  // With a tie: ranks (1, 2.5, 2.5) and (1, 2, 3); sums 2, 4.5, 5.5 around
  // 4, S = 6.5; one tie of 2 gives T = 6; W = 12*6.5 / (4*24 - 2*6) = 78/84.
  EXPECT_THAT(*KendallW({{10, 5, 5}, {10, 8, 2}}),
              DoubleNear(78.0 / 84, 1e-12));
}

TEST(KendallWTest, UndefinedWhenItCannotBeWorkedOut) {
  EXPECT_FALSE(KendallW({{1, 2, 3}}).has_value());       // One rater.
  EXPECT_FALSE(KendallW({{1}, {2}}).has_value());        // One item.
  EXPECT_FALSE(KendallW({{1, 1}, {2, 2}}).has_value());  // All tied.
  EXPECT_FALSE(KendallW({{1, 2}, {1, 2, 3}}).has_value());
}

TEST(OrdinalTest, EnglishSuffixes) {
  EXPECT_EQ(Ordinal(1), "1st");
  EXPECT_EQ(Ordinal(2), "2nd");
  EXPECT_EQ(Ordinal(3), "3rd");
  EXPECT_EQ(Ordinal(4), "4th");
  EXPECT_EQ(Ordinal(11), "11th");
  EXPECT_EQ(Ordinal(12), "12th");
  EXPECT_EQ(Ordinal(13), "13th");
  EXPECT_EQ(Ordinal(21), "21st");
  EXPECT_EQ(Ordinal(112), "112th");
}

}  // namespace
}  // namespace equalsay::scoring
