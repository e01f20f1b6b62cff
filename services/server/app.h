// Wiring: builds and runs the whole server from a Config. No domain logic.
#ifndef EQUALSAY_SERVICES_SERVER_APP_H_
#define EQUALSAY_SERVICES_SERVER_APP_H_

#include <grpcpp/impl/codegen/service_type.h>
#include <grpcpp/server.h>

#include <memory>
#include <optional>
#include <vector>

#include "absl/status/status.h"
#include "services/common/base/config.h"
#include "services/common/service/plain_errors.h"
#include "services/common/store/db_pool.h"
#include "services/common/store/health_monitor.h"
#include "services/consensus/service/closing.h"
#include "services/consensus/service/round_watch.h"
#include "services/consensus/service/sealer.h"
#include "services/gateway/http_server.h"
#include "services/mail/service/mail_worker.h"
#include "services/panels/service/retention_keeper.h"
#include "services/privacy/rules/data_keys.h"

namespace equalsay {

class App {
 public:
  explicit App(Config config) : config_(std::move(config)) {}
  ~App();

  // Migrates the database, creates the first administrator if needed, binds
  // both ports and starts serving. Errors are one line, fit for a terminal.
  absl::Status Start();
  // Stops taking calls and lets calls in progress finish (up to the grace).
  void Shutdown();

 private:
  // Readies locked data for this server (see privacy/): checks
  // every stored key opens, seals subjects' keys under the current data
  // key and seals what was kept before sealing began.
  absl::Status PrepareSealing();

  Config config_;
  std::optional<privacy::DataKeys> keys_;
  std::unique_ptr<DbPool> pool_;
  std::unique_ptr<HealthMonitor> health_;
  std::unique_ptr<gateway::HttpServer> http_;
  std::unique_ptr<consensus::RoundWatch> watch_;
  std::unique_ptr<consensus::DecisionCloser> closer_;
  std::unique_ptr<consensus::AuditSealer> sealer_;
  std::unique_ptr<panels::RetentionKeeper> retention_;
  std::unique_ptr<mail::MailWorker> mail_;  // Only with EQUALSAY_SMTP_URL.
  // Every equalsay service, registered with gRPC and known to health checks.
  std::vector<std::unique_ptr<grpc::Service>> services_;
  UnknownMethods unknown_methods_;  // Answers calls no service has.
  std::unique_ptr<grpc::Server> grpc_;
};

}  // namespace equalsay

#endif  // EQUALSAY_SERVICES_SERVER_APP_H_
