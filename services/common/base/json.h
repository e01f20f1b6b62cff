// A flat JSON object for event payloads, with strings escaped properly.
#ifndef EQUALSAY_SERVICES_COMMON_BASE_JSON_H_
#define EQUALSAY_SERVICES_COMMON_BASE_JSON_H_

#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"
#include "services/common/base/ids.h"

namespace equalsay {

class JsonObject {
 public:
  JsonObject& Add(absl::string_view key, absl::string_view value);
  JsonObject& Add(absl::string_view key, const char* value) {
    return Add(key, absl::string_view(value));
  }
  JsonObject& Add(absl::string_view key, int64_t value);
  JsonObject& AddNumber(absl::string_view key, double value);  // Finite.
  JsonObject& Add(absl::string_view key, bool value);
  template <typename Kind>
  JsonObject& Add(absl::string_view key, Id<Kind> id) {
    return Add(key, id.value());
  }
  std::string str() const { return "{" + body_ + "}"; }

 private:
  void Key(absl::string_view key);
  std::string body_;
};

// `value` as a JSON string literal, quotes included.
std::string JsonQuote(absl::string_view value);

}  // namespace equalsay

#endif  // EQUALSAY_SERVICES_COMMON_BASE_JSON_H_
