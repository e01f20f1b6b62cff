// `equalsay apply -f round.yaml`: a whole round set up from one file, as a
// declaration: people are found by e-mail address, the round by the
// file's key (and its parts by kind or place), and only what differs is
// changed, where the round still allows it; --dry-run says what would.
#ifndef EQUALSAY_CLIENTS_CLI_APPLY_H_
#define EQUALSAY_CLIENTS_CLI_APPLY_H_

#include <string>

#include "clients/cli/session.h"
#include "clients/cli/special.h"

namespace equalsay::cli {

// `issue_tokens`: also issue each person of the file a sign-in token and
// keep it for `--as KEY`. `dry_run`: say what would change, change nothing.
int Apply(const Session& session, const Output& out, const std::string& path,
          bool issue_tokens = false, bool dry_run = false);

// Every key the file may hold and what it means, for `apply --help`.
std::string ApplyFileKeys();

// A key of the file (its own, a person's, a candidate's): 1 to 30 lowercase
// letters, digits or dashes.
bool IsFileKey(const std::string& key);

}  // namespace equalsay::cli

#endif  // EQUALSAY_CLIENTS_CLI_APPLY_H_
