#include "services/mail/rules/without_addresses.h"

#include "absl/strings/match.h"

namespace equalsay::mail {
namespace {

// What ends a word that may be an address: mail servers write addresses
// bare, in <angle brackets>, in quotes or in parentheses.
bool EndsWord(char c) {
  return absl::string_view(" \t\r\n<>()[]{},;:\"'`").find(c) !=
         absl::string_view::npos;
}

}  // namespace

std::string WithoutAddresses(absl::string_view text) {
  std::string out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    if (EndsWord(text[i])) {
      out += text[i++];
      continue;
    }
    size_t end = i;
    while (end < text.size() && !EndsWord(text[end])) ++end;
    const absl::string_view word = text.substr(i, end - i);
    out += absl::StrContains(word, '@') ? "(an address)" : std::string(word);
    i = end;
  }
  return out;
}

}  // namespace equalsay::mail
