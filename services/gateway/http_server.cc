#include "services/gateway/http_server.h"

#include <algorithm>
#include <atomic>
#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <deque>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <thread>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/synchronization/mutex.h"
#include "services/common/base/config.h"
#include "services/common/base/log.h"
#include "services/common/base/metrics.h"
#include "services/common/base/sha256.h"
#include "services/common/base/trace.h"
#include "services/common/base/web_bridge.h"
#include "services/gateway/grpc_web.h"

namespace equalsay::gateway {
namespace {

namespace net = boost::asio;
namespace ssl = boost::asio::ssl;
namespace beast = boost::beast;
namespace http = boost::beast::http;
using tcp = boost::asio::ip::tcp;

// A write the client does not take within this is given up, and so is
// the connection.
constexpr auto kWriteTimeout = std::chrono::seconds(30);
// A gRPC-Web call still open after this (a stream, or a slow unary call)
// has its connection watched, so that a browser that leaves ends the call.
constexpr auto kWatchAfter = std::chrono::seconds(1);
// The web client loads only its own files and calls only this server.
constexpr char kContentSecurityPolicy[] =
    "default-src 'none'; script-src 'self'; style-src 'self'; "
    "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; "
    "manifest-src 'self'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'";

std::string Chunk(absl::string_view data) {
  std::stringstream size;
  size << std::hex << data.size();
  return absl::StrCat(size.str(), "\r\n", data, "\r\n");
}

// "/equalsay.v1.PanelService/GetMe": a service and a method.
bool IsRpcPath(absl::string_view path) {
  if (path.size() < 4 || path[0] != '/') return false;
  const size_t slash = path.find('/', 1);
  if (slash == absl::string_view::npos || slash == 1 ||
      slash + 1 == path.size()) {
    return false;
  }
  for (size_t i = 1; i < path.size(); ++i) {
    const char c = path[i];
    const bool word = absl::ascii_isalnum(static_cast<unsigned char>(c)) ||
                      c == '_' || (c == '.' && i < slash);
    if (!word && i != slash) return false;
  }
  return true;
}

std::string MimeType(absl::string_view path) {
  static const std::map<std::string, std::string> kTypes = {
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json"},
      {".map", "application/json"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".ico", "image/x-icon"},
      {".webmanifest", "application/manifest+json"},
      {".woff2", "font/woff2"},
      {".txt", "text/plain; charset=utf-8"}};
  const size_t dot = path.rfind('.');
  if (dot != absl::string_view::npos) {
    auto it = kTypes.find(absl::AsciiStrToLower(path.substr(dot)));
    if (it != kTypes.end()) return it->second;
  }
  return "application/octet-stream";
}

// A path inside the web root: no "..", no empty or hidden segments.
bool SafeFilePath(absl::string_view path) {
  if (path.empty() || path[0] != '/' || absl::StrContains(path, "//") ||
      path.find('\0') != absl::string_view::npos ||
      absl::StrContains(path, "\\")) {
    return false;
  }
  return !absl::StrContains(path, "/.");
}

// Whether the browser's Accept-Encoding takes `coding` (named, or "*",
// and not with q=0).
bool Accepts(absl::string_view accept_encoding, absl::string_view coding) {
  for (absl::string_view part : absl::StrSplit(accept_encoding, ',')) {
    const std::vector<absl::string_view> bits = absl::StrSplit(part, ';');
    const absl::string_view name = absl::StripAsciiWhitespace(bits[0]);
    if (!absl::EqualsIgnoreCase(name, coding) && name != "*") continue;
    for (size_t i = 1; i < bits.size(); ++i) {
      const absl::string_view param = absl::StripAsciiWhitespace(bits[i]);
      double q = 1;
      if (absl::StartsWith(param, "q=") &&
          absl::SimpleAtod(param.substr(2), &q) && q <= 0) {
        return false;
      }
    }
    return true;
  }
  return false;
}

// The copy of `file` to send: the build compresses each text file once
// (brotli, then gzip) rather than on every request; the smallest the
// browser takes, with its Content-Encoding ("" for the file itself).
std::pair<std::string, std::string> Precompressed(
    const std::string& file, absl::string_view accept_encoding) {
  std::error_code ec;
  for (const auto& [suffix, coding] :
       {std::pair{".br", "br"}, std::pair{".gz", "gzip"}}) {
    if (Accepts(accept_encoding, coding) &&
        std::filesystem::is_regular_file(file + suffix, ec)) {
      return {file + suffix, coding};
    }
  }
  return {file, ""};
}

// A file named by its content by the web client's build
// ("app.3f9c2a61d0.js"): it never changes, so browsers may keep it.
bool NamedByContent(absl::string_view path) {
  const std::vector<absl::string_view> parts =
      absl::StrSplit(path.substr(path.rfind('/') + 1), '.');
  if (parts.size() < 3) return false;
  const absl::string_view hash = parts[parts.size() - 2];
  return hash.size() >= 8 && std::all_of(hash.begin(), hash.end(), [](char c) {
           return absl::ascii_isdigit(c) || (c >= 'a' && c <= 'f');
         });
}

// Names this version of the file (its size and time), so that a browser
// asking again with If-None-Match gets "not modified" and no body.
std::string ETagOf(const std::string& file) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(file, ec);
  const auto time = std::filesystem::last_write_time(file, ec);
  return absl::StrCat("W/\"", absl::Hex(size), "-",
                      absl::Hex(time.time_since_epoch().count()), "\"");
}

// The gRPC-Web calls still running. Their answers arrive on gRPC's threads
// and are posted to the io_context, so the io_context must outlive the last
// of them; shared, so that a late answer never finds it gone.
class LiveCalls {
 public:
  // Before the call starts: its answers may come before Started. nullopt
  // once Close has been called: the call must not start.
  std::optional<uint64_t> Starting() {
    absl::MutexLock lock(&mu_);
    if (closed_) return std::nullopt;
    ++starting_;
    calls_.emplace(++last_, std::weak_ptr<GrpcWebExchange>());
    return last_;
  }
  void Started(uint64_t id, const std::shared_ptr<GrpcWebExchange>& call) {
    absl::MutexLock lock(&mu_);
    --starting_;
    auto it = calls_.find(id);
    if (it != calls_.end()) it->second = call;
  }
  // No call starts from now on, and none is starting when this returns: the
  // gRPC server may then stop (a call started on its in-process channel
  // while it stops crashes it).
  void Close() {
    absl::MutexLock lock(&mu_);
    closed_ = true;
    mu_.Await(absl::Condition(
        +[](int* starting) { return *starting == 0; }, &starting_));
  }
  void Ended(uint64_t id) {
    absl::MutexLock lock(&mu_);
    calls_.erase(id);
  }
  // Ends every call and waits (at most `wait`) until each has said so.
  void EndAll(absl::Duration wait) {
    std::vector<std::shared_ptr<GrpcWebExchange>> running;
    {
      absl::MutexLock lock(&mu_);
      for (const auto& [id, weak] : calls_) {
        if (auto call = weak.lock()) running.push_back(std::move(call));
      }
    }
    for (const auto& call : running) call->Cancel();
    absl::MutexLock lock(&mu_);
    mu_.AwaitWithTimeout(
        absl::Condition(
            +[](std::map<uint64_t, std::weak_ptr<GrpcWebExchange>>* c) {
              return c->empty();
            },
            &calls_),
        wait);
  }

 private:
  absl::Mutex mu_;
  uint64_t last_ ABSL_GUARDED_BY(mu_) = 0;
  bool closed_ ABSL_GUARDED_BY(mu_) = false;
  int starting_ ABSL_GUARDED_BY(mu_) = 0;  // Between Starting and Started.
  std::map<uint64_t, std::weak_ptr<GrpcWebExchange>> calls_
      ABSL_GUARDED_BY(mu_);
};

}  // namespace

class HttpServer::Impl {
 public:
  explicit Impl(Options options) : options(std::move(options)) {}

  bool CorsAllowed(absl::string_view origin) const {
    if (origin.empty()) return false;
    for (const std::string& o : options.cors_origins) {
      if (o == "*" || o == origin) return true;
    }
    return false;
  }

  // Counts a gRPC-Web call against its token; false when too many are open.
  bool TakeCall(const std::string& key) {
    absl::MutexLock lock(&calls_mu);
    int& open = calls_by_token[key];
    if (open >= options.max_calls_per_token) {
      if (open == 0) calls_by_token.erase(key);
      return false;
    }
    ++open;
    return true;
  }
  void ReturnCall(const std::string& key) {
    absl::MutexLock lock(&calls_mu);
    auto it = calls_by_token.find(key);
    if (it != calls_by_token.end() && --it->second <= 0) {
      calls_by_token.erase(it);
    }
  }

  void Accept();

  // Declared before the io_context, so sessions it still holds when it is
  // destroyed find them alive.
  const Options options;
  std::atomic<int> connections{0};
  absl::Mutex calls_mu;
  std::map<std::string, int> calls_by_token ABSL_GUARDED_BY(calls_mu);
  std::optional<ssl::context> tls;
  std::shared_ptr<grpc::Channel> channel;
  std::unique_ptr<grpc::GenericStub> stub;
  const std::shared_ptr<LiveCalls> live_calls = std::make_shared<LiveCalls>();

  net::io_context ioc{options.threads};
  tcp::acceptor acceptor{ioc};
  std::vector<std::thread> threads;
};

namespace {

template <class Stream>
class Session : public std::enable_shared_from_this<Session<Stream>> {
 public:
  static constexpr bool kTls = !std::is_same_v<Stream, beast::tcp_stream>;

  Session(HttpServer::Impl& server, tcp::socket socket)
      : server_(server), stream_(MakeStream(server, std::move(socket))) {
    beast::error_code ec;
    const tcp::endpoint peer = Lowest().socket().remote_endpoint(ec);
    if (!ec) remote_ = peer.address().to_string();
    ++server_.connections;
    ServerMetrics::Get().http_connections.Add({}, 1);
  }
  ~Session() {
    if (call_ != nullptr) call_->Cancel();
    ReturnCall();
    --server_.connections;
    ServerMetrics::Get().http_connections.Add({}, -1);
  }

  void Run() {
    net::dispatch(stream_.get_executor(), [self = this->shared_from_this()] {
      if constexpr (kTls) {
        self->Lowest().expires_after(
            absl::ToChronoSeconds(self->server_.options.request_timeout));
        self->stream_.async_handshake(ssl::stream_base::server,
                                      [self](beast::error_code ec) {
                                        if (ec) return self->Close();
                                        self->DoRead();
                                      });
      } else {
        self->DoRead();
      }
    });
  }

 private:
  using Request = http::request<http::string_body>;
  struct Out {
    std::string bytes;
    std::function<void()> after;  // Once written.
  };

  static Stream MakeStream(HttpServer::Impl& server, tcp::socket socket) {
    if constexpr (kTls) {
      return Stream(std::move(socket), *server.tls);
    } else {
      return Stream(std::move(socket));
    }
  }
  beast::tcp_stream& Lowest() { return beast::get_lowest_layer(stream_); }

  void DoRead() {
    parser_.emplace();
    parser_->body_limit(2 * kMaxMessageBytes + 64);
    parser_->header_limit(16 * 1024);
    Lowest().expires_after(
        absl::ToChronoSeconds(server_.options.request_timeout));
    http::async_read(
        stream_, buffer_, *parser_,
        [self = this->shared_from_this()](beast::error_code ec, size_t) {
          if (!ec) return self->Handle(self->parser_->release());
          // Malformed: say so once, then close. Closed or timed out: close.
          self->keep_alive_ = false;
          if (ec == http::error::body_limit) {
            return self->Respond(http::status::payload_too_large,
                                 "text/plain; charset=utf-8",
                                 "The request is too large.\n");
          }
          if (ec.category() ==
                  beast::error_code(http::error::end_of_stream).category() &&
              ec != http::error::end_of_stream &&
              ec != http::error::partial_message) {
            return self->Respond(http::status::bad_request,
                                 "text/plain; charset=utf-8",
                                 "The request is not valid HTTP.\n");
          }
          self->Close();
        });
  }

  void Handle(Request req) {
    keep_alive_ = req.keep_alive();
    const absl::string_view target(req.target().data(), req.target().size());
    const absl::string_view path = target.substr(0, target.find('?'));
    origin_ = std::string(req[http::field::origin]);
    const bool read =
        req.method() == http::verb::get || req.method() == http::verb::head;
    head_ = req.method() == http::verb::head;
    if (path == "/healthz" && read) {
      const bool up = server_.options.serving && server_.options.serving();
      return Respond(
          up ? http::status::ok : http::status::service_unavailable,
          "text/plain; charset=utf-8",
          up ? "ok\n" : "not serving: the database cannot be reached\n");
    }
    if (path == "/metrics" && read) return ServeMetrics(req);
    if (IsRpcPath(path) && req.method() == http::verb::options) {
      return Preflight();
    }
    if (IsRpcPath(path) && req.method() == http::verb::post) {
      return GrpcWeb(std::string(path), req);
    }
    if (read) return StaticFile(std::string(path), req);
    Respond(http::status::method_not_allowed, "text/plain; charset=utf-8",
            "This address does not take that kind of request.\n");
  }

  // Prometheus's text format, for whoever holds the metrics token: counts
  // of calls over time say when people vote, so they are not public.
  void ServeMetrics(const Request& req) {
    const std::string& token = server_.options.metrics_token;
    if (token.empty()) {
      return Respond(http::status::not_found, "text/plain; charset=utf-8",
                     "Metrics are off: set EQUALSAY_METRICS_TOKEN to read "
                     "them with that bearer token.\n");
    }
    // Compared as hashes, so the time taken says nothing of the token.
    if (Sha256Hex(std::string(req[http::field::authorization])) !=
        Sha256Hex("Bearer " + token)) {
      return Respond(http::status::unauthorized, "text/plain; charset=utf-8",
                     "Send the metrics token as a bearer token.\n",
                     {{"WWW-Authenticate", "Bearer"}});
    }
    Respond(http::status::ok, "text/plain; version=0.0.4; charset=utf-8",
            Metrics::Get().Text(), {{"Cache-Control", "no-store"}});
  }

  // On every response: what the browser may load and run (only this
  // site's own files and calls), no sniffing, no referrer to other sites,
  // no framing, and with TLS, TLS only from now on.
  template <class Response>
  void AddSecurityHeaders(Response& res) {
    res.set("Content-Security-Policy", kContentSecurityPolicy);
    res.set("X-Content-Type-Options", "nosniff");
    res.set("Referrer-Policy", "no-referrer");
    res.set("X-Frame-Options", "DENY");
    res.set("Cross-Origin-Opener-Policy", "same-origin");
    if constexpr (kTls) {
      res.set("Strict-Transport-Security", "max-age=31536000");
    }
  }

  // A whole response at once, then the next request (or the end).
  void Respond(http::status status, const std::string& type, std::string body,
               std::vector<std::pair<std::string, std::string>> fields = {}) {
    http::response<http::string_body> res{status, 11};
    res.set(http::field::content_type, type);
    AddSecurityHeaders(res);
    for (const auto& [k, v] : fields) res.set(k, v);
    AddCors(res);
    res.keep_alive(keep_alive_);
    res.body() = std::move(body);
    res.prepare_payload();
    // "Not modified" has no body, and no length that would say otherwise.
    if (status == http::status::not_modified) {
      res.erase(http::field::content_length);
    }
    std::ostringstream out;
    if (head_) {
      out << res.base();
    } else {
      out << res;
    }
    Queue(out.str(), [this] { Continue(); });
  }

  template <class Response>
  void AddCors(Response& res) {
    if (!server_.CorsAllowed(origin_)) return;
    res.set(http::field::access_control_allow_origin, origin_);
    res.set(http::field::vary, "Origin");
    res.set(http::field::access_control_expose_headers,
            "grpc-status, grpc-message, grpc-status-details-bin, "
            "x-request-id");
  }

  void Preflight() {
    if (!server_.CorsAllowed(origin_)) {
      return Respond(http::status::forbidden, "text/plain; charset=utf-8", "");
    }
    Respond(http::status::no_content, "text/plain; charset=utf-8", "",
            {{"Access-Control-Allow-Methods", "POST, OPTIONS"},
             {"Access-Control-Allow-Headers",
              "content-type, x-grpc-web, x-user-agent, grpc-timeout, "
              "authorization, x-request-id, traceparent"},
             {"Access-Control-Max-Age", "600"}});
  }

  void StaticFile(std::string path, const Request& req) {
    const std::string& root = server_.options.web_root;
    if (root.empty()) {
      if (path != "/") {
        return Respond(http::status::not_found, "text/plain; charset=utf-8",
                       "Not found.\n");
      }
      return Respond(
          http::status::ok, "text/html; charset=utf-8",
          "<!doctype html><html lang=\"en\"><meta charset=\"utf-8\"><title>"
          "equalsay</title><main><h1>equalsay is running</h1><p>The web "
          "client has not been built on this machine. <code>scripts/run"
          "</code> builds it and serves it here.</p></main></html>\n");
    }
    if (absl::EndsWith(path, "/")) path += "index.html";
    const std::string file = root + path;
    std::error_code ec;
    if (SafeFilePath(path) && std::filesystem::is_regular_file(file, ec)) {
      // Asked again on every use (no-cache), answered in a few bytes when
      // unchanged: a new version is seen at once after an upgrade. Files
      // named by their content are kept instead: a new version has a new
      // name.
      const std::string etag = ETagOf(file);
      std::vector<std::pair<std::string, std::string>> fields = {
          {"Cache-Control", NamedByContent(path)
                                ? "public, max-age=31536000, immutable"
                                : "no-cache"},
          {"ETag", etag},
          {"Vary", "Accept-Encoding"}};
      if (std::string(req[http::field::if_none_match]) == etag) {
        return Respond(http::status::not_modified, MimeType(path), "",
                       std::move(fields));
      }
      const auto [sent, coding] =
          Precompressed(file, std::string(req[http::field::accept_encoding]));
      if (!coding.empty()) fields.emplace_back("Content-Encoding", coding);
      std::ifstream in(sent, std::ios::binary);
      std::string body(std::istreambuf_iterator<char>(in), {});
      if (!in.bad()) {
        return Respond(http::status::ok, MimeType(path), std::move(body),
                       std::move(fields));
      }
    }
    Respond(http::status::not_found, "text/plain; charset=utf-8",
            "Not found.\n");
  }

  // A gRPC-Web answer that is only trailers: an error before any call.
  void Refuse(WebEncoding encoding, grpc::StatusCode code,
              const std::string& message) {
    Respond(http::status::ok, ResponseContentType(encoding),
            EncodeForClient(encoding, kTrailerFlag,
                            TrailerBlock(grpc::Status(code, message), {})));
  }

  void GrpcWeb(const std::string& method, const Request& req) {
    encoding_ = EncodingOf(std::string(req[http::field::content_type]));
    if (encoding_ == WebEncoding::kNone) {
      return Respond(
          http::status::unsupported_media_type, "text/plain; charset=utf-8",
          "This address takes gRPC-Web requests: Content-Type "
          "application/grpc-web+proto or application/grpc-web-text.\n");
    }
    if (server_.stub == nullptr) {
      return Refuse(encoding_, grpc::StatusCode::UNAVAILABLE,
                    "The server is starting. Try again in a moment.");
    }
    absl::StatusOr<std::string> message = RequestMessage(encoding_, req.body());
    if (!message.ok()) {
      return Refuse(encoding_,
                    static_cast<grpc::StatusCode>(message.status().code()),
                    std::string(message.status().message()));
    }
    std::optional<absl::Duration> timeout;
    if (auto t = req.find("grpc-timeout"); t != req.end()) {
      timeout = ParseGrpcTimeout(std::string(t->value()));
      if (!timeout.has_value()) {
        return Refuse(
            encoding_, grpc::StatusCode::INVALID_ARGUMENT,
            "grpc-timeout must be a number and a unit such as 500m or 10S.");
      }
    }
    // Open calls are counted per token (hashed: the table holds no token).
    const std::string key =
        Sha256Hex(std::string(req[http::field::authorization]));
    if (!server_.TakeCall(key)) {
      return Refuse(encoding_, grpc::StatusCode::RESOURCE_EXHAUSTED,
                    "You have too many live connections open at once. Close "
                    "some other tabs or windows of equalsay and try again.");
    }
    // From here the call starts: nothing returns before Started.
    const std::optional<uint64_t> starting = server_.live_calls->Starting();
    if (!starting.has_value()) {
      server_.ReturnCall(key);
      return Refuse(encoding_, grpc::StatusCode::UNAVAILABLE,
                    "The server is restarting. Try again in a moment.");
    }
    const uint64_t live_id = *starting;
    call_key_ = key;
    std::vector<std::pair<std::string, std::string>> headers;
    for (const auto& field : req) {
      headers.emplace_back(std::string(field.name_string()),
                           std::string(field.value()));
    }
    std::vector<std::pair<std::string, std::string>> metadata =
        SafeMetadata(headers);
    // Who is asking, for logs: the in-process call itself has no peer.
    metadata.emplace_back(kForwardedForKey, remote_);
    // The answer's headers go before the call starts, so the request id is
    // chosen here (the browser's own, if it sent a sensible one) and the
    // call logs it under that id.
    std::string request_id(req["x-request-id"]);
    if (!IsRequestId(request_id)) {
      request_id = NewRequestId();
      std::erase_if(metadata,
                    [](const auto& kv) { return kv.first == "x-request-id"; });
      metadata.emplace_back("x-request-id", request_id);
    }

    http::response<http::empty_body> res{http::status::ok, 11};
    res.set(http::field::content_type, ResponseContentType(encoding_));
    res.set("X-Request-Id", request_id);
    AddSecurityHeaders(res);
    res.chunked(true);
    AddCors(res);
    res.keep_alive(keep_alive_);
    std::ostringstream header;
    header << res.base();
    // A stream's headers go at once, so the browser knows it is open; a
    // unary call's go with its answer and trailers, in one write.
    const GrpcWebExchange::Shape shape =
        IsUnaryMethod(method) ? GrpcWebExchange::Shape::kUnary
                              : GrpcWebExchange::Shape::kStreaming;
    if (shape == GrpcWebExchange::Shape::kUnary) {
      unsent_head_ = header.str();
    } else {
      Queue(header.str(), nullptr);
    }

    std::weak_ptr<Session> weak = this->shared_from_this();
    auto executor = stream_.get_executor();
    const std::shared_ptr<LiveCalls> live = server_.live_calls;
    call_ = GrpcWebExchange::Start(
        *server_.stub, method, shape, *message, metadata, timeout,
        [weak, executor, live, live_id](GrpcWebExchange::Event event) {
          const bool done = event.end.has_value();
          if (!weak.expired()) {  // Else the connection has gone.
            net::post(executor, [weak, event = std::move(event)]() mutable {
              if (auto self = weak.lock()) self->OnCallEvent(std::move(event));
            });
          }
          if (done) live->Ended(live_id);
        });
    live->Started(live_id, call_);
    // Still open after a moment: watch for the browser leaving.
    watch_timer_.expires_after(kWatchAfter);
    watch_timer_.async_wait(
        [self = this->shared_from_this()](beast::error_code ec) {
          if (!ec && self->call_ != nullptr) self->WatchForLeaving();
        });
  }

  void OnCallEvent(GrpcWebExchange::Event event) {
    if (closed_) return;
    std::string out = std::exchange(unsent_head_, "");
    if (event.answer.has_value()) {
      absl::StrAppend(&out,
                      Chunk(EncodeForClient(encoding_, 0, *event.answer)));
    }
    if (!event.end.has_value()) {
      Queue(std::move(out), [this] {
        if (call_ != nullptr) call_->ReadNext();
      });
      return;
    }
    call_.reset();
    ReturnCall();
    watch_timer_.cancel();
    absl::StrAppend(&out,
                    Chunk(EncodeForClient(encoding_, kTrailerFlag, *event.end)),
                    "0\r\n\r\n");
    Queue(std::move(out), [this] {
      response_done_ = true;
      if (watching_) {
        // The watch read ends (aborted) and carries on from there.
        beast::error_code ignored;
        Lowest().socket().cancel(ignored);
      } else {
        response_done_ = false;
        Continue();
      }
    });
  }

  // A read while the answer streams: the browser sends nothing more on
  // this connection until the answer ends, so the read ending means it
  // left (or the answer ended and cancelled it).
  void WatchForLeaving() {
    watching_ = true;
    if constexpr (kTls) keep_alive_ = false;  // No cancelled TLS reads.
    stream_.async_read_some(
        buffer_.prepare(1024),
        [self = this->shared_from_this()](beast::error_code ec, size_t n) {
          self->watching_ = false;
          self->buffer_.commit(n);
          if (self->response_done_) {
            self->response_done_ = false;
            return self->Continue();
          }
          if (ec) return self->Abort();  // The browser left.
          self->keep_alive_ = false;     // It sent more meanwhile: no reuse.
        });
  }

  void Queue(std::string bytes, std::function<void()> after) {
    if (closed_) return;
    out_.push_back({std::move(bytes), std::move(after)});
    if (!writing_) WriteNext();
  }

  void WriteNext() {
    writing_ = true;
    Lowest().expires_after(kWriteTimeout);
    net::async_write(
        stream_, net::buffer(out_.front().bytes),
        [self = this->shared_from_this()](beast::error_code ec, size_t) {
          self->writing_ = false;
          if (ec) return self->Abort();
          std::function<void()> after = std::move(self->out_.front().after);
          self->out_.pop_front();
          // Waiting for the call's next answer takes as long as it takes.
          if (self->out_.empty()) self->Lowest().expires_never();
          if (after) after();
          if (!self->out_.empty() && !self->writing_ && !self->closed_) {
            self->WriteNext();
          }
        });
  }

  void Continue() {
    if (keep_alive_ && !closed_) return DoRead();
    Close();
  }

  void Abort() {
    if (call_ != nullptr) call_->Cancel();
    Close();
  }

  void Close() {
    if (closed_) return;
    closed_ = true;
    watch_timer_.cancel();
    beast::error_code ignored;
    Lowest().socket().shutdown(tcp::socket::shutdown_both, ignored);
    Lowest().close();
  }

  void ReturnCall() {
    if (call_key_.empty()) return;
    server_.ReturnCall(call_key_);
    call_key_.clear();
  }

  HttpServer::Impl& server_;
  Stream stream_;
  net::steady_timer watch_timer_{stream_.get_executor()};
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::deque<Out> out_;
  std::string remote_, origin_, call_key_;
  std::string unsent_head_;  // A unary call's headers, sent with its end.
  WebEncoding encoding_ = WebEncoding::kNone;
  std::shared_ptr<GrpcWebExchange> call_;
  bool keep_alive_ = false, head_ = false, writing_ = false, closed_ = false,
       watching_ = false, response_done_ = false;
};

}  // namespace

void HttpServer::Impl::Accept() {
  acceptor.async_accept(net::make_strand(ioc), [this](beast::error_code ec,
                                                      tcp::socket socket) {
    if (ec == net::error::operation_aborted || !acceptor.is_open()) return;
    if (!ec) {
      // An answer goes out in pieces (headers, message, trailers): sent at
      // once, not held back until the browser acknowledges the last piece
      // (which it delays by up to 40 ms).
      beast::error_code ignored;
      socket.set_option(tcp::no_delay(true), ignored);
      if (connections.load() >= options.max_connections) {
        socket.close(ignored);  // Full: the client may try again.
      } else if (tls.has_value()) {
        std::make_shared<Session<beast::ssl_stream<beast::tcp_stream>>>(
            *this, std::move(socket))
            ->Run();
      } else {
        std::make_shared<Session<beast::tcp_stream>>(*this, std::move(socket))
            ->Run();
      }
    }
    Accept();
  });
}

absl::StatusOr<std::unique_ptr<HttpServer>> HttpServer::Bind(Options options) {
  auto split = SplitHostPort("EQUALSAY_HTTP_ADDR", options.addr);
  if (!split.ok()) return split.status();
  const auto [host, port] = *split;
  auto impl = std::make_unique<Impl>(std::move(options));
  if (!impl->options.tls_cert_file.empty()) {
    try {
      impl->tls.emplace(ssl::context::tls_server);
      impl->tls->set_options(ssl::context::default_workarounds |
                             ssl::context::no_sslv2 | ssl::context::no_sslv3 |
                             ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1);
      impl->tls->use_certificate_chain_file(impl->options.tls_cert_file);
      impl->tls->use_private_key_file(impl->options.tls_key_file,
                                      ssl::context::pem);
    } catch (const std::exception&) {
      return absl::InvalidArgumentError(
          "EQUALSAY_TLS_CERT / EQUALSAY_TLS_KEY could not be loaded for the "
          "HTTP port: check both are readable PEM files that match");
    }
  }
  auto cannot_listen = [&] {
    return absl::UnavailableError(absl::StrCat(
        "cannot listen for HTTP on ", impl->options.addr,
        ": the port is in use or the address is not on this machine (set "
        "EQUALSAY_HTTP_ADDR)"));
  };
  beast::error_code ec;
  tcp::resolver resolver(impl->ioc);
  const auto endpoints =
      resolver.resolve(host, absl::StrCat(port), tcp::resolver::passive, ec);
  if (ec || endpoints.empty()) return cannot_listen();
  const tcp::endpoint endpoint = *endpoints.begin();
  impl->acceptor.open(endpoint.protocol(), ec);
  if (ec) return cannot_listen();
  // Address reuse for quick restarts, never port sharing: a second server
  // on the same port must fail to start.
  impl->acceptor.set_option(net::socket_base::reuse_address(true), ec);
  impl->acceptor.bind(endpoint, ec);
  if (ec) return cannot_listen();
  impl->acceptor.listen(net::socket_base::max_listen_connections, ec);
  if (ec) return cannot_listen();
  return std::unique_ptr<HttpServer>(new HttpServer(std::move(impl)));
}

HttpServer::HttpServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

HttpServer::~HttpServer() { Stop(); }

int HttpServer::port() const {
  beast::error_code ec;
  return impl_->acceptor.local_endpoint(ec).port();
}

void HttpServer::ServeGrpcWeb(std::shared_ptr<grpc::Channel> channel) {
  impl_->channel = std::move(channel);
  impl_->stub = std::make_unique<grpc::GenericStub>(impl_->channel);
}

void HttpServer::Start() {
  impl_->Accept();
  for (int i = 0; i < std::max(1, impl_->options.threads); ++i) {
    impl_->threads.emplace_back([this] { impl_->ioc.run(); });
  }
}

void HttpServer::StopCalls() {
  if (impl_ != nullptr) impl_->live_calls->Close();
}

void HttpServer::Stop() {
  if (impl_ == nullptr) return;
  impl_->ioc.stop();
  for (std::thread& t : impl_->threads) {
    if (t.joinable()) t.join();
  }
  impl_->threads.clear();
  // No answer may arrive for a connection once the io_context is gone.
  impl_->live_calls->EndAll(absl::Seconds(10));
  beast::error_code ignored;
  impl_->acceptor.close(ignored);  // No thread runs the io_context now.
}

}  // namespace equalsay::gateway
