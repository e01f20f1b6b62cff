// Issuing tokens of every kind (only their hashes are stored), and the
// sign-in links made of them, shared by the people calls and the mail.
#ifndef EQUALSAY_SERVICES_COMMON_STORE_TOKENS_H_
#define EQUALSAY_SERVICES_COMMON_STORE_TOKENS_H_

#include <cstdint>
#include <pqxx/pqxx>
#include <string>

#include "equalsay/v1/panels.pb.h"
#include "services/common/base/ids.h"

namespace equalsay {

// How each kind is stored ("script", "link", "session").
const char* TokenKindName(v1::TokenKind kind);
v1::TokenKind TokenKindFromName(const std::string& name);

struct IssuedToken {
  TokenId id{0};
  int64_t expires_at_unix = 0;  // 0: never.
};
struct NewToken {
  PersonId person_id{0};
  std::string token_hash;  // Only the hash: the token never reaches here.
  v1::TokenKind kind = v1::TOKEN_KIND_SCRIPT;
  std::string label;
  int expires_in_days = 0;  // 0: never (script tokens only).
  int idle_days = 0;        // Sessions: ended after this many days unused.
};
IssuedToken InsertToken(pqxx::transaction_base& txn, const NewToken& token);
// Stops a token working (if it still did).
void RevokeToken(pqxx::transaction_base& txn, TokenId token_id);

struct SignInLink {
  TokenId token_id{0};
  std::string url;  // Shown once; only the code's hash is kept.
  int64_t expires_at_unix = 0;
};
// A new sign-in link for `person_id`, working once for `days`, opening
// the web client at `public_url`.
SignInLink IssueSignInLink(pqxx::transaction_base& txn, PersonId person_id,
                           int days, const std::string& public_url);

}  // namespace equalsay

#endif  // EQUALSAY_SERVICES_COMMON_STORE_TOKENS_H_
