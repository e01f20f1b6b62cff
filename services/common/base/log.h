// One-line log records on stderr, each with a UTC timestamp.
#ifndef EQUALSAY_SERVICES_COMMON_BASE_LOG_H_
#define EQUALSAY_SERVICES_COMMON_BASE_LOG_H_

#include "absl/strings/string_view.h"

namespace equalsay {

// Never pass tokens, ballot choices or score content: logs are not private.
void LogLine(absl::string_view message);

}  // namespace equalsay

#endif  // EQUALSAY_SERVICES_COMMON_BASE_LOG_H_
