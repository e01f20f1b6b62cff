// The HTTP port: /healthz now; gRPC-Web and the web client's files later.
#ifndef EQUALSAY_SERVICES_GATEWAY_HTTP_SERVER_H_
#define EQUALSAY_SERVICES_GATEWAY_HTTP_SERVER_H_

#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "absl/status/statusor.h"

namespace httplib {
class Server;
}

namespace equalsay::gateway {

class HttpServer {
 public:
  struct Options {
    std::string addr;  // host:port
    std::string tls_cert_file;
    std::string tls_key_file;
    std::function<bool()> serving;  // Whether /healthz says 200.
  };

  // Binds at once, so a port in use is reported before anything else starts.
  static absl::StatusOr<std::unique_ptr<HttpServer>> Bind(Options options);
  ~HttpServer();

  void Start();  // Serves on its own thread.
  void Stop();
  int port() const { return port_; }

 private:
  HttpServer(Options options, std::unique_ptr<httplib::Server> server,
             int port);

  Options options_;
  std::unique_ptr<httplib::Server> server_;
  int port_;
  std::thread thread_;
};

}  // namespace equalsay::gateway

#endif  // EQUALSAY_SERVICES_GATEWAY_HTTP_SERVER_H_
