#include "tests/support/locked_text.h"

#include "absl/strings/escaping.h"
#include "tests/support/server_process.h"

namespace equalsay::testing {

std::optional<privacy::Key> SubjectKeyIn(
    const ScratchDatabase& db, const std::vector<std::string>& about) {
  const absl::StatusOr<privacy::DataKeys> keys =
      privacy::DataKeys::Parse(kTestDataKeys);
  std::vector<privacy::Key> subject_keys;
  for (const std::string& subject : about) {
    const std::optional<privacy::Key> key = privacy::UnwrapSubjectKey(
        keys->current(),
        absl::HexStringToBytes(db.Query(
            "SELECT encode(wrapped, 'hex') FROM subject_keys WHERE subject = "
            "'" +
            subject + "'")),
        subject);
    if (!key.has_value()) return std::nullopt;
    subject_keys.push_back(*key);
  }
  return privacy::JointKey(subject_keys);
}

std::string UnlockedIn(const ScratchDatabase& db,
                       const std::vector<std::string>& about,
                       absl::string_view context, const std::string& stored) {
  const std::optional<privacy::Key> key = SubjectKeyIn(db, about);
  if (!key.has_value()) return "(does not open)";
  return privacy::UnlockText(*key, stored, context).value_or("(does not open)");
}

}  // namespace equalsay::testing
