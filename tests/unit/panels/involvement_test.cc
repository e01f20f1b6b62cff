#include "services/panels/rules/involvement.h"

#include <gtest/gtest.h>

#include "absl/strings/str_split.h"

namespace equalsay::panels {
namespace {

using Code = absl::StatusCode;

v1::InvolvementEntry Entry(
    std::string person, std::string round, v1::InvolvementKind kind,
    int minutes, int64_t amount,
    v1::InvolvementState state = v1::INVOLVEMENT_STATE_CONFIRMED) {
  v1::InvolvementEntry e;
  e.set_person_id(person);
  e.set_display_name(person == "1" ? "Ada" : "Ben, \"B\"");
  e.set_round_id(round);
  e.set_round_title("Round " + round);
  e.set_kind(kind);
  e.set_minutes(minutes);
  e.set_amount_pence(amount);
  e.set_state(state);
  return e;
}

TEST(InvolvementTest, TimeIsWorthTheRateToTheNearestPennyHalvesUp) {
  struct Case {
    int64_t rate;
    int minutes;
    int64_t pence;
  } cases[] = {
      {1500, 60, 1500},  // An hour at £15.
      {1500, 90, 2250},
      {1001, 20, 334},  // 333.67p
      {1000, 1, 17},    // 16.67p
      {10, 3, 1},       // 0.5p rounds up
      {10, 2, 0},       // 0.33p rounds down
      {0, 480, 0},      // A rate of nothing, set on purpose.
      {100'000, 1440, 2'400'000},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(TimeValuePence(c.rate, c.minutes), c.pence)
        << c.rate << "p/h for " << c.minutes << " min";
  }
}

TEST(InvolvementTest, PoundsAreWrittenFromPenceWithoutFloatingPoint) {
  EXPECT_EQ(Pounds(0), "£0.00");
  EXPECT_EQ(Pounds(5), "£0.05");
  EXPECT_EQ(Pounds(123405), "£1,234.05");
  EXPECT_EQ(Pounds(100000000), "£1,000,000.00");
  EXPECT_EQ(Pounds(-250), "-£2.50");
}

TEST(InvolvementTest, TaxYearsTurnBetweenTheFifthAndSixthOfApril) {
  EXPECT_EQ(TaxYearOf(absl::CivilDay(2027, 4, 5)), 2026);
  EXPECT_EQ(TaxYearOf(absl::CivilDay(2027, 4, 6)), 2027);
  EXPECT_EQ(TaxYearOf(absl::CivilDay(2027, 1, 1)), 2026);
  EXPECT_EQ(TaxYearOf(absl::CivilDay(2026, 12, 31)), 2026);
  EXPECT_EQ(TaxYearStart(2026), absl::CivilDay(2026, 4, 6));
  EXPECT_EQ(TaxYearEnd(2026), absl::CivilDay(2027, 4, 5));
  EXPECT_EQ(TaxYearWords(2026), "6 April 2026 to 5 April 2027");
}

TEST(InvolvementTest, AnEntryIsTimeOrAnExpenseNeverBoth) {
  v1::RecordInvolvementRequest r;
  r.set_kind(v1::INVOLVEMENT_KIND_INTERVIEW_DAY);
  r.set_minutes(420);
  EXPECT_TRUE(CheckEntry(r).ok());
  r.set_amount_pence(100);
  EXPECT_EQ(CheckEntry(r).code(), Code::kInvalidArgument);
  r.set_amount_pence(0);
  r.set_minutes(kMaxMinutes + 1);
  EXPECT_EQ(CheckEntry(r).message().substr(0, 8), "minutes:");
  r.set_minutes(0);
  EXPECT_EQ(CheckEntry(r).code(), Code::kInvalidArgument);

  v1::RecordInvolvementRequest travel;
  travel.set_kind(v1::INVOLVEMENT_KIND_TRAVEL);
  travel.set_amount_pence(640);
  EXPECT_EQ(CheckEntry(travel).message(), "note is required");  // Say what.
  travel.set_note("Bus there and back");
  EXPECT_TRUE(CheckEntry(travel).ok());
  travel.set_minutes(30);
  EXPECT_EQ(CheckEntry(travel).message().substr(0, 8), "minutes:");
  travel.set_minutes(0);
  travel.set_amount_pence(kMaxExpensePence + 1);
  EXPECT_EQ(CheckEntry(travel).message().substr(0, 13), "amount_pence:");
  travel.set_amount_pence(-1);
  EXPECT_EQ(CheckEntry(travel).code(), Code::kInvalidArgument);

  v1::RecordInvolvementRequest nothing;
  nothing.set_minutes(60);
  EXPECT_EQ(CheckEntry(nothing).message().substr(0, 5), "kind:");
}

TEST(InvolvementTest, RatesAreForActivitiesAndPaidRoles) {
  v1::SetRateRequest r;
  r.set_kind(v1::INVOLVEMENT_KIND_INTERVIEW_DAY);
  r.set_role(v1::PANEL_ROLE_MEMBER);
  r.set_pence_per_hour(1500);
  EXPECT_TRUE(CheckRate(r).ok());
  r.set_role(v1::PANEL_ROLE_OBSERVER);
  EXPECT_EQ(CheckRate(r).message().substr(0, 5), "role:");
  r.set_role(v1::PANEL_ROLE_CO_CHAIR);
  r.set_kind(v1::INVOLVEMENT_KIND_TRAVEL);
  EXPECT_EQ(CheckRate(r).message().substr(0, 5), "kind:");
  r.set_kind(v1::INVOLVEMENT_KIND_READING_PACK);
  r.set_pence_per_hour(-1);
  EXPECT_EQ(CheckRate(r).message().substr(0, 15), "pence_per_hour:");
  r.set_pence_per_hour(0);
  EXPECT_TRUE(CheckRate(r).ok());
}

TEST(InvolvementTest, EntriesAreDatedOnOrBeforeTodayAndNotLongAgo) {
  const absl::CivilDay today(2027, 2, 3);
  EXPECT_EQ(*ParseEntryDay("on_date", "", today), today);
  EXPECT_EQ(*ParseEntryDay("on_date", "2027-02-03", today), today);
  EXPECT_EQ(ParseEntryDay("on_date", "2027-02-04", today).status().code(),
            Code::kInvalidArgument);
  EXPECT_EQ(ParseEntryDay("on_date", "3/2/2027", today).status().code(),
            Code::kInvalidArgument);
  EXPECT_EQ(ParseEntryDay("on_date", "2027-02-30", today).status().code(),
            Code::kInvalidArgument);
  EXPECT_EQ(ParseEntryDay("on_date", "2024-01-01", today).status().code(),
            Code::kInvalidArgument);
}

TEST(InvolvementTest, NobodyConfirmsTheirOwnAndNothingTwice) {
  v1::InvolvementEntry e = Entry("1", "5", v1::INVOLVEMENT_KIND_PREPARATION, 60,
                                 0, v1::INVOLVEMENT_STATE_AWAITING);
  v1::ConfirmInvolvementRequest confirm;
  EXPECT_TRUE(CheckConfirming(e, false, confirm).ok());
  EXPECT_EQ(CheckConfirming(e, true, confirm).code(), Code::kPermissionDenied);
  v1::ConfirmInvolvementRequest decline;
  decline.set_decline(true);
  EXPECT_EQ(CheckConfirming(e, false, decline).message(), "reason is required");
  decline.set_reason("Was not at the meeting.");
  EXPECT_TRUE(CheckConfirming(e, false, decline).ok());
  e.set_state(v1::INVOLVEMENT_STATE_CONFIRMED);
  e.set_decided_by_name("Cat");
  EXPECT_EQ(CheckConfirming(e, false, confirm).message(),
            "entry_id: this entry was already confirmed by Cat.");
}

TEST(InvolvementTest, AStatementCountsOnlyConfirmedEntriesByChoice) {
  const std::vector<v1::InvolvementEntry> entries = {
      Entry("1", "5", v1::INVOLVEMENT_KIND_INTERVIEW_DAY, 420, 10500),
      Entry("1", "5", v1::INVOLVEMENT_KIND_READING_PACK, 90, 2250),
      Entry("1", "5", v1::INVOLVEMENT_KIND_TRAVEL, 0, 640),
      Entry("1", "5", v1::INVOLVEMENT_KIND_PREPARATION, 60, 0,
            v1::INVOLVEMENT_STATE_AWAITING),
      Entry("1", "6", v1::INVOLVEMENT_KIND_STEERING_MEETING, 120, 3000),
      Entry("1", "6", v1::INVOLVEMENT_KIND_DATA, 0, 500),
      Entry("1", "7", v1::INVOLVEMENT_KIND_STEERING_MEETING, 60, 1500),
      Entry("1", "8", v1::INVOLVEMENT_KIND_STEERING_MEETING, 60, 1500,
            v1::INVOLVEMENT_STATE_DECLINED),
  };
  const Choices choices = {{{"1", "5"}, v1::RECOGNITION_PAYMENT},
                           {{"1", "6"}, v1::RECOGNITION_NONE},
                           {{"1", "7"}, v1::RECOGNITION_TRAINING}};
  const v1::Statement s =
      BuildStatement("1", "Ada", 2026, entries, choices, 0, 80);
  ASSERT_EQ(s.rounds_size(), 4);
  EXPECT_EQ(s.rounds(0).minutes(), 510);
  EXPECT_EQ(s.rounds(0).time_value_pence(), 12750);
  EXPECT_EQ(s.rounds(0).expenses_pence(), 640);
  EXPECT_EQ(s.rounds(0).awaiting(), 1);
  // Giving their time: the time shows, with nothing to pay; expenses still.
  EXPECT_EQ(s.rounds(1).recognition(), v1::RECOGNITION_NONE);
  EXPECT_EQ(s.rounds(1).minutes(), 120);
  EXPECT_EQ(s.rounds(1).time_value_pence(), 0);
  EXPECT_EQ(s.rounds(1).expenses_pence(), 500);
  EXPECT_EQ(s.rounds(2).time_value_pence(), 1500);  // Training credit.
  EXPECT_EQ(s.rounds(3).minutes(), 0);              // Declined: not counted.
  EXPECT_EQ(s.rounds(3).recognition(), v1::RECOGNITION_UNSPECIFIED);
  EXPECT_EQ(s.minutes(), 510 + 120 + 60);
  EXPECT_EQ(s.income_pence(), 12750);
  EXPECT_EQ(s.training_pence(), 1500);
  EXPECT_EQ(s.expenses_pence(), 1140);
  EXPECT_FALSE(s.near_limit());
  EXPECT_TRUE(s.warning().empty());
}

TEST(InvolvementTest, TheLimitWarnsFromTheSharePeopleChoseAndAtTheLimit) {
  EXPECT_EQ(LimitWarning(100000, 0, 80), "");  // No limit set.
  EXPECT_EQ(LimitWarning(79999, 100000, 80), "");
  EXPECT_NE(LimitWarning(80000, 100000, 80).find("close to the limit"),
            std::string::npos);
  EXPECT_NE(LimitWarning(80000, 100000, 80).find("£200.00 below"),
            std::string::npos);
  EXPECT_EQ(LimitWarning(80000, 100000, 90), "");
  EXPECT_NE(LimitWarning(100000, 100000, 80).find("reached the limit"),
            std::string::npos);
  const std::vector<v1::InvolvementEntry> entries = {
      Entry("1", "5", v1::INVOLVEMENT_KIND_INTERVIEW_DAY, 420, 10500)};
  // Not chosen yet counts as income, so nobody is surprised later.
  const v1::Statement s =
      BuildStatement("1", "Ada", 2026, entries, {}, 12000, 80);
  EXPECT_TRUE(s.near_limit());
  EXPECT_EQ(s.income_limit_pence(), 12000);
}

TEST(InvolvementTest, TheCsvAddsUpToTheStatementsAndIsSafeInASpreadsheet) {
  std::vector<v1::InvolvementEntry> entries = {
      Entry("1", "5", v1::INVOLVEMENT_KIND_INTERVIEW_DAY, 420, 10500),
      Entry("1", "5", v1::INVOLVEMENT_KIND_TRAVEL, 0, 640),
      Entry("2", "5", v1::INVOLVEMENT_KIND_INTERVIEW_DAY, 420, 10500),
      Entry("2", "5", v1::INVOLVEMENT_KIND_READING_PACK, 60, 1500,
            v1::INVOLVEMENT_STATE_AWAITING),
  };
  entries[2].set_display_name("=HYPERLINK(\"x\")");
  const Choices choices = {{{"2", "5"}, v1::RECOGNITION_NONE}};
  const PaymentsCsv csv = BuildPaymentsCsv(entries, choices);
  EXPECT_EQ(csv.rows, 2);
  const std::vector<std::string> lines =
      absl::StrSplit(csv.csv, '\n', absl::SkipEmpty());
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[1],
            "1,\"Ada\",5,\"Round 5\",\"not chosen yet\",420,10500,0,640,11140,"
            "\"£111.40\"");
  EXPECT_EQ(lines[2],
            "2,\"'=HYPERLINK(\"\"x\"\")\",5,\"Round 5\",\"giving time (no "
            "payment)\",420,0,0,0,0,\"£0.00\"");
  const v1::Statement ada = BuildStatement(
      "1", "Ada", 2026, {entries[0], entries[1]}, choices, 0, 80);
  EXPECT_EQ(ada.income_pence() + ada.expenses_pence(), 11140);
}

}  // namespace
}  // namespace equalsay::panels
