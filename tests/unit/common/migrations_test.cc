#include "services/common/store/migrations.h"

#include <gtest/gtest.h>

namespace equalsay {
namespace {

TEST(MigrationsTest, OrdersByVersionWhateverTheInputOrder) {
  auto plan = PlanMigrations({{"0002_rounds.sql", "B"},
                              {"0001_people.sql", "A"},
                              {"0010_late.sql", "C"}});
  ASSERT_TRUE(plan.ok()) << plan.status();
  ASSERT_EQ(plan->size(), 3u);
  EXPECT_EQ((*plan)[0].version, 1);
  EXPECT_EQ((*plan)[1].version, 2);
  EXPECT_EQ((*plan)[2].version, 10);
  EXPECT_EQ((*plan)[2].name, "0010_late.sql");
}

TEST(MigrationsTest, ChecksumFollowsContent) {
  auto a = PlanMigrations({{"0001_a.sql", "CREATE TABLE a ();"}});
  auto b = PlanMigrations({{"0001_a.sql", "CREATE TABLE b ();"}});
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ((*a)[0].checksum.size(), 64u);
  EXPECT_NE((*a)[0].checksum, (*b)[0].checksum);
}

TEST(MigrationsTest, RejectsBadNames) {
  for (const char* name : {"1_people.sql", "0001-people.sql", "0001_People.sql",
                           "0001_people.txt", "people.sql"}) {
    auto plan = PlanMigrations({{name, "SELECT 1"}});
    EXPECT_EQ(plan.status().code(), absl::StatusCode::kInvalidArgument) << name;
    EXPECT_NE(plan.status().message().find(name), std::string::npos);
  }
}

TEST(MigrationsTest, RejectsTwoFilesWithOneVersion) {
  auto plan = PlanMigrations({{"0003_a.sql", "A"}, {"0003_b.sql", "B"}});
  EXPECT_EQ(plan.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(plan.status().message().find("0003_a.sql"), std::string::npos);
}

TEST(MigrationsTest, ShippedMigrationsAreWellFormedAndNumberedFromOne) {
  auto plan = PlanMigrations(EmbeddedMigrations());
  ASSERT_TRUE(plan.ok()) << plan.status();
  ASSERT_FALSE(plan->empty());
  for (size_t i = 0; i < plan->size(); ++i) {
    EXPECT_EQ((*plan)[i].version, static_cast<int>(i) + 1)
        << "gap or jump before " << (*plan)[i].name;
    EXPECT_FALSE((*plan)[i].sql.empty());
  }
}

}  // namespace
}  // namespace equalsay
