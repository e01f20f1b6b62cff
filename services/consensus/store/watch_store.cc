#include "services/consensus/store/watch_store.h"

#include "services/common/base/enum_names.h"
#include "services/common/store/sql.h"

namespace equalsay::consensus {
namespace {

constexpr Statement kNotify{"watch_notify",
                            "SELECT pg_notify('equalsay_rounds', $1)"};
constexpr Statement kEvents{
    "watch_events",
    "SELECT seq, action, subject, extract(epoch FROM at)::bigint FROM events "
    "WHERE seq = ANY($1::bigint[]) ORDER BY seq"};
// Each stream's token holder now: organisation role, role in the stream's
// round (NULL: the token no longer works, or on no panel), and whether they
// are a member's supporter there.
constexpr Statement kHoldersNow{
    "watch_access_now",
    "SELECT i.n, t.org_role, m.role, m.role IS NULL AND EXISTS (SELECT 1 "
    "FROM supporters s WHERE s.round_id = i.round_id AND s.supporter_id = "
    "t.person_id AND s.withdrawn_at IS NULL) "
    "FROM unnest($1::text[], $2::bigint[]) "
    "WITH ORDINALITY AS i(token_hash, round_id, n) "
    "LEFT JOIN token_holders t ON t.token_hash = i.token_hash "
    "LEFT JOIN LATERAL (SELECT pm.role FROM panel_members pm WHERE "
    "pm.round_id = i.round_id AND pm.person_id = t.person_id LIMIT 1) m "
    "ON true"};

}  // namespace

void NotifyWatchers(pqxx::transaction_base& txn, const std::string& payload) {
  Exec(txn, kNotify, payload);
}

std::vector<EventHead> EventsNamed(pqxx::transaction_base& txn,
                                   const std::string& seqs) {
  std::vector<EventHead> out;
  for (const auto& row : Exec(txn, kEvents, seqs)) {
    out.push_back({.seq = row[0].as<int64_t>(),
                   .action = row[1].as<std::string>(),
                   .subject = row[2].as<std::string>(),
                   .at_unix = row[3].as<int64_t>()});
  }
  return out;
}

std::vector<std::optional<HolderNow>> HoldersNow(
    pqxx::transaction_base& txn, const std::vector<std::string>& token_hashes,
    const std::vector<RoundId>& round_ids) {
  std::vector<std::optional<HolderNow>> out(token_hashes.size());
  for (const auto& row :
       Exec(txn, kHoldersNow, PgArray(token_hashes), PgArray(round_ids))) {
    const size_t i = row[0].as<size_t>() - 1;
    if (row[1].is_null()) continue;
    HolderNow& holder = out[i].emplace();
    holder.org_role = OrgRoleFromName(row[1].as<std::string>());
    if (!row[2].is_null()) {
      holder.panel_role = PanelRoleFromName(row[2].as<std::string>());
    }
    holder.supporter = row[3].as<bool>();
  }
  return out;
}

}  // namespace equalsay::consensus
