#include "services/panels/store/bootstrap.h"

#include "absl/strings/str_cat.h"
#include "services/common/base/token.h"
#include "services/common/store/events.h"
#include "services/panels/store/people_store.h"

namespace equalsay::panels {

absl::StatusOr<BootstrapResult> BootstrapAdministrator(
    pqxx::connection& conn, const privacy::DataKeys& keys,
    const std::string& given_token) {
  BootstrapResult result;
  pqxx::work txn(conn);
  if (CountPeople(txn) > 0) return result;
  const std::string token = given_token.empty() ? GenerateToken() : given_token;
  const PersonId id =
      InsertPerson(txn, keys, "Administrator", v1::ORG_ROLE_ADMIN);
  InsertToken(txn, {.person_id = id,
                    .token_hash = HashToken(token),
                    .kind = v1::TOKEN_KIND_SCRIPT,
                    .label = LockTokenLabel(txn, keys, id, "first start")});
  AppendEvent(txn,
              {.actor_id = std::nullopt,
               .action = "person.created",
               .subject = Subject("person", id),
               .round_id = std::nullopt,
               .payload_json = R"({"org_role":"ADMIN","why":"first start"})"});
  txn.commit();
  result.created = true;
  if (given_token.empty()) result.shown_token = token;
  return result;
}

}  // namespace equalsay::panels
