// "You said, we did": after an agreed decision, what will be done, who owns
// it and by when; the owner (or a co-chair) records how it is going; and
// every member reads, on their home page, what came of what they decided.
import { Code, ConnectError, requestId, type Clients } from "./api";
import type { Acting } from "./after";
import { h, p, textarea } from "./dom";
import { changeForm, checked, choices, dateInput, dayIn, field, picker, value } from "./forms";
import { PanelRole } from "./gen/equalsay/v1/common_pb";
import { ActionState, DecisionState, OutcomeResult, type Action, type Decision, type YouSaidWeDid } from "./gen/equalsay/v1/consensus_pb";
import type { Round } from "./gen/equalsay/v1/panels_pb";

const STATE_WORDS: Record<number, string> = {
  [ActionState.NOT_STARTED]: "Not started",
  [ActionState.IN_PROGRESS]: "In progress",
  [ActionState.DONE]: "Done",
  [ActionState.DROPPED]: "Not going ahead",
};
const NEXT: [ActionState, string, string][] = [
  [ActionState.UNSPECIFIED, "Still going", "Add a note on how it is going."],
  [ActionState.IN_PROGRESS, "Started", "Work on it has begun."],
  [ActionState.DONE, "Done", "Say what was done: the panels will read it as \"We did: …\"."],
  [ActionState.DROPPED, "Not going ahead", "Say why: the panels will read it."],
];

const day = (unix: bigint): string => new Date(Number(unix) * 1000).toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
const final = (a: Action): boolean => a.state === ActionState.DONE || a.state === ActionState.DROPPED;

function noteBox(id: string): HTMLTextAreaElement {
  const box = textarea(id, "", "1000");
  box.dataset.field = "note";
  return box;
}

function actionView(a: Action): HTMLElement {
  const last = a.updates[a.updates.length - 1];
  const tag = a.overdue ? "nhsuk-tag nhsuk-tag--red" : a.state === ActionState.DONE ? "nhsuk-tag nhsuk-tag--green" : "nhsuk-tag nhsuk-tag--grey";
  return h("div", {},
    h("h3", { class: "nhsuk-heading-s" }, a.what),
    p(`${a.ownerName} will do this by ${day(a.dueUnix)}.`),
    h("p", {}, h("strong", { class: tag }, a.overdue ? `${STATE_WORDS[a.state]}, overdue` : STATE_WORDS[a.state] ?? "")),
    last ? p(`${a.state === ActionState.DONE ? "We did" : a.state === ActionState.DROPPED ? "Why not" : "Latest"}: ${last.note} (${last.byName}, ${day(last.atUnix)})`) : null);
}

// The decision's actions, and the forms the caller may use: adding one (a
// co-chair or administrator), recording progress (the owner too).
export async function actionsSection(ctx: Acting, d: Decision, round: Round, me: { id: string; admin: boolean }, role?: PanelRole): Promise<HTMLElement | null> {
  if (d.state !== DecisionState.CLOSED || d.result !== OutcomeResult.AGREED) return null;
  const { actions } = await ctx.api.consensus.listActions({ roundId: d.roundId });
  const mine = actions.filter((a) => a.decisionId === d.id);
  const actsForRound = me.admin || role === PanelRole.CO_CHAIR;
  const box = h("section", { "aria-labelledby": "actions-heading" },
    h("h2", { class: "nhsuk-heading-m", id: "actions-heading" }, "What will be done"),
    mine.length ? null : p("Nothing has been recorded yet about what will be done."));
  for (const a of mine) {
    box.append(actionView(a));
    if (final(a) || !(actsForRound || a.ownerPersonId === me.id)) continue;
    box.append(changeForm(ctx.fail, `action:${a.id}`, "Record this", [
      choices(`action-${a.id}-state`, `How is "${a.what}" going?`, NEXT, ActionState.UNSPECIFIED),
      h("div", { class: "nhsuk-form-group" },
        h("label", { class: "nhsuk-label", for: `action-${a.id}-note` }, "Note"),
        noteBox(`action-${a.id}-note`)),
    ], async (form) => {
      const state = checked(form, `action-${a.id}-state`) as ActionState;
      const note = (form.querySelector(`#action-${a.id}-note`) as HTMLTextAreaElement).value.trim();
      if (!note) throw new ConnectError("note: say how it is going (for done, what was done).", Code.InvalidArgument);
      await ctx.api.consensus.updateAction({ requestId: requestId(), actionId: a.id, state, note });
      return () => { ctx.say("Saved. The panels can read it now."); return ctx.done(); };
    }));
  }
  if (actsForRound) {
    // Observers change nothing, so they own no actions.
    const people = round.panels.flatMap((x) => x.members).filter((m) => m.role !== PanelRole.OBSERVER)
      .map((m) => ({ id: m.personId, name: m.displayName }))
      .filter((m, i, all) => all.findIndex((o) => o.id === m.id) === i);
    const due = dateInput("action-due", "By when", "For example, 3 2 2027", "due_unix");
    box.append(h("h3", { class: "nhsuk-heading-s" }, "Add an action"),
      changeForm(ctx.fail, `add-action:${d.id}`, "Add this action", [
        field("action-what", "The action", "", "What will be done, in plain words, as the panels will read it. For example: Open the drop-in on Saturdays.", "text", "what"),
        picker("action-owner", "owner_person_id", "Who will do it", "Choose someone", people),
        due,
      ], async (form) => {
        const owner = value(form, "action-owner");
        if (!owner) throw new ConnectError("owner_person_id: choose who will do it.", Code.InvalidArgument);
        const by = dayIn(form, "action-due");
        if (!by) {
          throw new ConnectError("due_unix: enter the day, month and year it will be done by, for example 3 2 2027.", Code.InvalidArgument);
        }
        const when = Date.UTC(by.year, by.month - 1, by.day, 23, 59);
        await ctx.api.consensus.addAction({
          requestId: requestId(), decisionId: d.id, what: value(form, "action-what"), ownerPersonId: owner,
          dueUnix: BigInt(Math.floor(when / 1000)),
        });
        return () => { ctx.say("The action is added. Everyone in the round can see it."); return ctx.done(); };
      }));
  }
  return box;
}

// "You said … We did …" for each agreed decision of the caller's rounds.
export async function whatCameOfIt(api: Clients, roundIds: string[]): Promise<HTMLElement | null> {
  // A round the caller has just left is left out, not the whole page.
  const reports: (YouSaidWeDid | null)[] = await Promise.all(roundIds.map((roundId) =>
    api.consensus.getYouSaidWeDid({ roundId }).catch(() => null)));
  const entries = reports.flatMap((r) => r?.entries ?? []);
  if (!entries.length) return null;
  return h("section", { "aria-labelledby": "came-of-it" },
    h("h2", { class: "nhsuk-heading-m", id: "came-of-it" }, "What came of your decisions"),
    h("ul", { class: "nhsuk-list" }, ...entries.map((e) => h("li", {},
      h("div", { class: "nhsuk-card" }, h("div", { class: "nhsuk-card__content" },
        h("h3", { class: "nhsuk-card__heading nhsuk-heading-s" }, `You said: ${e.youSaid}`),
        p(`We did: ${e.weDid}`),
        e.actions.length ? h("ul", { class: "nhsuk-list nhsuk-list--bullet" }, ...e.actions.map((a) => {
          const last = a.updates[a.updates.length - 1];
          return h("li", {}, `${a.what}: ${(STATE_WORDS[a.state] ?? "").toLowerCase()}${a.overdue ? ", overdue" : ""}${a.state === ActionState.DONE && last ? `. ${last.note}` : ""}`);
        })) : null))))));
}
