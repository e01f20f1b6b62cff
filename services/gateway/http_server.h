// The HTTP port: gRPC-Web for every service the server registers, the web
// client's files, /healthz and (for Prometheus) /metrics. Event-driven
// (Boost.Beast on Asio): no thread is held per connection or per open stream,
// so a thousand members following a round and hundreds of slow clients leave it
// answering.
#ifndef EQUALSAY_SERVICES_GATEWAY_HTTP_SERVER_H_
#define EQUALSAY_SERVICES_GATEWAY_HTTP_SERVER_H_

#include <grpcpp/grpcpp.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

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
    // How long a client may take to send a whole request (headers and
    // body), and to stay idle between requests: slow clients cannot hold
    // connections open for free.
    absl::Duration request_timeout = absl::Seconds(15);
    // Connections open at once; more are closed at once.
    int max_connections = 10000;
    // gRPC-Web calls in flight per sign-in token (each open WatchRound is
    // one): beyond it a call is refused with RESOURCE_EXHAUSTED.
    int max_calls_per_token = 16;
    int threads = 2;
    // The bearer token /metrics asks for; empty: /metrics is off.
    std::string metrics_token;
  };

  // Binds at once, so a port in use is reported before anything else starts.
  static absl::StatusOr<std::unique_ptr<HttpServer>> Bind(Options options);
  ~HttpServer();

  // Where gRPC-Web calls go: the server's own in-process channel. Set before
  // Start; until then gRPC-Web calls are answered UNAVAILABLE.
  void ServeGrpcWeb(std::shared_ptr<grpc::Channel> channel);
  void Start();  // Serves on its own threads.
  // From now on gRPC-Web calls are answered UNAVAILABLE without reaching
  // the gRPC server, so it can stop; calls already running go on. Files,
  // /healthz and /metrics are still served.
  void StopCalls();
  void Stop();
  int port() const;

  class Impl;

 private:
  explicit HttpServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace equalsay::gateway

#endif  // EQUALSAY_SERVICES_GATEWAY_HTTP_SERVER_H_
