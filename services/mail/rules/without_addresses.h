// What a mail server says, with any e-mail address in it taken out, so
// that an error kept in the queue, the log or the audit trail (which
// cannot be changed later) never holds a person's address.
#ifndef EQUALSAY_SERVICES_MAIL_RULES_WITHOUT_ADDRESSES_H_
#define EQUALSAY_SERVICES_MAIL_RULES_WITHOUT_ADDRESSES_H_

#include <string>

#include "absl/strings/string_view.h"

namespace equalsay::mail {

// `text` with each word holding an '@' (up to spaces, quotes, brackets and
// the like) replaced by "(an address)".
std::string WithoutAddresses(absl::string_view text);

}  // namespace equalsay::mail

#endif  // EQUALSAY_SERVICES_MAIL_RULES_WITHOUT_ADDRESSES_H_
