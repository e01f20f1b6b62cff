// The fields of a score sheet: each criterion's scale with room for what
// was seen or heard, and the overall view. The member's own sheet and the
// one their supporter enters for them use the same fields.
import { h, p, textarea } from "./dom";
import type { Round } from "./gen/equalsay/v1/panels_pb";
import { OverallView, SheetState, type ScoreSheet } from "./gen/equalsay/v1/scoring_pb";
import { howWords } from "./voting";

// On the member's own sheet, when their supporter wrote it: whose words
// these are, and that they are the member's to check and change.
export function assistedNote(sheet: ScoreSheet): HTMLElement | null {
  if (!sheet.enteredByName) return null;
  return h("div", { class: "nhsuk-inset-text" },
    h("span", { class: "nhsuk-u-visually-hidden" }, "Information: "),
    p(`${sheet.enteredByName} entered these scores for you, ${howWords(sheet.how)}. They are yours: check them and change anything${sheet.state === SheetState.SUBMITTED ? "." : ", then submit them."}`));
}

export interface ScoreFields {
  box: HTMLElement;
  // What the fields hold now, as a save sends it.
  read(): { entries: { criterionId: string; score?: number; evidence: string }[]; overallView: OverallView };
  // The criteria left without a score.
  blank(): Round["criteria"];
}

// `words` say whose sheet it is: "What you saw or heard", "Your overall
// view" for the member; the member's name for their supporter.
export function scoreFields(round: Round, sheet: ScoreSheet, words: { evidence: string; view: string }): ScoreFields {
  const box = h("div", {});
  for (const c of round.criteria) {
    const entry = sheet.entries.find((e) => e.criterionId === c.id);
    const radios = c.scale.map((s) => {
      const id = `c${c.id}-${s.value}`;
      const input = h("input", { class: "nhsuk-radios__input", id, name: `c${c.id}`, type: "radio", value: String(s.value) }) as HTMLInputElement;
      input.checked = entry?.score === s.value;
      return h("div", { class: "nhsuk-radios__item" }, input,
        h("label", { class: "nhsuk-label nhsuk-radios__label", for: id }, `${s.value} - ${s.words}`));
    });
    // The server's limit, so a long note stops where it would be refused.
    const evidence = textarea(`e${c.id}`, entry?.evidence ?? "", "4000");
    box.append(h("div", { class: "nhsuk-form-group" },
      h("fieldset", { class: "nhsuk-fieldset" },
        h("legend", { class: "nhsuk-fieldset__legend nhsuk-fieldset__legend--m" }, c.question),
        h("div", { class: "nhsuk-radios" }, ...radios)),
      h("label", { class: "nhsuk-label", for: `e${c.id}` }, words.evidence),
      evidence));
  }
  const views: [OverallView, string, string][] = [
    [OverallView.APPOINTABLE, "Appointable", "Yes: they could do this job."],
    [OverallView.NOT_APPOINTABLE, "Not appointable", "No: not for this job, not now."],
    [OverallView.UNSURE, "Unsure", "You cannot say either way yet."]];
  box.append(h("div", { class: "nhsuk-form-group" }, h("fieldset", { class: "nhsuk-fieldset" },
    h("legend", { class: "nhsuk-fieldset__legend nhsuk-fieldset__legend--m" }, words.view),
    h("div", { class: "nhsuk-radios" }, ...views.map(([v, label, hint]) => {
      const input = h("input", { class: "nhsuk-radios__input", id: `view-${v}`, name: "view", type: "radio", value: String(v), "aria-describedby": `view-${v}-hint` }) as HTMLInputElement;
      input.checked = sheet.overallView === v;
      return h("div", { class: "nhsuk-radios__item" }, input, h("label", { class: "nhsuk-label nhsuk-radios__label", for: `view-${v}` }, label),
        h("div", { class: "nhsuk-hint nhsuk-radios__hint", id: `view-${v}-hint` }, hint));
    })))));
  const picked = (c: { id: string }) => box.querySelector<HTMLInputElement>(`input[name="c${c.id}"]:checked`);
  return {
    box,
    read: () => ({
      entries: round.criteria.map((c) => ({
        criterionId: c.id,
        score: picked(c) ? Number(picked(c)!.value) : undefined,
        evidence: (box.querySelector(`#e${c.id}`) as HTMLTextAreaElement).value,
      })),
      overallView: Number(box.querySelector<HTMLInputElement>('input[name="view"]:checked')?.value ?? 0) as OverallView,
    }),
    blank: () => round.criteria.filter((c) => !picked(c)),
  };
}
