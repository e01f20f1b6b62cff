#include "services/gateway/http_server.h"

#include <httplib.h>
#include <sys/socket.h>

#include "absl/strings/str_cat.h"
#include "services/common/config.h"

namespace equalsay::gateway {

absl::StatusOr<std::unique_ptr<HttpServer>> HttpServer::Bind(Options options) {
  auto split = SplitHostPort("EQUALSAY_HTTP_ADDR", options.addr);
  if (!split.ok()) return split.status();
  const auto& [host, port] = *split;
  std::unique_ptr<httplib::Server> server;
  if (!options.tls_cert_file.empty()) {
    auto tls = std::make_unique<httplib::SSLServer>(
        options.tls_cert_file.c_str(), options.tls_key_file.c_str());
    if (!tls->is_valid()) {
      return absl::InvalidArgumentError(
          "EQUALSAY_TLS_CERT / EQUALSAY_TLS_KEY could not be loaded for the "
          "HTTP port: check both are readable PEM files that match");
    }
    server = std::move(tls);
  } else {
    server = std::make_unique<httplib::Server>();
  }
  // httplib's default also sets SO_REUSEPORT, which would let a second server
  // share the port silently instead of failing to start.
  server->set_socket_options([](socket_t sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
  });
  const bool any_port = port == 0;
  const int bound = any_port ? server->bind_to_any_port(host)
                             : (server->bind_to_port(host, port) ? port : -1);
  if (bound < 0) {
    return absl::UnavailableError(absl::StrCat(
        "cannot listen for HTTP on ", options.addr,
        ": the port is in use or the address is not on this machine (set "
        "EQUALSAY_HTTP_ADDR)"));
  }
  server->Get("/healthz", [serving = options.serving](const httplib::Request&,
                                                      httplib::Response& res) {
    if (serving()) {
      res.set_content("ok\n", "text/plain; charset=utf-8");
    } else {
      res.status = 503;
      res.set_content("not serving: the database cannot be reached\n",
                      "text/plain; charset=utf-8");
    }
  });
  return std::unique_ptr<HttpServer>(
      new HttpServer(std::move(options), std::move(server), bound));
}

HttpServer::HttpServer(Options options, std::unique_ptr<httplib::Server> server,
                       int port)
    : options_(std::move(options)), server_(std::move(server)), port_(port) {}

HttpServer::~HttpServer() { Stop(); }

void HttpServer::Start() {
  thread_ = std::thread([this] { server_->listen_after_bind(); });
}

void HttpServer::Stop() {
  server_->stop();
  if (thread_.joinable()) thread_.join();
}

}  // namespace equalsay::gateway
