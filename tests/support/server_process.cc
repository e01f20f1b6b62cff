#include "tests/support/server_process.h"

#include <grpcpp/grpcpp.h>
#include <httplib.h>
#include <signal.h>

#include <iostream>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "grpc/health/v1/health.grpc.pb.h"

namespace equalsay::testing {

ServerProcess::ServerProcess(ServerOptions options) {
  grpc_port_ = options.grpc_port ? options.grpc_port : FreePort();
  const int http_port = options.http_port ? options.http_port : FreePort();
  grpc_addr_ = absl::StrCat("127.0.0.1:", grpc_port_);
  http_addr_ = absl::StrCat("127.0.0.1:", http_port);
  std::map<std::string, std::string> env = {
      {"EQUALSAY_DATABASE_URL", options.database_url},
      {"EQUALSAY_GRPC_ADDR", grpc_addr_},
      {"EQUALSAY_HTTP_ADDR", http_addr_},
      {"EQUALSAY_HEALTH_INTERVAL_MS", "100"},
  };
  if (!options.bootstrap_token.empty()) {
    env["EQUALSAY_BOOTSTRAP_TOKEN"] = options.bootstrap_token;
  }
  for (const auto& [key, value] : options.env) env[key] = value;
  process_ = std::make_unique<Process>(
      std::vector<std::string>{EQUALSAY_SERVER_BIN}, env);
}

absl::Status ServerProcess::WaitUntilServing(absl::Duration timeout) {
  const absl::Time deadline = absl::Now() + timeout;
  while (absl::Now() < deadline) {
    if (!process_->Running()) {
      return absl::FailedPreconditionError(
          absl::StrCat("server exited early:\n", process_->Stderr()));
    }
    if (Health() == grpc::health::v1::HealthCheckResponse::SERVING) {
      return absl::OkStatus();
    }
    absl::SleepFor(absl::Milliseconds(50));
  }
  return absl::DeadlineExceededError(
      absl::StrCat("server not serving in time:\n", process_->Stderr()));
}

bool ServerProcess::WaitForHealth(ServingStatus want, absl::Duration timeout) {
  const absl::Time deadline = absl::Now() + timeout;
  while (absl::Now() < deadline) {
    if (Health() == want) return true;
    absl::SleepFor(absl::Milliseconds(50));
  }
  return false;
}

ServerProcess::~ServerProcess() {
  if (!stopped_ && !process_->Running()) {
    std::cerr << "equalsay-server exited unexpectedly; its stderr:\n"
              << process_->Stderr();
  }
}

std::optional<int> ServerProcess::Stop(absl::Duration timeout) {
  stopped_ = true;
  process_->Signal(SIGTERM);
  return process_->WaitForExit(timeout);
}

ServingStatus ServerProcess::Health() const {
  auto stub = grpc::health::v1::Health::NewStub(
      grpc::CreateChannel(grpc_addr_, grpc::InsecureChannelCredentials()));
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::seconds(2));
  grpc::health::v1::HealthCheckResponse response;
  if (!stub->Check(&context, {}, &response).ok()) {
    return grpc::health::v1::HealthCheckResponse::UNKNOWN;
  }
  return response.status();
}

int ServerProcess::HttpGet(const std::string& path) const {
  httplib::Client client(absl::StrCat("http://", http_addr_));
  client.set_connection_timeout(2);
  auto result = client.Get(path.c_str());
  return result ? result->status : 0;
}

}  // namespace equalsay::testing
