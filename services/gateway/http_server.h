// The HTTP port: gRPC-Web for every service the server registers, the web
// client's files, and /healthz.
#ifndef EQUALSAY_SERVICES_GATEWAY_HTTP_SERVER_H_
#define EQUALSAY_SERVICES_GATEWAY_HTTP_SERVER_H_

#include <grpcpp/grpcpp.h>

#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

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
    // Origins allowed to call gRPC-Web from other sites (CORS); empty: none,
    // "*": any.
    std::vector<std::string> cors_origins;
    // The built web client; empty or missing: a page saying how to build it.
    std::string web_root;
  };

  // Binds at once, so a port in use is reported before anything else starts.
  static absl::StatusOr<std::unique_ptr<HttpServer>> Bind(Options options);
  ~HttpServer();

  // Where gRPC-Web calls go: the server's own in-process channel. Set before
  // Start; until then gRPC-Web calls are answered UNAVAILABLE.
  void ServeGrpcWeb(std::shared_ptr<grpc::Channel> channel);
  void Start();  // Serves on its own thread.
  void Stop();
  int port() const { return port_; }

 private:
  HttpServer(Options options, std::unique_ptr<httplib::Server> server,
             int port);
  void AddRoutes();

  Options options_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<httplib::Server> server_;
  int port_;
  std::thread thread_;
};

}  // namespace equalsay::gateway

#endif  // EQUALSAY_SERVICES_GATEWAY_HTTP_SERVER_H_
