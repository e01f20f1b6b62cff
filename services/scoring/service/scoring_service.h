// ScoringService over gRPC: thin glue between the protocol, rules and store.
#ifndef EQUALSAY_SERVICES_SCORING_SERVICE_SCORING_SERVICE_H_
#define EQUALSAY_SERVICES_SCORING_SERVICE_SCORING_SERVICE_H_

#include "equalsay/v1/scoring.grpc.pb.h"
#include "services/common/service/rpc_runner.h"
#include "services/common/store/db_pool.h"

namespace equalsay::scoring {

class ScoringServiceImpl final : public v1::ScoringService::Service {
 public:
  // `feed` hears of committed changes to rounds.
  explicit ScoringServiceImpl(DbPool& pool, ChangeFeed* feed = nullptr);

  using Ctx = grpc::ServerContext;
  grpc::Status GetScoreSheet(Ctx*, const v1::GetScoreSheetRequest*,
                             v1::ScoreSheet*) override;
  grpc::Status SaveScoreSheet(Ctx*, const v1::SaveScoreSheetRequest*,
                              v1::ScoreSheet*) override;
  grpc::Status SubmitScoreSheet(Ctx*, const v1::SubmitScoreSheetRequest*,
                                v1::ScoreSheet*) override;
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
  RpcRunner runner_;
};

}  // namespace equalsay::scoring

#endif  // EQUALSAY_SERVICES_SCORING_SERVICE_SCORING_SERVICE_H_
