#include "clients/cli/csv.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace equalsay::cli {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(ParseCsvTest, ReadsWhatSpreadsheetsWrite) {
  // Excel: a byte-order mark, CRLF, quotes around commas, doubled quotes,
  // a line break inside a cell, a blank row and spaces around values.
  const absl::StatusOr<CsvTable> table = ParseCsv(
      "\xEF\xBB\xBFname,email,role\r\n"
      "\"Llewellyn, Si\xC3\xA2n\",sian@example.org,member\r\n"
      "\r\n"
      "\"Jo \"\"JJ\"\" Smith\", jo@example.org ,hr\r\n"
      "\"Two\nlines\",,member\r\n"
      "Short,x@example.org\r\n");
  ASSERT_TRUE(table.ok()) << table.status();
  EXPECT_THAT(table->heading, ElementsAre("name", "email", "role"));
  ASSERT_EQ(table->rows.size(), 4u);
  EXPECT_THAT(table->rows[0], ElementsAre("Llewellyn, Si\xC3\xA2n",
                                          "sian@example.org", "member"));
  EXPECT_THAT(table->rows[1],
              ElementsAre("Jo \"JJ\" Smith", "jo@example.org", "hr"));
  EXPECT_THAT(table->rows[2], ElementsAre("Two\nlines", "", "member"));
  EXPECT_THAT(table->rows[3], ElementsAre("Short", "x@example.org"));
  // Lines as a person sees them in an editor, for messages.
  EXPECT_THAT(table->lines, ElementsAre(2, 4, 5, 7));
}

TEST(ParseCsvTest, SemicolonsWhereTheLocaleUsesThem) {
  const absl::StatusOr<CsvTable> table =
      ParseCsv("name;reference\nSam Jones;Candidate A\n");
  ASSERT_TRUE(table.ok()) << table.status();
  EXPECT_THAT(table->rows[0], ElementsAre("Sam Jones", "Candidate A"));
}

TEST(ParseCsvTest, EmptyCellsAtTheEndAreNotExtraValues) {
  const absl::StatusOr<CsvTable> table =
      ParseCsv("name,reference\nSam Jones,,,\n");
  ASSERT_TRUE(table.ok()) << table.status();
  EXPECT_THAT(table->rows[0], ElementsAre("Sam Jones", ""));
}

TEST(ParseCsvTest, MistakesAreNamedByLine) {
  absl::StatusOr<CsvTable> table =
      ParseCsv("name,email\nok,a@example.org\n\"open,b@example.org\nc,d\n");
  EXPECT_EQ(table.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(table.status().message(), HasSubstr("line 3"));
  EXPECT_THAT(table.status().message(), HasSubstr("never closed"));

  table = ParseCsv("name,role\nok,member\nLlewellyn, Sian,member\n");
  EXPECT_EQ(table.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(table.status().message(), HasSubstr("line 3 has 3 values"));
  EXPECT_THAT(table.status().message(), HasSubstr("quotes"));

  table = ParseCsv("\n \n");
  EXPECT_THAT(table.status().message(), HasSubstr("empty"));
}

TEST(ColumnsTest, FindsColumnsInAnyOrderAndCase) {
  const auto at =
      Columns({"Role", " Name ", "EMAIL"}, {"name", "role"}, {"email"});
  ASSERT_TRUE(at.ok()) << at.status();
  EXPECT_EQ(at->at("name"), 1);
  EXPECT_EQ(at->at("role"), 0);
  EXPECT_EQ(at->at("email"), 2);
  const auto without_optional =
      Columns({"name", "role"}, {"name", "role"}, {"email"});
  ASSERT_TRUE(without_optional.ok());
  EXPECT_FALSE(without_optional->contains("email"));
}

TEST(ColumnsTest, ATypoIsNamedWithTheColumnMeant) {
  auto at = Columns({"name", "emial", "role"}, {"name", "role"}, {"email"});
  EXPECT_EQ(at.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(at.status().message(), HasSubstr("unknown column \"emial\""));
  EXPECT_THAT(at.status().message(), HasSubstr("did you mean \"email\""));

  at = Columns({"name"}, {"name", "role"}, {"email"});
  EXPECT_THAT(at.status().message(), HasSubstr("\"role\" is missing"));

  at = Columns({"name", "Name", "role"}, {"name", "role"}, {});
  EXPECT_THAT(at.status().message(), HasSubstr("there twice"));
}

}  // namespace
}  // namespace equalsay::cli
