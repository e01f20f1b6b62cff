// The real equalsay-server binary, on free ports, for integration tests.
#ifndef EQUALSAY_TESTS_SUPPORT_SERVER_PROCESS_H_
#define EQUALSAY_TESTS_SUPPORT_SERVER_PROCESS_H_

#include <map>
#include <memory>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "grpc/health/v1/health.pb.h"
#include "tests/support/process.h"

namespace equalsay::testing {

using ServingStatus = grpc::health::v1::HealthCheckResponse::ServingStatus;

// The data key test servers lock personal data with, unless a test gives
// its own in `env`.
inline constexpr char kTestDataKeys[] =
    "test:a-fixed-secret-for-tests-only-never-in-use-0123456789";

struct ServerOptions {
  std::string database_url;
  std::string bootstrap_token;             // Empty: the server generates one.
  std::map<std::string, std::string> env;  // More EQUALSAY_* settings.
  // Both set: the server serves TLS and this process trusts that certificate.
  std::string tls_cert_file;
  std::string tls_key_file;
  int grpc_port = 0;  // 0: a free one.
  int http_port = 0;
};

class ServerProcess {
 public:
  explicit ServerProcess(ServerOptions options);
  // Prints the server's stderr if it died without being stopped: a crash
  // would otherwise show only as "Socket closed" in some later call.
  ~ServerProcess();

  // OK once Health/Check says SERVING; an error with the server's output if
  // it exits or the time runs out first.
  absl::Status WaitUntilServing(absl::Duration timeout = absl::Seconds(20));
  // Waits for Health/Check to report `want` (polling).
  bool WaitForHealth(ServingStatus want, absl::Duration timeout);
  // SIGTERM, then the exit code.
  std::optional<int> Stop(absl::Duration timeout = absl::Seconds(20));

  // Health/Check's answer for `service` ("": the whole server), or UNKNOWN
  // when the call itself fails.
  ServingStatus Health(const std::string& service = "") const;
  // The HTTP status of GET `path` on the HTTP port (0 if unreachable).
  int HttpGet(const std::string& path) const;

  const std::string& grpc_addr() const { return grpc_addr_; }
  int grpc_port() const { return grpc_port_; }
  int http_port() const { return http_port_; }
  const std::string& http_addr() const { return http_addr_; }
  Process& process() { return *process_; }

 private:
  std::string tls_ca_pem_;  // Empty: plaintext.
  int grpc_port_;
  int http_port_;
  std::string grpc_addr_;
  std::string http_addr_;
  std::unique_ptr<Process> process_;
  bool stopped_ = false;
};

}  // namespace equalsay::testing

#endif  // EQUALSAY_TESTS_SUPPORT_SERVER_PROCESS_H_
