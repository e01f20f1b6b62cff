// The hash chain's checks, each kind of tampering on a small trail.
#include "services/consensus/rules/audit_chain.h"

#include <gtest/gtest.h>

namespace equalsay::consensus {
namespace {

using Kind = v1::AuditFinding;

EventRow Event(int64_t seq, uint64_t xid, std::string action) {
  return {.seq = seq,
          .at = "2026-11-22T20:00:0" + std::to_string(seq % 10) + ".000000",
          .actor = "1",
          .action = std::move(action),
          .subject = "decision/1",
          .round = "1",
          .payload = "{\"run\": 1}",
          .xid = xid};
}

// Six events in two seals; event 4 committed late (its transaction was
// still running at the first seal), so it is in the second seal.
class AuditChainTest : public ::testing::Test {
 protected:
  void SetUp() override {
    events_ = {
        Event(1, 100, "round.created"),   Event(2, 101, "ballot.cast"),
        Event(3, 103, "ballot.cast"),     Event(4, 102, "ballot.cast"),
        Event(5, 104, "decision.closed"), Event(6, 105, "round.decided")};
    // First seal: transactions below 102 had finished.
    seals_.push_back(MakeSeal(nullptr, 102, 104, 0, {events_[0], events_[1]}));
    // Second: below 106; event 4 (xid 102) and 3, 5, 6.
    seals_.push_back(
        MakeSeal(&seals_[0], 106, 107, 2,
                 {events_[2], events_[3], events_[4], events_[5]}));
  }
  v1::AuditReport Check() { return Verify(seals_, events_); }

  std::vector<EventRow> events_;
  std::vector<SealRow> seals_;
};

TEST_F(AuditChainTest, AnUntouchedTrailIsIntact) {
  const v1::AuditReport r = Check();
  EXPECT_TRUE(r.intact());
  EXPECT_EQ(r.sealed(), 6);
  EXPECT_EQ(r.seals(), 2);
  EXPECT_EQ(r.last_seal_hash(), seals_[1].hash);
  EXPECT_EQ(r.explanation(),
            "The audit trail is intact: all 6 sealed events are unchanged and "
            "in order, in 2 seals. 0 newer events are not sealed yet.");
  // A newer event, not yet sealed, is no problem.
  events_.push_back(Event(7, 107, "ballot.cast"));
  EXPECT_TRUE(Check().intact());
}

TEST_F(AuditChainTest, AChangedEventIsNamed) {
  events_[2].payload = "{\"run\": 2}";
  const v1::AuditReport r = Check();
  ASSERT_EQ(r.findings_size(), 1);
  EXPECT_EQ(r.findings(0).kind(), Kind::KIND_CHANGED);
  EXPECT_EQ(r.findings(0).seq(), 3);
  EXPECT_EQ(r.findings(0).explanation(),
            "Event 3 was changed after it was sealed.");
  EXPECT_FALSE(r.intact());
}

TEST_F(AuditChainTest, ADeletedEventIsNamed) {
  events_.erase(events_.begin() + 1);
  const v1::AuditReport r = Check();
  ASSERT_EQ(r.findings_size(), 1);
  EXPECT_EQ(r.findings(0).kind(), Kind::KIND_DELETED);
  EXPECT_EQ(r.findings(0).seq(), 2);
}

TEST_F(AuditChainTest, InsertedEventsAreNamed) {
  // Into a sealed range of transactions.
  std::vector<EventRow> with_old_xid = events_;
  with_old_xid.push_back(Event(9, 101, "ballot.cast"));
  v1::AuditReport r = Verify(seals_, with_old_xid);
  ASSERT_EQ(r.findings_size(), 1);
  EXPECT_EQ(r.findings(0).kind(), Kind::KIND_INSERTED);
  EXPECT_EQ(r.findings(0).seq(), 9);
  // Among sealed sequence numbers, written after the seal was made.
  events_.push_back(Event(0, 500, "ballot.cast"));
  r = Check();
  ASSERT_EQ(r.findings_size(), 1);
  EXPECT_EQ(r.findings(0).kind(), Kind::KIND_INSERTED);
  EXPECT_EQ(r.findings(0).seq(), 0);
}

TEST_F(AuditChainTest, TheSealerLeavesOutWhatLooksInserted) {
  // Sequence 0 written after the second seal: the third seal skips it, so
  // it stays named.
  events_.push_back(Event(0, 200, "person.created"));
  events_.push_back(Event(7, 201, "ballot.cast"));
  seals_.push_back(MakeSeal(&seals_[1], 210, 211, 6, {events_[6], events_[7]}));
  ASSERT_EQ(seals_[2].sealed.size(), 1u);
  const v1::AuditReport r = Check();
  ASSERT_EQ(r.findings_size(), 1);
  EXPECT_EQ(r.findings(0).kind(), Kind::KIND_INSERTED);
  EXPECT_EQ(r.findings(0).seq(), 0);
}

TEST_F(AuditChainTest, TheSealerLeavesOutWhatLooksBackDated) {
  EventRow slow = Event(7, 201, "ballot.cast");  // Slow, but the server's.
  slow.commit_lag = absl::Minutes(14);
  EventRow held = Event(8, 202, "ballot.cast");  // Held open by hand.
  held.commit_lag = absl::Minutes(15) + absl::Microseconds(1);
  EventRow borrowed = Event(9, 203, "ballot.cast");  // Names a rollback.
  borrowed.writer_rolled_back = true;
  EventRow unknown = Event(10, 204, "ballot.cast");  // No commit times.
  EXPECT_FALSE(LooksBackDated(slow, kDefaultLateCommit));
  EXPECT_TRUE(LooksBackDated(held, kDefaultLateCommit));
  EXPECT_TRUE(LooksBackDated(borrowed, kDefaultLateCommit));
  EXPECT_FALSE(LooksBackDated(unknown, kDefaultLateCommit));
  EXPECT_TRUE(LooksBackDated(slow, absl::Minutes(10)));

  events_.insert(events_.end(), {slow, held, borrowed, unknown});
  seals_.push_back(
      MakeSeal(&seals_[1], 210, 211, 6, {slow, held, borrowed, unknown}));
  ASSERT_EQ(seals_[2].sealed.size(), 2u);
  const v1::AuditReport r = Check();
  ASSERT_EQ(r.findings_size(), 2) << r.DebugString();
  EXPECT_EQ(r.findings(0).kind(), Kind::KIND_INSERTED);
  EXPECT_EQ(r.findings(0).seq(), 8);
  EXPECT_EQ(r.findings(1).kind(), Kind::KIND_INSERTED);
  EXPECT_EQ(r.findings(1).seq(), 9);
}

TEST_F(AuditChainTest, SwappedEventsAreNamedAsReordered) {
  std::swap(events_[1].seq, events_[4].seq);  // Events 2 and 5 trade places.
  const v1::AuditReport r = Check();
  ASSERT_EQ(r.findings_size(), 2);
  EXPECT_EQ(r.findings(0).kind(), Kind::KIND_REORDERED);
  EXPECT_EQ(r.findings(0).seq(), 2);
  EXPECT_EQ(r.findings(0).explanation(),
            "Event 2 is out of order: it holds what was sealed as event 5.");
  EXPECT_EQ(r.findings(1).seq(), 5);
}

TEST_F(AuditChainTest, ChangedSealsBreakTheChain) {
  seals_[0].sealed[1].second = ContentHash(Event(2, 101, "forged"));
  seals_[0].hash = SealHash(seals_[0]);  // Resealed, but the next seal...
  v1::AuditReport r = Check();
  bool broken = false;
  for (const auto& f : r.findings())
    broken |= f.kind() == Kind::KIND_SEAL_BROKEN;
  EXPECT_TRUE(broken);  // ...still points at the old hash.
  EXPECT_FALSE(r.intact());
}

}  // namespace
}  // namespace equalsay::consensus
