// Subjects' keys in the database, sealed under the server's data key: made
// when a subject first has text to seal, destroyed when they are erased,
// sealed again under a new data key when the keys rotate.
#ifndef EQUALSAY_SERVICES_PRIVACY_STORE_SUBJECT_KEYS_H_
#define EQUALSAY_SERVICES_PRIVACY_STORE_SUBJECT_KEYS_H_

#include <cstdint>
#include <map>
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "services/privacy/rules/data_keys.h"

namespace equalsay::privacy {

// The key for what is about the subjects `about` ("person/3",
// "candidate/7"): nullopt when a subject's key has been destroyed (they
// were erased), or, without `make`, was never made. With `make`, keys not
// yet made are made.
std::optional<Key> KeyAbout(pqxx::transaction_base& txn, const DataKeys& keys,
                            const std::vector<std::string>& about, bool make);

// `text` as locked text (privacy::LockText) under the keys of `about`,
// made if missing; empty text stays empty.
std::string LockAbout(pqxx::transaction_base& txn, const DataKeys& keys,
                      const std::vector<std::string>& about,
                      absl::string_view context, const std::string& text);

// Opens locked text read in one transaction, each set of subjects' key
// read once.
class TextOpener {
 public:
  TextOpener(pqxx::transaction_base& txn, const DataKeys& keys)
      : txn_(txn), keys_(keys) {}
  // Text not locked as it is; locked text opened; "" when a subject's key
  // is gone (they were erased). An exception when it does not open with
  // keys that exist: the stored text was changed.
  std::string Text(const std::vector<std::string>& about,
                   absl::string_view context, const std::string& stored);
  // `text` as locked text (LockText) under the keys of `about`, made if
  // missing, as LockAbout, with the keys this opener knows; "" stays "".
  std::string Lock(const std::vector<std::string>& about,
                   absl::string_view context, const std::string& text);
  // JSON as stored, every locked string in it opened (or "" where a
  // subject's key is gone).
  std::string Json(const std::vector<std::string>& about,
                   absl::string_view context, const std::string& stored);
  // The key for `about`; nullopt once a subject's key is gone.
  const std::optional<Key>& KeyFor(const std::vector<std::string>& about);
  // Reads the keys of many subjects, each alone, in one query, so that
  // opening the texts of many rows costs one read.
  void Prefetch(const std::vector<std::string>& subjects);
  // A subject's key as a query read it beside its rows (subject_keys'
  // data_key_id and wrapped; NULL when there is none, left to KeyFor), so
  // that opening what the rows hold takes no read of its own.
  void KnowStored(const std::string& subject, const pqxx::field& data_key_id,
                  const pqxx::field& wrapped);
  // A key the caller has already (just made, say), so it is not read again.
  void Know(const std::vector<std::string>& about, const Key& key) {
    known_[about] = key;
  }

 private:
  pqxx::transaction_base& txn_;
  const DataKeys& keys_;
  std::map<std::vector<std::string>, std::optional<Key>> known_;
};

// Seals `text` for the subjects it is about ("person/3", "candidate/7"),
// making their keys if they have none yet: erasing any one of them makes
// it unreadable. `context` names where it is stored ("documents.content").
std::string SealAbout(pqxx::transaction_base& txn, const DataKeys& keys,
                      const std::vector<std::string>& about,
                      absl::string_view context, absl::string_view text);

// The text, or nullopt when a subject's key has been destroyed (they were
// erased). An error when the bytes do not open with the subjects' keys:
// the stored text was changed, or sealed for someone else.
absl::StatusOr<std::optional<std::string>> OpenAbout(
    pqxx::transaction_base& txn, const DataKeys& keys,
    const std::vector<std::string>& about, absl::string_view context,
    absl::string_view sealed);

// Destroys the subject's key; returns whether there was one.
bool DestroySubjectKey(pqxx::transaction_base& txn, const std::string& subject);

// Seals up to `limit` keys held under an older data key under the current
// one, skipping keys another server holds; returns how many. Nothing sealed
// under a subject's key changes.
int64_t RewrapSubjectKeys(pqxx::transaction_base& txn, const DataKeys& keys,
                          int limit);

// An error naming the data keys that stored keys need and `keys` lacks, or
// one whose secret is not the one that locked them, so that a server never
// starts unable to read what it holds.
absl::Status CheckDataKeysHeld(pqxx::transaction_base& txn,
                               const DataKeys& keys);

}  // namespace equalsay::privacy

#endif  // EQUALSAY_SERVICES_PRIVACY_STORE_SUBJECT_KEYS_H_
