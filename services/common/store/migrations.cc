#include "services/common/store/migrations.h"

#include <algorithm>
#include <map>
#include <regex>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "services/common/base/log.h"
#include "services/common/base/sha256.h"
#include "services/common/store/db_pool.h"
#include "services/common/store/sql.h"

namespace equalsay {
namespace {

// "equalsay" in ASCII: one key every server of a deployment agrees on.
constexpr int64_t kMigrationLockKey = 0x657175616c736179;

constexpr Statement kCreateLedger{
    "migrations_create_ledger",
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version integer PRIMARY KEY, name text NOT NULL,"
    " checksum text NOT NULL,"
    " applied_at timestamptz NOT NULL DEFAULT now())"};
constexpr Statement kApplied{"migrations_applied",
                             "SELECT version, checksum FROM schema_migrations"};
constexpr Statement kRecord{
    "migrations_record",
    "INSERT INTO schema_migrations (version, name, checksum) "
    "VALUES ($1, $2, $3)"};

}  // namespace

absl::StatusOr<std::vector<Migration>> PlanMigrations(
    const std::vector<MigrationSource>& sources) {
  static const std::regex kName(R"(^([0-9]{4})_[a-z0-9_]+\.sql$)");
  std::vector<Migration> plan;
  for (const MigrationSource& source : sources) {
    std::smatch match;
    if (!std::regex_match(source.file_name, match, kName)) {
      return absl::InvalidArgumentError(absl::StrCat(
          "migration file \"", source.file_name,
          "\" must be named NNNN_words.sql, e.g. 0002_rounds.sql"));
    }
    Migration migration;
    (void)absl::SimpleAtoi(match[1].str(), &migration.version);
    migration.name = source.file_name;
    migration.sql = source.sql;
    migration.checksum = Sha256Hex(source.sql);
    plan.push_back(std::move(migration));
  }
  std::sort(plan.begin(), plan.end(),
            [](const Migration& a, const Migration& b) {
              return a.version < b.version;
            });
  for (size_t i = 1; i < plan.size(); ++i) {
    if (plan[i].version == plan[i - 1].version) {
      return absl::InvalidArgumentError(
          absl::StrCat("migrations \"", plan[i - 1].name, "\" and \"",
                       plan[i].name, "\" share version ", plan[i].version));
    }
  }
  return plan;
}

absl::Status MigrateAndThen(
    pqxx::connection& conn, const std::vector<Migration>& migrations,
    absl::FunctionRef<absl::Status(pqxx::connection&)> after) {
  auto run = [&]() -> absl::Status {
    {
      pqxx::nontransaction lock(conn);
      lock.exec_params("SELECT pg_advisory_lock($1)", kMigrationLockKey);
    }
    std::map<int, std::string> applied;
    {
      pqxx::work txn(conn);
      Exec(txn, kCreateLedger);
      for (const auto& row : Exec(txn, kApplied)) {
        applied[row[0].as<int>()] = row[1].as<std::string>();
      }
      txn.commit();
    }
    // A database a newer release migrated: this one must not write to a
    // schema it does not know. Going back means restoring a backup.
    for (const auto& [version, checksum] : applied) {
      const bool known = std::any_of(
          migrations.begin(), migrations.end(),
          [v = version](const Migration& m) { return m.version == v; });
      if (!known) {
        return absl::FailedPreconditionError(absl::StrCat(
            "this database was migrated by a newer release of equalsay (it "
            "has migration ",
            absl::StrFormat("%04d", version),
            ", which this release does not know): run that release, or "
            "restore the backup taken before the upgrade"));
      }
    }
    for (const Migration& migration : migrations) {
      if (auto it = applied.find(migration.version); it != applied.end()) {
        if (it->second != migration.checksum) {
          return absl::FailedPreconditionError(absl::StrCat(
              "migration ", migration.name,
              " was changed after it was applied to this database; restore "
              "it and put the change in a new numbered migration"));
        }
        continue;
      }
      pqxx::work txn(conn);
      txn.exec(migration.sql);
      Exec(txn, kRecord, migration.version, migration.name, migration.checksum);
      txn.commit();
      LogLine(absl::StrCat("applied database migration ", migration.name));
    }
    return after(conn);
  };
  absl::Status status;
  try {
    status = run();
  } catch (const pqxx::sql_error& e) {
    status = absl::InternalError(
        absl::StrCat("database migration failed: ", OneLine(e.what())));
  } catch (const std::exception& e) {
    status = absl::UnavailableError(
        absl::StrCat("database migration failed: ", OneLine(e.what())));
  }
  try {
    pqxx::nontransaction unlock(conn);
    unlock.exec_params("SELECT pg_advisory_unlock($1)", kMigrationLockKey);
  } catch (const std::exception&) {
    // A broken connection already released its session lock.
  }
  return status;
}

absl::Status GrantServiceRole(pqxx::connection& owner,
                              const std::string& service_role) {
  try {
    pqxx::work txn(owner);
    // Role names cannot be parameters: quoted as identifiers instead.
    const std::string role = txn.quote_name(service_role);
    for (const std::string& sql :
         {"GRANT USAGE ON SCHEMA public TO " + role,
          "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA "
          "public TO " +
              role,
          "GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO " + role,
          "REVOKE UPDATE, DELETE, TRUNCATE ON events, audit_seals, "
          "audit_sealed_events FROM " +
              role,
          "REVOKE DELETE, TRUNCATE ON people FROM " + role,
          "REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON schema_migrations "
          "FROM " +
              role}) {
      txn.exec(sql);
    }
    txn.commit();
    return absl::OkStatus();
  } catch (const std::exception& e) {
    return absl::InternalError(
        absl::StrCat("could not grant the service's database role its rights: ",
                     OneLine(e.what())));
  }
}

absl::Status CheckOwnsTables(pqxx::connection& owner) {
  static constexpr Statement kOwner{
      "migrations_events_owner",
      "SELECT tableowner, current_user FROM pg_tables WHERE schemaname = "
      "'public' AND tablename = 'events'"};
  pqxx::work txn(owner);
  const pqxx::result rows = Exec(txn, kOwner);
  if (rows.empty()) return absl::OkStatus();  // A new database.
  const std::string table_owner = rows[0][0].as<std::string>();
  const std::string me = rows[0][1].as<std::string>();
  if (table_owner == me) return absl::OkStatus();
  return absl::FailedPreconditionError(absl::StrCat(
      "the database's tables belong to the role \"", table_owner,
      "\", not to \"", me,
      "\" of EQUALSAY_OWNER_DATABASE_URL. As a superuser, hand them over "
      "once with: REASSIGN OWNED BY \"",
      table_owner, "\" TO \"", me, "\"; then start again."));
}

}  // namespace equalsay
