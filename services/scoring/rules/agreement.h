// Rank statistics for "do the panels agree?": ranks with ties, Spearman's
// rank correlation between two rankings, Kendall's W within a panel.
#ifndef EQUALSAY_SERVICES_SCORING_RULES_AGREEMENT_H_
#define EQUALSAY_SERVICES_SCORING_RULES_AGREEMENT_H_

#include <optional>
#include <string>
#include <vector>

namespace equalsay::scoring {

// Scores this close are the same score (they come from sums of fractions).
inline constexpr double kTieTolerance = 1e-9;

// 1 for the highest value; tied values share the mean of their places
// (scores 9, 7, 7, 5 rank 1, 2.5, 2.5, 4).
std::vector<double> FractionalRanks(const std::vector<double>& values);

// 1 for the highest value; tied values share the best place (1, 2, 2, 4).
std::vector<int> CompetitionRanks(const std::vector<double>& values);

// Spearman's rank correlation of two sets of scores for the same items:
// the Pearson correlation of their fractional ranks, so ties are handled.
// nullopt with fewer than 2 items or when either side ranks all items equal.
std::optional<double> SpearmanRho(const std::vector<double>& a,
                                  const std::vector<double>& b);

// Kendall's coefficient of concordance W for m raters' scores of the same n
// items (scores[rater][item]), corrected for ties. nullopt with fewer than 2
// raters or items, or when every rater ranks every item equal.
std::optional<double> KendallW(const std::vector<std::vector<double>>& scores);

// "1st", "2nd", "3rd", "4th", "11th", "21st".
std::string Ordinal(int n);

}  // namespace equalsay::scoring

#endif  // EQUALSAY_SERVICES_SCORING_RULES_AGREEMENT_H_
