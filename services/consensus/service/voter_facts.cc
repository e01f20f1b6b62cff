#include "services/consensus/service/voter_facts.h"

#include <algorithm>

namespace equalsay::consensus {

VoterFacts::VoterFacts(Options options)
    : options_(options), dropper_([this] {
        while (!stop_.WaitForNotificationWithTimeout(options_.keep_for / 4)) {
          absl::MutexLock lock(&mu_);
          DropOld(absl::Now());
        }
      }) {}

VoterFacts::~VoterFacts() {
  stop_.Notify();
  dropper_.join();
}

void VoterFacts::DropOld(absl::Time now) {
  if (now - last_drop_ < options_.keep_for / 4) return;
  absl::erase_if(kept_, [&](const auto& entry) {
    if (Fresh(entry.second, now)) return false;
    bytes_ -= entry.second.bytes;
    return true;
  });
  last_drop_ = now;
}

std::optional<VotersRead> VoterFacts::Take(
    const std::vector<BallotAsked>& asked, absl::Time now) {
  absl::MutexLock lock(&mu_);
  VotersRead read{.voters = std::vector<std::optional<Voter>>(asked.size())};
  bool whole = now - clock_read_at_ < options_.keep_for;
  for (size_t i = 0; i < asked.size(); ++i) {
    auto it = kept_.find(Key(asked[i].token_hash, asked[i].decision_id));
    if (it == kept_.end()) {
      whole = false;
      continue;
    }
    Kept kept = std::move(it->second);
    bytes_ -= kept.bytes;
    kept_.erase(it);
    if (!whole || !Fresh(kept, now)) {
      whole = false;
      continue;
    }
    const auto [decision, added] =
        read.decisions.try_emplace(asked[i].decision_id, kept.decision);
    if (!added && decision->second.SerializeAsString() !=
                      kept.decision.SerializeAsString()) {
      whole = false;
    }
    read.voters[i] = std::move(kept.voter);
  }
  if (!whole) return std::nullopt;
  last_given_ = std::max(last_given_, now + db_ahead_);
  read.read_at_time = last_given_;
  read.read_at = absl::FormatTime("%Y-%m-%d %H:%M:%E6S+00", read.read_at_time,
                                  absl::UTCTimeZone());
  return read;
}

void VoterFacts::NoteClock(absl::Time db_time, absl::Time now) {
  absl::MutexLock lock(&mu_);
  db_ahead_ = db_time - now;
  clock_read_at_ = now;
}

void VoterFacts::Keep(const std::string& token_hash, const Voter& voter,
                      const v1::Decision& decision, absl::Time now) {
  Put(token_hash, voter, decision, now, /*over_fresh=*/true);
}

void VoterFacts::Offer(const std::string& token_hash, const Voter& voter,
                       const v1::Decision& decision, absl::Time now) {
  Put(token_hash, voter, decision, now, /*over_fresh=*/false);
}

bool VoterFacts::Holds(const std::string& token_hash, DecisionId decision,
                       absl::Time now) const {
  absl::MutexLock lock(&mu_);
  const auto it = kept_.find(Key(token_hash, decision));
  return it != kept_.end() && Fresh(it->second, now);
}

void VoterFacts::Put(const std::string& token_hash, const Voter& voter,
                     const v1::Decision& decision, absl::Time now,
                     bool over_fresh) {
  Kept kept{.voter = voter, .decision = decision, .kept_at = now};
  kept.voter.request_id_used = false;
  kept.bytes = sizeof(Kept) + token_hash.size() + voter.ballot_reason.size() +
               decision.SpaceUsedLong();
  absl::MutexLock lock(&mu_);
  DropOld(now);
  auto [it, added] =
      kept_.try_emplace(Key(token_hash, IdOf<DecisionId>(decision.id())));
  if (!added) {
    if (!over_fresh && Fresh(it->second, now)) return;
    bytes_ -= it->second.bytes;
  }
  bytes_ += kept.bytes;
  it->second = std::move(kept);
  while (bytes_ > options_.max_bytes && !kept_.empty()) {
    auto drop = kept_.begin();
    bytes_ -= drop->second.bytes;
    kept_.erase(drop);
  }
}

size_t VoterFacts::size() const {
  absl::MutexLock lock(&mu_);
  return kept_.size();
}

}  // namespace equalsay::consensus
