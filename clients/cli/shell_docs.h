// Shell completion for bash and zsh and the manual page, written from the
// same tree of commands and options the parser uses, so they never drift
// from what the command accepts.
#ifndef EQUALSAY_CLIENTS_CLI_SHELL_DOCS_H_
#define EQUALSAY_CLIENTS_CLI_SHELL_DOCS_H_

#include <CLI/CLI.hpp>
#include <string>

namespace equalsay::cli {

// What --version and the manual page say.
inline constexpr char kVersion[] = "equalsay " EQUALSAY_VERSION;

// A bash script defining _equalsay and registering it with `complete`.
std::string BashCompletion(const CLI::App& app);
// A zsh completion function (#compdef equalsay): works from $fpath and when
// sourced after compinit.
std::string ZshCompletion(const CLI::App& app);
// equalsay(1) in man(7) markup: every command with its arguments, options
// and example, the exit codes, environment and files.
std::string ManualPage(const CLI::App& app);

}  // namespace equalsay::cli

#endif  // EQUALSAY_CLIENTS_CLI_SHELL_DOCS_H_
