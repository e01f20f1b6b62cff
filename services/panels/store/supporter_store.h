// Members' supporters in a round, in PostgreSQL.
#ifndef EQUALSAY_SERVICES_PANELS_STORE_SUPPORTER_STORE_H_
#define EQUALSAY_SERVICES_PANELS_STORE_SUPPORTER_STORE_H_

#include <optional>
#include <pqxx/pqxx>
#include <vector>

#include "equalsay/v1/panels.pb.h"
#include "services/common/base/ids.h"
#include "services/privacy/rules/data_keys.h"

namespace equalsay::panels {

struct NewSupporter {
  RoundId round_id{0};
  PersonId member_id{0};
  PersonId supporter_id{0};
  v1::SupporterConsent consent = v1::SUPPORTER_CONSENT_UNSPECIFIED;
  PersonId recorded_by{0};
};
// The supporter as named; nullopt when they already are the member's
// supporter in the round.
std::optional<v1::Supporter> InsertSupporter(pqxx::transaction_base& txn,
                                             const privacy::DataKeys& keys,
                                             const NewSupporter& s);

// Ends the member's current supporter; nullopt when there is none.
std::optional<v1::Supporter> WithdrawSupporter(
    pqxx::transaction_base& txn, const privacy::DataKeys& keys,
    RoundId round_id, PersonId member_id, PersonId supporter_id, PersonId by);

// The round's current supporters, by member then supporter name.
std::vector<v1::Supporter> ListSupporters(pqxx::transaction_base& txn,
                                          const privacy::DataKeys& keys,
                                          RoundId round_id);

// The members `supporter_id` may act for now, in every round.
std::vector<v1::Supporter> SupportedBy(pqxx::transaction_base& txn,
                                       const privacy::DataKeys& keys,
                                       PersonId supporter_id);

}  // namespace equalsay::panels

#endif  // EQUALSAY_SERVICES_PANELS_STORE_SUPPORTER_STORE_H_
