#include "services/panels/store/pack_store.h"

#include "absl/time/time.h"
#include "services/common/base/enum_names.h"
#include "services/common/store/sql.h"

namespace equalsay::panels {
namespace {

// What DocumentFrom reads, in its order; the candidate as the panels know
// them (the reference when there is one).
#define EQ_DOCUMENT_COLUMNS                                          \
  "SELECT d.id, d.round_id, coalesce(d.candidate_id::text, ''), "    \
  "coalesce(nullif(c.reference, ''), c.name, ''), d.title, d.kind, " \
  "d.media_type, octet_length(d.content), "                          \
  "extract(epoch FROM d.added_at)::bigint "

constexpr Statement kInsertDocument{
    "documents_insert",
    "INSERT INTO documents (round_id, candidate_id, title, kind, media_type, "
    "content, added_by) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id"};
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
    ", CASE WHEN $2 THEN d.content ELSE ''::bytea END "
    "FROM documents d LEFT JOIN candidates c ON c.id = d.candidate_id "
    "WHERE d.id = $1 AND d.removed_at IS NULL"};
constexpr Statement kRemoveDocument{
    "documents_remove",
    "UPDATE documents SET removed_at = now() WHERE id = $1"};

v1::Document DocumentFrom(const pqxx::row& row) {
  v1::Document doc;
  doc.set_id(row[0].as<std::string>());
  doc.set_round_id(row[1].as<std::string>());
  doc.set_candidate_id(row[2].as<std::string>());
  doc.set_candidate_label(row[3].as<std::string>());
  doc.set_title(row[4].as<std::string>());
  doc.set_kind(DocumentKindFromName(row[5].as<std::string>()));
  doc.set_media_type(row[6].as<std::string>());
  doc.set_size_bytes(row[7].as<int64_t>());
  doc.set_added_at_unix(row[8].as<int64_t>());
  return doc;
}

#undef EQ_DOCUMENT_COLUMNS

}  // namespace

DocumentId InsertDocument(pqxx::transaction_base& txn, const NewDocument& doc) {
  return IdAt<DocumentId>(
      Exec(txn, kInsertDocument, doc.round_id, doc.candidate_id, doc.title,
           DocumentKindName(doc.kind), doc.media_type,
           pqxx::binarystring(doc.content), doc.added_by)[0][0]);
}

std::vector<v1::Document> ListDocuments(pqxx::transaction_base& txn,
                                        RoundId round_id) {
  std::vector<v1::Document> out;
  for (const pqxx::row& row : Exec(txn, kListDocuments, round_id)) {
    out.push_back(DocumentFrom(row));
  }
  return out;
}

int CountDocuments(pqxx::transaction_base& txn, RoundId round_id) {
  return Exec(txn, kCountDocuments, round_id)[0][0].as<int>();
}

std::optional<v1::Document> LoadDocument(pqxx::transaction_base& txn,
                                         DocumentId id, bool with_content) {
  const pqxx::result rows = Exec(txn, kLoadDocument, id, with_content);
  if (rows.empty()) return std::nullopt;
  v1::Document doc = DocumentFrom(rows[0]);
  if (with_content) doc.set_content(pqxx::binarystring(rows[0][9]).str());
  return doc;
}

void MarkDocumentRemoved(pqxx::transaction_base& txn, DocumentId id) {
  Exec(txn, kRemoveDocument, id);
}

}  // namespace equalsay::panels
