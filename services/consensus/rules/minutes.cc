#include "services/consensus/rules/minutes.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"
#include "services/consensus/rules/actions.h"
#include "services/consensus/rules/after_close.h"
#include "services/consensus/rules/assisted.h"
#include "services/consensus/rules/decision_rules.h"
#include "services/panels/rules/round_state.h"
#include "services/panels/rules/setup.h"

namespace equalsay::consensus {
namespace {

std::string RoleWords(v1::PanelRole role) {
  switch (role) {
    case v1::PANEL_ROLE_CO_CHAIR:
      return "co-chair";
    case v1::PANEL_ROLE_OBSERVER:
      return "observer (does not vote)";
    case v1::PANEL_ROLE_MEMBER:
    case v1::PANEL_ROLE_UNSPECIFIED:
    case v1::PanelRole_INT_MIN_SENTINEL_DO_NOT_USE_:
    case v1::PanelRole_INT_MAX_SENTINEL_DO_NOT_USE_:
      break;
  }
  return "member";
}

std::string ThresholdWords(v1::Threshold threshold) {
  switch (threshold) {
    case v1::THRESHOLD_TWO_THIRDS:
      return "two thirds";
    case v1::THRESHOLD_UNANIMOUS:
      return "everyone";
    case v1::THRESHOLD_SIMPLE_MAJORITY:
    case v1::THRESHOLD_UNSPECIFIED:  // Stored rules always name one.
    case v1::Threshold_INT_MIN_SENTINEL_DO_NOT_USE_:
    case v1::Threshold_INT_MAX_SENTINEL_DO_NOT_USE_:
      break;
  }
  return "a simple majority";
}

std::string RuleWords(const v1::DecisionRule& rule) {
  return absl::StrCat("agrees when ", ThresholdWords(rule.threshold()),
                      " of those voting agree; quorum: ",
                      rule.quorum() == 0
                          ? std::string("more than half of its voting members")
                          : absl::StrCat(rule.quorum(), " voting members"));
}

std::string ResultWords(v1::OutcomeResult result) {
  switch (result) {
    case v1::OUTCOME_RESULT_AGREED:
      return "agreed";
    case v1::OUTCOME_RESULT_VETOED:
      return "vetoed";
    case v1::OUTCOME_RESULT_NOT_AGREED:
      return "not agreed";
    case v1::OUTCOME_RESULT_NO_QUORUM:
      return "no decision (not enough members voted)";
    case v1::OUTCOME_RESULT_UNSPECIFIED:
    case v1::OutcomeResult_INT_MIN_SENTINEL_DO_NOT_USE_:
    case v1::OutcomeResult_INT_MAX_SENTINEL_DO_NOT_USE_:
      break;
  }
  return "not decided yet";
}

std::string ConfirmationWords(v1::ConfirmationAction action) {
  switch (action) {
    case v1::CONFIRMATION_ACTION_OFFER_MADE:
      return "offer made";
    case v1::CONFIRMATION_ACTION_ACCEPTED:
      return "offer accepted";
    case v1::CONFIRMATION_ACTION_DECLINED:
      return "offer declined";
    case v1::CONFIRMATION_ACTION_UNSPECIFIED:
    case v1::ConfirmationAction_INT_MIN_SENTINEL_DO_NOT_USE_:
    case v1::ConfirmationAction_INT_MAX_SENTINEL_DO_NOT_USE_:
      break;
  }
  return "recorded";
}

std::string N(uint32_t n) { return absl::StrCat(n); }

void Tallies(const v1::Decision& d, const v1::Outcome& o, std::string& md) {
  const bool consent = d.method() == v1::DECISION_METHOD_CONSENT;
  absl::StrAppend(
      &md, consent ? "| Panel | Agree | Stand aside | Object | Voted | "
                     "Could vote | Agreed |\n|---|---|---|---|---|---|---|\n"
                   : "| Panel | Agree | Disagree | Abstain | Voted | "
                     "Could vote | Agreed |\n|---|---|---|---|---|---|---|\n");
  bool withheld = false;
  for (const v1::PanelTally& t : o.panels()) {
    const std::string agreed = !t.quorum_met() ? "no quorum"
                               : t.agreed()    ? "yes"
                                               : "no";
    if (t.counts_withheld()) {
      withheld = true;
      absl::StrAppend(&md, "| ", t.panel_name(), " | - | - | - | - | - | ",
                      agreed, " |\n");
      continue;
    }
    absl::StrAppend(&md, "| ", t.panel_name(), " | ", N(t.agree()), " | ",
                    consent ? N(t.stand_aside()) : N(t.disagree()), " | ",
                    consent ? N(t.object()) : N(t.abstain()), " | ",
                    N(t.voted()), " | ", N(t.voters()), " | ", agreed, " |\n");
  }
  if (withheld) {
    absl::StrAppend(&md,
                    "\nIn a secret vote each panel's counts are not shown, "
                    "only whether it agreed: counts could show how members "
                    "voted.\n");
  }
}

// One run's outcome: the result, its explanation, tallies, reasons, how
// each member voted (named only) and, if it did not go ahead, the next step.
void RunRecord(const v1::Decision& d, const v1::Outcome& o, std::string& md) {
  const bool secret = d.secrecy() == v1::SECRECY_SECRET;
  absl::StrAppend(&md, "**Outcome: ", ResultWords(o.result()), ".** ",
                  o.explanation(), "\n\n");
  Tallies(d, o, md);
  if (!o.reasons().empty()) {
    absl::StrAppend(&md, "\nReasons given",
                    secret ? " (in a secret vote, by anyone who voted in a "
                             "panel that did not agree; no names):\n\n"
                           : ":\n\n");
    for (const v1::Reason& r : o.reasons()) {
      if (secret) {
        absl::StrAppend(&md, "- ", r.panel_name(), ": ", r.reason(), "\n");
      } else {
        absl::StrAppend(&md, "- ", r.display_name(), " (", r.panel_name(), ", ",
                        ChoiceWords(r.choice()), "): ", r.reason(), "\n");
      }
    }
  }
  if (!secret && !o.ballots().empty()) {
    absl::StrAppend(&md, "\nHow each member voted:\n\n");
    for (const v1::NamedBallot& b : o.ballots()) {
      absl::StrAppend(
          &md, "- ", b.display_name(), " (", b.panel_name(),
          "): ", ChoiceWords(b.choice()),
          b.how() == v1::HOW_GIVEN_SELF || b.how() == v1::HOW_GIVEN_UNSPECIFIED
              ? ""
              : absl::StrCat(" (", HowGivenWords(b.how()), ")"),
          "\n");
    }
  }
  if (o.result() != v1::OUTCOME_RESULT_AGREED) {
    absl::StrAppend(
        &md, "\nWhat happens next: ",
        o.next_step() == v1::NEXT_STEP_UNSPECIFIED
            ? "not yet agreed by the co-chairs of every panel."
            : absl::StrCat(NextStepWords(o.next_step()),
                           " (agreed by the co-chairs of every panel)."),
        "\n");
  }
}

}  // namespace

std::string UtcTime(int64_t unix_seconds) {
  if (unix_seconds == 0) return "";
  return absl::FormatTime("%Y-%m-%d %H:%M UTC",
                          absl::FromUnixSeconds(unix_seconds),
                          absl::UTCTimeZone());
}

std::string MinutesMarkdown(const v1::Minutes& m) {
  const v1::Round& round = m.round();
  const bool recruitment = round.kind() == v1::ROUND_KIND_RECRUITMENT;
  std::string md = absl::StrCat("# Minutes: ", round.title(), "\n\n");
  absl::StrAppend(&md, recruitment ? "Recruitment" : "Strategy", " round ",
                  round.id(), ". The round is ",
                  panels::StateWords(round.state()), ". Produced ",
                  UtcTime(m.produced_at_unix()), ".");
  if (!panels::IsFinished(round.state()) &&
      round.state() != v1::ROUND_STATE_DECIDED) {
    absl::StrAppend(&md, " **Draft: the round has not finished.**");
  }
  absl::StrAppend(&md, "\n\n## Purpose\n\n", round.purpose(),
                  "\n\n## What was open to the panels\n\n",
                  round.scope_statement(), "\n\n## Who took part\n\n",
                  "Each panel holds an equal veto: a decision goes ahead only "
                  "when every panel agrees.\n");
  for (const v1::MinutesPanel& p : m.panels()) {
    absl::StrAppend(&md, "\n### ", p.panel_name(), "\n\nThe panel ",
                    RuleWords(p.rule()), ".\n\n");
    for (const v1::MinutesMember& member : p.members()) {
      absl::StrAppend(&md, "- ", member.display_name(), ", ",
                      RoleWords(member.role()), "\n");
    }
  }
  if (recruitment && round.candidates_size() > 0) {
    absl::StrAppend(&md, "\n## Candidates\n\n");
    for (const v1::Candidate& c : round.candidates()) {
      absl::StrAppend(&md, "- ", c.label(), c.withdrawn() ? " (withdrew)" : "",
                      "\n");
    }
  }
  absl::StrAppend(&md, "\n## Decisions\n");
  if (m.decisions().empty()) absl::StrAppend(&md, "\nNo decisions yet.\n");
  int number = 0;
  for (const v1::MinutesDecision& md_decision : m.decisions()) {
    const v1::Decision& d = md_decision.decision();
    const v1::Outcome& o = md_decision.outcome();
    const bool secret = d.secrecy() == v1::SECRECY_SECRET;
    absl::StrAppend(
        &md, "\n### ", ++number, ". ", d.title(), "\n\n",
        d.method() == v1::DECISION_METHOD_CONSENT
            ? "Decided by consent (agree, stand aside or object; any "
              "objection means the panel does not agree)"
            : "A yes-or-no vote (agree, disagree or abstain)",
        secret ? ", by secret ballot: only whether each panel agreed and who "
                 "took part are recorded."
               : ", by named ballot.",
        " Voting opened ", UtcTime(d.opened_at_unix()), ".");
    if (!d.text().empty()) absl::StrAppend(&md, "\n\n> ", d.text());
    absl::StrAppend(&md, "\n\n");
    for (const v1::Outcome& earlier : d.earlier_runs()) {
      absl::StrAppend(&md, "**Vote ", earlier.run(), "** (voting closed ",
                      UtcTime(earlier.closed_at_unix()), ")\n\n");
      RunRecord(d, earlier, md);
      absl::StrAppend(&md,
                      "\nReopened at the request of a co-chair of every "
                      "panel:\n\n");
      for (const v1::ReopenRequest& r : earlier.reopen_requests()) {
        absl::StrAppend(&md, "- ", r.panel_name(), ": ", r.reason(), "\n");
      }
      absl::StrAppend(&md, "\n");
    }
    if (d.state() != v1::DECISION_STATE_CLOSED) {
      absl::StrAppend(&md, d.earlier_runs().empty()
                               ? "Voting is still open.\n"
                               : absl::StrCat("**Vote ", d.run(),
                                              "**: voting is still open.\n"));
      continue;
    }
    if (!d.earlier_runs().empty()) {
      absl::StrAppend(&md, "**Vote ", d.run(), "** (voting closed ",
                      UtcTime(d.closed_at_unix()), ")\n\n");
    } else {
      absl::StrAppend(&md, "Voting closed ", UtcTime(d.closed_at_unix()),
                      ".\n\n");
    }
    RunRecord(d, o, md);
    if (md_decision.assisted_ballots() > 0) {
      absl::StrAppend(
          &md, "\n", md_decision.assisted_ballots(),
          md_decision.assisted_ballots() == 1 ? " ballot was" : " ballots were",
          " entered by a member's supporter, as the member gave it (in the "
          "room, by phone, on paper or with help); ",
          md_decision.assisted_ballots_confirmed(), " of them ",
          md_decision.assisted_ballots_confirmed() == 1 ? "was" : "were",
          " confirmed by the member themselves.\n");
    }
    for (const v1::DecisionPanel& p : d.panels()) {
      if (p.paper_count() != v1::PAPER_COUNT_STATE_COUNTED) continue;
      absl::StrAppend(&md, "\n", p.panel_name(),
                      ": paper ballots were counted in the room by ",
                      absl::StrJoin(p.paper_counted_by(), " and "),
                      ", each on their own, and both counts agreed.\n");
    }
    if (!md_decision.actions().empty()) {
      absl::StrAppend(&md, "\nWhat will be done:\n\n");
      for (const v1::Action& a : md_decision.actions()) {
        absl::StrAppend(&md, "- ", ActionLine(a), "\n");
      }
    }
    for (const v1::MinutesConfirmation& c : md_decision.confirmations()) {
      absl::StrAppend(
          &md, c.correction() ? "\nHR, correcting the entry above: " : "\nHR: ",
          ConfirmationWords(c.action()), ", recorded by ", c.confirmed_by(),
          " on ", UtcTime(c.at_unix()),
          c.note().empty() ? "" : absl::StrCat(" (", c.note(), ")"), ".",
          c.corrected() ? " This entry was corrected." : "", "\n");
    }
  }
  return md;
}

}  // namespace equalsay::consensus
