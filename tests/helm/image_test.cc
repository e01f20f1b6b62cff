// The Dockerfile, checked without Docker (none runs here): what it copies
// exists, the web client lands where EQUALSAY_WEB_ROOT says, it has a
// health check, and the runtime stage installs every shared library the
// built binaries load.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "tests/support/process.h"

namespace equalsay::testing {
namespace {

using ::testing::HasSubstr;

std::string Dockerfile() {
  std::ifstream in(std::string(EQUALSAY_SOURCE_DIR) + "/Dockerfile");
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// The final stage: everything after the last FROM.
std::string FinalStage(const std::string& dockerfile) {
  return dockerfile.substr(dockerfile.rfind("\nFROM "));
}

TEST(ImageTest, CopiesWhatExistsAndServesTheWebClientItBuilt) {
  const std::string file = Dockerfile();
  ASSERT_FALSE(file.empty());
  const std::regex copy(R"(\nCOPY (?!--from)(\S+))");
  int copies = 0;
  for (std::sregex_iterator it(file.begin(), file.end(), copy), end; it != end;
       ++it, ++copies) {
    EXPECT_TRUE(std::filesystem::exists(std::string(EQUALSAY_SOURCE_DIR) + "/" +
                                        (*it)[1].str()))
        << (*it)[1];
  }
  EXPECT_GE(copies, 8);

  const std::string final_stage = FinalStage(file);
  std::smatch web, root;
  ASSERT_TRUE(std::regex_search(
      final_stage, web, std::regex(R"(COPY --from=web \S+/dist (\S+))")));
  ASSERT_TRUE(std::regex_search(final_stage, root,
                                std::regex(R"(EQUALSAY_WEB_ROOT=(\S+))")));
  EXPECT_EQ(web[1], root[1]);
  EXPECT_THAT(final_stage, HasSubstr("HEALTHCHECK"));
  EXPECT_THAT(final_stage, HasSubstr("USER 10001"));
}

// Every package a library of `ldd` comes from must be installed in the
// final stage, by name or as a dependency of one named (or be part of the
// slim base: its required packages and apt's own).
TEST(ImageTest, TheRuntimeStageInstallsEveryLibraryTheBinariesLoad) {
  const std::string final_stage = FinalStage(Dockerfile());
  std::smatch line;
  ASSERT_TRUE(std::regex_search(
      final_stage, line,
      std::regex(R"(--no-install-recommends \\\s*\n([\s\S]*?)\n \&\&)")));
  const std::string script = R"py(
import os, re, subprocess, sys

def run(*args):
    return subprocess.run(args, capture_output=True, text=True).stdout

listed = sys.argv[1].replace("\\", " ").split()
deps, base = {}, ["apt"]
for line in run("dpkg-query", "-W",
                "-f=${Package}\t${Priority}\t${Depends}, ${Pre-Depends}\n").splitlines():
    package, priority, depends = line.split("\t")
    deps[package] = [re.sub(r"\(.*?\)|:any", "", d.split("|")[0]).strip()
                     for d in depends.split(",") if d.strip()]
    if priority == "required":
        base.append(package)
have, todo = set(), listed + base
while todo:
    package = todo.pop()
    if package not in have:
        have.add(package)
        todo += deps.get(package, [])

libs = {line.split()[2] for binary in sys.argv[2:]
        for line in run("ldd", binary).splitlines() if "=>" in line}
# Debian merged /usr: a library's file may be registered with or without it.
paths = {form for lib in libs
         for real in [os.path.realpath(lib)]
         for form in (real, real.removeprefix("/usr"))}
needed = {line.split(":")[0] for line in run("dpkg", "-S", *paths).splitlines()}
print("missing:" + "".join(" " + p for p in sorted(needed - have)))
print("needed:", len(needed))
)py";
  std::string out, err;
  ASSERT_EQ(RunCommand({"/usr/bin/python3", "-c", script, line[1].str(),
                        EQUALSAY_SERVER_BIN, EQUALSAY_CLI_BIN},
                       {}, &out, &err, absl::Seconds(120)),
            0)
      << err;
  EXPECT_THAT(out, ::testing::StartsWith("missing:\n"))
      << "the final stage needs these packages too";
  EXPECT_THAT(out, ::testing::Not(HasSubstr("needed: 0")));
}

}  // namespace
}  // namespace equalsay::testing
