// A real mail server for the tests (tests/support/smtp_server.py on
// Debian's python3-aiosmtpd): STARTTLS with a certificate of its own and a
// password required, every accepted message kept for the test to read.
#ifndef EQUALSAY_TESTS_SUPPORT_SMTP_CAPTURE_H_
#define EQUALSAY_TESTS_SUPPORT_SMTP_CAPTURE_H_

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "tests/support/process.h"

namespace equalsay::testing {

struct CapturedMail {
  std::string to;       // The envelope's recipient.
  std::string subject;  // Decoded.
  std::string body;     // Lines end with "\n".
  std::string raw;
};

class SmtpCapture {
 public:
  struct Options {
    int refuse = 0;                      // Answer 451 to the first few.
    std::vector<std::string> reject_to;  // Answer 550 for these.
  };
  SmtpCapture() : SmtpCapture(Options{}) {}
  explicit SmtpCapture(Options options);
  ~SmtpCapture();

  // What the server under test is given: EQUALSAY_SMTP_URL and the rest.
  std::map<std::string, std::string> ServerEnv() const;
  // Every message so far, oldest first.
  std::vector<CapturedMail> Messages() const;
  // Waits until at least `count` messages have arrived (and a little
  // longer, so one too many would show); returns them.
  std::vector<CapturedMail> WaitFor(size_t count,
                                    absl::Duration timeout = absl::Seconds(15));
  // Stops and starts it again on the same port (messages kept).
  void Stop();
  void Start();

 private:
  Options options_;
  int port_ = 0;
  std::string dir_;
  std::unique_ptr<Process> process_;
};

// The sign-in link in a message's body, or "" if none.
std::string LinkIn(const CapturedMail& mail);

}  // namespace equalsay::testing

#endif  // EQUALSAY_TESTS_SUPPORT_SMTP_CAPTURE_H_
