// Live updates of rounds. Hears of changes committed on this server (as a
// ChangeFeed), passes them to every server through PostgreSQL NOTIFY, and on
// hearing them back through LISTEN hands each watcher of the round an
// update without content: what changed, the round's state, and a decision's
// progress counts with secrecy applied.
#ifndef EQUALSAY_SERVICES_CONSENSUS_SERVICE_ROUND_WATCH_H_
#define EQUALSAY_SERVICES_CONSENSUS_SERVICE_ROUND_WATCH_H_

#include <grpcpp/grpcpp.h>

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "absl/time/time.h"
#include "equalsay/v1/consensus.pb.h"
#include "services/common/base/change_feed.h"
#include "services/common/base/ids.h"
#include "services/common/store/db_pool.h"
#include "services/privacy/rules/data_keys.h"

namespace equalsay::consensus {

class RoundWatch : public ChangeFeed {
 public:
  // Someone following a round (a WatchRound stream).
  class Watcher {
   public:
    virtual ~Watcher() = default;
    // Must not block.
    virtual void Deliver(const v1::RoundUpdate& update) = 0;
    // Ends the stream (the server is stopping).
    virtual void End(const grpc::Status& status) = 0;
  };

  // Every `access_check` (and at once when any server says access changed)
  // each open stream's token and place in its round are checked again.
  RoundWatch(DbPool& pool, const privacy::DataKeys& keys,
             std::string database_url,
             absl::Duration access_check = absl::Seconds(10))
      : pool_(pool),
        keys_(keys),
        database_url_(std::move(database_url)),
        access_check_(access_check) {}
  ~RoundWatch() override { Stop(); }

  // Returns once the listener is listening (or after a few seconds, logging
  // why not), so a server never reports itself ready while deaf to others.
  void Start();
  // Ends every stream and refuses new ones; the threads stop.
  void Stop();

  void Committed(RoundId round_id, int64_t seq) override;
  void AccessChanged() override;

  // Follows `round_id` for the holder of the token whose hash is given
  // (checked again while the stream is open). False when the server is
  // stopping.
  bool Add(RoundId round_id, Watcher* watcher, std::string token_hash);
  void Remove(RoundId round_id, Watcher* watcher);

  // The update for the latest of `events` (seq, action, subject, at) of one
  // subject; public for the first update of a stream.
  std::optional<v1::RoundUpdate> BuildUpdate(RoundId round_id, int64_t seq,
                                             const std::string& action,
                                             const std::string& subject,
                                             int64_t at_unix);

 private:
  void NotifyLoop();
  void ListenLoop();
  // Reads the events named in one notification and delivers them.
  void Handle(const std::string& payload);
  void DeliverToAll(RoundId round_id, const v1::RoundUpdate& update);
  void Resync();
  // Ends every stream whose token no longer works or whose holder may no
  // longer follow its round. False when the database could not be read.
  bool RecheckAccess();

  DbPool& pool_;
  const privacy::DataKeys& keys_;  // Names in updates are kept locked.
  const std::string database_url_;
  const absl::Duration access_check_;
  absl::Notification stop_;
  absl::Notification listening_;
  std::thread notifier_, listener_;

  absl::Mutex pending_mu_;
  std::map<RoundId, std::vector<int64_t>> pending_ ABSL_GUARDED_BY(pending_mu_);
  bool access_changed_ ABSL_GUARDED_BY(pending_mu_) = false;

  absl::Mutex watchers_mu_;
  bool stopping_ ABSL_GUARDED_BY(watchers_mu_) = false;
  // By round: each watcher and the hash of the token it was opened with.
  std::map<RoundId, std::map<Watcher*, std::string>> watchers_
      ABSL_GUARDED_BY(watchers_mu_);
};

}  // namespace equalsay::consensus

#endif  // EQUALSAY_SERVICES_CONSENSUS_SERVICE_ROUND_WATCH_H_
