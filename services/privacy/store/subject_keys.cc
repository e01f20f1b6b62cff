#include "services/privacy/store/subject_keys.h"

#include "absl/container/flat_hash_map.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/common/store/sql.h"

namespace equalsay::privacy {
namespace {

constexpr Statement kRead{
    "subject_keys_read",
    "SELECT subject, data_key_id, wrapped FROM subject_keys WHERE subject = "
    "ANY ($1::text[])"};
// Two transactions making the same subject's key: the second waits for the
// first and keeps its key (a repeatable-read one is retried).
constexpr Statement kMake{
    "subject_keys_make",
    "INSERT INTO subject_keys (subject, data_key_id, wrapped) VALUES ($1, $2, "
    "$3) ON CONFLICT (subject) DO NOTHING"};
constexpr Statement kDestroy{"subject_keys_destroy",
                             "DELETE FROM subject_keys WHERE subject = $1"};
constexpr Statement kOlder{
    "subject_keys_older",
    "SELECT subject, data_key_id, wrapped FROM subject_keys WHERE "
    "data_key_id <> $1 ORDER BY subject LIMIT $2 FOR UPDATE SKIP LOCKED"};
constexpr Statement kRewrap{
    "subject_keys_rewrap",
    "UPDATE subject_keys k SET data_key_id = $1, wrapped = w.wrapped FROM "
    "unnest($2::text[], $3::bytea[]) AS w(subject, wrapped) WHERE k.subject "
    "= w.subject"};
// Each data key in use, how many keys it locks, and one of them to try.
constexpr Statement kDataKeysInUse{
    "subject_keys_data_keys_in_use",
    "SELECT DISTINCT ON (data_key_id) data_key_id, count(*) OVER (PARTITION "
    "BY data_key_id), subject, wrapped FROM subject_keys ORDER BY "
    "data_key_id, subject"};

struct Stored {
  std::string data_key_id;
  std::string wrapped;
};

absl::flat_hash_map<std::string, Stored> ReadKeys(
    pqxx::transaction_base& txn, const std::vector<std::string>& subjects) {
  absl::flat_hash_map<std::string, Stored> found;
  for (const auto& row : Exec(txn, kRead, PgArray(subjects))) {
    found[row[0].as<std::string>()] = {row[1].as<std::string>(),
                                       pqxx::binarystring(row[2]).str()};
  }
  return found;
}

Key Unwrap(const DataKeys& keys, const std::string& subject,
           const Stored& stored) {
  const DataKey* data_key = keys.Find(stored.data_key_id);
  std::optional<Key> key;
  if (data_key != nullptr) {
    key = UnwrapSubjectKey(*data_key, stored.wrapped, subject);
  }
  // CheckDataKeysHeld runs before a server starts: a key it cannot open is
  // a changed row or a changed setting, and reading on would hide it.
  if (!key.has_value()) {
    throw std::runtime_error(absl::StrCat("the key of ", subject,
                                          " does not open with data key \"",
                                          stored.data_key_id, "\""));
  }
  return *key;
}

}  // namespace

std::optional<Key> KeyAbout(pqxx::transaction_base& txn, const DataKeys& keys,
                            const std::vector<std::string>& about, bool make) {
  absl::flat_hash_map<std::string, Stored> found = ReadKeys(txn, about);
  if (make && found.size() < about.size()) {
    for (const std::string& subject : about) {
      if (found.contains(subject)) continue;
      Exec(txn, kMake, subject, keys.current().id,
           pqxx::binarystring(
               WrapSubjectKey(keys.current(), NewSubjectKey(), subject)));
    }
    found = ReadKeys(txn, about);  // Ours, or a racing server's.
  }
  std::vector<Key> subject_keys;
  for (const std::string& subject : about) {
    const auto it = found.find(subject);
    if (it == found.end()) return std::nullopt;
    subject_keys.push_back(Unwrap(keys, subject, it->second));
  }
  return JointKey(subject_keys);
}

std::string SealAbout(pqxx::transaction_base& txn, const DataKeys& keys,
                      const std::vector<std::string>& about,
                      absl::string_view context, absl::string_view text) {
  return Seal(*KeyAbout(txn, keys, about, /*make=*/true), text, context);
}

absl::StatusOr<std::optional<std::string>> OpenAbout(
    pqxx::transaction_base& txn, const DataKeys& keys,
    const std::vector<std::string>& about, absl::string_view context,
    absl::string_view sealed) {
  const std::optional<Key> key = KeyAbout(txn, keys, about, /*make=*/false);
  if (!key.has_value()) return std::nullopt;  // Erased.
  std::optional<std::string> text = Open(*key, sealed, context);
  if (!text.has_value()) {
    return absl::DataLossError(absl::StrCat(
        "stored text in ", context, " about ", absl::StrJoin(about, ", "),
        " does not open with their keys"));
  }
  return text;
}

std::string LockAbout(pqxx::transaction_base& txn, const DataKeys& keys,
                      const std::vector<std::string>& about,
                      absl::string_view context, const std::string& text) {
  if (text.empty()) return text;
  return LockText(*KeyAbout(txn, keys, about, /*make=*/true), text, context);
}

const std::optional<Key>& TextOpener::KeyFor(
    const std::vector<std::string>& about) {
  auto it = known_.find(about);
  if (it == known_.end()) {
    it = known_.emplace(about, KeyAbout(txn_, keys_, about, /*make=*/false))
             .first;
  }
  return it->second;
}

void TextOpener::Prefetch(const std::vector<std::string>& subjects) {
  std::vector<std::string> unknown;
  for (const std::string& subject : subjects) {
    if (!known_.contains({subject})) unknown.push_back(subject);
  }
  if (unknown.empty()) return;
  // Subjects without a key are left to KeyFor: one may yet be made in
  // this transaction.
  for (const auto& [subject, stored] : ReadKeys(txn_, unknown)) {
    known_[{subject}] = Unwrap(keys_, subject, stored);
  }
}

void TextOpener::KnowStored(const std::string& subject,
                            const pqxx::field& data_key_id,
                            const pqxx::field& wrapped) {
  if (data_key_id.is_null() || known_.contains({subject})) return;
  known_[{subject}] = Unwrap(
      keys_, subject,
      {data_key_id.as<std::string>(), pqxx::binarystring(wrapped).str()});
}

std::string TextOpener::Lock(const std::vector<std::string>& about,
                             absl::string_view context,
                             const std::string& text) {
  if (text.empty()) return text;
  if (const std::optional<Key>& key = KeyFor(about); key.has_value()) {
    return LockText(*key, text, context);
  }
  const std::optional<Key>& made = known_[about] =
      KeyAbout(txn_, keys_, about, /*make=*/true);
  return LockText(*made, text, context);
}

std::string TextOpener::Text(const std::vector<std::string>& about,
                             absl::string_view context,
                             const std::string& stored) {
  if (!IsLockedText(stored)) return stored;
  const std::optional<Key>& key = KeyFor(about);
  if (!key.has_value()) return "";
  std::optional<std::string> text = UnlockText(*key, stored, context);
  if (!text.has_value()) {
    throw std::runtime_error(absl::StrCat("locked text in ", context, " about ",
                                          absl::StrJoin(about, ", "),
                                          " does not open with their keys"));
  }
  return *std::move(text);
}

std::string TextOpener::Json(const std::vector<std::string>& about,
                             absl::string_view context,
                             const std::string& stored) {
  if (stored.find("\"locked:") == std::string::npos) return stored;
  const std::optional<Key>& key = KeyFor(about);
  return UnlockTextsInJson(stored, key.has_value() ? &*key : nullptr, context);
}

bool DestroySubjectKey(pqxx::transaction_base& txn,
                       const std::string& subject) {
  return Exec(txn, kDestroy, subject).affected_rows() > 0;
}

int64_t RewrapSubjectKeys(pqxx::transaction_base& txn, const DataKeys& keys,
                          int limit) {
  std::vector<std::string> subjects, wrapped;
  for (const auto& row : Exec(txn, kOlder, keys.current().id, limit)) {
    const std::string subject = row[0].as<std::string>();
    const Key key =
        Unwrap(keys, subject,
               {row[1].as<std::string>(), pqxx::binarystring(row[2]).str()});
    subjects.push_back(subject);
    // bytea's hex form, so the keys travel as one text array.
    wrapped.push_back(absl::StrCat("\\x", absl::BytesToHexString(WrapSubjectKey(
                                              keys.current(), key, subject))));
  }
  if (subjects.empty()) return 0;
  Exec(txn, kRewrap, keys.current().id, PgArray(subjects), PgArray(wrapped));
  return static_cast<int64_t>(subjects.size());
}

absl::Status CheckDataKeysHeld(pqxx::transaction_base& txn,
                               const DataKeys& keys) {
  std::vector<std::string> missing;
  for (const auto& row : Exec(txn, kDataKeysInUse)) {
    const std::string id = row[0].as<std::string>();
    const DataKey* key = keys.Find(id);
    if (key == nullptr) {
      missing.push_back(absl::StrCat("\"", id, "\" (", row[1].as<int64_t>(),
                                     " subjects' keys)"));
    } else if (!UnwrapSubjectKey(*key, pqxx::binarystring(row[3]).str(),
                                 row[2].as<std::string>())
                    .has_value()) {
      return absl::FailedPreconditionError(absl::StrCat(
          "the data key \"", id,
          "\" in EQUALSAY_DATA_KEYS does not open the keys it locked here: "
          "its secret is not the one they were locked with. Give the secret "
          "it had"));
    }
  }
  if (missing.empty()) return absl::OkStatus();
  return absl::FailedPreconditionError(absl::StrCat(
      "EQUALSAY_DATA_KEYS lacks the data key", missing.size() == 1 ? "" : "s",
      " that locked personal data here: ", absl::StrJoin(missing, ", "),
      ". Put it back after the current key (\"", keys.current().id,
      ":...,<old name>:<old secret>\"); the server then locks those keys "
      "with the current one, and the old key may go at the next start"));
}

}  // namespace equalsay::privacy
