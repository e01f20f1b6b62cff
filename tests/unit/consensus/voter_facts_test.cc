#include "services/consensus/service/voter_facts.h"

#include <gtest/gtest.h>

#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"

namespace equalsay::consensus {
namespace {

const absl::Time kStart = absl::FromUnixSeconds(1'800'000'000);

v1::Decision DecisionOf(int64_t id, uint32_t run = 1) {
  v1::Decision d;
  d.set_id(std::to_string(id));
  d.set_run(run);
  d.set_state(v1::DECISION_STATE_VOTING);
  return d;
}

Voter VoterOf(int64_t person, uint32_t version) {
  Voter v;
  v.caller.person_id = PersonId(person);
  v.caller.token_id = TokenId(person * 10);
  v.ballot_version = version;
  v.request_id_used = true;  // As a read of a retry would say.
  return v;
}

BallotAsked Asked(const std::string& token_hash, int64_t decision) {
  return {.token_hash = token_hash,
          .request_id = "r",
          .decision_id = DecisionId(decision)};
}

TEST(VoterFactsTest, KeptFactsAreHandedOutOnceAsAReadAtTheDatabasesTime) {
  VoterFacts facts({});
  EXPECT_FALSE(facts.Take({Asked("h1", 7)}, kStart).has_value());
  // The database's clock 2 s ahead of this server's.
  facts.NoteClock(kStart + absl::Seconds(2), kStart);
  facts.Keep("h1", VoterOf(1, 3), DecisionOf(7), kStart);
  facts.Keep("h2", VoterOf(2, 1), DecisionOf(7), kStart);

  const std::optional<VotersRead> read =
      facts.Take({Asked("h2", 7), Asked("h1", 7)}, kStart + absl::Seconds(1));
  ASSERT_TRUE(read.has_value());
  ASSERT_EQ(read->voters.size(), 2u);
  EXPECT_EQ(read->voters[0]->caller.person_id, PersonId(2));
  EXPECT_EQ(read->voters[1]->caller.person_id, PersonId(1));
  EXPECT_EQ(read->voters[1]->ballot_version, 3u);
  EXPECT_FALSE(read->voters[1]->request_id_used);  // Only a read can say.
  EXPECT_EQ(read->decisions.size(), 1u);
  EXPECT_EQ(read->decisions.at(DecisionId(7)).run(), 1u);
  EXPECT_EQ(read->read_at_time, kStart + absl::Seconds(3));
  EXPECT_EQ(read->read_at, "2027-01-15 08:00:03.000000+00");

  // Handed out once: a write that finds them changed reads afresh.
  EXPECT_FALSE(facts.Take({Asked("h1", 7)}, kStart).has_value());
  EXPECT_EQ(facts.size(), 0u);
}

TEST(VoterFactsTest, AnyVoterUnknownMeansAReadForAll) {
  VoterFacts facts({});
  facts.NoteClock(kStart, kStart);
  facts.Keep("h1", VoterOf(1, 1), DecisionOf(7), kStart);
  // Another decision, another token: not known.
  EXPECT_FALSE(facts.Take({Asked("h1", 7), Asked("h1", 8)}, kStart));
  // The one known was taken out all the same: the read brings it back.
  EXPECT_EQ(facts.size(), 0u);
  facts.Keep("h1", VoterOf(1, 1), DecisionOf(7), kStart);
  EXPECT_FALSE(facts.Take({Asked("h9", 7)}, kStart).has_value());
  EXPECT_EQ(facts.size(), 1u);
}

TEST(VoterFactsTest, VotersWhoSawADecisionDifferentlyMeanARead) {
  VoterFacts facts({});
  facts.NoteClock(kStart, kStart);
  facts.Keep("h1", VoterOf(1, 1), DecisionOf(7, /*run=*/1), kStart);
  facts.Keep("h2", VoterOf(2, 1), DecisionOf(7, /*run=*/2), kStart);
  EXPECT_FALSE(facts.Take({Asked("h1", 7), Asked("h2", 7)}, kStart));
}

TEST(VoterFactsTest, NothingOlderThanItsTimeIsUsed) {
  VoterFacts facts({.keep_for = absl::Seconds(60)});
  facts.Keep("h1", VoterOf(1, 1), DecisionOf(7), kStart);
  // The database's clock never measured.
  EXPECT_FALSE(facts.Take({Asked("h1", 7)}, kStart).has_value());

  facts.NoteClock(kStart, kStart);
  facts.Keep("h1", VoterOf(1, 1), DecisionOf(7), kStart);
  EXPECT_FALSE(facts.Take({Asked("h1", 7)}, kStart + absl::Seconds(60)));

  // Facts kept now, but the clock measured a minute ago.
  facts.Keep("h1", VoterOf(1, 1), DecisionOf(7), kStart + absl::Seconds(60));
  EXPECT_FALSE(facts.Take({Asked("h1", 7)}, kStart + absl::Seconds(61)));
  facts.NoteClock(kStart + absl::Seconds(61), kStart + absl::Seconds(61));
  facts.Keep("h1", VoterOf(1, 1), DecisionOf(7), kStart + absl::Seconds(61));
  EXPECT_TRUE(facts.Take({Asked("h1", 7)}, kStart + absl::Seconds(62)));
}

TEST(VoterFactsTest, FactsPastTheirTimeLeaveMemoryAtTheNextKeep) {
  VoterFacts facts({.keep_for = absl::Seconds(60)});
  facts.Keep("h1", VoterOf(1, 1), DecisionOf(7), kStart);
  facts.Keep("h2", VoterOf(2, 1), DecisionOf(7), kStart + absl::Seconds(30));
  EXPECT_EQ(facts.size(), 2u);
  facts.Keep("h3", VoterOf(3, 1), DecisionOf(7), kStart + absl::Seconds(60));
  EXPECT_EQ(facts.size(), 2u);  // h1 went.
  // Dropping waits a quarter of keep_for after the last.
  facts.Keep("h4", VoterOf(4, 1), DecisionOf(7), kStart + absl::Seconds(74));
  EXPECT_EQ(facts.size(), 3u);
  facts.Keep("h5", VoterOf(5, 1), DecisionOf(7), kStart + absl::Seconds(91));
  EXPECT_EQ(facts.size(), 3u);  // h2 went.
}

TEST(VoterFactsTest, FactsPastTheirTimeLeaveMemoryWithNoBallotAfter) {
  VoterFacts facts({.keep_for = absl::Milliseconds(40)});
  facts.Keep("h1", VoterOf(1, 1), DecisionOf(7), absl::Now());
  EXPECT_EQ(facts.size(), 1u);
  const absl::Time give_up = absl::Now() + absl::Seconds(10);
  while (facts.size() > 0 && absl::Now() < give_up) {
    absl::SleepFor(absl::Milliseconds(5));
  }
  EXPECT_EQ(facts.size(), 0u);
}

TEST(VoterFactsTest, TimesHandedOutNeverGoBack) {
  VoterFacts facts({});
  facts.NoteClock(kStart, kStart);
  facts.Keep("h1", VoterOf(1, 1), DecisionOf(7), kStart);
  const absl::Time first =
      facts.Take({Asked("h1", 7)}, kStart + absl::Seconds(10))->read_at_time;
  EXPECT_EQ(first, kStart + absl::Seconds(10));
  // This server's clock jumped forward 6 s just after that: the database
  // is now reckoned 6 s behind, and its time at the next Take (6 s) is
  // before the time already handed out.
  facts.NoteClock(kStart + absl::Seconds(5), kStart + absl::Seconds(11));
  facts.Keep("h1", VoterOf(1, 2), DecisionOf(7), kStart + absl::Seconds(11));
  EXPECT_EQ(
      facts.Take({Asked("h1", 7)}, kStart + absl::Seconds(12))->read_at_time,
      first);
}

TEST(VoterFactsTest, AReadThatFoundNobodyLeavesTheClock) {
  VoterFacts facts({});
  facts.NoteClock(kStart + absl::Seconds(2), kStart);  // 2 s ahead.
  facts.NoteRead({}, kStart + absl::Seconds(1));       // Found nobody.
  facts.Keep("h1", VoterOf(1, 1), DecisionOf(7), kStart + absl::Seconds(1));
  EXPECT_EQ(
      facts.Take({Asked("h1", 7)}, kStart + absl::Seconds(3))->read_at_time,
      kStart + absl::Seconds(5));
}

TEST(VoterFactsTest, FactsReadAheadNeverReplaceFresherOnes) {
  VoterFacts facts({.keep_for = absl::Seconds(60)});
  facts.NoteClock(kStart, kStart);
  EXPECT_FALSE(facts.Holds("h1", DecisionId(7), kStart));
  facts.Offer("h1", VoterOf(1, 0), DecisionOf(7), kStart);
  EXPECT_TRUE(facts.Holds("h1", DecisionId(7), kStart));
  EXPECT_FALSE(facts.Holds("h1", DecisionId(8), kStart));
  // A ballot written since (version 1) leaves its facts; a read ahead that
  // began before it and ends after it does not put back version 0.
  facts.Keep("h1", VoterOf(1, 1), DecisionOf(7), kStart + absl::Seconds(1));
  facts.Offer("h1", VoterOf(1, 0), DecisionOf(7), kStart + absl::Seconds(2));
  EXPECT_EQ(facts.Take({Asked("h1", 7)}, kStart + absl::Seconds(3))
                ->voters[0]
                ->ballot_version,
            1u);
  // Facts past their time are replaced, and are not held.
  facts.Keep("h2", VoterOf(2, 1), DecisionOf(7), kStart);
  EXPECT_FALSE(facts.Holds("h2", DecisionId(7), kStart + absl::Seconds(60)));
  facts.Offer("h2", VoterOf(2, 4), DecisionOf(7), kStart + absl::Seconds(60));
  facts.NoteClock(kStart + absl::Seconds(60), kStart + absl::Seconds(60));
  EXPECT_EQ(facts.Take({Asked("h2", 7)}, kStart + absl::Seconds(61))
                ->voters[0]
                ->ballot_version,
            4u);
}

TEST(VoterFactsTest, MemoryStaysWithinItsBound) {
  VoterFacts facts({.max_bytes = 64 << 10});
  for (int i = 0; i < 10'000; ++i) {
    Voter v = VoterOf(i, 1);
    v.ballot_reason = std::string(100, 'x');
    facts.Keep(absl::StrCat("h", i), v, DecisionOf(7), kStart);
  }
  EXPECT_GT(facts.size(), 0u);
  EXPECT_LT(facts.size(), 300u);
}

}  // namespace
}  // namespace equalsay::consensus
