#include "clients/cli/render.h"

#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "clients/cli/text_width.h"
#include "equalsay/v1/panels.pb.h"

namespace equalsay::cli {
namespace {

// The column after a name (here the role) starts at the same place on every
// line, whatever the name's accents or script.
TEST(RenderTest, TablesAlignByDisplayWidth) {
  v1::ListPeopleResponse people;
  for (const char* name : {"Sam", "Siân", "Zoe\xCC\x88", "陈静"}) {
    v1::Person* p = people.add_people();
    p->set_id("1");
    p->set_display_name(name);
    p->set_org_role(v1::ORG_ROLE_MEMBER);
  }
  const std::string text = RenderText(people);
  std::istringstream lines(text);
  std::vector<size_t> role_column;
  for (std::string line; std::getline(lines, line);) {
    const size_t at = line.find("member");
    if (at != std::string::npos) {
      role_column.push_back(DisplayWidth(line.substr(0, at)));
    }
  }
  ASSERT_EQ(role_column.size(), 4u) << text;
  for (size_t column : role_column) EXPECT_EQ(column, role_column[0]) << text;
}

}  // namespace
}  // namespace equalsay::cli
