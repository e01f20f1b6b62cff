#include "services/common/store/tokens.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "services/common/base/token.h"
#include "services/common/store/sql.h"

namespace equalsay {
namespace {

constexpr Statement kInsertToken{
    "tokens_insert",
    "INSERT INTO tokens (person_id, token_hash, kind, label, idle, "
    "expires_at) VALUES ($1, $2, $3, $4, "
    "CASE WHEN $6::int > 0 THEN make_interval(days => $6::int) END, "
    "CASE WHEN $6::int > 0 THEN now() + make_interval(days => $6::int) "
    "WHEN $5::int > 0 THEN now() + make_interval(days => $5::int) END) "
    "RETURNING id, COALESCE(extract(epoch FROM expires_at)::bigint, 0)"};

constexpr Statement kRevoke{"tokens_revoke",
                            "UPDATE tokens SET revoked_at = now() WHERE id = "
                            "$1 AND revoked_at IS NULL"};

constexpr std::pair<v1::TokenKind, const char*> kTokenKinds[] = {
    {v1::TOKEN_KIND_SCRIPT, "script"},
    {v1::TOKEN_KIND_SIGN_IN_LINK, "link"},
    {v1::TOKEN_KIND_SESSION, "session"}};

}  // namespace

const char* TokenKindName(v1::TokenKind kind) {
  for (const auto& [k, name] : kTokenKinds) {
    if (k == kind) return name;
  }
  return "script";
}

v1::TokenKind TokenKindFromName(const std::string& name) {
  for (const auto& [k, n] : kTokenKinds) {
    if (name == n) return k;
  }
  return v1::TOKEN_KIND_UNSPECIFIED;
}

IssuedToken InsertToken(pqxx::transaction_base& txn, const NewToken& token) {
  const pqxx::row row =
      Exec(txn, kInsertToken, token.person_id, token.token_hash,
           TokenKindName(token.kind), token.label, token.expires_in_days,
           token.idle_days)[0];
  return {.id = IdAt<TokenId>(row[0]), .expires_at_unix = row[1].as<int64_t>()};
}

void RevokeToken(pqxx::transaction_base& txn, TokenId token_id) {
  Exec(txn, kRevoke, token_id);
}

SignInLink IssueSignInLink(pqxx::transaction_base& txn, PersonId person_id,
                           int days, const std::string& public_url) {
  const std::string code = GenerateToken();
  const IssuedToken issued =
      InsertToken(txn, {.person_id = person_id,
                        .token_hash = HashToken(code),
                        .kind = v1::TOKEN_KIND_SIGN_IN_LINK,
                        .expires_in_days = days});
  // In the fragment, which browsers never send to a server.
  return {.token_id = issued.id,
          .url = absl::StrCat(public_url, "/#link=", code),
          .expires_at_unix = issued.expires_at_unix};
}

}  // namespace equalsay
