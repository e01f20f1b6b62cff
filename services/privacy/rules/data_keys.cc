#include "services/privacy/rules/data_keys.h"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <cstdlib>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "services/common/base/json.h"

namespace equalsay::privacy {
namespace {

constexpr unsigned char kVersion = 1;
constexpr size_t kNonce = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
constexpr size_t kTag = crypto_aead_xchacha20poly1305_ietf_ABYTES;
static_assert(kSealOverhead == 1 + kNonce + kTag);
static_assert(crypto_aead_xchacha20poly1305_ietf_KEYBYTES == sizeof(Key));
constexpr size_t kMinSecret = 32;
constexpr size_t kMaxId = 32;

// sodium_init is safe to call from any thread, any number of times; it
// only fails when the system has no source of randomness at all.
void InitSodium() {
  static const bool ready = [] {
    if (sodium_init() < 0) std::abort();
    return true;
  }();
  (void)ready;
}

const unsigned char* Bytes(absl::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

bool IdCharacter(char c) {
  return absl::ascii_isalnum(c) || c == '-' || c == '_';
}

}  // namespace

absl::StatusOr<DataKeys> DataKeys::Parse(absl::string_view setting) {
  InitSodium();
  std::vector<DataKey> keys;
  for (absl::string_view entry :
       absl::StrSplit(setting, ',', absl::SkipWhitespace())) {
    entry = absl::StripAsciiWhitespace(entry);
    const size_t colon = entry.find(':');
    const std::string which = absl::StrCat("key ", keys.size() + 1);
    // Without a ':' the whole entry may be a secret: never repeat it.
    if (colon == entry.npos) {
      return absl::InvalidArgumentError(absl::StrCat(
          which,
          " has no ':' between its name and its secret (for example "
          "2026-12:<secret>)"));
    }
    const absl::string_view id = entry.substr(0, colon);
    const absl::string_view secret = entry.substr(colon + 1);
    if (id.empty() || id.size() > kMaxId ||
        !std::all_of(id.begin(), id.end(), IdCharacter)) {
      return absl::InvalidArgumentError(absl::StrCat(
          which,
          " needs a name of 1 to 32 letters, digits, '-' or '_' before "
          "its ':' (for example 2026-12:<secret>)"));
    }
    if (secret.size() < kMinSecret) {
      return absl::InvalidArgumentError(absl::StrCat(
          which, " (\"", id, "\") needs a secret of ", kMinSecret,
          " or more random characters after its ':' (openssl rand -base64 "
          "32 makes one)"));
    }
    for (const DataKey& k : keys) {
      if (k.id == id) {
        return absl::InvalidArgumentError(
            absl::StrCat("the name \"", id, "\" is given to two keys"));
      }
    }
    DataKey& key = keys.emplace_back(DataKey{.id = std::string(id)});
    crypto_generichash(key.key.data(), key.key.size(), Bytes(secret),
                       secret.size(), nullptr, 0);
  }
  if (keys.empty()) {
    return absl::InvalidArgumentError(
        "no key given: set it to a name and a secret, for example "
        "main:<32 or more random characters>");
  }
  return DataKeys(std::move(keys));
}

const DataKey* DataKeys::Find(absl::string_view id) const {
  for (const DataKey& k : keys_) {
    if (k.id == id) return &k;
  }
  return nullptr;
}

Key NewSubjectKey() {
  InitSodium();
  Key key;
  crypto_aead_xchacha20poly1305_ietf_keygen(key.data());
  return key;
}

std::string Seal(const Key& key, absl::string_view text,
                 absl::string_view context) {
  InitSodium();
  std::string out(kSealOverhead + text.size(), '\0');
  auto* p = reinterpret_cast<unsigned char*>(out.data());
  p[0] = kVersion;
  randombytes_buf(p + 1, kNonce);
  unsigned long long written = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(
      p + 1 + kNonce, &written, Bytes(text), text.size(), Bytes(context),
      context.size(), nullptr, p + 1, key.data());
  return out;
}

std::optional<std::string> Open(const Key& key, absl::string_view sealed,
                                absl::string_view context) {
  InitSodium();
  if (sealed.size() < kSealOverhead || Bytes(sealed)[0] != kVersion) {
    return std::nullopt;
  }
  std::string out(sealed.size() - kSealOverhead, '\0');
  unsigned long long written = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(
          reinterpret_cast<unsigned char*>(out.data()), &written, nullptr,
          Bytes(sealed) + 1 + kNonce, sealed.size() - 1 - kNonce,
          Bytes(context), context.size(), Bytes(sealed) + 1, key.data()) != 0) {
    return std::nullopt;
  }
  out.resize(written);
  return out;
}

std::string WrapSubjectKey(const DataKey& data_key, const Key& subject_key,
                           absl::string_view subject) {
  return Seal(
      data_key.key,
      absl::string_view(reinterpret_cast<const char*>(subject_key.data()),
                        subject_key.size()),
      absl::StrCat("subject key:", subject));
}

std::optional<Key> UnwrapSubjectKey(const DataKey& data_key,
                                    absl::string_view wrapped,
                                    absl::string_view subject) {
  const std::optional<std::string> raw =
      Open(data_key.key, wrapped, absl::StrCat("subject key:", subject));
  if (!raw.has_value() || raw->size() != sizeof(Key)) return std::nullopt;
  Key key;
  std::copy(raw->begin(), raw->end(), key.begin());
  return key;
}

Key JointKey(const std::vector<Key>& subject_keys) {
  InitSodium();
  if (subject_keys.size() == 1) return subject_keys.front();
  crypto_generichash_state state;
  crypto_generichash_init(&state, nullptr, 0, sizeof(Key));
  for (const Key& k : subject_keys) {
    crypto_generichash_update(&state, k.data(), k.size());
  }
  Key joint;
  crypto_generichash_final(&state, joint.data(), joint.size());
  return joint;
}

std::string BlindIndex(const Key& key, absl::string_view text) {
  InitSodium();
  std::array<unsigned char, 32> hash;
  crypto_generichash(hash.data(), hash.size(), Bytes(text), text.size(),
                     key.data(), key.size());
  return absl::BytesToHexString(absl::string_view(
      reinterpret_cast<const char*>(hash.data()), hash.size()));
}

constexpr absl::string_view kLocked = "locked:";

std::string LockText(const Key& key, absl::string_view text,
                     absl::string_view context) {
  return absl::StrCat(kLocked, absl::Base64Escape(Seal(key, text, context)));
}

bool IsLockedText(absl::string_view stored) {
  return absl::StartsWith(stored, kLocked);
}

std::optional<std::string> UnlockText(const Key& key, absl::string_view stored,
                                      absl::string_view context) {
  if (!IsLockedText(stored)) return std::string(stored);
  std::string sealed;
  if (!absl::Base64Unescape(stored.substr(kLocked.size()), &sealed)) {
    return std::nullopt;
  }
  return Open(key, sealed, context);
}

std::string UnlockTextsInJson(absl::string_view json, const Key* key,
                              absl::string_view context) {
  // A locked string is "locked:" and base64, none of which JSON escapes, so
  // it is found as it is; the opened text is quoted afresh.
  const std::string start = absl::StrCat("\"", kLocked);
  std::string out;
  size_t from = 0;
  for (size_t at = json.find(start); at != json.npos;
       at = json.find(start, from)) {
    const size_t end = json.find('"', at + 1);
    if (end == json.npos) break;
    absl::StrAppend(&out, json.substr(from, at - from));
    std::optional<std::string> text;
    if (key != nullptr) {
      text = UnlockText(*key, json.substr(at + 1, end - at - 1), context);
    }
    absl::StrAppend(&out, JsonQuote(text.value_or("")));
    from = end + 1;
  }
  absl::StrAppend(&out, json.substr(from));
  return out;
}

}  // namespace equalsay::privacy
