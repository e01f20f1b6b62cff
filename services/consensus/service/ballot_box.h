// Casts ballots from concurrent calls together: every plain ballot that
// arrived while the last batch was being written is checked with one read
// and written with one statement per decision, all with one durable commit,
// and each call is answered only after that commit.
// Anything else (a retry, a refusal, a second ballot from one person in one
// batch) takes the one-call path, which gives every answer CastBallot gives.
#ifndef EQUALSAY_SERVICES_CONSENSUS_SERVICE_BALLOT_BOX_H_
#define EQUALSAY_SERVICES_CONSENSUS_SERVICE_BALLOT_BOX_H_

#include <grpcpp/server_context.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "equalsay/v1/consensus.pb.h"
#include "services/common/base/batch_queue.h"
#include "services/common/base/ids.h"
#include "services/common/service/rpc_runner.h"
#include "services/common/store/events.h"
#include "services/consensus/service/closing.h"

namespace equalsay::consensus {

// The audit event of a ballot: who took part, never how.
NewEvent BallotCastEvent(const v1::Decision& decision, PersonId voter_id);

class BallotBox {
 public:
  using Done = std::function<void(grpc::Status)>;
  // The one-call path: CastBallot for one request in its own transaction.
  using CastOne = std::function<grpc::Status(
      grpc::ServerContextBase*, const v1::CastBallotRequest&, v1::Ballot*)>;
  struct Options {
    int writers = 1;
    size_t max_batch = 256;
    // Ballots waiting beyond this many are refused with UNAVAILABLE (retry)
    // rather than queued without end while the database is slow.
    size_t max_queued = 8192;
  };

  // `runner` is the consensus service's: batches run through it under
  // CastBallot's row of the access table, and its feed hears of each
  // committed ballot event.
  BallotBox(RpcRunner& runner, DecisionCloser& closer, CastOne cast_one,
            Options options);

  // Queues the ballot and returns at once; `done` is called once, on a
  // writer thread, after `response` is filled in (or cleared on an error).
  void Cast(grpc::ServerContextBase* context,
            const v1::CastBallotRequest* request, v1::Ballot* response,
            Done done);

 private:
  struct Pending {
    grpc::ServerContextBase* context = nullptr;
    const v1::CastBallotRequest* request = nullptr;
    v1::Ballot* response = nullptr;
    Done done;
    // Checked before queueing; nullopt marks a request the one-call path
    // refuses without asking the database.
    std::optional<Admission> admission;
    DecisionId decision_id{0};
    bool cast = false;  // Written with the batch.
  };
  void Flush(std::vector<Pending> batch);
  // Writes the group's plain ballots; `close_when_all_voted` says whether
  // the decision closes once everyone has voted.
  absl::Status Write(BatchCall& batch, DecisionId decision_id,
                     const std::vector<Pending*>& group,
                     bool& close_when_all_voted);

  RpcRunner& runner_;
  DecisionCloser& closer_;
  const CastOne cast_one_;
  // Answers go out, and ballots not cast with others are cast one by one,
  // on threads of their own, so a writer is free for the next batch as soon
  // as it has committed.
  BatchQueue<std::function<void()>> answers_;
  BatchQueue<Pending> alone_;
  BatchQueue<Pending> queue_;  // Last: its writers use everything above.
};

}  // namespace equalsay::consensus

#endif  // EQUALSAY_SERVICES_CONSENSUS_SERVICE_BALLOT_BOX_H_
