#include "tests/support/server_process.h"

#include <grpcpp/grpcpp.h>
#include <httplib.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <signal.h>

#include <fstream>
#include <iostream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "grpc/health/v1/health.grpc.pb.h"

namespace equalsay::testing {

ServerProcess::ServerProcess(ServerOptions options) {
  grpc_port_ = options.grpc_port ? options.grpc_port : FreePort();
  http_port_ = options.http_port ? options.http_port : FreePort();
  grpc_addr_ = absl::StrCat("127.0.0.1:", grpc_port_);
  http_addr_ = absl::StrCat("127.0.0.1:", http_port_);
  std::map<std::string, std::string> env = {
      {"EQUALSAY_DATABASE_URL", options.database_url},
      {"EQUALSAY_GRPC_ADDR", grpc_addr_},
      {"EQUALSAY_HTTP_ADDR", http_addr_},
      {"EQUALSAY_HEALTH_INTERVAL_MS", "100"},
      {"EQUALSAY_DATA_KEYS", kTestDataKeys},
  };
  if (!options.bootstrap_token.empty()) {
    env["EQUALSAY_BOOTSTRAP_TOKEN"] = options.bootstrap_token;
  }
  if (!options.tls_cert_file.empty()) {
    env["EQUALSAY_TLS_CERT"] = options.tls_cert_file;
    env["EQUALSAY_TLS_KEY"] = options.tls_key_file;
    std::ifstream in(options.tls_cert_file);
    std::stringstream pem;
    pem << in.rdbuf();
    tls_ca_pem_ = pem.str();
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

ServingStatus ServerProcess::Health(const std::string& service) const {
  std::shared_ptr<grpc::ChannelCredentials> credentials =
      grpc::InsecureChannelCredentials();
  if (!tls_ca_pem_.empty()) {
    grpc::SslCredentialsOptions options;
    options.pem_root_certs = tls_ca_pem_;
    credentials = grpc::SslCredentials(options);
  }
  auto stub = grpc::health::v1::Health::NewStub(
      grpc::CreateChannel(grpc_addr_, credentials));
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::seconds(2));
  grpc::health::v1::HealthCheckRequest request;
  request.set_service(service);
  grpc::health::v1::HealthCheckResponse response;
  if (!stub->Check(&context, request, &response).ok()) {
    return grpc::health::v1::HealthCheckResponse::UNKNOWN;
  }
  return response.status();
}

int ServerProcess::HttpGet(const std::string& path) const {
  if (!tls_ca_pem_.empty()) {
    httplib::SSLClient client(
        "127.0.0.1", std::stoi(http_addr_.substr(http_addr_.rfind(':') + 1)));
    client.set_connection_timeout(2);
    X509_STORE* store = X509_STORE_new();
    BIO* bio = BIO_new_mem_buf(tls_ca_pem_.data(),
                               static_cast<int>(tls_ca_pem_.size()));
    X509* cert = PEM_read_bio_X509(bio, nullptr, nullptr, nullptr);
    X509_STORE_add_cert(store, cert);
    X509_free(cert);
    BIO_free(bio);
    client.set_ca_cert_store(store);
    client.enable_server_certificate_verification(true);
    auto result = client.Get(path.c_str());
    return result ? result->status : 0;
  }
  httplib::Client client(absl::StrCat("http://", http_addr_));
  client.set_connection_timeout(2);
  auto result = client.Get(path.c_str());
  return result ? result->status : 0;
}

}  // namespace equalsay::testing
