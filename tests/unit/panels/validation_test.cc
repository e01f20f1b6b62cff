#include "services/panels/rules/validation.h"

#include <gtest/gtest.h>

namespace equalsay::panels {
namespace {

void ExpectInvalidNaming(const absl::Status& status, const std::string& field) {
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << field;
  EXPECT_EQ(status.message().rfind(field, 0), 0u)
      << "message should start with the field: " << status.message();
}

TEST(ValidationTest, TextLimitsCountCharactersNotBytes) {
  EXPECT_TRUE(CheckText("title", std::string(200, 'a'), 200).ok());
  ExpectInvalidNaming(CheckText("title", std::string(201, 'a'), 200), "title");
  // 200 two-byte characters are 400 bytes but within a 200-character limit.
  std::string accents;
  for (int i = 0; i < 200; ++i) accents += "\xC3\xA9";  // é
  EXPECT_TRUE(CheckText("title", accents, 200).ok());
  EXPECT_EQ(CheckText("title", accents + "x", 200).message(),
            "title is too long: at most 200 characters (got 201)");
}

TEST(ValidationTest, RequiredAndControlCharacters) {
  ExpectInvalidNaming(CheckText("name", "", 10), "name");
  ExpectInvalidNaming(CheckText("name", "   ", 10), "name");
  EXPECT_TRUE(CheckText("name", "", 10, /*required=*/false).ok());
  ExpectInvalidNaming(CheckText("name", std::string("a\0b", 3), 10), "name");
  ExpectInvalidNaming(CheckText("name", "a\nb", 10), "name");
  EXPECT_TRUE(CheckText("purpose", "a\nb", 10, true, /*multiline=*/true).ok());
}

// A limit names the field that points at what is full, and how full.
TEST(ValidationTest, RoomForOneMore) {
  EXPECT_TRUE(CheckRoom("round_id", "round", "criteria", 29, 30).ok());
  const absl::Status full = CheckRoom("round_id", "round", "criteria", 30, 30);
  ExpectInvalidNaming(full, "round_id");
  EXPECT_EQ(full.message(),
            "round_id names a round that already has 30 criteria, the most a "
            "round can have.");
}

TEST(ValidationTest, RequestIds) {
  EXPECT_TRUE(CheckRequestId("a-b-c").ok());
  ExpectInvalidNaming(CheckRequestId(""), "request_id");
  ExpectInvalidNaming(CheckRequestId(std::string(101, 'x')), "request_id");
}

v1::ScalePoint Point(int value, const std::string& words) {
  v1::ScalePoint point;
  point.set_value(value);
  point.set_words(words);
  return point;
}

TEST(ValidationTest, AnchoredScales) {
  google::protobuf::RepeatedPtrField<v1::ScalePoint> scale;
  *scale.Add() = Point(0, "no evidence");
  ExpectInvalidNaming(CheckScale(scale), "scale");  // One point is no scale.
  *scale.Add() = Point(4, "strong evidence");
  EXPECT_TRUE(CheckScale(scale).ok());
  *scale.Add() = Point(4, "again");
  ExpectInvalidNaming(CheckScale(scale), "scale[2].value");
  scale.Mutable(2)->set_value(5);
  scale.Mutable(1)->set_words("");
  ExpectInvalidNaming(CheckScale(scale), "scale[1].words");
  while (scale.size() < 12) *scale.Add() = Point(scale.size() * 10, "x");
  ExpectInvalidNaming(CheckScale(scale), "scale");
}

TEST(ValidationTest, WeightsAndEmail) {
  EXPECT_TRUE(CheckWeight(1).ok());
  EXPECT_TRUE(CheckWeight(100).ok());
  for (double bad : {0.0, -1.0, 100.5, std::nan("")}) {
    ExpectInvalidNaming(CheckWeight(bad), "weight");
  }
  EXPECT_TRUE(CheckEmail("").ok());
  EXPECT_TRUE(CheckEmail("sam@example.org").ok());
  ExpectInvalidNaming(CheckEmail("sam"), "email");
  ExpectInvalidNaming(CheckEmail("sam @x.org"), "email");
}

}  // namespace
}  // namespace equalsay::panels
