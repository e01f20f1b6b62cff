#include "services/common/base/config.h"

#include <cstdlib>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "services/common/base/status_macros.h"

namespace equalsay {
namespace {

// One row per setting: its flag, its variable, what it means, and how to
// store a value into a Config.
struct Setting {
  const char* flag;
  const char* env;
  const char* help;
  std::function<absl::Status(const std::string& value, const std::string& name,
                             Config& config)>
      apply;
};

absl::Status Invalid(const std::string& name, const std::string& why) {
  return absl::InvalidArgumentError(absl::StrCat(name, " ", why));
}

auto StringInto(std::string Config::*field) {
  return [field](const std::string& value, const std::string&, Config& config) {
    config.*field = value;
    return absl::OkStatus();
  };
}

auto AddressInto(std::string Config::*field) {
  return [field](const std::string& value, const std::string& name,
                 Config& config) -> absl::Status {
    if (auto split = SplitHostPort(name, value); !split.ok()) {
      return split.status();
    }
    config.*field = value;
    return absl::OkStatus();
  };
}

auto IntInto(int Config::*field, int min, int max) {
  return [=](const std::string& value, const std::string& name,
             Config& config) -> absl::Status {
    int n = 0;
    if (!absl::SimpleAtoi(value, &n) || n < min || n > max) {
      return Invalid(name, absl::StrCat("must be a whole number from ", min,
                                        " to ", max, " (got \"", value, "\")"));
    }
    config.*field = n;
    return absl::OkStatus();
  };
}

auto MillisInto(absl::Duration Config::*field, int min, int max) {
  return [=](const std::string& value, const std::string& name,
             Config& config) -> absl::Status {
    int n = 0;
    if (!absl::SimpleAtoi(value, &n) || n < min || n > max) {
      return Invalid(name,
                     absl::StrCat("must be a number of milliseconds "
                                  "from ",
                                  min, " to ", max, " (got \"", value, "\")"));
    }
    config.*field = absl::Milliseconds(n);
    return absl::OkStatus();
  };
}

// A secret someone types or pastes: 32 to 256 printable characters.
auto SecretInto(std::string Config::*field) {
  return [=](const std::string& value, const std::string& name,
             Config& config) -> absl::Status {
    if (value.size() < 32 || value.size() > 256) {
      return Invalid(name, "must be 32 to 256 characters long");
    }
    for (char c : value) {
      if (c <= 0x20 || c > 0x7e) {
        return Invalid(name, "must hold only printable characters, no spaces");
      }
    }
    config.*field = value;
    return absl::OkStatus();
  };
}

const std::vector<Setting>& Settings() {
  static const auto* kSettings = new std::vector<Setting>{
      {"database-url", "EQUALSAY_DATABASE_URL",
       "PostgreSQL connection URL (required), e.g. "
       "postgresql://user:password@127.0.0.1:5432/equalsay",
       StringInto(&Config::database_url)},
      {"owner-database-url", "EQUALSAY_OWNER_DATABASE_URL",
       "PostgreSQL URL of the role that owns the tables and runs migrations; "
       "the server's own role (EQUALSAY_DATABASE_URL) then gets only what it "
       "needs, and cannot change the audit trail (recommended; default: the "
       "server's role owns the tables)",
       StringInto(&Config::owner_database_url)},
      {"grpc-addr", "EQUALSAY_GRPC_ADDR",
       "gRPC listening address (default 127.0.0.1:50051)",
       AddressInto(&Config::grpc_addr)},
      {"http-addr", "EQUALSAY_HTTP_ADDR",
       "HTTP listening address for /healthz and the web client "
       "(default 127.0.0.1:8080)",
       AddressInto(&Config::http_addr)},
      {"public-url", "EQUALSAY_PUBLIC_URL",
       "the web address people open the web client at, for sign-in links "
       "(default http://<http-addr>)",
       StringInto(&Config::public_url)},
      {"smtp-url", "EQUALSAY_SMTP_URL",
       "the organisation's mail server, for invitations and reminders: "
       "smtp://user:password@host:587 (STARTTLS) or smtps://...:465 "
       "(TLS); keep it in a secret (default: no e-mail; sign-in links are "
       "shown to administrators instead)",
       StringInto(&Config::smtp_url)},
      {"smtp-ca-cert", "EQUALSAY_SMTP_CA_CERT",
       "PEM file of the certificates to trust for the mail server "
       "(default: the system's)",
       StringInto(&Config::smtp_ca_file)},
      {"mail-from", "EQUALSAY_MAIL_FROM",
       "who e-mail comes from, e.g. 'equalsay <equalsay@example.org>' "
       "(needed with --smtp-url)",
       StringInto(&Config::mail_from)},
      {"mail-interval-ms", "EQUALSAY_MAIL_INTERVAL_MS",
       "how often queued e-mail is looked for (default 5000)",
       MillisInto(&Config::mail_interval, 10, 600000)},
      {"mail-retry-ms", "EQUALSAY_MAIL_RETRY_MS",
       "the wait before a message the mail server did not take is tried "
       "again; it doubles each time, up to 6 hours, for 10 tries (default "
       "60000)",
       MillisInto(&Config::mail_first_retry, 10, 3600000)},
      {"time-zone", "EQUALSAY_TIME_ZONE",
       "the time zone e-mail gives times in, and whose day an entry of time is "
       "dated by (default Europe/London)",
       StringInto(&Config::time_zone)},
      {"sign-in-link-days", "EQUALSAY_SIGN_IN_LINK_DAYS",
       "days a sign-in link works for (once) before it expires (default 7)",
       IntInto(&Config::sign_in_link_days, 1, 90)},
      {"session-idle-days", "EQUALSAY_SESSION_IDLE_DAYS",
       "days without use after which a person is signed out on a device "
       "(default 30)",
       IntInto(&Config::session_idle_days, 1, 365)},
      {"income-warning-percent", "EQUALSAY_INCOME_WARNING_PERCENT",
       "how close to the income limit a person set (in percent) their "
       "statement starts to warn them (default 80)",
       IntInto(&Config::income_warning_percent, 1, 100)},
      {"retain-candidates-months", "EQUALSAY_RETAIN_CANDIDATES_MONTHS",
       "months a candidate's name, documents and the evidence about them are "
       "kept after their round finished or they withdrew; 0 keeps them until "
       "erased on request (default 12)",
       IntInto(&Config::retain_candidates_months, 0, 120)},
      {"retain-people-months", "EQUALSAY_RETAIN_PEOPLE_MONTHS",
       "months a person's name, e-mail address and what they wrote are kept "
       "after they were deactivated, unless a round in progress needs them; "
       "0 keeps them until erased on request (default 24)",
       IntInto(&Config::retain_people_months, 0, 120)},
      {"retention-interval-ms", "EQUALSAY_RETENTION_INTERVAL_MS",
       "how often what the retention periods say must go is looked for "
       "(default 3600000, an hour)",
       MillisInto(&Config::retention_interval, 10, 86400000)},
      {"privacy-controller", "EQUALSAY_PRIVACY_CONTROLLER",
       "who is responsible for people's data (the data controller), as the "
       "privacy notice names it, e.g. 'Riverside NHS Foundation Trust' "
       "(default: the organisation that invited you)",
       StringInto(&Config::privacy_controller)},
      {"privacy-contact", "EQUALSAY_PRIVACY_CONTACT",
       "whom people ask about their data, as the privacy notice says it, "
       "e.g. 'the Data Protection Officer, dpo@example.org' (default: the "
       "person who sent you your sign-in link)",
       StringInto(&Config::privacy_contact)},
      {"oidc-issuer", "EQUALSAY_OIDC_ISSUER",
       "staff sign in with their organisation's account: the OpenID "
       "Connect provider's issuer address, e.g. "
       "https://login.microsoftonline.com/<tenant>/v2.0 (default: no "
       "single sign-on)",
       StringInto(&Config::oidc_issuer)},
      {"oidc-client-id", "EQUALSAY_OIDC_CLIENT_ID",
       "equalsay's client id at that provider (needed with --oidc-issuer)",
       StringInto(&Config::oidc_client_id)},
      {"oidc-client-secret", "EQUALSAY_OIDC_CLIENT_SECRET",
       "equalsay's client secret at that provider, if it gave one; keep it "
       "in a secret (default: none, a public client with PKCE)",
       StringInto(&Config::oidc_client_secret)},
      {"oidc-name", "EQUALSAY_OIDC_NAME",
       "what the sign-in button calls the account, e.g. 'your NHS mail "
       "account' (default: your organisation's account)",
       StringInto(&Config::oidc_name)},
      {"oidc-ca-cert", "EQUALSAY_OIDC_CA_CERT",
       "PEM file of certificates to trust for the provider (default: the "
       "system's)",
       StringInto(&Config::oidc_ca_file)},
      {"oidc-trust-email", "EQUALSAY_OIDC_TRUST_EMAIL",
       "true for a provider that owns every address it gives but does not "
       "send email_verified (Microsoft Entra ID); default false: only "
       "addresses the provider says it verified sign anyone in",
       [](const std::string& value, const std::string& name,
          Config& config) -> absl::Status {
         if (value != "true" && value != "false") {
           return Invalid(name, absl::StrCat("must be true or false (got \"",
                                             value, "\")"));
         }
         config.oidc_trust_email = value == "true";
         return absl::OkStatus();
       }},
      {"data-keys", "EQUALSAY_DATA_KEYS",
       "the key that locks personal data (required; keep it in a secret, "
       "apart from backups): a name, ':', and 32 or more random characters, "
       "e.g. 2026-12:$(openssl rand -base64 32). To change it, give both, "
       "comma-separated: the one listed first locks, the others only open; "
       "the README's 'Locked personal data' gives the steps",
       SecretInto(&Config::data_keys)},
      {"bootstrap-token", "EQUALSAY_BOOTSTRAP_TOKEN",
       "token for the first administrator on an empty database (at least "
       "32 characters); without it one is generated and printed once",
       SecretInto(&Config::bootstrap_token)},
      {"tls-cert", "EQUALSAY_TLS_CERT",
       "PEM certificate chain file; with --tls-key, serves TLS on both ports",
       StringInto(&Config::tls_cert_file)},
      {"tls-key", "EQUALSAY_TLS_KEY", "PEM private key file for --tls-cert",
       StringInto(&Config::tls_key_file)},
      {"db-pool-size", "EQUALSAY_DB_POOL_SIZE",
       "most database connections held open (default 16)",
       IntInto(&Config::db_pool_size, 1, 1000)},
      {"db-pool-wait-ms", "EQUALSAY_DB_POOL_WAIT_MS",
       "how long a request waits for a free connection before it is told to "
       "retry (default 5000)",
       MillisInto(&Config::db_pool_wait, 1, 600000)},
      {"db-call-timeout-ms", "EQUALSAY_DB_CALL_TIMEOUT_MS",
       "the longest a request's database work may take before it is told to "
       "retry, even if the database has stopped answering (default 10000; "
       "a request's own deadline, if sooner, wins)",
       MillisInto(&Config::db_call_timeout, 100, 600000)},
      {"max-threads", "EQUALSAY_MAX_THREADS",
       "most threads serving gRPC requests (default 64)",
       IntInto(&Config::max_threads, 2, 10000)},
      {"ballot-writers", "EQUALSAY_BALLOT_WRITERS",
       "threads writing ballots, and as many writing score sheets; each "
       "writes, with one commit, everything that arrived while the last "
       "batch was written (default 1)",
       IntInto(&Config::ballot_writers, 1, 64)},
      {"ballot-batch-max", "EQUALSAY_BALLOT_BATCH_MAX",
       "most ballots (or score sheets) written with one commit (default "
       "256)",
       IntInto(&Config::ballot_batch_max, 1, 10000)},
      {"health-interval-ms", "EQUALSAY_HEALTH_INTERVAL_MS",
       "how often the database is checked for the health service "
       "(default 1000)",
       MillisInto(&Config::health_interval, 10, 600000)},
      {"shutdown-grace-ms", "EQUALSAY_SHUTDOWN_GRACE_MS",
       "how long requests in progress may run on at shutdown (default 10000)",
       MillisInto(&Config::shutdown_grace, 0, 600000)},
      {"closing-check-ms", "EQUALSAY_CLOSING_CHECK_MS",
       "how often decisions past their closing time are closed "
       "(default 1000)",
       MillisInto(&Config::closing_check_interval, 10, 600000)},
      {"cors-origins", "EQUALSAY_CORS_ORIGINS",
       "other sites allowed to call gRPC-Web, comma-separated, e.g. "
       "https://app.example.org (default: none; * allows any)",
       [](const std::string& value, const std::string& name,
          Config& config) -> absl::Status {
         config.cors_origins.clear();
         for (absl::string_view origin : absl::StrSplit(value, ',')) {
           origin = absl::StripAsciiWhitespace(origin);
           if (origin.empty()) continue;
           if (origin != "*" && !absl::StartsWith(origin, "http://") &&
               !absl::StartsWith(origin, "https://")) {
             return Invalid(name,
                            absl::StrCat("must list origins such as "
                                         "https://app.example.org (got \"",
                                         origin, "\")"));
           }
           config.cors_origins.emplace_back(origin);
         }
         return absl::OkStatus();
       }},
      {"web-root", "EQUALSAY_WEB_ROOT",
       "folder of the built web client, served on the HTTP port",
       StringInto(&Config::web_root)},
      {"log-format", "EQUALSAY_LOG_FORMAT",
       "text (default) or json: one JSON object per log line, with the "
       "request id and trace id of each call",
       [](const std::string& value, const std::string& name,
          Config& config) -> absl::Status {
         if (value != "text" && value != "json") {
           return Invalid(name, absl::StrCat("must be text or json (got \"",
                                             value, "\")"));
         }
         config.json_logs = value == "json";
         return absl::OkStatus();
       }},
      {"metrics-token", "EQUALSAY_METRICS_TOKEN",
       "a secret of at least 32 characters that Prometheus sends as a "
       "bearer token to read /metrics on the HTTP port (default: /metrics "
       "is off)",
       SecretInto(&Config::metrics_token)},
      {"seal-interval-ms", "EQUALSAY_SEAL_INTERVAL_MS",
       "how often new audit events are sealed into the hash chain "
       "(default 1000)",
       MillisInto(&Config::seal_interval, 10, 600000)},
      {"audit-late-commit-ms", "EQUALSAY_AUDIT_LATE_COMMIT_MS",
       "an audit event whose transaction commits this long after the "
       "event's time is left out of the hash chain and named by audit "
       "verify, as written by hand and back-dated; must be longer than "
       "--db-call-timeout-ms (default 900000, 15 minutes)",
       MillisInto(&Config::audit_late_commit, 1000, 86400000)},
  };
  return *kSettings;
}

}  // namespace

absl::StatusOr<HostPort> SplitHostPort(const std::string& name,
                                       const std::string& addr) {
  const auto colon = addr.rfind(':');
  HostPort split;
  if (colon == std::string::npos || colon == 0 ||
      !absl::SimpleAtoi(addr.substr(colon + 1), &split.port) ||
      split.port < 0 || split.port > 65535) {
    return Invalid(name, absl::StrCat("must be host:port, for example "
                                      "127.0.0.1:50051 (got \"",
                                      addr, "\")"));
  }
  split.host = addr.substr(0, colon);
  if (split.host.size() > 2 && split.host.front() == '[' &&
      split.host.back() == ']') {
    split.host = split.host.substr(1, split.host.size() - 2);
  }
  return split;
}

EnvLookup ProcessEnv() {
  return [](const std::string& name) -> std::optional<std::string> {
    const char* value = std::getenv(name.c_str());
    if (value == nullptr) return std::nullopt;
    return std::string(value);
  };
}

absl::StatusOr<ParsedConfig> ParseConfig(const std::vector<std::string>& args,
                                         const EnvLookup& env) {
  ParsedConfig parsed;
  Config& config = parsed.config;
  for (const Setting& setting : Settings()) {
    if (auto value = env(setting.env); value.has_value() && !value->empty()) {
      EQ_RETURN_IF_ERROR(setting.apply(*value, setting.env, config));
    }
  }
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--help" || arg == "-h") {
      parsed.help = true;
      return parsed;
    }
    if (arg == "--version") {
      parsed.version = true;
      return parsed;
    }
    if (!absl::StartsWith(arg, "--")) {
      return absl::InvalidArgumentError(
          absl::StrCat("unexpected argument \"", arg, "\"; see --help"));
    }
    std::string name = arg.substr(2);
    std::string value;
    if (auto eq = name.find('='); eq != std::string::npos) {
      value = name.substr(eq + 1);
      name.resize(eq);
    } else if (i + 1 < args.size()) {
      value = args[++i];
    } else {
      return absl::InvalidArgumentError(
          absl::StrCat("--", name, " needs a value; see --help"));
    }
    const Setting* found = nullptr;
    for (const Setting& setting : Settings()) {
      if (name == setting.flag) found = &setting;
    }
    if (found == nullptr) {
      return absl::InvalidArgumentError(
          absl::StrCat("unknown flag --", name, "; see --help"));
    }
    EQ_RETURN_IF_ERROR(found->apply(value, "--" + name, config));
  }
  if (config.database_url.empty()) {
    return absl::InvalidArgumentError(
        "EQUALSAY_DATABASE_URL (or --database-url) is not set: give the "
        "PostgreSQL connection URL, e.g. "
        "postgresql://user:password@127.0.0.1:5432/equalsay");
  }
  if (config.data_keys.empty()) {
    return absl::InvalidArgumentError(
        "EQUALSAY_DATA_KEYS (or --data-keys) is not set: give the key that "
        "locks personal data, a name and 32 or more random characters, e.g. "
        "main:$(openssl rand -base64 32), and keep it safe: without it "
        "nobody can read the documents and reasons it locked");
  }
  if (config.tls_cert_file.empty() != config.tls_key_file.empty()) {
    return absl::InvalidArgumentError(
        "EQUALSAY_TLS_CERT and EQUALSAY_TLS_KEY must be given together");
  }
  if (!config.smtp_url.empty() && config.mail_from.empty()) {
    return absl::InvalidArgumentError(
        "EQUALSAY_MAIL_FROM is needed with EQUALSAY_SMTP_URL: who e-mail "
        "comes from, e.g. 'equalsay <equalsay@example.org>'");
  }
  if (config.oidc_issuer.empty() != config.oidc_client_id.empty()) {
    return absl::InvalidArgumentError(
        "EQUALSAY_OIDC_ISSUER and EQUALSAY_OIDC_CLIENT_ID must be given "
        "together");
  }
  if (!config.oidc_issuer.empty() &&
      !absl::StartsWith(config.oidc_issuer, "https://") &&
      !absl::StartsWith(config.oidc_issuer, "http://127.0.0.1:") &&
      !absl::StartsWith(config.oidc_issuer, "http://localhost:")) {
    return absl::InvalidArgumentError(absl::StrCat(
        "EQUALSAY_OIDC_ISSUER must start with https:// (got \"",
        config.oidc_issuer,
        "\"); plain http is allowed only for a provider on this machine, "
        "for testing"));
  }
  if (config.audit_late_commit <= config.db_call_timeout) {
    return absl::InvalidArgumentError(
        absl::StrCat("EQUALSAY_AUDIT_LATE_COMMIT_MS (",
                     absl::ToInt64Milliseconds(config.audit_late_commit),
                     ") must be longer than EQUALSAY_DB_CALL_TIMEOUT_MS (",
                     absl::ToInt64Milliseconds(config.db_call_timeout),
                     "), or the server's own slow writes would be taken for "
                     "back-dated ones"));
  }
  if (config.public_url.empty()) {
    config.public_url =
        absl::StrCat(config.tls() ? "https://" : "http://", config.http_addr);
  }
  while (!config.public_url.empty() && config.public_url.back() == '/') {
    config.public_url.pop_back();
  }
  return parsed;
}

std::string ConfigHelp() {
  std::string help =
      "Usage: equalsay-server [--flag=value ...]\n\n"
      "Runs the equalsay gRPC services and the HTTP port (/healthz, web\n"
      "client). Each flag can also be set by its environment variable;\n"
      "flags win.\n\n";
  for (const Setting& setting : Settings()) {
    absl::StrAppend(&help, "  --", setting.flag, "  (", setting.env,
                    ")\n      ", setting.help, "\n");
  }
  return help;
}

}  // namespace equalsay
