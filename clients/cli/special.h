// Commands that need more than one RPC or more than words for fields:
// signing in, criteria with their scales, scoring, and watching a round.
#ifndef EQUALSAY_CLIENTS_CLI_SPECIAL_H_
#define EQUALSAY_CLIENTS_CLI_SPECIAL_H_

#include <string>
#include <vector>

#include "clients/cli/session.h"

namespace equalsay::cli {

struct Output {
  bool json = false;
  std::string request_id;  // Empty: a fresh one per change.
  std::string RequestId() const {
    return request_id.empty() ? NewRequestId() : request_id;
  }
};

int Status(const Session& session, const Output& out);
// Signs in with a sign-in link (or checks a token) and keeps the session
// for later commands.
int Login(Session session, std::string token, const Output& out);
// Ends the kept session on the server (with `everywhere`, every session
// and unused link of the person's) and forgets it.
int Logout(const Session& session, bool everywhere, const Output& out);

struct CriterionArgs {
  std::string round_id, question;
  std::vector<std::string> scale;  // "0=no evidence"
  std::string weight;
};
int AddCriterion(const Session& session, const Output& out,
                 const CriterionArgs& args);

struct ScoreArgs {
  std::string candidate_id;
  std::vector<std::string> scores;    // "CRITERION=VALUE"
  std::vector<std::string> blanks;    // "CRITERION"
  std::vector<std::string> evidence;  // "CRITERION=TEXT"
  std::string view;
  std::string version;  // Empty: the latest.
  bool submit = false;
  // A supporter scoring for the member who gave them these scores.
  std::string member;  // Empty: the caller's own sheet.
  std::string how;
};
// Merges the given scores into the sheet, saves it, and submits if asked.
int Score(const Session& session, const Output& out, const ScoreArgs& args);
int SubmitSheet(const Session& session, const Output& out,
                const std::string& candidate_id, const std::string& version);

// Prints the audit report; exits kExitTampered when the trail is not intact.
int VerifyAudit(const Session& session, const Output& out);

// Prints each update until the round finishes (or Ctrl-C).
int Watch(const Session& session, const Output& out,
          const std::string& round_id);

}  // namespace equalsay::cli

#endif  // EQUALSAY_CLIENTS_CLI_SPECIAL_H_
