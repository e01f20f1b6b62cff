// Recognising the time people give: what an entry may hold, what an hour is
// worth, UK tax years, a person's statement and finance's CSV, all in whole
// pence so that no amount is ever rounded twice.
#ifndef EQUALSAY_SERVICES_PANELS_RULES_INVOLVEMENT_H_
#define EQUALSAY_SERVICES_PANELS_RULES_INVOLVEMENT_H_

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "equalsay/v1/panels.pb.h"

namespace equalsay::panels {

inline constexpr int kMaxMinutes = 24 * 60;
inline constexpr int64_t kMaxExpensePence = 100'000;         // £1,000
inline constexpr int64_t kMaxRatePence = 100'000;            // £1,000 an hour
inline constexpr int64_t kMaxIncomeLimitPence = 10'000'000;  // £100,000
inline constexpr size_t kMaxInvolvementNote = 1000;
// How far back an entry may be dated: claims older than this are settled
// outside equalsay.
inline constexpr int kMaxDaysBack = 2 * 366;
// Statements warn from this share of a person's income limit.
inline constexpr int kDefaultWarningPercent = 80;

bool IsExpense(v1::InvolvementKind kind);
std::string KindWords(v1::InvolvementKind kind);       // "reading the pack"
std::string RecognitionWords(v1::Recognition choice);  // "training credit"
std::string Pounds(int64_t pence);                     // "£1,234.05"

// The rule every member may read: how time becomes an amount.
std::string RateRule();

// OK when an administrator may set this rate: an activity, a co-chair or
// member, 0 to £1,000 an hour. INVALID_ARGUMENT naming the field.
absl::Status CheckRate(const v1::SetRateRequest& request);

// `text` as a day: YYYY-MM-DD, not after `today` nor more than
// kMaxDaysBack before it; empty means today.
absl::StatusOr<absl::CivilDay> ParseEntryDay(absl::string_view field,
                                             absl::string_view text,
                                             absl::CivilDay today);

// OK when the entry is whole: a kind; time in minutes (and no amount), or
// an expense's amount with a note saying what it was (and no minutes).
absl::Status CheckEntry(const v1::RecordInvolvementRequest& request);

// OK when `confirmer_is_subject` is false and the entry still awaits; a
// decline needs its reason.
absl::Status CheckConfirming(const v1::InvolvementEntry& entry,
                             bool confirmer_is_subject,
                             const v1::ConfirmInvolvementRequest& request);

// Minutes at a rate, to the nearest penny, halves up: 20 minutes at £10.01
// an hour is 333.67p, so 334p.
int64_t TimeValuePence(int64_t pence_per_hour, int minutes);

// UK tax years run from 6 April to 5 April; named by the year they start.
int TaxYearOf(absl::CivilDay day);
absl::CivilDay TaxYearStart(int tax_year);
absl::CivilDay TaxYearEnd(int tax_year);  // Inclusive.
std::string TaxYearWords(int tax_year);   // "6 April 2026 to 5 April 2027"

// How each person chose in each round: (person id, round id) → choice.
using Choices = std::map<std::pair<std::string, std::string>, v1::Recognition>;

// A person's statement from their entries dated in `tax_year` (any state;
// only confirmed ones count), by round, with totals and the warning.
v1::Statement BuildStatement(const std::string& person_id,
                             const std::string& display_name, int tax_year,
                             const std::vector<v1::InvolvementEntry>& entries,
                             const Choices& choices, int64_t income_limit_pence,
                             int warning_percent);

// Plain words when `income_pence` is near or over `limit_pence`; empty
// when no limit is set or it is far off.
std::string LimitWarning(int64_t income_pence, int64_t limit_pence,
                         int warning_percent);

// Finance's export: one row per person and round over the confirmed
// entries given, with the same amounts the statements show.
struct PaymentsCsv {
  std::string csv;
  int rows = 0;
};
PaymentsCsv BuildPaymentsCsv(const std::vector<v1::InvolvementEntry>& entries,
                             const Choices& choices);

}  // namespace equalsay::panels

#endif  // EQUALSAY_SERVICES_PANELS_RULES_INVOLVEMENT_H_
