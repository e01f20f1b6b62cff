// The `equalsay` command as a shell user meets it: every command's help has
// an example that the command accepts, completion for bash and zsh offers
// the commands, options and choices there are, and `cmake --install` puts
// the command, its manual page and completion where Debian looks.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>

#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "clients/cli/apply.h"
#include "tests/support/api.h"
#include "tests/support/process.h"

namespace equalsay::testing {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

// A folder of its own, removed at the end.
class ScratchDir {
 public:
  ScratchDir()
      : path_(fs::temp_directory_path() / ("equalsay-shell-" + Api::NewId())) {
    fs::create_directories(path_);
  }
  ~ScratchDir() { fs::remove_all(path_); }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

// Every command there is, as the manual page (written from the parser's
// own tree) lists them: "round create", "vote", ...
std::vector<std::string> EveryCommand() {
  const Ran page = RunToEnd({EQUALSAY_CLI_BIN, "manual-page"});
  EXPECT_EQ(page.code, 0) << page.err;
  std::vector<std::string> paths;
  std::istringstream lines(page.out);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind(".SS \"", 0) != 0) continue;
    paths.push_back(
        absl::StrReplaceAll(line.substr(5, line.size() - 6), {{"\\-", "-"}}));
  }
  return paths;
}

// Each command's --help names it, says how to use it and shows an example,
// and the example is one the command accepts: run against a server that is
// not there, it fails for that reason (6) and not as bad usage (2).
TEST(CliHelpTest, EveryCommandHasHelpWithAnExampleThatItAccepts) {
  const std::vector<std::string> paths = EveryCommand();
  ASSERT_GE(paths.size(), 50u);  // The table's rows and the commands of code.
  ScratchDir dir;
  fs::create_directories(dir.path() / "bin");
  fs::create_symlink(EQUALSAY_CLI_BIN, dir.path() / "bin" / "equalsay");
  fs::create_directory_symlink(fs::path(EQUALSAY_SOURCE_DIR) / "clients",
                               dir.path() / "clients");
  for (const std::string& path : paths) {
    std::vector<std::string> argv = {EQUALSAY_CLI_BIN};
    for (const auto& word : absl::StrSplit(path, ' ')) argv.emplace_back(word);
    argv.push_back("--help");
    const Ran help = RunToEnd(argv);
    EXPECT_EQ(help.code, 0) << path << ": " << help.err;
    EXPECT_THAT(help.out, HasSubstr("Usage: equalsay " + path)) << help.out;
    const size_t at = help.out.find("Example:\n  ");
    ASSERT_NE(at, std::string::npos) << path << " has no example";
    const size_t start = at + 11;
    const std::string example =
        help.out.substr(start, help.out.find('\n', start) - start);
    ASSERT_THAT(example, HasSubstr("equalsay ")) << path;
    // `login` reads the token from the terminal; this test has none.
    if (path == "login") continue;
    const Ran ran = RunToEnd(
        {"/bin/bash", "-c", "cd '" + dir.path().string() + "' && " + example},
        {{"PATH", (dir.path() / "bin").string() + ":/usr/bin:/bin"},
         {"HOME", dir.path().string()},
         {"EQUALSAY_SERVER", "127.0.0.1:1"},
         {"EQUALSAY_TOKEN", "eqs_example-token-0123456789"}});
    EXPECT_TRUE(ran.code == 0 || ran.code == 6)
        << path << ": `" << example << "` exits " << ran.code << ": "
        << ran.err;
  }
}

// `apply --help` explains every key the example file uses, each at the
// start of a line of its section.
TEST(CliHelpTest, ApplyExplainsEveryKeyOfTheExample) {
  const YAML::Node example =
      YAML::LoadFile(std::string(EQUALSAY_SOURCE_DIR) +
                     "/clients/cli/examples/recruitment-round.yaml");
  const std::string help = cli::ApplyFileKeys();
  int keys = 0;
  std::function<void(const YAML::Node&)> walk = [&](const YAML::Node& node) {
    if (node.IsSequence()) {
      for (const YAML::Node& item : node) walk(item);
    } else if (node.IsMap()) {
      for (auto it = node.begin(); it != node.end(); ++it) {
        const std::string key = it->first.as<std::string>();
        // A scale's points are numbers, not keys.
        if (key.find_first_not_of("0123456789") == std::string::npos) continue;
        EXPECT_THAT(help, HasSubstr("\n  " + key + " ")) << key;
        ++keys;
        walk(it->second);
      }
    }
  };
  walk(example);
  EXPECT_GT(keys, 20);
}

// Where the cursor is: the words typed so far and the one being typed.
struct Typed {
  std::string line;                  // "equalsay round cr"
  std::vector<std::string> offered;  // What completion offers there.
};

const std::vector<Typed>& CompletionCases() {
  static const auto* kCases = new std::vector<Typed>{
      {"equalsay rou", {"round"}},
      {"equalsay round cr", {"create"}},
      {"equalsay --tls round st", {"status"}},
      // Options may come after the command, and their values are choices.
      {"equalsay round show 1 --out", {"--output"}},
      {"equalsay round show 1 --output ", {"text", "json"}},
      {"equalsay panel add 3 --kind ", {"service-user", "staff"}},
      {"equalsay round create --kind ", {"recruitment", "strategy"}},
      // An argument's choices, after other options and their values.
      {"equalsay --server x vote 9 --reason because ",
       {"agree", "disagree", "abstain", "stand-aside", "object"}},
      {"equalsay confirm 9 ", {"offer-made", "accepted", "declined"}},
      {"equalsay completion ", {"bash", "zsh"}},
      // A value only the person knows: nothing offered.
      {"equalsay round create --title ", {}},
  };
  return *kCases;
}

// Runs `script`, which prints what completion offers for each case, one
// line per case, words separated by spaces.
void ExpectOffers(const std::string& shell, const std::string& script) {
  const Ran ran = RunToEnd({shell, "-c", script});
  ASSERT_EQ(ran.code, 0) << ran.err;
  std::vector<std::string> lines = absl::StrSplit(ran.out, '\n');
  ASSERT_GE(lines.size(), CompletionCases().size()) << ran.out;
  for (size_t i = 0; i < CompletionCases().size(); ++i) {
    std::vector<std::string> offered =
        absl::StrSplit(lines[i], ' ', absl::SkipEmpty());
    std::sort(offered.begin(), offered.end());
    std::vector<std::string> expected = CompletionCases()[i].offered;
    std::sort(expected.begin(), expected.end());
    EXPECT_EQ(offered, expected)
        << shell << ": " << CompletionCases()[i].line << "|";
  }
}

std::string Written(const std::string& shell, const fs::path& to) {
  const Ran ran = RunToEnd({EQUALSAY_CLI_BIN, "completion", shell});
  EXPECT_EQ(ran.code, 0) << ran.err;
  std::ofstream(to) << ran.out;
  return to.string();
}

TEST(CliCompletionTest, BashCompletesCommandsOptionsAndChoices) {
  ScratchDir dir;
  std::string script = "source '" + Written("bash", dir.path() / "c.bash") +
                       "'\n"
                       "complete -p equalsay >/dev/null || exit 3\n";
  for (const Typed& t : CompletionCases()) {
    script += "read -ra COMP_WORDS <<< '" + t.line + "'\n";
    if (t.line.back() == ' ') script += "COMP_WORDS+=('')\n";
    script +=
        "COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); COMPREPLY=(); _equalsay\n"
        "echo \"${COMPREPLY[*]}\"\n";
  }
  ExpectOffers("/bin/bash", script);
}

// zsh's completion system is stood in for by functions that print what it
// would be given: the script's own logic is what is checked.
TEST(CliCompletionTest, ZshCompletesTheSame) {
  if (!fs::exists("/usr/bin/zsh")) GTEST_FAIL() << "scripts/test installs zsh";
  ScratchDir dir;
  const std::string file = Written("zsh", dir.path() / "_equalsay");
  // Loaded as zsh loads it after compinit, it registers itself. (-D: no
  // dump file; zsh's home is the scratch folder, so nothing is written
  // anywhere else. Never `-d /dev/null`: as root, compinit's dump replaces
  // /dev/null with a file.)
  const Ran loaded = RunToEnd(
      {"/usr/bin/zsh", "-f", "-c",
       "autoload -U compinit && compinit -u -D; source '" + file +
           "'; print -r -- ${_comps[equalsay]}"},
      {{"HOME", dir.path().string()}, {"ZDOTDIR", dir.path().string()}});
  EXPECT_EQ(loaded.out, "_equalsay\n") << loaded.err;

  std::string script =
      // Like zsh's own, they offer only what begins with the word typed.
      "offer() { [[ $1 == ${words[CURRENT]}* ]] && print -rn -- \"$1 \"; }\n"
      "compdef() { :; }\n"
      "compadd() { shift; local w; for w in \"$@\"; do offer $w; done; }\n"
      "_files() { print -rn -- 'FILES '; }\n"
      "_describe() { local item; for item in ${(P)4}; do "
      "offer ${item%%:*}; done; }\n"
      "source '" +
      file + "'\n";
  for (const Typed& t : CompletionCases()) {
    script += "line='" + t.line + "'; words=(${(z)line})\n";
    if (t.line.back() == ' ') script += "words+=('')\n";
    script += "CURRENT=${#words}; _equalsay; print\n";
  }
  ExpectOffers("/usr/bin/zsh", script);
  EXPECT_TRUE(fs::is_character_file("/dev/null"));
}

TEST(CliInstallTest, PutsTheCommandItsManualPageAndCompletionInPlace) {
  ScratchDir prefix;
  const Ran install =
      RunToEnd({EQUALSAY_CMAKE, "--install", EQUALSAY_BUILD_DIR, "--component",
                "cli", "--prefix", prefix.path().string()});
  ASSERT_EQ(install.code, 0) << install.out << install.err;
  const fs::path p = prefix.path();
  EXPECT_TRUE(fs::exists(p / "bin" / "equalsay"));
  EXPECT_TRUE(fs::exists(p / "share/bash-completion/completions/equalsay"));
  EXPECT_TRUE(fs::exists(p / "share/zsh/vendor-completions/_equalsay"));
  const fs::path page = p / "share/man/man1/equalsay.1";
  ASSERT_TRUE(fs::exists(page));

  // The installed command runs, and the page is well-formed man(7): groff
  // warns of nothing in it.
  EXPECT_EQ(RunToEnd({(p / "bin" / "equalsay").string(), "--version"}).code, 0);
  const Ran groff = RunToEnd(
      {"/usr/bin/groff", "-man", "-Tutf8", "-ww", "-z", page.string()});
  EXPECT_EQ(groff.code, 0) << groff.err;
  EXPECT_EQ(groff.err, "");
  std::ifstream in(page);
  std::stringstream text;
  text << in.rdbuf();
  for (const char* expected :
       {".TH EQUALSAY 1", ".SS \"round status\"", ".SS \"vote\"",
        ".SH EXIT STATUS", "2 bad usage or input"}) {
    EXPECT_THAT(text.str(), HasSubstr(expected));
  }
}

}  // namespace
}  // namespace equalsay::testing
