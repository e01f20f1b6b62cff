// What live updates send and read through PostgreSQL: NOTIFY on one
// channel, a receiver for LISTEN, the events a notification names, and
// where each open stream's token holder stands now.
#ifndef EQUALSAY_SERVICES_CONSENSUS_STORE_WATCH_STORE_H_
#define EQUALSAY_SERVICES_CONSENSUS_STORE_WATCH_STORE_H_

#include <cstdint>
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "equalsay/v1/panels.pb.h"
#include "services/common/base/ids.h"

namespace equalsay::consensus {

inline constexpr char kWatchChannel[] = "equalsay_rounds";

// Sent once the transaction (or, outside one, the statement) commits.
void NotifyWatchers(pqxx::transaction_base& txn, const std::string& payload);

// Collects the channel's notifications while its connection waits for them.
class WatchReceiver final : public pqxx::notification_receiver {
 public:
  WatchReceiver(pqxx::connection_base& conn, std::vector<std::string>& out)
      : pqxx::notification_receiver(conn, kWatchChannel), out_(out) {}
  void operator()(const std::string& payload, int) override {
    out_.push_back(payload);
  }

 private:
  std::vector<std::string>& out_;
};

struct EventHead {
  int64_t seq = 0;
  std::string action, subject;
  int64_t at_unix = 0;
};
// The events whose sequence numbers are in `seqs` ("{40,41,43}"), oldest
// first.
std::vector<EventHead> EventsNamed(pqxx::transaction_base& txn,
                                   const std::string& seqs);

// For the i-th (token hash, round): nullopt when the token no longer works;
// else the holder's organisation role and role in the round (if any).
struct HolderNow {
  v1::OrgRole org_role = v1::ORG_ROLE_UNSPECIFIED;
  std::optional<v1::PanelRole> panel_role;
  bool supporter = false;  // A member's supporter in the round.
};
std::vector<std::optional<HolderNow>> HoldersNow(
    pqxx::transaction_base& txn, const std::vector<std::string>& token_hashes,
    const std::vector<RoundId>& round_ids);

}  // namespace equalsay::consensus

#endif  // EQUALSAY_SERVICES_CONSENSUS_STORE_WATCH_STORE_H_
