#include "services/privacy/rules/fold_case.h"

#include <locale.h>
#include <wctype.h>

#include <cstdint>
#include <optional>

namespace equalsay::privacy {
namespace {

// glibc's built-in UTF-8 locale: Unicode's case mappings, with no locale
// files installed and no global setting changed.
locale_t Utf8() {
  static const locale_t locale =
      newlocale(LC_CTYPE_MASK, "C.UTF-8", static_cast<locale_t>(nullptr));
  return locale;
}

// Without the built-in locale (glibc before 2.35), A to Z alone.
char32_t Lower(char32_t c) {
  if (Utf8() == static_cast<locale_t>(nullptr)) {
    return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
  }
  return static_cast<char32_t>(towlower_l(static_cast<wint_t>(c), Utf8()));
}

// The code point at the start of `text` and its length in bytes; nullopt
// when the bytes there are not UTF-8 (overlong forms and surrogates too).
std::optional<std::pair<char32_t, size_t>> Decode(absl::string_view text) {
  const auto byte = [&](size_t i) { return static_cast<uint8_t>(text[i]); };
  const uint8_t first = byte(0);
  size_t length;
  char32_t c;
  if (first < 0x80) return std::pair<char32_t, size_t>{first, 1};
  if ((first & 0xE0) == 0xC0) {
    length = 2, c = first & 0x1F;
  } else if ((first & 0xF0) == 0xE0) {
    length = 3, c = first & 0x0F;
  } else if ((first & 0xF8) == 0xF0) {
    length = 4, c = first & 0x07;
  } else {
    return std::nullopt;
  }
  if (text.size() < length) return std::nullopt;
  for (size_t i = 1; i < length; ++i) {
    if ((byte(i) & 0xC0) != 0x80) return std::nullopt;
    c = (c << 6) | (byte(i) & 0x3F);
  }
  constexpr char32_t kLeast[] = {0, 0, 0x80, 0x800, 0x10000};
  if (c < kLeast[length] || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) {
    return std::nullopt;
  }
  return std::pair<char32_t, size_t>{c, length};
}

void Encode(char32_t c, std::string& out) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

}  // namespace

std::string FoldCase(absl::string_view utf8) {
  std::string out;
  out.reserve(utf8.size());
  while (!utf8.empty()) {
    const auto decoded = Decode(utf8);
    if (!decoded.has_value()) {
      out += utf8.front();
      utf8.remove_prefix(1);
      continue;
    }
    const auto [c, length] = *decoded;
    Encode(Lower(c), out);
    utf8.remove_prefix(length);
  }
  return out;
}

}  // namespace equalsay::privacy
