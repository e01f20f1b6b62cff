// Erasure on request in PostgreSQL: what still needs a subject, and the
// overwriting of their personal data wherever it is kept. Rows stay (as
// "Erased person 12"), so ids in tallies and the audit trail still resolve.
#ifndef EQUALSAY_SERVICES_PANELS_STORE_ERASURE_STORE_H_
#define EQUALSAY_SERVICES_PANELS_STORE_ERASURE_STORE_H_

#include <cstdint>
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "services/common/base/ids.h"
#include "services/panels/rules/erasure.h"
#include "services/panels/rules/retention.h"
#include "services/privacy/rules/data_keys.h"

namespace equalsay::panels {

// Holds the person's row against a new seat being given meanwhile, and
// returns the titles of the rounds in progress that still need them (on a
// panel, or as or with a supporter).
std::vector<std::string> HoldPersonForErasure(pqxx::transaction_base& txn,
                                              PersonId id);

// Holds the candidate's row, so that the retention policy (on any server)
// and a request never both erase them.
void HoldCandidateForErasure(pqxx::transaction_base& txn, CandidateId id);

// Overwrites the person's name and e-mail address with `shown_as`, ends
// their sign-ins and takes out what they wrote: vote reasons, conflict
// reasons, notes on their time, their income limit, their queued and sent
// e-mail, and the stored answers to their requests, and destroys their key
// (see privacy/). Scores, votes, amounts and every id stay.
std::vector<ErasedItem> ErasePersonData(pqxx::transaction_base& txn,
                                        const privacy::DataKeys& keys,
                                        PersonId id,
                                        const std::string& shown_as);

// Overwrites the candidate's name and reference with `shown_as`, empties
// their documents and takes out the evidence notes and overall views about
// them (every version), conflict reasons, HR's notes and any stored answer
// holding any of these, and destroys their key. Their decision is titled
// `decision_title`. Scores, tallies and outcomes stay.
std::vector<ErasedItem> EraseCandidateData(pqxx::transaction_base& txn,
                                           const privacy::DataKeys& keys,
                                           CandidateId id,
                                           const std::string& shown_as,
                                           const std::string& decision_title);

// A person or candidate whose time is up under the retention policy.
struct DueErasure {
  std::optional<PersonId> person;
  std::optional<CandidateId> candidate;
  std::optional<RoundId> round_id;  // A candidate's round.
  std::string name;                 // As shown until erased.
  std::string since;                // The day what needed them ended.
};
// Those due now, longest due first, at most `limit` of each kind. With
// `hold`, their rows are held for erasing in this transaction, passing over
// any another server holds, so that no one is erased twice.
std::vector<DueErasure> DueForErasure(pqxx::transaction_base& txn,
                                      const privacy::DataKeys& keys,
                                      const RetentionPolicy& policy, int limit,
                                      bool hold);

// Drops answers kept for retries once older than `hours`, and the keys of
// days whose answers have all gone; returns how many answers.
int64_t ForgetOldAnswers(pqxx::transaction_base& txn, int hours);

}  // namespace equalsay::panels

#endif  // EQUALSAY_SERVICES_PANELS_STORE_ERASURE_STORE_H_
