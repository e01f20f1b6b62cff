#include "services/privacy/store/kept_texts.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "services/common/base/sha256.h"
#include "services/common/base/token.h"
#include "services/common/store/sql.h"
#include "services/privacy/store/subject_keys.h"

namespace equalsay::privacy {
namespace {

constexpr absl::string_view kContext = kKeptTextsContext;

constexpr Statement kKeep{
    "kept_texts_keep",
    "INSERT INTO event_texts (salt, sealed, about) VALUES ('', $1, "
    "$2::text[]) RETURNING id"};
constexpr Statement kAbout{
    "kept_texts_about",
    "SELECT id, about, sealed, salt, text FROM event_texts WHERE $1 = ANY "
    "(about) ORDER BY id"};
constexpr Statement kPlain{
    "kept_texts_plain",
    "SELECT id, about, salt, text FROM event_texts WHERE text IS NOT NULL "
    "AND about <> '{}' "
    "ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED"};
constexpr Statement kSeal{
    "kept_texts_seal",
    "UPDATE event_texts SET salt = '', text = NULL, sealed = $2 WHERE id = "
    "$1"};

// The salt never holds a line break (GenerateToken's alphabet), so the
// first one ends it.
std::string Joined(absl::string_view salt, absl::string_view text) {
  return absl::StrCat(salt, "\n", text);
}

}  // namespace

JsonObject& KeepText(pqxx::transaction_base& txn, const DataKeys& keys,
                     JsonObject& payload, absl::string_view field,
                     absl::string_view text,
                     const std::vector<std::string>& about) {
  if (text.empty()) return payload;
  const std::string salt = GenerateToken();
  const std::string sealed =
      SealAbout(txn, keys, about, kContext, Joined(salt, text));
  const int64_t id =
      Exec(txn, kKeep, pqxx::binarystring(sealed), PgArray(about))[0][0]
          .as<int64_t>();
  return payload.Add(absl::StrCat(field, "_text_id"), id)
      .Add(absl::StrCat(field, "_sha256"), Sha256Hex(absl::StrCat(salt, text)));
}

std::vector<KeptText> KeptTextsAbout(pqxx::transaction_base& txn,
                                     const DataKeys& keys,
                                     const std::string& subject) {
  std::vector<KeptText> out;
  for (const auto& row : Exec(txn, kAbout, subject)) {
    KeptText kept{.id = row[0].as<int64_t>()};
    if (row[2].is_null()) {  // Kept before texts were sealed.
      kept.salt = row[3].as<std::string>();
      kept.text = row[4].as<std::string>();
    } else {
      absl::StatusOr<std::optional<std::string>> opened =
          OpenAbout(txn, keys, TextsOf(row[1]), kContext,
                    pqxx::binarystring(row[2]).str());
      if (!opened.ok()) throw std::runtime_error(opened.status().ToString());
      // Another subject's key is gone: the row goes with it, see erasure.
      if (!opened->has_value()) continue;
      std::pair<std::string, std::string> parts =
          absl::StrSplit(**opened, absl::MaxSplits('\n', 1));
      kept.salt = std::move(parts.first);
      kept.text = std::move(parts.second);
    }
    out.push_back(std::move(kept));
  }
  return out;
}

int64_t LockPlainKeptTexts(pqxx::transaction_base& txn, const DataKeys& keys,
                           int limit) {
  int64_t sealed = 0;
  for (const auto& row : Exec(txn, kPlain, limit)) {
    const std::vector<std::string> about = TextsOf(row[1]);
    // Nothing names whose it is: there is no key to seal it under.
    if (about.empty()) continue;
    Exec(txn, kSeal, row[0].as<int64_t>(),
         pqxx::binarystring(SealAbout(
             txn, keys, about, kContext,
             Joined(row[2].as<std::string>(), row[3].as<std::string>()))));
    ++sealed;
  }
  return sealed;
}

}  // namespace equalsay::privacy
