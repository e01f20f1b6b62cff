// First start: the first administrator of an empty database.
#ifndef EQUALSAY_SERVICES_PANELS_STORE_BOOTSTRAP_H_
#define EQUALSAY_SERVICES_PANELS_STORE_BOOTSTRAP_H_

#include <optional>
#include <pqxx/pqxx>
#include <string>

#include "absl/status/statusor.h"
#include "services/privacy/rules/data_keys.h"

namespace equalsay::panels {

struct BootstrapResult {
  bool created = false;     // False: the database already had people.
  std::string shown_token;  // Set only when generated here: show it once.
};

// When nobody exists yet, creates the administrator with `given_token` (or a
// generated one) and records the event. Run under the migration lock so two
// servers starting together create one administrator between them.
absl::StatusOr<BootstrapResult> BootstrapAdministrator(
    pqxx::connection& conn, const privacy::DataKeys& keys,
    const std::string& given_token);

}  // namespace equalsay::panels

#endif  // EQUALSAY_SERVICES_PANELS_STORE_BOOTSTRAP_H_
