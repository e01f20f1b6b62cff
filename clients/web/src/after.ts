// A co-chair's steps once a decision has closed: agreeing with the other
// panel's co-chair what happens after a veto, and asking for a new vote
// (two keys: it reopens only when every panel's co-chair asks).
import { Code, ConnectError, requestId, type Clients } from "./api";
import { h, p, textarea } from "./dom";
import { changeForm, checked, choices } from "./forms";
import { NextStep, OutcomeResult, type Decision } from "./gen/equalsay/v1/consensus_pb";

// By the kind of decision: about a candidate, or a proposal.
const STEPS: Record<"candidate" | "proposal", [NextStep, string, string][]> = {
  candidate: [
    [NextStep.NOT_APPOINTED, "Not appointed", "The candidate is not offered the job."],
    [NextStep.REINTERVIEW, "Interview again", "The panels meet the candidate again before deciding."],
    [NextStep.READVERTISE, "Advertise the job again", "Look for more candidates."],
  ],
  proposal: [
    [NextStep.NOT_ADOPTED, "Not adopted", "The proposal does not go ahead."],
    [NextStep.REVISE_AND_RETURN, "Change it and bring it back", "The proposal is changed and put to the panels again."],
  ],
};
export function nextStepWords(step: NextStep): string {
  for (const options of Object.values(STEPS)) {
    const found = options.find(([s]) => s === step);
    if (found) return found[1].toLowerCase();
  }
  return "";
}

// What a step on a page needs: the API, where to show a refusal, a way to
// say what happened, and the page drawn again as it now stands.
export interface Acting {
  api: Clients;
  fail(e: unknown, where: HTMLElement): void;
  say(words: string): void;
  done(): Promise<void>;
}

export function coChairAfterClose(ctx: Acting, d: Decision, panelId: string): HTMLElement {
  const mine = d.panels.find((x) => x.panelId === panelId);
  const others = d.panels.filter((x) => x.panelId !== panelId);
  const box = h("div", {}, h("h2", { class: "nhsuk-heading-m" }, "For you as co-chair"));
  if (!mine) return box;
  if (d.result !== OutcomeResult.AGREED) {
    box.append(h("h3", { class: "nhsuk-heading-s" }, "What happens next"));
    if (d.nextStep) {
      box.append(p(`The co-chairs of every panel agreed what happens next: ${nextStepWords(d.nextStep)}.`));
    } else {
      box.append(p("The decision did not go ahead. The co-chairs of every panel agree together what happens next: each records a step, and it is settled when they all match."));
      for (const o of others) {
        box.append(p(o.nextStep ? `The co-chair of the ${o.panelName} chose: ${nextStepWords(o.nextStep)}.` : `The co-chair of the ${o.panelName} has not chosen yet.`));
      }
      if (mine.nextStep) box.append(p(`You chose: ${nextStepWords(mine.nextStep)}. You can change it until every panel's choice matches.`));
      const kind = d.candidateId ? "candidate" : "proposal";
      box.append(changeForm(ctx.fail, `next:${d.id}`, "Record this next step", [
        choices("next", "What should happen next?", STEPS[kind], mine.nextStep),
      ], async (form) => {
        const step = checked(form, "next") as NextStep;
        // Said in the form's words (naming its field) before the server would.
        if (!step) throw new ConnectError("Choose what should happen next.", Code.InvalidArgument);
        const after = await ctx.api.consensus.recordNextStep({ requestId: requestId(), decisionId: d.id, nextStep: step });
        return async () => {
          ctx.say(after.nextStep ? `Settled: every panel's co-chair chose ${nextStepWords(after.nextStep)}.`
            : `Recorded. It is settled when the co-chair of every panel chooses the same.`);
          await ctx.done();
        };
      }));
    }
  }
  box.append(h("h3", { class: "nhsuk-heading-s" }, "Vote again"));
  const asked = others.filter((o) => o.reopenRequested).map((o) => `the co-chair of the ${o.panelName}`);
  if (asked.length) box.append(p(`Asked for a new vote: ${asked.join(" and ")}.`));
  if (mine.reopenRequested) {
    box.append(p("You asked for a new vote. Voting opens again only when the co-chair of every panel asks."));
  } else {
    box.append(changeForm(ctx.fail, `reopen:${d.id}`, "Ask for a new vote", [
      p("If something important has changed, the panels can vote again. Voting opens again only when the co-chair of every panel asks, so one panel cannot do it alone. Once HR has acted on the outcome, it cannot be reopened."),
      h("div", { class: "nhsuk-form-group" },
        h("label", { class: "nhsuk-label", for: `reopen-reason-${d.id}` }, "Why should the panels vote again?"),
        Object.assign(textarea(`reopen-reason-${d.id}`, "", "2000"), { name: "reason" })),
    ], async (form) => {
      const reason = (form.elements.namedItem("reason") as HTMLTextAreaElement).value;
      const after = await ctx.api.consensus.requestReopen({ requestId: requestId(), decisionId: d.id, reason });
      return async () => {
        ctx.say(after.run > d.run ? "Voting is open again: every panel's co-chair asked." : "Your request is recorded. Voting opens again when the co-chair of every panel asks.");
        await ctx.done();
      };
    }));
  }
  return box;
}
