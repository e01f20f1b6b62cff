// What may go in a round's pack: a PDF or plain text of a bounded size, and a
// title that does not give away a name the panels know by a reference.
#ifndef EQUALSAY_SERVICES_PANELS_RULES_PACK_H_
#define EQUALSAY_SERVICES_PANELS_RULES_PACK_H_

#include <cstddef>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "equalsay/v1/panels.pb.h"

namespace equalsay::panels {

// Under the 4 MiB a gRPC or gRPC-Web message may be, with room to spare.
inline constexpr size_t kMaxDocumentBytes = 3 * 1024 * 1024;
inline constexpr int kMaxDocuments = 500;  // In one round.
inline constexpr char kPdf[] = "application/pdf";
inline constexpr char kPlainText[] = "text/plain; charset=utf-8";

// What the bytes are, judged from the bytes alone (never from what the
// uploader says): kPdf, kPlainText, or INVALID_ARGUMENT naming `content`.
absl::StatusOr<std::string> DocumentMediaType(absl::string_view content);

// INVALID_ARGUMENT naming `title` when it contains one of `hidden_names`
// (the names behind the round's anonymised references), in any letter case.
absl::Status CheckTitleHidesNames(absl::string_view title,
                                  const std::vector<std::string>& hidden_names);

// "Job description", "CV": a document's title when none is given.
std::string DocumentKindWords(v1::DocumentKind kind);

}  // namespace equalsay::panels

#endif  // EQUALSAY_SERVICES_PANELS_RULES_PACK_H_
