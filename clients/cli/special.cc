#include "clients/cli/special.h"

#include <google/protobuf/util/json_util.h>
#include <unistd.h>

#include <algorithm>
#include <iostream>
#include <map>

#include "clients/cli/call.h"
#include "clients/cli/commands.h"
#include "clients/cli/fields.h"
#include "clients/cli/render.h"
#include "clients/cli/summary.h"
#include "equalsay/v1/consensus.grpc.pb.h"
#include "equalsay/v1/panels.grpc.pb.h"
#include "equalsay/v1/scoring.grpc.pb.h"
#include "grpc/health/v1/health.grpc.pb.h"

namespace equalsay::cli {
namespace {

// What the commands of this file fill, as the person typed it.
const std::vector<Arg>& CriterionWords() {
  static const auto* kWords = new std::vector<Arg>{{"ROUND", "round_id"},
                                                   {"--question", "question"},
                                                   {"--scale", "scale"},
                                                   {"--weight", "weight"}};
  return *kWords;
}
const std::vector<Arg>& SheetWords() {
  static const auto* kWords = new std::vector<Arg>{
      {"CANDIDATE", "candidate_id"}, {"--version", "version"},
      {"--view", "overall_view"},    {"--for", "member_person_id"},
      {"--for", "person_id"},        {"--how", "how"},
      {"--submit", "submit"}};
  return *kWords;
}

int Show(const Output& out, const google::protobuf::Message& message) {
  const std::optional<std::string> summary =
      out.json ? std::nullopt : Summary(message);
  std::cout << (summary.has_value() ? *summary : Render(message, out.json));
  return kExitOk;
}

// "7=3" -> {"7", "3"}; nullopt without "=".
std::optional<std::pair<std::string, std::string>> KeyValue(
    const std::string& text) {
  const size_t eq = text.find('=');
  if (eq == std::string::npos || eq == 0) return std::nullopt;
  return std::pair{text.substr(0, eq), text.substr(eq + 1)};
}

std::optional<int> Int(const std::string& text) {
  try {
    size_t used = 0;
    const int v = std::stoi(text, &used);
    if (used == text.size()) return v;
  } catch (...) {
  }
  return std::nullopt;
}

const std::map<std::string, std::string>& ActionWords() {
  static const auto* kWords = new std::map<std::string, std::string>{
      {"watch.started", "Following the round"},
      {"watch.resync", "Some updates may have been missed: reload"},
      {"round.opened", "The round started"},
      {"round.deciding", "Scoring closed: the panels now decide"},
      {"round.decided", "Every candidate's decision has closed"},
      {"round.confirmed", "HR recorded an accepted offer: the round is done"},
      {"round.withdrawn", "The round was withdrawn"},
      {"score_sheet.saved", "A score sheet was saved"},
      {"score_sheet.submitted", "A score sheet was submitted"},
      {"score_sheet.amended", "A submitted score sheet was amended"},
      {"scoring.closed", "A panel closed its scoring"},
      {"decision.created", "A decision was put to the panels"},
      {"ballot.cast", "A vote was cast"},
      {"ballot.reason_given", "A reason was given"},
      {"ballot.entered_for_member", "A supporter entered a member's vote"},
      {"ballot.confirmed", "A member confirmed the vote entered for them"},
      {"paper_count.entered", "Paper ballots were counted once"},
      {"paper_count.agreed",
       "Paper ballots were counted a second time, and they count"},
      {"decision.panel_closed", "A co-chair closed voting for their panel"},
      {"decision.closed", "Voting closed"},
      {"decision.reopen_requested", "A co-chair asked to reopen a decision"},
      {"decision.reopened", "A decision was reopened"},
      {"decision.next_step_proposed", "A co-chair proposed what happens next"},
      {"decision.next_step_agreed", "The co-chairs agreed what happens next"},
      {"outcome.confirmed", "HR recorded a confirmation"},
      {"action.added", "An action was added to an agreed decision"},
      {"action.updated", "Progress was recorded on an action"},
  };
  return *kWords;
}

bool Finished(v1::RoundState state) {
  return state == v1::ROUND_STATE_CONFIRMED ||
         state == v1::ROUND_STATE_CLOSED || state == v1::ROUND_STATE_WITHDRAWN;
}

std::string UpdateLine(const v1::RoundUpdate& u) {
  auto it = ActionWords().find(u.action());
  const std::string at = FormatTime(u.at_unix());  // "" when not given.
  std::string line = (at.empty() ? "" : at.substr(11, 5) + "  ") +
                     (it != ActionWords().end() ? it->second : u.action());
  if (u.has_decision()) {
    const v1::Decision& d = u.decision();
    line += " - \"" + d.title() + "\":";
    for (const v1::DecisionPanel& p : d.panels()) {
      line += " " + p.panel_name() + " ";
      line += p.participation_withheld()
                  ? "(how many have voted is shown from 3 votes)"
                  : std::to_string(p.voted()) + " of " +
                        std::to_string(p.voters()) + " voted";
      line += ";";
    }
    if (d.state() == v1::DECISION_STATE_CLOSED) {
      line += " outcome: " +
              EnumWords(v1::OutcomeResult_descriptor()->FindValueByNumber(
                  d.result()));
    } else {
      line.pop_back();
    }
  }
  line += " (round " +
          EnumWords(
              v1::RoundState_descriptor()->FindValueByNumber(u.round_state())) +
          ")";
  return line;
}

// The server names the sheet's fields ("entries[0].score"); the person
// typed --score and --evidence for a criterion.
std::string SheetMessageInTypedWords(std::string message,
                                     const v1::SaveScoreSheetRequest& save) {
  for (int i = 0; i < save.entries_size(); ++i) {
    const std::string field = "entries[" + std::to_string(i) + "]";
    const std::string criterion = save.entries(i).criterion_id();
    ReplaceWholeWord(message, field + ".score",
                     "the score for criterion " + criterion);
    ReplaceWholeWord(message, field + ".evidence",
                     "--evidence for criterion " + criterion);
    ReplaceWholeWord(message, field + ".criterion_id", "criterion");
  }
  ReplaceWholeWord(message, "entries has", "the sheet has");
  return message;
}

// A submitted sheet may leave criteria blank (they do not count), but only
// on purpose: say which were left blank without --blank.
void WarnUnscored(const Session& session, const v1::ScoreSheet& sheet,
                  const std::vector<std::string>& blanks) {
  v1::GetRoundRequest get;
  get.set_round_id(sheet.round_id());
  v1::Round round;
  if (!v1::PanelService::NewStub(session.Channel())
           ->GetRound(session.Context().get(), get, &round)
           .ok()) {
    return;  // The sheet is saved; the note is a courtesy.
  }
  for (const v1::Criterion& c : round.criteria()) {
    bool scored = false;
    for (const v1::ScoreEntry& e : sheet.entries()) {
      scored |= e.criterion_id() == c.id() && e.has_score();
    }
    const bool meant =
        std::find(blanks.begin(), blanks.end(), c.id()) != blanks.end();
    if (scored || meant) continue;
    std::cerr << "Note: criterion " << c.id() << " (\"" << c.question()
              << "\") has no score, so it is left blank and does not count. "
                 "Until your panel closes scoring you can score it with "
                 "`equalsay score "
              << sheet.candidate_id() << " --score " << c.id()
              << "=POINT`, or give --blank " << c.id()
              << " to leave it blank on purpose.\n";
  }
}

}  // namespace

int Status(const Session& session, const Output& out) {
  auto stub = grpc::health::v1::Health::NewStub(session.Channel());
  Session quick = session;
  quick.timeout_seconds = 5;
  quick.token.clear();
  grpc::health::v1::HealthCheckResponse response;
  const grpc::Status rpc = stub->Check(quick.Context().get(), {}, &response);
  if (!rpc.ok()) return Fail(rpc, session);
  if (out.json) Show(out, response);  // {"status": "SERVING"} or not.
  if (response.status() != grpc::health::v1::HealthCheckResponse::SERVING) {
    std::cerr << "equalsay: the server at " << session.server
              << " is running but not serving: it cannot reach its "
                 "database. Try again shortly.\n";
    return kExitUnavailable;
  }
  if (!out.json) {
    std::cout << "The server at " << session.server << " is serving.\n";
  }
  return kExitOk;
}

int Login(Session session, std::string token, const Output& out) {
  if (token.empty()) {
    if (isatty(STDIN_FILENO)) {
      std::cerr << "Paste your sign-in link (or token): ";
    }
    std::getline(std::cin, token);
  }
  while (!token.empty() &&
         std::isspace(static_cast<unsigned char>(token.back()))) {
    token.pop_back();
  }
  if (token.empty())
    return FailUsage("no link or token given: nothing was saved.");
  // A link carries its code after "#link="; the code itself works too.
  const bool link = token.find("#link=") != std::string::npos;
  if (link) token = token.substr(token.find("#link=") + 6);
  session.token = token;
  auto panels = v1::PanelService::NewStub(session.Channel());
  v1::Person me;
  grpc::Status s = link ? grpc::Status(grpc::StatusCode::UNAUTHENTICATED, "")
                        : panels->GetMe(session.Context().get(), {}, &me);
  if (s.error_code() == grpc::StatusCode::UNAUTHENTICATED) {
    // A sign-in link: exchanged for a session of this computer's own.
    char host[256] = {};
    gethostname(host, sizeof(host) - 1);
    v1::SignInRequest req;
    req.set_device(std::string("equalsay command on ") + host);
    v1::SignInResponse signed_in;
    s = panels->SignIn(session.Context().get(), req, &signed_in);
    token = signed_in.token();
    me = signed_in.person();
  }
  if (!s.ok()) return Fail(s, session);
  if (auto error = SaveToken(token)) return FailUsage(*error);
  if (out.json) {
    Show(out, me);  // Who is signed in.
    return kExitOk;
  }
  std::cout << "Signed in as " << me.display_name() << " ("
            << EnumWords(
                   v1::OrgRole_descriptor()->FindValueByNumber(me.org_role()))
            << "). Your sign-in is kept in " << TokenFilePath()
            << ", readable only by you. `equalsay logout` signs you out.\n";
  return kExitOk;
}

int Logout(const Session& session, bool everywhere, const Output& out) {
  // Ended on the server first, so a kept copy of the token is no use
  // either; forgotten here even when the server cannot be reached.
  v1::SignOutResponse ended;
  grpc::Status s = grpc::Status::OK;
  if (!session.token.empty()) {
    v1::SignOutRequest req;
    req.set_request_id(out.RequestId());
    req.set_everywhere(everywhere);
    s = v1::PanelService::NewStub(session.Channel())
            ->SignOut(session.Context().get(), req, &ended);
  }
  const bool forgotten = ForgetToken();
  if (!s.ok() && s.error_code() != grpc::StatusCode::UNAUTHENTICATED) {
    std::cerr << "equalsay: the server could not be told (" << s.error_message()
              << "), so the sign-in may still work elsewhere until it "
                 "ends.\n";
  }
  if (out.json) {
    std::cout << "{\n  \"tokenForgotten\": " << (forgotten ? "true" : "false")
              << ",\n  \"ended\": " << ended.ended() << "\n}\n";
    return kExitOk;
  }
  if (ended.ended() > 0) {
    std::cout << (everywhere ? "Signed out everywhere: " : "Signed out: ")
              << ended.ended()
              << (ended.ended() == 1 ? " sign-in ended" : " sign-ins ended")
              << (forgotten ? ", and the kept one is gone.\n" : ".\n");
  } else {
    std::cout << (forgotten ? "Signed out: the kept sign-in is gone.\n"
                            : "There was no kept sign-in.\n");
  }
  return kExitOk;
}

int AddCriterion(const Session& session, const Output& out,
                 const CriterionArgs& args) {
  v1::AddCriterionRequest req;
  req.set_request_id(out.RequestId());
  req.set_round_id(args.round_id);
  req.set_question(args.question);
  if (!args.weight.empty()) {
    if (auto error = SetField(req, "weight", args.weight, "--weight")) {
      return FailUsage(*error);
    }
  }
  for (const std::string& point : args.scale) {
    auto kv = KeyValue(point);
    const std::optional<int> value = kv ? Int(kv->first) : std::nullopt;
    if (!value.has_value()) {
      return FailUsage(
          "--scale takes VALUE=WORDS, such as '0=no evidence' (got \"" + point +
          "\")");
    }
    v1::ScalePoint* p = req.add_scale();
    p->set_value(*value);
    p->set_words(kv->second);
  }
  v1::Criterion criterion;
  const grpc::Status s =
      v1::PanelService::NewStub(session.Channel())
          ->AddCriterion(session.Context().get(), req, &criterion);
  if (!s.ok()) return FailAs(s, session, CriterionWords());
  return Show(out, criterion);
}

int Score(const Session& session, const Output& out, const ScoreArgs& args) {
  if (args.member.empty() != args.how.empty()) {
    return FailUsage(
        "--for and --how go together: whose sheet you enter, and how they "
        "gave you the scores");
  }
  auto stub = v1::ScoringService::NewStub(session.Channel());
  v1::GetScoreSheetRequest get;
  get.set_candidate_id(args.candidate_id);
  get.set_person_id(args.member);
  v1::ScoreSheet current;
  grpc::Status s = stub->GetScoreSheet(session.Context().get(), get, &current);
  if (!s.ok()) return FailAs(s, session, SheetWords());

  v1::SaveScoreSheetRequest save;
  save.set_request_id(out.RequestId());
  save.set_candidate_id(args.candidate_id);
  save.set_version(current.version());
  if (!args.version.empty()) {
    if (auto error = SetField(save, "version", args.version, "--version")) {
      return FailUsage(*error);
    }
  }
  *save.mutable_entries() = current.entries();
  save.set_overall_view(current.overall_view());
  auto entry_for = [&](const std::string& criterion) {
    for (v1::ScoreEntry& e : *save.mutable_entries()) {
      if (e.criterion_id() == criterion) return &e;
    }
    v1::ScoreEntry* e = save.add_entries();
    e->set_criterion_id(criterion);
    return e;
  };
  for (const std::string& text : args.scores) {
    auto kv = KeyValue(text);
    const std::optional<int> value = kv ? Int(kv->second) : std::nullopt;
    if (!value.has_value()) {
      return FailUsage("--score takes CRITERION=VALUE, such as 7=3 (got \"" +
                       text + "\")");
    }
    entry_for(kv->first)->set_score(*value);
  }
  for (const std::string& criterion : args.blanks) {
    entry_for(criterion)->clear_score();
  }
  for (const std::string& text : args.evidence) {
    auto kv = KeyValue(text);
    if (!kv.has_value()) {
      return FailUsage(
          "--evidence takes CRITERION=TEXT, such as '7=Spoke about peer "
          "work' (got \"" +
          text + "\")");
    }
    entry_for(kv->first)->set_evidence(kv->second);
  }
  if (!args.view.empty()) {
    if (auto error = SetField(save, "overall_view", args.view, "--view")) {
      return FailUsage(*error);
    }
  }
  v1::ScoreSheet saved;
  if (!args.member.empty()) {
    v1::SaveScoreSheetForRequest entered;
    entered.set_request_id(save.request_id());
    entered.set_candidate_id(save.candidate_id());
    entered.set_member_person_id(args.member);
    entered.set_version(save.version());
    *entered.mutable_entries() = save.entries();
    entered.set_overall_view(save.overall_view());
    entered.set_submit(args.submit);
    if (auto error = SetField(entered, "how", args.how, "--how")) {
      return FailUsage(*error);
    }
    s = stub->SaveScoreSheetFor(session.Context().get(), entered, &saved);
    if (!s.ok()) {
      return FailAs(grpc::Status(s.error_code(), SheetMessageInTypedWords(
                                                     s.error_message(), save)),
                    session, SheetWords());
    }
    return Show(out, saved);
  }
  s = stub->SaveScoreSheet(session.Context().get(), save, &saved);
  if (!s.ok()) {
    return FailAs(grpc::Status(s.error_code(), SheetMessageInTypedWords(
                                                   s.error_message(), save)),
                  session, SheetWords());
  }
  if (args.submit && saved.state() != v1::SHEET_STATE_SUBMITTED) {
    v1::SubmitScoreSheetRequest submit;
    submit.set_request_id(out.request_id.empty() ? NewRequestId()
                                                 : out.request_id + "-submit");
    submit.set_candidate_id(args.candidate_id);
    submit.set_version(saved.version());
    s = stub->SubmitScoreSheet(session.Context().get(), submit, &saved);
    if (!s.ok()) return FailAs(s, session, SheetWords());
  }
  if (args.submit) WarnUnscored(session, saved, args.blanks);
  return Show(out, saved);
}

int SubmitSheet(const Session& session, const Output& out,
                const std::string& candidate_id, const std::string& version) {
  auto stub = v1::ScoringService::NewStub(session.Channel());
  v1::SubmitScoreSheetRequest submit;
  submit.set_request_id(out.RequestId());
  submit.set_candidate_id(candidate_id);
  if (version.empty()) {
    v1::GetScoreSheetRequest get;
    get.set_candidate_id(candidate_id);
    v1::ScoreSheet current;
    const grpc::Status s =
        stub->GetScoreSheet(session.Context().get(), get, &current);
    if (!s.ok()) return FailAs(s, session, SheetWords());
    submit.set_version(current.version());
  } else if (auto error = SetField(submit, "version", version, "--version")) {
    return FailUsage(*error);
  }
  v1::ScoreSheet submitted;
  const grpc::Status s =
      stub->SubmitScoreSheet(session.Context().get(), submit, &submitted);
  if (!s.ok()) return FailAs(s, session, SheetWords());
  return Show(out, submitted);
}

int VerifyAudit(const Session& session, const Output& out) {
  v1::AuditReport report;
  const grpc::Status s =
      v1::ConsensusService::NewStub(session.Channel())
          ->VerifyAuditTrail(session.Context().get(), {}, &report);
  if (!s.ok()) return Fail(s, session);
  if (out.json) {
    Show(out, report);
  } else {
    std::cout << report.explanation() << "\n";
    for (const v1::AuditFinding& f : report.findings()) {
      std::cout << "  - " << f.explanation() << "\n";
    }
    if (!report.last_seal_hash().empty()) {
      std::cout << "Last seal: " << report.last_seal_hash() << "\n";
    }
  }
  return report.intact() ? kExitOk : kExitTampered;
}

int Watch(const Session& session, const Output& out,
          const std::string& round_id) {
  auto stub = v1::ConsensusService::NewStub(session.Channel());
  grpc::ClientContext context;
  if (!session.token.empty()) {
    context.AddMetadata("authorization", "Bearer " + session.token);
  }
  v1::WatchRoundRequest req;
  req.set_round_id(round_id);
  auto reader = stub->WatchRound(&context, req);
  v1::RoundUpdate update;
  google::protobuf::util::JsonPrintOptions compact;
  compact.always_print_primitive_fields = true;
  while (reader->Read(&update)) {
    if (out.json) {
      std::string line;
      (void)google::protobuf::util::MessageToJsonString(update, &line, compact);
      std::cout << line << std::endl;
    } else {
      std::cout << UpdateLine(update) << std::endl;
    }
    if (Finished(update.round_state())) {
      if (!out.json) std::cout << "The round has finished.\n";
      context.TryCancel();
      break;
    }
  }
  const grpc::Status s = reader->Finish();
  if (!s.ok() && s.error_code() != grpc::StatusCode::CANCELLED) {
    return FailAs(s, session, {{"ROUND", "round_id"}});
  }
  return kExitOk;
}

}  // namespace equalsay::cli
