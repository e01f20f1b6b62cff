// PanelService's privacy notice: who is responsible for people's data,
// whom to ask and how long it is kept, read by anyone and shown to each
// person at their first sign-in.
#include "services/common/base/status_macros.h"
#include "services/panels/rules/retention.h"
#include "services/panels/service/panel_service.h"
#include "services/panels/store/people_store.h"

namespace equalsay::panels {

grpc::Status PanelServiceImpl::GetPrivacyNotice(
    Ctx* ctx, const v1::GetPrivacyNoticeRequest* req, v1::PrivacyNotice* resp) {
  return runner_.Run(ctx, "GetPrivacyNotice", *req, resp, [&](Call& call) {
    EQ_RETURN_IF_ERROR(call.Authorize());
    *resp = PrivacyNoticeOf(privacy_.controller, privacy_.contact,
                            privacy_.retention);
    return absl::OkStatus();
  });
}

grpc::Status PanelServiceImpl::AcknowledgePrivacyNotice(
    Ctx* ctx, const v1::AcknowledgePrivacyNoticeRequest* req,
    v1::Person* resp) {
  return runner_.Run(ctx, "AcknowledgePrivacyNotice", *req, resp,
                     [&](Call& call) {
                       EQ_RETURN_IF_ERROR(call.Authorize());
                       const PersonId me = call.caller().person_id;
                       MarkPrivacyNoticeRead(call.txn(), me);
                       *resp = *LoadPerson(call.txn(), keys_, me);
                       return absl::OkStatus();
                     });
}

}  // namespace equalsay::panels
