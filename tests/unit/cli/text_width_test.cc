#include "clients/cli/text_width.h"

#include <gtest/gtest.h>

namespace equalsay::cli {
namespace {

TEST(TextWidthTest, CountsColumnsNotBytes) {
  EXPECT_EQ(DisplayWidth("Sam"), 3u);
  EXPECT_EQ(DisplayWidth("Siân"), 4u);         // â is two bytes.
  EXPECT_EQ(DisplayWidth("Zoe\xCC\x88"), 3u);  // e and a combining diaeresis.
  EXPECT_EQ(DisplayWidth("陈静"), 4u);         // Wide: two columns each.
  EXPECT_EQ(DisplayWidth("Ana 😀"), 6u);
  EXPECT_EQ(DisplayWidth(""), 0u);
}

// A broken byte is one column, never a crash or a skipped character.
TEST(TextWidthTest, BrokenUtf8CountsEachStrayByte) {
  EXPECT_EQ(DisplayWidth("a\xC3"), 2u);
  EXPECT_EQ(DisplayWidth("\xE4\xB8"), 2u);
  EXPECT_EQ(DisplayWidth("\xFF"
                         "b"),
            2u);
}

}  // namespace
}  // namespace equalsay::cli
