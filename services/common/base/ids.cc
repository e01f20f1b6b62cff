#include "services/common/base/ids.h"

#include "absl/status/status.h"
#include "absl/strings/numbers.h"

namespace equalsay {

absl::StatusOr<int64_t> ParseIdValue(absl::string_view field,
                                     absl::string_view value) {
  int64_t id = 0;
  if (value.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(field, " is required"));
  }
  if (value.size() > 19 || !absl::SimpleAtoi(value, &id) || id <= 0 ||
      value.front() == '+' || value.front() == '0') {
    return absl::InvalidArgumentError(
        absl::StrCat(field, " must be an id such as \"12\" (got \"",
                     value.substr(0, 40), "\")"));
  }
  return id;
}

}  // namespace equalsay
