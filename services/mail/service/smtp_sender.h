// Hands a message to the organisation's mail server over SMTP (libcurl),
// always encrypted: STARTTLS for smtp://, TLS from the start for smtps://.
#ifndef EQUALSAY_SERVICES_MAIL_SERVICE_SMTP_SENDER_H_
#define EQUALSAY_SERVICES_MAIL_SERVICE_SMTP_SENDER_H_

#include <string>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "services/mail/rules/message.h"

namespace equalsay::mail {

class SmtpSender {
 public:
  // `ca_file`: PEM certificates to trust (empty: the system's).
  SmtpSender(SmtpServer server, std::string from, std::string ca_file,
             absl::Duration timeout = absl::Seconds(30));

  // OK once the server accepted the message. UNAVAILABLE when trying again
  // later may help (no connection, a 4xx answer); FAILED_PRECONDITION when
  // it will not (a 5xx answer, such as an unknown mailbox). The message
  // says what happened in words, never the password.
  absl::Status Send(const std::string& to_address,
                    const std::string& message) const;

  const std::string& from() const { return from_; }

 private:
  const SmtpServer server_;
  const std::string from_;
  const std::string ca_file_;
  const absl::Duration timeout_;
};

}  // namespace equalsay::mail

#endif  // EQUALSAY_SERVICES_MAIL_SERVICE_SMTP_SENDER_H_
