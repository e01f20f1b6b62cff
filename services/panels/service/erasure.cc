// PanelService's erasure on request: a person's or a candidate's personal
// data overwritten where it is kept, the record of what was decided whole.
#include "services/panels/service/erasure.h"

#include <limits>

#include "services/common/base/json.h"
#include "services/common/base/status_macros.h"
#include "services/common/base/validation.h"
#include "services/panels/api/panels_api.h"
#include "services/panels/rules/erasure.h"
#include "services/panels/rules/retention.h"
#include "services/panels/rules/setup.h"
#include "services/panels/service/panel_service.h"
#include "services/panels/store/erasure_store.h"
#include "services/panels/store/people_store.h"

namespace equalsay::panels {
namespace {

NewEvent Erased(const char* action, std::string subject,
                std::optional<RoundId> round_id, std::optional<PersonId> by,
                absl::string_view why) {
  return {.actor_id = by,
          .action = action,
          .subject = std::move(subject),
          .round_id = round_id,
          .payload_json = JsonObject().Add("why", std::string(why)).str()};
}

v1::Erasure Answer(std::string shown_as, std::vector<ErasedItem> items) {
  v1::Erasure answer;
  answer.set_shown_as(std::move(shown_as));
  for (std::string& line : ErasedWords(items)) {
    answer.add_erased(std::move(line));
  }
  return answer;
}

}  // namespace

v1::Erasure ErasePersonNow(pqxx::transaction_base& txn,
                           const privacy::DataKeys& keys, PersonId id,
                           std::optional<PersonId> by, absl::string_view why,
                           EventSink record) {
  const std::string shown_as = ErasedPersonName(id);
  v1::Erasure answer =
      Answer(shown_as, ErasePersonData(txn, keys, id, shown_as));
  record(Erased("person.erased", Subject("person", id), std::nullopt, by, why));
  return answer;
}

v1::Erasure EraseCandidateNow(pqxx::transaction_base& txn,
                              const privacy::DataKeys& keys, CandidateId id,
                              RoundId round_id, std::optional<PersonId> by,
                              absl::string_view why, EventSink record) {
  const std::string shown_as = ErasedCandidateName(id);
  v1::Erasure answer = Answer(
      shown_as,
      EraseCandidateData(txn, keys, id, shown_as, AppointTitle(shown_as)));
  record(
      Erased("candidate.erased", Subject("candidate", id), round_id, by, why));
  return answer;
}

grpc::Status PanelServiceImpl::ErasePerson(Ctx* ctx,
                                           const v1::ErasePersonRequest* req,
                                           v1::Erasure* resp) {
  return runner_.Run(ctx, "ErasePerson", *req, resp, [&](Call& call) {
    EQ_RETURN_IF_ERROR(call.Authorize());
    EQ_ASSIGN_OR_RETURN(const PersonId id,
                        ParseId<PersonId>("person_id", req->person_id()));
    const std::vector<std::string> needed =
        HoldPersonForErasure(call.txn(), id);
    const std::optional<v1::Person> person = LoadPerson(call.txn(), keys_, id);
    if (!person.has_value()) {
      return NoSuch("person", "person_id", req->person_id());
    }
    resp->set_shown_as(ErasedPersonName(id));
    if (person->erased()) {
      resp->add_erased("Nothing more: this person's data was erased before.");
      return absl::OkStatus();
    }
    EQ_RETURN_IF_ERROR(CheckConfirmName("confirm_name", person->display_name(),
                                        req->confirm_name()));
    EQ_RETURN_IF_ERROR(CheckPersonErasable(*person, needed));
    if (person->active()) {
      EQ_RETURN_IF_ERROR(
          CheckCanDeactivate(*person, CountActiveAdmins(call.txn())));
    }
    *resp =
        ErasePersonNow(call.txn(), keys_, id, call.caller().person_id,
                       "request", [&](const NewEvent& e) { call.Event(e); });
    EndStreamsAfterCommit(call);  // Their sign-ins end now, live views too.
    return absl::OkStatus();
  });
}

grpc::Status PanelServiceImpl::EraseCandidate(
    Ctx* ctx, const v1::EraseCandidateRequest* req, v1::Erasure* resp) {
  return runner_.Run(ctx, "EraseCandidate", *req, resp, [&](Call& call) {
    EQ_ASSIGN_OR_RETURN(
        const CandidateId id,
        ParseId<CandidateId>("candidate_id", req->candidate_id()));
    const std::optional<v1::Candidate> found =
        LoadCandidate(call.txn(), keys_, id);
    if (!found.has_value()) {
      return NoSuch("candidate", "candidate_id", req->candidate_id());
    }
    const RoundId round_id = IdOf<RoundId>(found->round_id());
    EQ_RETURN_IF_ERROR(call.AuthorizeInRound(round_id));
    // The round held alone, so it cannot move on (or be reopened) meanwhile,
    // and the candidate, so that the retention policy passes them over.
    const std::optional<v1::Round> round =
        LoadRound(call.txn(), round_id, RoundHold::kExclusive);
    HoldCandidateForErasure(call.txn(), id);
    const std::optional<v1::Candidate> candidate =
        LoadCandidate(call.txn(), keys_, id);
    resp->set_shown_as(ErasedCandidateName(id));
    if (candidate->erased()) {
      resp->add_erased(
          "Nothing more: this candidate's data was erased before.");
      return absl::OkStatus();
    }
    EQ_RETURN_IF_ERROR(CheckConfirmName("confirm_name", candidate->name(),
                                        req->confirm_name()));
    EQ_RETURN_IF_ERROR(
        CheckCandidateErasable(*candidate, round->state(), round->title()));
    *resp = EraseCandidateNow(call.txn(), keys_, id, round_id,
                              call.caller().person_id, "request",
                              [&](const NewEvent& e) { call.Event(e); });
    return absl::OkStatus();
  });
}

grpc::Status PanelServiceImpl::PlanRetention(
    Ctx* ctx, const v1::PlanRetentionRequest* req, v1::RetentionPlan* resp) {
  return runner_.Run(ctx, "PlanRetention", *req, resp, [&](Call& call) {
    EQ_RETURN_IF_ERROR(call.Authorize());
    for (std::string& line : PolicyWords(privacy_.retention)) {
      resp->add_policy(std::move(line));
    }
    // Everything due, however long the list: it changes nothing.
    for (const DueErasure& due :
         DueForErasure(call.txn(), keys_, privacy_.retention,
                       std::numeric_limits<int>::max(), /*hold=*/false)) {
      v1::RetentionDue* d = resp->add_due();
      if (due.person.has_value()) d->set_person_id(due.person->str());
      if (due.candidate.has_value()) d->set_candidate_id(due.candidate->str());
      if (due.round_id.has_value()) d->set_round_id(due.round_id->str());
      d->set_name(due.name);
      d->set_since(due.since);
    }
    return absl::OkStatus();
  });
}

}  // namespace equalsay::panels
