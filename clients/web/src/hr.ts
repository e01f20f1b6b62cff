// HR's part of a recruitment round: offers in order of score, only ever to a
// candidate every panel agreed on; a note with each entry; the history of
// what was recorded; and a correction recorded as a new entry, never an edit.
import { requestId } from "./api";
import type { Acting } from "./after";
import { button, clearDraft, h, hasDraft, keepDrafts, p, textarea } from "./dom";
import { changeForm, checked, choices } from "./forms";
import { ConfirmationAction, type Confirmation } from "./gen/equalsay/v1/consensus_pb";
import type { Round } from "./gen/equalsay/v1/panels_pb";

const ACTIONS: [ConfirmationAction, string, string][] = [
  [ConfirmationAction.OFFER_MADE, "Offer made", "The candidate was offered the job and has not answered yet."],
  [ConfirmationAction.ACCEPTED, "Accepted", "The candidate said yes. The round is confirmed."],
  [ConfirmationAction.DECLINED, "Declined", "The candidate said no. The next agreed candidate comes up, if there is one."],
];
const actionWords = (a: ConfirmationAction) => ACTIONS.find(([x]) => x === a)?.[1].toLowerCase() ?? "";

function historyItem(c: Confirmation): HTMLElement {
  const when = new Date(Number(c.atUnix) * 1000).toLocaleString("en-GB", { day: "numeric", month: "long", hour: "2-digit", minute: "2-digit" });
  return h("li", {},
    p(`${c.correction ? "Correction: " : ""}${c.label}, ${actionWords(c.action)}. Recorded by ${c.confirmedBy} on ${when}.`, "nhsuk-u-margin-bottom-1"),
    c.note ? p(`Note: ${c.note}`, "nhsuk-u-margin-bottom-1") : null,
    c.corrected ? h("strong", { class: "nhsuk-tag nhsuk-tag--grey" }, "Corrected below") : null);
}

export async function hrSection(ctx: Acting, round: Round): Promise<HTMLElement> {
  const box = h("div", {}, h("h2", { class: "nhsuk-heading-m" }, "For HR: confirming the outcome"));
  let queue;
  try {
    queue = await ctx.api.consensus.getConfirmationQueue({ roundId: round.id });
  } catch (e) {
    ctx.fail(e, box);
    return box;
  }
  box.append(p(queue.explanation),
    p("Only candidates every panel agreed on are listed, best combined score first."),
    h("ol", { class: "nhsuk-list nhsuk-list--number" }, ...queue.candidates.map((c) =>
      h("li", {}, `${c.label}${c.name && c.name !== c.label ? ` (${c.name})` : ""}`))));
  const next = queue.candidates.find((c) => c.upNext);
  if (next) {
    // One note, sent with whichever answer is recorded; kept as a draft.
    const form = h("form", { novalidate: "" }) as HTMLFormElement;
    const note = textarea("confirm-note", "", "2000");
    note.name = "note";
    const record = (action: ConfirmationAction, words: string, secondary: boolean) => button(words, async () => {
      try {
        await ctx.api.consensus.confirmOutcome({ requestId: requestId(), decisionId: next.decisionId, action, note: note.value });
        clearDraft(`confirm:${round.id}`);
        ctx.say(`Recorded: ${next.label}, ${actionWords(action)}.`);
        await ctx.done();
      } catch (e) { ctx.fail(e, form); }
    }, secondary);
    form.append(h("div", { class: "nhsuk-form-group" },
      h("label", { class: "nhsuk-label", for: "confirm-note" }, "Note for the record (optional)"),
      h("div", { class: "nhsuk-hint", id: "confirm-note-hint" }, "Everyone in the round can read it in the minutes, so keep anything private out of it."),
      note),
      h("div", { class: "nhsuk-button-group" }, ...(next.lastAction === ConfirmationAction.OFFER_MADE
        ? [record(ConfirmationAction.ACCEPTED, `Record: ${next.label} accepted`, false), record(ConfirmationAction.DECLINED, `Record: ${next.label} declined`, true)]
        : [record(ConfirmationAction.OFFER_MADE, `Record: offer made to ${next.label}`, false)])));
    note.setAttribute("aria-describedby", "confirm-note-hint");
    keepDrafts(form, `confirm:${round.id}`);
    box.append(form);
  }
  if (queue.history.length) {
    const latest = [...queue.history].reverse().find((c) => !c.corrected);
    box.append(h("h3", { class: "nhsuk-heading-s" }, "What HR has recorded"),
      h("ul", { class: "nhsuk-list" }, ...queue.history.map(historyItem)));
    if (latest) {
      const correct = changeForm(ctx.fail, `correct:${round.id}`, "Record the correction", [
        p(`The last entry says: ${latest.label}, ${actionWords(latest.action)}. A correction is a new entry: the old one stays in the record, marked as corrected.`),
        choices("action", "What should it say?", ACTIONS, latest.action),
        h("div", { class: "nhsuk-form-group" },
          h("label", { class: "nhsuk-label", for: "correct-note" }, "Why are you correcting it?"),
          Object.assign(textarea("correct-note", "", "2000"), { name: "note" })),
      ], async (form) => {
        const fixed = await ctx.api.consensus.correctConfirmation({
          requestId: requestId(), roundId: round.id, action: checked(form, "action") as ConfirmationAction,
          note: (form.elements.namedItem("note") as HTMLTextAreaElement).value,
        });
        return async () => {
          ctx.say(`Corrected: ${fixed.label}, ${actionWords(fixed.action)}.`);
          await ctx.done();
        };
      });
      // Open again after a reload when a correction was being written (a
      // live redraw keeps it open by itself).
      box.append(h("details", { class: "nhsuk-details", ...(hasDraft(`correct:${round.id}`) ? { open: "" } : {}) },
        h("summary", { class: "nhsuk-details__summary" }, h("span", { class: "nhsuk-details__summary-text" }, "Correct the last entry")),
        h("div", { class: "nhsuk-details__text" }, correct)));
    }
  }
  return box;
}
