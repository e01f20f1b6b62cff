// Input checks every service shares: text fields, ids and request ids. Each
// error is INVALID_ARGUMENT and names the field.
#ifndef EQUALSAY_SERVICES_COMMON_BASE_VALIDATION_H_
#define EQUALSAY_SERVICES_COMMON_BASE_VALIDATION_H_

#include <cstddef>
#include <cstdint>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace equalsay {

inline constexpr size_t kMaxRequestId = 100;

// Counts characters (not bytes). Refuses control characters, which no field
// needs and which the database cannot store (NUL), except newlines and tabs
// where `multiline`.
absl::Status CheckText(absl::string_view field, absl::string_view value,
                       size_t max_chars, bool required = true,
                       bool multiline = false);

absl::Status CheckRequestId(absl::string_view request_id);

// NOT_FOUND: "There is no <what> with <field> <id>."
absl::Status NoSuch(absl::string_view what, absl::string_view field,
                    absl::string_view id);

}  // namespace equalsay

#endif  // EQUALSAY_SERVICES_COMMON_BASE_VALIDATION_H_
