#include "services/common/store/auth.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "services/common/base/enum_names.h"
#include "services/common/base/token.h"
#include "services/common/base/validation.h"
#include "services/common/store/sql.h"

namespace equalsay {
namespace {

constexpr Statement kFindByToken{
    "auth_find_by_token",
    "SELECT person_id, display_name, org_role FROM token_holders "
    "WHERE token_hash = $1"};
constexpr Statement kRoundRole{
    "auth_round_role",
    "SELECT r.id, m.role FROM rounds r "
    "LEFT JOIN panel_members m ON m.round_id = r.id AND m.person_id = $2 "
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

absl::StatusOr<Caller> Authenticate(pqxx::transaction_base& txn,
                                    absl::string_view token) {
  const pqxx::result rows = Exec(txn, kFindByToken, HashToken(token));
  if (rows.empty()) {
    return absl::UnauthenticatedError(
        "This token does not work: it may have been revoked or have expired, "
        "or the account was deactivated. Ask an administrator for a new "
        "one.");
  }
  return CallerFrom(rows[0]);
}

Caller CallerFrom(const pqxx::row& row, pqxx::row::size_type first) {
  return {.person_id = IdAt<PersonId>(row[first]),
          .display_name = row[first + 1].as<std::string>(),
          .org_role = OrgRoleFromName(row[first + 2].as<std::string>())};
}

absl::StatusOr<std::optional<v1::PanelRole>> PanelRoleInRound(
    pqxx::transaction_base& txn, RoundId round_id, PersonId person_id) {
  const pqxx::result rows = Exec(txn, kRoundRole, round_id, person_id);
  if (rows.empty()) {
    return NoSuch("round", "round_id", round_id.str());
  }
  if (rows[0][1].is_null()) return std::optional<v1::PanelRole>();
  return std::optional<v1::PanelRole>(
      PanelRoleFromName(rows[0][1].as<std::string>()));
}

}  // namespace equalsay
