#include "services/panels/store/pack_store.h"

#include "absl/time/time.h"
#include "services/common/base/enum_names.h"
#include "services/common/store/sql.h"
#include "services/privacy/store/subject_keys.h"

namespace equalsay::panels {
namespace {

constexpr absl::string_view kContext = privacy::kDocumentsContext;

// What DocumentFrom reads, in its order, with the candidate's reference and
// name (both locked). A sealed document's size is its content's, without
// the seal's 41 bytes.
static_assert(privacy::kSealOverhead == 41);
#define EQ_DOCUMENT_COLUMNS                                             \
  "SELECT d.id, d.round_id, coalesce(d.candidate_id::text, ''), "       \
  "coalesce(c.reference, ''), d.title, d.kind, "                        \
  "d.media_type, octet_length(d.content) - CASE WHEN d.sealed THEN 41 " \
  "ELSE 0 END, extract(epoch FROM d.added_at)::bigint, "                \
  "coalesce(c.name, '') "

constexpr Statement kInsertDocument{
    "documents_insert",
    "INSERT INTO documents (round_id, candidate_id, title, kind, media_type, "
    "content, added_by, sealed) VALUES ($1, $2::bigint, $3, $4, $5, $6, $7, "
    "$2::bigint IS NOT NULL) RETURNING id"};
constexpr Statement kListDocuments{
    "documents_list", EQ_DOCUMENT_COLUMNS
    "FROM documents d LEFT JOIN candidates c ON c.id = d.candidate_id "
    "WHERE d.round_id = $1 AND d.removed_at IS NULL "
    "ORDER BY d.candidate_id NULLS FIRST, d.id"};
constexpr Statement kCountDocuments{
    "documents_count",
    "SELECT count(*) FROM documents WHERE round_id = $1 AND removed_at IS "
    "NULL"};
constexpr Statement kLoadDocument{
    "documents_load", EQ_DOCUMENT_COLUMNS
    ", CASE WHEN $2 THEN d.content ELSE ''::bytea END, d.sealed "
    "FROM documents d LEFT JOIN candidates c ON c.id = d.candidate_id "
    "WHERE d.id = $1 AND d.removed_at IS NULL"};
// A candidate's documents whose content or title earlier versions kept as
// written (an erased candidate's are already emptied).
constexpr Statement kPlainDocuments{
    "documents_plain",
    "SELECT d.id, d.candidate_id, CASE WHEN d.sealed THEN NULL ELSE "
    "d.content END, d.title FROM documents d JOIN candidates c ON c.id = "
    "d.candidate_id WHERE c.erased_at IS NULL AND ((NOT d.sealed AND "
    "d.content <> ''::bytea) OR d.title NOT LIKE 'locked:%') ORDER BY d.id "
    "LIMIT $1 FOR UPDATE OF d SKIP LOCKED"};
constexpr Statement kSealDocument{
    "documents_seal",
    "UPDATE documents SET content = $2, sealed = true WHERE id = $1"};
constexpr Statement kLockTitle{"documents_lock_title",
                               "UPDATE documents SET title = $2 WHERE id = $1"};
constexpr Statement kRemoveDocument{
    "documents_remove",
    "UPDATE documents SET removed_at = now() WHERE id = $1"};

// The candidate as the panels know them: the reference when there is one.
v1::Document DocumentFrom(const pqxx::row& row, privacy::TextOpener& opener) {
  v1::Document doc;
  doc.set_id(row[0].as<std::string>());
  doc.set_round_id(row[1].as<std::string>());
  doc.set_candidate_id(row[2].as<std::string>());
  if (!doc.candidate_id().empty()) {
    const std::vector<std::string> about = {"candidate/" + doc.candidate_id()};
    const std::string reference = opener.Text(
        about, privacy::kCandidateReferenceContext, row[3].as<std::string>());
    doc.set_candidate_label(
        reference.empty() ? opener.Text(about, privacy::kCandidateNameContext,
                                        row[9].as<std::string>())
                          : reference);
  }
  doc.set_title(doc.candidate_id().empty()
                    ? row[4].as<std::string>()
                    : opener.Text({"candidate/" + doc.candidate_id()},
                                  privacy::kDocumentTitleContext,
                                  row[4].as<std::string>()));
  doc.set_kind(DocumentKindFromName(row[5].as<std::string>()));
  doc.set_media_type(row[6].as<std::string>());
  doc.set_size_bytes(row[7].as<int64_t>());
  doc.set_added_at_unix(row[8].as<int64_t>());
  return doc;
}

#undef EQ_DOCUMENT_COLUMNS

std::vector<std::string> About(CandidateId candidate) {
  return {Subject("candidate", candidate)};
}

}  // namespace

DocumentId InsertDocument(pqxx::transaction_base& txn,
                          const privacy::DataKeys& keys,
                          const NewDocument& doc) {
  // The pack's own papers are about nobody, and stay as they are.
  std::string content = doc.content;
  std::string title = doc.title;
  if (doc.candidate_id.has_value()) {
    content = privacy::SealAbout(txn, keys, About(*doc.candidate_id), kContext,
                                 content);
    title = privacy::LockAbout(txn, keys, About(*doc.candidate_id),
                               privacy::kDocumentTitleContext, title);
  }
  return IdAt<DocumentId>(
      Exec(txn, kInsertDocument, doc.round_id, doc.candidate_id, title,
           DocumentKindName(doc.kind), doc.media_type,
           pqxx::binarystring(content), doc.added_by)[0][0]);
}

std::vector<v1::Document> ListDocuments(pqxx::transaction_base& txn,
                                        const privacy::DataKeys& keys,
                                        RoundId round_id) {
  const pqxx::result rows = Exec(txn, kListDocuments, round_id);
  privacy::TextOpener opener(txn, keys);
  std::vector<std::string> candidates;
  for (const pqxx::row& row : rows) {
    if (!row[2].as<std::string>().empty()) {
      candidates.push_back("candidate/" + row[2].as<std::string>());
    }
  }
  opener.Prefetch(candidates);
  std::vector<v1::Document> out;
  for (const pqxx::row& row : rows) out.push_back(DocumentFrom(row, opener));
  return out;
}

int CountDocuments(pqxx::transaction_base& txn, RoundId round_id) {
  return Exec(txn, kCountDocuments, round_id)[0][0].as<int>();
}

std::optional<v1::Document> LoadDocument(pqxx::transaction_base& txn,
                                         const privacy::DataKeys& keys,
                                         DocumentId id, bool with_content) {
  const pqxx::result rows = Exec(txn, kLoadDocument, id, with_content);
  if (rows.empty()) return std::nullopt;
  privacy::TextOpener opener(txn, keys);
  v1::Document doc = DocumentFrom(rows[0], opener);
  if (!with_content) return doc;
  std::string content = pqxx::binarystring(rows[0][10]).str();
  if (rows[0][11].as<bool>()) {
    absl::StatusOr<std::optional<std::string>> opened = privacy::OpenAbout(
        txn, keys, About(IdOf<CandidateId>(doc.candidate_id())), kContext,
        content);
    if (!opened.ok()) throw std::runtime_error(opened.status().ToString());
    // An erased candidate's documents are removed, so never read here.
    content = opened->value_or("");
  }
  doc.set_content(std::move(content));
  return doc;
}

int64_t LockPlainDocuments(pqxx::transaction_base& txn,
                           const privacy::DataKeys& keys, int limit) {
  int64_t sealed = 0;
  for (const auto& row : Exec(txn, kPlainDocuments, limit)) {
    const int64_t id = row[0].as<int64_t>();
    const std::vector<std::string> about = About(IdAt<CandidateId>(row[1]));
    if (!row[2].is_null()) {
      Exec(txn, kSealDocument, id,
           pqxx::binarystring(privacy::SealAbout(
               txn, keys, about, kContext, pqxx::binarystring(row[2]).str())));
    }
    // What is already locked is opened and locked again: one path.
    privacy::TextOpener opener(txn, keys);
    Exec(txn, kLockTitle, id,
         privacy::LockAbout(txn, keys, about, privacy::kDocumentTitleContext,
                            opener.Text(about, privacy::kDocumentTitleContext,
                                        row[3].as<std::string>())));
    ++sealed;
  }
  return sealed;
}

void MarkDocumentRemoved(pqxx::transaction_base& txn, DocumentId id) {
  Exec(txn, kRemoveDocument, id);
}

}  // namespace equalsay::panels
