// The server binary against real PostgreSQL: first start, migrations, two
// servers at once, health, reflection, logging and one-line startup errors.
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpc/reflection/v1alpha/reflection.grpc.pb.h"
#include "services/common/base/token.h"
#include "services/common/store/migrations.h"
#include "tests/support/scratch_database.h"
#include "tests/support/server_process.h"

namespace equalsay::testing {
namespace {

constexpr char kToken[] = "eqs_test-bootstrap-token-0123456789abcdefghij";

int Lines(const std::string& text) {
  return static_cast<int>(std::count(text.begin(), text.end(), '\n'));
}

TEST(ServerTest, FirstStartMigratesEmptyDatabaseAndServes) {
  ScratchDatabase db;
  ServerProcess server({.database_url = db.url(), .bootstrap_token = kToken});
  ASSERT_TRUE(server.WaitUntilServing().ok());

  EXPECT_EQ(server.HttpGet("/healthz"), 200);
  const auto count = std::to_string(EmbeddedMigrations().size());
  EXPECT_EQ(db.Query("SELECT count(*) FROM schema_migrations"), count);
  EXPECT_EQ(db.Query("SELECT count(DISTINCT version) FROM schema_migrations"),
            count);
  EXPECT_EQ(db.Query("SELECT count(*) FROM people WHERE org_role = 'ADMIN'"),
            "1");
  // Stored hashed: the hash is there, the token nowhere.
  EXPECT_EQ(db.Query("SELECT token_hash FROM tokens"), HashToken(kToken));
  EXPECT_EQ(db.Query(absl::StrCat(
                "SELECT count(*) FROM tokens t WHERE t::text LIKE '%",
                std::string(kToken).substr(4), "%'")),
            "0");
  EXPECT_EQ(db.Query("SELECT action || ' ' || subject FROM events"),
            "person.created person/" + db.Query("SELECT id FROM people"));
  // A given token is never echoed.
  EXPECT_EQ(server.process().Stdout().find(kToken), std::string::npos);

  EXPECT_EQ(server.Stop(), 0);
  EXPECT_NE(server.process().Stderr().find("stopped"), std::string::npos);
}

// Migrations only go forward: an older release started on a database a
// newer one migrated refuses, naming what it does not know, and changes
// nothing (going back means restoring a backup).
TEST(ServerTest, AnOlderReleaseRefusesADatabaseANewerOneMigrated) {
  ScratchDatabase db;
  {
    ServerProcess server({.database_url = db.url(), .bootstrap_token = kToken});
    ASSERT_TRUE(server.WaitUntilServing().ok());
    ASSERT_EQ(server.Stop(), 0);
  }
  db.Query(
      "INSERT INTO schema_migrations (version, name, checksum) "
      "VALUES (9999, '9999_from_the_future.sql', 'x')");
  const std::string events = db.Query("SELECT count(*) FROM events");
  ServerProcess older({.database_url = db.url(), .bootstrap_token = kToken});
  const auto code = older.process().WaitForExit(absl::Seconds(20));
  ASSERT_TRUE(code.has_value());
  EXPECT_EQ(*code, 1);
  const std::string err = older.process().Stderr();
  EXPECT_NE(err.find("equalsay-server: this database was migrated by a newer "
                     "release of equalsay (it has migration 9999"),
            std::string::npos)
      << err;
  EXPECT_EQ(db.Query("SELECT count(*) FROM events"), events);
}

TEST(ServerTest, GeneratedTokenIsShownOnceAndStoredOnlyAsHash) {
  ScratchDatabase db;
  std::string shown;
  {
    ServerProcess server({.database_url = db.url()});
    ASSERT_TRUE(server.WaitUntilServing().ok());
    std::smatch match;
    const std::string out = server.process().Stdout();
    const std::regex token_re("eqs_[A-Za-z0-9_-]{43}");
    ASSERT_TRUE(std::regex_search(out, match, token_re)) << out;
    shown = match.str();
    ASSERT_EQ(server.Stop(), 0);
  }
  EXPECT_EQ(db.Query("SELECT token_hash FROM tokens"), HashToken(shown));

  // A second start on the same data keeps it and shows no token.
  ServerProcess again({.database_url = db.url()});
  ASSERT_TRUE(again.WaitUntilServing().ok());
  EXPECT_EQ(again.process().Stdout().find("eqs_"), std::string::npos);
  EXPECT_EQ(db.Query("SELECT count(*) FROM people"), "1");
  EXPECT_EQ(again.Stop(), 0);
}

TEST(ServerTest, TwoServersStartedTogetherShareOneDatabase) {
  ScratchDatabase db;
  ServerProcess a({.database_url = db.url()});
  ServerProcess b({.database_url = db.url()});
  ASSERT_TRUE(a.WaitUntilServing().ok());
  ASSERT_TRUE(b.WaitUntilServing().ok());
  EXPECT_EQ(db.Query("SELECT count(*) FROM schema_migrations"),
            std::to_string(EmbeddedMigrations().size()));
  EXPECT_EQ(db.Query("SELECT count(*) FROM people"), "1");
  // Exactly one of them made the administrator and showed a token.
  const bool a_shown = a.process().Stdout().find("eqs_") != std::string::npos;
  const bool b_shown = b.process().Stdout().find("eqs_") != std::string::npos;
  EXPECT_NE(a_shown, b_shown);
  EXPECT_EQ(a.Stop(), 0);
  EXPECT_EQ(b.Stop(), 0);
}

TEST(ServerTest, BadDatabaseUrlGivesOneLineAndNonZeroExit) {
  ServerProcess server({.database_url = absl::StrCat(
                            "postgresql://equalsay:s3cret-pw@127.0.0.1:",
                            FreePort(), "/nowhere")});
  const auto code = server.process().WaitForExit(absl::Seconds(20));
  ASSERT_TRUE(code.has_value());
  EXPECT_EQ(*code, 1);
  const std::string err = server.process().Stderr();
  EXPECT_EQ(Lines(err), 1) << err;
  EXPECT_NE(err.find("EQUALSAY_DATABASE_URL"), std::string::npos) << err;
  EXPECT_EQ(err.find("s3cret-pw"), std::string::npos) << err;
}

TEST(ServerTest, InvalidSettingGivesOneLineNamingItAndUsageExit) {
  ScratchDatabase db;
  ServerProcess server(
      {.database_url = db.url(), .env = {{"EQUALSAY_DB_POOL_SIZE", "none"}}});
  const auto code = server.process().WaitForExit(absl::Seconds(20));
  ASSERT_TRUE(code.has_value());
  EXPECT_EQ(*code, 2);
  const std::string err = server.process().Stderr();
  EXPECT_EQ(Lines(err), 1) << err;
  EXPECT_NE(err.find("EQUALSAY_DB_POOL_SIZE"), std::string::npos) << err;
}

// Holds a port open as a listening socket, as another program would.
class PortHolder {
 public:
  PortHolder() {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr));
    listen(fd_, 1);
    socklen_t len = sizeof(addr);
    getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
  }
  ~PortHolder() { close(fd_); }
  int port() const { return port_; }

 private:
  int fd_;
  int port_;
};

TEST(ServerTest, PortInUseGivesOneLineAndNonZeroExit) {
  ScratchDatabase db;
  PortHolder held;
  for (const bool grpc_port : {true, false}) {
    ServerOptions options{.database_url = db.url()};
    (grpc_port ? options.grpc_port : options.http_port) = held.port();
    ServerProcess server(options);
    const auto code = server.process().WaitForExit(absl::Seconds(20));
    ASSERT_TRUE(code.has_value());
    EXPECT_EQ(*code, 1);
    const std::string err = server.process().Stderr();
    EXPECT_EQ(Lines(err), 1) << err;
    EXPECT_NE(err.find(absl::StrCat("127.0.0.1:", held.port())),
              std::string::npos)
        << err;
    EXPECT_NE(err.find(grpc_port ? "gRPC" : "HTTP"), std::string::npos) << err;
  }
}

TEST(ServerTest, SecondServerOnSamePortFailsInsteadOfSharingIt) {
  ScratchDatabase db;
  ServerProcess first({.database_url = db.url()});
  ASSERT_TRUE(first.WaitUntilServing().ok());
  ServerOptions options{.database_url = db.url()};
  options.grpc_port = first.grpc_port();
  ServerProcess second(options);
  const auto code = second.process().WaitForExit(absl::Seconds(20));
  ASSERT_TRUE(code.has_value());
  EXPECT_EQ(*code, 1);
  EXPECT_EQ(first.Health(), grpc::health::v1::HealthCheckResponse::SERVING);
  EXPECT_EQ(first.Stop(), 0);
}

TEST(ServerTest, ServesTlsOnBothPortsWhenGivenACertificate) {
  char dir[] = "/tmp/equalsay-tls-XXXXXX";
  ASSERT_NE(mkdtemp(dir), nullptr);
  const std::string cert = std::string(dir) + "/cert.pem";
  const std::string key = std::string(dir) + "/key.pem";
  std::string out, err;
  ASSERT_EQ(RunCommand({"/usr/bin/openssl", "req", "-x509", "-newkey",
                        "rsa:2048", "-nodes", "-keyout", key, "-out", cert,
                        "-days", "1", "-subj", "/CN=localhost", "-addext",
                        "subjectAltName=IP:127.0.0.1,DNS:localhost"},
                       {}, &out, &err),
            0)
      << err;
  ScratchDatabase db;
  ServerProcess server(
      {.database_url = db.url(), .tls_cert_file = cert, .tls_key_file = key});
  ASSERT_TRUE(server.WaitUntilServing().ok());  // gRPC over TLS.
  EXPECT_EQ(server.HttpGet("/healthz"), 200);   // HTTPS.
  {  // With TLS, browsers are told to keep to it (HSTS).
    const auto colon = server.http_addr().rfind(':');
    httplib::SSLClient https(server.http_addr().substr(0, colon),
                             std::stoi(server.http_addr().substr(colon + 1)));
    https.set_ca_cert_path(cert);
    auto res = https.Get("/healthz");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->get_header_value("Strict-Transport-Security"),
              "max-age=31536000");
  }
  // Plaintext is refused on both ports.
  auto plain = grpc::health::v1::Health::NewStub(grpc::CreateChannel(
      server.grpc_addr(), grpc::InsecureChannelCredentials()));
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::seconds(2));
  grpc::health::v1::HealthCheckResponse response;
  EXPECT_FALSE(plain->Check(&context, {}, &response).ok());
  // The command line speaks TLS when told to, trusting the given CA.
  EXPECT_EQ(RunCommand({EQUALSAY_CLI_BIN, "--server", server.grpc_addr(),
                        "--tls", "--ca-cert", cert, "status"},
                       {}, &out, &err),
            0)
      << err;
  EXPECT_NE(out.find("is serving"), std::string::npos);
  EXPECT_EQ(
      RunCommand({EQUALSAY_CLI_BIN, "--server", server.grpc_addr(), "status"},
                 {}, &out, &err),
      6);
  EXPECT_EQ(server.Stop(), 0);
  std::filesystem::remove_all(dir);
}

// An operator reads the settings in the README: every one the server takes
// is there, and --version says which release this is.
TEST(ServerTest, TheReadmeListsEverySettingAndTheVersionIsShown) {
  std::string help, err;
  ASSERT_EQ(RunCommand({EQUALSAY_SERVER_BIN, "--help"}, {}, &help, &err), 0);
  std::ifstream in(std::string(EQUALSAY_SOURCE_DIR) + "/README.md");
  const std::string readme((std::istreambuf_iterator<char>(in)), {});
  const std::regex setting(R"(\((EQUALSAY_[A-Z_]+)\))");
  int settings = 0;
  for (std::sregex_iterator it(help.begin(), help.end(), setting), end;
       it != end; ++it, ++settings) {
    EXPECT_NE(readme.find(absl::StrCat("`", (*it)[1].str(), "`")),
              std::string::npos)
        << (*it)[1] << " is not in the README's table";
  }
  EXPECT_GE(settings, 20);
  std::string out;
  ASSERT_EQ(RunCommand({EQUALSAY_SERVER_BIN, "--version"}, {}, &out, &err), 0);
  EXPECT_TRUE(std::regex_match(
      out, std::regex("equalsay-server [0-9]+\\.[0-9]+\\.[0-9]+\n")))
      << out;
}

TEST(ServerTest, ReflectionListsTheHealthService) {
  ScratchDatabase db;
  ServerProcess server({.database_url = db.url()});
  ASSERT_TRUE(server.WaitUntilServing().ok());
  auto stub =
      grpc::reflection::v1alpha::ServerReflection::NewStub(grpc::CreateChannel(
          server.grpc_addr(), grpc::InsecureChannelCredentials()));
  grpc::ClientContext context;
  auto stream = stub->ServerReflectionInfo(&context);
  grpc::reflection::v1alpha::ServerReflectionRequest request;
  request.set_list_services("*");
  ASSERT_TRUE(stream->Write(request));
  stream->WritesDone();
  grpc::reflection::v1alpha::ServerReflectionResponse response;
  ASSERT_TRUE(stream->Read(&response));
  std::vector<std::string> names;
  for (const auto& s : response.list_services_response().service()) {
    names.push_back(s.name());
  }
  EXPECT_NE(std::find(names.begin(), names.end(), "grpc.health.v1.Health"),
            names.end());
  EXPECT_TRUE(stream->Finish().ok());
}

TEST(ServerTest, LogsOneLinePerRpcWithoutTokens) {
  ScratchDatabase db;
  ServerProcess server({.database_url = db.url(), .bootstrap_token = kToken});
  ASSERT_TRUE(server.WaitUntilServing().ok());
  {  // Closed before the stop: an idle C++ client answers the server's
     // goodbye ping only on its 5 s backup poll, which would slow the test.
    auto stub = grpc::health::v1::Health::NewStub(grpc::CreateChannel(
        server.grpc_addr(), grpc::InsecureChannelCredentials()));
    grpc::ClientContext context;
    context.AddMetadata("authorization", absl::StrCat("Bearer ", kToken));
    grpc::health::v1::HealthCheckRequest request;
    request.set_service("no.such.Service");
    grpc::health::v1::HealthCheckResponse response;
    EXPECT_EQ(stub->Check(&context, request, &response).error_code(),
              grpc::StatusCode::NOT_FOUND);
  }
  ASSERT_EQ(server.Stop(), 0);
  const std::string err = server.process().Stderr();
  for (const char* code : {"NOT_FOUND", "OK"}) {
    EXPECT_TRUE(std::regex_search(
        err, std::regex(absl::StrCat(
                 R"(rpc method=/grpc\.health\.v1\.Health/Check code=)", code,
                 R"( duration_ms=[0-9.]+ request_id=[0-9a-f]{16}\n)"))))
        << err;
  }
  EXPECT_EQ(err.find(std::string(kToken).substr(4)), std::string::npos);
}

// Bytes that are not the call's message, and calls the server does not
// have, get a status a person can act on, never gRPC's wordless INTERNAL
// or UNIMPLEMENTED.
TEST(ServerTest, UnreadableRequestsAndUnknownCallsAreAnsweredInWords) {
  ScratchDatabase db;
  ServerProcess server({.database_url = db.url(), .bootstrap_token = kToken});
  ASSERT_TRUE(server.WaitUntilServing().ok());
  grpc::GenericStub stub(grpc::CreateChannel(
      server.grpc_addr(), grpc::InsecureChannelCredentials()));
  auto call = [&](const std::string& method, const std::string& bytes) {
    grpc::ClientContext context;
    context.AddMetadata("authorization", absl::StrCat("Bearer ", kToken));
    context.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::seconds(5));
    grpc::Slice slice(bytes);
    grpc::ByteBuffer request(&slice, 1), response;
    absl::Notification done;
    grpc::Status status;
    stub.UnaryCall(&context, method, grpc::StubOptions(), &request, &response,
                   [&](grpc::Status s) {
                     status = std::move(s);
                     done.Notify();
                   });
    done.WaitForNotification();
    return status;
  };
  // Field 1 of GetRoundRequest as a varint, and a length running off the
  // end: not a message of any kind.
  for (const std::string& bytes :
       {std::string("\x08\x96"), std::string("\x0a\xff\xff\xff\x0f", 5)}) {
    const grpc::Status s = call("/equalsay.v1.PanelService/GetRound", bytes);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_NE(s.error_message().find("could not be read"), std::string::npos)
        << s.error_message();
  }
  const grpc::Status unknown = call("/equalsay.v1.PanelService/GetRoudn", "");
  EXPECT_EQ(unknown.error_code(), grpc::StatusCode::UNIMPLEMENTED);
  EXPECT_NE(unknown.error_message().find("no call named "
                                         "/equalsay.v1.PanelService/GetRoudn"),
            std::string::npos)
      << unknown.error_message();
  EXPECT_EQ(call("/no.such.Service/Anything", "").error_code(),
            grpc::StatusCode::UNIMPLEMENTED);
  // The server is none the worse.
  EXPECT_EQ(server.Health(), grpc::health::v1::HealthCheckResponse::SERVING);
}

// A database set up before the tables had an owner role of their own: the
// server with the owner's URL refuses to start and says what a superuser
// runs once; after that, it starts and the server's role only uses.
TEST(ServerTest, TablesOfTheServersRoleAreHandedToTheOwnerFirst) {
  ScratchDatabase db;
  if (db.owner_url().empty()) GTEST_SKIP() << "scripts/test makes an owner";
  {
    ServerProcess alone({.database_url = db.url()});  // Its role migrates.
    ASSERT_TRUE(alone.WaitUntilServing().ok());
    EXPECT_NE(alone.process().Stderr().find("EQUALSAY_OWNER_DATABASE_URL"),
              std::string::npos);
    ASSERT_EQ(alone.Stop(), 0);
  }
  ServerProcess owned(
      {.database_url = db.url(),
       .env = {{"EQUALSAY_OWNER_DATABASE_URL", db.owner_url()}}});
  const auto code = owned.process().WaitForExit(absl::Seconds(20));
  ASSERT_TRUE(code.has_value());
  EXPECT_NE(*code, 0);
  const std::string err = owned.process().Stderr();
  EXPECT_NE(err.find("REASSIGN OWNED BY \"equalsay\" TO \"equalsay_owner\""),
            std::string::npos)
      << err;

  db.Query("REASSIGN OWNED BY equalsay TO equalsay_owner");
  ServerProcess after(
      {.database_url = db.url(),
       .env = {{"EQUALSAY_OWNER_DATABASE_URL", db.owner_url()}}});
  ASSERT_TRUE(after.WaitUntilServing().ok());
  EXPECT_EQ(db.Query("SELECT has_table_privilege('equalsay', 'events', "
                     "'UPDATE')::text"),
            "false");
  EXPECT_EQ(db.Query("SELECT has_table_privilege('equalsay', 'ballots', "
                     "'UPDATE')::text"),
            "true");
}

}  // namespace
}  // namespace equalsay::testing
