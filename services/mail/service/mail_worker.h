// Sends queued e-mail in the background, on every server at once (each
// message is claimed by one), retrying with growing waits and reporting
// what it gave up on; also queues "voting closes soon" a day ahead.
#ifndef EQUALSAY_SERVICES_MAIL_SERVICE_MAIL_WORKER_H_
#define EQUALSAY_SERVICES_MAIL_SERVICE_MAIL_WORKER_H_

#include <string>

#include "absl/time/time.h"
#include "services/common/base/background_loop.h"
#include "services/common/store/db_pool.h"
#include "services/mail/service/smtp_sender.h"
#include "services/privacy/rules/data_keys.h"

namespace equalsay::mail {

struct MailWorkerOptions {
  absl::Duration interval = absl::Seconds(5);
  absl::Duration first_retry = absl::Minutes(1);
  std::string public_url;  // For sign-in links.
  int link_days = 7;
  absl::TimeZone zone;  // For the times messages give.
  // A message still "sending" after this is taken to have been cut short.
  absl::Duration lease = absl::Minutes(10);
};

class MailWorker {
 public:
  // `keys` open the names and addresses the queue's messages go to.
  MailWorker(DbPool& pool, const privacy::DataKeys& keys, SmtpSender sender,
             MailWorkerOptions options)
      : pool_(pool),
        keys_(keys),
        sender_(std::move(sender)),
        options_(options) {}
  ~MailWorker() { Stop(); }

  void Start() {
    loop_.Start(options_.interval, kBatch, [this] { return SendNow(); });
  }
  void Stop() { loop_.Stop(); }
  // One pass: queues closing reminders, claims due messages and sends
  // them; returns how many it tried.
  int SendNow();

 private:
  static constexpr int kBatch = 20;

  DbPool& pool_;
  const privacy::DataKeys& keys_;
  const SmtpSender sender_;
  const MailWorkerOptions options_;
  BackgroundLoop loop_;
};

}  // namespace equalsay::mail

#endif  // EQUALSAY_SERVICES_MAIL_SERVICE_MAIL_WORKER_H_
