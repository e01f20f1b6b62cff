// The README's walk through a whole round, run exactly as written: the
// block is read from README.md (not copied here) and run by bash, as a
// person pasting it would, in a folder laid out like the checkout after
// `scripts/run`, against a real server on a fresh database.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "tests/support/process.h"
#include "tests/support/round_fixture.h"

namespace equalsay::testing {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

constexpr char kMarker[] = "<!-- The README journey:";

// The first ```sh block after the marker; "" when there is none.
std::string JourneyFromReadme() {
  std::ifstream readme(std::string(EQUALSAY_SOURCE_DIR) + "/README.md");
  std::string line, block;
  bool marked = false, inside = false;
  while (std::getline(readme, line)) {
    if (inside) {
      if (line == "```") return block;
      block += line + "\n";
    } else if (marked && line == "```sh") {
      inside = true;
    } else if (line.rfind(kMarker, 0) == 0) {
      marked = true;
    }
  }
  return "";
}

class ReadmeJourneyTest : public RoundFixture {
 protected:
  void SetUp() override {
    RoundFixture::SetUp();
    // The checkout as the README assumes it: the example file, the built
    // binary, the administrator's token that `scripts/run` saved.
    dir_ = fs::temp_directory_path() / ("equalsay-readme-" + Api::NewId());
    fs::create_directories(dir_ / "build" / "bin");
    fs::create_directories(dir_ / ".local");
    fs::create_directories(dir_ / "home");
    fs::create_directory_symlink(fs::path(EQUALSAY_SOURCE_DIR) / "clients",
                                 dir_ / "clients");
    fs::create_symlink(EQUALSAY_CLI_BIN, dir_ / "build" / "bin" / "equalsay");
    std::ofstream(dir_ / ".local" / "admin-token") << kAdminToken << "\n";
  }
  void TearDown() override {
    fs::remove_all(dir_);
    RoundFixture::TearDown();
  }

  // Runs `script` with bash in the folder, stopping at the first failure.
  int Bash(const std::string& script, std::string* out, std::string* err) {
    std::ofstream(dir_ / "script.sh") << script;
    return RunCommand(
        {"/bin/bash", "-c",
         "cd '" + dir_.string() + "' && exec bash -e -o pipefail script.sh"},
        {{"EQUALSAY_SERVER", server_->grpc_addr()},
         {"HOME", (dir_ / "home").string()},
         {"XDG_CONFIG_HOME", (dir_ / "home" / ".config").string()}},
        out, err, absl::Seconds(150));
  }

  fs::path dir_;
};

TEST_F(ReadmeJourneyTest, TheBlockRunsAsWritten) {
  const std::string journey = JourneyFromReadme();
  ASSERT_THAT(journey, HasSubstr("equalsay apply"))
      << "README.md has no ```sh block after \"" << kMarker << "\"";

  std::string out, err;
  ASSERT_EQ(Bash(journey, &out, &err), 0) << "stdout:\n"
                                          << out << "\nstderr:\n"
                                          << err;
  // What the comments in the block promise.
  EXPECT_THAT(err, HasSubstr("criterion 3")) << "Asha is told of her blank";
  EXPECT_THAT(out, HasSubstr("All panels agreed, so this appointment can go "
                             "ahead"));
  EXPECT_THAT(out, HasSubstr("The Service User Panel did not agree"));
  EXPECT_THAT(out, HasSubstr("Each panel holds an equal veto, so this "
                             "appointment does not go ahead"));
  EXPECT_THAT(out, HasSubstr("now confirmed"));
  EXPECT_THAT(out, HasSubstr("The audit trail is intact"));
  std::ifstream minutes(dir_ / "minutes.md");
  std::stringstream text;
  text << minutes.rdbuf();
  EXPECT_THAT(text.str(), HasSubstr("# ")) << "minutes.md is empty";

  // And what the README says is refused afterwards, with the exit code it
  // names.
  EXPECT_EQ(Bash("export PATH=\"$PWD/build/bin:$PATH\"\n"
                 "equalsay --as hana confirm 2 offer-made\n",
                 &out, &err),
            5)
      << err;
  EXPECT_THAT(err, HasSubstr("did not agree"));
  EXPECT_EQ(Bash("export PATH=\"$PWD/build/bin:$PATH\"\n"
                 "equalsay --as ben vote 1 disagree\n",
                 &out, &err),
            5)
      << err;
}

}  // namespace
}  // namespace equalsay::testing
