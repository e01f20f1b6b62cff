// Server configuration from command-line flags and EQUALSAY_* environment.
#ifndef EQUALSAY_SERVICES_COMMON_BASE_CONFIG_H_
#define EQUALSAY_SERVICES_COMMON_BASE_CONFIG_H_

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace equalsay {

struct Config {
  std::string database_url;
  std::string owner_database_url;  // Empty: the server's role owns tables.
  std::string grpc_addr = "127.0.0.1:50051";
  std::string http_addr = "127.0.0.1:8080";
  std::string public_url;  // Where people open the web client; sign-in links.
  std::string bootstrap_token;  // Empty: generate one on first start.
  // The keys that seal subjects' keys: "name:secret[,name:secret]", the
  // first current (privacy::DataKeys checks them).
  std::string data_keys;
  std::string tls_cert_file;  // Both set: TLS on both ports.
  std::string tls_key_file;
  int db_pool_size = 16;
  absl::Duration db_pool_wait = absl::Seconds(5);
  absl::Duration db_call_timeout = absl::Seconds(10);
  int max_threads = 64;
  // Ballots cast at once share durable commits: how many threads write
  // them, and the most ballots in one commit.
  int ballot_writers = 1;
  int ballot_batch_max = 256;
  absl::Duration health_interval = absl::Seconds(1);
  absl::Duration shutdown_grace = absl::Seconds(10);
  // How often decisions past their closing time are looked for.
  absl::Duration closing_check_interval = absl::Seconds(1);
  // E-mail: the organisation's mail server (empty: no e-mail; sign-in
  // links are shown to administrators instead), certificates to trust for
  // it, the sender, how often the queue is looked at, the first wait
  // before a failed message is tried again, and the time zone messages
  // give times in.
  std::string smtp_url;
  std::string smtp_ca_file;
  std::string mail_from;
  absl::Duration mail_interval = absl::Seconds(5);
  absl::Duration mail_first_retry = absl::Minutes(1);
  std::string time_zone = "Europe/London";
  // A sign-in link works once, for this many days; a session ends after
  // this many days unused.
  int sign_in_link_days = 7;
  int session_idle_days = 30;
  // Statements warn a person from this share of the income limit they set.
  int income_warning_percent = 80;
  // Retention, in months (0: until erased on request), and how often the
  // server looks for what is due; who is responsible for people's data and
  // whom to ask, for the privacy notice.
  int retain_candidates_months = 12;
  int retain_people_months = 24;
  absl::Duration retention_interval = absl::Hours(1);
  std::string privacy_controller;
  std::string privacy_contact;
  // Staff sign in with their organisation's account through this OpenID
  // Connect provider (empty: they use sign-in links like everyone).
  std::string oidc_issuer;
  std::string oidc_client_id;
  std::string oidc_client_secret;
  std::string oidc_name = "your organisation's account";
  std::string oidc_ca_file;
  bool oidc_trust_email = false;
  // Other sites allowed to call gRPC-Web (CORS); empty: none; "*": any.
  std::vector<std::string> cors_origins;
  // The built web client served on the HTTP port.
  std::string web_root;
  // How often the audit trail's new events are sealed into the hash chain.
  absl::Duration seal_interval = absl::Seconds(1);
  // An event whose transaction commits this long after the event's place
  // was taken is not sealed (see consensus::LooksBackDated); longer than
  // db_call_timeout, which bounds the server's own transactions.
  absl::Duration audit_late_commit = absl::Minutes(15);
  // Log lines as text (for people) or one JSON object each (for log
  // collectors).
  bool json_logs = false;
  // A bearer token /metrics asks for; empty: /metrics is off, since counts
  // of calls over time say when people vote.
  std::string metrics_token;

  bool tls() const { return !tls_cert_file.empty(); }
};

struct HostPort {
  std::string host;  // Without the brackets of an IPv6 literal.
  int port = 0;
};

// Splits "127.0.0.1:50051" or "[::1]:8080"; an error naming `name` (the
// setting the address came from) when it is not host:port.
absl::StatusOr<HostPort> SplitHostPort(const std::string& name,
                                       const std::string& addr);

// Returns the value of an environment variable, or nullopt when unset.
using EnvLookup = std::function<std::optional<std::string>(const std::string&)>;

EnvLookup ProcessEnv();

// What ParseConfig understood: either a config to run with, or a request for
// the help text.
struct ParsedConfig {
  Config config;
  bool help = false;
  bool version = false;
};

// Flags win over the environment, which wins over defaults. `args` excludes
// the program name. Errors name the flag and its variable.
absl::StatusOr<ParsedConfig> ParseConfig(const std::vector<std::string>& args,
                                         const EnvLookup& env);

std::string ConfigHelp();

}  // namespace equalsay

#endif  // EQUALSAY_SERVICES_COMMON_BASE_CONFIG_H_
