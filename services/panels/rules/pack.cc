#include "services/panels/rules/pack.h"

#include <cstdint>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace equalsay::panels {
namespace {

// Well-formed UTF-8 (no overlong forms, surrogates or values past U+10FFFF)
// with no NUL and no control characters but line breaks, tabs and form
// feeds: text a browser shows as it is.
bool IsPlainText(absl::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<uint8_t>(s[i]);
    if (c < 0x80) {
      if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f') {
        return false;
      }
      if (c == 0x7f) return false;
      ++i;
      continue;
    }
    size_t length = 0;
    uint32_t code = 0;
    if ((c & 0xe0) == 0xc0) {
      length = 2;
      code = c & 0x1f;
    } else if ((c & 0xf0) == 0xe0) {
      length = 3;
      code = c & 0x0f;
    } else if ((c & 0xf8) == 0xf0) {
      length = 4;
      code = c & 0x07;
    } else {
      return false;
    }
    if (i + length > s.size()) return false;
    for (size_t k = 1; k < length; ++k) {
      const auto next = static_cast<uint8_t>(s[i + k]);
      if ((next & 0xc0) != 0x80) return false;
      code = (code << 6) | (next & 0x3f);
    }
    constexpr uint32_t kLeast[] = {0, 0, 0x80, 0x800, 0x10000};
    if (code < kLeast[length] || code > 0x10ffff ||
        (code >= 0xd800 && code <= 0xdfff)) {
      return false;
    }
    i += length;
  }
  return true;
}

}  // namespace

absl::StatusOr<std::string> DocumentMediaType(absl::string_view content) {
  if (content.empty()) {
    return absl::InvalidArgumentError("content is empty: choose a file");
  }
  if (content.size() > kMaxDocumentBytes) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "content is too large: %.1f MB, and a document may be at most %d MB. "
        "Save it as a smaller PDF, or split it",
        content.size() / (1024.0 * 1024.0), kMaxDocumentBytes / (1024 * 1024)));
  }
  if (absl::StartsWith(content, "%PDF-")) return std::string(kPdf);
  if (IsPlainText(content)) return std::string(kPlainText);
  return absl::InvalidArgumentError(
      "content must be a PDF or plain text: save other documents (Word, "
      "pictures) as PDF first");
}

absl::Status CheckTitleHidesNames(
    absl::string_view title, const std::vector<std::string>& hidden_names) {
  const std::string lower = absl::AsciiStrToLower(title);
  for (const std::string& name : hidden_names) {
    const std::string needle =
        absl::AsciiStrToLower(absl::StripAsciiWhitespace(name));
    if (!needle.empty() && absl::StrContains(lower, needle)) {
      return absl::InvalidArgumentError(
          "title contains the name of a candidate the panels know only by a "
          "reference: leave the name out (for example \"CV\")");
    }
  }
  return absl::OkStatus();
}

std::string DocumentKindWords(v1::DocumentKind kind) {
  switch (kind) {
    case v1::DOCUMENT_KIND_JOB_DESCRIPTION:
      return "Job description";
    case v1::DOCUMENT_KIND_INTERVIEW_QUESTIONS:
      return "Interview questions";
    case v1::DOCUMENT_KIND_APPLICATION:
      return "Application";
    case v1::DOCUMENT_KIND_CV:
      return "CV";
    case v1::DOCUMENT_KIND_OTHER:
      return "Document";
    case v1::DOCUMENT_KIND_UNSPECIFIED:
    case v1::DocumentKind_INT_MIN_SENTINEL_DO_NOT_USE_:
    case v1::DocumentKind_INT_MAX_SENTINEL_DO_NOT_USE_:
      break;
  }
  return "";
}

}  // namespace equalsay::panels
