// Casts ballots from concurrent calls together (GroupCommit): a batch's
// plain ballots, on however many decisions, are checked with one read and
// written with one statement; with no read at all when every voter's facts
// are kept from their last ballot there (VoterFacts). Anything else (a
// retry, a refusal, a second ballot from one person on one decision in one
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
#include "services/common/base/ids.h"
#include "services/common/service/group_commit.h"
#include "services/common/service/rpc_runner.h"
#include "services/common/store/events.h"
#include "services/consensus/service/closing.h"
#include "services/consensus/service/voter_facts.h"
#include "services/privacy/rules/data_keys.h"

namespace equalsay::consensus {

// The audit event of a ballot: who took part, never how.
NewEvent BallotCastEvent(const v1::Decision& decision, PersonId voter_id);

class BallotBox {
 public:
  using Ballots = GroupCommit<v1::CastBallotRequest, v1::Ballot>;
  using Done = Ballots::Done;
  using CastOne = Ballots::One;  // CastBallot for one request alone.
  using Options = Ballots::Options;

  // `runner` is the consensus service's: batches run through it under
  // CastBallot's row of the access table, and its feed hears of each
  // committed ballot event. `keys` lock the reasons given with votes.
  BallotBox(RpcRunner& runner, const privacy::DataKeys& keys,
            DecisionCloser& closer, CastOne cast_one, Options options);

  // Writes the ballot with others (GroupCommit::Submit); `done` is called
  // once, after `response` is filled in (or cleared on an error).
  void Cast(grpc::ServerContextBase* context,
            const v1::CastBallotRequest* request, v1::Ballot* response,
            Done done) {
    ballots_.Submit(context, request, response, std::move(done));
  }

  // The caller, a voter who has just opened `decision` (GetMyBallot), will
  // likely vote on it soon: reads now what their ballot's checks rely on and
  // keeps it, so that ballot, too, is written in one statement. Nothing is
  // kept for a decision not open for voting or a caller with no vote on it,
  // nor read again while fresh facts are kept. Costs the caller one
  // statement, and never fails them: without the facts, the ballot reads.
  void ReadAhead(const grpc::ServerContextBase& context, DecisionId decision);

 private:
  // Writes the plain ballots of every decision in the batch.
  absl::Status Write(BatchCall& batch, const Ballots::Groups& groups,
                     std::vector<std::function<void()>>& after_commit);

  RpcRunner& runner_;
  const privacy::DataKeys& keys_;
  DecisionCloser& closer_;
  VoterFacts facts_{VoterFacts::Options{}};
  Ballots ballots_;  // Last: its writers call Write.
};

}  // namespace equalsay::consensus

#endif  // EQUALSAY_SERVICES_CONSENSUS_SERVICE_BALLOT_BOX_H_
