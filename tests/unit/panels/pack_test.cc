#include "services/panels/rules/pack.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace equalsay::panels {
namespace {

using ::testing::HasSubstr;

TEST(PackTest, WhatAFileIsComesFromItsBytes) {
  EXPECT_EQ(*DocumentMediaType("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj"), kPdf);
  EXPECT_EQ(*DocumentMediaType("Interview questions\r\n1. Tell us…\tWhy?\n"),
            kPlainText);
  EXPECT_EQ(*DocumentMediaType("Siân, Zoë, 日本, 🙂"), kPlainText);
  // Not text a browser shows as it is: bytes of another format, or broken
  // UTF-8 (overlong forms, surrogates, cut short), or control characters.
  for (const std::string& bad :
       {std::string("\x89PNG\r\n\x1a\n", 8), std::string("PK\x03\x04", 4),
        std::string("a\0b", 3), std::string("\xc0\xaf"),
        std::string("\xed\xa0\x80"), std::string("caf\xc3"),
        std::string("\xf4\x90\x80\x80"), std::string("bell\x07")}) {
    const absl::StatusOr<std::string> type = DocumentMediaType(bad);
    ASSERT_FALSE(type.ok()) << bad;
    EXPECT_EQ(type.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(std::string(type.status().message()),
                HasSubstr("content must be a PDF or plain text"));
  }
  EXPECT_THAT(std::string(DocumentMediaType("").status().message()),
              HasSubstr("content is empty"));
}

TEST(PackTest, SizeIsBoundedAtTheLimitExactly) {
  std::string at_limit(kMaxDocumentBytes, 'a');
  EXPECT_TRUE(DocumentMediaType(at_limit).ok());
  at_limit.push_back('a');
  const absl::Status over = DocumentMediaType(at_limit).status();
  EXPECT_EQ(over.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(over.message()),
              HasSubstr("content is too large: 3.0 MB, and a document may be "
                        "at most 3 MB"));
}

TEST(PackTest, ATitleMayNotNameACandidateKnownByAReference) {
  const std::vector<std::string> hidden = {"Robin Lee", "  "};
  EXPECT_TRUE(CheckTitleHidesNames("CV", hidden).ok());
  EXPECT_TRUE(CheckTitleHidesNames("Robin's interview notes", hidden).ok());
  const absl::Status named = CheckTitleHidesNames("CV of ROBIN LEE", hidden);
  EXPECT_EQ(named.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(named.message()), HasSubstr("title contains"));
  EXPECT_TRUE(CheckTitleHidesNames("CV of Robin Lee", {}).ok());
}

TEST(PackTest, EveryKindHasWordsForADefaultTitle) {
  const auto* kinds = v1::DocumentKind_descriptor();
  for (int i = 0; i < kinds->value_count(); ++i) {
    const auto kind = static_cast<v1::DocumentKind>(kinds->value(i)->number());
    EXPECT_EQ(DocumentKindWords(kind).empty(),
              kind == v1::DOCUMENT_KIND_UNSPECIFIED)
        << kinds->value(i)->name();
  }
}

}  // namespace
}  // namespace equalsay::panels
