#include "tests/support/process.h"

#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"

extern char** environ;

namespace equalsay::testing {
namespace {

// A new empty file named for `suffix` (".out"); the destructor removes it.
std::string TempPath(const std::string& suffix) {
  std::string path = absl::StrCat("/tmp/equalsay-test-XXXXXX", suffix);
  const int fd = mkstemps(path.data(), static_cast<int>(suffix.size()));
  if (fd < 0) throw std::runtime_error("cannot create a temporary file");
  close(fd);
  return path;
}

std::string ReadAll(const std::string& path) {
  std::ifstream in(path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

int DecodeWaitStatus(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

}  // namespace

Process::Process(const std::vector<std::string>& argv,
                 const std::map<std::string, std::string>& env)
    : out_path_(TempPath(".out")), err_path_(TempPath(".err")) {
  std::vector<std::string> env_strings;
  for (char** e = environ; *e != nullptr; ++e) {
    if (!absl::StartsWith(*e, "EQUALSAY_")) env_strings.emplace_back(*e);
  }
  for (const auto& [key, value] : env) {
    env_strings.push_back(absl::StrCat(key, "=", value));
  }
  std::vector<char*> envp;
  for (auto& s : env_strings) envp.push_back(s.data());
  envp.push_back(nullptr);
  std::vector<std::string> args = argv;
  std::vector<char*> argp;
  for (auto& s : args) argp.push_back(s.data());
  argp.push_back(nullptr);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null",
                                   O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, out_path_.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, err_path_.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0600);
  // The test runner may block signals; the child must start with none.
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  sigset_t none;
  sigemptyset(&none);
  posix_spawnattr_setsigmask(&attr, &none);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK);
  const int rc =
      posix_spawn(&pid_, argp[0], &actions, &attr, argp.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  if (rc != 0) {
    throw std::runtime_error(absl::StrCat("cannot start ", argv[0]));
  }
}

Process::~Process() {
  if (Running()) {
    kill(pid_, SIGKILL);
    WaitForExit(absl::Seconds(10));
  }
  unlink(out_path_.c_str());
  unlink(err_path_.c_str());
}

bool Process::Running() {
  if (exit_code_.has_value()) return false;
  int status = 0;
  if (waitpid(pid_, &status, WNOHANG) == pid_) {
    exit_code_ = DecodeWaitStatus(status);
    return false;
  }
  return true;
}

std::optional<int> Process::WaitForExit(absl::Duration timeout) {
  const absl::Time deadline = absl::Now() + timeout;
  while (Running()) {
    if (absl::Now() > deadline) return std::nullopt;
    absl::SleepFor(absl::Milliseconds(20));
  }
  return exit_code_;
}

void Process::Signal(int signal) {
  if (Running()) kill(pid_, signal);
}

std::string Process::Stdout() const { return ReadAll(out_path_); }
std::string Process::Stderr() const { return ReadAll(err_path_); }

int FreePort() {
  // Below the kernel's ephemeral range (32768 and up), where every outgoing
  // connection of a busy test takes its local port: a port handed out there
  // can be taken again before the server binds it.
  static std::atomic<uint32_t> seed{static_cast<uint32_t>(getpid()) * 7919u};
  for (int attempt = 0; attempt < 200; ++attempt) {
    const int port = 10000 + static_cast<int>((seed += 40503u) % 22000u);
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(static_cast<uint16_t>(port));
    const bool free =
        bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0;
    close(fd);
    if (free) return port;
  }
  return 0;
}

int RunCommand(const std::vector<std::string>& argv,
               const std::map<std::string, std::string>& env, std::string* out,
               std::string* err, absl::Duration timeout) {
  Process process(argv, env);
  const std::optional<int> code = process.WaitForExit(timeout);
  if (out != nullptr) *out = process.Stdout();
  if (err != nullptr) *err = process.Stderr();
  return code.value_or(-1);
}

Ran RunToEnd(const std::vector<std::string>& argv,
             const std::map<std::string, std::string>& env,
             absl::Duration timeout) {
  Ran ran;
  ran.code = RunCommand(argv, env, &ran.out, &ran.err, timeout);
  return ran;
}

}  // namespace equalsay::testing
