#include "clients/cli/summary.h"

#include <algorithm>
#include <iostream>
#include <vector>

#include "clients/cli/call.h"
#include "clients/cli/commands.h"
#include "clients/cli/fields.h"
#include "clients/cli/render.h"
#include "clients/cli/special.h"
#include "clients/cli/text_width.h"
#include "equalsay/v1/consensus.grpc.pb.h"
#include "equalsay/v1/panels.grpc.pb.h"
#include "equalsay/v1/scoring.grpc.pb.h"

namespace equalsay::cli {
namespace {

namespace pb = google::protobuf;
using Rows = std::vector<std::vector<std::string>>;

template <typename Enum>
std::string Words(const pb::EnumDescriptor* type, Enum value) {
  const pb::EnumValueDescriptor* v = type->FindValueByNumber(value);
  return v == nullptr ? "" : EnumWords(v);
}

std::string Of(uint32_t part, uint32_t whole) {
  return std::to_string(part) + " of " + std::to_string(whole);
}

// How far a panel has got with a decision, as its members may know it.
std::string Voting(const v1::DecisionPanel& p) {
  if (p.participation_withheld()) return "shown from 3 votes";
  return Of(p.voted(), p.voters()) + " voted" + (p.closed() ? ", closed" : "");
}

// The panels' names, in the order of the first decision (every decision of
// a round has the same panels).
std::vector<std::string> PanelNames(const v1::ListDecisionsResponse& list) {
  std::vector<std::string> names;
  if (list.decisions().empty()) return names;
  for (const v1::DecisionPanel& p : list.decisions(0).panels()) {
    names.push_back(p.panel_name());
  }
  return names;
}

std::string Outcome(const v1::Decision& d) {
  if (d.state() != v1::DECISION_STATE_CLOSED) {
    return d.closes_at_unix() > 0 ? "closes " + FormatTime(d.closes_at_unix())
                                  : "";
  }
  std::string words = Words(v1::OutcomeResult_descriptor(), d.result());
  if (d.next_step() != v1::NEXT_STEP_UNSPECIFIED) {
    words += "; next: " + Words(v1::NextStep_descriptor(), d.next_step());
  }
  return words;
}

// What the round is waiting for, with the command that does it.
std::string NextWords(const v1::Round& round) {
  const std::string id = round.id();
  const bool recruitment = round.kind() == v1::ROUND_KIND_RECRUITMENT;
  switch (round.state()) {
    case v1::ROUND_STATE_UNSPECIFIED:
    case v1::ROUND_STATE_SETUP:
      return "Set-up: add both panels, their members" +
             std::string(recruitment ? ", the candidates and the criteria"
                                     : "") +
             ", then start it with `equalsay round open " + id + "`.";
    case v1::ROUND_STATE_SCORING:
      return "Scoring: each member scores each candidate (`equalsay score "
             "CANDIDATE ...`); then each panel's co-chair closes their "
             "panel's scoring (`equalsay scoring close PANEL`).";
    case v1::ROUND_STATE_DECIDING:
      return "Deciding: a co-chair puts a decision on each candidate "
             "(`equalsay decision create " +
             id +
             " --candidate CANDIDATE ...`), members vote (`equalsay vote "
             "DECISION CHOICE`), and each panel's co-chair closes it.";
    case v1::ROUND_STATE_DECIDED:
      return "Every decision has closed: HR offers the post to a candidate "
             "both panels agreed on (`equalsay offers " +
             id + "`).";
    case v1::ROUND_STATE_CONFIRMED:
      return "Done: HR recorded an accepted offer. The record: `equalsay "
             "minutes " +
             id + "`.";
    case v1::ROUND_STATE_OPEN:
      return "Open: a co-chair puts proposals to the panels (`equalsay "
             "decision create " +
             id + " --title ... --text ...`) and members vote.";
    case v1::ROUND_STATE_CLOSED:
    case v1::ROUND_STATE_WITHDRAWN:
    case v1::RoundState_INT_MIN_SENTINEL_DO_NOT_USE_:
    case v1::RoundState_INT_MAX_SENTINEL_DO_NOT_USE_:
      return "Nothing more happens in this round. The record: `equalsay "
             "minutes " +
             id + "`.";
  }
  return "";
}

}  // namespace

std::string DecisionLines(const v1::ListDecisionsResponse& list) {
  if (list.decisions().empty()) return "No decisions yet.\n";
  Rows rows = {{"Id", "About", "Kind of vote", "State"}};
  for (const std::string& name : PanelNames(list)) rows[0].push_back(name);
  rows[0].push_back("Outcome");
  for (const v1::Decision& d : list.decisions()) {
    std::vector<std::string>& row = rows.emplace_back();
    row = {d.id(), d.title(),
           Words(v1::DecisionMethod_descriptor(), d.method()) + ", " +
               Words(v1::Secrecy_descriptor(), d.secrecy()),
           Words(v1::DecisionState_descriptor(), d.state())};
    for (const v1::DecisionPanel& p : d.panels()) row.push_back(Voting(p));
    row.push_back(Outcome(d));
  }
  return AlignedRows(rows, "");
}

std::string RoundLines(const v1::ListRoundsResponse& list) {
  if (list.rounds().empty()) return "No rounds you can see.\n";
  Rows rows = {{"Id", "Kind", "Title", "State"}};
  for (const v1::Round& r : list.rounds()) {
    rows.push_back({r.id(), Words(v1::RoundKind_descriptor(), r.kind()),
                    r.title(), Words(v1::RoundState_descriptor(), r.state())});
  }
  return AlignedRows(rows, "");
}

std::string TokenLines(const v1::ListTokensResponse& list) {
  if (list.tokens().empty()) return "No sign-ins.\n";
  Rows rows = {
      {"Id", "Kind", "State", "Name or device", "Made", "Last used", "Ends"}};
  for (const v1::TokenInfo& t : list.tokens()) {
    const auto when = [](int64_t unix) {
      return unix == 0 ? std::string("-") : FormatTime(unix);
    };
    rows.push_back(
        {t.id(), Words(v1::TokenKind_descriptor(), t.kind()),
         Words(v1::TokenState_descriptor(), t.state()) +
             (t.this_one() ? " (this one)" : ""),
         t.label(), when(t.created_at_unix()), when(t.last_used_at_unix()),
         t.state() == v1::TOKEN_STATE_WORKING ? when(t.expires_at_unix())
                                              : when(t.ended_at_unix())});
  }
  return AlignedRows(rows, "");
}

std::string MailLines(const v1::ListMailResponse& list) {
  if (list.mail().empty()) return "No e-mail.\n";
  Rows rows = {{"Id", "To", "Why", "State", "Tries", "When", "Problem"}};
  for (const v1::MailInfo& m : list.mail()) {
    const int64_t when = m.sent_at_unix() > 0       ? m.sent_at_unix()
                         : m.next_try_at_unix() > 0 ? m.next_try_at_unix()
                                                    : m.queued_at_unix();
    std::string why = m.kind();
    std::replace(why.begin(), why.end(), '_', ' ');
    rows.push_back({m.id(), m.person_name() + " (" + m.person_id() + ")", why,
                    Words(v1::MailState_descriptor(), m.state()),
                    std::to_string(m.attempts()), FormatTime(when),
                    m.problem()});
  }
  return AlignedRows(rows, "");
}

std::string BallotLine(const v1::Ballot& b) {
  if (b.how() == v1::HOW_GIVEN_PAPER_COUNT) {
    return "Your vote on decision " + b.decision_id() +
           ": on paper, counted in the room with your panel's other papers. "
           "Nobody, not even equalsay, knows which paper was yours, so it "
           "cannot be shown or changed here.\n";
  }
  const bool assisted =
      b.how() != v1::HOW_GIVEN_SELF && b.how() != v1::HOW_GIVEN_UNSPECIFIED;
  std::string line = std::string(assisted ? "The member's vote on decision "
                                          : "Your vote on decision ") +
                     b.decision_id() + ": " +
                     Words(v1::Choice_descriptor(), b.choice());
  if (!b.reason().empty()) line += " (\"" + b.reason() + "\")";
  if (assisted) {
    // Read by the member and by the supporter who entered it.
    line += ". Entered by their supporter " + b.entered_by_name() +
            " (how it was given: " + Words(v1::HowGiven_descriptor(), b.how()) +
            "), " + FormatTime(b.cast_at_unix());
    const std::string confirm = "equalsay ballot confirm " + b.decision_id();
    if (b.awaiting_confirmation()) {
      return line + ". It counts only once the member confirms it (" + confirm +
             ").\n";
    }
    if (b.confirmed()) return line + ". The member confirmed it is theirs.\n";
    return line + ". It counts; the member can confirm it (" + confirm +
           ") or change it until voting closes.\n";
  }
  line += ". Saved " + FormatTime(b.cast_at_unix());
  if (b.version() > 1) line += ", change " + std::to_string(b.version() - 1);
  return line + " (a vote can be changed until voting closes).\n";
}

std::string ActionNow(const v1::Action& a) {
  return Words(v1::ActionState_descriptor(), a.state()) +
         (a.overdue() ? ", overdue" : "");
}

std::string ActionText(const v1::Action& a) {
  std::string out = "Action " + a.id() + " (after decision " + a.decision_id() +
                    "): " + a.what() + "\nOwner: " + a.owner_name() + ", by " +
                    FormatTime(a.due_unix()) + ". Now: " + ActionNow(a) + ".\n";
  for (const v1::ActionUpdate& u : a.updates()) {
    out += "  " + FormatTime(u.at_unix()) + "  " + u.by_name() + " (" +
           Words(v1::ActionState_descriptor(), u.state()) + "): " + u.note() +
           "\n";
  }
  return out;
}

std::string ActionLines(const v1::ListActionsResponse& list) {
  if (list.actions().empty()) {
    return "No actions yet. After an agreed decision, a co-chair adds them "
           "with `equalsay action add`.\n";
  }
  Rows rows = {{"Id", "What", "Owner", "By", "Now"}};
  for (const v1::Action& a : list.actions()) {
    rows.push_back({a.id(), a.what(), a.owner_name(), FormatTime(a.due_unix()),
                    ActionNow(a)});
  }
  return AlignedRows(rows, "");
}

std::string SheetText(const v1::ScoreSheet& sheet) {
  std::string out =
      "Score sheet of " + sheet.display_name() + " (" +
      (sheet.panel_kind() == v1::PANEL_KIND_SERVICE_USER ? "Service User Panel"
                                                         : "Staff Panel") +
      ") for candidate " + sheet.candidate_id() + ": ";
  if (sheet.version() == 0) return out + "not started.\n";
  out += Words(v1::SheetState_descriptor(), sheet.state()) + ", version " +
         std::to_string(sheet.version()) + ", saved " +
         FormatTime(sheet.saved_at_unix()) + "\n";
  if (!sheet.entered_by_name().empty()) {
    out +=
        "Entered by their supporter " + sheet.entered_by_name() +
        " (how it was given: " + Words(v1::HowGiven_descriptor(), sheet.how()) +
        ").\n";
  }
  Rows rows = {{"Criterion", "Score", "Evidence"}};
  for (const v1::ScoreEntry& e : sheet.entries()) {
    rows.push_back({e.criterion_id(),
                    e.has_score() ? std::to_string(e.score()) : "blank",
                    e.evidence()});
  }
  if (sheet.entries().empty()) {
    out += "  No criterion scored yet.\n";
  } else {
    out += AlignedRows(rows, "  ");
  }
  out += "Overall view: " +
         (sheet.overall_view() == v1::OVERALL_VIEW_UNSPECIFIED
              ? std::string("not given yet")
              : Words(v1::OverallView_descriptor(), sheet.overall_view())) +
         "\n";
  return out;
}

std::string DecisionText(const v1::Decision& d) {
  std::string out = "Decision " + d.id() + ": " + d.title() + "\n";
  if (!d.text().empty()) out += d.text() + "\n";
  out += "A " + Words(v1::DecisionMethod_descriptor(), d.method()) + " vote, " +
         Words(v1::Secrecy_descriptor(), d.secrecy()) + ": " +
         Words(v1::DecisionState_descriptor(), d.state());
  if (d.state() == v1::DECISION_STATE_CLOSED) {
    out += ", " + Outcome(d) + " (see `equalsay outcome " + d.id() + "`)";
  } else {
    if (d.closes_at_unix() > 0)
      out += ", closes " + FormatTime(d.closes_at_unix());
    if (d.close_when_all_voted()) out += ", closes once everyone has voted";
  }
  out += ".\n";
  Rows rows = {{"Panel", "Voting", "Needs"}};
  std::string papers;
  for (const v1::DecisionPanel& p : d.panels()) {
    rows.push_back({p.panel_name(), Voting(p),
                    Words(v1::Threshold_descriptor(), p.rule().threshold())});
    if (p.paper_count() == v1::PAPER_COUNT_STATE_AWAITING_SECOND) {
      papers += p.panel_name() + ": paper ballots counted once, by " +
                p.paper_counted_by(0) +
                ". A second person of the panel counts them again and enters "
                "the same (`equalsay decision count-papers " +
                d.id() + "`); until then they do not count.\n";
    } else if (p.paper_count() == v1::PAPER_COUNT_STATE_COUNTS_DIFFER) {
      papers += p.panel_name() +
                ": the two counts of the paper ballots differed (" +
                p.paper_counted_by(0) + " and " +
                p.paper_counted_by(p.paper_counted_by_size() - 1) +
                "), so they do not count yet. Count them again together; "
                "then a co-chair enters the count afresh, and a second "
                "person enters theirs.\n";
    } else if (p.paper_count() == v1::PAPER_COUNT_STATE_COUNTED) {
      papers += p.panel_name() + ": paper ballots counted in the room by " +
                p.paper_counted_by(0) + " and " +
                p.paper_counted_by(p.paper_counted_by_size() - 1) +
                "; both counts agreed, so they count.\n";
    }
  }
  return out + AlignedRows(rows, "  ") + papers;
}

std::string CloseScoringText(const v1::CloseScoringResponse& closed) {
  const v1::PanelProgress& p = closed.panel();
  std::string out = "Scoring is closed for the " + p.panel_name() + ".\n";
  Rows rows = {{"Candidate", "Sheets submitted"}};
  for (const auto& c : p.candidates()) {
    rows.push_back({c.label(), Of(c.submitted(), c.expected())});
  }
  out += AlignedRows(rows, "  ");
  out += closed.round_moved_to_deciding()
             ? "Every panel has closed scoring: the results are ready "
               "(`equalsay results ROUND`) and the panels now decide.\n"
             : "The results are shown once every panel has closed scoring.\n";
  return out;
}

std::string Ordinal(uint32_t n) {
  const uint32_t tens = n % 100, units = n % 10;
  const char* suffix = tens >= 11 && tens <= 13 ? "th"
                       : units == 1             ? "st"
                       : units == 2             ? "nd"
                       : units == 3             ? "rd"
                                                : "th";
  return std::to_string(n) + suffix;
}

std::string ResultsText(const v1::ScoringResults& results) {
  if (results.candidates().empty()) return "No candidates to show.\n";
  std::string out =
      "Scores out of 100: each panel's is the mean of its members' submitted "
      "sheets; the combined score is the mean of the panels' scores, each "
      "panel counting equally whatever its size.\n";
  Rows scores = {{"Place", "Candidate"}};
  Rows views = {{"Candidate"}};
  for (const v1::PanelScore& p : results.candidates(0).panels()) {
    scores[0].push_back(p.panel_name());
    views[0].push_back(p.panel_name());
  }
  scores[0].push_back("Combined");
  for (const v1::CandidateResult& c : results.candidates()) {
    std::vector<std::string>& row = scores.emplace_back();
    std::vector<std::string>& view = views.emplace_back();
    row = {c.rank() > 0 ? Ordinal(c.rank()) : "", c.label()};
    view = {c.label()};
    for (const v1::PanelScore& p : c.panels()) {
      row.push_back(p.has_score()
                        ? Number(p.score()) + " (" + Ordinal(p.rank()) + ", " +
                              std::to_string(p.sheets()) +
                              (p.sheets() == 1 ? " sheet)" : " sheets)")
                        : "not scored");
      view.push_back(std::to_string(p.appointable()) + " appointable, " +
                     std::to_string(p.not_appointable()) +
                     " not appointable, " + std::to_string(p.unsure()) +
                     " unsure");
    }
    row.push_back(c.has_combined_score() ? Number(c.combined_score()) : "");
  }
  out += AlignedRows(scores, "  ");
  out += "\nMembers' overall views:\n" + AlignedRows(views, "  ");
  const v1::ScoringAgreement& a = results.agreement();
  out += "\nDo the panels agree?\n";
  if (!a.between_panels_explanation().empty()) {
    out += "  " + a.between_panels_explanation() + "\n";
  }
  for (const v1::RankDifference& d : a.differ_most()) {
    out += "  " + d.explanation() + "\n";
  }
  for (const v1::PanelAgreement& p : a.within_panels()) {
    out += "  " + p.explanation() + "\n";
  }
  return out;
}

std::optional<std::string> Summary(const pb::Message& answer) {
  if (const auto* r = dynamic_cast<const v1::ScoringResults*>(&answer))
    return ResultsText(*r);
  if (const auto* d = dynamic_cast<const v1::Decision*>(&answer))
    return DecisionText(*d);
  if (const auto* c = dynamic_cast<const v1::CloseScoringResponse*>(&answer))
    return CloseScoringText(*c);
  if (const auto* b = dynamic_cast<const v1::Ballot*>(&answer))
    return BallotLine(*b);
  if (const auto* s = dynamic_cast<const v1::ScoreSheet*>(&answer))
    return SheetText(*s);
  if (const auto* a = dynamic_cast<const v1::Action*>(&answer))
    return ActionText(*a);
  if (const auto* a = dynamic_cast<const v1::ListActionsResponse*>(&answer))
    return ActionLines(*a);
  if (const auto* d = dynamic_cast<const v1::ListDecisionsResponse*>(&answer))
    return DecisionLines(*d);
  if (const auto* r = dynamic_cast<const v1::ListRoundsResponse*>(&answer))
    return RoundLines(*r);
  if (const auto* t = dynamic_cast<const v1::ListTokensResponse*>(&answer))
    return TokenLines(*t);
  if (const auto* m = dynamic_cast<const v1::ListMailResponse*>(&answer))
    return MailLines(*m);
  return std::nullopt;
}

std::string RoundStatusText(const v1::Round& round,
                            const std::optional<v1::ScoringProgress>& progress,
                            const v1::ListDecisionsResponse& decisions) {
  std::string out = "Round " + round.id() + ": " + round.title() + "\n";
  out += "A " + Words(v1::RoundKind_descriptor(), round.kind()) +
         " round, now " + Words(v1::RoundState_descriptor(), round.state()) +
         ".\n\nPanels (each holds an equal veto):\n";
  Rows rows = {{"Id", "Panel", "Co-chair", "Voting members", "Observers",
                "Agreement needed"}};
  if (progress.has_value()) rows[0].push_back("Scoring");
  for (const v1::Panel& p : round.panels()) {
    std::string chairs;
    int voting = 0, observers = 0;
    for (const v1::Member& m : p.members()) {
      if (m.role() == v1::PANEL_ROLE_OBSERVER) {
        ++observers;
        continue;
      }
      ++voting;
      if (m.role() == v1::PANEL_ROLE_CO_CHAIR) {
        chairs += (chairs.empty() ? "" : ", ") + m.display_name();
      }
    }
    std::vector<std::string>& row = rows.emplace_back();
    row = {p.id(),
           p.name(),
           chairs.empty() ? "none yet" : chairs,
           std::to_string(voting),
           std::to_string(observers),
           Words(v1::Threshold_descriptor(), p.rule().threshold())};
    if (progress.has_value()) {
      std::string scoring;
      for (const v1::PanelProgress& pp : progress->panels()) {
        if (pp.panel_id() == p.id()) scoring = pp.closed() ? "closed" : "open";
      }
      row.push_back(scoring);
    }
  }
  out += AlignedRows(rows, "  ");

  if (progress.has_value() && !progress->panels().empty() &&
      !progress->panels(0).candidates().empty()) {
    out += "\nScore sheets submitted:\n";
    rows = {{"Id", "Candidate"}};
    for (const v1::PanelProgress& pp : progress->panels()) {
      rows[0].push_back(pp.panel_name());
    }
    for (const auto& c : progress->panels(0).candidates()) {
      std::vector<std::string>& row = rows.emplace_back();
      row = {c.candidate_id(), c.label()};
      for (const v1::PanelProgress& pp : progress->panels()) {
        std::string cell;
        for (const auto& pc : pp.candidates()) {
          if (pc.candidate_id() == c.candidate_id()) {
            cell = Of(pc.submitted(), pc.expected());
          }
        }
        row.push_back(cell);
      }
    }
    out += AlignedRows(rows, "  ");
  }

  if (!decisions.decisions().empty()) {
    out += "\nDecisions:\n";
    std::string lines = DecisionLines(decisions);
    for (size_t start = 0; start < lines.size();) {
      const size_t end = lines.find('\n', start);
      out += "  " + lines.substr(start, end - start + 1);
      start = end + 1;
    }
  }
  out += "\nNext: " + NextWords(round) + "\n";
  return out;
}

int RoundStatus(const Session& session, const Output& out,
                const std::string& round_id) {
  v1::GetRoundRequest get;
  get.set_round_id(round_id);
  v1::Round round;
  grpc::Status s = v1::PanelService::NewStub(session.Channel())
                       ->GetRound(session.Context().get(), get, &round);
  if (!s.ok()) return FailAs(s, session, {{"ROUND", "round_id"}});

  // Only co-chairs and administrators see who has submitted.
  std::optional<v1::ScoringProgress> progress;
  if (round.kind() == v1::ROUND_KIND_RECRUITMENT &&
      round.state() != v1::ROUND_STATE_SETUP) {
    v1::GetScoringProgressRequest req;
    req.set_round_id(round_id);
    v1::ScoringProgress answer;
    s = v1::ScoringService::NewStub(session.Channel())
            ->GetScoringProgress(session.Context().get(), req, &answer);
    if (s.ok()) {
      progress = std::move(answer);
    } else if (s.error_code() != grpc::StatusCode::PERMISSION_DENIED) {
      return FailAs(s, session, {{"ROUND", "round_id"}});
    }
  }

  v1::ListDecisionsRequest list;
  list.set_round_id(round_id);
  v1::ListDecisionsResponse decisions;
  s = v1::ConsensusService::NewStub(session.Channel())
          ->ListDecisions(session.Context().get(), list, &decisions);
  if (!s.ok()) return FailAs(s, session, {{"ROUND", "round_id"}});

  if (out.json) {
    std::cout << "{\n\"round\": " << RenderJson(round)
              << ",\n\"scoringProgress\": "
              << (progress.has_value() ? RenderJson(*progress) : "null")
              << ",\n\"decisions\": " << RenderJson(decisions) << "\n}\n";
  } else {
    std::cout << RoundStatusText(round, progress, decisions);
  }
  return kExitOk;
}

}  // namespace equalsay::cli
