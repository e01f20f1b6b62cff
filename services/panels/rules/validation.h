// Input checks for PanelService beyond the shared ones: limits, scales,
// weights, e-mail. Each error is INVALID_ARGUMENT and names the field.
#ifndef EQUALSAY_SERVICES_PANELS_RULES_VALIDATION_H_
#define EQUALSAY_SERVICES_PANELS_RULES_VALIDATION_H_

#include <cstddef>
#include <cstdint>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "equalsay/v1/panels.pb.h"
#include "services/common/base/validation.h"

namespace equalsay::panels {

inline constexpr size_t kMaxName = 200;
inline constexpr size_t kMaxEmail = 320;
inline constexpr size_t kMaxTitle = 200;
inline constexpr size_t kMaxLongText = 4000;  // Purpose, scope statement.
inline constexpr size_t kMaxReason = 2000;
inline constexpr size_t kMaxQuestion = 500;
inline constexpr size_t kMaxScaleWords = 200;
inline constexpr int kMinScalePoints = 2;
inline constexpr int kMaxScalePoints = 11;
inline constexpr double kMaxWeight = 100;
inline constexpr int kMaxCandidates = 200;
inline constexpr int kMaxImportRows = 2000;
inline constexpr int kMaxCriteria = 30;
inline constexpr int kMaxPanelMembers = 2000;
inline constexpr int kMaxTokenDays = 3650;

// 2 to 11 points with distinct whole values, lowest first, each with words.
absl::Status CheckScale(
    const google::protobuf::RepeatedPtrField<v1::ScalePoint>& scale);

absl::Status CheckWeight(double weight);

absl::Status CheckEmail(absl::string_view email);
// A round's setup_key: 1 to 30 lowercase letters, digits or dashes.
absl::Status CheckSetupKey(absl::string_view key);

// Whether what `field` names (a `holder`, such as a round) has room for one
// more of its `things` (such as candidates): INVALID_ARGUMENT naming the
// field once it holds `limit`.
absl::Status CheckRoom(absl::string_view field, absl::string_view holder,
                       absl::string_view things, int count, int limit);

}  // namespace equalsay::panels

#endif  // EQUALSAY_SERVICES_PANELS_RULES_VALIDATION_H_
