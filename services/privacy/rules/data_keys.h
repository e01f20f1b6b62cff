// Crypto-shredding: personal text sealed under a key of its subject's own,
// subjects' keys sealed under the server's data key, so destroying a
// subject's key makes every copy of their text unreadable (libsodium,
// XChaCha20-Poly1305).
#ifndef EQUALSAY_SERVICES_PRIVACY_RULES_DATA_KEYS_H_
#define EQUALSAY_SERVICES_PRIVACY_RULES_DATA_KEYS_H_

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace equalsay::privacy {

using Key = std::array<unsigned char, 32>;

// One of the server's data keys, named so that stored subject keys say
// which one sealed them.
struct DataKey {
  std::string id;
  Key key;
};

// The server's data keys from EQUALSAY_DATA_KEYS: "id:secret[,id:secret...]".
// The first seals subjects' keys; the others only open keys sealed before
// a rotation. A secret is 32 or more characters of random text (the key
// is its BLAKE2b hash); an id is 1 to 32 letters, digits, '-' or '_'.
class DataKeys {
 public:
  static absl::StatusOr<DataKeys> Parse(absl::string_view setting);

  const DataKey& current() const { return keys_.front(); }
  // nullptr when no key has that id.
  const DataKey* Find(absl::string_view id) const;

 private:
  explicit DataKeys(std::vector<DataKey> keys) : keys_(std::move(keys)) {}
  std::vector<DataKey> keys_;  // Never empty.
};

// A fresh random subject key.
Key NewSubjectKey();

// A subject's key sealed under a data key; `subject` ("person/12") is bound
// in, so a sealed key moved to another subject does not open.
std::string WrapSubjectKey(const DataKey& data_key, const Key& subject_key,
                           absl::string_view subject);
// nullopt when the bytes were not sealed by this data key for this subject.
std::optional<Key> UnwrapSubjectKey(const DataKey& data_key,
                                    absl::string_view wrapped,
                                    absl::string_view subject);

// The key for a text about several subjects: made from all their keys, so
// destroying any one of them makes the text unreadable.
Key JointKey(const std::vector<Key>& subject_keys);

// A keyed hash of `text` (hex), for finding a row by a field that is kept
// locked (an e-mail address) without opening every row: the same text and
// key always give the same index, and without the key it says nothing.
std::string BlindIndex(const Key& key, absl::string_view text);

// Sealed text: a version byte, a random nonce, then the ciphertext and its
// tag. `context` (where it is kept, below) is bound in, so sealed text moved to
// another column does not open.
inline constexpr size_t kSealOverhead = 1 + 24 + 16;
std::string Seal(const Key& key, absl::string_view text,
                 absl::string_view context);
// nullopt when the key or context is not the one it was sealed with, or
// the bytes were changed.
std::optional<std::string> Open(const Key& key, absl::string_view sealed,
                                absl::string_view context);

// Where locked text is kept, bound in as its context: text locked for one
// place does not open in another.
inline constexpr char kDocumentsContext[] = "documents.content";
// A candidate's document's title ("Sam Jones - CV").
inline constexpr char kDocumentTitleContext[] = "documents.title";
inline constexpr char kKeptTextsContext[] = "event_texts";
inline constexpr char kEvidenceContext[] = "score_sheets.evidence";
inline constexpr char kConflictContext[] = "conflicts.reason";
inline constexpr char kHrNoteContext[] = "confirmations.note";
// A note on time given and why an entry was not confirmed: both the
// person's, in one row.
inline constexpr char kInvolvementContext[] = "involvement.note";
// A reason given with a vote: the voter's, in every table a ballot is kept
// (ballots, their versions, and ones entered for a member), so a ballot's
// locked reason can be copied from one to another.
inline constexpr char kVoteReasonContext[] = "ballots.reason";
inline constexpr char kReopenReasonContext[] = "reopen_requests.reason";
// A person's name and e-mail address, each in its own column of `people`.
inline constexpr char kNameContext[] = "people.display_name";
inline constexpr char kEmailContext[] = "people.email";
// A candidate's name and the reference shown instead when they are
// anonymised; and a decision on a candidate, whose title names them.
inline constexpr char kCandidateNameContext[] = "candidates.name";
inline constexpr char kCandidateReferenceContext[] = "candidates.reference";
inline constexpr char kDecisionTitleContext[] = "decisions.title";
inline constexpr char kDecisionTextContext[] = "decisions.body";
// What a person called a sign-in (often their device, "Jo's phone").
inline constexpr char kTokenLabelContext[] = "tokens.label";
// The first answer to a change, kept a day for its retries (it may name
// anyone the change was about), under a key of the day it was given.
inline constexpr char kAnswerContext[] = "request_ledger.response";

// Locked text where only text may go (a JSON string): "locked:" and the
// sealed bytes in base64.
std::string LockText(const Key& key, absl::string_view text,
                     absl::string_view context);
bool IsLockedText(absl::string_view stored);
// Text that is not locked (kept before locking began) as it is; locked text
// opened; nullopt when it does not open.
std::optional<std::string> UnlockText(const Key& key, absl::string_view stored,
                                      absl::string_view context);
// Every JSON string in `json` that is locked text, opened with `key` (or,
// without one, or where it does not open, replaced by ""), so that JSON
// read as it is stored can be shown.
std::string UnlockTextsInJson(absl::string_view json, const Key* key,
                              absl::string_view context);

}  // namespace equalsay::privacy

#endif  // EQUALSAY_SERVICES_PRIVACY_RULES_DATA_KEYS_H_
