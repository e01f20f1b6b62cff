#include "services/common/store/sql.h"

#include <gtest/gtest.h>

namespace equalsay {
namespace {

// Text reaches PostgreSQL exactly as given, whatever it holds; the same
// literals were checked against PostgreSQL 15 (SELECT '<literal>'::text[]).
TEST(PgArrayTest, QuotesAndEscapesEveryElement) {
  EXPECT_EQ(PgArray(std::vector<std::string>{}), "{}");
  EXPECT_EQ(PgArray(std::vector<std::string>{""}), R"({""})");
  EXPECT_EQ(PgArray(std::vector<std::string>{"NULL", "a,b", "{c}", " d "}),
            R"({"NULL","a,b","{c}"," d "})");
  EXPECT_EQ(PgArray(std::vector<std::string>{R"(say "no")", R"(back\slash)"}),
            R"({"say \"no\"","back\\slash"})");
  EXPECT_EQ(PgArray(std::vector<std::string>{"café ✓\nnext line"}),
            "{\"café ✓\nnext line\"}");
}

TEST(PgArrayTest, NumbersAndNulls) {
  EXPECT_EQ(PgArray(std::vector<int64_t>{1, -2, 9007199254740993}),
            "{1,-2,9007199254740993}");
  EXPECT_EQ(PgArray(std::vector<std::optional<int64_t>>{7, std::nullopt}),
            "{7,NULL}");
  EXPECT_EQ(
      PgArray(std::vector<std::optional<std::string>>{std::nullopt, "NULL"}),
      R"({NULL,"NULL"})");
  EXPECT_EQ(PgArray(std::vector<bool>{true, false}), "{true,false}");
}

}  // namespace
}  // namespace equalsay
