// "Your time and payments": the time a person gave and the costs they met,
// how they chose to be recognised in each round, and what it all comes to
// in this tax year, with a warning before a limit they must keep under.
// Co-chairs confirm other people's time here too.
import { Code, ConnectError, requestId } from "./api";
import type { Screen } from "./admin";
import { h, p, say, textarea } from "./dom";
import { changeForm, checked, choices, dateInput, dayIn, value } from "./forms";
import { OrgRole, PanelRole } from "./gen/equalsay/v1/common_pb";
import {
  InvolvementKind, InvolvementState, Recognition,
  type InvolvementEntry, type MyRound, type Statement, type StatementRound,
} from "./gen/equalsay/v1/panels_pb";

const ACTIVITIES: [InvolvementKind, string, string][] = [
  [InvolvementKind.READING_PACK, "Reading the pack", "The job description, applications or papers before a meeting."],
  [InvolvementKind.PREPARATION, "Preparation", "Anything else you did to get ready, such as agreeing questions."],
  [InvolvementKind.INTERVIEW_DAY, "Interview day", "Time on the day of the interviews."],
  [InvolvementKind.STEERING_MEETING, "Steering meeting", "Time at a steering group's meeting."],
];
const EXPENSES: [InvolvementKind, string, string][] = [
  [InvolvementKind.TRAVEL, "Travel", "Bus, train, taxi or mileage to get there and back."],
  [InvolvementKind.DATA, "Phone data or internet", "What taking part online cost you."],
  [InvolvementKind.CARE_COSTS, "Care costs", "Care for someone while you took part."],
  [InvolvementKind.OTHER_EXPENSE, "Something else", "Say what in the note."],
];
const CHOICES: [Recognition, string, string][] = [
  [Recognition.PAYMENT, "Payment", "Paid into your bank account. It may count as income, for example for benefits."],
  [Recognition.VOUCHER, "Vouchers", "Shop vouchers to the same value. These may count as income too."],
  [Recognition.TRAINING, "Training credit", "Training of your choice to the same value."],
  [Recognition.NONE, "Give my time", "No payment. Your time is still recorded and your expenses are still repaid."],
];
const KIND_WORDS: Record<number, string> = Object.fromEntries([...ACTIVITIES, ...EXPENSES].map(([k, w]) => [k, w]));
const CHOICE_WORDS: Record<number, string> = Object.fromEntries(CHOICES.map(([k, w]) => [k, w]));
const STATE_WORDS: Record<number, string> = {
  [InvolvementState.AWAITING]: "waiting for a co-chair to confirm",
  [InvolvementState.CONFIRMED]: "confirmed",
  [InvolvementState.DECLINED]: "not confirmed",
};

// Whole pence in, pounds out: no amount passes through floating point.
export function pounds(pence: bigint): string {
  const sign = pence < 0n ? "-" : "";
  const abs = pence < 0n ? -pence : pence;
  return `${sign}£${(abs / 100n).toLocaleString("en-GB")}.${(abs % 100n).toString().padStart(2, "0")}`;
}
// "6.40", "£1,234.05" or "12" as pence; null when it is not an amount.
export function penceFrom(text: string): bigint | null {
  const m = /^£?\s*(\d{1,3}(?:,\d{3})+|\d{1,9})(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (!m) return null;
  return BigInt(m[1].replaceAll(",", "")) * 100n + BigInt((m[2] ?? "0").padEnd(2, "0"));
}
function duration(minutes: number): string {
  const hours = Math.floor(minutes / 60);
  const parts = [hours ? `${hours} hour${hours === 1 ? "" : "s"}` : "", minutes % 60 ? `${minutes % 60} minutes` : ""];
  return parts.filter(Boolean).join(" ") || "no time";
}
const dayWords = (iso: string): string =>
  new Date(`${iso}T12:00:00Z`).toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
const isExpense = (e: InvolvementEntry): boolean => e.kind >= InvolvementKind.TRAVEL;

function entryLine(e: InvolvementEntry): string {
  const what = isExpense(e) ? `${KIND_WORDS[e.kind]}, ${pounds(e.amountPence)}${e.note ? `, ${e.note}` : ""}`
    : `${KIND_WORDS[e.kind]}, ${duration(e.minutes)}${e.state === InvolvementState.CONFIRMED ? `, worth ${pounds(e.amountPence)}` : ""}`;
  const why = e.state === InvolvementState.DECLINED && e.declineReason ? `: ${e.declineReason}` : "";
  return `${dayWords(e.onDate)}: ${what} (${STATE_WORDS[e.state] ?? ""}${why}).`;
}

function totals(s: Statement): HTMLElement {
  const row = (key: string, val: string) => h("div", { class: "nhsuk-summary-list__row" },
    h("dt", { class: "nhsuk-summary-list__key" }, key), h("dd", { class: "nhsuk-summary-list__value" }, val));
  return h("dl", { class: "nhsuk-summary-list" },
    row("Time confirmed", duration(s.minutes)),
    row("Payment and vouchers", pounds(s.incomePence)),
    row("Training credit", pounds(s.trainingPence)),
    row("Expenses repaid", pounds(s.expensesPence)),
    row("Your income limit", s.incomeLimitPence ? pounds(s.incomeLimitPence) : "none set"));
}

function roundSection(screen: Screen, r: StatementRound | undefined, seat: MyRound | undefined): HTMLElement {
  const roundId = r?.roundId ?? seat!.roundId;
  const title = r?.title ?? seat!.title;
  const choice = r?.recognition ?? Recognition.UNSPECIFIED;
  const headingId = `round-${roundId}-money`;
  return h("section", { "aria-labelledby": headingId },
    h("h2", { class: "nhsuk-heading-m", id: headingId }, title),
    r ? p(`Confirmed: ${duration(r.minutes)}, ${r.recognition === Recognition.NONE ? "given" : `worth ${pounds(r.timeValuePence)}`}; expenses ${pounds(r.expensesPence)}.${r.awaiting ? ` ${r.awaiting} waiting for a co-chair to confirm.` : ""}`)
      : p("Nothing recorded in this round this tax year."),
    r?.entries.length ? h("ul", { class: "nhsuk-list nhsuk-list--bullet" }, ...r.entries.map((e) => h("li", {}, entryLine(e)))) : null,
    seat ? changeForm(screen.fail, `recognition:${roundId}`, "Save my choice", [
      choices(`recognition-${roundId}`, `How would you like your time in this round recognised? Now: ${CHOICE_WORDS[choice] ?? "not chosen yet"}.`, CHOICES, choice),
    ], async (form) => {
      const picked = checked(form, `recognition-${roundId}`) as Recognition;
      if (!picked) throw new ConnectError("recognition: choose one of the four.", Code.InvalidArgument);
      await screen.api.panels.chooseRecognition({ requestId: requestId(), roundId, recognition: picked });
      return () => { say(`Saved: ${CHOICE_WORDS[picked]}.`); return renderInvolvement(screen); };
    }) : null);
}

function roundPicker(id: string, seats: MyRound[]): HTMLElement {
  return h("div", { class: "nhsuk-form-group" },
    h("label", { class: "nhsuk-label", for: id }, "Which round"),
    h("select", { class: "nhsuk-select", id, name: id, "data-field": "round_id" },
      ...seats.map((s) => h("option", { value: s.roundId }, s.title))));
}
function onDay(form: HTMLFormElement, prefix: string): string {
  const d = dayIn(form, prefix);
  if (d === undefined) throw new ConnectError("on_date: enter the day, month and year, for example 3 2 2027, or leave all three empty for today.", Code.InvalidArgument);
  return d ? `${d.year}-${String(d.month).padStart(2, "0")}-${String(d.day).padStart(2, "0")}` : "";
}
function note(id: string, label: string, hint: string): HTMLElement {
  const box = textarea(id, "", "1000");
  box.id = id;
  box.dataset.field = "note";
  box.setAttribute("aria-describedby", `${id}-hint`);
  return h("div", { class: "nhsuk-form-group" },
    h("label", { class: "nhsuk-label", for: id }, label),
    h("div", { class: "nhsuk-hint", id: `${id}-hint` }, hint), box);
}
function small(id: string, label: string, fieldName: string, hint = ""): HTMLElement {
  return h("div", { class: "nhsuk-form-group" },
    h("label", { class: "nhsuk-label", for: id }, label),
    hint ? h("div", { class: "nhsuk-hint", id: `${id}-hint` }, hint) : null,
    h("input", { class: "nhsuk-input nhsuk-input--width-10", id, name: id, type: "text", inputmode: "decimal", autocomplete: "off", "data-field": fieldName, ...(hint ? { "aria-describedby": `${id}-hint` } : {}) }));
}

function recordForms(screen: Screen, seats: MyRound[]): HTMLElement[] {
  if (!seats.length) return [];
  const time = changeForm(screen.fail, "involvement:time", "Record this time", [
    roundPicker("time-round", seats),
    choices("time-kind", "What was the time for?", ACTIVITIES, InvolvementKind.UNSPECIFIED),
    h("div", { class: "nhsuk-form-group" }, h("fieldset", { class: "nhsuk-fieldset", role: "group" },
      h("legend", { class: "nhsuk-fieldset__legend nhsuk-fieldset__legend--s" }, "How long"),
      h("div", { class: "nhsuk-date-input" },
        h("div", { class: "nhsuk-date-input__item" }, small("time-hours", "Hours", "minutes")),
        h("div", { class: "nhsuk-date-input__item" }, small("time-minutes", "Minutes", "minutes"))))),
    dateInput("time-on", "Which day", "For example, 3 2 2027. Leave empty for today.", "on_date"),
    note("time-note", "Note (optional)", "Anything the co-chair should know."),
  ], async (form) => {
    const kind = checked(form, "time-kind") as InvolvementKind;
    if (!kind) throw new ConnectError("kind: choose what the time was for.", Code.InvalidArgument);
    const [hours, mins] = ["time-hours", "time-minutes"].map((x) => value(form, x));
    if (!/^\d{0,2}$/.test(hours) || !/^\d{0,4}$/.test(mins) || !(Number(hours) * 60 + Number(mins) > 0)) {
      throw new ConnectError("minutes: enter how long in hours and minutes, for example 1 hour 30 minutes.", Code.InvalidArgument);
    }
    await screen.api.panels.recordInvolvement({
      requestId: requestId(), roundId: value(form, "time-round"), kind,
      minutes: Number(hours) * 60 + Number(mins), onDate: onDay(form, "time-on"), note: value(form, "time-note"),
    });
    return () => { say("Recorded. A co-chair will confirm it."); return renderInvolvement(screen); };
  });
  const expense = changeForm(screen.fail, "involvement:expense", "Claim this expense", [
    roundPicker("expense-round", seats),
    choices("expense-kind", "What was the cost?", EXPENSES, InvolvementKind.UNSPECIFIED),
    small("expense-amount", "Amount in pounds", "amount_pence", "For example, 6.40"),
    note("expense-note", "What it was", "For example: bus there and back."),
    dateInput("expense-on", "Which day", "For example, 3 2 2027. Leave empty for today.", "on_date"),
  ], async (form) => {
    const kind = checked(form, "expense-kind") as InvolvementKind;
    if (!kind) throw new ConnectError("kind: choose what the cost was.", Code.InvalidArgument);
    const amount = penceFrom(value(form, "expense-amount"));
    if (amount === null) throw new ConnectError("amount_pence: enter the amount in pounds, for example 6.40.", Code.InvalidArgument);
    await screen.api.panels.recordInvolvement({
      requestId: requestId(), roundId: value(form, "expense-round"), kind, amountPence: amount,
      onDate: onDay(form, "expense-on"), note: value(form, "expense-note"),
    });
    return () => { say("Claimed. A co-chair will confirm it."); return renderInvolvement(screen); };
  });
  return [
    h("h2", { class: "nhsuk-heading-m" }, "Record time you gave"), time,
    h("h2", { class: "nhsuk-heading-m" }, "Claim an expense"), expense,
  ];
}

function limitForm(screen: Screen, s: Statement): HTMLElement {
  return h("section", { "aria-labelledby": "limit-heading" },
    h("h2", { class: "nhsuk-heading-m", id: "limit-heading" }, "An income limit"),
    p("Some people must keep their income under a limit, for example because of their benefits. Set yours and this page warns you as you come near it. Only you, administrators and HR can see it."),
    changeForm(screen.fail, "involvement:limit", "Save the limit", [
      small("limit-pounds", "Limit for the tax year, in pounds", "limit_pence", "For example, 1500. Enter 0 to take the limit away."),
    ], async (form) => {
      const limit = penceFrom(value(form, "limit-pounds"));
      if (limit === null) throw new ConnectError("limit_pence: enter the limit in pounds, for example 1500, or 0.", Code.InvalidArgument);
      await screen.api.panels.setIncomeLimit({ requestId: requestId(), limitPence: limit });
      return () => { say(limit ? `Saved: your limit is ${pounds(limit)}.` : "Your limit is taken away."); return renderInvolvement(screen); };
    }),
    s.incomeLimitPence ? p(`Your limit now: ${pounds(s.incomeLimitPence)}.`) : null);
}

// Co-chairs: an interview day or meeting for everyone on their panel who
// submitted a score sheet or voted, each still to be confirmed.
function fillForm(screen: Screen, chaired: MyRound[]): HTMLElement | null {
  if (!chaired.length) return null;
  return h("section", { "aria-labelledby": "fill-heading" },
    h("h2", { class: "nhsuk-heading-m", id: "fill-heading" }, "Fill in your panel's day"),
    p("Records an interview day (or a steering meeting) for each person on your panel who submitted a score sheet or voted in the round, once each. Confirm or decline each entry after."),
    changeForm(screen.fail, "involvement:fill", "Fill in the day", [
      roundPicker("fill-round", chaired),
      small("fill-minutes", "How long the day or meeting was, in minutes", "minutes", "For example, 420 for seven hours."),
      dateInput("fill-on", "Which day", "For example, 3 2 2027. Leave empty for today.", "on_date"),
    ], async (form) => {
      const minutes = value(form, "fill-minutes");
      if (!/^\d{1,4}$/.test(minutes)) throw new ConnectError("minutes: enter how long in minutes, for example 420.", Code.InvalidArgument);
      const out = await screen.api.panels.fillInvolvement({
        requestId: requestId(), roundId: value(form, "fill-round"), minutes: Number(minutes), onDate: onDay(form, "fill-on"),
      });
      const n = out.entries.length;
      return () => { say(n ? `Filled in for ${n} ${n === 1 ? "person" : "people"}. Confirm each under \"Time and expenses to confirm\".` : "Nothing new to fill in: everyone who took part has an entry already."); return renderInvolvement(screen); };
    }));
}

// Administrators: what an hour is paid at, per activity and role.
function rateForm(screen: Screen): HTMLElement {
  return h("section", { "aria-labelledby": "rate-heading" },
    h("h2", { class: "nhsuk-heading-m", id: "rate-heading" }, "Set a rate"),
    p("A rate is for an activity and a role, whichever panel the person sits on: the same role is paid the same. A change counts for entries confirmed from now on."),
    changeForm(screen.fail, "involvement:rate", "Save the rate", [
      choices("rate-kind", "Activity", ACTIVITIES, InvolvementKind.UNSPECIFIED),
      choices("rate-role", "Role", [[PanelRole.MEMBER, "Members", "Voting members of either panel."], [PanelRole.CO_CHAIR, "Co-chairs", "Co-chairs of either panel."]], PanelRole.UNSPECIFIED),
      small("rate-pounds", "Pounds an hour", "pence_per_hour", "For example, 15.00. Enter 0 for no payment."),
    ], async (form) => {
      const kind = checked(form, "rate-kind") as InvolvementKind;
      const role = checked(form, "rate-role") as PanelRole;
      const pence = penceFrom(value(form, "rate-pounds"));
      if (!kind) throw new ConnectError("kind: choose the activity.", Code.InvalidArgument);
      if (!role) throw new ConnectError("role: choose members or co-chairs.", Code.InvalidArgument);
      if (pence === null) throw new ConnectError("pence_per_hour: enter pounds an hour, for example 15.00.", Code.InvalidArgument);
      await screen.api.panels.setRate({ requestId: requestId(), kind, role, pencePerHour: pence });
      return () => { say(`Saved: ${KIND_WORDS[kind]}, ${role === PanelRole.CO_CHAIR ? "co-chairs" : "members"}, ${pounds(pence)} an hour.`); return renderInvolvement(screen); };
    }));
}

// Other people's entries waiting in the rounds the caller co-chairs.
async function toConfirm(screen: Screen, chaired: MyRound[], myId: string): Promise<HTMLElement | null> {
  const lists = await Promise.all(chaired.map((r) => screen.api.panels.listInvolvement({ roundId: r.roundId })));
  const waiting = lists.flatMap((l) => l.entries).filter((e) => e.state === InvolvementState.AWAITING && e.personId !== myId);
  if (!waiting.length) return null;
  return h("section", { "aria-labelledby": "confirm-heading" },
    h("h2", { class: "nhsuk-heading-m", id: "confirm-heading" }, "Time and expenses to confirm"),
    p("As a co-chair, confirm what others on the round recorded, or say why not. Nobody confirms their own."),
    ...waiting.map((e) => changeForm(screen.fail, `confirm:${e.id}`, "Record this", [
      h("h3", { class: "nhsuk-heading-s" }, `${e.displayName}, ${e.roundTitle}`),
      p(entryLine(e)),
      choices(`confirm-${e.id}`, "Is this right?", [[1, "Confirm it", "It will count on their statement."], [2, "Do not confirm it", "Say why: they will read it."]], 0),
      note(`confirm-${e.id}-reason`, "Why not (only if you do not confirm it)", "For example: this was counted in the interview day."),
    ], async (form) => {
      const picked = checked(form, `confirm-${e.id}`);
      if (!picked) throw new ConnectError("Choose whether to confirm it.", Code.InvalidArgument);
      const reason = (form.querySelector(`#confirm-${e.id}-reason`) as HTMLTextAreaElement).value.trim();
      await screen.api.panels.confirmInvolvement({ requestId: requestId(), roundId: e.roundId, entryId: e.id, decline: picked === 2, reason: picked === 2 ? reason : "" });
      return () => { say(picked === 2 ? "Recorded as not confirmed." : "Confirmed."); return renderInvolvement(screen); };
    })));
}

// Administrators and HR: what to pay for a period, as a spreadsheet file.
function financeExport(screen: Screen): HTMLElement {
  const result = h("div", { "aria-live": "polite" });
  const isoOf = (form: HTMLFormElement, prefix: string, field: string): string => {
    const d = dayIn(form, prefix);
    if (!d) throw new ConnectError(`${field}: enter the day, month and year, for example 6 4 2026.`, Code.InvalidArgument);
    return `${d.year}-${String(d.month).padStart(2, "0")}-${String(d.day).padStart(2, "0")}`;
  };
  return h("section", { "aria-labelledby": "finance-heading" },
    h("h2", { class: "nhsuk-heading-m", id: "finance-heading" }, "Payments for finance"),
    p("What to pay, person by person and round by round, for the confirmed time and expenses dated in a period. Amounts are in pence and in pounds."),
    changeForm(screen.fail, "involvement:export", "Make the file", [
      dateInput("export-from", "From", "For example, 6 4 2026", "from_date"),
      dateInput("export-to", "To (the last day included)", "For example, 5 4 2027", "to_date"),
    ], async (form) => {
      const from = isoOf(form, "export-from", "from_date");
      const to = isoOf(form, "export-to", "to_date");
      const out = await screen.api.panels.exportPayments({ fromDate: from, toDate: to });
      const file = `payments-${from}-to-${to}.csv`;
      return () => {
        result.replaceChildren(p(`${out.rows} ${out.rows === 1 ? "row" : "rows"}.`), h("a", {
          class: "nhsuk-link", download: file,
          href: URL.createObjectURL(new Blob([out.csv], { type: "text/csv;charset=utf-8" })),
        }, `Download ${file}`));
        say(`The file is ready: ${out.rows} ${out.rows === 1 ? "row" : "rows"}.`);
      };
    }),
    result);
}

export async function renderInvolvement(screen: Screen): Promise<void> {
  const { api } = screen;
  const [me, statement, mine, rates] = await Promise.all([
    api.panels.getMe({}), api.panels.getStatement({}), api.panels.listMyRounds({}), api.panels.listRates({}),
  ]);
  const seats = mine.rounds.filter((r) => r.role === PanelRole.CO_CHAIR || r.role === PanelRole.MEMBER);
  const byRound = new Map(statement.rounds.map((r) => [r.roundId, r]));
  const rounds = [
    ...statement.rounds.map((r) => roundSection(screen, r, seats.find((s) => s.roundId === r.roundId))),
    ...seats.filter((s) => !byRound.has(s.roundId)).map((s) => roundSection(screen, undefined, s)),
  ];
  const confirming = await toConfirm(screen, seats.filter((r) => r.role === PanelRole.CO_CHAIR), me.id);
  screen.show(screen.view, "Your time and payments",
    p(`The tax year ${statement.taxYearWords}.`),
    statement.warning ? h("div", { class: "nhsuk-warning-callout" },
      h("h2", { class: "nhsuk-warning-callout__label" },
        h("span", { role: "text" }, h("span", { class: "nhsuk-u-visually-hidden" }, "Important: "), "Your income limit")),
      p(statement.warning)) : null,
    totals(statement),
    h("details", { class: "nhsuk-details" },
      h("summary", { class: "nhsuk-details__summary" }, h("span", { class: "nhsuk-details__summary-text" }, "How time is paid")),
      h("div", { class: "nhsuk-details__text" }, p(rates.rule),
        rates.rates.length ? h("ul", { class: "nhsuk-list nhsuk-list--bullet" }, ...rates.rates.map((r) =>
          h("li", {}, `${KIND_WORDS[r.kind]}, ${r.role === PanelRole.CO_CHAIR ? "co-chairs" : "members"}: ${pounds(r.pencePerHour)} an hour`)))
          : p("No rates are set yet."))),
    confirming,
    fillForm(screen, seats.filter((r) => r.role === PanelRole.CO_CHAIR)),
    ...rounds,
    ...recordForms(screen, seats),
    limitForm(screen, statement),
    me.orgRole === OrgRole.ADMIN ? rateForm(screen) : null,
    me.orgRole === OrgRole.ADMIN || me.orgRole === OrgRole.HR ? financeExport(screen) : null);
}
