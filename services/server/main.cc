// equalsay-server: reads its configuration, starts, and stops on a signal.
#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <sys/resource.h>

#include <csignal>
#include <iostream>
#include <string>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "services/common/base/config.h"
#include "services/server/app.h"

int main(int argc, char** argv) {
  // Debian builds Abseil without NDEBUG, so every mutex lock (gRPC's too)
  // also walked a global lock-order graph: 2-4% of the server's CPU under
  // load. Release builds of Abseil skip that check; so do we.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  // Every open connection and live stream is a file: allow as many as the
  // system lets this process have, not the shell's soft default of 1024.
  rlimit files{};
  if (getrlimit(RLIMIT_NOFILE, &files) == 0 &&
      files.rlim_cur < files.rlim_max) {
    files.rlim_cur = files.rlim_max;
    setrlimit(RLIMIT_NOFILE, &files);
  }
  // Block the stop signals in every thread (threads inherit the mask) and
  // wait for them here, so shutdown runs in ordinary code, not a handler.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  auto parsed = equalsay::ParseConfig(
      std::vector<std::string>(argv + 1, argv + argc), equalsay::ProcessEnv());
  if (!parsed.ok()) {
    std::cerr << "equalsay-server: " << parsed.status().message() << "\n";
    return 2;
  }
  if (parsed->help) {
    std::cout << equalsay::ConfigHelp();
    return 0;
  }
  if (parsed->version) {
    std::cout << "equalsay-server " << EQUALSAY_VERSION << "\n";
    return 0;
  }

  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  equalsay::App app(std::move(parsed->config));
  if (absl::Status status = app.Start(); !status.ok()) {
    std::cerr << "equalsay-server: " << status.message() << "\n";
    return 1;
  }
  int signal = 0;
  sigwait(&stop_signals, &signal);
  app.Shutdown();
  return 0;
}
