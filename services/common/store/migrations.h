// Numbered schema migrations, applied once each under an advisory lock.
#ifndef EQUALSAY_SERVICES_COMMON_STORE_MIGRATIONS_H_
#define EQUALSAY_SERVICES_COMMON_STORE_MIGRATIONS_H_

#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace equalsay {

// A file of db/migrations as embedded in the binary.
struct MigrationSource {
  std::string file_name;  // "0001_people.sql"
  std::string sql;
};

// Every file of db/migrations, in name order (generated at build time).
const std::vector<MigrationSource>& EmbeddedMigrations();

struct Migration {
  int version = 0;
  std::string name;
  std::string sql;
  std::string checksum;
};

// Checks names ("NNNN_words.sql"), that versions are unique, and orders them.
absl::StatusOr<std::vector<Migration>> PlanMigrations(
    const std::vector<MigrationSource>& sources);

// Under a session advisory lock, so any number of servers may start at once:
// applies each migration not yet recorded (each in its own transaction), then
// runs `after` (for example, creating the first administrator) while the lock
// is still held. Refuses to start if an applied migration was since edited.
absl::Status MigrateAndThen(
    pqxx::connection& conn, const std::vector<Migration>& migrations,
    absl::FunctionRef<absl::Status(pqxx::connection&)> after);

// Where the tables' owner is a role of its own (EQUALSAY_OWNER_DATABASE_URL),
// the service's role `service_role` gets only what it needs: reading and
// writing its tables, but only adding to the audit trail (events and
// seals), never deleting people, never touching the migration ledger. Run
// as the owner, after migrating, at every start (new tables get theirs).
absl::Status GrantServiceRole(pqxx::connection& owner,
                              const std::string& service_role);

// FAILED_PRECONDITION when the trail's tables exist but belong to another
// role than the one connected (a database set up before the owner role
// was), saying what a superuser runs once to hand them over.
absl::Status CheckOwnsTables(pqxx::connection& owner);

}  // namespace equalsay

#endif  // EQUALSAY_SERVICES_COMMON_STORE_MIGRATIONS_H_
