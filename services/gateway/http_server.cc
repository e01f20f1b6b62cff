#include "services/gateway/http_server.h"

#include <httplib.h>
#include <sys/socket.h>

#include "absl/strings/str_cat.h"
#include "services/common/config.h"
#include "services/gateway/grpc_web.h"

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
  auto http = std::unique_ptr<HttpServer>(
      new HttpServer(std::move(options), std::move(server), bound));
  http->AddRoutes();
  return http;
}

void HttpServer::AddRoutes() {
  httplib::Server& server = *server_;
  // A stream holds a thread while it is open: room for many.
  server.new_task_queue = [] { return new httplib::ThreadPool(64); };
  server.set_payload_max_length(kMaxMessageBytes * 2 + 64);
  server.Get("/healthz", [serving = options_.serving](const httplib::Request&,
                                                      httplib::Response& res) {
    if (serving()) {
      res.set_content("ok\n", "text/plain; charset=utf-8");
    } else {
      res.status = 503;
      res.set_content("not serving: the database cannot be reached\n",
                      "text/plain; charset=utf-8");
    }
  });

  // CORS, only for the origins configured.
  auto allowed = [origins = options_.cors_origins](const std::string& origin) {
    for (const std::string& o : origins) {
      if (o == "*" || o == origin) return true;
    }
    return false;
  };
  server.set_post_routing_handler(
      [allowed](const httplib::Request& req, httplib::Response& res) {
        const std::string origin = req.get_header_value("Origin");
        if (origin.empty() || !allowed(origin)) return;
        res.set_header("Access-Control-Allow-Origin", origin);
        res.set_header("Vary", "Origin");
        res.set_header("Access-Control-Expose-Headers",
                       "grpc-status, grpc-message, grpc-status-details-bin");
      });
  const std::string kRpc = R"(/([A-Za-z0-9_.]+)/([A-Za-z0-9_]+))";
  server.Options(
      kRpc, [allowed](const httplib::Request& req, httplib::Response& res) {
        if (!allowed(req.get_header_value("Origin"))) {
          res.status = 403;
          return;
        }
        res.status = 204;
        res.set_header("Access-Control-Allow-Methods", "POST, OPTIONS");
        res.set_header("Access-Control-Allow-Headers",
                       "content-type, x-grpc-web, x-user-agent, grpc-timeout, "
                       "authorization");
        res.set_header("Access-Control-Max-Age", "600");
      });
  server.Post(kRpc,
              [this](const httplib::Request& req, httplib::Response& res) {
                GrpcWebHandler(channel_).Handle(req, res);
              });

  // The web client's files.
  if (!options_.web_root.empty() &&
      server.set_mount_point("/", options_.web_root)) {
    return;
  }
  server.Get("/", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(
        "<!doctype html><html lang=\"en\"><meta charset=\"utf-8\"><title>"
        "equalsay</title><main><h1>equalsay is running</h1><p>The web "
        "client has not been built on this machine. <code>scripts/run</code> "
        "builds it and serves it here.</p></main></html>\n",
        "text/html; charset=utf-8");
  });
}

void HttpServer::ServeGrpcWeb(std::shared_ptr<grpc::Channel> channel) {
  channel_ = std::move(channel);
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
