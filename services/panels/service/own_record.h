// Whose record a call reads: the caller's own, or someone else's for those
// who oversee everyone's.
#ifndef EQUALSAY_SERVICES_PANELS_SERVICE_OWN_RECORD_H_
#define EQUALSAY_SERVICES_PANELS_SERVICE_OWN_RECORD_H_

#include <initializer_list>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "equalsay/v1/common.pb.h"
#include "services/common/service/rpc_runner.h"
#include "services/privacy/rules/data_keys.h"

namespace equalsay::panels {

// The person `person_id` names, or the caller when it is empty. Someone
// else only for a caller holding one of `overseers`; otherwise
// PERMISSION_DENIED with `refusal`. NOT_FOUND naming person_id when there
// is no such person.
absl::StatusOr<v1::Person> OwnOrOverseen(Call& call,
                                         const privacy::DataKeys& keys,
                                         absl::string_view person_id,
                                         std::initializer_list<Role> overseers,
                                         absl::string_view refusal);

}  // namespace equalsay::panels

#endif  // EQUALSAY_SERVICES_PANELS_SERVICE_OWN_RECORD_H_
