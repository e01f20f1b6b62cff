// Where the command connects and as whom: server address, TLS, and the
// token from --token, EQUALSAY_TOKEN or the file `equalsay login` keeps.
#ifndef EQUALSAY_CLIENTS_CLI_SESSION_H_
#define EQUALSAY_CLIENTS_CLI_SESSION_H_

#include <grpcpp/grpcpp.h>

#include <memory>
#include <optional>
#include <string>

namespace equalsay::cli {

struct Session {
  std::string server = "127.0.0.1:50051";
  bool tls = false;
  std::string ca_cert_file;
  std::string token;  // Empty: none found.
  int timeout_seconds = 30;

  std::shared_ptr<grpc::Channel> Channel() const;
  // A context with the token and a deadline.
  std::unique_ptr<grpc::ClientContext> Context() const;
};

// Where a sign-in token is kept: $XDG_CONFIG_HOME/equalsay/token (or
// ~/.config/equalsay/token) for your own; for `who`, a person's key in a
// file given to `apply --issue-tokens`, .../equalsay/people/<who>, which
// `--as who` reads.
std::string TokenFilePath(const std::string& who = "");
// The kept token, if any.
std::optional<std::string> ReadSavedToken(const std::string& who = "");
// Keeps the token readable by its owner only; an error message on failure.
std::optional<std::string> SaveToken(const std::string& token,
                                     const std::string& who = "");
bool ForgetToken();

// A fresh random request id ("cli-" and 24 hex digits).
std::string NewRequestId();

}  // namespace equalsay::cli

#endif  // EQUALSAY_CLIENTS_CLI_SESSION_H_
