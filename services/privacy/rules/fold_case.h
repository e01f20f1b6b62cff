// Text in lower case for matching what people type in any case (e-mail
// addresses): every letter Unicode gives a lower case, as PostgreSQL's
// lower() does, not only A to Z.
#ifndef EQUALSAY_SERVICES_PRIVACY_RULES_FOLD_CASE_H_
#define EQUALSAY_SERVICES_PRIVACY_RULES_FOLD_CASE_H_

#include <string>

#include "absl/strings/string_view.h"

namespace equalsay::privacy {

// `utf8` with each letter in lower case; bytes that are not UTF-8 are kept
// as they are.
std::string FoldCase(absl::string_view utf8);

}  // namespace equalsay::privacy

#endif  // EQUALSAY_SERVICES_PRIVACY_RULES_FOLD_CASE_H_
