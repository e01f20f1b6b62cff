// Paper ballots counted in the room, for a secret vote (DESIGN.md rule 9):
// a co-chair of the panel counts first, a second person of the panel counts
// again on their own, and the papers count only when both counts agree.
// Neither count is ever shown back: the second counter learns only whether
// theirs matches, and after a count that does not, nobody counts second
// until a co-chair has counted afresh.
import { Code, ConnectError, requestId } from "./api";
import type { Acting } from "./after";
import { h, p } from "./dom";
import { changeForm, field, value } from "./forms";
import { PanelRole } from "./gen/equalsay/v1/common_pb";
import { Choice, DecisionState, PaperCountState, Secrecy, type Decision, type DecisionPanel } from "./gen/equalsay/v1/consensus_pb";
import type { Round } from "./gen/equalsay/v1/panels_pb";
import { voteChoices } from "./voting";

// Each choice's field in CountPaperBallotsRequest.
const COUNT_FIELD: Partial<Record<Choice, "agree" | "disagree" | "abstain" | "standAside" | "object">> = {
  [Choice.AGREE]: "agree",
  [Choice.DISAGREE]: "disagree",
  [Choice.ABSTAIN]: "abstain",
  [Choice.STAND_ASIDE]: "standAside",
  [Choice.OBJECT]: "object",
};
// As the server names them in its messages.
const WIRE_NAME: Record<string, string> = { standAside: "stand_aside" };

// "Counted by Asha and Ben", for everyone who can see the decision.
export function paperWords(panel: DecisionPanel): string | null {
  const [first, second] = panel.paperCountedBy;
  if (panel.paperCount === PaperCountState.COUNTED) {
    return `${panel.panelName}: paper ballots were counted in the room by ${first} and ${second}. Both counts agreed, so they count.`;
  }
  if (panel.paperCount === PaperCountState.COUNTS_DIFFER) {
    return `${panel.panelName}: the two counts of the paper ballots, by ${first} and ${second}, differed, so they do not count yet. They are counted again together; then a co-chair enters the count afresh.`;
  }
  if (panel.paperCount === PaperCountState.AWAITING_SECOND) {
    return `${panel.panelName}: paper ballots were counted once, by ${first}. They count once a second person of the panel has counted them and entered the same.`;
  }
  return null;
}

// The count form on a secret decision's page, for the panel's members while
// voting is open: the co-chair to count first, anyone of the panel to count
// second. Nothing for anyone else.
// `myName` tells the first counter their own count from someone else's.
export function paperSection(ctx: Acting, d: Decision, round: Round, panelId: string, role: PanelRole, myName: string): HTMLElement | null {
  const mine = d.panels.find((x) => x.panelId === panelId);
  if (d.secrecy !== Secrecy.SECRET || d.state !== DecisionState.VOTING || !mine || mine.closed) return null;
  const box = h("section", { "aria-labelledby": "paper-heading" },
    h("h2", { class: "nhsuk-heading-m", id: "paper-heading" }, "Paper ballots counted in the room"));
  if (mine.paperCount === PaperCountState.COUNTED) {
    box.append(p(paperWords(mine) ?? ""));
    return box;
  }
  const differ = mine.paperCount === PaperCountState.COUNTS_DIFFER;
  const first = mine.paperCount === PaperCountState.AWAITING_SECOND ? mine.paperCountedBy[0] : null;
  if (differ) box.append(p(paperWords(mine) ?? ""));
  if (!first && role !== PanelRole.CO_CHAIR) return differ ? box : null;
  const mineFirst = first !== null && first === myName;
  box.append(p(differ
    ? "As a co-chair, enter the count afresh once the papers are counted again."
    : mineFirst
    ? "You have counted your panel's paper ballots. Now a second person of your panel counts the papers again, on their own, and enters the count. The papers count only when both counts are the same. If your count was wrong, enter it again here: it replaces yours."
    : first
    ? `${first} has counted your panel's paper ballots. Now a second person of your panel counts the papers again, on their own, and enters the count here. The papers count only when both counts are the same. If the first count was wrong, ${first} can enter it again.`
    : "If members of your panel voted on paper, count the papers and enter the count here. Then a second person of your panel counts them again, on their own, and enters the same. The papers count only when both counts are the same, and those who handed one in cannot then vote here."));

  const members = round.panels.find((x) => x.id === panelId)?.members.filter((m) => m.role !== PanelRole.OBSERVER) ?? [];
  const who = h("div", { class: "nhsuk-form-group" }, h("fieldset", { class: "nhsuk-fieldset", "aria-describedby": "paper-who-hint" },
    h("legend", { class: "nhsuk-fieldset__legend nhsuk-fieldset__legend--s" }, "Who handed in a paper?"),
    h("div", { class: "nhsuk-hint", id: "paper-who-hint" }, "Tick everyone on your panel who put a paper in the box."),
    h("div", { class: "nhsuk-checkboxes" }, ...members.map((m) => {
      const id = `paper-voter-${m.personId}`;
      return h("div", { class: "nhsuk-checkboxes__item" },
        h("input", { class: "nhsuk-checkboxes__input", id, name: "paper-voter", type: "checkbox", value: m.personId, "data-field": "voter_person_ids" }),
        h("label", { class: "nhsuk-label nhsuk-checkboxes__label", for: id }, m.displayName));
    }))));
  const counts = voteChoices(d).map(([choice, label]) => {
    const name = COUNT_FIELD[choice] ?? "agree";
    const box = field(`paper-${name}`, `Papers that say "${label}"`, "",
      choice === Choice.ABSTAIN ? "Count a blank paper here." : "", "text", WIRE_NAME[name] ?? name);
    const input = box.querySelector("input") as HTMLInputElement;
    input.setAttribute("inputmode", "numeric");
    input.classList.add("nhsuk-input--width-4");
    return box;
  });

  box.append(changeForm(ctx.fail, `paper:${d.id}`, mineFirst ? "Enter my count again" : first ? "Enter the second count" : differ ? "Enter the count afresh" : "Enter the count", [who, ...counts], async (form) => {
    const voterPersonIds = [...form.querySelectorAll<HTMLInputElement>('input[name="paper-voter"]:checked')].map((x) => x.value);
    if (voterPersonIds.length === 0) {
      throw new ConnectError("voter_person_ids: tick everyone who handed in a paper.", Code.InvalidArgument);
    }
    const tally = { agree: 0, disagree: 0, abstain: 0, standAside: 0, object: 0 };
    for (const [choice, label] of voteChoices(d)) {
      const name = COUNT_FIELD[choice] ?? "agree";
      const typed = value(form, `paper-${name}`);
      if (!/^\d{0,4}$/.test(typed)) {
        throw new ConnectError(`${WIRE_NAME[name] ?? name}: enter how many papers say "${label}" as a whole number, such as 2 (or leave it empty for none).`, Code.InvalidArgument);
      }
      tally[name] = Number(typed || "0");
    }
    const after = await ctx.api.consensus.countPaperBallots({ requestId: requestId(), decisionId: d.id, voterPersonIds, ...tally });
    const now = after.panels.find((x) => x.panelId === panelId)?.paperCount;
    return () => {
      ctx.say(now === PaperCountState.COUNTED
        ? "Both counts are the same: the paper ballots count now."
        : now === PaperCountState.COUNTS_DIFFER
          ? "Your count differs from the first, so the papers do not count yet. Count them again together; then a co-chair enters the count afresh."
          : "Your count is saved. Now a second person of your panel counts the papers again and enters their count.");
      return ctx.done();
    };
  }));
  return box;
}
