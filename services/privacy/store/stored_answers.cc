#include "services/privacy/store/stored_answers.h"

#include "absl/status/status.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "services/common/store/sql.h"

namespace equalsay::privacy {
namespace {

constexpr char kSubjectPrefix[] = "answers/";
// A day's answers have all gone once the last of them, given at its end,
// is `hours` old: once the day is before the day `hours` ago. (Days as
// text sort as the days do.)
constexpr Statement kDestroyOld{
    "stored_answers_destroy_old_keys",
    "DELETE FROM subject_keys WHERE subject LIKE 'answers/%' AND subject "
    "COLLATE \"C\" < 'answers/' || to_char(now() AT TIME ZONE 'UTC' - "
    "make_interval(hours => $1::int), 'YYYY-MM-DD')"};

}  // namespace

std::string AnswerLock::Lock(absl::string_view answer) const {
  return absl::StrCat(day_, ":",
                      absl::Base64Escape(Seal(key_, answer, kAnswerContext)));
}

absl::StatusOr<AnswerLock> AnswerLocker::Today() {
  const absl::Time now = absl::Now();
  const int64_t day_number = absl::ToUnixSeconds(now) / 86400;
  {
    absl::MutexLock lock(&mu_);
    if (day_number == day_number_) return today_;
  }
  std::string day = absl::FormatTime("%Y-%m-%d", now, absl::UTCTimeZone());
  std::optional<Key> key;
  const absl::Status status = pool_.Transact([&](pqxx::transaction_base& txn) {
    key = KeyAbout(txn, keys_, {absl::StrCat(kSubjectPrefix, day)},
                   /*make=*/true);
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  AnswerLock made(std::move(day), *key);  // Made if missing: always there.
  absl::MutexLock lock(&mu_);
  day_number_ = day_number;
  today_ = made;
  return made;
}

std::optional<std::string> OpenAnswer(TextOpener& opener,
                                      absl::string_view stored) {
  std::string bytes;
  const size_t colon = stored.find(':');  // Never in base64.
  if (colon == absl::string_view::npos) {
    if (!absl::Base64Unescape(stored, &bytes)) return std::nullopt;
    return bytes;
  }
  const std::optional<Key>& key =
      opener.KeyFor({absl::StrCat(kSubjectPrefix, stored.substr(0, colon))});
  if (!key.has_value() ||
      !absl::Base64Unescape(stored.substr(colon + 1), &bytes)) {
    return std::nullopt;
  }
  return Open(*key, bytes, kAnswerContext);
}

int64_t DestroyOldAnswerKeys(pqxx::transaction_base& txn, int hours) {
  return Exec(txn, kDestroyOld, hours).affected_rows();
}

}  // namespace equalsay::privacy
