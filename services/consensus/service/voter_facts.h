// What a ballot's read found of a voter on a decision, kept so that their
// next ballot there is written without reading again: one statement, not
// two. Nothing kept is trusted: the write checks every fact again and writes
// nothing if one changed (WriteCheckedBallots), and since Take hands each
// fact out once, the batch then reads afresh when it is retried.
#ifndef EQUALSAY_SERVICES_CONSENSUS_SERVICE_VOTER_FACTS_H_
#define EQUALSAY_SERVICES_CONSENSUS_SERVICE_VOTER_FACTS_H_

#include <cstddef>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "absl/time/time.h"
#include "equalsay/v1/consensus.pb.h"
#include "services/common/base/ids.h"
#include "services/consensus/store/decision_store.h"

namespace equalsay::consensus {

class VoterFacts {
 public:
  struct Options {
    // Facts beyond this are dropped, any of them, to make room.
    size_t max_bytes = 16 << 20;
    // Facts, and the measure of the database's clock, older than this are
    // not used, and are dropped every quarter of it (by a thread of their
    // own, and by Keep and Offer): a voter's key leaves memory soon after their
    // ballot, whether or not anyone votes after them.
    absl::Duration keep_for = absl::Minutes(1);
  };
  explicit VoterFacts(Options options);
  ~VoterFacts();

  // The facts of every voter asked about, taken out, as a read at the
  // database's time would give them (reckoned from this server's clock).
  // nullopt, with those kept taken out all the same, unless each is kept
  // and fresh, those on one decision agree about it, and the database's
  // clock was measured within keep_for.
  std::optional<VotersRead> Take(const std::vector<BallotAsked>& asked,
                                 absl::Time now);

  // The database's clock read `db_time` during a read that ended at `now`
  // by this server's: the database is reckoned that far ahead (or behind),
  // which keeps the reckoning behind the database's own clock unless one of
  // the clocks jumps (the write then refuses a time ahead of its own).
  void NoteClock(absl::Time db_time, absl::Time now);
  // NoteClock with the time of `read`, which ended at `now`; a read that
  // found no voter measured no clock, and leaves it as it was.
  void NoteRead(const VotersRead& read, absl::Time now) {
    if (!read.read_at.empty()) NoteClock(read.read_at_time, now);
  }

  // Keeps the facts of a voter whose ballot on `decision` was just written
  // with the token hashed as `token_hash`.
  void Keep(const std::string& token_hash, const Voter& voter,
            const v1::Decision& decision, absl::Time now);

  // Keeps facts read ahead of a voter's first ballot on `decision` (when
  // they open it), unless fresh facts are kept for them there already: a
  // ballot written since the read left newer ones.
  void Offer(const std::string& token_hash, const Voter& voter,
             const v1::Decision& decision, absl::Time now);

  // Whether fresh facts are kept for the voter on the decision.
  bool Holds(const std::string& token_hash, DecisionId decision,
             absl::Time now) const;

  size_t size() const;

 private:
  struct Kept {
    Voter voter;
    v1::Decision decision;
    absl::Time kept_at;
    size_t bytes = 0;
  };
  using Key = std::pair<std::string, DecisionId>;

  // Drops every fact past its time, if a quarter of keep_for has passed
  // since the last drop.
  void DropOld(absl::Time now) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Keep and Offer: `over_fresh` says whether fresh facts kept already are
  // replaced.
  void Put(const std::string& token_hash, const Voter& voter,
           const v1::Decision& decision, absl::Time now, bool over_fresh);
  bool Fresh(const Kept& kept, absl::Time now) const {
    return now - kept.kept_at < options_.keep_for;
  }

  const Options options_;
  mutable absl::Mutex mu_;
  absl::flat_hash_map<Key, Kept> kept_ ABSL_GUARDED_BY(mu_);
  size_t bytes_ ABSL_GUARDED_BY(mu_) = 0;
  absl::Duration db_ahead_ ABSL_GUARDED_BY(mu_);
  absl::Time clock_read_at_ ABSL_GUARDED_BY(mu_) = absl::InfinitePast();
  // The latest time handed out: ballots' times never go back.
  absl::Time last_given_ ABSL_GUARDED_BY(mu_) = absl::InfinitePast();
  absl::Time last_drop_ ABSL_GUARDED_BY(mu_) = absl::InfinitePast();
  absl::Notification stop_;
  std::thread dropper_;  // Last: it uses everything above.
};

}  // namespace equalsay::consensus

#endif  // EQUALSAY_SERVICES_CONSENSUS_SERVICE_VOTER_FACTS_H_
