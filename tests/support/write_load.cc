#include "tests/support/write_load.h"

#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"

namespace equalsay::testing {
namespace {

// Faults make calls fail in these ways; retrying the same request is
// then the right thing to do.
bool Retryable(grpc::StatusCode code) {
  return code == grpc::StatusCode::UNAVAILABLE ||
         code == grpc::StatusCode::DEADLINE_EXCEEDED ||
         code == grpc::StatusCode::CANCELLED ||
         code == grpc::StatusCode::UNKNOWN || code == grpc::StatusCode::ABORTED;
}

std::shared_ptr<grpc::Channel> OwnChannel(const std::string& addr) {
  grpc::ChannelArguments args;
  // Reconnect quickly once the server is back.
  args.SetInt(GRPC_ARG_INITIAL_RECONNECT_BACKOFF_MS, 50);
  args.SetInt(GRPC_ARG_MIN_RECONNECT_BACKOFF_MS, 50);
  args.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, 200);
  static std::atomic<int> next{0};
  args.SetInt("equalsay.test.own_channel", next++);  // Never shared.
  return grpc::CreateCustomChannel(addr, grpc::InsecureChannelCredentials(),
                                   args);
}

}  // namespace

WriteLoad::WriteLoad(Plan plan) : plan_(std::move(plan)) {
  for (size_t i = 0; i < plan_.voters.size(); ++i) {
    threads_.emplace_back([this, i] { Voter(i); });
  }
  for (size_t i = 0; i < plan_.scorers.size(); ++i) {
    for (const std::string& candidate : plan_.candidate_ids) {
      threads_.emplace_back([this, i, candidate] { Scorer(i, candidate); });
    }
  }
}

void WriteLoad::Stop() {
  stopping_ = true;
  for (std::thread& t : threads_) {
    if (t.joinable()) t.join();
  }
}

template <typename Call, typename Reconnect>
bool WriteLoad::UntilAnswered(Call call, Reconnect reconnect) {
  const absl::Time give_up = absl::Now() + absl::Seconds(60);
  while (true) {
    const absl::Time start = absl::Now();
    const grpc::Status status =
        call(absl::ToChronoTime(start + plan_.deadline));
    const absl::Duration took = absl::Now() - start;
    {
      absl::MutexLock lock(&mu_);
      longest_ = std::max(longest_, took);
      if (status.ok()) return true;
      ++failures_[status.error_code()];
    }
    if (!Retryable(status.error_code())) {
      ADD_FAILURE() << "refused: " << status.error_code() << " "
                    << status.error_message();
      return false;
    }
    if (absl::Now() > give_up) {
      ADD_FAILURE() << "never answered after 60 s of retries";
      return false;
    }
    absl::SleepFor(absl::Milliseconds(50));
    // A fresh connection, as a browser makes: gRPC's own reconnection
    // backs off for seconds after a server dies.
    reconnect();
  }
}

void WriteLoad::Voter(size_t index) {
  const Account& who = plan_.voters[index];
  auto stub = v1::ConsensusService::NewStub(OwnChannel(plan_.grpc_addr));
  for (int turn = 0; !stopping_; ++turn) {
    v1::CastBallotRequest req;
    req.set_request_id(Api::NewId());  // Kept for every retry of this one.
    req.set_decision_id(plan_.decision_id);
    req.set_choice(turn % 2 == 0 ? v1::CHOICE_AGREE : v1::CHOICE_DISAGREE);
    const bool answered = UntilAnswered(
        [&](auto deadline) {
          grpc::ClientContext ctx;
          ctx.AddMetadata("authorization", absl::StrCat("Bearer ", who.token));
          ctx.set_deadline(deadline);
          v1::Ballot ballot;
          return stub->CastBallot(&ctx, req, &ballot);
        },
        [&] {
          stub = v1::ConsensusService::NewStub(OwnChannel(plan_.grpc_addr));
        });
    if (!answered) return;
    ++acknowledged_;
    absl::MutexLock lock(&mu_);
    ++ballots_[who.id];
  }
}

void WriteLoad::Scorer(size_t index, const std::string& candidate_id) {
  const Account& who = plan_.scorers[index];
  auto stub = v1::ScoringService::NewStub(OwnChannel(plan_.grpc_addr));
  uint32_t version = 0;
  for (int turn = 0; !stopping_; ++turn) {
    v1::SaveScoreSheetRequest req;
    req.set_request_id(Api::NewId());
    req.set_candidate_id(candidate_id);
    req.set_version(version);
    v1::ScoreEntry* entry = req.add_entries();
    entry->set_criterion_id(plan_.criterion_id);
    entry->set_score(turn % 5);
    entry->set_evidence(absl::StrCat("Seen on turn ", turn));
    v1::ScoreSheet sheet;
    const bool answered = UntilAnswered(
        [&](auto deadline) {
          grpc::ClientContext ctx;
          ctx.AddMetadata("authorization", absl::StrCat("Bearer ", who.token));
          ctx.set_deadline(deadline);
          return stub->SaveScoreSheet(&ctx, req, &sheet);
        },
        [&] {
          stub = v1::ScoringService::NewStub(OwnChannel(plan_.grpc_addr));
        });
    if (!answered) return;
    version = sheet.version();
    ++acknowledged_;
    absl::MutexLock lock(&mu_);
    ++sheets_[absl::StrCat(who.id, "/", candidate_id)];
  }
}

absl::Duration WriteLoad::longest_call() const {
  absl::MutexLock lock(&mu_);
  return longest_;
}

std::map<grpc::StatusCode, int> WriteLoad::failures() const {
  absl::MutexLock lock(&mu_);
  return failures_;
}

std::map<std::string, int> WriteLoad::AcknowledgedBallots() const {
  absl::MutexLock lock(&mu_);
  return ballots_;
}

void WriteLoad::ExpectEachAcknowledgedWriteStoredOnce(
    const ScratchDatabase& db) const {
  absl::MutexLock lock(&mu_);
  for (const Account& voter : plan_.voters) {
    auto it = ballots_.find(voter.id);
    const int acked = it == ballots_.end() ? 0 : it->second;
    EXPECT_EQ(db.Query(absl::StrCat(
                  "SELECT count(*) FROM ballot_versions WHERE decision_id = ",
                  plan_.decision_id, " AND person_id = ", voter.id)),
              absl::StrCat(acked))
        << "ballots of person " << voter.id;
  }
  for (const Account& scorer : plan_.scorers) {
    for (const std::string& candidate : plan_.candidate_ids) {
      auto it = sheets_.find(absl::StrCat(scorer.id, "/", candidate));
      const int acked = it == sheets_.end() ? 0 : it->second;
      EXPECT_EQ(db.Query(absl::StrCat(
                    "SELECT count(*) FROM score_sheet_versions v JOIN "
                    "score_sheets s ON s.id = v.sheet_id WHERE s.person_id = ",
                    scorer.id, " AND s.candidate_id = ", candidate)),
                absl::StrCat(acked))
          << "sheet of person " << scorer.id << " for candidate " << candidate;
    }
  }
}

}  // namespace equalsay::testing
