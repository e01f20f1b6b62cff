// PanelService's erasure on request: a person's or a candidate's personal
// data overwritten where it is kept, the record of what was decided whole.
#include "services/panels/rules/erasure.h"

#include "services/common/base/status_macros.h"
#include "services/common/base/validation.h"
#include "services/panels/api/panels_api.h"
#include "services/panels/rules/setup.h"
#include "services/panels/service/panel_service.h"
#include "services/panels/store/erasure_store.h"
#include "services/panels/store/people_store.h"

namespace equalsay::panels {

grpc::Status PanelServiceImpl::ErasePerson(Ctx* ctx,
                                           const v1::ErasePersonRequest* req,
                                           v1::Erasure* resp) {
  return runner_.Run(ctx, "ErasePerson", *req, resp, [&](Call& call) {
    EQ_RETURN_IF_ERROR(call.Authorize());
    EQ_ASSIGN_OR_RETURN(const PersonId id,
                        ParseId<PersonId>("person_id", req->person_id()));
    const std::vector<std::string> needed =
        HoldPersonForErasure(call.txn(), id);
    const std::optional<v1::Person> person = LoadPerson(call.txn(), id);
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
    for (std::string& line :
         ErasedWords(ErasePersonData(call.txn(), id, resp->shown_as()))) {
      resp->add_erased(std::move(line));
    }
    call.Event("person.erased", Subject("person", id), std::nullopt, "{}");
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
    const std::optional<v1::Candidate> found = LoadCandidate(call.txn(), id);
    if (!found.has_value()) {
      return NoSuch("candidate", "candidate_id", req->candidate_id());
    }
    const RoundId round_id = IdOf<RoundId>(found->round_id());
    EQ_RETURN_IF_ERROR(call.AuthorizeInRound(round_id));
    // The round held alone, so it cannot move on (or be reopened) meanwhile.
    const std::optional<v1::Round> round =
        LoadRound(call.txn(), round_id, RoundHold::kExclusive);
    const std::optional<v1::Candidate> candidate =
        LoadCandidate(call.txn(), id);
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
    for (std::string& line :
         ErasedWords(EraseCandidateData(call.txn(), id, resp->shown_as(),
                                        AppointTitle(resp->shown_as())))) {
      resp->add_erased(std::move(line));
    }
    call.Event("candidate.erased", Subject("candidate", id), round_id, "{}");
    return absl::OkStatus();
  });
}

}  // namespace equalsay::panels
