// Calling the server by method name, and turning a failure into one line on
// stderr and an exit code scripts can tell apart.
#ifndef EQUALSAY_CLIENTS_CLI_CALL_H_
#define EQUALSAY_CLIENTS_CLI_CALL_H_

#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>
#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>

#include "clients/cli/session.h"

namespace equalsay::cli {

// One exit code per kind of failure.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailed = 1;  // Anything else.
inline constexpr int kExitUsage = 2;   // Bad usage or bad input.
inline constexpr int kExitNotFound = 3;
inline constexpr int kExitNotAllowed = 4;   // Not signed in, or not allowed.
inline constexpr int kExitWrongState = 5;   // E.g. "scoring is closed".
inline constexpr int kExitUnavailable = 6;  // Server or database down.
inline constexpr int kExitTampered = 7;     // The audit trail is not intact.

int ExitCodeFor(grpc::StatusCode code);

// Prints "equalsay: <what went wrong>" and what to do, to stderr; returns
// the exit code.
int Fail(const grpc::Status& status, const Session& session);
int FailUsage(const std::string& message);

// A new, empty message of `type`.
std::unique_ptr<google::protobuf::Message> NewMessage(
    const google::protobuf::Descriptor* type);

// Calls a unary method; on success `response` holds the answer, and
// `replayed` (if given) says whether the server returned the first answer
// to an earlier request with the same request id, changing nothing.
grpc::Status CallMethod(const Session& session,
                        const google::protobuf::MethodDescriptor* method,
                        const google::protobuf::Message& request,
                        google::protobuf::Message* response,
                        bool* replayed = nullptr);

// The method "equalsay.v1.PanelService.CreateRound" (nullptr if unknown).
const google::protobuf::MethodDescriptor* FindMethod(const std::string& name);

}  // namespace equalsay::cli

#endif  // EQUALSAY_CLIENTS_CLI_CALL_H_
