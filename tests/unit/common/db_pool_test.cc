// The pure helpers of db_pool; the pool itself is exercised against real
// PostgreSQL by the integration tests.
#include "services/common/store/db_pool.h"

#include <gtest/gtest.h>

namespace equalsay {
namespace {

TEST(RedactDatabaseUrlTest, HidesPasswordsInEitherForm) {
  EXPECT_EQ(RedactDatabaseUrl("postgresql://app:s3cret@db:5432/equalsay"),
            "postgresql://app:***@db:5432/equalsay");
  EXPECT_EQ(RedactDatabaseUrl("host=db user=app password=s3cret dbname=x"),
            "host=db user=app password=*** dbname=x");
  EXPECT_EQ(RedactDatabaseUrl("host=db password='a b' dbname=x"),
            "host=db password=*** dbname=x");
  EXPECT_EQ(RedactDatabaseUrl("postgresql://app@db/equalsay"),
            "postgresql://app@db/equalsay");
}

TEST(OneLineTest, JoinsLinesAndTrims) {
  EXPECT_EQ(OneLine("connection failed\n\tIs the server running?\n"),
            "connection failed Is the server running?");
  EXPECT_EQ(OneLine("one"), "one");
}

// Settings are added so that libpq reads them back as given, in either
// form of database URL.
TEST(WithSettingTest, AddsASettingToEitherForm) {
  EXPECT_EQ(
      WithSetting("postgresql://app@db/equalsay", "options",
                  "-c synchronous_commit=on"),
      "postgresql://app@db/equalsay?options=-c%20synchronous_commit%3Don");
  EXPECT_EQ(WithSetting("postgresql://app@db/x?sslmode=require",
                        "connect_timeout", "3"),
            "postgresql://app@db/x?sslmode=require&connect_timeout=3");
  EXPECT_EQ(WithSetting("host=db dbname=x", "options", "-c a='b'"),
            "host=db dbname=x options='-c a=\\'b\\''");
}

}  // namespace
}  // namespace equalsay
