#include "services/panels/rules/validation.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace equalsay::panels {
namespace {

absl::Status Invalid(absl::string_view field, absl::string_view why) {
  return absl::InvalidArgumentError(absl::StrCat(field, " ", why));
}

}  // namespace

absl::Status CheckScale(
    const google::protobuf::RepeatedPtrField<v1::ScalePoint>& scale) {
  if (scale.size() < kMinScalePoints || scale.size() > kMaxScalePoints) {
    return Invalid("scale", absl::StrCat("must have ", kMinScalePoints, " to ",
                                         kMaxScalePoints, " points (got ",
                                         scale.size(), ")"));
  }
  for (int i = 0; i < scale.size(); ++i) {
    const std::string field = absl::StrCat("scale[", i, "].words");
    if (absl::Status s = CheckText(field, scale[i].words(), kMaxScaleWords);
        !s.ok()) {
      return s;
    }
    if (scale[i].value() < -100 || scale[i].value() > 100) {
      return Invalid(absl::StrCat("scale[", i, "].value"),
                     "must be between -100 and 100");
    }
    if (i > 0 && scale[i].value() <= scale[i - 1].value()) {
      return Invalid(absl::StrCat("scale[", i, "].value"),
                     "must be higher than the point before it (list the "
                     "points lowest first, each value once)");
    }
  }
  return absl::OkStatus();
}

absl::Status CheckWeight(double weight) {
  if (!std::isfinite(weight) || weight <= 0 || weight > kMaxWeight) {
    return Invalid(
        "weight", absl::StrCat("must be more than 0 and at most ", kMaxWeight));
  }
  return absl::OkStatus();
}

absl::Status CheckSetupKey(absl::string_view key) {
  const bool shaped =
      !key.empty() && key.size() <= 30 && key[0] != '-' &&
      std::all_of(key.begin(), key.end(), [](char c) {
        return absl::ascii_islower(c) || absl::ascii_isdigit(c) || c == '-';
      });
  if (shaped) return absl::OkStatus();
  return Invalid("setup_key",
                 "must be 1 to 30 lowercase letters, digits or dashes, "
                 "starting with a letter or digit");
}

absl::Status CheckEmail(absl::string_view email) {
  if (email.empty()) return absl::OkStatus();
  if (absl::Status s = CheckText("email", email, kMaxEmail); !s.ok()) return s;
  const auto at = email.find('@');
  if (at == absl::string_view::npos || at == 0 || at + 1 == email.size() ||
      email.find(' ') != absl::string_view::npos) {
    return Invalid("email", "must look like name@example.org");
  }
  return absl::OkStatus();
}

absl::Status CheckRoom(absl::string_view field, absl::string_view holder,
                       absl::string_view things, int count, int limit) {
  if (count < limit) return absl::OkStatus();
  return absl::InvalidArgumentError(
      absl::StrCat(field, " names a ", holder, " that already has ", limit, " ",
                   things, ", the most a ", holder, " can have."));
}

}  // namespace equalsay::panels
