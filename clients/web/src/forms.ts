// Form parts shared by the screens that change things: labelled fields,
// choices with hints, and a form that sends once and keeps its draft.
import { clearDraft, h, keepDrafts, sending, type Child } from "./dom";

// A labelled text box; `hint` says what it is for.
// `id` is also the request's field name unless `fieldName` says otherwise,
// so that a refusal naming it links to it.
export function field(id: string, label: string, value: string, hint = "", type = "text", fieldName = id): HTMLElement {
  const input = h("input", {
    class: "nhsuk-input", id, name: id, type, autocomplete: "off", maxlength: "200", "data-field": fieldName,
    ...(hint ? { "aria-describedby": `${id}-hint` } : {}),
  }) as HTMLInputElement;
  input.value = value;
  return h("div", { class: "nhsuk-form-group" },
    h("label", { class: "nhsuk-label", for: id }, label),
    hint ? h("div", { class: "nhsuk-hint", id: `${id}-hint` }, hint) : null,
    input);
}
// Radio buttons with a hint under each choice.
export function choices<T extends number>(name: string, legend: string, options: [T, string, string][], checked: T): HTMLElement {
  return h("div", { class: "nhsuk-form-group" }, h("fieldset", { class: "nhsuk-fieldset" },
    h("legend", { class: "nhsuk-fieldset__legend nhsuk-fieldset__legend--s" }, legend),
    h("div", { class: "nhsuk-radios" }, ...options.map(([value, label, hint]) => {
      const id = `${name}-${value}`;
      const input = h("input", { class: "nhsuk-radios__input", id, name, type: "radio", value: String(value), "aria-describedby": `${id}-hint` }) as HTMLInputElement;
      input.checked = value === checked;
      return h("div", { class: "nhsuk-radios__item" }, input,
        h("label", { class: "nhsuk-label nhsuk-radios__label", for: id }, label),
        h("div", { class: "nhsuk-hint nhsuk-radios__hint", id: `${id}-hint` }, hint));
    }))));
}
export function picker(id: string, fieldName: string, label: string, none: string, people: { id: string; name: string }[]): HTMLElement {
  return h("div", { class: "nhsuk-form-group" },
    h("label", { class: "nhsuk-label", for: id }, label),
    h("select", { class: "nhsuk-select", id, name: id, "data-field": fieldName },
      h("option", { value: "" }, none),
      ...people.map((person) => h("option", { value: person.id }, person.name))));
}
// The NHS.UK date pattern: day, month and year, each its own box, named
// `${prefix}-day` and so on.
export function dateInput(prefix: string, legend: string, hint: string, fieldName: string): HTMLElement {
  const part = (name: string, label: string, width: string) => h("div", { class: "nhsuk-date-input__item" },
    h("div", { class: "nhsuk-form-group" },
      h("label", { class: "nhsuk-label nhsuk-date-input__label", for: `${prefix}-${name}` }, label),
      h("input", { class: `nhsuk-input nhsuk-date-input__input nhsuk-input--width-${width}`, id: `${prefix}-${name}`, name: `${prefix}-${name}`, type: "text", inputmode: "numeric", autocomplete: "off", "data-field": fieldName })));
  return h("div", { class: "nhsuk-form-group" }, h("fieldset", { class: "nhsuk-fieldset", role: "group", "aria-describedby": `${prefix}-hint` },
    h("legend", { class: "nhsuk-fieldset__legend nhsuk-fieldset__legend--s" }, legend),
    h("div", { class: "nhsuk-hint", id: `${prefix}-hint` }, hint),
    h("div", { class: "nhsuk-date-input" }, part("day", "Day", "2"), part("month", "Month", "2"), part("year", "Year", "4"))));
}
// The day typed into dateInput(prefix): null when nothing was typed,
// undefined when it is not a real day.
export function dayIn(form: HTMLFormElement, prefix: string): { year: number; month: number; day: number } | null | undefined {
  const [day, month, year] = ["day", "month", "year"].map((x) => value(form, `${prefix}-${x}`));
  if (!day && !month && !year) return null;
  const [dd, mm, yyyy] = [day, month, year].map(Number);
  if (!dd || !mm || !(yyyy >= 2000) || new Date(Date.UTC(yyyy, mm - 1, dd)).getUTCDate() !== dd) return undefined;
  return { year: yyyy, month: mm, day: dd };
}
// A control with its hint, and the request's field it fills.
export function described<T extends HTMLElement>(el: T, hintId: string, fieldName: string): T {
  el.setAttribute("aria-describedby", hintId);
  el.dataset.field = fieldName;
  return el;
}
export function value(form: HTMLFormElement, name: string): string {
  return (form.elements.namedItem(name) as HTMLInputElement | null)?.value.trim() ?? "";
}
export function checked(form: HTMLFormElement, name: string): number {
  return Number(form.querySelector<HTMLInputElement>(`input[name="${name}"]:checked`)?.value ?? 0);
}
// A form whose submit button sends once, keeps what was typed through a
// reload, and shows the server's refusal above it. `send` returns what to
// do once the server has it (the draft is gone by then).
export type Then = () => unknown;
export function changeForm(fail: (e: unknown, where: HTMLElement) => void, key: string, submit: string, children: Child[],
  send: (form: HTMLFormElement) => Promise<Then>): HTMLFormElement {
  const go = h("button", { type: "submit", class: "nhsuk-button" }, submit) as HTMLButtonElement;
  const form = h("form", { novalidate: "" }, ...children, go) as HTMLFormElement;
  keepDrafts(form, key);
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    if (go.disabled) return;
    void sending(go, async () => {
      try {
        const then = await send(form);
        clearDraft(key);
        // Its problems are put right: a redraw waiting for the person to
        // finish putting them right (main.ts, busyHere) waits no longer.
        form.querySelector(":scope > .nhsuk-error-summary")?.remove();
        await then();
      } catch (e) {
        fail(e, form);
      }
    });
  });
  return form;
}

