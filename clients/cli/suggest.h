// "Did you mean": the closest of the words a person could have meant, for a
// mistyped command or choice.
#ifndef EQUALSAY_CLIENTS_CLI_SUGGEST_H_
#define EQUALSAY_CLIENTS_CLI_SUGGEST_H_

#include <CLI/CLI.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace equalsay::cli {

// The known word closest to `typed` (by edits, or one it begins), when it
// is close enough to be a slip rather than a different word.
std::optional<std::string> ClosestWord(std::string_view typed,
                                       const std::vector<std::string>& known);

// When the command line names a command that does not exist (`rond list`,
// `round lst`), a sentence saying so, with the closest command and the
// commands there are; nullopt when every command word is known.
std::optional<std::string> UnknownCommand(CLI::App& app,
                                          const std::vector<std::string>& args);

}  // namespace equalsay::cli

#endif  // EQUALSAY_CLIENTS_CLI_SUGGEST_H_
