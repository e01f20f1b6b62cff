// Small DOM helpers shared by every screen: text is always set as text,
// never as HTML; buttons say when they are sending; drafts survive.
export type Child = Node | string | null | undefined | false;
export function h(tag: string, attrs: Record<string, string> = {}, ...children: Child[]): HTMLElement {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    el.append(typeof c === "string" ? document.createTextNode(c) : c);
  }
  return el;
}
export const p = (text: string, cls = "") => h("p", cls ? { class: cls } : {}, text);
// A text box holding `value`, stopping at the server's limit.
export function textarea(name: string, value: string, maxlength: string): HTMLTextAreaElement {
  const t = h("textarea", { class: "nhsuk-textarea", id: name, name, rows: "3", maxlength }) as HTMLTextAreaElement;
  t.value = value;
  return t;
}
export function link(href: string, text: string): HTMLElement {
  return h("a", { href, class: "nhsuk-link" }, text);
}
// A button; when what it does takes a while, it says so meanwhile and
// cannot be pressed again (see sending).
export function button(text: string, onClick: () => void | Promise<void>, secondary = false): HTMLButtonElement {
  const b = h("button", {
    type: "button",
    class: secondary ? "nhsuk-button nhsuk-button--secondary" : "nhsuk-button",
  }, text) as HTMLButtonElement;
  b.addEventListener("click", () => {
    if (b.disabled) return;
    const work = onClick();
    if (work instanceof Promise) void sending(b, () => work);
  });
  return b;
}
const status = document.getElementById("status") as HTMLElement;
export function say(message: string): void {
  // A polite live region: screen readers announce it without moving focus.
  status.textContent = "";
  window.setTimeout(() => (status.textContent = message), 50);
}
// ---- Drafts: what a person has chosen or written but not yet sent. ----
// Kept for this tab (sessionStorage) under the form's key, so that a live
// redraw, a reload or a dropped connection never wipes it; cleared once
// the server has it.
type Draft = Record<string, string>;
// What a person types or picks, but never a password or a hidden value.
type TypedField = HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;
const TYPED = 'textarea, select, input[type="text"], input[type="email"], input[type="number"], input[type="datetime-local"]';
function draftKey(key: string): string {
  return `equalsay:draft:${key}`;
}
export function keepDrafts(form: HTMLFormElement, key: string): void {
  const saved = sessionStorage.getItem(draftKey(key));
  if (saved) {
    const draft = JSON.parse(saved) as Draft;
    for (const [name, value] of Object.entries(draft)) {
      const radio = form.querySelector<HTMLInputElement>(`input[type="radio"][name="${name}"][value="${value}"]`);
      if (radio) radio.checked = true;
      const field = [...form.querySelectorAll<TypedField>(TYPED)].find((f) => f.name === name);
      if (field) field.value = value;
      const ticked = value.split(",");
      for (const box of form.querySelectorAll<HTMLInputElement>('input[type="checkbox"]')) {
        if (box.name === name) box.checked = ticked.includes(box.value);
      }
    }
  }
  const remember = () => {
    const draft: Draft = {};
    for (const radio of form.querySelectorAll<HTMLInputElement>('input[type="radio"]:checked')) draft[radio.name] = radio.value;
    // The ticked boxes of each name, as "14,15".
    for (const box of form.querySelectorAll<HTMLInputElement>('input[type="checkbox"]')) {
      const ticked = draft[box.name] ? draft[box.name].split(",") : [];
      if (box.checked) ticked.push(box.value);
      draft[box.name] = ticked.join(",");
    }
    for (const field of form.querySelectorAll<TypedField>(TYPED)) draft[field.name] = field.value;
    sessionStorage.setItem(draftKey(key), JSON.stringify(draft));
  };
  form.addEventListener("input", remember);
  form.addEventListener("change", remember);
}
export function hasDraft(key: string): boolean {
  return sessionStorage.getItem(draftKey(key)) !== null;
}
export function clearDraft(key: string): void {
  sessionStorage.removeItem(draftKey(key));
}

// While a change is on its way: the button says so and cannot be pressed
// again, so nothing is sent twice.
export async function sending<T>(button: HTMLButtonElement | null, work: () => Promise<T>): Promise<T> {
  const words = button?.textContent ?? "";
  if (button) {
    button.disabled = true;
    button.setAttribute("aria-disabled", "true");
    button.textContent = "Sending…";
  }
  try {
    return await work();
  } finally {
    if (button && button.isConnected) {
      button.disabled = false;
      button.removeAttribute("aria-disabled");
      button.textContent = words;
    }
  }
}
// The GOV.UK pattern: what is wrong, each problem a link to its field, so
// that a keyboard or screen reader user goes straight there.
export interface Problem {
  text: string;
  field?: HTMLElement | null;
}
export function errorSummary(problems: string | Problem[], after = ""): HTMLElement {
  const items = typeof problems === "string" ? [{ text: problems }] : problems;
  const list = h("ul", { class: "nhsuk-list nhsuk-error-summary__list" }, ...items.map(({ text, field }) => {
    if (!field?.id) return h("li", {}, text);
    const a = h("a", { href: `#${field.id}` }, text);
    a.addEventListener("click", (ev) => {
      ev.preventDefault();
      field.focus();
    });
    return h("li", {}, a);
  }));
  return h("div", { class: "nhsuk-error-summary", role: "alert", tabindex: "-1" },
    h("h2", { class: "nhsuk-error-summary__title" }, "There is a problem"),
    h("div", { class: "nhsuk-error-summary__body" }, list, after ? p(after) : null));
}
// The form control a server message names (by its field name, as a whole
// word), to link the message to.
export function fieldNamedIn(message: string, form: HTMLElement): HTMLElement | null {
  for (const control of form.querySelectorAll<HTMLElement>("input[id], textarea[id], select[id]")) {
    // The request's field name (a server's message) or the form's own (ours).
    for (const name of [control.dataset.field, control.getAttribute("name")]) {
      if (name && new RegExp(`(^|[^\\w])${name}([^\\w]|$)`).test(message)) return control;
    }
  }
  return null;
}
