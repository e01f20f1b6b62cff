// Access tokens: random when issued, only ever stored as a hash.
#ifndef EQUALSAY_SERVICES_COMMON_BASE_TOKEN_H_
#define EQUALSAY_SERVICES_COMMON_BASE_TOKEN_H_

#include <string>

#include "absl/strings/string_view.h"

namespace equalsay {

// "eqs_" then 43 URL-safe characters: 256 random bits from the OS.
std::string GenerateToken();

// SHA-256 of the token, as 64 lowercase hex digits. Tokens carry 256 random
// bits, so a fast unsalted hash cannot be reversed by guessing; it lets a
// request find its token by an indexed lookup.
std::string HashToken(absl::string_view token);

}  // namespace equalsay

#endif  // EQUALSAY_SERVICES_COMMON_BASE_TOKEN_H_
