// `equalsay apply -f round.yaml`: a whole round set up from one file.
// Every step carries a request id made from the file's key and the item's,
// so applying the same file again changes nothing.
#ifndef EQUALSAY_CLIENTS_CLI_APPLY_H_
#define EQUALSAY_CLIENTS_CLI_APPLY_H_

#include <string>

#include "clients/cli/session.h"
#include "clients/cli/special.h"

namespace equalsay::cli {

int Apply(const Session& session, const Output& out, const std::string& path);

}  // namespace equalsay::cli

#endif  // EQUALSAY_CLIENTS_CLI_APPLY_H_
