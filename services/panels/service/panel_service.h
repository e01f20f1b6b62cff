// PanelService over gRPC: thin glue between the protocol, rules and store.
#ifndef EQUALSAY_SERVICES_PANELS_SERVICE_PANEL_SERVICE_H_
#define EQUALSAY_SERVICES_PANELS_SERVICE_PANEL_SERVICE_H_

#include <memory>
#include <string>

#include "absl/time/time.h"
#include "equalsay/v1/panels.grpc.pb.h"
#include "services/common/base/json.h"
#include "services/common/service/rpc_runner.h"
#include "services/common/store/db_pool.h"
#include "services/mail/store/mail_queue.h"
#include "services/oidc/service/oidc_client.h"
#include "services/panels/rules/retention.h"
#include "services/privacy/rules/data_keys.h"

namespace equalsay::panels {

// How people sign in.
struct SignInOptions {
  // Where people open the web client, for sign-in links.
  std::string public_url;
  int link_days = 7;   // A sign-in link works once, for this long.
  int idle_days = 30;  // A session ends after this long unused.
  // Staff's organisation accounts; nullptr: not set up.
  std::shared_ptr<oidc::OidcClient> provider;
};

// How time given is dated and statements warn.
struct InvolvementOptions {
  absl::TimeZone zone = absl::UTCTimeZone();  // Whose "today" dates entries.
  int warning_percent = 80;  // Warn from this share of a person's limit.
};

// Who is responsible for people's data, whom to ask, and how long it is
// kept: the privacy notice and the retention plan.
struct PrivacyOptions {
  RetentionPolicy retention;
  std::string controller;  // Empty: the notice says "the organisation".
  std::string contact;
};

class PanelServiceImpl final : public v1::PanelService::Service {
 public:
  // `feed` hears of committed changes to rounds; `outbox` sends
  // invitations and news when e-mail is set up.
  // `keys` seal and open what is personal (see privacy/).
  PanelServiceImpl(DbPool& pool, const privacy::DataKeys& keys,
                   SignInOptions sign_in, InvolvementOptions involvement,
                   PrivacyOptions privacy, ChangeFeed* feed = nullptr,
                   mail::Outbox outbox = mail::Outbox(false));

  using Ctx = grpc::ServerContext;
  grpc::Status CreatePerson(Ctx*, const v1::CreatePersonRequest*,
                            v1::Person*) override;
  grpc::Status GetPerson(Ctx*, const v1::GetPersonRequest*,
                         v1::Person*) override;
  grpc::Status ListPeople(Ctx*, const v1::ListPeopleRequest*,
                          v1::ListPeopleResponse*) override;
  grpc::Status DeactivatePerson(Ctx*, const v1::DeactivatePersonRequest*,
                                v1::Person*) override;
  grpc::Status UpdatePerson(Ctx*, const v1::UpdatePersonRequest*,
                            v1::Person*) override;
  grpc::Status ImportPeople(Ctx*, const v1::ImportPeopleRequest*,
                            v1::ImportReport*) override;
  grpc::Status ImportCandidates(Ctx*, const v1::ImportCandidatesRequest*,
                                v1::ImportReport*) override;
  grpc::Status UpdateCandidate(Ctx*, const v1::UpdateCandidateRequest*,
                               v1::Candidate*) override;
  grpc::Status UpdateCriterion(Ctx*, const v1::UpdateCriterionRequest*,
                               v1::Criterion*) override;
  grpc::Status UpdatePanel(Ctx*, const v1::UpdatePanelRequest*,
                           v1::Panel*) override;
  grpc::Status IssueToken(Ctx*, const v1::IssueTokenRequest*,
                          v1::IssueTokenResponse*) override;
  grpc::Status RevokeToken(Ctx*, const v1::RevokeTokenRequest*,
                           v1::RevokeTokenResponse*) override;
  grpc::Status GetMe(Ctx*, const v1::GetMeRequest*, v1::Person*) override;
  grpc::Status CreateSignInLink(Ctx*, const v1::CreateSignInLinkRequest*,
                                v1::CreateSignInLinkResponse*) override;
  grpc::Status SignIn(Ctx*, const v1::SignInRequest*,
                      v1::SignInResponse*) override;
  grpc::Status GetSignInMethods(Ctx*, const v1::GetSignInMethodsRequest*,
                                v1::SignInMethods*) override;
  grpc::Status SignInWithProvider(Ctx*, const v1::SignInWithProviderRequest*,
                                  v1::SignInResponse*) override;
  grpc::Status SignOut(Ctx*, const v1::SignOutRequest*,
                       v1::SignOutResponse*) override;
  grpc::Status ListTokens(Ctx*, const v1::ListTokensRequest*,
                          v1::ListTokensResponse*) override;
  grpc::Status ListMail(Ctx*, const v1::ListMailRequest*,
                        v1::ListMailResponse*) override;
  grpc::Status RetryMail(Ctx*, const v1::RetryMailRequest*,
                         v1::MailInfo*) override;
  grpc::Status RemindPanel(Ctx*, const v1::RemindPanelRequest*,
                           v1::RemindPanelResponse*) override;
  grpc::Status CreateRound(Ctx*, const v1::CreateRoundRequest*,
                           v1::Round*) override;
  grpc::Status GetRound(Ctx*, const v1::GetRoundRequest*, v1::Round*) override;
  grpc::Status UpdateRound(Ctx*, const v1::UpdateRoundRequest*,
                           v1::Round*) override;
  grpc::Status ListRounds(Ctx*, const v1::ListRoundsRequest*,
                          v1::ListRoundsResponse*) override;
  grpc::Status OpenRound(Ctx*, const v1::OpenRoundRequest*,
                         v1::Round*) override;
  grpc::Status WithdrawRound(Ctx*, const v1::WithdrawRoundRequest*,
                             v1::Round*) override;
  grpc::Status AddPanel(Ctx*, const v1::AddPanelRequest*, v1::Panel*) override;
  grpc::Status AddMember(Ctx*, const v1::AddMemberRequest*,
                         v1::Member*) override;
  grpc::Status RemoveMember(Ctx*, const v1::RemoveMemberRequest*,
                            v1::RemoveMemberResponse*) override;
  grpc::Status ReplaceMember(Ctx*, const v1::ReplaceMemberRequest*,
                             v1::Member*) override;
  grpc::Status AddCandidate(Ctx*, const v1::AddCandidateRequest*,
                            v1::Candidate*) override;
  grpc::Status WithdrawCandidate(Ctx*, const v1::WithdrawCandidateRequest*,
                                 v1::Candidate*) override;
  grpc::Status AddCriterion(Ctx*, const v1::AddCriterionRequest*,
                            v1::Criterion*) override;
  grpc::Status DeclareConflict(Ctx*, const v1::DeclareConflictRequest*,
                               v1::Conflict*) override;
  grpc::Status ListMyRounds(Ctx*, const v1::ListMyRoundsRequest*,
                            v1::ListMyRoundsResponse*) override;
  grpc::Status AddDocument(Ctx*, const v1::AddDocumentRequest*,
                           v1::Document*) override;
  grpc::Status ListDocuments(Ctx*, const v1::ListDocumentsRequest*,
                             v1::ListDocumentsResponse*) override;
  grpc::Status GetDocument(Ctx*, const v1::GetDocumentRequest*,
                           v1::Document*) override;
  grpc::Status RemoveDocument(Ctx*, const v1::RemoveDocumentRequest*,
                              v1::Document*) override;
  // Supporters (supporters.cc).
  grpc::Status NameSupporter(Ctx*, const v1::NameSupporterRequest*,
                             v1::Supporter*) override;
  grpc::Status WithdrawSupporter(Ctx*, const v1::WithdrawSupporterRequest*,
                                 v1::Supporter*) override;
  grpc::Status ListSupporters(Ctx*, const v1::ListSupportersRequest*,
                              v1::ListSupportersResponse*) override;

  // Involvement and recognition (involvement.cc).
  grpc::Status SetRate(Ctx*, const v1::SetRateRequest*, v1::Rate*) override;
  grpc::Status ListRates(Ctx*, const v1::ListRatesRequest*,
                         v1::ListRatesResponse*) override;
  grpc::Status RecordInvolvement(Ctx*, const v1::RecordInvolvementRequest*,
                                 v1::InvolvementEntry*) override;
  grpc::Status FillInvolvement(Ctx*, const v1::FillInvolvementRequest*,
                               v1::ListInvolvementResponse*) override;
  grpc::Status ConfirmInvolvement(Ctx*, const v1::ConfirmInvolvementRequest*,
                                  v1::InvolvementEntry*) override;
  grpc::Status ListInvolvement(Ctx*, const v1::ListInvolvementRequest*,
                               v1::ListInvolvementResponse*) override;
  grpc::Status ChooseRecognition(Ctx*, const v1::ChooseRecognitionRequest*,
                                 v1::RecognitionChoice*) override;
  grpc::Status SetIncomeLimit(Ctx*, const v1::SetIncomeLimitRequest*,
                              v1::Statement*) override;
  grpc::Status GetStatement(Ctx*, const v1::GetStatementRequest*,
                            v1::Statement*) override;
  grpc::Status ExportPayments(Ctx*, const v1::ExportPaymentsRequest*,
                              v1::PaymentsExport*) override;

  // Subject access.
  grpc::Status ExportPersonData(Ctx*, const v1::ExportPersonDataRequest*,
                                v1::PersonalData*) override;
  grpc::Status ExportCandidateData(Ctx*, const v1::ExportCandidateDataRequest*,
                                   v1::PersonalData*) override;
  grpc::Status ErasePerson(Ctx*, const v1::ErasePersonRequest*,
                           v1::Erasure*) override;
  grpc::Status EraseCandidate(Ctx*, const v1::EraseCandidateRequest*,
                              v1::Erasure*) override;
  grpc::Status PlanRetention(Ctx*, const v1::PlanRetentionRequest*,
                             v1::RetentionPlan*) override;
  grpc::Status GetPrivacyNotice(Ctx*, const v1::GetPrivacyNoticeRequest*,
                                v1::PrivacyNotice*) override;
  grpc::Status AcknowledgePrivacyNotice(
      Ctx*, const v1::AcknowledgePrivacyNoticeRequest*, v1::Person*) override;

 private:
  // A new session for the person on `device`, recorded with `how` they
  // signed in; the token is in `resp`, shown this once.
  void StartSession(Call& call, PersonId person_id, const std::string& device,
                    const JsonObject& how, v1::SignInResponse* resp) const;
  // The identity the provider vouches for, from a checked request: network
  // calls, made before the call's transaction.
  absl::StatusOr<oidc::Identity> RedeemProviderCode(
      const v1::SignInWithProviderRequest& req) const;
  // Once `call` commits, every server checks its live streams again, so a
  // person whose access ended stops receiving updates.
  void EndStreamsAfterCommit(Call& call);

  RpcRunner runner_;
  const privacy::DataKeys& keys_;
  ChangeFeed* const feed_;
  const SignInOptions sign_in_;
  const InvolvementOptions involvement_;
  const PrivacyOptions privacy_;
  const mail::Outbox outbox_;
};

}  // namespace equalsay::panels

#endif  // EQUALSAY_SERVICES_PANELS_SERVICE_PANEL_SERVICE_H_
