// gRPC-Web on the real HTTP port: both encodings, unary and streaming,
// errors as trailers, deadlines, bad frames and headers that must never
// bring the server down, and CORS only when configured.
#include "services/gateway/grpc_web.h"

#include <arpa/inet.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <pqxx/pqxx>
#include <thread>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "grpc/health/v1/health.pb.h"
#include "tests/support/round_fixture.h"

namespace equalsay::testing {
namespace {

using gateway::EncodeFrame;
using gateway::Frame;
using ::testing::HasSubstr;

// What came back, frames and trailers apart.
struct Reply {
  int http = 0;
  std::string content_type;
  std::vector<Frame> messages;
  std::map<std::string, std::string> trailers;
  int grpc_status() const {
    int code = -1;
    auto it = trailers.find("grpc-status");
    if (it != trailers.end()) (void)absl::SimpleAtoi(it->second, &code);
    return code;
  }
  std::string message() const {
    auto it = trailers.find("grpc-message");
    return it == trailers.end() ? "" : it->second;
  }
};

Reply Parse(int http, const std::string& type, std::string body, bool text) {
  Reply r{.http = http, .content_type = type};
  if (text) {
    auto decoded = gateway::DecodeTextBody(body);
    EXPECT_TRUE(decoded.ok()) << body;
    body = decoded.value_or("");
  }
  auto frames = gateway::ParseFrames(body);
  EXPECT_TRUE(frames.ok()) << frames.status();
  for (Frame& f : frames.value_or(std::vector<Frame>{})) {
    if (!(f.flags & gateway::kTrailerFlag)) {
      r.messages.push_back(std::move(f));
      continue;
    }
    for (absl::string_view line : absl::StrSplit(f.data, "\r\n")) {
      const size_t colon = line.find(':');
      if (colon == absl::string_view::npos) continue;
      r.trailers[std::string(line.substr(0, colon))] =
          std::string(line.substr(colon + 1));
    }
  }
  return r;
}

class GrpcWebTest : public RoundFixture {
 protected:
  httplib::Client Client(const ServerProcess& server) {
    const auto colon = server.http_addr().rfind(':');
    httplib::Client client(server.http_addr().substr(0, colon),
                           std::stoi(server.http_addr().substr(colon + 1)));
    client.set_read_timeout(10, 0);
    return client;
  }
  Reply Call(const std::string& path, const std::string& body,
             const std::string& token, bool text = false,
             httplib::Headers headers = {}) {
    if (!token.empty()) headers.emplace("Authorization", "Bearer " + token);
    headers.emplace("X-Grpc-Web", "1");
    const std::string type =
        text ? "application/grpc-web-text" : "application/grpc-web+proto";
    auto client = Client(*server_);
    auto res = client.Post(path, headers,
                           text ? absl::Base64Escape(body) : body, type);
    EXPECT_TRUE(res) << path;
    if (!res) return {};
    return Parse(res->status, res->get_header_value("Content-Type"), res->body,
                 text);
  }
  Reply Call(const std::string& path, const google::protobuf::Message& request,
             const std::string& token, bool text = false) {
    return Call(path, EncodeFrame(0, request.SerializeAsString()), token, text);
  }
  // HR may follow any round: people to hold many live streams between them
  // (one person may hold 16).
  std::vector<Account> Followers(int n) {
    std::vector<Account> followers;
    for (int i = 0; i < n; ++i) {
      followers.push_back(api_->NewPerson(admin_, absl::StrCat("Follower ", i),
                                          v1::ORG_ROLE_HR));
    }
    return followers;
  }
};

TEST_F(GrpcWebTest, UnaryCallsInBothEncodings) {
  for (bool text : {false, true}) {
    const Reply r = Call("/equalsay.v1.PanelService/GetMe", v1::GetMeRequest(),
                         kAdminToken, text);
    EXPECT_EQ(r.http, 200);
    EXPECT_EQ(r.content_type, text ? "application/grpc-web-text+proto"
                                   : "application/grpc-web+proto");
    ASSERT_EQ(r.messages.size(), 1u);
    v1::Person me;
    ASSERT_TRUE(me.ParseFromString(r.messages[0].data));
    EXPECT_EQ(me.id(), "1");
    EXPECT_EQ(r.grpc_status(), 0);
  }
  // The health service is reachable too.
  const Reply health = Call("/grpc.health.v1.Health/Check",
                            grpc::health::v1::HealthCheckRequest(), "");
  ASSERT_EQ(health.messages.size(), 1u);
  grpc::health::v1::HealthCheckResponse status;
  ASSERT_TRUE(status.ParseFromString(health.messages[0].data));
  EXPECT_EQ(status.status(), grpc::health::v1::HealthCheckResponse::SERVING);
}

// A unary call whose time has run out, or a method the server does not
// have, ends with trailers alone, in both encodings.
TEST_F(GrpcWebTest, UnaryCallsThatCannotBeAnsweredEndWithTrailersAlone) {
  for (bool text : {false, true}) {
    Reply r = Call("/equalsay.v1.PanelService/GetMe",
                   EncodeFrame(0, v1::GetMeRequest().SerializeAsString()),
                   kAdminToken, text, {{"grpc-timeout", "1n"}});
    EXPECT_EQ(r.http, 200);
    EXPECT_TRUE(r.messages.empty());
    EXPECT_EQ(r.grpc_status(), 4);  // DEADLINE_EXCEEDED
    r = Call("/equalsay.v1.PanelService/NoSuchMethod", v1::GetMeRequest(),
             kAdminToken, text);
    EXPECT_TRUE(r.messages.empty());
    EXPECT_EQ(r.grpc_status(), 12);  // UNIMPLEMENTED
  }
  // And the next call is answered as ever.
  EXPECT_EQ(
      Call("/equalsay.v1.PanelService/GetMe", v1::GetMeRequest(), kAdminToken)
          .grpc_status(),
      0);
}

// A unary call is made as one and answered in one write; anything else,
// or a method this process does not know (MethodOfPathTest), goes as a
// stream.
TEST(IsUnaryMethodTest, OnlyKnownMethodsOfOneRequestAndOneAnswer) {
  EXPECT_TRUE(
      gateway::IsUnaryMethod("/equalsay.v1.ConsensusService/CastBallot"));
  EXPECT_TRUE(gateway::IsUnaryMethod("/equalsay.v1.PanelService/GetMe"));
  EXPECT_TRUE(gateway::IsUnaryMethod("/grpc.health.v1.Health/Check"));
  EXPECT_FALSE(
      gateway::IsUnaryMethod("/equalsay.v1.ConsensusService/WatchRound"));
  EXPECT_FALSE(gateway::IsUnaryMethod("/grpc.health.v1.Health/Watch"));
  EXPECT_FALSE(gateway::IsUnaryMethod("/equalsay.v1.ConsensusService/Nothing"));
}

TEST_F(GrpcWebTest, TheSameChecksAndErrorsAsAnyClient) {
  Reply r = Call("/equalsay.v1.PanelService/GetMe", v1::GetMeRequest(), "");
  EXPECT_EQ(r.grpc_status(), 16);  // UNAUTHENTICATED
  EXPECT_TRUE(r.messages.empty());
  const Account member = api_->NewPerson(admin_, "Ben", v1::ORG_ROLE_MEMBER);
  v1::CreateRoundRequest create;
  create.set_request_id("web-1");
  r = Call("/equalsay.v1.PanelService/CreateRound", create, member.token);
  EXPECT_EQ(r.grpc_status(), 7);  // PERMISSION_DENIED
  EXPECT_THAT(r.message(), HasSubstr("Only an administrator can do that."));
  EXPECT_EQ(Count("rounds"), 0);
  r = Call("/equalsay.v1.NoSuchService/Nothing", v1::GetMeRequest(),
           kAdminToken);
  EXPECT_EQ(r.grpc_status(), 12);  // UNIMPLEMENTED
  // A retried change says so in its trailers, as over gRPC.
  v1::CreatePersonRequest person;
  person.set_request_id("web-retry");
  person.set_display_name("Cara");
  person.set_org_role(v1::ORG_ROLE_MEMBER);
  EXPECT_EQ(Call("/equalsay.v1.PanelService/CreatePerson", person, kAdminToken)
                .grpc_status(),
            0);
  r = Call("/equalsay.v1.PanelService/CreatePerson", person, kAdminToken);
  EXPECT_EQ(r.trailers["equalsay-replayed"], "true");
}

TEST_F(GrpcWebTest, ServerStreamingFlushesEachUpdateAndHonoursTheDeadline) {
  const Cast c = BuildRecruitment(/*open=*/true);
  v1::WatchRoundRequest watch;
  watch.set_round_id(c.round.id());
  httplib::Request req;
  req.method = "POST";
  req.path = "/equalsay.v1.ConsensusService/WatchRound";
  req.headers = {{"Content-Type", "application/grpc-web-text"},
                 {"Authorization", std::string("Bearer ") + c.su_member.token},
                 {"grpc-timeout", "4000m"}};
  req.body = absl::Base64Escape(EncodeFrame(0, watch.SerializeAsString()));
  std::string received;
  std::atomic<bool> first_seen{false};
  req.content_receiver = [&](const char* data, size_t n, uint64_t, uint64_t) {
    received.append(data, n);
    first_seen = true;
    return true;
  };
  httplib::Response res;
  httplib::Error error;
  const absl::Time start = absl::Now();
  std::thread reader([&] { Client(*server_).send(req, res, error); });
  // The first update arrives while the stream is still open.
  for (int i = 0; i < 100 && !first_seen; ++i) {
    absl::SleepFor(absl::Milliseconds(20));
  }
  EXPECT_TRUE(first_seen);
  EXPECT_LT(absl::Now() - start, absl::Milliseconds(2000));
  // A change in the round reaches the browser live.
  ASSERT_TRUE(AddMember(c.su,
                        api_->NewPerson(admin_, "Dee", v1::ORG_ROLE_MEMBER),
                        v1::PANEL_ROLE_OBSERVER)
                  .ok());
  reader.join();
  const Reply r = Parse(res.status, "", received, /*text=*/true);
  ASSERT_GE(r.messages.size(), 2u);
  v1::RoundUpdate first, later;
  ASSERT_TRUE(first.ParseFromString(r.messages[0].data));
  EXPECT_EQ(first.action(), "watch.started");
  ASSERT_TRUE(later.ParseFromString(r.messages.back().data));
  EXPECT_EQ(later.action(), "member.added");
  EXPECT_EQ(r.grpc_status(), 4);  // DEADLINE_EXCEEDED, as a trailer.
}

TEST_F(GrpcWebTest, BadRequestsGetGrpcWebErrorsNeverACrash) {
  const std::string me = "/equalsay.v1.PanelService/GetMe";
  const std::string good = EncodeFrame(0, "");
  struct Case {
    const char* what;
    std::string body;
    int status;
  };
  const Case cases[] = {
      {"cut-off prefix", "\x00\x00", 3},
      {"length beyond the body", std::string("\x00\x00\x00\x00\x09", 5), 3},
      {"two messages", good + good, 3},
      {"compressed", EncodeFrame(1, ""), 12},
      {"a trailer sent as a request", EncodeFrame(0x80, ""), 3},
      {"larger than allowed", std::string("\x00\x7f\xff\xff\xff", 5), 8},
  };
  for (const Case& c : cases) {
    const Reply r = Call(me, c.body, kAdminToken);
    EXPECT_EQ(r.http, 200) << c.what;
    EXPECT_EQ(r.grpc_status(), c.status) << c.what;
    EXPECT_FALSE(r.message().empty()) << c.what;
  }
  // Not base64 in text mode.
  auto client = Client(*server_);
  auto res =
      client.Post(me, {{"Authorization", std::string("Bearer ") + kAdminToken}},
                  "not base64!", "application/grpc-web-text");
  ASSERT_TRUE(res);
  EXPECT_EQ(Parse(res->status, "", res->body, true).grpc_status(), 3);
  // A malformed deadline.
  Reply r = Call(me, good, kAdminToken, false, {{"grpc-timeout", "soon"}});
  EXPECT_EQ(r.grpc_status(), 3);
  // Headers gRPC would abort on though HTTP allows them: upper case, odd
  // keys, values that are not plain ASCII, bad -bin values. Dropped.
  r = Call(me, good, kAdminToken, false,
           {{"X-Upper-Case", "Fine"},
            {"x-odd~key!", "v"},
            {"x-not-ascii", "caf\xc3\xa9"},
            {"x-data-bin", "not*base64"},
            {"te", "trailers"}});
  EXPECT_EQ(r.grpc_status(), 0);
  // Headers HTTP itself forbids (a space in a name, a DEL in a value) are
  // answered 400, and the server stays up.
  for (const auto& [key, value] :
       std::vector<std::pair<std::string, std::string>>{{"x-odd key!", "v"},
                                                        {"x-unprintable",
                                                         "a\x7f"
                                                         "b"}}) {
    auto client = Client(*server_);
    auto bad =
        client.Post(me, {{key, value}}, good, "application/grpc-web+proto");
    ASSERT_TRUE(bad) << key;
    EXPECT_EQ(bad->status, 400) << key;
  }
  // Not gRPC-Web at all.
  res = client.Post(me, "{}", "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 415);
  // Still up after all that.
  EXPECT_EQ(server_->HttpGet("/healthz"), 200);
  EXPECT_TRUE(server_->process().Running());
}

TEST_F(GrpcWebTest, CorsIsOffUnlessConfigured) {
  auto client = Client(*server_);
  auto res = client.Post("/equalsay.v1.PanelService/GetMe",
                         {{"Origin", "https://elsewhere.example"}},
                         EncodeFrame(0, ""), "application/grpc-web+proto");
  ASSERT_TRUE(res);
  EXPECT_FALSE(res->has_header("Access-Control-Allow-Origin"));
  res = client.Options("/equalsay.v1.PanelService/GetMe",
                       {{"Origin", "https://elsewhere.example"}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 403);

  ServerProcess open(
      {.database_url = db_.url(),
       .bootstrap_token = kAdminToken,
       .env = {{"EQUALSAY_CORS_ORIGINS", "https://app.example.org"}}});
  ASSERT_TRUE(open.WaitUntilServing().ok());
  auto other = Client(open);
  res = other.Options("/equalsay.v1.PanelService/GetMe",
                      {{"Origin", "https://app.example.org"},
                       {"Access-Control-Request-Method", "POST"}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 204);
  EXPECT_THAT(res->get_header_value("Access-Control-Allow-Headers"),
              HasSubstr("authorization"));
  res = other.Post("/equalsay.v1.PanelService/GetMe",
                   {{"Origin", "https://app.example.org"},
                    {"Authorization", std::string("Bearer ") + kAdminToken}},
                   EncodeFrame(0, ""), "application/grpc-web+proto");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->get_header_value("Access-Control-Allow-Origin"),
            "https://app.example.org");
  EXPECT_THAT(res->get_header_value("Access-Control-Expose-Headers"),
              HasSubstr("grpc-status"));
  res = other.Post("/equalsay.v1.PanelService/GetMe",
                   {{"Origin", "https://elsewhere.example"}},
                   EncodeFrame(0, ""), "application/grpc-web+proto");
  ASSERT_TRUE(res);
  EXPECT_FALSE(res->has_header("Access-Control-Allow-Origin"));
}

// A plain TCP connection to the HTTP port, for clients a library would not
// imitate: ones that stall half-way through a request, or never read.
class RawConnection {
 public:
  explicit RawConnection(int port) : fd_(socket(AF_INET, SOCK_STREAM, 0)) {
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ =
        connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0;
  }
  ~RawConnection() { close(fd_); }
  bool connected() const { return connected_; }
  bool Send(const std::string& bytes) {
    return write(fd_, bytes.data(), bytes.size()) ==
           static_cast<ssize_t>(bytes.size());
  }
  // What arrives within `wait`, or until `enough` has arrived.
  std::string Receive(absl::Duration wait, const std::string& enough = "") {
    std::string out;
    const absl::Time until = absl::Now() + wait;
    char buf[4096];
    while (absl::Now() < until &&
           (enough.empty() || out.find(enough) == std::string::npos)) {
      pollfd p{.fd = fd_, .events = POLLIN};
      if (poll(&p, 1, 50) <= 0) continue;
      const ssize_t n = read(fd_, buf, sizeof(buf));
      if (n <= 0) break;
      out.append(buf, n);
    }
    return out;
  }

 private:
  int fd_;
  bool connected_ = false;
};

int PortOf(const std::string& addr) {
  return std::stoi(addr.substr(addr.rfind(':') + 1));
}

// A whole gRPC-Web request, as bytes for a RawConnection.
std::string WebRequest(const std::string& path,
                       const google::protobuf::Message& request,
                       const std::string& token) {
  const std::string body = EncodeFrame(0, request.SerializeAsString());
  return absl::StrCat("POST ", path,
                      " HTTP/1.1\r\nHost: equalsay\r\n"
                      "Content-Type: application/grpc-web+proto\r\n"
                      "X-Grpc-Web: 1\r\nAuthorization: Bearer ",
                      token, "\r\nContent-Length: ", body.size(), "\r\n\r\n",
                      body);
}

std::string WatchRequest(const std::string& round_id,
                         const std::string& token) {
  v1::WatchRoundRequest watch;
  watch.set_round_id(round_id);
  return WebRequest("/equalsay.v1.ConsensusService/WatchRound", watch, token);
}

// Opens `n` more live streams of the round, the followers taking turns.
void OpenWatches(int port, int n, const std::string& round_id,
                 const std::vector<Account>& followers,
                 std::vector<std::unique_ptr<RawConnection>>& open) {
  for (int i = 0; i < n; ++i) {
    open.push_back(std::make_unique<RawConnection>(port));
    ASSERT_TRUE(open.back()->connected());
    ASSERT_TRUE(open.back()->Send(
        WatchRequest(round_id, followers[i % followers.size()].token)));
  }
}

// No thread is held per connection: 200 clients stalled half-way through
// their requests and 1,000 open live streams (a thousand members following
// a round) leave /healthz and ordinary calls answering at once; one person
// cannot open streams without end.
TEST_F(GrpcWebTest, SlowClientsAndThousandsOfStreamsLeaveThePortAnswering) {
  const Cast c = BuildRecruitment(/*open=*/true);
  const int port = PortOf(server_->http_addr());
  std::vector<std::unique_ptr<RawConnection>> open;
  for (int i = 0; i < 200; ++i) {
    open.push_back(std::make_unique<RawConnection>(port));
    ASSERT_TRUE(open.back()->connected());
    ASSERT_TRUE(
        open.back()->Send("POST /equalsay.v1.PanelService/GetMe "
                          "HTTP/1.1\r\nHost: equalsay\r\n"));
  }
  const std::vector<Account> followers = Followers(67);  // 15 streams each.
  ASSERT_NO_FATAL_FAILURE(
      OpenWatches(port, 1005, c.round.id(), followers, open));
  // Every stream has its first update: all are open at once. (A thousand
  // first updates each read the round; under a busy test run that takes a
  // few seconds.)
  for (size_t i = 200; i < open.size(); i += 100) {
    EXPECT_THAT(open[i]->Receive(absl::Seconds(20), "watch.started"),
                HasSubstr("watch.started"));
  }
  absl::Time start = absl::Now();
  EXPECT_EQ(server_->HttpGet("/healthz"), 200);
  EXPECT_LT(absl::Now() - start, absl::Seconds(1));
  start = absl::Now();
  const Reply me =
      Call("/equalsay.v1.PanelService/GetMe", EncodeFrame(0, ""), kAdminToken);
  EXPECT_EQ(me.grpc_status(), 0);
  // Through the database pool, beside whatever else the test run is doing.
  EXPECT_LT(absl::Now() - start, absl::Seconds(3));

  // A 17th call at once for one person is refused, in words.
  RawConnection one_more(port), too_many(port);
  ASSERT_TRUE(one_more.Send(WatchRequest(c.round.id(), followers[0].token)));
  EXPECT_THAT(one_more.Receive(absl::Seconds(20), "watch.started"),
              HasSubstr("watch.started"));
  ASSERT_TRUE(too_many.Send(WatchRequest(c.round.id(), followers[0].token)));
  const std::string refused =
      too_many.Receive(absl::Seconds(20), "too many live connections");
  EXPECT_THAT(refused, HasSubstr("grpc-status:8"));
  EXPECT_THAT(refused, HasSubstr("too many live connections"));

  open.clear();  // Everyone leaves; the server lets go of their streams.
  EXPECT_EQ(server_->HttpGet("/healthz"), 200);
  EXPECT_TRUE(server_->process().Running());
}

// A server told to stop while browsers follow a round (streams being read,
// streams just asked for, requests cut off half-way, new calls still
// arriving while it stops) ends them and exits cleanly every time, never
// with a crash mid-way.
TEST_F(GrpcWebTest, StoppingWithOpenStreamsEndsCleanly) {
  const Cast c = BuildRecruitment(/*open=*/true);
  const std::vector<Account> followers = Followers(4);
  for (int turn = 0; turn < 6; ++turn) {
    auto server = AnotherServer();
    ASSERT_TRUE(server->WaitUntilServing().ok());
    const int port = server->http_port();
    std::vector<std::unique_ptr<RawConnection>> open;
    ASSERT_NO_FATAL_FAILURE(
        OpenWatches(port, 40, c.round.id(), followers, open));
    // Half are known to be streaming; the rest may still be starting.
    for (size_t i = 0; i < open.size(); i += 2) {
      EXPECT_THAT(open[i]->Receive(absl::Seconds(20), "watch.started"),
                  HasSubstr("watch.started"))
          << "turn " << turn;
    }
    RawConnection half_way(port);
    ASSERT_TRUE(
        half_way.Send("POST /equalsay.v1.PanelService/GetMe "
                      "HTTP/1.1\r\nHost: equalsay\r\n"));
    // A call still working when the stop begins (it waits for the round,
    // held here), so the gRPC server is some time stopping; and browsers
    // reconnecting all through the stop: no new call may reach a gRPC
    // server that is stopping (that crashed it).
    pqxx::connection holder(db_.url());
    pqxx::work hold(holder);
    hold.exec1("SELECT 1 FROM rounds WHERE id = " + c.round.id() +
               " FOR UPDATE");
    std::thread slow([&] {
      Api api(server->grpc_addr());
      v1::SubmitScoreSheetRequest req;
      req.set_request_id(Api::NewId());
      req.set_candidate_id(c.named.id());
      v1::ScoreSheet ignored;
      (void)api.scoring().SubmitScoreSheet(api.Ctx(c.su_member.token).get(),
                                           req, &ignored);
    });
    absl::SleepFor(absl::Milliseconds(200));  // It reaches the round.
    std::thread release([&] {
      absl::SleepFor(absl::Milliseconds(1500));
      hold.abort();
    });
    std::atomic<bool> stopped{false};
    std::vector<std::thread> knocking;
    for (int k = 0; k < 2; ++k) {
      knocking.emplace_back([&, k] {
        while (!stopped.load()) {
          RawConnection again(port);
          if (!again.connected()) break;
          again.Send(WatchRequest(c.round.id(), followers[k].token));
          again.Receive(absl::Milliseconds(5));
        }
      });
    }
    EXPECT_EQ(server->Stop(), 0) << "turn " << turn;
    stopped = true;
    for (std::thread& t : knocking) t.join();
    release.join();
    slow.join();
  }
}

// Browsers that leave while their calls are still working (each a unary
// call waiting for its round, held here) are let go at once: the person,
// at their limit of open calls before, may call again though the calls
// left behind have not ended, and the server stays up.
TEST_F(GrpcWebTest, BrowsersLeavingUnaryCallsHalfWayAreLetGo) {
  const Cast c = BuildRecruitment(/*open=*/true);
  const int port = PortOf(server_->http_addr());
  pqxx::connection holder(db_.url());
  pqxx::work hold(holder);
  hold.exec1("SELECT 1 FROM rounds WHERE id = " + c.round.id() + " FOR UPDATE");
  v1::SubmitScoreSheetRequest submit;
  submit.set_candidate_id(c.named.id());
  std::vector<std::unique_ptr<RawConnection>> waiting;
  for (int i = 0; i < 16; ++i) {  // As many as one person may have open.
    submit.set_request_id(Api::NewId());
    waiting.push_back(std::make_unique<RawConnection>(port));
    ASSERT_TRUE(waiting.back()->Send(
        WebRequest("/equalsay.v1.ScoringService/SubmitScoreSheet", submit,
                   c.su_member.token)));
  }
  const std::string get_me = WebRequest("/equalsay.v1.PanelService/GetMe",
                                        v1::GetMeRequest(), c.su_member.token);
  // The person's call status on a new connection, once `status` comes back
  // or five seconds have passed.
  const auto call_until = [&](const std::string& status) {
    std::string answer;
    for (int i = 0; i < 100 && !absl::StrContains(answer, status); ++i) {
      if (i > 0) absl::SleepFor(absl::Milliseconds(50));
      RawConnection again(port);
      EXPECT_TRUE(again.Send(get_me));
      answer = again.Receive(absl::Seconds(20), "grpc-status:");
    }
    return answer;
  };
  // Once all sixteen have arrived, a seventeenth is refused.
  EXPECT_THAT(call_until("grpc-status:8"), HasSubstr("grpc-status:8"));
  // Past the moment a long call's connection is watched, everyone leaves.
  absl::SleepFor(absl::Milliseconds(1500));
  waiting.clear();
  const std::string answer = call_until("grpc-status:0");
  EXPECT_THAT(answer, HasSubstr("grpc-status:0"));
  hold.abort();
  EXPECT_EQ(server_->HttpGet("/healthz"), 200);
  EXPECT_TRUE(server_->process().Running());
}

}  // namespace
}  // namespace equalsay::testing
