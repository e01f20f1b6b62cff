// The server's side of "sign in with your organisation's account": the
// provider's discovery document and keys (fetched once and kept), and the
// exchange of the code the browser brings back for a verified identity.
#ifndef EQUALSAY_SERVICES_OIDC_SERVICE_OIDC_CLIENT_H_
#define EQUALSAY_SERVICES_OIDC_SERVICE_OIDC_CLIENT_H_

#include <optional>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "services/oidc/rules/id_token.h"

namespace equalsay::oidc {

struct ProviderSettings {
  std::string issuer;
  std::string client_id;
  std::string client_secret;  // Empty for a public client (PKCE alone).
  std::string name;           // How people know it: "your NHS account".
  std::string ca_file;        // Extra CA certificates, for a private CA.
  bool trust_email = false;   // See Expected::trust_email.
  absl::Duration timeout = absl::Seconds(10);
  // Codes redeemed at once. Anyone may ask to sign in, so a flood of made-up
  // codes must not hold every thread of the server waiting on the provider
  // (ballots need them too); beyond this a caller is asked to try again.
  int most_redeeming = 8;
};

// Where the browser is sent to sign in.
struct Endpoints {
  std::string authorization;
  std::string token;
  std::string jwks;
  std::string issuer;
};

class OidcClient {
 public:
  explicit OidcClient(ProviderSettings settings)
      : settings_(std::move(settings)) {}

  const ProviderSettings& settings() const { return settings_; }
  // UNAVAILABLE, saying so, when the provider cannot be reached.
  absl::StatusOr<Endpoints> Discover();
  // Redeems a code with the PKCE verifier the browser kept and checks the
  // ID token it returns. Blocking network calls: never inside a database
  // transaction (a retried transaction would redeem the code twice).
  // RESOURCE_EXHAUSTED, asking to try again, when `most_redeeming` are
  // already being redeemed.
  absl::StatusOr<Identity> Redeem(const std::string& code,
                                  const std::string& code_verifier,
                                  const std::string& redirect_uri,
                                  const std::string& nonce);

 private:
  absl::StatusOr<std::string> Fetch(const std::string& url,
                                    const std::string& form_body) const;
  absl::StatusOr<Endpoints> FetchEndpoints() const;
  absl::StatusOr<std::string> Keys(bool refresh);

  const ProviderSettings settings_;
  absl::Mutex mu_;
  std::optional<Endpoints> endpoints_ ABSL_GUARDED_BY(mu_);
  // A provider that could not be reached is not asked again for a while:
  // callers who are not signed in must not make the server wait on it.
  absl::Status last_failure_ ABSL_GUARDED_BY(mu_);
  absl::Time retry_at_ ABSL_GUARDED_BY(mu_) = absl::InfinitePast();
  std::string jwks_ ABSL_GUARDED_BY(mu_);
  int redeeming_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace equalsay::oidc

#endif  // EQUALSAY_SERVICES_OIDC_SERVICE_OIDC_CLIENT_H_
