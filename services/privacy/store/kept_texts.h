// Free text an audit event records (a reason someone gave), kept beside the
// trail and sealed under the keys of the subjects it is about.
#ifndef EQUALSAY_SERVICES_PRIVACY_STORE_KEPT_TEXTS_H_
#define EQUALSAY_SERVICES_PRIVACY_STORE_KEPT_TEXTS_H_

#include <cstdint>
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "services/common/base/json.h"
#include "services/privacy/rules/data_keys.h"

namespace equalsay::privacy {

// Keeps `text` beside the trail: `payload` gets `<field>_text_id` and
// `<field>_sha256` (of a random salt and the text), which the seal covers.
// Salt and text are sealed together under the keys of `about` (never
// empty: "person/3", "candidate/7"), so erasing any of those subjects makes
// both unreadable, and leaves every seal valid; while they are there, the
// text can be checked against the event. Nothing is added for an empty
// text.
JsonObject& KeepText(pqxx::transaction_base& txn, const DataKeys& keys,
                     JsonObject& payload, absl::string_view field,
                     absl::string_view text,
                     const std::vector<std::string>& about);

struct KeptText {
  int64_t id = 0;
  std::string salt;
  std::string text;
};
// The texts about `subject` still kept, oldest first.
std::vector<KeptText> KeptTextsAbout(pqxx::transaction_base& txn,
                                     const DataKeys& keys,
                                     const std::string& subject);

// Seals up to `limit` texts kept before texts were sealed (skipping rows
// another server holds); returns how many.
int64_t LockPlainKeptTexts(pqxx::transaction_base& txn, const DataKeys& keys,
                           int limit);

}  // namespace equalsay::privacy

#endif  // EQUALSAY_SERVICES_PRIVACY_STORE_KEPT_TEXTS_H_
