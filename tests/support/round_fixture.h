// A test fixture with a real server on a scratch database, an administrator,
// and helpers that set up rounds through the API as an administrator would.
#ifndef EQUALSAY_TESTS_SUPPORT_ROUND_FIXTURE_H_
#define EQUALSAY_TESTS_SUPPORT_ROUND_FIXTURE_H_

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "equalsay/v1/scoring.grpc.pb.h"
#include "services/common/base/access.h"
#include "tests/support/api.h"
#include "tests/support/scratch_database.h"
#include "tests/support/server_process.h"

namespace equalsay::testing {

inline constexpr char kAdminToken[] =
    "eqs_fixture-admin-token-0123456789abcdefghij";

// Everyone in one recruitment round, one of each kind of role.
struct Cast {
  Account su_chair, su_member, staff_chair, staff_member, observer, hr,
      outsider;
  Account supporter;  // On no panel; su_member named them as supporter.
  v1::Round round;
  v1::Panel su, staff;
  v1::Candidate named, anonymised;
  // The person holding each role of the access tables.
  const Account* For(Role role, const Account& admin) const;
};

class RoundFixture : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;
  // More EQUALSAY_* settings for the server a test starts.
  virtual std::map<std::string, std::string> ServerEnv() const { return {}; }
  // Starts the test's server on its database (at set-up, or after a stop).
  void StartServer();
  // Another server on the same database with the same settings, serving
  // (nullptr, with a failure recorded, if it does not start); on free ports
  // unless given (to stand in for a server that stopped).
  std::unique_ptr<ServerProcess> AnotherServer(int grpc_port = 0,
                                               int http_port = 0) const;
  // Stops the server cleanly, closing the test's channel first.
  void StopServer();

  v1::PanelService::Stub& panels() { return api_->panels(); }
  v1::ScoringService::Stub& scoring() { return api_->scoring(); }
  v1::ConsensusService::Stub& consensus() { return api_->consensus(); }
  std::unique_ptr<grpc::ClientContext> As(const Account& who) {
    return api_->Ctx(who.token);
  }
  int64_t Count(const std::string& table_and_condition) {
    return std::stoll(db_.Query("SELECT count(*) FROM " + table_and_condition));
  }
  // Everyone, active or not, as the administrator sees them (names and
  // addresses are stored locked, so tests read them through the service).
  std::vector<v1::Person> Everyone();
  // The one person with `email`, in any letter case; a failure otherwise.
  v1::Person PersonWithEmail(const std::string& email);

  v1::Round NewRound(v1::RoundKind kind, bool publish_secret_counts = false,
                     bool assisted_entries_need_confirmation = false);
  v1::Panel NewPanel(const v1::Round& round, v1::PanelKind kind);
  grpc::Status AddMember(const v1::Panel& panel, const Account& who,
                         v1::PanelRole role);
  v1::Candidate NewCandidate(const v1::Round& round, const std::string& name,
                             const std::string& reference = "");
  // A 0-4 scale ("no evidence" ... "strong evidence"), weight 2.
  grpc::Status AddCriterion(const v1::Round& round,
                            v1::Criterion* out = nullptr);
  grpc::Status Open(const v1::Round& round, v1::Round* out = nullptr);
  // `member` names `supporter` as theirs in the round.
  grpc::Status NameSupporter(const v1::Round& round, const Account& member,
                             const Account& supporter);
  v1::Round Reload(const v1::Round& round);

  // A recruitment round: a Service User Panel (co-chair, member, observer),
  // a staff panel (co-chair, member), two candidates (one anonymised), one
  // criterion, and the Service User Panel member's supporter. Opened (so
  // scoring) when `open`.
  Cast BuildRecruitment(bool open);

  // Calls every RPC of `service` as every role its table refuses, with the
  // ids given for fields of those names: each must be PERMISSION_DENIED
  // and change nothing. Returns how many calls were made.
  int ExpectRefusedByTable(const std::string& service,
                           const std::vector<AccessRule>& table,
                           const Cast& cast,
                           const std::map<std::string, std::string>& ids);

  ScratchDatabase db_;
  std::unique_ptr<ServerProcess> server_;
  std::unique_ptr<Api> api_;
  const Account admin_{.id = "1", .token = kAdminToken};
};

}  // namespace equalsay::testing

#endif  // EQUALSAY_TESTS_SUPPORT_ROUND_FIXTURE_H_
