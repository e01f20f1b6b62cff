#include "tests/support/scratch_database.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <random>

#include "absl/strings/str_cat.h"
#include "tests/support/process.h"
#include "tests/support/test_env.h"

namespace equalsay::testing {

ScratchDatabase::ScratchDatabase() {
  std::random_device random;
  name_ = absl::StrCat("t_", random(), "_", random());
  admin_base_ = RequireEnv("EQUALSAY_TEST_PG_ADMIN_URL");
  url_ = absl::StrCat(RequireEnv("EQUALSAY_TEST_PG_APP_URL"), "/", name_);
  const char* owner = std::getenv("EQUALSAY_TEST_PG_OWNER_URL");
  {
    pqxx::connection admin(admin_base_ + "/postgres");
    pqxx::nontransaction txn(admin);
    txn.exec(absl::StrCat("CREATE DATABASE ", name_, " OWNER ",
                          owner != nullptr ? "equalsay_owner" : "equalsay"));
  }
  if (owner == nullptr) return;
  owner_url_ = absl::StrCat(owner, "/", name_);
  // A server started without the owner's URL migrates as its own role.
  pqxx::connection admin(absl::StrCat(admin_base_, "/", name_));
  pqxx::nontransaction txn(admin);
  txn.exec("GRANT CREATE ON SCHEMA public TO equalsay");
}

ScratchDatabase::~ScratchDatabase() {
  try {
    pqxx::connection admin(admin_base_ + "/postgres");
    pqxx::nontransaction txn(admin);
    txn.exec(absl::StrCat("DROP DATABASE IF EXISTS ", name_, " WITH (FORCE)"));
  } catch (const std::exception&) {
    // The cluster is thrown away at the end of scripts/test anyway.
  }
}

std::string ScratchDatabase::superuser_url() const {
  return absl::StrCat(admin_base_, "/", name_);
}

pqxx::connection ScratchDatabase::Superuser() const {
  return pqxx::connection(superuser_url());
}

std::string ScratchDatabase::Query(const std::string& sql) const {
  pqxx::connection conn = Superuser();
  pqxx::nontransaction txn(conn);
  const pqxx::result result = txn.exec(sql);
  if (result.empty() || result[0][0].is_null()) return "";
  return result[0][0].as<std::string>();
}

std::string ScratchDatabase::Dump() const {
  std::string out, err;
  EXPECT_EQ(RunCommand({absl::StrCat(kPgBin, "pg_dump"), "--format=plain",
                        superuser_url()},
                       {}, &out, &err),
            0)
      << err;
  return out;
}

}  // namespace equalsay::testing
