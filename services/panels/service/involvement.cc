// PanelService's involvement: time given and expenses, how each person is
// recognised, the rates, statements and finance's export.
#include "services/panels/rules/involvement.h"

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "services/common/base/enum_names.h"
#include "services/common/base/json.h"
#include "services/common/base/status_macros.h"
#include "services/common/base/validation.h"
#include "services/common/store/sql.h"
#include "services/panels/api/panels_api.h"
#include "services/panels/service/own_record.h"
#include "services/panels/service/panel_service.h"
#include "services/panels/store/involvement_store.h"

namespace equalsay::panels {
namespace {

absl::CivilDay Today(Call& call, absl::TimeZone zone) {
  return absl::ToCivilDay(TransactionTime(call.txn()), zone);
}

std::string DayText(absl::CivilDay day) {
  return absl::FormatCivilTime(day);  // YYYY-MM-DD
}

// Paid roles only: observers watch, and the rate follows the seat.
absl::StatusOr<Membership> PaidSeat(pqxx::transaction_base& txn,
                                    RoundId round_id, PersonId person_id,
                                    absl::string_view field) {
  const std::optional<Membership> seat = MembershipIn(txn, round_id, person_id);
  if (!seat.has_value() || (seat->role != v1::PANEL_ROLE_CO_CHAIR &&
                            seat->role != v1::PANEL_ROLE_MEMBER)) {
    return absl::FailedPreconditionError(
        absl::StrCat(field,
                     ": this person is not a co-chair or member of one of the "
                     "round's panels, so there is no time of theirs to "
                     "record here."));
  }
  return *seat;
}

// Personal: kept out of the round's live updates, recorded under the person.
NewEvent EntryEvent(const Call& call, std::string action,
                    const v1::InvolvementEntry& e) {
  return {.actor_id = call.caller().person_id,
          .action = std::move(action),
          .subject = Subject("person", IdOf<PersonId>(e.person_id())),
          .payload_json = JsonObject()
                              .Add("round_id", IdOf<RoundId>(e.round_id()))
                              .Add("entry_id", IdOf<InvolvementId>(e.id()))
                              .Add("kind", InvolvementKindName(e.kind()))
                              .Add("minutes", int64_t{e.minutes()})
                              .Add("amount_pence", e.amount_pence())
                              .Add("on_date", e.on_date())
                              .Add("state", InvolvementStateName(e.state()))
                              .str()};
}

absl::StatusOr<v1::InvolvementEntry> Reload(Call& call,
                                            const privacy::DataKeys& keys,
                                            RoundId round_id,
                                            InvolvementId id) {
  std::optional<v1::InvolvementEntry> e =
      LoadEntry(call.txn(), keys, round_id, id, /*hold=*/false);
  if (!e.has_value()) return NoSuch("entry", "entry_id", id.str());
  return *std::move(e);
}

// Whose statement: the caller's own, or anyone's for administrators and HR.
absl::StatusOr<v1::Person> StatementSubject(Call& call,
                                            const privacy::DataKeys& keys,
                                            const std::string& person_id) {
  return OwnOrOverseen(call, keys, person_id, {Role::kAdmin, Role::kHr},
                       "person_id: you may see your own statement only; "
                       "administrators and HR see anyone's.");
}

v1::Statement StatementOf(Call& call, const privacy::DataKeys& keys,
                          const v1::Person& person, int tax_year,
                          int warning_percent) {
  const PersonId id = IdOf<PersonId>(person.id());
  return BuildStatement(
      person.id(), person.display_name(), tax_year,
      EntriesDated(call.txn(), keys, id, DayText(TaxYearStart(tax_year)),
                   DayText(TaxYearEnd(tax_year))),
      ChoicesOf(call.txn(), id), IncomeLimitOf(call.txn(), id),
      warning_percent);
}

}  // namespace

grpc::Status PanelServiceImpl::SetRate(Ctx* ctx, const v1::SetRateRequest* req,
                                       v1::Rate* resp) {
  return runner_.Run(ctx, "SetRate", *req, resp, [&](Call& call) {
    EQ_RETURN_IF_ERROR(call.Authorize());
    EQ_RETURN_IF_ERROR(CheckRate(*req));
    *resp = panels::SetRate(call.txn(), req->kind(), req->role(),
                            req->pence_per_hour(), call.caller().person_id);
    call.Event(
        {.actor_id = call.caller().person_id,
         .action = "rate.set",
         .subject = "rates",
         .payload_json = JsonObject()
                             .Add("kind", InvolvementKindName(req->kind()))
                             .Add("role", PanelRoleName(req->role()))
                             .Add("pence_per_hour", req->pence_per_hour())
                             .str()});
    return absl::OkStatus();
  });
}

grpc::Status PanelServiceImpl::ListRates(Ctx* ctx,
                                         const v1::ListRatesRequest* req,
                                         v1::ListRatesResponse* resp) {
  return runner_.Run(ctx, "ListRates", *req, resp, [&](Call& call) {
    EQ_RETURN_IF_ERROR(call.Authorize());
    for (v1::Rate& r : panels::ListRates(call.txn())) {
      *resp->add_rates() = std::move(r);
    }
    resp->set_rule(RateRule());
    return absl::OkStatus();
  });
}

grpc::Status PanelServiceImpl::RecordInvolvement(
    Ctx* ctx, const v1::RecordInvolvementRequest* req,
    v1::InvolvementEntry* resp) {
  return runner_.Run(ctx, "RecordInvolvement", *req, resp, [&](Call& call) {
    EQ_ASSIGN_OR_RETURN(const RoundId round_id,
                        ParseId<RoundId>("round_id", req->round_id()));
    EQ_RETURN_IF_ERROR(call.AuthorizeInRound(round_id));
    const PersonId me = call.caller().person_id;
    PersonId person_id = me;
    if (!req->person_id().empty()) {
      EQ_ASSIGN_OR_RETURN(person_id,
                          ParseId<PersonId>("person_id", req->person_id()));
    }
    EQ_RETURN_IF_ERROR(CheckEntry(*req));
    EQ_ASSIGN_OR_RETURN(const absl::CivilDay day,
                        ParseEntryDay("on_date", req->on_date(),
                                      Today(call, involvement_.zone)));
    EQ_ASSIGN_OR_RETURN(const Membership seat,
                        PaidSeat(call.txn(), round_id, person_id, "person_id"));
    if (person_id != me) {
      const std::optional<Membership> mine =
          MembershipIn(call.txn(), round_id, me);
      if (!mine.has_value() || mine->role != v1::PANEL_ROLE_CO_CHAIR ||
          mine->panel_id != seat.panel_id) {
        return absl::PermissionDeniedError(
            "person_id: you may record your own time; only a co-chair of "
            "their panel records someone else's.");
      }
    }
    const std::optional<InvolvementId> id =
        InsertEntry(call.txn(), keys_,
                    {.person_id = person_id,
                     .round_id = round_id,
                     .kind = req->kind(),
                     .minutes = req->minutes(),
                     .amount_pence = req->amount_pence(),
                     .on_date = DayText(day),
                     .note = req->note(),
                     .recorded_by = me});
    EQ_ASSIGN_OR_RETURN(*resp, Reload(call, keys_, round_id, *id));
    call.Event(EntryEvent(call, "involvement.recorded", *resp));
    return absl::OkStatus();
  });
}

grpc::Status PanelServiceImpl::FillInvolvement(
    Ctx* ctx, const v1::FillInvolvementRequest* req,
    v1::ListInvolvementResponse* resp) {
  return runner_.Run(ctx, "FillInvolvement", *req, resp, [&](Call& call) {
    EQ_ASSIGN_OR_RETURN(const RoundId round_id,
                        ParseId<RoundId>("round_id", req->round_id()));
    EQ_RETURN_IF_ERROR(call.AuthorizeInRound(round_id));
    if (req->minutes() < 1 || req->minutes() > kMaxMinutes) {
      return absl::InvalidArgumentError(absl::StrCat(
          "minutes: say how long the interview day or meeting was, from 1 "
          "to ",
          kMaxMinutes, " minutes."));
    }
    EQ_ASSIGN_OR_RETURN(const absl::CivilDay day,
                        ParseEntryDay("on_date", req->on_date(),
                                      Today(call, involvement_.zone)));
    const PersonId me = call.caller().person_id;
    const std::optional<Membership> mine =
        MembershipIn(call.txn(), round_id, me);
    const std::optional<v1::Round> round = LoadRound(call.txn(), round_id);
    const v1::InvolvementKind kind = round->kind() == v1::ROUND_KIND_STRATEGY
                                         ? v1::INVOLVEMENT_KIND_STEERING_MEETING
                                         : v1::INVOLVEMENT_KIND_INTERVIEW_DAY;
    for (const PersonId person_id :
         TookPart(call.txn(), round_id, mine->panel_id)) {
      const std::optional<InvolvementId> id =
          InsertEntry(call.txn(), keys_,
                      {.person_id = person_id,
                       .round_id = round_id,
                       .kind = kind,
                       .minutes = req->minutes(),
                       .on_date = DayText(day),
                       .from_record = true,
                       .recorded_by = me});
      if (!id.has_value()) continue;  // Filled in before.
      EQ_ASSIGN_OR_RETURN(v1::InvolvementEntry e,
                          Reload(call, keys_, round_id, *id));
      call.Event(EntryEvent(call, "involvement.recorded", e));
      *resp->add_entries() = std::move(e);
    }
    return absl::OkStatus();
  });
}

grpc::Status PanelServiceImpl::ConfirmInvolvement(
    Ctx* ctx, const v1::ConfirmInvolvementRequest* req,
    v1::InvolvementEntry* resp) {
  return runner_.Run(ctx, "ConfirmInvolvement", *req, resp, [&](Call& call) {
    EQ_ASSIGN_OR_RETURN(const RoundId round_id,
                        ParseId<RoundId>("round_id", req->round_id()));
    EQ_RETURN_IF_ERROR(call.AuthorizeInRound(round_id));
    EQ_ASSIGN_OR_RETURN(const InvolvementId id,
                        ParseId<InvolvementId>("entry_id", req->entry_id()));
    std::optional<v1::InvolvementEntry> entry =
        LoadEntry(call.txn(), keys_, round_id, id, /*hold=*/true);
    if (!entry.has_value()) return NoSuch("entry", "entry_id", id.str());
    const PersonId subject = IdOf<PersonId>(entry->person_id());
    EQ_RETURN_IF_ERROR(
        CheckConfirming(*entry, subject == call.caller().person_id, *req));
    int64_t rate = 0;
    int64_t amount = entry->amount_pence();
    if (!req->decline() && !IsExpense(entry->kind())) {
      EQ_ASSIGN_OR_RETURN(const Membership seat,
                          PaidSeat(call.txn(), round_id, subject, "entry_id"));
      const std::optional<int64_t> set =
          RateFor(call.txn(), entry->kind(), seat.role);
      if (!set.has_value()) {
        return absl::FailedPreconditionError(absl::StrCat(
            "entry_id: no rate is set for ", KindWords(entry->kind()), " for ",
            seat.role == v1::PANEL_ROLE_CO_CHAIR ? "co-chairs" : "members",
            ". Ask an administrator to set one (it may be 0), then confirm "
            "again."));
      }
      rate = *set;
      amount = TimeValuePence(rate, entry->minutes());
    }
    DecideEntry(call.txn(), keys_, id, subject,
                req->decline() ? v1::INVOLVEMENT_STATE_DECLINED
                               : v1::INVOLVEMENT_STATE_CONFIRMED,
                call.caller().person_id, req->reason(), rate, amount);
    EQ_ASSIGN_OR_RETURN(*resp, Reload(call, keys_, round_id, id));
    call.Event(EntryEvent(
        call, req->decline() ? "involvement.declined" : "involvement.confirmed",
        *resp));
    return absl::OkStatus();
  });
}

grpc::Status PanelServiceImpl::ListInvolvement(
    Ctx* ctx, const v1::ListInvolvementRequest* req,
    v1::ListInvolvementResponse* resp) {
  return runner_.Run(ctx, "ListInvolvement", *req, resp, [&](Call& call) {
    EQ_ASSIGN_OR_RETURN(const RoundId round_id,
                        ParseId<RoundId>("round_id", req->round_id()));
    EQ_RETURN_IF_ERROR(call.AuthorizeInRound(round_id));
    const bool everyone =
        call.Is(Role::kAdmin) || call.Is(Role::kHr) || call.Is(Role::kCoChair);
    for (v1::InvolvementEntry& e : EntriesOfRound(
             call.txn(), keys_, round_id,
             everyone ? std::nullopt
                      : std::optional<PersonId>(call.caller().person_id))) {
      *resp->add_entries() = std::move(e);
    }
    return absl::OkStatus();
  });
}

grpc::Status PanelServiceImpl::ChooseRecognition(
    Ctx* ctx, const v1::ChooseRecognitionRequest* req,
    v1::RecognitionChoice* resp) {
  return runner_.Run(ctx, "ChooseRecognition", *req, resp, [&](Call& call) {
    EQ_ASSIGN_OR_RETURN(const RoundId round_id,
                        ParseId<RoundId>("round_id", req->round_id()));
    EQ_RETURN_IF_ERROR(call.AuthorizeInRound(round_id));
    if (req->recognition() == v1::RECOGNITION_UNSPECIFIED ||
        !v1::Recognition_IsValid(req->recognition())) {
      return absl::InvalidArgumentError(
          "recognition: choose payment, vouchers, training credit or to give "
          "your time.");
    }
    const PersonId me = call.caller().person_id;
    SetChoice(call.txn(), me, round_id, req->recognition());
    resp->set_round_id(req->round_id());
    resp->set_person_id(me.str());
    resp->set_recognition(req->recognition());
    call.Event({.actor_id = me,
                .action = "recognition.chosen",
                .subject = Subject("person", me),
                .payload_json =
                    JsonObject()
                        .Add("round_id", round_id)
                        .Add("recognition", RecognitionName(req->recognition()))
                        .str()});
    return absl::OkStatus();
  });
}

grpc::Status PanelServiceImpl::SetIncomeLimit(
    Ctx* ctx, const v1::SetIncomeLimitRequest* req, v1::Statement* resp) {
  return runner_.Run(ctx, "SetIncomeLimit", *req, resp, [&](Call& call) {
    EQ_RETURN_IF_ERROR(call.Authorize());
    if (req->limit_pence() < 0 || req->limit_pence() > kMaxIncomeLimitPence) {
      return absl::InvalidArgumentError(absl::StrCat(
          "limit_pence: give the limit in pence for a whole tax year, up to ",
          kMaxIncomeLimitPence, " (", Pounds(kMaxIncomeLimitPence),
          "), or 0 to take it away."));
    }
    const PersonId me = call.caller().person_id;
    panels::SetIncomeLimit(call.txn(), me, req->limit_pence());
    // The amount is theirs alone; the trail says only that it changed.
    call.Event(
        {.actor_id = me,
         .action = "income_limit.set",
         .subject = Subject("person", me),
         .payload_json =
             JsonObject().Add("limit_set", req->limit_pence() > 0).str()});
    EQ_ASSIGN_OR_RETURN(const v1::Person person,
                        StatementSubject(call, keys_, ""));
    *resp = StatementOf(call, keys_, person,
                        TaxYearOf(Today(call, involvement_.zone)),
                        involvement_.warning_percent);
    return absl::OkStatus();
  });
}

grpc::Status PanelServiceImpl::GetStatement(Ctx* ctx,
                                            const v1::GetStatementRequest* req,
                                            v1::Statement* resp) {
  return runner_.Run(ctx, "GetStatement", *req, resp, [&](Call& call) {
    EQ_RETURN_IF_ERROR(call.Authorize());
    EQ_ASSIGN_OR_RETURN(const v1::Person person,
                        StatementSubject(call, keys_, req->person_id()));
    const int this_year = TaxYearOf(Today(call, involvement_.zone));
    const int year = req->tax_year() == 0 ? this_year : req->tax_year();
    if (year < 2000 || year > this_year) {
      return absl::InvalidArgumentError(absl::StrCat(
          "tax_year: give the year the tax year starts in, from 2000 to ",
          this_year, " (this one), or 0 for this one."));
    }
    *resp =
        StatementOf(call, keys_, person, year, involvement_.warning_percent);
    return absl::OkStatus();
  });
}

grpc::Status PanelServiceImpl::ExportPayments(
    Ctx* ctx, const v1::ExportPaymentsRequest* req, v1::PaymentsExport* resp) {
  return runner_.Run(ctx, "ExportPayments", *req, resp, [&](Call& call) {
    EQ_RETURN_IF_ERROR(call.Authorize());
    const absl::CivilDay today = Today(call, involvement_.zone);
    absl::CivilDay from, to;
    for (auto [field, text, day] :
         {std::tuple("from_date", req->from_date(), &from),
          std::tuple("to_date", req->to_date(), &to)}) {
      if (text.size() != 10 || !absl::ParseCivilTime(text, day)) {
        return absl::InvalidArgumentError(absl::StrCat(
            field, ": write the date as year-month-day, for example ",
            DayText(today), "."));
      }
    }
    if (to < from) {
      return absl::InvalidArgumentError(
          "to_date: the period ends before it starts; swap the dates.");
    }
    const PaymentsCsv csv =
        BuildPaymentsCsv(EntriesDated(call.txn(), keys_, std::nullopt,
                                      DayText(from), DayText(to)),
                         ChoicesOf(call.txn(), std::nullopt));
    resp->set_csv(csv.csv);
    resp->set_rows(csv.rows);
    return absl::OkStatus();
  });
}

}  // namespace equalsay::panels
