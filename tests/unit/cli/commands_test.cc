#include "clients/cli/commands.h"

#include <gtest/gtest.h>

namespace equalsay::cli {
namespace {

const Command& Find(const std::string& path) {
  for (const Command& c : Commands()) {
    if (c.path == path) return c;
  }
  ADD_FAILURE() << path;
  return Commands().front();
}

// The server names request fields; the person typed options.
TEST(CommandsTest, ServerMessagesNameTheOptionsTyped) {
  EXPECT_EQ(InTypedWords("display_name is required", Find("person add")),
            "--name is required");
  EXPECT_EQ(InTypedWords("Missing. To close anyway, ask again with "
                         "close_anyway set.",
                         Find("scoring close")),
            "Missing. To close anyway, ask again with --anyway set.");
  // Not inside a longer name, nor a field the command does not fill.
  EXPECT_EQ(InTypedWords("old_display_name and round_id 4", Find("person add")),
            "old_display_name and round_id 4");
  // Arguments by their name in the usage line; a missing thing by its id.
  EXPECT_EQ(
      InTypedWords("round_id must be an id such as \"12\"", Find("round show")),
      "ROUND must be an id such as \"12\"");
  EXPECT_EQ(
      InTypedWords("There is no round with round_id 12.", Find("round show")),
      "There is no round 12.");
}

}  // namespace
}  // namespace equalsay::cli
