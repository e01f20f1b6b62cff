#include "services/common/service/rpc_runner.h"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "services/common/base/log.h"
#include "services/common/base/sha256.h"
#include "services/common/base/status_macros.h"
#include "services/common/base/validation.h"
#include "services/common/service/grpc_status.h"
#include "services/common/store/request_ledger.h"

namespace equalsay {
namespace {

// A request with a `request_id` field is a change; nullopt otherwise.
std::optional<std::string> RequestIdOf(
    const google::protobuf::Message& request) {
  const auto* field = request.GetDescriptor()->FindFieldByName("request_id");
  if (field == nullptr ||
      field->type() != google::protobuf::FieldDescriptor::TYPE_STRING) {
    return std::nullopt;
  }
  return request.GetReflection()->GetString(request, field);
}

}  // namespace

std::string Serialize(const google::protobuf::Message& message) {
  std::string out;
  google::protobuf::io::StringOutputStream stream(&out);
  google::protobuf::io::CodedOutputStream coded(&stream);
  coded.SetSerializationDeterministic(true);
  message.SerializeToCodedStream(&coded);
  coded.Trim();
  return out;
}

std::string RequestHash(const google::protobuf::Message& request) {
  return Sha256Hex(Serialize(request));
}

absl::StatusOr<std::string> TokenOf(const grpc::ServerContextBase& context) {
  std::string header;
  const auto& metadata = context.client_metadata();
  if (auto it = metadata.find("authorization"); it != metadata.end()) {
    header.assign(it->second.data(), it->second.size());
  }
  return BearerToken(header);
}

absl::StatusOr<Admission> Admit(const grpc::ServerContextBase& context,
                                const google::protobuf::Message& request,
                                Credential credential) {
  Admission admission;
  if (credential != Credential::kNothing) {
    EQ_ASSIGN_OR_RETURN(admission.token, TokenOf(context));
  }
  admission.request_id = RequestIdOf(request);
  if (admission.request_id.has_value()) {
    EQ_RETURN_IF_ERROR(CheckRequestId(*admission.request_id));
    admission.request_hash = RequestHash(request);
  }
  return admission;
}

const AccessRule* BatchCall::RuleOf(absl::string_view method) const {
  if (method.empty()) return &rule_;
  const AccessRule* rule = FindRule(table_, method);
  if (rule == nullptr) {
    LogLine(absl::StrCat("bug: ", method, " has no row in its access table"));
  }
  return rule;
}

bool BatchCall::Authorize(const Caller& caller,
                          std::optional<v1::PanelRole> panel_role,
                          absl::string_view method) {
  const AccessRule* rule = RuleOf(method);
  if (rule == nullptr ||
      !CheckAccess(*rule, RolesOf(caller.org_role, panel_role)).ok()) {
    return false;
  }
  authorized_.emplace_back(caller.person_id, rule->method);
  return true;
}

absl::StatusOr<LedgerClaim> BatchCall::Claim(
    PersonId person_id, const Admission& admission,
    const google::protobuf::Message& answer, absl::string_view method) {
  const AccessRule* rule = RuleOf(method);
  if (rule == nullptr ||
      std::find(authorized_.begin(), authorized_.end(),
                std::pair(person_id, rule->method)) == authorized_.end() ||
      !admission.request_id.has_value()) {
    LogLine(absl::StrCat("bug: ", rule != nullptr ? rule->method : method,
                         " claimed a request for a caller it did not "
                         "authorise"));
    return absl::InternalError("This call is not available.");
  }
  return LedgerClaim{.person_id = person_id,
                     .request_id = *admission.request_id,
                     .method = std::string(rule->method),
                     .request_hash = admission.request_hash,
                     .answer = answers_.Lock(Serialize(answer))};
}

void BatchCall::Committed(RoundId round_id, const std::vector<int64_t>& seqs) {
  for (int64_t seq : seqs) round_events_.emplace_back(round_id, seq);
}

absl::Status Call::Authorize() {
  roles_ = RolesOf(caller_.org_role, std::nullopt);
  EQ_RETURN_IF_ERROR(CheckAccess(rule_, roles_));
  authorized_ = true;
  return absl::OkStatus();
}

absl::Status Call::AuthorizeInRound(RoundId round_id) {
  EQ_ASSIGN_OR_RETURN(const RoundPlace place,
                      PlaceInRound(txn_, round_id, caller_.person_id));
  roles_ = RolesOf(caller_.org_role, place.panel_role, place.supporter);
  EQ_RETURN_IF_ERROR(CheckAccess(rule_, roles_));
  authorized_ = true;
  return absl::OkStatus();
}

absl::Status Call::AuthorizeInRoundAs(std::optional<v1::PanelRole> panel_role) {
  roles_ = RolesOf(caller_.org_role, panel_role);
  EQ_RETURN_IF_ERROR(CheckAccess(rule_, roles_));
  authorized_ = true;
  return absl::OkStatus();
}

void Call::Event(std::string action, std::string subject,
                 std::optional<RoundId> round_id, std::string payload_json) {
  Event({.actor_id = caller_.person_id,
         .action = std::move(action),
         .subject = std::move(subject),
         .round_id = round_id,
         .payload_json = std::move(payload_json)});
}

void Call::Event(const NewEvent& event) {
  const int64_t seq = AppendEvent(txn_, event);
  if (event.round_id.has_value())
    round_events_.emplace_back(*event.round_id, seq);
}

grpc::Status RpcRunner::Run(grpc::ServerContextBase* context,
                            absl::string_view method,
                            const google::protobuf::Message& request,
                            google::protobuf::Message* response,
                            absl::FunctionRef<absl::Status(Call&)> handler,
                            Replay replay) {
  // The database work ends by the caller's deadline, so a hung database
  // answers UNAVAILABLE in time rather than holding the call.
  const ScopedDbDeadline deadline(absl::FromChrono(context->deadline()));
  const absl::Status status =
      Execute(context, method, request, response, handler, replay);
  if (!status.ok()) response->Clear();
  return ToGrpcStatus(status);
}

absl::Status RpcRunner::Execute(grpc::ServerContextBase* context,
                                absl::string_view method,
                                const google::protobuf::Message& request,
                                google::protobuf::Message* response,
                                absl::FunctionRef<absl::Status(Call&)> handler,
                                Replay replay) {
  EQ_ASSIGN_OR_RETURN(const AccessRule* rule, RuleOf(method));
  EQ_ASSIGN_OR_RETURN(const Admission admission,
                      Admit(*context, request, rule->credential));
  const std::string& token = admission.token;
  const bool change = admission.request_id.has_value();
  const std::string request_id = admission.request_id.value_or("");
  const std::string& request_hash = admission.request_hash;

  // What the last (committed) attempt left to do after its commit.
  std::vector<std::pair<RoundId, int64_t>> round_events;
  std::vector<std::function<void()>> after_commit;
  bool replayed = false;
  // Read before the transaction: a key made inside it could be rolled back.
  privacy::AnswerLock answers;
  if (change && replay == Replay::kFirstAnswer) {
    EQ_ASSIGN_OR_RETURN(answers, answers_.Today());
  }
  const absl::Status status = pool_.Transact([&](pqxx::transaction_base& txn)
                                                 -> absl::Status {
    response->Clear();
    round_events.clear();
    after_commit.clear();
    Caller caller;  // No one, until a credential says who.
    if (rule->credential != Credential::kNothing) {
      EQ_ASSIGN_OR_RETURN(
          caller, Authenticate(txn, token,
                               rule->credential == Credential::kSignInLink
                                   ? TokenUse::kSignInLink
                                   : TokenUse::kBearer));
    }
    if (change && !ClaimRequests(txn, {{.person_id = caller.person_id,
                                        .request_id = request_id,
                                        .method = std::string(method),
                                        .request_hash = request_hash}})[0]) {
      const LedgerEntry seen = FindRequest(txn, caller.person_id, request_id);
      if (seen.method != method || seen.request_hash != request_hash) {
        return absl::InvalidArgumentError(absl::StrCat(
            "request_id \"", request_id,
            "\" was already used for a different change. Use a new "
            "request_id for each new change."));
      }
      if (replay == Replay::kRefuse) {
        return absl::FailedPreconditionError(absl::StrCat(
            "request_id \"", request_id,
            "\" was already carried out, and its answer is shown only "
            "once. Start again with a new request_id."));
      }
      privacy::TextOpener opener(txn, keys_);
      const std::optional<std::string> answer =
          seen.answer.has_value() ? privacy::OpenAnswer(opener, *seen.answer)
                                  : std::nullopt;
      if (!answer.has_value()) {
        // Every stored answer is written with its claim: none now
        // means it was dropped (or its day's key was), for its age or
        // for an erasure.
        return absl::FailedPreconditionError(absl::StrCat(
            "request_id \"", request_id,
            "\" was already carried out. Its answer is no longer kept "
            "(answers are kept for a day, and not once personal data in "
            "them is erased), so it is not shown again. Nothing was "
            "changed."));
      }
      if (!response->ParseFromString(*answer)) {
        return absl::InternalError(
            "The first answer to this request could not be read back.");
      }
      replayed = true;
      return absl::OkStatus();  // A retry: the first answer, no change.
    }
    Call call(txn, std::move(caller), *rule);
    EQ_RETURN_IF_ERROR(handler(call));
    if (!call.authorized()) {
      LogLine(absl::StrCat("bug: ", method, " did not authorise its caller"));
      return absl::InternalError("This call is not available.");
    }
    if (change && replay == Replay::kFirstAnswer) {
      RecordAnswer(txn, call.caller().person_id, request_id,
                   answers.Lock(Serialize(*response)));
    }
    round_events = std::move(call.round_events_);
    after_commit = std::move(call.after_commit_);
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  // Tells clients that asked again that nothing changed this time.
  if (replayed) context->AddTrailingMetadata("equalsay-replayed", "true");
  Publish(round_events);
  for (auto& fn : after_commit) fn();
  return absl::OkStatus();
}

absl::StatusOr<const AccessRule*> RpcRunner::RuleOf(
    absl::string_view method) const {
  const AccessRule* rule = FindRule(table_, method);
  if (rule == nullptr) {
    LogLine(absl::StrCat("bug: ", method, " has no row in its access table"));
    return absl::InternalError("This call is not available.");
  }
  return rule;
}

void RpcRunner::Publish(
    const std::vector<std::pair<RoundId, int64_t>>& round_events) {
  if (feed_ == nullptr) return;
  for (auto [round_id, seq] : round_events) feed_->Committed(round_id, seq);
}

absl::Status RpcRunner::RunBatch(
    absl::string_view method, Isolation isolation,
    absl::FunctionRef<absl::Status(BatchCall&)> write) {
  EQ_ASSIGN_OR_RETURN(const AccessRule* rule, RuleOf(method));
  EQ_ASSIGN_OR_RETURN(const privacy::AnswerLock answers, answers_.Today());
  std::vector<std::pair<RoundId, int64_t>> round_events;
  const absl::Status status =
      pool_.Transact(isolation, [&](pqxx::transaction_base& txn) {
        BatchCall batch(txn, table_, *rule, answers);
        EQ_RETURN_IF_ERROR(write(batch));
        round_events = std::move(batch.round_events_);
        return absl::OkStatus();
      });
  if (!status.ok()) return status;
  Publish(round_events);
  return absl::OkStatus();
}

}  // namespace equalsay
