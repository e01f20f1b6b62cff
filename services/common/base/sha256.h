// SHA-256 as lowercase hex, for token hashes and migration checksums.
#ifndef EQUALSAY_SERVICES_COMMON_BASE_SHA256_H_
#define EQUALSAY_SERVICES_COMMON_BASE_SHA256_H_

#include <string>

#include "absl/strings/string_view.h"

namespace equalsay {

std::string Sha256Hex(absl::string_view data);

}  // namespace equalsay

#endif  // EQUALSAY_SERVICES_COMMON_BASE_SHA256_H_
