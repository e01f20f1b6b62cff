#include "services/panels/rules/involvement.h"

#include <algorithm>
#include <cstdlib>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/time.h"
#include "services/common/base/validation.h"

namespace equalsay::panels {
namespace {

bool IsActivity(v1::InvolvementKind kind) {
  return kind >= v1::INVOLVEMENT_KIND_READING_PACK &&
         kind <= v1::INVOLVEMENT_KIND_STEERING_MEETING;
}

// What of a time value is income and what training, by the person's choice.
struct Counted {
  int64_t income = 0;
  int64_t training = 0;
  int64_t due() const { return income + training; }
};
Counted CountAs(v1::Recognition choice, int64_t value) {
  switch (choice) {
    case v1::RECOGNITION_TRAINING:
      return {.training = value};
    case v1::RECOGNITION_NONE:
      return {};
    case v1::RECOGNITION_PAYMENT:
    case v1::RECOGNITION_VOUCHER:
    case v1::RECOGNITION_UNSPECIFIED:  // Not chosen yet: may be paid.
    case v1::Recognition_INT_MIN_SENTINEL_DO_NOT_USE_:
    case v1::Recognition_INT_MAX_SENTINEL_DO_NOT_USE_:
      break;
  }
  return {.income = value};
}

v1::Recognition ChoiceOf(const Choices& choices, const std::string& person_id,
                         const std::string& round_id) {
  const auto it = choices.find({person_id, round_id});
  return it == choices.end() ? v1::RECOGNITION_UNSPECIFIED : it->second;
}

// A spreadsheet must neither split a name at a comma nor run it as a
// formula: quote every text field, and defuse a leading = + - @.
std::string CsvText(absl::string_view text) {
  std::string out = "\"";
  if (!text.empty() &&
      absl::string_view("=+-@\t\r").find(text[0]) != absl::string_view::npos) {
    out += '\'';
  }
  for (const char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

}  // namespace

bool IsExpense(v1::InvolvementKind kind) {
  return kind >= v1::INVOLVEMENT_KIND_TRAVEL &&
         kind <= v1::INVOLVEMENT_KIND_OTHER_EXPENSE;
}

std::string KindWords(v1::InvolvementKind kind) {
  switch (kind) {
    case v1::INVOLVEMENT_KIND_READING_PACK:
      return "reading the pack";
    case v1::INVOLVEMENT_KIND_PREPARATION:
      return "preparation";
    case v1::INVOLVEMENT_KIND_INTERVIEW_DAY:
      return "interview day";
    case v1::INVOLVEMENT_KIND_STEERING_MEETING:
      return "steering meeting";
    case v1::INVOLVEMENT_KIND_TRAVEL:
      return "travel";
    case v1::INVOLVEMENT_KIND_DATA:
      return "phone data or internet";
    case v1::INVOLVEMENT_KIND_CARE_COSTS:
      return "care costs";
    case v1::INVOLVEMENT_KIND_OTHER_EXPENSE:
      return "other expense";
    case v1::INVOLVEMENT_KIND_UNSPECIFIED:
    case v1::InvolvementKind_INT_MIN_SENTINEL_DO_NOT_USE_:
    case v1::InvolvementKind_INT_MAX_SENTINEL_DO_NOT_USE_:
      break;
  }
  return "something not said";
}

std::string RecognitionWords(v1::Recognition choice) {
  switch (choice) {
    case v1::RECOGNITION_PAYMENT:
      return "payment";
    case v1::RECOGNITION_VOUCHER:
      return "vouchers";
    case v1::RECOGNITION_TRAINING:
      return "training credit";
    case v1::RECOGNITION_NONE:
      return "giving time (no payment)";
    case v1::RECOGNITION_UNSPECIFIED:
    case v1::Recognition_INT_MIN_SENTINEL_DO_NOT_USE_:
    case v1::Recognition_INT_MAX_SENTINEL_DO_NOT_USE_:
      break;
  }
  return "not chosen yet";
}

std::string Pounds(int64_t pence) {
  const bool negative = pence < 0;
  const uint64_t abs = negative ? -static_cast<uint64_t>(pence) : pence;
  const std::string digits = absl::StrCat(abs / 100);
  std::string whole;  // "1,234": a comma before each group of three.
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) whole += ',';
    whole += digits[i];
  }
  return absl::StrFormat("%s£%s.%02d", negative ? "-" : "", whole,
                         static_cast<int>(abs % 100));
}

std::string RateRule() {
  return "Time is paid by the hour, at the rate the organisation sets for "
         "the activity and for your role on the panel (co-chair or member). "
         "The rate is the same on the Service User Panel and the staff "
         "panel: the same role, the same pay. Each entry is worked out to "
         "the nearest penny and counts once a co-chair has confirmed it. You "
         "choose, for each round, payment, vouchers, training credit or to "
         "give your time; expenses are repaid whatever you choose.";
}

absl::Status CheckRate(const v1::SetRateRequest& request) {
  if (!IsActivity(request.kind())) {
    return absl::InvalidArgumentError(
        "kind: choose an activity (reading the pack, preparation, interview "
        "day or steering meeting); expenses have no hourly rate.");
  }
  if (request.role() != v1::PANEL_ROLE_CO_CHAIR &&
      request.role() != v1::PANEL_ROLE_MEMBER) {
    return absl::InvalidArgumentError(
        "role: rates are for co-chairs or members (observers are not paid "
        "for watching).");
  }
  if (request.pence_per_hour() < 0 ||
      request.pence_per_hour() > kMaxRatePence) {
    return absl::InvalidArgumentError(
        absl::StrCat("pence_per_hour: give the rate in whole pence, from 0 to ",
                     kMaxRatePence, " (", Pounds(kMaxRatePence), ")."));
  }
  return absl::OkStatus();
}

absl::StatusOr<absl::CivilDay> ParseEntryDay(absl::string_view field,
                                             absl::string_view text,
                                             absl::CivilDay today) {
  if (text.empty()) return today;
  absl::CivilDay day;
  if (text.size() != 10 || !absl::ParseCivilTime(text, &day)) {
    return absl::InvalidArgumentError(absl::StrCat(
        field, ": write the date as year-month-day, for example 2027-02-03."));
  }
  if (day > today) {
    return absl::InvalidArgumentError(
        absl::StrCat(field,
                     ": that day has not come yet; record it on or "
                     "after the day."));
  }
  if (today - day > kMaxDaysBack) {
    return absl::InvalidArgumentError(
        absl::StrCat(field,
                     ": more than two years ago; ask your "
                     "organisation's finance team about it."));
  }
  return day;
}

absl::Status CheckEntry(const v1::RecordInvolvementRequest& request) {
  const v1::InvolvementKind kind = request.kind();
  if (!IsActivity(kind) && !IsExpense(kind)) {
    return absl::InvalidArgumentError(
        "kind: say what the time or cost was for (for example reading the "
        "pack, interview day, travel).");
  }
  if (IsActivity(kind)) {
    if (request.amount_pence() != 0) {
      return absl::InvalidArgumentError(
          "amount_pence: time is recorded in minutes; its amount comes from "
          "the rate.");
    }
    if (request.minutes() < 1 || request.minutes() > kMaxMinutes) {
      return absl::InvalidArgumentError(
          absl::StrCat("minutes: give the time in minutes, from 1 to ",
                       kMaxMinutes, " (a whole day)."));
    }
  } else {
    if (request.minutes() != 0) {
      return absl::InvalidArgumentError(
          "minutes: an expense has an amount, not minutes; record the time "
          "as its own entry.");
    }
    if (request.amount_pence() < 1 ||
        request.amount_pence() > kMaxExpensePence) {
      return absl::InvalidArgumentError(
          absl::StrCat("amount_pence: give the amount in pence, from 1 to ",
                       kMaxExpensePence, " (", Pounds(kMaxExpensePence), ")."));
    }
  }
  return CheckText("note", request.note(), kMaxInvolvementNote,
                   /*required=*/IsExpense(kind), /*multiline=*/true);
}

absl::Status CheckConfirming(const v1::InvolvementEntry& entry,
                             bool confirmer_is_subject,
                             const v1::ConfirmInvolvementRequest& request) {
  if (confirmer_is_subject) {
    return absl::PermissionDeniedError(
        "entry_id: nobody confirms their own time or expenses; another "
        "co-chair of the round or an administrator does.");
  }
  if (entry.state() != v1::INVOLVEMENT_STATE_AWAITING) {
    return absl::FailedPreconditionError(absl::StrCat(
        "entry_id: this entry was already ",
        entry.state() == v1::INVOLVEMENT_STATE_CONFIRMED ? "confirmed"
                                                         : "declined",
        " by ", entry.decided_by_name(), "."));
  }
  if (request.decline()) {
    return CheckText("reason", request.reason(), kMaxInvolvementNote,
                     /*required=*/true, /*multiline=*/true);
  }
  if (!request.reason().empty()) {
    return absl::InvalidArgumentError(
        "reason: a reason is for declining; leave it empty to confirm.");
  }
  return absl::OkStatus();
}

int64_t TimeValuePence(int64_t pence_per_hour, int minutes) {
  return (pence_per_hour * minutes + 30) / 60;
}

int TaxYearOf(absl::CivilDay day) {
  const int year = static_cast<int>(day.year());
  return day < TaxYearStart(year) ? year - 1 : year;
}

absl::CivilDay TaxYearStart(int tax_year) {
  return absl::CivilDay(tax_year, 4, 6);
}

absl::CivilDay TaxYearEnd(int tax_year) {
  return absl::CivilDay(tax_year + 1, 4, 5);
}

std::string TaxYearWords(int tax_year) {
  return absl::StrCat("6 April ", tax_year, " to 5 April ", tax_year + 1);
}

std::string LimitWarning(int64_t income_pence, int64_t limit_pence,
                         int warning_percent) {
  if (limit_pence <= 0) return "";
  if (income_pence >= limit_pence) {
    return absl::StrCat(
        "You have reached the limit you set: ", Pounds(income_pence),
        " this tax year against ", Pounds(limit_pence),
        ". Talk to your benefits adviser before you are paid any more. "
        "You can choose training credit or to give your time for the rest "
        "of the year; expenses are repaid either way and do not count.");
  }
  if (income_pence * 100 >= limit_pence * warning_percent) {
    return absl::StrCat(
        "You are close to the limit you set: ", Pounds(income_pence),
        " this tax year, ", Pounds(limit_pence - income_pence),
        " below your limit of ", Pounds(limit_pence),
        ". Payment and vouchers both count; training credit, giving your "
        "time and repaid expenses do not.");
  }
  return "";
}

v1::Statement BuildStatement(const std::string& person_id,
                             const std::string& display_name, int tax_year,
                             const std::vector<v1::InvolvementEntry>& entries,
                             const Choices& choices, int64_t income_limit_pence,
                             int warning_percent) {
  v1::Statement s;
  s.set_person_id(person_id);
  s.set_display_name(display_name);
  s.set_tax_year(tax_year);
  s.set_tax_year_words(TaxYearWords(tax_year));
  std::map<int64_t, v1::StatementRound> rounds;  // By round id.
  for (const v1::InvolvementEntry& e : entries) {
    v1::StatementRound& r = rounds[std::atoll(e.round_id().c_str())];
    if (r.round_id().empty()) {
      r.set_round_id(e.round_id());
      r.set_title(e.round_title());
      r.set_recognition(ChoiceOf(choices, person_id, e.round_id()));
    }
    *r.add_entries() = e;
    if (e.state() == v1::INVOLVEMENT_STATE_AWAITING) {
      r.set_awaiting(r.awaiting() + 1);
    }
    if (e.state() != v1::INVOLVEMENT_STATE_CONFIRMED) continue;
    if (IsExpense(e.kind())) {
      r.set_expenses_pence(r.expenses_pence() + e.amount_pence());
      continue;
    }
    r.set_minutes(r.minutes() + e.minutes());
    const Counted counted = CountAs(r.recognition(), e.amount_pence());
    r.set_time_value_pence(r.time_value_pence() + counted.due());
    s.set_minutes(s.minutes() + e.minutes());
    s.set_income_pence(s.income_pence() + counted.income);
    s.set_training_pence(s.training_pence() + counted.training);
  }
  for (auto& [id, r] : rounds) {
    s.set_expenses_pence(s.expenses_pence() + r.expenses_pence());
    *s.add_rounds() = std::move(r);
  }
  s.set_income_limit_pence(income_limit_pence);
  s.set_warning(
      LimitWarning(s.income_pence(), income_limit_pence, warning_percent));
  s.set_near_limit(!s.warning().empty());
  return s;
}

PaymentsCsv BuildPaymentsCsv(const std::vector<v1::InvolvementEntry>& entries,
                             const Choices& choices) {
  struct Row {
    std::string name, round_title;
    int minutes = 0;
    Counted time;
    int64_t expenses = 0;
  };
  // By person then round, as numbers, so the file reads in a steady order.
  std::map<std::pair<int64_t, int64_t>, Row> rows;
  for (const v1::InvolvementEntry& e : entries) {
    if (e.state() != v1::INVOLVEMENT_STATE_CONFIRMED) continue;
    Row& row = rows[{std::atoll(e.person_id().c_str()),
                     std::atoll(e.round_id().c_str())}];
    row.name = e.display_name();
    row.round_title = e.round_title();
    if (IsExpense(e.kind())) {
      row.expenses += e.amount_pence();
      continue;
    }
    row.minutes += e.minutes();
    const Counted c = CountAs(ChoiceOf(choices, e.person_id(), e.round_id()),
                              e.amount_pence());
    row.time.income += c.income;
    row.time.training += c.training;
  }
  PaymentsCsv out;
  out.csv =
      "person_id,name,round_id,round,recognition,minutes,income_pence,"
      "training_pence,expenses_pence,to_pay_pence,to_pay\n";
  for (const auto& [key, row] : rows) {
    const v1::Recognition choice =
        ChoiceOf(choices, absl::StrCat(key.first), absl::StrCat(key.second));
    // Money or vouchers to buy; training is given, not paid.
    const int64_t to_pay = row.time.income + row.expenses;
    absl::StrAppend(&out.csv, key.first, ",", CsvText(row.name), ",",
                    key.second, ",", CsvText(row.round_title), ",",
                    CsvText(RecognitionWords(choice)), ",", row.minutes, ",",
                    row.time.income, ",", row.time.training, ",", row.expenses,
                    ",", to_pay, ",", CsvText(Pounds(to_pay)), "\n");
    ++out.rows;
  }
  return out;
}

}  // namespace equalsay::panels
