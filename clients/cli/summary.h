// Short text for answers a person scans: a round on one screen, lists with
// one line per item, a vote or a score sheet at a glance (`--long` shows
// every field instead).
#ifndef EQUALSAY_CLIENTS_CLI_SUMMARY_H_
#define EQUALSAY_CLIENTS_CLI_SUMMARY_H_

#include <google/protobuf/message.h>

#include <optional>
#include <string>

#include "clients/cli/session.h"
#include "equalsay/v1/consensus.pb.h"
#include "equalsay/v1/panels.pb.h"
#include "equalsay/v1/scoring.pb.h"

namespace equalsay::cli {

struct Output;

// One line per decision: what it is about, how and how far each panel has
// voted, and its outcome once closed.
std::string DecisionLines(const v1::ListDecisionsResponse& decisions);
// One line per round: id, kind, title and where it stands.
std::string RoundLines(const v1::ListRoundsResponse& rounds);
// "Your vote on decision 9: agree. Saved ...".
std::string BallotLine(const v1::Ballot& ballot);
// A score sheet: whose, its state, and a line per criterion.
std::string SheetText(const v1::ScoreSheet& sheet);
// A decision: what it is, how far each panel has voted, its outcome.
std::string DecisionText(const v1::Decision& decision);
// Which panel closed, with its sheets, and whether the results are ready.
std::string CloseScoringText(const v1::CloseScoringResponse& closed);
// Each candidate's place and scores per panel and combined, the members'
// overall views, and the sentences on whether the panels agree.
std::string ResultsText(const v1::ScoringResults& results);
// The short form of an answer where it has one, else nullopt.
std::optional<std::string> Summary(const google::protobuf::Message& answer);

// A round on one screen: its panels, how scoring stands (for those who may
// see it), its decisions, and what happens next.
std::string RoundStatusText(const v1::Round& round,
                            const std::optional<v1::ScoringProgress>& progress,
                            const v1::ListDecisionsResponse& decisions);
// Asks for all three and prints them (as one JSON object with --output
// json).
int RoundStatus(const Session& session, const Output& out,
                const std::string& round_id);

}  // namespace equalsay::cli

#endif  // EQUALSAY_CLIENTS_CLI_SUMMARY_H_
