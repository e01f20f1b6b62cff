// Involvement and recognition over a real port on real PostgreSQL: the same
// role is paid the same on either panel; a person who gives their time has
// time and no payment; nobody confirms their own; what equalsay knows fills
// in an interview day once; the CSV for a period matches the statements;
// refusals name the field and change nothing.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "tests/integration/consensus/consensus_fixture.h"

namespace equalsay::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class InvolvementTest : public ConsensusServiceTest {
 protected:
  void SetRate(v1::InvolvementKind kind, v1::PanelRole role, int64_t pence) {
    v1::SetRateRequest req;
    req.set_request_id(Api::NewId());
    req.set_kind(kind);
    req.set_role(role);
    req.set_pence_per_hour(pence);
    v1::Rate out;
    const grpc::Status s = panels().SetRate(As(admin_).get(), req, &out);
    ASSERT_TRUE(s.ok()) << s.error_message();
  }
  grpc::Status Record(const Account& who, const v1::Round& round,
                      v1::InvolvementKind kind, int minutes, int64_t pence,
                      const std::string& note,
                      v1::InvolvementEntry* out = nullptr,
                      const std::string& for_person = "",
                      const std::string& request_id = Api::NewId()) {
    v1::RecordInvolvementRequest req;
    req.set_request_id(request_id);
    req.set_round_id(round.id());
    req.set_kind(kind);
    req.set_minutes(minutes);
    req.set_amount_pence(pence);
    req.set_note(note);
    req.set_person_id(for_person);
    v1::InvolvementEntry ignored;
    return panels().RecordInvolvement(As(who).get(), req,
                                      out != nullptr ? out : &ignored);
  }
  grpc::Status Confirm(const Account& who, const v1::InvolvementEntry& e,
                       v1::InvolvementEntry* out = nullptr,
                       const std::string& decline_reason = "") {
    v1::ConfirmInvolvementRequest req;
    req.set_request_id(Api::NewId());
    req.set_round_id(e.round_id());
    req.set_entry_id(e.id());
    req.set_decline(!decline_reason.empty());
    req.set_reason(decline_reason);
    v1::InvolvementEntry ignored;
    return panels().ConfirmInvolvement(As(who).get(), req,
                                       out != nullptr ? out : &ignored);
  }
  void Choose(const Account& who, const v1::Round& round,
              v1::Recognition choice) {
    v1::ChooseRecognitionRequest req;
    req.set_request_id(Api::NewId());
    req.set_round_id(round.id());
    req.set_recognition(choice);
    v1::RecognitionChoice out;
    const grpc::Status s = panels().ChooseRecognition(As(who).get(), req, &out);
    ASSERT_TRUE(s.ok()) << s.error_message();
  }
  v1::Statement StatementOf(const Account& who, const std::string& person_id,
                            grpc::Status* status = nullptr) {
    v1::GetStatementRequest req;
    req.set_person_id(person_id);
    v1::Statement out;
    const grpc::Status s = panels().GetStatement(As(who).get(), req, &out);
    if (status != nullptr) {
      *status = s;
    } else {
      EXPECT_TRUE(s.ok()) << s.error_message();
    }
    return out;
  }
  static std::string Today() {
    absl::TimeZone london;  // The server's zone (EQUALSAY_TIME_ZONE).
    EXPECT_TRUE(absl::LoadTimeZone("Europe/London", &london));
    return absl::FormatTime("%Y-%m-%d", absl::Now(), london);
  }
};

TEST_F(InvolvementTest, TheSameRoleIsPaidTheSameAndTheCsvMatchesStatements) {
  const Cast c = BuildRecruitment(/*open=*/true);
  SetRate(v1::INVOLVEMENT_KIND_INTERVIEW_DAY, v1::PANEL_ROLE_MEMBER, 1500);
  SetRate(v1::INVOLVEMENT_KIND_INTERVIEW_DAY, v1::PANEL_ROLE_CO_CHAIR, 2000);
  SetRate(v1::INVOLVEMENT_KIND_READING_PACK, v1::PANEL_ROLE_CO_CHAIR, 1001);

  // An interview day each, on either panel, in the same role.
  v1::InvolvementEntry su_day, staff_day, travel, chair_reading;
  ASSERT_TRUE(Record(c.su_member, c.round, v1::INVOLVEMENT_KIND_INTERVIEW_DAY,
                     420, 0, "", &su_day)
                  .ok());
  ASSERT_TRUE(Record(c.staff_member, c.round,
                     v1::INVOLVEMENT_KIND_INTERVIEW_DAY, 420, 0, "", &staff_day)
                  .ok());
  EXPECT_EQ(su_day.state(), v1::INVOLVEMENT_STATE_AWAITING);
  ASSERT_TRUE(Record(c.su_member, c.round, v1::INVOLVEMENT_KIND_TRAVEL, 0, 640,
                     "Bus there and back", &travel)
                  .ok());
  ASSERT_TRUE(Record(c.su_chair, c.round, v1::INVOLVEMENT_KIND_READING_PACK, 20,
                     0, "", &chair_reading)
                  .ok());
  ASSERT_TRUE(Confirm(c.su_chair, su_day, &su_day).ok());
  ASSERT_TRUE(Confirm(c.staff_chair, staff_day, &staff_day).ok());
  ASSERT_TRUE(Confirm(c.su_chair, travel, &travel).ok());
  EXPECT_EQ(su_day.amount_pence(), 10500);
  EXPECT_EQ(staff_day.amount_pence(), su_day.amount_pence());
  EXPECT_FALSE(su_day.decided_by_name().empty());

  // Nobody confirms their own; another panel's co-chair may.
  grpc::Status own = Confirm(c.su_chair, chair_reading);
  EXPECT_EQ(own.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_THAT(own.error_message(), HasSubstr("entry_id"));
  ASSERT_TRUE(Confirm(c.staff_chair, chair_reading, &chair_reading).ok());
  EXPECT_EQ(chair_reading.amount_pence(), 334);  // 20 min at £10.01: 333.67p.
  // Confirmed once: a second confirmation and a later rate change alter
  // nothing already confirmed.
  EXPECT_EQ(Confirm(c.staff_chair, su_day).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  SetRate(v1::INVOLVEMENT_KIND_INTERVIEW_DAY, v1::PANEL_ROLE_MEMBER, 9900);

  Choose(c.su_member, c.round, v1::RECOGNITION_VOUCHER);
  Choose(c.su_member, c.round, v1::RECOGNITION_PAYMENT);  // Changed mind.
  Choose(c.staff_member, c.round, v1::RECOGNITION_NONE);

  const v1::Statement su = StatementOf(c.su_member, "");
  EXPECT_EQ(su.income_pence(), 10500);
  EXPECT_EQ(su.expenses_pence(), 640);
  ASSERT_EQ(su.rounds_size(), 1);
  EXPECT_EQ(su.rounds(0).recognition(), v1::RECOGNITION_PAYMENT);
  // Giving their time: the time is there, the payment is not.
  const v1::Statement staff = StatementOf(c.staff_member, "");
  EXPECT_EQ(staff.minutes(), 420);
  EXPECT_EQ(staff.income_pence(), 0);
  ASSERT_EQ(staff.rounds_size(), 1);
  EXPECT_EQ(staff.rounds(0).time_value_pence(), 0);
  const v1::Statement chair = StatementOf(c.hr, c.su_chair.id);  // HR: any.
  EXPECT_EQ(chair.income_pence(), 334);  // Not chosen yet: counts as income.

  // Finance's CSV for the period holds the same amounts, row by row.
  v1::ExportPaymentsRequest period;
  period.set_from_date(Today());
  period.set_to_date(Today());
  v1::PaymentsExport csv;
  ASSERT_TRUE(panels().ExportPayments(As(c.hr).get(), period, &csv).ok());
  EXPECT_EQ(csv.rows(), 3);
  std::map<std::string, std::vector<std::string>> rows;  // By person id.
  for (absl::string_view line :
       absl::StrSplit(csv.csv(), '\n', absl::SkipEmpty())) {
    const std::vector<std::string> cells = absl::StrSplit(line, ',');
    rows[cells[0]] = cells;
  }
  for (const auto& [who, statement] :
       {std::pair(&c.su_member, su), std::pair(&c.staff_member, staff),
        std::pair(&c.su_chair, chair)}) {
    ASSERT_EQ(rows.count(who->id), 1u) << who->id;
    const std::vector<std::string>& cells = rows[who->id];
    EXPECT_EQ(cells[5], std::to_string(statement.minutes())) << who->id;
    EXPECT_EQ(cells[6], std::to_string(statement.income_pence()));
    EXPECT_EQ(cells[8], std::to_string(statement.expenses_pence()));
  }
  EXPECT_EQ(rows[c.staff_member.id][4], "\"giving time (no payment)\"");

  // A limit the member keeps under warns them, and the trail keeps no sum.
  v1::SetIncomeLimitRequest limit;
  limit.set_request_id(Api::NewId());
  limit.set_limit_pence(12000);
  v1::Statement warned;
  ASSERT_TRUE(
      panels().SetIncomeLimit(As(c.su_member).get(), limit, &warned).ok());
  EXPECT_TRUE(warned.near_limit());
  EXPECT_THAT(warned.warning(),
              HasSubstr("£15.00 below your limit of £120.00"));
  EXPECT_EQ(Count("events WHERE action = 'income_limit.set' AND payload::text "
                  "LIKE '%12000%'"),
            0);
  EXPECT_EQ(Count("events WHERE action LIKE 'involvement.%'"), 8);
}

TEST_F(InvolvementTest, RefusalsNameTheFieldAndChangeNothing) {
  const Cast c = BuildRecruitment(/*open=*/true);
  v1::InvolvementEntry entry;
  ASSERT_TRUE(Record(c.su_member, c.round, v1::INVOLVEMENT_KIND_PREPARATION, 45,
                     0, "", &entry, "", "prep-1")
                  .ok());
  const int64_t rows = Count("involvement");
  const int64_t events = Count("events");
  // The same request again is the same entry.
  v1::InvolvementEntry again;
  ASSERT_TRUE(Record(c.su_member, c.round, v1::INVOLVEMENT_KIND_PREPARATION, 45,
                     0, "", &again, "", "prep-1")
                  .ok());
  EXPECT_EQ(again.id(), entry.id());
  struct Refusal {
    const Account* who;
    v1::InvolvementKind kind;
    int minutes;
    int64_t pence;
    std::string note, for_person;
    grpc::StatusCode code;
    std::string field;
  } refusals[] = {
      {&c.su_member, v1::INVOLVEMENT_KIND_PREPARATION, 0, 0, "", "",
       grpc::StatusCode::INVALID_ARGUMENT, "minutes"},
      {&c.su_member, v1::INVOLVEMENT_KIND_PREPARATION, 1441, 0, "", "",
       grpc::StatusCode::INVALID_ARGUMENT, "minutes"},
      {&c.su_member, v1::INVOLVEMENT_KIND_TRAVEL, 0, 640, "", "",
       grpc::StatusCode::INVALID_ARGUMENT, "note"},
      {&c.su_member, v1::INVOLVEMENT_KIND_TRAVEL, 0, 100001, "Taxi", "",
       grpc::StatusCode::INVALID_ARGUMENT, "amount_pence"},
      {&c.su_member, v1::INVOLVEMENT_KIND_UNSPECIFIED, 30, 0, "", "",
       grpc::StatusCode::INVALID_ARGUMENT, "kind"},
      {&c.su_member, v1::INVOLVEMENT_KIND_PREPARATION, 30, 0,
       std::string(1001, 'x'), "", grpc::StatusCode::INVALID_ARGUMENT, "note"},
      // A member records their own time only; a co-chair, their panel's.
      {&c.su_member, v1::INVOLVEMENT_KIND_PREPARATION, 30, 0, "",
       c.staff_member.id, grpc::StatusCode::PERMISSION_DENIED, "person_id"},
      {&c.su_chair, v1::INVOLVEMENT_KIND_PREPARATION, 30, 0, "",
       c.staff_member.id, grpc::StatusCode::PERMISSION_DENIED, "person_id"},
      {&c.su_chair, v1::INVOLVEMENT_KIND_PREPARATION, 30, 0, "", c.observer.id,
       grpc::StatusCode::FAILED_PRECONDITION, "person_id"},
      {&c.observer, v1::INVOLVEMENT_KIND_PREPARATION, 30, 0, "", "",
       grpc::StatusCode::PERMISSION_DENIED, ""},
  };
  for (const Refusal& r : refusals) {
    const grpc::Status s = Record(*r.who, c.round, r.kind, r.minutes, r.pence,
                                  r.note, nullptr, r.for_person);
    EXPECT_EQ(s.error_code(), r.code) << r.field << ": " << s.error_message();
    if (!r.field.empty()) {
      EXPECT_THAT(s.error_message(), ::testing::StartsWith(r.field));
    }
  }
  v1::RecordInvolvementRequest future;
  future.set_request_id(Api::NewId());
  future.set_round_id(c.round.id());
  future.set_kind(v1::INVOLVEMENT_KIND_PREPARATION);
  future.set_minutes(30);
  future.set_on_date("2999-01-01");
  v1::InvolvementEntry ignored;
  EXPECT_THAT(panels()
                  .RecordInvolvement(As(c.su_member).get(), future, &ignored)
                  .error_message(),
              HasSubstr("on_date:"));
  // The co-chairs hear of it in "What I need to do".
  v1::ListMyRoundsResponse chair_work;
  ASSERT_TRUE(panels()
                  .ListMyRounds(As(c.staff_chair).get(),
                                v1::ListMyRoundsRequest(), &chair_work)
                  .ok());
  ASSERT_EQ(chair_work.rounds_size(), 1);
  EXPECT_THAT(chair_work.rounds(0).to_do(),
              ::testing::Contains(
                  HasSubstr("Confirm time or expenses: 1 entry is waiting")));
  // A member does not confirm; with no rate set, nothing is confirmed.
  EXPECT_EQ(Confirm(c.staff_member, entry).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  const grpc::Status no_rate = Confirm(c.su_chair, entry);
  EXPECT_EQ(no_rate.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(no_rate.error_message(), HasSubstr("no rate is set"));
  EXPECT_EQ(Confirm(c.su_chair, entry, nullptr, " ").error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);  // A blank reason.
  // Statements are one's own; finance's export is for HR and administrators.
  grpc::Status other;
  StatementOf(c.su_member, c.staff_member.id, &other);
  EXPECT_EQ(other.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_THAT(other.error_message(), HasSubstr("person_id:"));
  v1::ExportPaymentsRequest period;
  period.set_from_date("2026-04-06");
  period.set_to_date("2027-04-05");
  v1::PaymentsExport csv;
  EXPECT_EQ(
      panels().ExportPayments(As(c.su_chair).get(), period, &csv).error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
  period.set_to_date("2026-04-05");
  EXPECT_THAT(
      panels().ExportPayments(As(admin_).get(), period, &csv).error_message(),
      HasSubstr("to_date:"));
  EXPECT_EQ(Count("involvement"), rows);
  EXPECT_EQ(Count("events"), events);
  // Declining says why, and the member sees it.
  v1::InvolvementEntry declined;
  ASSERT_TRUE(
      Confirm(c.su_chair, entry, &declined, "Counted in the interview day.")
          .ok());
  EXPECT_EQ(declined.state(), v1::INVOLVEMENT_STATE_DECLINED);
  v1::ListInvolvementRequest list;
  list.set_round_id(c.round.id());
  v1::ListInvolvementResponse mine;
  ASSERT_TRUE(
      panels().ListInvolvement(As(c.su_member).get(), list, &mine).ok());
  ASSERT_EQ(mine.entries_size(), 1);
  EXPECT_EQ(mine.entries(0).decline_reason(), "Counted in the interview day.");
  v1::ListInvolvementResponse theirs;
  ASSERT_TRUE(
      panels().ListInvolvement(As(c.staff_member).get(), list, &theirs).ok());
  EXPECT_EQ(theirs.entries_size(), 0);  // Nobody else's.
}

TEST_F(InvolvementTest, AnInterviewDayIsFilledInOnceFromTheSheetsSubmitted) {
  const Cast c = BuildRecruitment(/*open=*/true);
  ScoreAndClose(c, {{c.named, 3}, {c.anonymised, 2}});
  v1::FillInvolvementRequest fill;
  fill.set_request_id(Api::NewId());
  fill.set_round_id(c.round.id());
  fill.set_minutes(390);
  v1::ListInvolvementResponse filled;
  ASSERT_TRUE(
      panels().FillInvolvement(As(c.su_chair).get(), fill, &filled).ok());
  // Their own panel's: the co-chair and the member who submitted sheets.
  std::set<std::string> people;
  for (const v1::InvolvementEntry& e : filled.entries()) {
    EXPECT_EQ(e.kind(), v1::INVOLVEMENT_KIND_INTERVIEW_DAY);
    EXPECT_EQ(e.minutes(), 390);
    EXPECT_TRUE(e.from_record());
    people.insert(e.person_id());
  }
  EXPECT_EQ(people, (std::set<std::string>{c.su_chair.id, c.su_member.id}));
  fill.set_request_id(Api::NewId());
  ASSERT_TRUE(
      panels().FillInvolvement(As(c.su_chair).get(), fill, &filled).ok());
  EXPECT_EQ(filled.entries_size(), 0);  // Never twice.
  EXPECT_EQ(Count("involvement"), 2);
}

}  // namespace
}  // namespace equalsay::testing
