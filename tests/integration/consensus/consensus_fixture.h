// What the ConsensusService tests share: a fixture with a real server on a
// scratch database, rounds built through the API, and helpers that vote,
// close and read as members and co-chairs would; and a live-update watcher.
#ifndef EQUALSAY_TESTS_INTEGRATION_CONSENSUS_CONSENSUS_FIXTURE_H_
#define EQUALSAY_TESTS_INTEGRATION_CONSENSUS_CONSENSUS_FIXTURE_H_

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "tests/support/at_once.h"
#include "tests/support/round_fixture.h"

namespace equalsay::testing {

using People = std::vector<const Account*>;

// A strategy round: co-chairs plus `members` voting members in each panel.
struct Steering {
  v1::Round round;
  v1::Panel su, staff;
  Account su_chair, staff_chair;
  std::vector<Account> su_voters, staff_voters;  // Co-chairs not included.
  // Every voting member but the co-chairs, the Service User Panel first.
  People Voters() const {
    People all;
    for (const auto& a : su_voters) all.push_back(&a);
    for (const auto& a : staff_voters) all.push_back(&a);
    return all;
  }
};

class ConsensusServiceTest : public RoundFixture {
 protected:
  std::map<std::string, std::string> ServerEnv() const override {
    return {{"EQUALSAY_CLOSING_CHECK_MS", "100"}};
  }

  // Every voting member scores each candidate (score on the 0-4 scale), then
  // both co-chairs close scoring: the round is deciding. With `evidence`,
  // each entry notes "Saw <label> ..." and who saw it.
  void ScoreAndClose(const Cast& c,
                     const std::vector<std::pair<v1::Candidate, int>>& scores,
                     bool evidence = false) {
    for (const Account* who :
         People{&c.su_chair, &c.su_member, &c.staff_chair, &c.staff_member}) {
      for (const auto& [candidate, score] : scores) {
        v1::SaveScoreSheetRequest save;
        save.set_request_id(Api::NewId());
        save.set_candidate_id(candidate.id());
        save.add_entries()->set_criterion_id(c.round.criteria(0).id());
        save.mutable_entries(0)->set_score(score);
        if (evidence) {
          save.mutable_entries(0)->set_evidence(
              absl::StrCat("Saw ", candidate.label(), " listen well (person ",
                           who->id, ")."));
        }
        save.set_overall_view(v1::OVERALL_VIEW_APPOINTABLE);
        v1::ScoreSheet sheet;
        ASSERT_TRUE(
            scoring().SaveScoreSheet(As(*who).get(), save, &sheet).ok());
        v1::SubmitScoreSheetRequest submit;
        submit.set_request_id(Api::NewId());
        submit.set_candidate_id(candidate.id());
        submit.set_version(sheet.version());
        ASSERT_TRUE(
            scoring().SubmitScoreSheet(As(*who).get(), submit, &sheet).ok());
      }
    }
    for (const auto& [chair, panel] :
         {std::pair{&c.su_chair, &c.su}, {&c.staff_chair, &c.staff}}) {
      v1::CloseScoringRequest close;
      close.set_request_id(Api::NewId());
      close.set_panel_id(panel->id());
      close.set_close_anyway(true);  // Recused members leave gaps.
      v1::CloseScoringResponse closed;
      const grpc::Status s =
          scoring().CloseScoring(As(*chair).get(), close, &closed);
      ASSERT_TRUE(s.ok()) << s.error_message();
    }
  }

  Steering BuildSteering(int members, bool publish_secret_counts = false,
                         bool assisted_entries_need_confirmation = false) {
    Steering s;
    s.round = NewRound(v1::ROUND_KIND_STRATEGY, publish_secret_counts,
                       assisted_entries_need_confirmation);
    s.su = NewPanel(s.round, v1::PANEL_KIND_SERVICE_USER);
    s.staff = NewPanel(s.round, v1::PANEL_KIND_STAFF);
    s.su_chair = api_->NewPerson(admin_, "Asha", v1::ORG_ROLE_MEMBER);
    s.staff_chair = api_->NewPerson(admin_, "Chloe", v1::ORG_ROLE_MEMBER);
    EXPECT_TRUE(AddMember(s.su, s.su_chair, v1::PANEL_ROLE_CO_CHAIR).ok());
    EXPECT_TRUE(
        AddMember(s.staff, s.staff_chair, v1::PANEL_ROLE_CO_CHAIR).ok());
    for (int i = 0; i < members; ++i) {
      s.su_voters.push_back(api_->NewPerson(admin_, absl::StrCat("Member S", i),
                                            v1::ORG_ROLE_MEMBER));
      EXPECT_TRUE(
          AddMember(s.su, s.su_voters.back(), v1::PANEL_ROLE_MEMBER).ok());
      s.staff_voters.push_back(api_->NewPerson(
          admin_, absl::StrCat("Member T", i), v1::ORG_ROLE_MEMBER));
      EXPECT_TRUE(
          AddMember(s.staff, s.staff_voters.back(), v1::PANEL_ROLE_MEMBER)
              .ok());
    }
    EXPECT_TRUE(Open(s.round, &s.round).ok());
    return s;
  }

  v1::CreateDecisionRequest Request(const v1::Round& round,
                                    const std::string& candidate_id,
                                    v1::DecisionMethod method,
                                    v1::Secrecy secrecy) {
    v1::CreateDecisionRequest req;
    req.set_request_id(Api::NewId());
    req.set_round_id(round.id());
    req.set_candidate_id(candidate_id);
    req.set_method(method);
    req.set_secrecy(secrecy);
    if (candidate_id.empty()) {
      req.set_title("Open the crisis café on Sundays");
      req.set_text("From March the café opens 10 till 4 on Sundays.");
    }
    return req;
  }
  v1::Decision Put(const Account& who, const v1::CreateDecisionRequest& req) {
    v1::Decision decision;
    const grpc::Status s =
        consensus().CreateDecision(As(who).get(), req, &decision);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return decision;
  }
  grpc::Status Vote(const Account& who, const v1::Decision& d,
                    v1::Choice choice, const std::string& reason = "",
                    v1::Ballot* out = nullptr) {
    v1::CastBallotRequest req;
    req.set_request_id(Api::NewId());
    req.set_decision_id(d.id());
    req.set_choice(choice);
    req.set_reason(reason);
    v1::Ballot ignored;
    return consensus().CastBallot(As(who).get(), req, out ? out : &ignored);
  }
  // The administrator revokes `who`'s token.
  grpc::Status RevokeTokenOf(const Account& who) {
    v1::RevokeTokenRequest req;
    req.set_request_id(Api::NewId());
    req.set_token_id(db_.Query(
        "SELECT id FROM tokens WHERE person_id = " + who.id + " LIMIT 1"));
    v1::RevokeTokenResponse ignored;
    return panels().RevokeToken(As(admin_).get(), req, &ignored);
  }
  // `supporter` enters `member`'s ballot for them, given by phone.
  grpc::Status VoteFor(const Account& supporter, const Account& member,
                       const v1::Decision& d, v1::Choice choice,
                       bool asked_for_help = true, v1::Ballot* out = nullptr) {
    v1::CastBallotForRequest req;
    req.set_request_id(Api::NewId());
    req.set_decision_id(d.id());
    req.set_member_person_id(member.id);
    req.set_choice(choice);
    req.set_how(v1::HOW_GIVEN_PHONE);
    req.set_member_asked_for_help(asked_for_help);
    v1::Ballot ignored;
    return consensus().CastBallotFor(As(supporter).get(), req,
                                     out ? out : &ignored);
  }
  // Everything `who` is told to do, in every round, as one text.
  std::string ToDo(const Account& who) {
    v1::ListMyRoundsResponse mine;
    EXPECT_TRUE(panels().ListMyRounds(As(who).get(), {}, &mine).ok());
    std::string all;
    for (const v1::MyRound& r : mine.rounds()) {
      for (const std::string& line : r.to_do()) absl::StrAppend(&all, line);
    }
    return all;
  }
  // `counter` enters a count of the paper ballots `voters` handed in.
  struct Papers {
    uint32_t agree = 0, disagree = 0, abstain = 0;
  };
  grpc::Status CountPaper(const Account& counter, const v1::Decision& d,
                          const People& voters, Papers papers,
                          v1::Decision* out = nullptr) {
    v1::CountPaperBallotsRequest req;
    req.set_request_id(Api::NewId());
    req.set_decision_id(d.id());
    for (const Account* v : voters) req.add_voter_person_ids(v->id);
    req.set_agree(papers.agree);
    req.set_disagree(papers.disagree);
    req.set_abstain(papers.abstain);
    v1::Decision ignored;
    return consensus().CountPaperBallots(As(counter).get(), req,
                                         out ? out : &ignored);
  }
  // Sends every ballot at once (each call in flight before any answer) and
  // waits for all the answers.
  struct Sent {
    v1::ConsensusService::Stub* stub;
    std::string token;
    v1::CastBallotRequest request;
  };
  struct Answer {
    grpc::Status status;
    v1::Ballot ballot;
    bool replayed = false;  // The server said nothing changed this time.
  };
  std::vector<Answer> CastAtOnce(const std::vector<Sent>& sent) {
    std::vector<Answer> answers(sent.size());
    std::vector<std::string> tokens;
    for (const Sent& s : sent) tokens.push_back(s.token);
    const std::vector<AtOnceResult> results = CallAtOnce(
        *api_, tokens, [&](size_t i, grpc::ClientContext* context, auto done) {
          sent[i].stub->async()->CastBallot(context, &sent[i].request,
                                            &answers[i].ballot, done);
        });
    for (size_t i = 0; i < sent.size(); ++i) {
      answers[i].status = results[i].status;
      answers[i].replayed = results[i].replayed;
    }
    return answers;
  }
  static v1::CastBallotRequest Ballot(const std::string& request_id,
                                      const v1::Decision& d, v1::Choice choice,
                                      const std::string& reason = "") {
    v1::CastBallotRequest req;
    req.set_request_id(request_id);
    req.set_decision_id(d.id());
    req.set_choice(choice);
    req.set_reason(reason);
    return req;
  }
  grpc::Status CloseAs(const Account& who, const v1::Decision& d,
                       v1::Decision* out = nullptr) {
    v1::CloseDecisionRequest req;
    req.set_request_id(Api::NewId());
    req.set_decision_id(d.id());
    v1::Decision ignored;
    return consensus().CloseDecision(As(who).get(), req, out ? out : &ignored);
  }
  v1::Decision Get(const Account& who, const v1::Decision& d) {
    v1::GetDecisionRequest req;
    req.set_decision_id(d.id());
    v1::Decision out;
    const grpc::Status s = consensus().GetDecision(As(who).get(), req, &out);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return out;
  }
  grpc::Status OutcomeOf(const Account& who, const v1::Decision& d,
                         v1::Outcome* out) {
    v1::GetOutcomeRequest req;
    req.set_decision_id(d.id());
    return consensus().GetOutcome(As(who).get(), req, out);
  }
  grpc::Status Confirm(const Account& who, const v1::Decision& d,
                       v1::ConfirmationAction action,
                       v1::Confirmation* out = nullptr) {
    v1::ConfirmOutcomeRequest req;
    req.set_request_id(Api::NewId());
    req.set_decision_id(d.id());
    req.set_action(action);
    v1::Confirmation ignored;
    return consensus().ConfirmOutcome(As(who).get(), req, out ? out : &ignored);
  }
  grpc::Status AskToReopen(const Account& who, const v1::Decision& d,
                           v1::Decision* out = nullptr) {
    v1::RequestReopenRequest req;
    req.set_request_id(Api::NewId());
    req.set_decision_id(d.id());
    req.set_reason("New information about the candidate's references.");
    v1::Decision ignored;
    return consensus().RequestReopen(As(who).get(), req, out ? out : &ignored);
  }
};

// Follows a round on one server and collects what arrives.
class Watcher {
 public:
  Watcher(const std::string& addr, const Account& who,
          const std::string& round_id)
      : api_(addr), context_(api_.Ctx(who.token)) {
    context_->set_deadline(std::chrono::system_clock::now() +
                           std::chrono::seconds(60));
    v1::WatchRoundRequest req;
    req.set_round_id(round_id);
    reader_ = api_.consensus().WatchRound(context_.get(), req);
    thread_ = std::thread([this] {
      v1::RoundUpdate update;
      while (reader_->Read(&update)) {
        absl::MutexLock lock(&mu_);
        updates_.push_back(update);
      }
      grpc::Status status = reader_->Finish();
      absl::MutexLock lock(&mu_);
      ended_ = std::move(status);
    });
  }
  ~Watcher() {
    context_->TryCancel();
    thread_.join();
  }
  // How the stream ended, once the server ended it (nullopt: still open
  // after `wait`).
  std::optional<grpc::Status> WaitForEnd(absl::Duration wait) {
    absl::MutexLock lock(&mu_);
    mu_.AwaitWithTimeout(absl::Condition(
                             +[](std::optional<grpc::Status>* ended) {
                               return ended->has_value();
                             },
                             &ended_),
                         wait);
    return ended_;
  }
  // Everything that has arrived so far.
  std::vector<v1::RoundUpdate> Updates() {
    absl::MutexLock lock(&mu_);
    return updates_;
  }
  // Waits for an update with `action` (and `subject`, if given).
  std::optional<v1::RoundUpdate> WaitFor(const std::string& action,
                                         const std::string& subject = "") {
    std::optional<v1::RoundUpdate> found;
    auto seen = [&]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
      for (const auto& u : updates_) {
        if (u.action() == action && (subject.empty() || u.subject() == subject))
          found = u;
      }
      return found.has_value();
    };
    absl::MutexLock lock(&mu_);
    mu_.AwaitWithTimeout(absl::Condition(&seen), absl::Seconds(10));
    return found;
  }

 private:
  Api api_;
  std::unique_ptr<grpc::ClientContext> context_;
  std::unique_ptr<grpc::ClientReader<v1::RoundUpdate>> reader_;
  std::thread thread_;
  absl::Mutex mu_;
  std::vector<v1::RoundUpdate> updates_ ABSL_GUARDED_BY(mu_);
  std::optional<grpc::Status> ended_ ABSL_GUARDED_BY(mu_);
};

}  // namespace equalsay::testing

#endif  // EQUALSAY_TESTS_INTEGRATION_CONSENSUS_CONSENSUS_FIXTURE_H_
