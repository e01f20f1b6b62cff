// The Debian package for one machine, built by cpack from this build tree
// and taken apart: what it holds, what it depends on, that nothing of the
// build machine is in it, and that its systemd unit is valid and hardened.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <regex>

#include "absl/strings/str_cat.h"
#include "tests/support/api.h"
#include "tests/support/process.h"

namespace equalsay::testing {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

class PackageTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new fs::path(fs::temp_directory_path() /
                        ("equalsay-deb-" + Api::NewId()));
    const Ran cpack =
        RunToEnd({"/usr/bin/cpack", "--config",
                  std::string(EQUALSAY_BUILD_DIR) + "/CPackConfig.cmake", "-G",
                  "DEB", "-B", dir_->string()});
    ASSERT_EQ(cpack.code, 0) << cpack.out << cpack.err;
    for (const auto& entry : fs::directory_iterator(*dir_)) {
      if (entry.path().extension() == ".deb") deb_ = new fs::path(entry.path());
    }
    ASSERT_NE(deb_, nullptr) << cpack.out;
    ASSERT_EQ(RunToEnd({"/usr/bin/dpkg-deb", "-x", deb_->string(),
                        (*dir_ / "root").string()})
                  .code,
              0);
  }
  static void TearDownTestSuite() {
    if (dir_ != nullptr) fs::remove_all(*dir_);
  }
  static fs::path Root() { return *dir_ / "root"; }

  static fs::path* dir_;
  static fs::path* deb_;
};
fs::path* PackageTest::dir_ = nullptr;
fs::path* PackageTest::deb_ = nullptr;

TEST_F(PackageTest, HoldsTheServerTheCommandTheWebClientAndTheUnit) {
  ASSERT_NE(deb_, nullptr);
  for (const char* path :
       {"usr/bin/equalsay-server", "usr/bin/equalsay",
        "usr/lib/systemd/system/equalsay.service", "etc/equalsay/equalsay.env",
        "usr/share/equalsay/web/index.html", "usr/share/man/man1/equalsay.1",
        "usr/share/bash-completion/completions/equalsay",
        "usr/share/zsh/vendor-completions/_equalsay",
        "usr/share/doc/equalsay/README.md"}) {
    EXPECT_TRUE(fs::exists(Root() / path)) << path;
  }
  // The script the page loads (named by its content) is there too.
  const fs::path web = Root() / "usr/share/equalsay/web";
  std::ifstream page(web / "index.html");
  const std::string html(std::istreambuf_iterator<char>(page), {});
  std::smatch script;
  ASSERT_TRUE(std::regex_search(
      html, script, std::regex(R"re(src="(app\.[0-9a-f]+\.js)")re")))
      << html;
  EXPECT_TRUE(fs::exists(web / script[1].str())) << script[1];
  // The settings hold database passwords: not for every user's eyes.
  struct stat env {};
  ASSERT_EQ(stat((Root() / "etc/equalsay/equalsay.env").c_str(), &env), 0);
  EXPECT_EQ(env.st_mode & 0777, 0640u);

  const Ran fields = RunToEnd({"/usr/bin/dpkg-deb", "-f", deb_->string(),
                               "Package", "Version", "Depends"});
  EXPECT_THAT(fields.out, HasSubstr("Package: equalsay"));
  EXPECT_THAT(fields.out,
              HasSubstr(absl::StrCat("Version: ", EQUALSAY_VERSION)));
  for (const char* dependency :
       {"adduser", "libgrpc++1.51", "libpqxx-6.4", "libprotobuf32",
        "libabsl20220623", "libyaml-cpp0.7", "libsodium23"}) {
    EXPECT_THAT(fields.out, HasSubstr(dependency));
  }
  const Ran control = RunToEnd(
      {"/usr/bin/dpkg-deb", "-I", deb_->string(), "conffiles", "postinst"});
  EXPECT_THAT(control.out, HasSubstr("/etc/equalsay/equalsay.env"));
  EXPECT_THAT(control.out, HasSubstr("adduser --system"));
  // The key that locks personal data is made at install, never replaced.
  EXPECT_THAT(control.out, HasSubstr("if ! grep -q '^EQUALSAY_DATA_KEYS=.'"));

  // The packaged server runs (against this machine's libraries).
  const Ran version =
      RunToEnd({(Root() / "usr/bin/equalsay-server").string(), "--version"});
  EXPECT_EQ(version.out,
            absl::StrCat("equalsay-server ", EQUALSAY_VERSION, "\n"));
}

TEST_F(PackageTest, CarriesNothingOfTheMachineThatBuiltIt) {
  ASSERT_NE(deb_, nullptr);
  for (const std::string& path :
       {std::string(EQUALSAY_SOURCE_DIR), std::string(EQUALSAY_BUILD_DIR)}) {
    const Ran grep = RunToEnd({"/usr/bin/grep", "-rlF", path, Root().string()});
    EXPECT_EQ(grep.out, "") << "build paths in these files";
  }
}

// Valid to systemd, and hardened: systemd's own rating of what the service
// may reach stays low.
TEST_F(PackageTest, TheUnitIsValidAndHardened) {
  ASSERT_NE(deb_, nullptr);
  if (!fs::exists("/usr/bin/systemd-analyze")) {
    GTEST_SKIP() << "systemd-analyze is not installed here";
  }
  // The unit as it would run from where the package was unpacked.
  std::ifstream in(Root() / "usr/lib/systemd/system/equalsay.service");
  std::string unit((std::istreambuf_iterator<char>(in)), {});
  unit = std::regex_replace(unit, std::regex("/usr/bin/equalsay-server"),
                            (Root() / "usr/bin/equalsay-server").string());
  const fs::path copy = *dir_ / "equalsay.service";
  std::ofstream(copy) << unit;
  const Ran verify = RunToEnd({"/usr/bin/systemd-analyze", "verify", "--man=no",
                               "--generators=no", copy.string()});
  EXPECT_EQ(verify.code, 0) << verify.out << verify.err;
  EXPECT_EQ(verify.err, "");

  const Ran security =
      RunToEnd({"/usr/bin/systemd-analyze", "security", "--offline=true",
                "--no-pager", copy.string()});
  std::smatch exposure;
  const std::string all = security.out + security.err;
  ASSERT_TRUE(std::regex_search(
      all, exposure,
      std::regex(R"(Overall exposure level for \S+: ([0-9.]+))")))
      << all;
  EXPECT_LE(std::stod(exposure[1]), 2.0) << all;
}

}  // namespace
}  // namespace equalsay::testing
