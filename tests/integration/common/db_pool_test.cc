// What every connection the server makes asks of PostgreSQL, whatever the
// database's own defaults.
#include "services/common/store/db_pool.h"

#include <gtest/gtest.h>

#include <memory>
#include <pqxx/pqxx>
#include <string>

#include "tests/support/scratch_database.h"

namespace equalsay::testing {
namespace {

std::string Show(pqxx::connection& conn, const std::string& setting) {
  pqxx::nontransaction txn(conn);
  return txn.exec("SHOW " + setting)[0][0].as<std::string>();
}

TEST(ConnectTest, CommitsAreDurableAndPlansUseNoParallelWorkersNorJit) {
  ScratchDatabase db;
  {
    // Defaults an operator could have set for the database.
    pqxx::connection admin(db.superuser_url());
    pqxx::nontransaction txn(admin);
    const std::string name =
        txn.quote_name(txn.exec("SELECT current_database()")[0][0].c_str());
    txn.exec("ALTER DATABASE " + name + " SET synchronous_commit = off");
    txn.exec("ALTER DATABASE " + name +
             " SET max_parallel_workers_per_gather = 4");
    txn.exec("ALTER DATABASE " + name + " SET jit = on");
  }
  {
    pqxx::connection plain(db.url());
    ASSERT_EQ(Show(plain, "synchronous_commit"), "off");
    ASSERT_EQ(Show(plain, "max_parallel_workers_per_gather"), "4");
    ASSERT_EQ(Show(plain, "jit"), "on");
  }
  absl::StatusOr<std::unique_ptr<pqxx::connection>> conn =
      Connect(db.url(), absl::Seconds(5));
  ASSERT_TRUE(conn.ok()) << conn.status();
  EXPECT_EQ(Show(**conn, "synchronous_commit"), "on");
  EXPECT_EQ(Show(**conn, "max_parallel_workers_per_gather"), "0");
  EXPECT_EQ(Show(**conn, "jit"), "off");
}

}  // namespace
}  // namespace equalsay::testing
