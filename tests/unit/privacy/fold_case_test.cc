// Addresses typed in any letter case match: every letter with a lower case
// in Unicode is folded, not only A to Z, and bytes that are not UTF-8 pass
// through untouched.
#include "services/privacy/rules/fold_case.h"

#include <gtest/gtest.h>

namespace equalsay::privacy {
namespace {

TEST(FoldCaseTest, EveryLetterInAnyScriptTakesItsLowerCase) {
  const struct {
    const char* typed;
    const char* folded;
  } kCases[] = {
      {"Jo.Bloggs@Example.ORG", "jo.bloggs@example.org"},
      {"ZOË.Ørsted@Ålesund.NO", "zoë.ørsted@ålesund.no"},
      {"ЖЕНЯ@ПРИМЕР.РФ", "женя@пример.рф"},
      {"ΣΟΦΙΑ@example.gr", "σοφια@example.gr"},
      {"already.lower+tag_1@example.org", "already.lower+tag_1@example.org"},
      {"\xF0\x9F\x98\x80Smile@example.org",
       "\xF0\x9F\x98\x80smile@example.org"},
      {"", ""},
  };
  for (const auto& c : kCases) {
    EXPECT_EQ(FoldCase(c.typed), c.folded) << c.typed;
  }
  EXPECT_EQ(FoldCase("ZOË@Example.org"), FoldCase("zoë@example.ORG"));
}

TEST(FoldCaseTest, BytesThatAreNotUtf8AreKeptAsTheyAre) {
  EXPECT_EQ(FoldCase("A\xFF"
                     "B"),
            "a\xFF"
            "b");
  EXPECT_EQ(FoldCase("A\xC3"), "a\xC3");                  // Cut short.
  EXPECT_EQ(FoldCase("\xC0\x81Z"), "\xC0\x81z");          // An overlong form.
  EXPECT_EQ(FoldCase("\xED\xA0\x80Z"), "\xED\xA0\x80z");  // A surrogate.
}

}  // namespace
}  // namespace equalsay::privacy
