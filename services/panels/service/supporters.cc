// PanelService's supporters: who may enter ballots and score sheets for a
// member in a round.
#include "services/panels/rules/supporters.h"

#include "absl/strings/str_cat.h"
#include "services/common/base/enum_names.h"
#include "services/common/base/json.h"
#include "services/common/base/status_macros.h"
#include "services/common/base/validation.h"
#include "services/panels/api/panels_api.h"
#include "services/panels/rules/validation.h"
#include "services/panels/service/panel_service.h"
#include "services/panels/store/people_store.h"
#include "services/panels/store/supporter_store.h"

namespace equalsay::panels {
namespace {

std::optional<Seat> SeatOf(pqxx::transaction_base& txn, RoundId round_id,
                           PersonId person_id) {
  const std::optional<Membership> m = MembershipIn(txn, round_id, person_id);
  if (!m.has_value()) return std::nullopt;
  return Seat{.panel_id = m->panel_id, .role = m->role};
}

// The round, held alone: naming a supporter and seating someone on a panel
// happen one at a time, so nobody becomes a supporter and sits on another
// panel by two changes at once.
absl::StatusOr<v1::Round> HoldRound(Call& call, RoundId round_id) {
  std::optional<v1::Round> round =
      LoadRound(call.txn(), round_id, RoundHold::kExclusive);
  if (!round.has_value()) return NoSuch("round", "round_id", round_id.str());
  return *std::move(round);
}

// The member a request is about: the one named, or else the caller.
absl::StatusOr<PersonId> MemberOf(const Call& call,
                                  const std::string& member_person_id) {
  if (member_person_id.empty()) return call.caller().person_id;
  return ParseId<PersonId>("member_person_id", member_person_id);
}

// The person a naming means: by id, or by e-mail address.
absl::StatusOr<PersonId> SupporterNamed(pqxx::transaction_base& txn,
                                        const privacy::DataKeys& keys,
                                        const v1::NameSupporterRequest& req) {
  if (req.supporter_email().empty() || !req.supporter_person_id().empty()) {
    return ParseId<PersonId>("supporter_person_id", req.supporter_person_id());
  }
  EQ_RETURN_IF_ERROR(CheckText("supporter_email", req.supporter_email(),
                               kMaxEmail, /*required=*/true,
                               /*multiline=*/false));
  const std::vector<v1::Person> found =
      FindPeopleByEmail(txn, keys, req.supporter_email());
  if (found.size() == 1) return IdOf<PersonId>(found[0].id());
  return absl::NotFoundError(
      found.empty()
          ? "supporter_email: nobody who can sign in to equalsay has this "
            "address. Check it, or ask an administrator to add them."
          : "supporter_email: more than one person has this address. Ask an "
            "administrator which of them to name.");
}

// Kept out of the round's live updates: that someone has a supporter is
// theirs to tell. The audit trail has it, under the member.
NewEvent SupporterEvent(const Call& call, std::string action,
                        const v1::Supporter& s) {
  return {.actor_id = call.caller().person_id,
          .action = std::move(action),
          .subject = Subject("person", IdOf<PersonId>(s.member_person_id())),
          .payload_json =
              JsonObject()
                  .Add("round_id", IdOf<RoundId>(s.round_id()))
                  .Add("supporter_id", IdOf<PersonId>(s.supporter_person_id()))
                  .Add("consent", SupporterConsentName(s.consent()))
                  .str()};
}

}  // namespace

grpc::Status PanelServiceImpl::NameSupporter(
    Ctx* ctx, const v1::NameSupporterRequest* req, v1::Supporter* resp) {
  return runner_.Run(ctx, "NameSupporter", *req, resp, [&](Call& call) {
    EQ_ASSIGN_OR_RETURN(const RoundId round_id,
                        ParseId<RoundId>("round_id", req->round_id()));
    EQ_RETURN_IF_ERROR(call.AuthorizeInRound(round_id));
    EQ_ASSIGN_OR_RETURN(const PersonId member_id,
                        MemberOf(call, req->member_person_id()));
    EQ_ASSIGN_OR_RETURN(const PersonId supporter_id,
                        SupporterNamed(call.txn(), keys_, *req));
    EQ_ASSIGN_OR_RETURN(const v1::Round round, HoldRound(call, round_id));
    const PersonId me = call.caller().person_id;
    EQ_ASSIGN_OR_RETURN(
        const v1::SupporterConsent consent,
        CheckNaming(
            {.round_state = round.state(),
             .member_id = member_id.str(),
             .caller_is_member = member_id == me,
             .caller_seat = SeatOf(call.txn(), round_id, me),
             .member_seat = SeatOf(call.txn(), round_id, member_id),
             .supporter = LoadPerson(call.txn(), keys_, supporter_id)
                              .value_or(v1::Person()),
             .supporter_field = req->supporter_person_id().empty()
                                    ? "supporter_email"
                                    : "supporter_person_id",
             .supporter_seat = SeatOf(call.txn(), round_id, supporter_id),
             .consent_given_in_person = req->consent_given_in_person()}));
    std::optional<v1::Supporter> named =
        InsertSupporter(call.txn(), keys_,
                        {.round_id = round_id,
                         .member_id = member_id,
                         .supporter_id = supporter_id,
                         .consent = consent,
                         .recorded_by = me});
    if (!named.has_value()) {
      return absl::AlreadyExistsError(
          "This person is already the member's supporter in this round.");
    }
    call.Event(SupporterEvent(call, "supporter.named", *named));
    *resp = *std::move(named);
    return absl::OkStatus();
  });
}

grpc::Status PanelServiceImpl::WithdrawSupporter(
    Ctx* ctx, const v1::WithdrawSupporterRequest* req, v1::Supporter* resp) {
  return runner_.Run(ctx, "WithdrawSupporter", *req, resp, [&](Call& call) {
    EQ_ASSIGN_OR_RETURN(const RoundId round_id,
                        ParseId<RoundId>("round_id", req->round_id()));
    EQ_RETURN_IF_ERROR(call.AuthorizeInRound(round_id));
    EQ_ASSIGN_OR_RETURN(const PersonId member_id,
                        MemberOf(call, req->member_person_id()));
    EQ_ASSIGN_OR_RETURN(
        const PersonId supporter_id,
        ParseId<PersonId>("supporter_person_id", req->supporter_person_id()));
    const PersonId me = call.caller().person_id;
    EQ_RETURN_IF_ERROR(CheckWithdrawing(
        member_id == me, supporter_id == me, SeatOf(call.txn(), round_id, me),
        SeatOf(call.txn(), round_id, member_id)));
    std::optional<v1::Supporter> withdrawn = panels::WithdrawSupporter(
        call.txn(), keys_, round_id, member_id, supporter_id, me);
    if (!withdrawn.has_value()) {
      return absl::NotFoundError(
          "supporter_person_id: this person is not the member's supporter in "
          "this round (perhaps already withdrawn).");
    }
    call.Event(SupporterEvent(call, "supporter.withdrawn", *withdrawn));
    EndStreamsAfterCommit(call);  // Their live updates stop.
    *resp = *std::move(withdrawn);
    return absl::OkStatus();
  });
}

grpc::Status PanelServiceImpl::ListSupporters(
    Ctx* ctx, const v1::ListSupportersRequest* req,
    v1::ListSupportersResponse* resp) {
  return runner_.Run(ctx, "ListSupporters", *req, resp, [&](Call& call) {
    EQ_ASSIGN_OR_RETURN(const RoundId round_id,
                        ParseId<RoundId>("round_id", req->round_id()));
    EQ_RETURN_IF_ERROR(call.AuthorizeInRound(round_id));
    const PersonId me = call.caller().person_id;
    const std::optional<Seat> my_seat = SeatOf(call.txn(), round_id, me);
    for (v1::Supporter& s :
         panels::ListSupporters(call.txn(), keys_, round_id)) {
      const bool mine = s.member_person_id() == me.str() ||
                        s.supporter_person_id() == me.str();
      bool chairs = false;
      if (!mine && !call.Is(Role::kAdmin) && my_seat.has_value() &&
          my_seat->role == v1::PANEL_ROLE_CO_CHAIR) {
        const std::optional<Seat> seat =
            SeatOf(call.txn(), round_id, IdOf<PersonId>(s.member_person_id()));
        chairs = seat.has_value() && seat->panel_id == my_seat->panel_id;
      }
      if (mine || chairs || call.Is(Role::kAdmin)) {
        *resp->add_supporters() = std::move(s);
      }
    }
    return absl::OkStatus();
  });
}

}  // namespace equalsay::panels
