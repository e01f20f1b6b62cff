// ConsensusService over gRPC: thin glue between the protocol, rules and
// store. WatchRound uses the callback API, so a thousand watchers need no
// thousand threads.
#ifndef EQUALSAY_SERVICES_CONSENSUS_SERVICE_CONSENSUS_SERVICE_H_
#define EQUALSAY_SERVICES_CONSENSUS_SERVICE_CONSENSUS_SERVICE_H_

#include <atomic>

#include "equalsay/v1/consensus.grpc.pb.h"
#include "services/common/service/rpc_runner.h"
#include "services/common/store/db_pool.h"
#include "services/consensus/service/ballot_box.h"
#include "services/consensus/service/closing.h"
#include "services/consensus/service/round_watch.h"
#include "services/mail/store/mail_queue.h"
#include "services/privacy/rules/data_keys.h"

namespace equalsay::consensus {

class ConsensusServiceImpl final
    : public v1::ConsensusService::WithCallbackMethod_CastBallot<
          v1::ConsensusService::WithCallbackMethod_WatchRound<
              v1::ConsensusService::Service>> {
 public:
  // `watch` carries committed changes to live watchers; `closer` closes
  // decisions once everyone has voted; `ballots` says how ballots cast at
  // once share durable commits.
  // `outbox` tells voters when a decision opens for their vote.
  // `keys` seal the reasons people give (see privacy/).
  ConsensusServiceImpl(DbPool& pool, const privacy::DataKeys& keys,
                       RoundWatch& watch, DecisionCloser& closer,
                       BallotBox::Options ballots = {},
                       mail::Outbox outbox = mail::Outbox(false));

  using Ctx = grpc::ServerContext;
  grpc::Status CreateDecision(Ctx*, const v1::CreateDecisionRequest*,
                              v1::Decision*) override;
  grpc::Status GetDecision(Ctx*, const v1::GetDecisionRequest*,
                           v1::Decision*) override;
  grpc::Status ListDecisions(Ctx*, const v1::ListDecisionsRequest*,
                             v1::ListDecisionsResponse*) override;
  // Callback API: a ballot waiting for its batch's commit holds no thread.
  grpc::ServerUnaryReactor* CastBallot(grpc::CallbackServerContext* context,
                                       const v1::CastBallotRequest* request,
                                       v1::Ballot* response) override;
  grpc::Status GetMyBallot(Ctx*, const v1::GetMyBallotRequest*,
                           v1::Ballot*) override;
  grpc::Status CastBallotFor(Ctx*, const v1::CastBallotForRequest*,
                             v1::Ballot*) override;
  grpc::Status ConfirmBallot(Ctx*, const v1::ConfirmBallotRequest*,
                             v1::Ballot*) override;
  grpc::Status CountPaperBallots(Ctx*, const v1::CountPaperBallotsRequest*,
                                 v1::Decision*) override;
  grpc::Status CloseDecision(Ctx*, const v1::CloseDecisionRequest*,
                             v1::Decision*) override;
  grpc::Status GetOutcome(Ctx*, const v1::GetOutcomeRequest*,
                          v1::Outcome*) override;
  grpc::Status GiveReason(Ctx*, const v1::GiveReasonRequest*,
                          v1::Ballot*) override;
  grpc::Status RecordNextStep(Ctx*, const v1::RecordNextStepRequest*,
                              v1::Decision*) override;
  grpc::Status RequestReopen(Ctx*, const v1::RequestReopenRequest*,
                             v1::Decision*) override;
  grpc::Status GetConfirmationQueue(Ctx*,
                                    const v1::GetConfirmationQueueRequest*,
                                    v1::ConfirmationQueue*) override;
  grpc::Status ConfirmOutcome(Ctx*, const v1::ConfirmOutcomeRequest*,
                              v1::Confirmation*) override;
  grpc::Status CorrectConfirmation(Ctx*, const v1::CorrectConfirmationRequest*,
                                   v1::Confirmation*) override;
  grpc::Status GetMinutes(Ctx*, const v1::GetMinutesRequest*,
                          v1::Minutes*) override;
  grpc::Status GetCandidateFeedback(Ctx*,
                                    const v1::GetCandidateFeedbackRequest*,
                                    v1::CandidateFeedback*) override;
  grpc::Status AddAction(Ctx*, const v1::AddActionRequest*,
                         v1::Action*) override;
  grpc::Status UpdateAction(Ctx*, const v1::UpdateActionRequest*,
                            v1::Action*) override;
  grpc::Status ListActions(Ctx*, const v1::ListActionsRequest*,
                           v1::ListActionsResponse*) override;
  grpc::Status GetYouSaidWeDid(Ctx*, const v1::GetYouSaidWeDidRequest*,
                               v1::YouSaidWeDid*) override;
  grpc::Status VerifyAuditTrail(Ctx*, const v1::VerifyAuditTrailRequest*,
                                v1::AuditReport*) override;
  grpc::ServerWriteReactor<v1::RoundUpdate>* WatchRound(
      grpc::CallbackServerContext* context,
      const v1::WatchRoundRequest* request) override;

 private:
  // CastBallot for one request in its own transaction.
  grpc::Status CastOneBallot(grpc::ServerContextBase* ctx,
                             const v1::CastBallotRequest& req,
                             v1::Ballot* resp);
  // Once `call` commits, closes `d` if it closes when everyone has voted
  // and everyone has.
  void CloseWhenAllVoted(Call& call, const v1::Decision& d);

  RpcRunner runner_;
  std::atomic<bool> verifying_{false};  // A VerifyAuditTrail is running.
  RoundWatch& watch_;
  DecisionCloser& closer_;
  const mail::Outbox outbox_;
  const privacy::DataKeys& keys_;
  BallotBox ballot_box_;  // Last: its writers call CastOneBallot.
};

}  // namespace equalsay::consensus

#endif  // EQUALSAY_SERVICES_CONSENSUS_SERVICE_CONSENSUS_SERVICE_H_
