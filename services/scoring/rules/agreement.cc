#include "services/scoring/rules/agreement.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "absl/strings/str_cat.h"

namespace equalsay::scoring {
namespace {

// Item indexes, highest value first.
std::vector<size_t> OrderHighestFirst(const std::vector<double>& values) {
  std::vector<size_t> order(values.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return values[a] > values[b]; });
  return order;
}

// Calls fn(first, last) for each run of tied values in `order` (positions
// first..last-1, zero-based).
template <typename Fn>
void ForEachTieGroup(const std::vector<double>& values,
                     const std::vector<size_t>& order, Fn fn) {
  size_t first = 0;
  while (first < order.size()) {
    size_t last = first + 1;
    while (last < order.size() &&
           std::abs(values[order[last]] - values[order[first]]) <=
               kTieTolerance) {
      ++last;
    }
    fn(first, last);
    first = last;
  }
}

}  // namespace

std::vector<double> FractionalRanks(const std::vector<double>& values) {
  const std::vector<size_t> order = OrderHighestFirst(values);
  std::vector<double> ranks(values.size());
  ForEachTieGroup(values, order, [&](size_t first, size_t last) {
    const double mean_place =
        (first + 1 + last) / 2.0;  // Places first+1..last.
    for (size_t i = first; i < last; ++i) ranks[order[i]] = mean_place;
  });
  return ranks;
}

std::vector<int> CompetitionRanks(const std::vector<double>& values) {
  const std::vector<size_t> order = OrderHighestFirst(values);
  std::vector<int> ranks(values.size());
  ForEachTieGroup(values, order, [&](size_t first, size_t last) {
    for (size_t i = first; i < last; ++i) {
      ranks[order[i]] = static_cast<int>(first) + 1;
    }
  });
  return ranks;
}

std::optional<double> SpearmanRho(const std::vector<double>& a,
                                  const std::vector<double>& b) {
  if (a.size() != b.size() || a.size() < 2) return std::nullopt;
  const std::vector<double> ra = FractionalRanks(a);
  const std::vector<double> rb = FractionalRanks(b);
  const double n = static_cast<double>(a.size());
  const double mean = (n + 1) / 2;  // Ranks 1..n always average this.
  double cov = 0, var_a = 0, var_b = 0;
  for (size_t i = 0; i < ra.size(); ++i) {
    cov += (ra[i] - mean) * (rb[i] - mean);
    var_a += (ra[i] - mean) * (ra[i] - mean);
    var_b += (rb[i] - mean) * (rb[i] - mean);
  }
  if (var_a <= 0 || var_b <= 0) return std::nullopt;
  return cov / std::sqrt(var_a * var_b);
}

std::optional<double> KendallW(const std::vector<std::vector<double>>& scores) {
  const size_t m = scores.size();
  if (m < 2) return std::nullopt;
  const size_t n = scores[0].size();
  if (n < 2) return std::nullopt;
  std::vector<double> rank_sums(n, 0);
  double ties = 0;  // Sum over raters and tie groups of t^3 - t.
  for (const std::vector<double>& rater : scores) {
    if (rater.size() != n) return std::nullopt;
    const std::vector<double> ranks = FractionalRanks(rater);
    for (size_t i = 0; i < n; ++i) rank_sums[i] += ranks[i];
    ForEachTieGroup(rater, OrderHighestFirst(rater),
                    [&](size_t first, size_t last) {
                      const double t = static_cast<double>(last - first);
                      ties += t * t * t - t;
                    });
  }
  const double md = static_cast<double>(m), nd = static_cast<double>(n);
  const double mean_sum = md * (nd + 1) / 2;
  double s = 0;
  for (double sum : rank_sums) s += (sum - mean_sum) * (sum - mean_sum);
  const double denominator = md * md * (nd * nd * nd - nd) - md * ties;
  if (denominator <= 0) return std::nullopt;
  return 12 * s / denominator;
}

std::string Ordinal(int n) {
  const int last_two = n % 100;
  const int last = n % 10;
  const char* suffix = "th";
  if (last_two < 11 || last_two > 13) {
    if (last == 1) suffix = "st";
    if (last == 2) suffix = "nd";
    if (last == 3) suffix = "rd";
  }
  return absl::StrCat(n, suffix);
}

}  // namespace equalsay::scoring
