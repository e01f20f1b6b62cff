#include "services/server/app.h"

#include <arpa/inet.h>
#include <grpcpp/grpcpp.h>
#include <grpcpp/health_check_service_interface.h>
#include <netdb.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>

#include "absl/functional/function_ref.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/common/base/log.h"
#include "services/common/base/metrics.h"
#include "services/common/base/status_macros.h"
#include "services/common/service/group_commit.h"
#include "services/common/service/plain_errors.h"
#include "services/common/service/rpc_log.h"
#include "services/common/store/migrations.h"
#include "services/consensus/service/consensus_service.h"
#include "services/consensus/store/decision_store.h"
#include "services/panels/service/panel_service.h"
#include "services/panels/store/bootstrap.h"
#include "services/panels/store/involvement_store.h"
#include "services/panels/store/pack_store.h"
#include "services/panels/store/people_store.h"
#include "services/panels/store/round_store.h"
#include "services/privacy/store/kept_texts.h"
#include "services/privacy/store/subject_keys.h"
#include "services/scoring/service/scoring_service.h"
#include "services/scoring/store/sheet_store.h"

namespace equalsay {
namespace {

absl::StatusOr<std::string> ReadFile(const std::string& path,
                                     const char* what) {
  std::ifstream in(path);
  std::stringstream buffer;
  if (!in || !(buffer << in.rdbuf())) {
    return absl::InvalidArgumentError(
        absl::StrCat(what, " file \"", path, "\" cannot be read"));
  }
  return buffer.str();
}

// gRPC reports a busy port only through its own multi-line log, so try the
// address first to give one clear line.
absl::Status CheckCanListen(const std::string& addr) {
  EQ_ASSIGN_OR_RETURN(const HostPort split,
                      SplitHostPort("EQUALSAY_GRPC_ADDR", addr));
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE;
  addrinfo* found = nullptr;
  if (getaddrinfo(split.host.c_str(), std::to_string(split.port).c_str(),
                  &hints, &found) != 0) {
    return absl::InvalidArgumentError(absl::StrCat(
        "EQUALSAY_GRPC_ADDR host \"", split.host, "\" is not a known address"));
  }
  bool ok = false;
  for (addrinfo* a = found; a != nullptr && !ok; a = a->ai_next) {
    const int fd = socket(a->ai_family, a->ai_socktype, a->ai_protocol);
    if (fd < 0) continue;
    int yes = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
    ok = bind(fd, a->ai_addr, a->ai_addrlen) == 0;
    close(fd);
  }
  freeaddrinfo(found);
  if (!ok) {
    return absl::UnavailableError(absl::StrCat(
        "cannot listen for gRPC on ", addr,
        ": the port is in use or the address is not on this machine (set "
        "EQUALSAY_GRPC_ADDR)"));
  }
  return absl::OkStatus();
}

// Answers SERVING while the process answers at all: for liveness probes.
constexpr char kLivenessService[] = "liveness";

}  // namespace

App::~App() { Shutdown(); }

absl::Status App::PrepareSealing() {
  EQ_RETURN_IF_ERROR(pool_->Transact([&](pqxx::transaction_base& txn) {
    return privacy::CheckDataKeysHeld(txn, *keys_);
  }));
  // In pieces, so a large database is never held in one transaction; rows
  // another server is working on at the same moment are passed over.
  constexpr int kPiece = 500;
  const auto in_pieces =
      [&](absl::FunctionRef<int64_t(pqxx::transaction_base&)> step)
      -> absl::StatusOr<int64_t> {
    int64_t total = 0, done = 0;
    do {
      EQ_RETURN_IF_ERROR(pool_->Transact([&](pqxx::transaction_base& txn) {
        done = step(txn);
        return absl::OkStatus();
      }));
      total += done;
    } while (done > 0);
    return total;
  };
  EQ_ASSIGN_OR_RETURN(const int64_t rewrapped,
                      in_pieces([&](pqxx::transaction_base& txn) {
                        return privacy::RewrapSubjectKeys(txn, *keys_, kPiece);
                      }));
  if (rewrapped > 0) {
    LogLine(absl::StrCat(
        "data keys: ", rewrapped,
        rewrapped == 1 ? " subject's key is" : " subjects' keys are",
        " now locked with \"", keys_->current().id,
        "\"; the older data keys may be taken out of EQUALSAY_DATA_KEYS once "
        "every server has started with this setting"));
  }
  // What earlier versions kept unlocked.
  using Lock =
      int64_t (*)(pqxx::transaction_base&, const privacy::DataKeys&, int);
  const struct {
    const char* one;
    const char* many;
    Lock lock;
  } kEarlier[] = {
      {"person's name and e-mail address",
       "people's names and e-mail addresses", &panels::LockPlainPeople},
      {"candidate's name and reference", "candidates' names and references",
       &panels::LockPlainCandidates},
      {"decision on a candidate", "decisions on candidates",
       &consensus::LockPlainDecisionTitles},
      {"reason", "reasons", &privacy::LockPlainKeptTexts},
      {"document", "documents", &panels::LockPlainDocuments},
      {"conflict of interest", "conflicts of interest",
       &panels::LockPlainConflictReasons},
      {"note by HR", "notes by HR", &consensus::LockPlainHrNotes},
      {"entry of time or expenses", "entries of time or expenses",
       &panels::LockPlainInvolvementNotes},
      {"score sheet version", "score sheet versions",
       &scoring::LockPlainEvidence},
      {"copy of a reason given with a vote",
       "copies of reasons given with votes", &consensus::LockPlainVoteReasons},
      {"reason for reopening a decision", "reasons for reopening decisions",
       &consensus::LockPlainReopenReasons},
      {"name of a sign-in", "names of sign-ins", &panels::LockPlainTokenLabels},
  };
  std::vector<std::string> locked;
  for (const auto& earlier : kEarlier) {
    EQ_ASSIGN_OR_RETURN(const int64_t n,
                        in_pieces([&](pqxx::transaction_base& txn) {
                          return earlier.lock(txn, *keys_, kPiece);
                        }));
    if (n > 0) {
      locked.push_back(
          absl::StrCat(n, " ", n == 1 ? earlier.one : earlier.many));
    }
  }
  if (!locked.empty()) {
    LogLine(
        absl::StrCat("data keys: locked what was kept before personal "
                     "data was locked: ",
                     absl::StrJoin(locked, ", ")));
  }
  return absl::OkStatus();
}

absl::Status App::Start() {
  SetLogFormat(config_.json_logs ? LogFormat::kJson : LogFormat::kText);
  ServerMetrics::Start();
  // Ports first: a server that cannot listen must not touch the database.
  EQ_ASSIGN_OR_RETURN(
      http_,
      gateway::HttpServer::Bind(
          {.addr = config_.http_addr,
           .tls_cert_file = config_.tls_cert_file,
           .tls_key_file = config_.tls_key_file,
           .serving =
               [this] { return health_ != nullptr && health_->serving(); },
           .cors_origins = config_.cors_origins,
           .web_root = config_.web_root,
           .metrics_token = config_.metrics_token}));
  EQ_RETURN_IF_ERROR(CheckCanListen(config_.grpc_addr));

  {
    absl::StatusOr<privacy::DataKeys> keys =
        privacy::DataKeys::Parse(config_.data_keys);
    if (!keys.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("EQUALSAY_DATA_KEYS: ", keys.status().message()));
    }
    keys_ = *std::move(keys);
  }
  EQ_ASSIGN_OR_RETURN(auto migrations, PlanMigrations(EmbeddedMigrations()));
  auto conn = Connect(config_.database_url);
  if (!conn.ok()) {
    return absl::UnavailableError(
        absl::StrCat("cannot connect to the database at ",
                     RedactDatabaseUrl(config_.database_url),
                     " (EQUALSAY_DATABASE_URL): ", conn.status().message()));
  }
  // With an owner role, it migrates and the server's role gets only what
  // it needs; without one, the server's role owns everything (and could
  // change the audit trail).
  const bool owned = !config_.owner_database_url.empty();
  std::string service_role;
  {
    pqxx::nontransaction who(**conn);
    service_role = who.exec1("SELECT current_user")[0].as<std::string>();
    if (!who.exec1("SHOW track_commit_timestamp")[0]
             .as<std::string>()
             .starts_with("on")) {
      LogLine(
          "PostgreSQL does not keep commit times (track_commit_timestamp is "
          "off), so an audit event back-dated by a database superuser would "
          "be sealed as genuine: turn it on (see the README)");
    }
  }
  if (owned) {
    conn->reset();
    conn = Connect(config_.owner_database_url);
    if (!conn.ok()) {
      return absl::UnavailableError(absl::StrCat(
          "cannot connect to the database at ",
          RedactDatabaseUrl(config_.owner_database_url),
          " (EQUALSAY_OWNER_DATABASE_URL): ", conn.status().message()));
    }
    EQ_RETURN_IF_ERROR(CheckOwnsTables(**conn));
  } else {
    LogLine(
        "the server's own database role owns the tables, so it could change "
        "the audit trail: set EQUALSAY_OWNER_DATABASE_URL to a role of its "
        "own (see the README)");
  }
  panels::BootstrapResult bootstrap;
  EQ_RETURN_IF_ERROR(MigrateAndThen(
      **conn, migrations, [&](pqxx::connection& c) -> absl::Status {
        if (owned) EQ_RETURN_IF_ERROR(GrantServiceRole(c, service_role));
        EQ_ASSIGN_OR_RETURN(bootstrap, panels::BootstrapAdministrator(
                                           c, *keys_, config_.bootstrap_token));
        return absl::OkStatus();
      }));
  conn->reset();
  // Shown (and flushed) before the server reports itself ready.
  if (bootstrap.created) {
    if (bootstrap.shown_token.empty()) {
      std::cout << "First start: created the administrator, who signs in with "
                   "the token from EQUALSAY_BOOTSTRAP_TOKEN."
                << std::endl;
    } else {
      std::cout << "First start: created the administrator. Their token is "
                   "shown only this once; keep it safe:\n  "
                << bootstrap.shown_token << std::endl;
    }
  }

  pool_ = std::make_unique<DbPool>(DbPool::Options{
      .url = config_.database_url,
      .size = config_.db_pool_size,
      .wait = config_.db_pool_wait,
      .call_timeout = config_.db_call_timeout,
  });
  EQ_RETURN_IF_ERROR(PrepareSealing());
  health_ = std::make_unique<HealthMonitor>(
      config_.database_url, config_.health_interval, [this](bool serving) {
        if (grpc_ != nullptr) {
          grpc_->GetHealthCheckService()->SetServingStatus(serving);
          // Alive whatever the database does: restarting pods would not
          // bring it back.
          grpc_->GetHealthCheckService()->SetServingStatus(kLivenessService,
                                                           true);
        }
      });

  std::shared_ptr<grpc::ServerCredentials> credentials =
      grpc::InsecureServerCredentials();
  if (config_.tls()) {
    EQ_ASSIGN_OR_RETURN(auto cert,
                        ReadFile(config_.tls_cert_file, "EQUALSAY_TLS_CERT"));
    EQ_ASSIGN_OR_RETURN(auto key,
                        ReadFile(config_.tls_key_file, "EQUALSAY_TLS_KEY"));
    grpc::SslServerCredentialsOptions options;
    options.pem_key_cert_pairs.push_back({key, cert});
    credentials = grpc::SslServerCredentials(options);
  }

  watch_ = std::make_unique<consensus::RoundWatch>(*pool_, *keys_,
                                                   config_.database_url);
  closer_ = std::make_unique<consensus::DecisionCloser>(
      *pool_, *keys_, watch_.get(), config_.closing_check_interval);
  sealer_ = std::make_unique<consensus::AuditSealer>(
      *pool_, config_.seal_interval, config_.audit_late_commit);
  absl::TimeZone zone;
  if (!absl::LoadTimeZone(config_.time_zone, &zone)) {
    return absl::InvalidArgumentError(
        absl::StrCat("EQUALSAY_TIME_ZONE: \"", config_.time_zone,
                     "\" is not a time zone this system knows (a name such as "
                     "Europe/London; the tzdata package holds them)"));
  }
  if (!config_.smtp_url.empty()) {
    EQ_ASSIGN_OR_RETURN(mail::SmtpServer smtp,
                        mail::ParseSmtpUrl(config_.smtp_url));
    mail_ = std::make_unique<mail::MailWorker>(
        *pool_, *keys_,
        mail::SmtpSender(std::move(smtp), config_.mail_from,
                         config_.smtp_ca_file),
        mail::MailWorkerOptions{.interval = config_.mail_interval,
                                .first_retry = config_.mail_first_retry,
                                .public_url = config_.public_url,
                                .link_days = config_.sign_in_link_days,
                                .zone = zone});
  }
  const mail::Outbox outbox(mail_ != nullptr);
  const panels::RetentionPolicy retention{
      .candidate_months = config_.retain_candidates_months,
      .people_months = config_.retain_people_months};
  retention_ = std::make_unique<panels::RetentionKeeper>(
      *pool_, *keys_, retention, config_.retention_interval, watch_.get());
  services_.push_back(std::make_unique<panels::PanelServiceImpl>(
      *pool_, *keys_,
      panels::SignInOptions{
          .public_url = config_.public_url,
          .link_days = config_.sign_in_link_days,
          .idle_days = config_.session_idle_days,
          .provider =
              config_.oidc_issuer.empty()
                  ? nullptr
                  : std::make_shared<oidc::OidcClient>(oidc::ProviderSettings{
                        .issuer = config_.oidc_issuer,
                        .client_id = config_.oidc_client_id,
                        .client_secret = config_.oidc_client_secret,
                        .name = config_.oidc_name,
                        .ca_file = config_.oidc_ca_file,
                        .trust_email = config_.oidc_trust_email})},
      panels::InvolvementOptions{
          .zone = zone, .warning_percent = config_.income_warning_percent},
      panels::PrivacyOptions{.retention = retention,
                             .controller = config_.privacy_controller,
                             .contact = config_.privacy_contact},
      watch_.get(), outbox));
  // Ballots and score sheets are written in batches the same way.
  const GroupCommitOptions batches{
      .writers = config_.ballot_writers,
      .max_batch = static_cast<size_t>(config_.ballot_batch_max)};
  services_.push_back(std::make_unique<scoring::ScoringServiceImpl>(
      *pool_, *keys_, watch_.get(), batches));
  services_.push_back(std::make_unique<consensus::ConsensusServiceImpl>(
      *pool_, *keys_, *watch_, *closer_, batches, outbox));

  closer_->Start();  // Overdue decisions close before the first call.
  grpc::EnableDefaultHealthCheckService(true);
  grpc::ServerBuilder builder;
  // Without this a second server could share the port instead of failing.
  builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
  grpc::ResourceQuota quota("equalsay");
  quota.SetMaxThreads(config_.max_threads);
  builder.SetResourceQuota(quota);
  for (const auto& service : services_) builder.RegisterService(service.get());
  builder.RegisterCallbackGenericService(&unknown_methods_);
  int selected_port = 0;
  builder.AddListeningPort(config_.grpc_addr, credentials, &selected_port);
  std::vector<
      std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>>
      interceptors;
  // First, so the log line shows the status the client gets.
  interceptors.push_back(MakeUnreadableRequestInterceptorFactory());
  interceptors.push_back(MakeRpcLogInterceptorFactory());
  builder.experimental().SetInterceptorCreators(std::move(interceptors));
  grpc_ = builder.BuildAndStart();
  if (grpc_ == nullptr || selected_port == 0) {
    grpc_.reset();
    return absl::UnavailableError(absl::StrCat("cannot listen for gRPC on ",
                                               config_.grpc_addr,
                                               " (set EQUALSAY_GRPC_ADDR)"));
  }
  // Known by name to the health service too, so probes can ask per service.
  for (const char* name : {v1::PanelService::service_full_name(),
                           v1::ScoringService::service_full_name(),
                           v1::ConsensusService::service_full_name()}) {
    grpc_->GetHealthCheckService()->SetServingStatus(name, false);
  }
  grpc_->GetHealthCheckService()->SetServingStatus(false);
  grpc_->GetHealthCheckService()->SetServingStatus(kLivenessService, true);
  health_->Start();  // Sets the real status before anyone is told we are up.
  watch_->Start();
  sealer_->Start();
  retention_->Start();
  if (mail_ != nullptr) mail_->Start();
  // gRPC-Web goes through the server's own services, checks and errors.
  http_->ServeGrpcWeb(grpc_->InProcessChannel(grpc::ChannelArguments()));
  http_->Start();

  const char* scheme = config_.tls() ? "https" : "http";
  std::cout << "equalsay is serving: gRPC on " << config_.grpc_addr
            << ", web on " << scheme << "://" << config_.http_addr
            << (health_->serving() ? ""
                                   : " (not ready: the database cannot be "
                                     "reached)")
            << std::endl;
  return absl::OkStatus();
}

void App::Shutdown() {
  // Live streams end first (they would otherwise run until the grace ends).
  if (watch_ != nullptr) watch_->Stop();
  if (closer_ != nullptr) closer_->Stop();
  if (sealer_ != nullptr) sealer_->Stop();
  if (retention_ != nullptr) retention_->Stop();
  if (mail_ != nullptr) mail_->Stop();
  // The web side calls through the gRPC server's in-process channel: it
  // starts no more calls once the gRPC server begins to stop.
  if (http_ != nullptr) http_->StopCalls();
  if (grpc_ != nullptr) {
    LogLine("shutting down: finishing requests in progress");
    grpc_->Shutdown(std::chrono::system_clock::now() +
                    absl::ToChronoMilliseconds(config_.shutdown_grace));
    grpc_->Wait();
  }
  if (http_ != nullptr) http_->Stop();
  if (health_ != nullptr) health_->Stop();
  if (grpc_ != nullptr) LogLine("stopped");
  // ... and is freed first.
  http_.reset();
  grpc_.reset();
  health_.reset();
  services_.clear();
  closer_.reset();
  sealer_.reset();
  retention_.reset();
  mail_.reset();
  watch_.reset();
  pool_.reset();
}

}  // namespace equalsay
