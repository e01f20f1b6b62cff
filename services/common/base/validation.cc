#include "services/common/base/validation.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace equalsay {
namespace {

absl::Status Invalid(absl::string_view field, absl::string_view why) {
  return absl::InvalidArgumentError(absl::StrCat(field, " ", why));
}

}  // namespace

absl::Status CheckText(absl::string_view field, absl::string_view value,
                       size_t max_chars, bool required, bool multiline) {
  size_t chars = 0;
  bool only_space = true;
  for (unsigned char c : value) {
    if ((c & 0xC0) != 0x80) ++chars;  // Not a UTF-8 continuation byte.
    if (c < 0x20 || c == 0x7f) {
      if (!(multiline && (c == '\n' || c == '\t' || c == '\r'))) {
        return Invalid(field, "must not contain control characters");
      }
    }
    if (c != ' ' && c != '\n' && c != '\t' && c != '\r') only_space = false;
  }
  if (required && only_space) return Invalid(field, "is required");
  if (chars > max_chars) {
    return Invalid(field, absl::StrCat("is too long: at most ", max_chars,
                                       " characters (got ", chars, ")"));
  }
  return absl::OkStatus();
}

absl::Status CheckRequestId(absl::string_view request_id) {
  if (request_id.empty()) {
    return Invalid("request_id",
                   "is required: give each change a unique id, and reuse it "
                   "only to retry that same change");
  }
  return CheckText("request_id", request_id, kMaxRequestId);
}

absl::Status NoSuch(absl::string_view what, absl::string_view field,
                    absl::string_view id) {
  return absl::NotFoundError(
      absl::StrCat("There is no ", what, " with ", field, " ", id, "."));
}

}  // namespace equalsay
