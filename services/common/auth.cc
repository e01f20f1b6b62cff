#include "services/common/auth.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "services/common/enum_names.h"
#include "services/common/sql.h"
#include "services/common/status_macros.h"
#include "services/common/token.h"
#include "services/common/validation.h"

namespace equalsay {
namespace {

constexpr Statement kFindByTokens{
    "auth_find_by_tokens",
    "SELECT t.token_hash, p.id, p.display_name, p.org_role FROM tokens t "
    "JOIN people p ON p.id = t.person_id "
    "WHERE t.token_hash = ANY($1::text[]) AND t.revoked_at IS NULL "
    "AND p.active AND (t.expires_at IS NULL OR t.expires_at > now())"};
constexpr Statement kRoundRoles{
    "auth_round_roles",
    "SELECT r.id, m.person_id, m.role FROM rounds r "
    "LEFT JOIN panel_members m "
    "ON m.round_id = r.id AND m.person_id = ANY($2::bigint[]) "
    "WHERE r.id = $1"};

}  // namespace

absl::StatusOr<std::string> BearerToken(absl::string_view header) {
  header = absl::StripAsciiWhitespace(header);
  if (header.empty()) {
    return absl::UnauthenticatedError(
        "Please sign in: this request carries no token (send the metadata "
        "\"authorization: Bearer <token>\").");
  }
  constexpr absl::string_view kPrefix = "bearer ";
  if (header.size() <= kPrefix.size() ||
      !absl::StartsWithIgnoreCase(header, kPrefix)) {
    return absl::UnauthenticatedError(
        "The authorization metadata must be \"Bearer <token>\".");
  }
  return std::string(absl::StripAsciiWhitespace(header.substr(kPrefix.size())));
}

std::vector<std::optional<Caller>> CallersOf(
    pqxx::transaction_base& txn, const std::vector<std::string>& tokens) {
  std::vector<std::string> hashes;
  hashes.reserve(tokens.size());
  for (const std::string& token : tokens) hashes.push_back(HashToken(token));
  absl::flat_hash_map<std::string, Caller> by_hash;
  for (const auto& row : Exec(txn, kFindByTokens, PgArray(hashes))) {
    by_hash[row[0].as<std::string>()] = {
        .person_id = row[1].as<int64_t>(),
        .display_name = row[2].as<std::string>(),
        .org_role = OrgRoleFromName(row[3].as<std::string>())};
  }
  std::vector<std::optional<Caller>> out;
  out.reserve(tokens.size());
  for (const std::string& hash : hashes) {
    auto it = by_hash.find(hash);
    out.push_back(it == by_hash.end() ? std::nullopt
                                      : std::optional<Caller>(it->second));
  }
  return out;
}

absl::StatusOr<Caller> Authenticate(pqxx::transaction_base& txn,
                                    absl::string_view token) {
  std::optional<Caller> caller = CallersOf(txn, {std::string(token)})[0];
  if (!caller.has_value()) {
    return absl::UnauthenticatedError(
        "This token does not work: it may have been revoked or have expired, "
        "or the account was deactivated. Ask an administrator for a new "
        "one.");
  }
  return *std::move(caller);
}

absl::StatusOr<absl::flat_hash_map<int64_t, v1::PanelRole>> PanelRolesInRound(
    pqxx::transaction_base& txn, int64_t round_id,
    const std::vector<int64_t>& people) {
  const pqxx::result rows = Exec(txn, kRoundRoles, round_id, PgArray(people));
  if (rows.empty()) {
    return NoSuch("round", "round_id", absl::StrCat(round_id));
  }
  absl::flat_hash_map<int64_t, v1::PanelRole> roles;
  for (const auto& row : rows) {
    if (row[1].is_null()) continue;  // The round, with none of them on it.
    roles[row[1].as<int64_t>()] = PanelRoleFromName(row[2].as<std::string>());
  }
  return roles;
}

absl::StatusOr<std::optional<v1::PanelRole>> PanelRoleInRound(
    pqxx::transaction_base& txn, int64_t round_id, int64_t person_id) {
  EQ_ASSIGN_OR_RETURN(auto roles,
                      PanelRolesInRound(txn, round_id, {person_id}));
  auto it = roles.find(person_id);
  if (it == roles.end()) return std::optional<v1::PanelRole>();
  return std::optional<v1::PanelRole>(it->second);
}

}  // namespace equalsay
