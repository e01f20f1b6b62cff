#include "tests/support/smtp_capture.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"

namespace equalsay::testing {
namespace {

namespace fs = std::filesystem;

constexpr char kUser[] = "equalsay-mailer";
constexpr char kPassword[] = "not-so-secret";

// A header's value, its folded lines (those that start with a space)
// included.
std::string Header(const std::string& head, const std::string& name) {
  std::string value;
  bool in = false;
  for (absl::string_view line : absl::StrSplit(head, "\r\n")) {
    if (in && absl::StartsWith(line, " ")) {
      absl::StrAppend(&value, "\r\n", line);
      continue;
    }
    in = absl::StartsWith(line, name + ": ");
    if (in) value = std::string(line.substr(name.size() + 2));
  }
  return value;
}

// A header's value with RFC 2047 encoded words ("=?UTF-8?B?...?=", as
// equalsay writes non-ASCII) decoded, and folded lines joined.
std::string Decoded(const std::string& value) {
  std::string out;
  for (absl::string_view word :
       absl::StrSplit(value, absl::ByAnyChar(" \r\n"), absl::SkipEmpty())) {
    if (absl::ConsumePrefix(&word, "=?UTF-8?B?") &&
        absl::ConsumeSuffix(&word, "?=")) {
      std::string text;
      absl::Base64Unescape(word, &text);
      out += text;
    } else {
      if (!out.empty()) out += ' ';
      out += std::string(word);
    }
  }
  return out;
}

}  // namespace

SmtpCapture::SmtpCapture(Options options) : options_(std::move(options)) {
  char dir[] = "/tmp/equalsay-smtp-XXXXXX";
  EXPECT_NE(mkdtemp(dir), nullptr);
  dir_ = dir;
  std::string out, err;
  EXPECT_EQ(
      RunCommand({"/usr/bin/openssl", "req", "-x509", "-newkey", "rsa:2048",
                  "-nodes", "-keyout", dir_ + "/key.pem", "-out",
                  dir_ + "/cert.pem", "-days", "1", "-subj", "/CN=localhost",
                  "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"},
                 {}, &out, &err),
      0)
      << err;
  port_ = FreePort();
  Start();
}

SmtpCapture::~SmtpCapture() {
  process_.reset();
  std::error_code ignored;
  fs::remove_all(dir_, ignored);
}

void SmtpCapture::Start() {
  std::vector<std::string> argv = {
      "/usr/bin/python3",
      std::string(EQUALSAY_SOURCE_DIR) + "/tests/support/smtp_server.py",
      "--port",
      absl::StrCat(port_),
      "--dir",
      dir_ + "/mail",
      "--cert",
      dir_ + "/cert.pem",
      "--key",
      dir_ + "/key.pem",
      "--user",
      kUser,
      "--password",
      kPassword,
      "--refuse",
      absl::StrCat(options_.refuse)};
  for (const std::string& to : options_.reject_to) {
    argv.insert(argv.end(), {"--reject-to", to});
  }
  process_ =
      std::make_unique<Process>(argv, std::map<std::string, std::string>{});
  const absl::Time deadline = absl::Now() + absl::Seconds(20);
  while (process_->Stdout().find("ready") == std::string::npos) {
    if (!process_->Running() || absl::Now() > deadline) {
      ADD_FAILURE() << "the test mail server did not start: "
                    << process_->Stderr();
      return;
    }
    absl::SleepFor(absl::Milliseconds(50));
  }
}

void SmtpCapture::Stop() { process_.reset(); }

std::map<std::string, std::string> SmtpCapture::ServerEnv() const {
  return {{"EQUALSAY_SMTP_URL", absl::StrCat("smtp://", kUser, ":", kPassword,
                                             "@127.0.0.1:", port_)},
          {"EQUALSAY_SMTP_CA_CERT", dir_ + "/cert.pem"},
          {"EQUALSAY_MAIL_FROM", "equalsay <equalsay@example.org>"},
          {"EQUALSAY_MAIL_INTERVAL_MS", "100"},
          {"EQUALSAY_MAIL_RETRY_MS", "200"}};
}

std::vector<CapturedMail> SmtpCapture::Messages() const {
  std::vector<std::string> files;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir_ + "/mail", ec)) {
    if (entry.path().extension() == ".eml") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  std::vector<CapturedMail> out;
  for (const std::string& file : files) {
    std::ifstream in(file, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    CapturedMail m;
    m.raw = text.str();
    const size_t split = m.raw.find("\r\n\r\n");
    const std::string head = m.raw.substr(0, split);
    m.to = Header(head, "X-Rcpt-To");
    m.subject = Decoded(Header(head, "Subject"));
    m.body = absl::StrReplaceAll(
        split == std::string::npos ? "" : m.raw.substr(split + 4),
        {{"\r\n", "\n"}});
    out.push_back(std::move(m));
  }
  return out;
}

std::vector<CapturedMail> SmtpCapture::WaitFor(size_t count,
                                               absl::Duration timeout) {
  const absl::Time deadline = absl::Now() + timeout;
  while (Messages().size() < count && absl::Now() < deadline) {
    absl::SleepFor(absl::Milliseconds(50));
  }
  absl::SleepFor(absl::Milliseconds(500));  // Room for one too many.
  return Messages();
}

std::string LinkIn(const CapturedMail& mail) {
  const size_t at = mail.body.find("http");
  if (at == std::string::npos) return "";
  return mail.body.substr(at, mail.body.find('\n', at) - at);
}

}  // namespace equalsay::testing
