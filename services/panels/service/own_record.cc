#include "services/panels/service/own_record.h"

#include "services/common/base/status_macros.h"
#include "services/common/base/validation.h"
#include "services/panels/api/panels_api.h"

namespace equalsay::panels {

absl::StatusOr<v1::Person> OwnOrOverseen(Call& call,
                                         const privacy::DataKeys& keys,
                                         absl::string_view person_id,
                                         std::initializer_list<Role> overseers,
                                         absl::string_view refusal) {
  PersonId id = call.caller().person_id;
  if (!person_id.empty()) {
    EQ_ASSIGN_OR_RETURN(id, ParseId<PersonId>("person_id", person_id));
  }
  if (id != call.caller().person_id) {
    bool overseer = false;
    for (Role role : overseers) overseer = overseer || call.Is(role);
    if (!overseer) return absl::PermissionDeniedError(refusal);
  }
  std::optional<v1::Person> person = LoadPerson(call.txn(), keys, id);
  if (!person.has_value()) return NoSuch("person", "person_id", id.str());
  return *std::move(person);
}

}  // namespace equalsay::panels
