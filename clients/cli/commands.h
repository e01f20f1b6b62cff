// The commands that map one to one onto an RPC: their words, the RPC, and
// which option or argument fills which field of the request.
#ifndef EQUALSAY_CLIENTS_CLI_COMMANDS_H_
#define EQUALSAY_CLIENTS_CLI_COMMANDS_H_

#include <grpcpp/grpcpp.h>

#include <string>
#include <vector>

#include "clients/cli/session.h"

namespace equalsay::cli {

struct Arg {
  std::string name;   // "ROUND" (an argument) or "--title" (an option).
  std::string field;  // "round_id", "rule.quorum".
  std::string help;
  bool required = false;  // Arguments are always required.
  bool is_option() const { return name.rfind("--", 0) == 0; }
};

struct Command {
  std::string path;    // "round create"
  std::string method;  // "equalsay.v1.PanelService.CreateRound"
  std::string help;
  std::vector<Arg> args;
  std::string example;
  // For text output, print only this field of the answer (e.g. Markdown).
  std::string text_field;
};

const std::vector<Command>& Commands();

// `message` (the server's) with the request fields the command fills named
// as the person typed them: "display_name is required" becomes "--name is
// required", "round_id must be an id" "ROUND must be an id", and "There is
// no round with round_id 12." "There is no round 12.".
std::string InTypedWords(std::string message, const std::vector<Arg>& args);
std::string InTypedWords(std::string message, const Command& command);

// Prints a failed call's message in the typed words of `args`; returns the
// exit code.
int FailAs(const grpc::Status& status, const Session& session,
           const std::vector<Arg>& args);

}  // namespace equalsay::cli

#endif  // EQUALSAY_CLIENTS_CLI_COMMANDS_H_
