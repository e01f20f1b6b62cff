// What an operator watches: /metrics read by a real Prometheus parser,
// one JSON log line per call carrying the request id its client was given
// and the trace it belongs to, and the HTTP port's security headers.
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>
#include <httplib.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <tuple>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/synchronization/notification.h"
#include "equalsay/v1/panels.grpc.pb.h"
#include "tests/support/api.h"
#include "tests/support/process.h"
#include "tests/support/scratch_database.h"
#include "tests/support/server_process.h"

namespace equalsay::testing {
namespace {

namespace fs = std::filesystem;

constexpr char kToken[] = "eqs_observability-token-0123456789abcdefghij";
constexpr char kMetricsToken[] = "metrics-0123456789abcdefghijklmnopqrstuv";
constexpr char kTraceParent[] =
    "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

// Runs Debian's python3 (with python3-prometheus-client) on `script`,
// giving it `input` on a file named by its first argument.
std::string Python(const std::string& script, const std::string& input) {
  const fs::path file =
      fs::temp_directory_path() / ("equalsay-py-" + Api::NewId());
  std::ofstream(file) << input;
  std::string out, err;
  const int code = RunCommand({"/usr/bin/python3", "-c", script, file.string()},
                              {}, &out, &err);
  fs::remove(file);
  EXPECT_EQ(code, 0) << err;
  return out;
}

class ObservabilityTest : public ::testing::Test {
 protected:
  void SetUp() override {
    web_ = fs::temp_directory_path() / ("equalsay-web-" + Api::NewId());
    fs::create_directories(web_);
    std::ofstream(web_ / "index.html") << "<!doctype html><title>t</title>";
    std::ofstream(web_ / "app.js") << "console.log('hi');";
    // Stand-ins for the copies the build compresses (the server does not
    // look inside them).
    std::ofstream(web_ / "app.js.br") << "brotli copy";
    std::ofstream(web_ / "app.js.gz") << "gzip copy";
    std::ofstream(web_ / "app.0123456789.js") << "console.log('kept');";
    server_ = std::make_unique<ServerProcess>(
        ServerOptions{.database_url = db_.url(),
                      .bootstrap_token = kToken,
                      .env = {{"EQUALSAY_LOG_FORMAT", "json"},
                              {"EQUALSAY_METRICS_TOKEN", kMetricsToken},
                              {"EQUALSAY_WEB_ROOT", web_.string()}}});
    ASSERT_TRUE(server_->WaitUntilServing().ok());
  }
  void TearDown() override { fs::remove_all(web_); }

  httplib::Client Http() {
    const std::string& addr = server_->http_addr();
    const auto colon = addr.rfind(':');
    httplib::Client client(addr.substr(0, colon),
                           std::stoi(addr.substr(colon + 1)));
    client.set_read_timeout(10, 0);
    return client;
  }

  // GetMe over native gRPC; the request id the server sent back.
  std::string GetMe(const std::string& token,
                    const std::map<std::string, std::string>& metadata = {},
                    grpc::StatusCode want = grpc::StatusCode::OK) {
    auto stub = v1::PanelService::NewStub(grpc::CreateChannel(
        server_->grpc_addr(), grpc::InsecureChannelCredentials()));
    grpc::ClientContext context;
    if (!token.empty()) context.AddMetadata("authorization", "Bearer " + token);
    for (const auto& [k, v] : metadata) context.AddMetadata(k, v);
    v1::Person me;
    EXPECT_EQ(stub->GetMe(&context, {}, &me).error_code(), want);
    const auto& md = context.GetServerInitialMetadata();
    auto it = md.find("x-request-id");
    return it == md.end() ? ""
                          : std::string(it->second.data(), it->second.size());
  }

  ScratchDatabase db_;
  fs::path web_;
  std::unique_ptr<ServerProcess> server_;
};

TEST_F(ObservabilityTest, MetricsCountTheCallsMadeForWhoeverHoldsTheToken) {
  for (int i = 0; i < 3; ++i) GetMe(kToken);
  for (int i = 0; i < 2; ++i) {
    GetMe("", {}, grpc::StatusCode::UNAUTHENTICATED);
  }
  // Made-up methods count under one name, not one series each.
  grpc::GenericStub generic(grpc::CreateChannel(
      server_->grpc_addr(), grpc::InsecureChannelCredentials()));
  for (const char* method : {"/no.such.Service/A", "/no.such.Service/B"}) {
    grpc::ClientContext context;
    grpc::Slice empty("");
    grpc::ByteBuffer request(&empty, 1), response;
    absl::Notification done;
    generic.UnaryCall(&context, method, grpc::StubOptions(), &request,
                      &response, [&](grpc::Status) { done.Notify(); });
    done.WaitForNotification();
  }
  auto http = Http();
  auto res = http.Get("/metrics");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 401);  // Counts over time say when people vote.
  res = http.Get("/metrics", {{"Authorization", "Bearer not-the-token"}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 401);
  res = http.Get("/metrics",
                 {{"Authorization", absl::StrCat("Bearer ", kMetricsToken)}});
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200);
  EXPECT_TRUE(absl::StartsWith(res->get_header_value("Content-Type"),
                               "text/plain; version=0.0.4"));

  // Every sample as "name labels value", labels sorted, by Prometheus's own
  // parser (which refuses anything not in the format).
  const std::string samples = Python(
      "import sys\n"
      "from prometheus_client.parser import text_string_to_metric_families\n"
      "for family in text_string_to_metric_families(open(sys.argv[1]).read()):"
      "\n"
      "  for s in family.samples:\n"
      "    labels = ','.join(k + '=' + v for k, v in sorted(s.labels.items()))"
      "\n"
      "    print(s.name, labels or '-', s.value)\n",
      res->body);
  std::map<std::string, double> value;
  for (absl::string_view line : absl::StrSplit(samples, '\n')) {
    std::vector<std::string> parts = absl::StrSplit(line, ' ');
    if (parts.size() == 3) {
      value[parts[0] + " " + parts[1]] = std::stod(parts[2]);
    }
  }
  const std::string get_me = "method=/equalsay.v1.PanelService/GetMe";
  EXPECT_EQ(value["equalsay_rpc_requests_total code=OK," + get_me], 3)
      << samples;
  EXPECT_EQ(value["equalsay_rpc_requests_total code=UNAUTHENTICATED," + get_me],
            2);
  EXPECT_EQ(value["equalsay_rpc_duration_seconds_count " + get_me], 5);
  EXPECT_EQ(
      value["equalsay_rpc_requests_total code=UNIMPLEMENTED,method=unknown"], 2)
      << samples;
  EXPECT_EQ(samples.find("no.such"), std::string::npos) << samples;
  for (const char* present :
       {"equalsay_db_connections state=idle",
        "equalsay_db_connections state=in_use",
        "equalsay_db_pool_waits_total outcome=timed_out",
        "equalsay_watch_streams -", "equalsay_http_connections -",
        "equalsay_audit_sealed_events_total -"}) {
    EXPECT_TRUE(value.count(present)) << present << "\n" << samples;
  }
  EXPECT_GE(value["equalsay_http_connections -"], 1);
}

TEST_F(ObservabilityTest, MetricsAreOffWithoutAToken) {
  ServerProcess plain({.database_url = db_.url(), .bootstrap_token = kToken});
  ASSERT_TRUE(plain.WaitUntilServing().ok());
  EXPECT_EQ(plain.HttpGet("/metrics"), 404);
}

TEST_F(ObservabilityTest, AJsonLineForEveryCallWithTheRequestIdItsClientGot) {
  const std::string generated = GetMe(kToken, {{"traceparent", kTraceParent}});
  EXPECT_EQ(generated.size(), 16u);
  EXPECT_EQ(GetMe(kToken, {{"x-request-id", "client.chosen-1"}}),
            "client.chosen-1");
  // Not a sensible id: the server chooses one.
  const std::string replaced =
      GetMe(kToken, {{"x-request-id", "no spaces or {json} here"}});
  EXPECT_EQ(replaced.size(), 16u);
  // Through gRPC-Web, the id is an HTTP header.
  auto res =
      Http().Post("/equalsay.v1.PanelService/GetMe",
                  {{"Authorization", absl::StrCat("Bearer ", kToken)},
                   {"traceparent", kTraceParent}},
                  std::string("\0\0\0\0\0", 5), "application/grpc-web+proto");
  ASSERT_TRUE(res);
  const std::string web_id = res->get_header_value("X-Request-Id");
  EXPECT_EQ(web_id.size(), 16u);
  ASSERT_EQ(server_->Stop(), 0);

  // Every line is a JSON object; the calls' lines by request id.
  const std::string by_id = Python(
      "import json, sys\n"
      "for line in open(sys.argv[1]):\n"
      "  record = json.loads(line)\n"
      "  assert isinstance(record, dict) and 'time' in record, line\n"
      "  if record.get('msg') == 'rpc':\n"
      "    print(record['request_id'], record['method'], record['code'],\n"
      "          record.get('trace_id', '-'), record['duration_ms'] >= 0)\n",
      server_->process().Stderr());
  const std::string get_me = "/equalsay.v1.PanelService/GetMe OK";
  EXPECT_TRUE(absl::StrContains(
      by_id, absl::StrCat(generated, " ", get_me,
                          " 4bf92f3577b34da6a3ce929d0e0e4736 True")))
      << by_id;
  EXPECT_TRUE(
      absl::StrContains(by_id, absl::StrCat("client.chosen-1 ", get_me, " - ")))
      << by_id;
  EXPECT_TRUE(absl::StrContains(by_id, absl::StrCat(replaced, " ", get_me)))
      << by_id;
  EXPECT_TRUE(absl::StrContains(
      by_id,
      absl::StrCat(web_id, " ", get_me, " 4bf92f3577b34da6a3ce929d0e0e4736")))
      << by_id;
  EXPECT_FALSE(absl::StrContains(server_->process().Stderr(),
                                 std::string(kToken).substr(4)));
}

TEST_F(ObservabilityTest, SecurityHeadersOnEveryKindOfResponse) {
  auto http = Http();
  std::vector<std::pair<std::string, httplib::Result>> responses;
  responses.emplace_back("page", http.Get("/"));
  responses.emplace_back("script", http.Get("/app.js"));
  responses.emplace_back("health", http.Get("/healthz"));
  responses.emplace_back("missing", http.Get("/no-such-file"));
  responses.emplace_back(
      "grpc-web",
      http.Post("/equalsay.v1.PanelService/GetMe",
                {{"Authorization", absl::StrCat("Bearer ", kToken)}},
                std::string("\0\0\0\0\0", 5), "application/grpc-web+proto"));
  for (const auto& [what, res] : responses) {
    ASSERT_TRUE(res) << what;
    const std::string csp = res->get_header_value("Content-Security-Policy");
    EXPECT_TRUE(absl::StrContains(csp, "default-src 'none'")) << what;
    EXPECT_TRUE(absl::StrContains(csp, "script-src 'self'")) << what;
    EXPECT_TRUE(absl::StrContains(csp, "frame-ancestors 'none'")) << what;
    EXPECT_EQ(res->get_header_value("X-Content-Type-Options"), "nosniff")
        << what;
    EXPECT_EQ(res->get_header_value("Referrer-Policy"), "no-referrer") << what;
    EXPECT_EQ(res->get_header_value("X-Frame-Options"), "DENY") << what;
    // HSTS only where TLS is on (ServerTest's TLS test checks it there).
    EXPECT_FALSE(res->has_header("Strict-Transport-Security")) << what;
  }
}

// The web client's files go out as the build compressed them, the smallest
// copy the browser accepts, and a browser that has the file already gets
// "not modified" without the body.
TEST_F(ObservabilityTest, FilesGoOutPrecompressedAndAreRevalidated) {
  auto http = Http();
  http.set_decompress(false);
  const auto get = [&](const std::string& path, const std::string& accept,
                       const std::string& etag = "") {
    httplib::Headers headers = {{"Accept-Encoding", accept}};
    if (!etag.empty()) headers.emplace("If-None-Match", etag);
    return http.Get(path.c_str(), headers);
  };
  const std::tuple<std::string, std::string, std::string> cases[] = {
      {"gzip, deflate, br", "br", "brotli copy"},
      {"gzip", "gzip", "gzip copy"},
      {"br;q=0, gzip;q=0.8", "gzip", "gzip copy"},
      {"identity", "", "console.log('hi');"},
      {"", "", "console.log('hi');"},
  };
  for (const auto& [accept, coding, body] : cases) {
    auto res = get("/app.js", accept);
    ASSERT_TRUE(res) << accept;
    EXPECT_EQ(res->status, 200) << accept;
    EXPECT_EQ(res->get_header_value("Content-Encoding"), coding) << accept;
    EXPECT_EQ(res->body, body) << accept;
    EXPECT_EQ(res->get_header_value("Vary"), "Accept-Encoding");
    EXPECT_EQ(res->get_header_value("Content-Type"),
              "text/javascript; charset=utf-8");
  }
  auto page = get("/", "br");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->get_header_value("Content-Encoding"), "");  // No copy.
  const std::string etag = page->get_header_value("ETag");
  EXPECT_FALSE(etag.empty());
  EXPECT_EQ(page->get_header_value("Cache-Control"), "no-cache");
  // A file the build named by its content is kept by the browser.
  auto named = get("/app.0123456789.js", "br");
  ASSERT_TRUE(named);
  EXPECT_EQ(named->status, 200);
  EXPECT_EQ(named->get_header_value("Cache-Control"),
            "public, max-age=31536000, immutable");
  EXPECT_EQ(get("/app.js", "br")->get_header_value("Cache-Control"),
            "no-cache");
  auto again = get("/", "br", etag);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 304);
  EXPECT_EQ(again->body, "");
  EXPECT_EQ(again->get_header_value("ETag"), etag);
  // A new version is a new tag: the browser gets the new file.
  std::ofstream(web_ / "index.html") << "<!doctype html><title>v2</title>";
  auto changed = get("/", "br", etag);
  ASSERT_TRUE(changed);
  EXPECT_EQ(changed->status, 200);
  EXPECT_NE(changed->get_header_value("ETag"), etag);
}

}  // namespace
}  // namespace equalsay::testing
