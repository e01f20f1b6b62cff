// The pure helpers of db_pool; the pool itself is exercised against real
// PostgreSQL by the integration tests.
#include "services/common/db_pool.h"

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

}  // namespace
}  // namespace equalsay
