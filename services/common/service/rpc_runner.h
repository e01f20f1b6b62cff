// The one path every RPC takes: authenticate, make retries safe by request
// id, run the handler in one transaction, check it authorised the caller, and
// turn the result into a gRPC status.
#ifndef EQUALSAY_SERVICES_COMMON_SERVICE_RPC_RUNNER_H_
#define EQUALSAY_SERVICES_COMMON_SERVICE_RPC_RUNNER_H_

#include <google/protobuf/message.h>
#include <grpcpp/server_context.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "services/common/base/access.h"
#include "services/common/base/change_feed.h"
#include "services/common/base/ids.h"
#include "services/common/store/auth.h"
#include "services/common/store/db_pool.h"
#include "services/common/store/events.h"
#include "services/common/store/request_ledger.h"
#include "services/privacy/rules/data_keys.h"
#include "services/privacy/store/stored_answers.h"

namespace equalsay {

// The message's bytes, the same for equal messages (for request hashes and
// stored answers).
std::string Serialize(const google::protobuf::Message& message);

// Tells a retry of a change from a different request with the same id.
std::string RequestHash(const google::protobuf::Message& request);

// The bearer token the call carries; UNAUTHENTICATED when none.
absl::StatusOr<std::string> TokenOf(const grpc::ServerContextBase& context);

// What the runner checks of a call before any database work: its bearer
// token and, for a change, a well-formed request id and the request's hash.
struct Admission {
  std::string token;
  std::optional<std::string> request_id;  // nullopt: not a change.
  std::string request_hash;
};
// A call made with Credential::kNothing carries no token to check.
absl::StatusOr<Admission> Admit(const grpc::ServerContextBase& context,
                                const google::protobuf::Message& request,
                                Credential credential = Credential::kToken);

// What a handler gets: the transaction, who is asking, and the checks.
class Call {
 public:
  Call(pqxx::transaction_base& txn, Caller caller, const AccessRule& rule)
      : txn_(txn), caller_(std::move(caller)), rule_(rule) {}
  Call(const Call&) = delete;
  Call& operator=(const Call&) = delete;

  pqxx::transaction_base& txn() { return txn_; }
  const Caller& caller() const { return caller_; }

  // For calls not about one round: checks the caller's organisation role.
  absl::Status Authorize();
  // For calls about a round: checks the caller's roles there. NOT_FOUND when
  // the round does not exist.
  absl::Status AuthorizeInRound(RoundId round_id);
  // The same, for a call that has read the caller's panel role in an
  // existing round itself (nullopt: on none of its panels).
  absl::Status AuthorizeInRoundAs(std::optional<v1::PanelRole> panel_role);
  bool authorized() const { return authorized_; }
  // Whether the authorised caller holds `role` (for what they may see).
  bool Is(Role role) const { return roles_.Has(role); }

  // Appends an audit event by the caller, in this transaction.
  void Event(std::string action, std::string subject,
             std::optional<RoundId> round_id, std::string payload_json);
  // Appends an event as given (for example by the server itself).
  void Event(const NewEvent& event);
  // This call's events as a sink, for domain code that records its own
  // changes (such as panels::MoveRound).
  EventSink events() { return sink_; }
  // Runs `fn` once the transaction has committed (not if it rolls back).
  void AfterCommit(std::function<void()> fn) {
    after_commit_.push_back(std::move(fn));
  }

 private:
  friend class RpcRunner;
  // (round id, sequence number) of the events appended about rounds.
  std::vector<std::pair<RoundId, int64_t>> round_events_;
  std::vector<std::function<void()>> after_commit_;

  pqxx::transaction_base& txn_;
  Caller caller_;
  const AccessRule& rule_;
  bool authorized_ = false;
  RoleSet roles_;
  struct Sink {
    Call* call;
    void operator()(const NewEvent& event) const { call->Event(event); }
  } sink_{this};
};

// What a write of many calls of one method at once gets (RpcRunner::
// RunBatch): the transaction, and for each caller the access check and the
// ledger claim that Run makes for one call.
class BatchCall {
 public:
  // `rule` is the batch's own method's row of `table`.
  BatchCall(pqxx::transaction_base& txn, const std::vector<AccessRule>& table,
            const AccessRule& rule, const privacy::AnswerLock& answers)
      : txn_(txn), table_(table), rule_(rule), answers_(answers) {}
  BatchCall(const BatchCall&) = delete;
  BatchCall& operator=(const BatchCall&) = delete;

  pqxx::transaction_base& txn() { return txn_; }
  // Whether the caller, with this place in the round, may make a call to
  // `method` (the batch's own when empty): its row of the access table, as
  // Call::AuthorizeInRound checks. A batch may write calls to several
  // methods; each is checked against its own row.
  bool Authorize(const Caller& caller, std::optional<v1::PanelRole> panel_role,
                 absl::string_view method = {});
  // The ledger claim that stores `answer` as the first answer to the
  // caller's request to `method` (the batch's own when empty). INTERNAL for
  // a caller Authorize did not allow for that method, so nothing is written
  // for anyone: the guard Run keeps for one call.
  absl::StatusOr<LedgerClaim> Claim(PersonId person_id,
                                    const Admission& admission,
                                    const google::protobuf::Message& answer,
                                    absl::string_view method = {});
  // Events about a round the write appended, for the live feed once it has
  // committed.
  void Committed(RoundId round_id, const std::vector<int64_t>& seqs);

 private:
  friend class RpcRunner;
  // `method`'s row (the batch's own when empty); nullptr if it has none.
  const AccessRule* RuleOf(absl::string_view method) const;

  pqxx::transaction_base& txn_;
  const std::vector<AccessRule>& table_;
  const AccessRule& rule_;
  const privacy::AnswerLock& answers_;
  // Who was allowed to call which method.
  std::vector<std::pair<PersonId, absl::string_view>> authorized_;
  std::vector<std::pair<RoundId, int64_t>> round_events_;
};

// What a retry of a change gets back.
enum class Replay {
  kFirstAnswer,  // The stored first answer.
  // Nothing is stored (the answer holds a secret shown once, such as a new
  // token); a retry is refused with FAILED_PRECONDITION saying so.
  kRefuse,
};

class RpcRunner {
 public:
  // `feed`, when given, hears of every committed event about a round;
  // `keys` lock the answers kept for retries.
  RpcRunner(DbPool& pool, const std::vector<AccessRule>& table,
            const privacy::DataKeys& keys, ChangeFeed* feed = nullptr)
      : pool_(pool),
        table_(table),
        keys_(keys),
        answers_(pool, keys),
        feed_(feed) {}

  // `method` names the row of the access table. A request with a
  // `request_id` field is a change: a retry with the same id returns the
  // first answer and changes nothing; the same id for a different request
  // is refused.
  grpc::Status Run(grpc::ServerContextBase* context, absl::string_view method,
                   const google::protobuf::Message& request,
                   google::protobuf::Message* response,
                   absl::FunctionRef<absl::Status(Call&)> handler,
                   Replay replay = Replay::kFirstAnswer);

  // Runs a write of many calls of `method` at once (the batched ballots):
  // `write` under the method's row of the access table, retried as the pool
  // retries, with its events reaching the live feed once it has committed.
  // The caller keeps the calls' deadlines (ScopedDbDeadline).
  absl::Status RunBatch(absl::string_view method, Isolation isolation,
                        absl::FunctionRef<absl::Status(BatchCall&)> write);

 private:
  // The method's row of the access table; INTERNAL (a bug) when it has none.
  absl::StatusOr<const AccessRule*> RuleOf(absl::string_view method) const;
  // Tells the feed of committed (round id, sequence number) events.
  void Publish(const std::vector<std::pair<RoundId, int64_t>>& round_events);
  absl::Status Execute(grpc::ServerContextBase* context,
                       absl::string_view method,
                       const google::protobuf::Message& request,
                       google::protobuf::Message* response,
                       absl::FunctionRef<absl::Status(Call&)> handler,
                       Replay replay);

  DbPool& pool_;
  const std::vector<AccessRule>& table_;
  const privacy::DataKeys& keys_;
  privacy::AnswerLocker answers_;
  ChangeFeed* const feed_;
};

}  // namespace equalsay

#endif  // EQUALSAY_SERVICES_COMMON_SERVICE_RPC_RUNNER_H_
