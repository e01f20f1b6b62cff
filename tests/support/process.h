// A child process with its own environment and captured output.
#ifndef EQUALSAY_TESTS_SUPPORT_PROCESS_H_
#define EQUALSAY_TESTS_SUPPORT_PROCESS_H_

#include <sys/types.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/time.h"

namespace equalsay::testing {

class Process {
 public:
  // Starts argv[0] with this process's environment, minus every EQUALSAY_*
  // variable, plus `env`. Output goes to temporary files.
  Process(const std::vector<std::string>& argv,
          const std::map<std::string, std::string>& env);
  ~Process();  // Kills the child if it still runs.
  Process(const Process&) = delete;
  Process& operator=(const Process&) = delete;

  bool Running();
  // The exit code (128+signal if killed), or nullopt if still running then.
  std::optional<int> WaitForExit(absl::Duration timeout);
  void Signal(int signal);
  pid_t pid() const { return pid_; }

  std::string Stdout() const;
  std::string Stderr() const;

 private:
  pid_t pid_ = -1;
  std::optional<int> exit_code_;
  std::string out_path_;
  std::string err_path_;
};

// A TCP port on 127.0.0.1 that nothing listens on right now.
int FreePort();

// Runs a command to completion; returns its exit code and its output.
int RunCommand(const std::vector<std::string>& argv,
               const std::map<std::string, std::string>& env, std::string* out,
               std::string* err, absl::Duration timeout = absl::Seconds(60));

// What a command did: its exit code (-1 if it ran out of time) and output.
struct Ran {
  int code = -1;
  std::string out, err;
};
Ran RunToEnd(const std::vector<std::string>& argv,
             const std::map<std::string, std::string>& env = {},
             absl::Duration timeout = absl::Seconds(60));

}  // namespace equalsay::testing

#endif  // EQUALSAY_TESTS_SUPPORT_PROCESS_H_
