// Keeps the rules' layer: other rules, Abseil and the protocol's messages.
#include "absl/strings/str_cat.h"
#include "equalsay/v1/panels.pb.h"
#include "services/common/base/validation.h"
#include "services/panels/rules/round_state.h"

std::string Probe() {
  return absl::StrCat(
      equalsay::panels::StateWords(equalsay::v1::ROUND_STATE_SCORING));
}
