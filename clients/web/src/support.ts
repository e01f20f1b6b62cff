// Acting for a member who named you their supporter (DESIGN.md rule 9):
// their open decisions, and their vote entered as they gave it. Every
// screen says first whose vote it is; the vote stays theirs to see and
// change until voting closes.
import { Code, ConnectError, requestId } from "./api";
import type { Screen } from "./admin";
import { h, link, p, say, textarea } from "./dom";
import { changeForm, checked, choices, value } from "./forms";
import { DecisionState, Secrecy } from "./gen/equalsay/v1/consensus_pb";
import { HOW_GIVEN, voteChoices } from "./voting";

function banner(name: string): HTMLElement {
  return h("div", { class: "nhsuk-warning-callout" },
    h("h2", { class: "nhsuk-warning-callout__label" },
      h("span", { role: "text" }, h("span", { class: "nhsuk-u-visually-hidden" }, "Important: "), `You are entering this for ${name}`)),
    p(`What you enter here is ${name}'s vote, not yours. ${name} can see it and change it until voting closes.`));
}

// The member's name, while the caller may still act for them.
async function memberName(screen: Screen, roundId: string, memberId: string): Promise<string | null> {
  const mine = await screen.api.panels.listMyRounds({});
  return mine.supporting.find((s) => s.roundId === roundId && s.memberPersonId === memberId)?.memberName ?? null;
}

function notTheirs(screen: Screen): void {
  screen.show(screen.view, "You cannot vote for this member",
    p("You are not, or no longer, this member's supporter in this round. The member, or a co-chair of their panel, can name you again."),
    link("#/", "Back to what I need to do"));
}

export async function renderSupport(screen: Screen, roundId: string, memberId: string): Promise<void> {
  const name = await memberName(screen, roundId, memberId);
  if (!name) return notTheirs(screen);
  const [round, list] = await Promise.all([
    screen.api.panels.getRound({ roundId }), screen.api.consensus.listDecisions({ roundId }),
  ]);
  const open = list.decisions.filter((d) => d.state === DecisionState.VOTING);
  screen.show(screen.view, `Voting for ${name}`, banner(name),
    p(`In the round "${round.title}".`),
    open.length
      ? h("ul", { class: "nhsuk-list" }, ...open.map((d) => h("li", {}, link(`#/round/${roundId}/for/${memberId}/decision/${d.id}`, d.title))))
      : p(`There is nothing for ${name} to vote on just now.`),
    link("#/", "Back to what I need to do"));
}

export async function renderSupportDecision(screen: Screen, roundId: string, memberId: string, decisionId: string): Promise<void> {
  const name = await memberName(screen, roundId, memberId);
  if (!name) return notTheirs(screen);
  const d = await screen.api.consensus.getDecision({ decisionId });
  const back = link(`#/round/${roundId}/for/${memberId}`, `Back to ${name}'s decisions`);
  if (d.state !== DecisionState.VOTING) {
    return screen.show(screen.view, d.title, banner(name), p("Voting on this has closed."), back);
  }
  const secret = d.secrecy === Secrecy.SECRET;
  const asked = h("input", { class: "nhsuk-checkboxes__input", id: "member_asked_for_help", name: "member_asked_for_help", type: "checkbox", value: "yes", "aria-describedby": "member_asked_for_help-hint", "data-field": "member_asked_for_help" }) as HTMLInputElement;
  const form = changeForm(screen.fail, `vote-for:${d.id}:${memberId}`, `Save ${name}'s vote`, [
    d.text ? p(d.text, "nhsuk-lede-text") : null,
    choices("how", `How did ${name} give this vote?`, HOW_GIVEN, 0),
    secret ? h("div", { class: "nhsuk-form-group" }, h("div", { class: "nhsuk-checkboxes" }, h("div", { class: "nhsuk-checkboxes__item" }, asked,
      h("label", { class: "nhsuk-label nhsuk-checkboxes__label", for: "member_asked_for_help" }, `${name} asked me to help with this vote`),
      h("div", { class: "nhsuk-hint nhsuk-checkboxes__hint", id: "member_asked_for_help-hint" },
        "This is a secret vote. You may enter it only if they asked you for help with it. Nobody will see that you entered it, or what it was.")))) : null,
    choices("choice", `${name}'s vote`, voteChoices(d), 0),
    h("div", { class: "nhsuk-form-group" },
      h("label", { class: "nhsuk-label", for: "reason" }, `${name}'s reason, in their words (optional)`),
      textarea("reason", "", "2000")),
  ], async (f) => {
    if (!checked(f, "how")) throw new ConnectError(`Choose how ${name} gave this vote.`, Code.InvalidArgument);
    if (!checked(f, "choice")) throw new ConnectError(`Choose ${name}'s vote.`, Code.InvalidArgument);
    if (secret && !asked.checked) throw new ConnectError(`This is a secret vote: enter it only if ${name} asked you for help with it, and tick the box to say so.`, Code.InvalidArgument);
    await screen.api.consensus.castBallotFor({
      requestId: requestId(), decisionId: d.id, memberPersonId: memberId,
      choice: checked(f, "choice"), how: checked(f, "how"), memberAskedForHelp: asked.checked, reason: value(f, "reason"),
    });
    return () => {
      say(`${name}'s vote is saved. ${name} can see it and change it until voting closes.`);
      location.hash = `#/round/${roundId}/for/${memberId}`;
    };
  });
  screen.show(screen.view, d.title, banner(name), form, back);
}
