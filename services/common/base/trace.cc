#include "services/common/base/trace.h"

#include <openssl/rand.h>

#include <atomic>
#include <cstdint>
#include <cstring>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_split.h"

namespace equalsay {
namespace {

bool LowerHex(absl::string_view text, size_t size) {
  if (text.size() != size) return false;
  for (char c : text) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c)) &&
        (c < 'a' || c > 'f')) {
      return false;
    }
  }
  return true;
}

bool AllZero(absl::string_view text) {
  return text.find_first_not_of('0') == absl::string_view::npos;
}

}  // namespace

std::string NewRequestId() {
  unsigned char bytes[8];
  if (RAND_bytes(bytes, sizeof bytes) != 1) {
    // Not a secret: a fallback that is merely unlikely to repeat.
    static std::atomic<uint64_t> counter{0};
    const uint64_t n = ++counter;
    std::memcpy(bytes, &n, sizeof bytes);
  }
  return absl::BytesToHexString(
      absl::string_view(reinterpret_cast<const char*>(bytes), sizeof bytes));
}

bool IsRequestId(absl::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '.' &&
        c != '_' && c != '-') {
      return false;
    }
  }
  return true;
}

std::string TraceIdOf(absl::string_view traceparent) {
  const std::vector<absl::string_view> parts =
      absl::StrSplit(absl::StripAsciiWhitespace(traceparent), '-');
  // Version 00 has exactly four parts; a later version may add more after
  // them, and version ff is invalid.
  if (parts.size() < 4 || !LowerHex(parts[0], 2) || parts[0] == "ff" ||
      (parts[0] == "00" && parts.size() != 4) || !LowerHex(parts[1], 32) ||
      !LowerHex(parts[2], 16) || !LowerHex(parts[3], 2) || AllZero(parts[1]) ||
      AllZero(parts[2])) {
    return "";
  }
  return std::string(parts[1]);
}

}  // namespace equalsay
