// equalsay: the command-line client. Today it checks a server's health; the
// CLI issue adds a subcommand for every RPC.
#include <grpcpp/grpcpp.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "grpc/health/v1/health.grpc.pb.h"

namespace {

// Exit codes, one per kind of failure, so scripts can tell them apart.
constexpr int kExitFailed = 1;
constexpr int kExitUnavailable = 6;

std::string EnvOr(const char* name, const std::string& fallback) {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0' ? value : fallback;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "equalsay: co-produced decisions, where a Service User Panel holds an "
      "equal veto.\nThis command talks to an equalsay server."};
  app.set_version_flag("--version", std::string("equalsay 0.1.0"));
  app.require_subcommand(1);

  std::string server = EnvOr("EQUALSAY_SERVER", "127.0.0.1:50051");
  bool tls = false;
  std::string ca_cert;
  app.add_option("--server", server,
                 "Server address as host:port (or set EQUALSAY_SERVER)")
      ->capture_default_str();
  app.add_flag("--tls", tls, "Connect with TLS (when the server uses it)");
  app.add_option("--ca-cert", ca_cert,
                 "File with the certificate authority to trust for --tls")
      ->check(CLI::ExistingFile);

  auto* status = app.add_subcommand(
      "status", "Check that the server is up and can reach its database");

  CLI11_PARSE(app, argc, argv);

  std::shared_ptr<grpc::ChannelCredentials> credentials =
      grpc::InsecureChannelCredentials();
  if (tls) {
    grpc::SslCredentialsOptions options;
    if (!ca_cert.empty()) {
      std::ifstream in(ca_cert);
      std::stringstream pem;
      pem << in.rdbuf();
      options.pem_root_certs = pem.str();
    }
    credentials = grpc::SslCredentials(options);
  }
  auto channel = grpc::CreateChannel(server, credentials);

  if (*status) {
    auto stub = grpc::health::v1::Health::NewStub(channel);
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::seconds(5));
    grpc::health::v1::HealthCheckResponse response;
    const grpc::Status rpc = stub->Check(
        &context, grpc::health::v1::HealthCheckRequest(), &response);
    if (!rpc.ok()) {
      std::cerr << "equalsay: cannot reach the server at " << server << " ("
                << rpc.error_message()
                << "). Check it is running and --server is right.\n";
      return kExitUnavailable;
    }
    if (response.status() != grpc::health::v1::HealthCheckResponse::SERVING) {
      std::cerr << "equalsay: the server at " << server
                << " is running but not serving: it cannot reach its "
                   "database. Try again shortly.\n";
      return kExitUnavailable;
    }
    std::cout << "The server at " << server << " is serving.\n";
    return 0;
  }
  return kExitFailed;
}
