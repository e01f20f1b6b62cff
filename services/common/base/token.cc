#include "services/common/base/token.h"

#include <openssl/rand.h>

#include <array>
#include <stdexcept>

#include "absl/strings/escaping.h"
#include "absl/strings/string_view.h"
#include "services/common/base/sha256.h"

namespace equalsay {

std::string GenerateToken() {
  std::array<unsigned char, 32> bytes;
  if (RAND_bytes(bytes.data(), bytes.size()) != 1) {
    // Without randomness no safe token exists; never fall back to a weak one.
    throw std::runtime_error("the system could not supply random bytes");
  }
  return "eqs_" +
         absl::WebSafeBase64Escape(absl::string_view(
             reinterpret_cast<const char*>(bytes.data()), bytes.size()));
}

std::string HashToken(absl::string_view token) { return Sha256Hex(token); }

}  // namespace equalsay
