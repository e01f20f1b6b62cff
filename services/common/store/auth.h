// Who is asking: bearer token to person, and their place in a round.
#ifndef EQUALSAY_SERVICES_COMMON_STORE_AUTH_H_
#define EQUALSAY_SERVICES_COMMON_STORE_AUTH_H_

#include <cstdint>
#include <optional>
#include <pqxx/pqxx>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "equalsay/v1/common.pb.h"
#include "services/common/base/ids.h"

namespace equalsay {

struct Caller {
  PersonId person_id{0};  // Their name is kept locked: privacy::NameOf.
  v1::OrgRole org_role = v1::ORG_ROLE_UNSPECIFIED;
  TokenId token_id{0};  // The token this call came with.
};

// The token from an `authorization: Bearer <token>` header value.
absl::StatusOr<std::string> BearerToken(absl::string_view header);

// What a call may be signed in with: a session or script token, or (for
// SignIn alone) a sign-in link, which works only once.
enum class TokenUse { kBearer, kSignInLink };

// The active person holding this unexpired, unrevoked token of the kind
// `use` takes. UNAUTHENTICATED otherwise, saying in plain words why (used,
// expired, signed out, a link where a token was expected), since only the
// token's holder can ask.
absl::StatusOr<Caller> Authenticate(pqxx::transaction_base& txn,
                                    absl::string_view token,
                                    TokenUse use = TokenUse::kBearer);

// The caller from two columns of a row selected from the token_holders
// view (person_id, org_role), starting at column `first`.
Caller CallerFrom(const pqxx::row& row, pqxx::row::size_type first = 0);

// A person's place in a round: their panel role (nullopt when on none of
// its panels) and, if on none, whether a member named them as supporter.
struct RoundPlace {
  std::optional<v1::PanelRole> panel_role;
  bool supporter = false;
};
// NOT_FOUND when the round does not exist.
absl::StatusOr<RoundPlace> PlaceInRound(pqxx::transaction_base& txn,
                                        RoundId round_id, PersonId person_id);

}  // namespace equalsay

#endif  // EQUALSAY_SERVICES_COMMON_STORE_AUTH_H_
