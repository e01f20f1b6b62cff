// Whether an OpenID Connect ID token proves who a staff member is: signed by
// one of the provider's keys, for this server, unexpired, for this sign-in,
// with an e-mail address the provider has verified.
#ifndef EQUALSAY_SERVICES_OIDC_RULES_ID_TOKEN_H_
#define EQUALSAY_SERVICES_OIDC_RULES_ID_TOKEN_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace equalsay::oidc {

struct Expected {
  std::string issuer;     // Exactly as the provider's discovery gives it.
  std::string client_id;  // This server, as registered with the provider.
  std::string nonce;      // The one the browser sent with this sign-in.
  absl::Time now;
  // Clocks differ a little between machines.
  absl::Duration leeway = absl::Minutes(2);
  // For providers that do not send email_verified but own every address
  // they issue (set by the operator, never by a token).
  bool trust_email = false;
};

struct Identity {
  std::string subject;  // The provider's id for the person ("sub").
  std::string email;
};

// The identity in `token` when it passes every check against the keys of
// `jwks_json` (the provider's JSON Web Key Set). Only RS256 signatures are
// accepted: "none", and HMAC made with a public key, are refused.
// UNAUTHENTICATED with the reason in plain words otherwise.
absl::StatusOr<Identity> VerifyIdToken(const std::string& token,
                                       absl::string_view jwks_json,
                                       const Expected& expected);

// Whether VerifyIdToken refused a token because none of the keys given
// verified it: the provider may have rotated its keys, so fetch them again.
bool IsUnknownKey(const absl::Status& status);

}  // namespace equalsay::oidc

#endif  // EQUALSAY_SERVICES_OIDC_RULES_ID_TOKEN_H_
