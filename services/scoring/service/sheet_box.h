// Writes score sheets from concurrent calls together (GroupCommit): each
// candidate's plain saves and submits in a batch are checked with one read
// and written with one statement, as a panel finishing a candidate sends
// them. Anything else (a retry, a refusal, a second change from one person
// in one batch) takes the one-call path, which gives every answer
// SaveScoreSheet or SubmitScoreSheet gives.
#ifndef EQUALSAY_SERVICES_SCORING_SERVICE_SHEET_BOX_H_
#define EQUALSAY_SERVICES_SCORING_SERVICE_SHEET_BOX_H_

#include <google/protobuf/message.h>
#include <grpcpp/server_context.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "equalsay/v1/scoring.pb.h"
#include "services/common/base/ids.h"
#include "services/common/service/group_commit.h"
#include "services/common/service/rpc_runner.h"
#include "services/common/store/events.h"
#include "services/privacy/rules/data_keys.h"
#include "services/scoring/service/fixed_criteria.h"

namespace equalsay::scoring {

// Who wrote a member's sheet for them, and how the member gave it.
struct EnteredFor {
  PersonId supporter{0};
  v1::HowGiven how = v1::HOW_GIVEN_UNSPECIFIED;
};
// The audit event of a sheet written: who scored which candidate, on which
// panel, and the version; never the scores (rule 3). By the member, or by
// the supporter who entered it for them (`entered`).
NewEvent SheetWrittenEvent(std::string action, const v1::ScoreSheet& written,
                           const std::optional<EnteredFor>& entered = {});
// A save's action: an amendment once the sheet has been submitted.
std::string SaveAction(const v1::ScoreSheet& saved);
// The sheet a member's write starts from: theirs as stored, or a new draft
// at version 0 on their panel.
v1::ScoreSheet SheetToChange(std::optional<v1::ScoreSheet> current,
                             RoundId round_id, CandidateId candidate_id,
                             PersonId person_id, PanelId panel_id);

class SheetBox {
 public:
  // Each request a v1::SaveScoreSheetRequest or v1::SubmitScoreSheetRequest.
  using Sheets = GroupCommit<google::protobuf::Message, v1::ScoreSheet>;
  template <typename Request>
  using One = std::function<grpc::Status(grpc::ServerContextBase*,
                                         const Request&, v1::ScoreSheet*)>;

  // `runner` is the scoring service's; `save_one` and `submit_one` are
  // SaveScoreSheet and SubmitScoreSheet for one request alone.
  SheetBox(RpcRunner& runner, const privacy::DataKeys& keys,
           One<v1::SaveScoreSheetRequest> save_one,
           One<v1::SubmitScoreSheetRequest> submit_one,
           Sheets::Options options);

  // Write the call with others (GroupCommit::Submit); `done` is called
  // once, after `response` is filled in (or cleared on an error).
  void Save(grpc::ServerContextBase* context,
            const v1::SaveScoreSheetRequest* request, v1::ScoreSheet* response,
            Sheets::Done done) {
    sheets_.Submit(context, request, response, std::move(done));
  }
  void Submit(grpc::ServerContextBase* context,
              const v1::SubmitScoreSheetRequest* request,
              v1::ScoreSheet* response, Sheets::Done done) {
    sheets_.Submit(context, request, response, std::move(done));
  }

 private:
  // Writes the candidate's plain saves and submits.
  absl::Status Write(BatchCall& batch, CandidateId candidate_id,
                     const std::vector<Sheets::Pending*>& group);

  const privacy::DataKeys& keys_;
  FixedCriteria criteria_;
  Sheets sheets_;  // Last: its writer threads use the members above.
};

}  // namespace equalsay::scoring

#endif  // EQUALSAY_SERVICES_SCORING_SERVICE_SHEET_BOX_H_
