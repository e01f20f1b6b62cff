#include "services/panels/rules/subject_access.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace equalsay::panels {
namespace {

using ::testing::HasSubstr;

TEST(SubjectAccessTest, EverySectionAndRowIsInBothTheJsonAndThePage) {
  const std::vector<DataSection> sections = {
      {.title = "You",
       .about = "Your details.",
       .rows = {{{"name", "Ben \"B\" Okafor"}, {"e-mail address", ""}}}},
      {.title = "Conflicts of interest", .about = "Whom you know.", .rows = {}},
      {.title = "Score sheets",
       .about = "Your scores.",
       .rows = {{{"evidence", "Line one\n# not a heading"}},
                {{"evidence", "Second"}}}},
  };
  const v1::PersonalData data = SubjectAccess("person 3, Ben", sections);
  EXPECT_EQ(data.items(), 3);
  EXPECT_EQ(data.json(),
            "{\"subject\":\"person 3, Ben\",\"sections\":["
            "{\"title\":\"You\",\"about\":\"Your details.\",\"rows\":[{"
            "\"name\":\"Ben \\\"B\\\" Okafor\",\"e-mail address\":\"\"}]},"
            "{\"title\":\"Conflicts of interest\",\"about\":\"Whom you "
            "know.\",\"rows\":[]},"
            "{\"title\":\"Score sheets\",\"about\":\"Your scores.\",\"rows\":[{"
            "\"evidence\":\"Line one\\n# not a heading\"},{\"evidence\":"
            "\"Second\"}]}]}");
  EXPECT_THAT(data.markdown(),
              HasSubstr("# What equalsay holds about person 3, Ben\n"));
  EXPECT_THAT(data.markdown(),
              HasSubstr("- name: Ben \"B\" Okafor; e-mail address: (none)\n"));
  EXPECT_THAT(data.markdown(),
              HasSubstr("## Conflicts of interest\n\nWhom you know.\n\n"
                        "Nothing held.\n"));
  // A value's own line breaks cannot start a heading of the page.
  EXPECT_THAT(data.markdown(),
              HasSubstr("- evidence: Line one # not a heading\n"));
}

}  // namespace
}  // namespace equalsay::panels
