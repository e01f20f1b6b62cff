#include "services/mail/service/smtp_sender.h"

#include <curl/curl.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <utility>

#include "absl/strings/str_cat.h"
#include "services/mail/rules/without_addresses.h"

namespace equalsay::mail {
namespace {

struct Reader {
  const std::string* text;
  size_t at = 0;
};

size_t ReadMessage(char* buffer, size_t size, size_t count, void* data) {
  auto* reader = static_cast<Reader*>(data);
  const size_t n = std::min(size * count, reader->text->size() - reader->at);
  std::memcpy(buffer, reader->text->data() + reader->at, n);
  reader->at += n;
  return n;
}

}  // namespace

SmtpSender::SmtpSender(SmtpServer server, std::string from, std::string ca_file,
                       absl::Duration timeout)
    : server_(std::move(server)),
      from_(std::move(from)),
      ca_file_(std::move(ca_file)),
      timeout_(timeout) {}

absl::Status SmtpSender::Send(const std::string& to_address,
                              const std::string& message) const {
  const std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(
      curl_easy_init(), curl_easy_cleanup);
  if (!curl) return absl::UnavailableError("could not start libcurl");
  CURL* c = curl.get();
  char error[CURL_ERROR_SIZE] = {};
  Reader reader{.text = &message};
  const std::string mail_from = absl::StrCat("<", AddressOf(from_), ">");
  const std::string rcpt = absl::StrCat("<", to_address, ">");
  curl_slist* rcpts = curl_slist_append(nullptr, rcpt.c_str());
  const std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> rcpt_list(
      rcpts, curl_slist_free_all);
  curl_easy_setopt(c, CURLOPT_URL, server_.url.c_str());
  curl_easy_setopt(c, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_ALL));
  if (!server_.user.empty()) {
    curl_easy_setopt(c, CURLOPT_USERNAME, server_.user.c_str());
    curl_easy_setopt(c, CURLOPT_PASSWORD, server_.password.c_str());
  }
  if (!ca_file_.empty()) curl_easy_setopt(c, CURLOPT_CAINFO, ca_file_.c_str());
  curl_easy_setopt(c, CURLOPT_MAIL_FROM, mail_from.c_str());
  curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpts);
  curl_easy_setopt(c, CURLOPT_READFUNCTION, &ReadMessage);
  curl_easy_setopt(c, CURLOPT_READDATA, &reader);
  curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error);
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS,
                   static_cast<long>(absl::ToInt64Milliseconds(timeout_)));
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS,
                   static_cast<long>(absl::ToInt64Milliseconds(
                       std::min(timeout_, absl::Seconds(10)))));
  const CURLcode result = curl_easy_perform(c);
  if (result == CURLE_OK) return absl::OkStatus();
  long code = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
  // Kept in the queue, the log and the audit trail: never an address.
  const std::string words = WithoutAddresses(absl::StrCat(
      "the mail server ", code > 0 ? absl::StrCat("answered ", code, ": ") : "",
      error[0] != '\0' ? error : curl_easy_strerror(result)));
  // A 5xx answer is final (an unknown mailbox, a refused sender); anything
  // else (no connection, a 4xx "try later") may pass on a later try.
  // A refused password is the server's set-up, which may be put right.
  if (code >= 500 && result != CURLE_LOGIN_DENIED) {
    return absl::FailedPreconditionError(words);
  }
  return absl::UnavailableError(words);
}

}  // namespace equalsay::mail
