// ScoringService over gRPC: thin glue between the protocol, rules and store.
#ifndef EQUALSAY_SERVICES_SCORING_SERVICE_SCORING_SERVICE_H_
#define EQUALSAY_SERVICES_SCORING_SERVICE_SCORING_SERVICE_H_

#include "equalsay/v1/scoring.grpc.pb.h"
#include "services/common/service/rpc_runner.h"
#include "services/common/store/db_pool.h"
#include "services/scoring/service/sheet_box.h"

namespace equalsay::scoring {

class ScoringServiceImpl final
    : public v1::ScoringService::WithCallbackMethod_SaveScoreSheet<
          v1::ScoringService::WithCallbackMethod_SubmitScoreSheet<
              v1::ScoringService::Service>> {
 public:
  // `feed` hears of committed changes to rounds; `sheets` says how saves
  // and submits made at once share durable commits.
  // `keys` lock and open evidence notes (see privacy/).
  ScoringServiceImpl(DbPool& pool, const privacy::DataKeys& keys,
                     ChangeFeed* feed = nullptr,
                     SheetBox::Sheets::Options sheets = {});

  using Ctx = grpc::ServerContext;
  grpc::Status GetScoreSheet(Ctx*, const v1::GetScoreSheetRequest*,
                             v1::ScoreSheet*) override;
  // Callback API: a save or submit waiting for its batch's commit holds no
  // thread.
  grpc::ServerUnaryReactor* SaveScoreSheet(
      grpc::CallbackServerContext* context,
      const v1::SaveScoreSheetRequest* request,
      v1::ScoreSheet* response) override;
  grpc::Status SaveScoreSheetFor(Ctx*, const v1::SaveScoreSheetForRequest*,
                                 v1::ScoreSheet*) override;
  grpc::ServerUnaryReactor* SubmitScoreSheet(
      grpc::CallbackServerContext* context,
      const v1::SubmitScoreSheetRequest* request,
      v1::ScoreSheet* response) override;
  grpc::Status ListScoreSheets(Ctx*, const v1::ListScoreSheetsRequest*,
                               v1::ListScoreSheetsResponse*) override;
  grpc::Status GetScoreSheetHistory(Ctx*,
                                    const v1::GetScoreSheetHistoryRequest*,
                                    v1::GetScoreSheetHistoryResponse*) override;
  grpc::Status GetScoringProgress(Ctx*, const v1::GetScoringProgressRequest*,
                                  v1::ScoringProgress*) override;
  grpc::Status CloseScoring(Ctx*, const v1::CloseScoringRequest*,
                            v1::CloseScoringResponse*) override;
  grpc::Status GetResults(Ctx*, const v1::GetResultsRequest*,
                          v1::ScoringResults*) override;

 private:
  // SaveScoreSheet and SubmitScoreSheet for one request in its own
  // transaction.
  grpc::Status SaveOneSheet(grpc::ServerContextBase* context,
                            const v1::SaveScoreSheetRequest& request,
                            v1::ScoreSheet* response);
  grpc::Status SubmitOneSheet(grpc::ServerContextBase* context,
                              const v1::SubmitScoreSheetRequest& request,
                              v1::ScoreSheet* response);

  RpcRunner runner_;
  const privacy::DataKeys& keys_;
  SheetBox
      sheet_box_;  // Last: its writers call SaveOneSheet and SubmitOneSheet.
};

}  // namespace equalsay::scoring

#endif  // EQUALSAY_SERVICES_SCORING_SERVICE_SCORING_SERVICE_H_
