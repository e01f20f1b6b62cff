// A round's pack in PostgreSQL: documents, their content kept as bytes.
#ifndef EQUALSAY_SERVICES_PANELS_STORE_PACK_STORE_H_
#define EQUALSAY_SERVICES_PANELS_STORE_PACK_STORE_H_

#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "equalsay/v1/panels.pb.h"
#include "services/common/base/ids.h"
#include "services/privacy/rules/data_keys.h"

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
// A candidate's document (their application, CV) is sealed under the
// candidate's key (see privacy/); the round's own papers are not personal.
DocumentId InsertDocument(pqxx::transaction_base& txn,
                          const privacy::DataKeys& keys,
                          const NewDocument& doc);

// The documents not removed, whole-round ones first, without content.
std::vector<v1::Document> ListDocuments(pqxx::transaction_base& txn,
                                        const privacy::DataKeys& keys,
                                        RoundId round_id);
int CountDocuments(pqxx::transaction_base& txn, RoundId round_id);

// A document not removed; `with_content` adds its bytes.
std::optional<v1::Document> LoadDocument(pqxx::transaction_base& txn,
                                         const privacy::DataKeys& keys,
                                         DocumentId id, bool with_content);
void MarkDocumentRemoved(pqxx::transaction_base& txn, DocumentId id);

// Seals up to `limit` candidates' documents whose content or title was
// kept as written by an earlier version (skipping rows another server
// holds); returns how many.
int64_t LockPlainDocuments(pqxx::transaction_base& txn,
                           const privacy::DataKeys& keys, int limit);

}  // namespace equalsay::panels

#endif  // EQUALSAY_SERVICES_PANELS_STORE_PACK_STORE_H_
