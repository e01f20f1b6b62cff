// `equalsay import people|candidates FILE.csv`: many at once from a
// spreadsheet, all or none, with a report of each row.
#ifndef EQUALSAY_CLIENTS_CLI_IMPORT_H_
#define EQUALSAY_CLIENTS_CLI_IMPORT_H_

#include <string>

#include "clients/cli/session.h"
#include "clients/cli/special.h"

namespace equalsay::cli {

// Columns: name, email (optional), role.
int ImportPeople(const Session& session, const Output& out,
                 const std::string& path);
// Columns: name, reference (optional).
int ImportCandidates(const Session& session, const Output& out,
                     const std::string& round_id, const std::string& path);

}  // namespace equalsay::cli

#endif  // EQUALSAY_CLIENTS_CLI_IMPORT_H_
