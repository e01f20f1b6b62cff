// The commands that map one to one onto an RPC: their words, the RPC, and
// which option or argument fills which field of the request.
#ifndef EQUALSAY_CLIENTS_CLI_COMMANDS_H_
#define EQUALSAY_CLIENTS_CLI_COMMANDS_H_

#include <string>
#include <vector>

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

// `message` (the server's) with the request fields the command's options
// fill named as the options a person typed: "display_name is required"
// becomes "--name is required".
std::string InTypedWords(std::string message, const Command& command);

}  // namespace equalsay::cli

#endif  // EQUALSAY_CLIENTS_CLI_COMMANDS_H_
