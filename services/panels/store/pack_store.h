// A round's pack in PostgreSQL: documents, their content kept as bytes.
#ifndef EQUALSAY_SERVICES_PANELS_STORE_PACK_STORE_H_
#define EQUALSAY_SERVICES_PANELS_STORE_PACK_STORE_H_

#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "equalsay/v1/panels.pb.h"
#include "services/common/base/ids.h"

namespace equalsay::panels {

struct NewDocument {
  RoundId round_id{0};
  std::optional<CandidateId> candidate_id;
  std::string title;
  v1::DocumentKind kind = v1::DOCUMENT_KIND_UNSPECIFIED;
  std::string media_type;
  std::string content;
  PersonId added_by{0};
};
DocumentId InsertDocument(pqxx::transaction_base& txn, const NewDocument& doc);

// The documents not removed, whole-round ones first, without content.
std::vector<v1::Document> ListDocuments(pqxx::transaction_base& txn,
                                        RoundId round_id);
int CountDocuments(pqxx::transaction_base& txn, RoundId round_id);

// A document not removed; `with_content` adds its bytes.
std::optional<v1::Document> LoadDocument(pqxx::transaction_base& txn,
                                         DocumentId id, bool with_content);
void MarkDocumentRemoved(pqxx::transaction_base& txn, DocumentId id);

}  // namespace equalsay::panels

#endif  // EQUALSAY_SERVICES_PANELS_STORE_PACK_STORE_H_
