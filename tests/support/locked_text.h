// What the test servers locked (kTestDataKeys), opened from the database
// as a server would, so tests can check stored text without a server call.
#ifndef EQUALSAY_TESTS_SUPPORT_LOCKED_TEXT_H_
#define EQUALSAY_TESTS_SUPPORT_LOCKED_TEXT_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "services/privacy/rules/data_keys.h"
#include "tests/support/scratch_database.h"

namespace equalsay::testing {

// The key for text about `about` ("person/3", ...), as stored in `db`;
// nullopt when a subject has none.
std::optional<privacy::Key> SubjectKeyIn(const ScratchDatabase& db,
                                         const std::vector<std::string>& about);

// `stored` (locked text, privacy::LockText) opened; "(does not open)"
// when it does not.
std::string UnlockedIn(const ScratchDatabase& db,
                       const std::vector<std::string>& about,
                       absl::string_view context, const std::string& stored);

}  // namespace equalsay::testing

#endif  // EQUALSAY_TESTS_SUPPORT_LOCKED_TEXT_H_
