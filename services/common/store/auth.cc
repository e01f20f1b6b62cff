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
    "SELECT person_id, org_role, token_id, kind, stale_use "
    "FROM token_holders WHERE token_hash = $1"};
// Why a token does not sign anyone in (or a link, which the view leaves
// out): what it is and how it ended.
constexpr Statement kTokenState{
    "auth_token_state",
    "SELECT t.kind, t.used_at IS NOT NULL, t.revoked_at IS NOT NULL, "
    "t.expires_at <= now(), p.active, t.person_id, "
    "p.org_role, t.id FROM tokens t JOIN people p ON p.id = t.person_id "
    "WHERE t.token_hash = $1"};
// Use is noted at most hourly, so reads rarely write; a session's end
// moves on with it.
constexpr Statement kNoteUse{
    "auth_note_use",
    "UPDATE tokens SET last_used_at = now(), "
    "expires_at = CASE WHEN kind = 'session' THEN now() + idle "
    "ELSE expires_at END WHERE id = $1"};
constexpr Statement kRoundRole{
    "auth_round_role",
    "SELECT r.id, m.role, m.role IS NULL AND EXISTS (SELECT 1 FROM "
    "supporters s WHERE s.round_id = r.id AND s.supporter_id = $2 AND "
    "s.withdrawn_at IS NULL) FROM rounds r "
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
                                    absl::string_view token, TokenUse use) {
  const std::string hash = HashToken(token);
  if (use == TokenUse::kBearer) {
    const pqxx::result rows = Exec(txn, kFindByToken, hash);
    if (!rows.empty()) {
      Caller caller = CallerFrom(rows[0]);
      caller.token_id = IdAt<TokenId>(rows[0][2]);
      if (rows[0][4].as<bool>()) Exec(txn, kNoteUse, caller.token_id);
      return caller;
    }
  }
  const pqxx::result rows = Exec(txn, kTokenState, hash);
  if (rows.empty()) {
    return absl::UnauthenticatedError(
        "This token or sign-in link does not work: check it was copied in "
        "full, or ask an administrator for a new sign-in link.");
  }
  const pqxx::row row = rows[0];
  const bool link = row[0].as<std::string>() == "link";
  const bool session = row[0].as<std::string>() == "session";
  if (!row[4].as<bool>()) {
    return absl::UnauthenticatedError(
        "This account has been closed, so it can no longer sign in. If you "
        "think that is a mistake, ask an administrator.");
  }
  if (link && row[1].as<bool>()) {
    return absl::UnauthenticatedError(
        "This sign-in link has already been used: each link works once. Ask "
        "for a new one. If you did not use it yourself, tell an "
        "administrator.");
  }
  if (row[2].as<bool>()) {
    return absl::UnauthenticatedError(
        session ? "You have been signed out on this device. Sign in again "
                  "with a new sign-in link."
                : absl::StrCat("This ", link ? "sign-in link" : "token",
                               " has been cancelled. Ask an administrator "
                               "for a new sign-in link."));
  }
  if (!row[3].is_null() && row[3].as<bool>()) {
    return absl::UnauthenticatedError(
        session ? "You were signed out because this device had not been "
                  "used for a while. Sign in again with a new sign-in link."
        : link  ? "This sign-in link has expired. Ask for a new one."
                : "This token has expired. Ask an administrator for a new "
                  "one.");
  }
  if (use == TokenUse::kBearer) {  // A working link, sent as a token.
    return absl::UnauthenticatedError(
        "This is a sign-in link, not a token: open it in your web browser, "
        "or sign in with it first (equalsay login LINK).");
  }
  if (!link) {
    return absl::InvalidArgumentError(
        "You are already signed in: SignIn takes a sign-in link, not a "
        "token.");
  }
  Caller caller = CallerFrom(row, 5);
  caller.token_id = IdAt<TokenId>(row[7]);
  return caller;
}

Caller CallerFrom(const pqxx::row& row, pqxx::row::size_type first) {
  return {.person_id = IdAt<PersonId>(row[first]),
          .org_role = OrgRoleFromName(row[first + 1].as<std::string>())};
}

absl::StatusOr<RoundPlace> PlaceInRound(pqxx::transaction_base& txn,
                                        RoundId round_id, PersonId person_id) {
  const pqxx::result rows = Exec(txn, kRoundRole, round_id, person_id);
  if (rows.empty()) {
    return NoSuch("round", "round_id", round_id.str());
  }
  RoundPlace place{.supporter = rows[0][2].as<bool>()};
  if (!rows[0][1].is_null()) {
    place.panel_role = PanelRoleFromName(rows[0][1].as<std::string>());
  }
  return place;
}

}  // namespace equalsay
