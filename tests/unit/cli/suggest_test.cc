#include "clients/cli/suggest.h"

#include <gtest/gtest.h>

namespace equalsay::cli {
namespace {

TEST(SuggestTest, ASlipFindsTheWordMeant) {
  const std::vector<std::string> commands = {"round", "panel", "person",
                                             "decision", "results"};
  EXPECT_EQ(ClosestWord("rond", commands), "round");
  EXPECT_EQ(ClosestWord("decison", commands), "decision");
  EXPECT_EQ(ClosestWord("pers", commands), "person");  // The start of one.
  EXPECT_EQ(ClosestWord("xyz", commands), std::nullopt);
  EXPECT_EQ(ClosestWord("a", {"b"}), std::nullopt);  // Most of the word.
}

class UnknownCommandTest : public ::testing::Test {
 protected:
  UnknownCommandTest() {
    app_.add_option("--server", server_);
    app_.add_flag("--tls", tls_);
    CLI::App* round = app_.add_subcommand("round");
    round->add_subcommand("list");
    round->add_subcommand("show")->add_option("ROUND", id_);
    app_.add_subcommand("status");
    app_.fallthrough();
  }
  CLI::App app_;
  std::string server_, id_;
  bool tls_ = false;
};

TEST_F(UnknownCommandTest, NamesTheClosestCommandAndTheChoices) {
  EXPECT_EQ(UnknownCommand(app_, {"rond", "list"}),
            "there is no command `equalsay rond`. Did you mean `equalsay "
            "round`?\nThe commands are: round, status.");
  EXPECT_EQ(UnknownCommand(app_, {"--server", "h:1", "round", "lst"}),
            "there is no command `equalsay round lst`. Did you mean `equalsay "
            "round list`?\nThe commands after `equalsay round` are: list, "
            "show.");
}

TEST_F(UnknownCommandTest, KnownCommandsAndTheirArgumentsPass) {
  EXPECT_EQ(UnknownCommand(app_, {"round", "show", "12"}), std::nullopt);
  EXPECT_EQ(UnknownCommand(app_, {"--tls", "status"}), std::nullopt);
  // An option's value is not taken for a command.
  EXPECT_EQ(UnknownCommand(app_, {"--server", "rond", "status"}), std::nullopt);
}

}  // namespace
}  // namespace equalsay::cli
