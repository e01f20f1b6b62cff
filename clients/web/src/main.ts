// The equalsay web client: what I need to do, the candidate pack, the score
// sheet, voting, outcomes (live), and the co-chair's and HR's steps.
// Plain TypeScript and the NHS.UK design system; every screen has one h1,
// labelled controls, and messages read out by screen readers.
import { Code, ConnectError, holdLink, makeClients, pendingLink, problem, requestId, signIn, signOut, token, type Clients } from "./api";
import { renderMembers, renderPeople, renderPerson, type Screen } from "./admin";
import { button, clearDraft, errorSummary, fieldNamedIn, h, keepDrafts, link, p, say, sending, textarea, type Child, type Problem } from "./dom";
import { changeForm, checked, choices, described, field, picker, value } from "./forms";
import { coChairAfterClose } from "./after";
import { actionsSection, whatCameOfIt } from "./actions";
import { hrSection } from "./hr";
import { renderAccessibility, renderPrivacy, renderWords } from "./info";
import { packSection, renderDocument, renderPack } from "./pack";
import { paperSection, paperWords } from "./paper";
import { renderFeedback, renderMinutes, renderMyData, renderYouSaidWeDid } from "./records";
import { renderInvolvement } from "./involvement";
import { renderSupport, renderSupportDecision, renderSupportScore, supportersSection } from "./support";
import { assistedNote, scoreFields } from "./score_form";
import { howWords, voteChoices } from "./voting";
import { startOrganisationSignIn, takeOrganisationAnswer, type OrganisationAnswer } from "./organisation";
import {
  Choice,
  DecisionMethod,
  DecisionState,
  OutcomeResult,
  Secrecy,
  type Decision,
  type RoundUpdate,
} from "./gen/equalsay/v1/consensus_pb";
import { HowGiven, OrgRole, PanelRole, RoundKind } from "./gen/equalsay/v1/common_pb";
import { RoundState, type PrivacyNotice, type Round } from "./gen/equalsay/v1/panels_pb";
import { OverallView, SheetState, type ScoreSheet } from "./gen/equalsay/v1/scoring_pb";

const api: Clients = makeClients(window.location.origin);
const main = document.getElementById("main-content") as HTMLElement;
// Each navigation starts a new view; a slower render for an older one (a
// live refresh finishing late, say) must never replace the page.
let currentView = 0;
let shownView = -1;  // The view whose page is on screen now.

// True while a live update redraws the page: focus stays where the person
// left it, rather than moving to the heading as a new page's does.
let redrawing = false;
let redrawHeldBack = false;  // A redraw found someone busy by the time it was ready.

// Where focus is, in a form that survives a redraw: the control's id, or a
// radio's name and value, or a button's words.
function focusKey(): string | null {
  const el = document.activeElement as HTMLElement | null;
  if (!el || !main.contains(el) || el.tagName === "H1") return null;
  if (el instanceof HTMLInputElement && el.type === "radio") return `radio:${el.name}:${el.value}`;
  if (el.id) return `id:${el.id}`;
  if (el.tagName === "BUTTON" || el.tagName === "A" || el.tagName === "SUMMARY") return `text:${el.tagName}:${el.textContent}`;
  return null;
}
function refocus(key: string | null): void {
  if (!key) return;
  const [kind, ...rest] = key.split(":");
  let el: Element | null = null;
  if (kind === "radio") el = main.querySelector(`input[type="radio"][name="${rest[0]}"][value="${rest[1]}"]`);
  if (kind === "id") el = document.getElementById(rest.join(":"));
  if (kind === "text") el = [...main.querySelectorAll(rest[0])].find((e) => e.textContent === rest.slice(1).join(":")) ?? null;
  (el as HTMLElement | null)?.focus();
}

// Never redraw under someone typing, or putting right what a form pointed
// out (its list of problems would vanish): wait until they move on. What
// they chose or wrote survives a redraw as a draft either way. A problem
// with the page itself (a load that failed) is for the redraw to heal.
function busyHere(): boolean {
  const el = document.activeElement;
  if (!el || !main.contains(el)) return false;
  if (el.tagName === "TEXTAREA") return true;
  return !!main.querySelector("form > .nhsuk-error-summary")?.parentElement?.contains(el);
}

// Someone typing or choosing in a form on the page.
function inAField(): boolean {
  const el = document.activeElement;
  return !!el && main.contains(el) && ["INPUT", "TEXTAREA", "SELECT"].includes(el.tagName);
}

function show(view: number, title: string, ...children: Child[]): void {
  if (view !== currentView) return;
  // Someone may have started putting a form right while the redraw fetched.
  if (redrawing && busyHere()) {
    redrawHeldBack = true;
    return;
  }
  // A screen drawn again once a form is sent is a redraw too for someone
  // who has moved on to another box meanwhile: they keep their place (and
  // what they go on typing), rather than being sent to the heading.
  const again = redrawing || (shownView === view && inAField());
  shownView = view;
  const focused = again ? focusKey() : null;
  // What a person opened stays open through a redraw: opening is a choice too.
  const opened = new Set(again ? [...main.querySelectorAll("details[open] > summary")].map((s) => s.textContent) : []);
  main.replaceChildren(h("h1", { tabindex: "-1" }, title), ...children.filter(Boolean) as Node[]);
  document.title = `${title} - equalsay`;
  for (const summary of main.querySelectorAll("details > summary")) {
    if (opened.has(summary.textContent)) (summary.parentElement as HTMLDetailsElement).open = true;
  }
  if (again) {
    refocus(focused);
  } else {
    (main.querySelector("h1") as HTMLElement).focus();
  }
}

function fail(e: unknown, where: HTMLElement = main): void {
  const { message, signedOut } = problem(e);
  if (signedOut) {
    signOut(/*keepDrafts=*/true);
    renderSignIn(message);
    return;
  }
  showProblems(where, [{ text: message, field: fieldNamedIn(message, where) }]);
}
function showProblems(where: HTMLElement, problems: Problem[], after = ""): void {
  where.querySelector(".nhsuk-error-summary")?.remove();
  const summary = errorSummary(problems, after);
  where.prepend(summary);
  summary.focus();
}
function words(value: number, names: Record<number, string>): string {
  return names[value] ?? "";
}
const ROUND_STATE: Record<number, string> = {
  [RoundState.SETUP]: "being set up", [RoundState.SCORING]: "at the scoring stage",
  [RoundState.DECIDING]: "at the deciding stage", [RoundState.DECIDED]: "decided",
  [RoundState.CONFIRMED]: "confirmed", [RoundState.WITHDRAWN]: "withdrawn",
  [RoundState.OPEN]: "open", [RoundState.CLOSED]: "closed",
};
// A finished round changes no more (its supporters neither).
const FINISHED = [RoundState.CONFIRMED, RoundState.WITHDRAWN, RoundState.CLOSED];
const RESULT: Record<number, string> = {
  [OutcomeResult.AGREED]: "Agreed", [OutcomeResult.VETOED]: "Not agreed (vetoed)",
  [OutcomeResult.NOT_AGREED]: "Not agreed", [OutcomeResult.NO_QUORUM]: "No decision",
};

// ---- Sign in ----
function renderSignIn(message = ""): void {
  watching?.stop();
  watching = null;
  // A new page: one still loading for whoever was signed in is dropped
  // rather than drawn over this one.
  ++currentView;
  const input = h("input", { class: "nhsuk-input", id: "token", name: "token", type: "password", autocomplete: "off", "aria-describedby": "token-hint" }) as HTMLInputElement;
  const form = h("form", { novalidate: "" },
    h("div", { class: "nhsuk-form-group" },
      h("label", { class: "nhsuk-label", for: "token" }, "Your sign-in code"),
      h("div", { class: "nhsuk-hint", id: "token-hint" }, "Only if you were given a code instead of a link. It starts with the letters eqs_ and works like a password: keep it to yourself."),
      input),
    h("button", { type: "submit", class: "nhsuk-button" }, "Sign in"));
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    if (!input.value.trim()) {
      showProblems(form, [{ text: "Enter your sign-in code.", field: input }]);
      return;
    }
    signIn(input.value);
    location.hash = "#/";
    route();
  });
  const organisation = h("div", {});
  show(currentView, "Sign in to equalsay",
    message ? errorSummary(message) : null,
    p("Open the sign-in link you were sent. If you were given a code instead, paste it here."),
    form, organisation);
  void offerOrganisationSignIn(organisation);
}

// "This is my own device": whether a sign-in outlasts the tab.
function ownDeviceChoice(id: string): { input: HTMLInputElement; group: HTMLElement } {
  const input = h("input", { class: "nhsuk-checkboxes__input", id, type: "checkbox", "aria-describedby": `${id}-hint` }) as HTMLInputElement;
  const group = h("div", { class: "nhsuk-form-group" }, h("div", { class: "nhsuk-checkboxes" }, h("div", { class: "nhsuk-checkboxes__item" }, input,
    h("label", { class: "nhsuk-label nhsuk-checkboxes__label", for: id }, "This is my own device: keep me signed in"),
    h("div", { class: "nhsuk-hint nhsuk-checkboxes__hint", id: `${id}-hint` },
      "You stay signed in on this device until you sign out, or stop using equalsay for a while. Leave it unticked on a shared computer: closing the tab then signs you out."))));
  return { input, group };
}

// Staff whose organisation is set up sign in with its own accounts.
async function offerOrganisationSignIn(into: HTMLElement): Promise<void> {
  let methods;
  try {
    methods = await api.panels.getSignInMethods({});
  } catch {
    return;  // The server is away: the sign-in above says so when used.
  }
  const org = methods.organisation;
  if (!org && !methods.organisationUnavailable) return;
  const own = ownDeviceChoice("org-own-device");
  into.append(
    h("h2", { class: "nhsuk-heading-m" }, "Staff"),
    org ? p(`If you work for the organisation, you can sign in with ${org.name} instead.`) : p(methods.organisationUnavailable),
    ...(org ? [own.group, button(`Sign in with ${org.name}`, () => startOrganisationSignIn(org, own.input.checked))] : []));
}

// The end of a sign-in with an organisation's account: the provider sent
// the browser back here with a code for the server to redeem.
async function finishOrganisationSignIn(answer: OrganisationAnswer): Promise<void> {
  if ("problem" in answer) return renderSignIn(answer.problem);
  show(currentView, "Signing you in", p("Checking your organisation's account…"));
  try {
    const session = await api.panels.signInWithProvider({
      code: answer.code, codeVerifier: answer.flow.verifier, redirectUri: answer.flow.redirectUri,
      nonce: answer.flow.nonce, device: describeDevice(),
    });
    signIn(session.token, answer.flow.keepOnDevice);
    location.hash = "#/";
    await route();
  } catch (e) {
    renderSignIn(ConnectError.from(e).rawMessage);
  }
}

// A sign-in link, used only when the person presses the button.
function renderLinkSignIn(code: string, message = ""): void {
  watching?.stop();
  watching = null;
  const own = ownDeviceChoice("own-device");
  const go = button("Sign in", async () => {
    try {
      const answer = await api.panels.signIn({ device: describeDevice() }, { headers: { authorization: `Bearer ${code}` } });
      holdLink(null);
      signIn(answer.token, own.input.checked);
      location.hash = "#/";
      await route();
    } catch (e) {
      holdLink(null);  // Used, expired or cancelled: it will not work again.
      renderSignIn(ConnectError.from(e).rawMessage);
    }
  });
  show(currentView, "Sign in to equalsay",
    message ? errorSummary(message) : null,
    p("You opened your sign-in link. It works once: press the button to sign in."),
    own.group, go);
}

// "Firefox on Android": enough for a person to know their devices apart in
// a list of where they are signed in.
function describeDevice(): string {
  const ua = navigator.userAgent;
  const browser = /Edg\//.test(ua) ? "Edge" : /Firefox\//.test(ua) ? "Firefox"
    : /Chrom(e|ium)\//.test(ua) ? "Chrome" : /Safari\//.test(ua) ? "Safari" : "A web browser";
  const system = /Android/.test(ua) ? "Android" : /iPhone/.test(ua) ? "an iPhone"
    : /iPad/.test(ua) ? "an iPad" : /Windows/.test(ua) ? "Windows"
    : /Mac OS/.test(ua) ? "a Mac" : /Linux/.test(ua) ? "Linux" : "";
  return system ? `${browser} on ${system}` : browser;
}

// Ends the sign-in on the server too, so a copy of it is no use either.
async function signOutOf(everywhere: boolean): Promise<void> {
  try {
    await api.panels.signOut({ requestId: requestId(), everywhere });
  } catch { /* Already ended, or the server is away: forget it here anyway. */ }
  signOut();
  siteLinks();
  renderSignIn();
  say(everywhere ? "You are signed out on every device." : "You are signed out.");
}

// Shown on the first page until the person says they have read it.
function privacyFirst(view: number, notice: PrivacyNotice): HTMLElement {
  const section = h("section", { class: "nhsuk-inset-text", "aria-labelledby": "privacy-first" },
    h("h2", { class: "nhsuk-heading-m", id: "privacy-first" }, "Your information"),
    p(`${notice.controller} is responsible for what equalsay keeps about you. You can ask for a copy of it, or for it to be erased, at any time: contact ${notice.contact}.`),
    h("p", {}, link("#/privacy", "Read what equalsay keeps, who sees it and how long it is kept")),
    button("I have read this", async () => {
      try {
        await api.panels.acknowledgePrivacyNotice({ requestId: requestId() });
        await renderHome(view);
        say("Thank you. \"Your information\" at the foot of every page has it all again.");
      } catch (e) { fail(e, section); }
    }, true));
  return section;
}

// ---- What I need to do ----
async function renderHome(view: number): Promise<void> {
  const [me, mine] = await Promise.all([api.panels.getMe({}), api.panels.listMyRounds({})]);
  const list = h("ul", { class: "nhsuk-list" });
  for (const r of mine.rounds) {
    const todo = r.toDo.length
      ? h("ul", { class: "nhsuk-list nhsuk-list--bullet" }, ...r.toDo.map((t) => h("li", {}, t)))
      : p("Nothing to do just now.");
    list.append(h("li", {},
      h("div", { class: "nhsuk-card" }, h("div", { class: "nhsuk-card__content" },
        h("h2", { class: "nhsuk-card__heading nhsuk-heading-m" }, link(`#/round/${r.roundId}`, r.title)),
        p(`The round is ${words(r.state, ROUND_STATE)}. You are ${r.role === PanelRole.CO_CHAIR ? "a co-chair" : r.role === PanelRole.OBSERVER ? "an observer" : "a member"} of the ${r.panelKind === 1 ? "Service User Panel" : "Staff Panel"}.`),
        todo))));
  }
  const cameOfIt = await whatCameOfIt(api, mine.rounds.map((r) => r.roundId));
  show(view, "What I need to do",
    p(`Signed in as ${me.displayName}.`),
    me.privacyNoticeRead ? null : privacyFirst(view, await api.panels.getPrivacyNotice({})),
    mine.rounds.length ? list : p("You are not on any panel yet."),
    cameOfIt,
    h("p", {}, link("#/involvement", "Your time and payments: record time and expenses, choose how you are recognised, read your statement")),
    mine.supporting.length ? h("div", {},
      h("h2", { class: "nhsuk-heading-m" }, "People you support"),
      p("They named you as their supporter: you can enter their votes and scores for them, as they give them to you."),
      h("ul", { class: "nhsuk-list" }, ...mine.supporting.map((s) =>
        h("li", {}, link(`#/round/${s.roundId}/for/${s.memberPersonId}`, `Act for ${s.memberName}`))))) : null,
    me.orgRole === OrgRole.HR ? allRounds("Rounds to confirm", (id) => `#/round/${id}`, RoundKind.RECRUITMENT) : null,
    me.orgRole === OrgRole.HR || me.orgRole === OrgRole.ADMIN
      ? h("p", {}, link("#/you-said-we-did", "You said, we did: what came of every round's decisions")) : null,
    me.orgRole === OrgRole.ADMIN ? h("div", {},
      h("h2", { class: "nhsuk-heading-m" }, "Setting up"),
      p("Add people, correct their details and make sign-in links."),
      link("#/people", "People")) : null,
    me.orgRole === OrgRole.ADMIN ? allRounds("Who is on each round's panels", (id) => `#/round/${id}/members`) : null,
    // "Sign out" for this device is at the foot of every page.
    h("div", { class: "nhsuk-button-group" },
      button("Sign out on every device", () => signOutOf(true), true)));
}

// Every round, for HR and administrators, each linking to `href`.
function allRounds(heading: string, href: (roundId: string) => string, kind?: RoundKind): HTMLElement {
  const box = h("div", {}, h("h2", { class: "nhsuk-heading-m" }, heading));
  api.panels.listRounds({}).then((all) => {
    const ul = h("ul", { class: "nhsuk-list" });
    for (const r of all.rounds.filter((x) => kind === undefined || x.kind === kind)) ul.append(h("li", {}, link(href(r.id), `${r.title} (${words(r.state, ROUND_STATE)})`)));
    box.append(ul);
  }).catch((e) => fail(e, box));
  return box;
}

// ---- A round: the pack, my sheets, decisions, and the co-chair's and HR's steps ----
async function renderRound(roundId: string, view: number): Promise<void> {
  const [round, me, mine] = await Promise.all([
    api.panels.getRound({ roundId }), api.panels.getMe({}), api.panels.listMyRounds({}),
  ]);
  const place = mine.rounds.find((r) => r.roundId === roundId);
  const voting = place && place.role !== PanelRole.OBSERVER;
  const parts: Child[] = [
    p(round.purpose, "nhsuk-lede-text"),
    h("div", { class: "nhsuk-inset-text" }, h("span", { class: "nhsuk-u-visually-hidden" }, "Information: "), p(round.scopeStatement)),
    p(`The round is ${words(round.state, ROUND_STATE)}.`),
  ];
  // Every section's calls at once: on a slow signal the waits add up.
  const screen: Screen = { api, view, show, fail };
  parts.push(...await Promise.all([
    packSection(screen, round, me.orgRole === OrgRole.ADMIN),
    round.candidates.length ? candidatesSection(round, Boolean(voting), place?.recusedCandidateIds ?? []) : null,
    scoredSection(round),
    criteriaSection(round),
    decisionsSection(round, Boolean(voting)),
    place?.role === PanelRole.CO_CHAIR ? coChairSection(round, place.panelId) : null,
    place && voting && !FINISHED.includes(round.state) ? supportersSection({ api, fail, say, done: () => renderRound(round.id, currentView) }, round, me, place) : null,
    me.orgRole === OrgRole.HR ? hrSection({ api, fail, say, done: () => renderRound(round.id, currentView) }, round) : null,
    me.orgRole === OrgRole.ADMIN ? h("p", {}, link(`#/round/${round.id}/members`, "Change who is on the panels")) : null,
    recordsSection(round, place?.role === PanelRole.CO_CHAIR || me.orgRole === OrgRole.HR || me.orgRole === OrgRole.ADMIN),
  ]));
  show(view, round.title, ...parts);
  watch(roundId, view, () => renderRound(roundId, view));
}

// The round's record: the minutes for everyone in it; feedback for the
// candidates, once they are decided, for those who pass it on.
function recordsSection(round: Round, passesOnFeedback: boolean): HTMLElement {
  const decided = round.state === RoundState.DECIDED || round.state === RoundState.CONFIRMED;
  return h("div", {}, h("h2", { class: "nhsuk-heading-m" }, "The record"),
    h("ul", { class: "nhsuk-list" },
      h("li", {}, link(`#/round/${round.id}/minutes`, "Minutes of this round")),
      h("li", {}, link(`#/round/${round.id}/you-said-we-did`, "You said, we did: what came of this round's decisions")),
      round.kind === RoundKind.RECRUITMENT && decided && passesOnFeedback
        ? h("li", {}, link(`#/round/${round.id}/feedback`, "Feedback for candidates")) : null));
}

async function candidatesSection(round: Round, voting: boolean, recused: string[]): Promise<HTMLElement> {
  const rows = await Promise.all(round.candidates.filter((c) => !c.withdrawn).map(async (c) => {
    let state = "";
    let action: Child = null;
    if (recused.includes(c.id)) {
      state = "You declared a conflict of interest";
    } else if (voting) {
      const sheet = await api.scoring.getScoreSheet({ candidateId: c.id });
      state = sheet.state === SheetState.SUBMITTED ? "Your sheet: submitted" : sheet.state === SheetState.DRAFT ? "Your sheet: draft saved, not submitted" : "Your sheet: not started";
      if (round.state === RoundState.SCORING) action = link(`#/round/${round.id}/score/${c.id}`, `Score ${c.label}`);
      else if (sheet.state !== SheetState.UNSPECIFIED) action = link(`#/round/${round.id}/score/${c.id}`, `Your scores for ${c.label}`);
    }
    // A list, not a table: no word is broken on a narrow phone.
    return h("li", { class: "nhsuk-u-margin-bottom-3" },
      h("h3", { class: "nhsuk-heading-s nhsuk-u-margin-bottom-1" }, c.label),
      state ? p(state, "nhsuk-u-margin-bottom-1") : null,
      action);
  }));
  return h("div", {},
    h("h2", { class: "nhsuk-heading-m" }, "Candidates"),
    h("ul", { class: "nhsuk-list" }, ...rows));
}

// Once scoring has closed: what the panels scored, in words first (do they
// agree, where do they differ), then the figures.
async function scoredSection(round: Round): Promise<HTMLElement | null> {
  if (round.kind !== RoundKind.RECRUITMENT || round.state === RoundState.SETUP || round.state === RoundState.SCORING) return null;
  let results;
  try {
    results = await api.scoring.getResults({ roundId: round.id });
  } catch {
    return null;  // Not for this person, or nothing scored.
  }
  const a = results.agreement;
  const score = (v: number | undefined) => (v === undefined ? "not scored" : `${Math.round(v)}`);
  const place = (n: number) => `${n}${n === 1 ? "st" : n === 2 ? "nd" : n === 3 ? "rd" : "th"}`;
  return h("div", {},
    h("h2", { class: "nhsuk-heading-m" }, "What the panels scored"),
    a?.betweenPanelsExplanation ? p(a.betweenPanelsExplanation) : null,
    a && a.differMost.length ? h("ul", { class: "nhsuk-list nhsuk-list--bullet" }, ...a.differMost.map((d) => h("li", {}, d.explanation))) : null,
    p("Scores are out of 100. Each panel counts equally in the combined score, whatever its size."),
    // A list, not a table: it reads the same aloud and on a narrow phone.
    h("ul", { class: "nhsuk-list" }, ...results.candidates.map((c) => h("li", {},
      h("h3", { class: "nhsuk-heading-s nhsuk-u-margin-bottom-1" }, c.rank ? `${place(c.rank)}: ${c.label}` : c.label),
      p(`Combined score ${score(c.combinedScore)}. ` + c.panels.map((x) => `${x.panelName} ${score(x.score)}`).join(", ") + "."),
      scoreBars(c.panels.map((x) => [x.panelName, x.score]))))));
}

// Each panel's score as a bar out of 100, to see at a glance where the panels
// differ. The sentence above says the same in words, so screen readers skip it.
function scoreBars(panels: [string, number | undefined][]): HTMLElement {
  return h("div", { class: "equalsay-bars", "aria-hidden": "true" }, ...panels.map(([name, value]) => {
    const fill = h("span", { class: "equalsay-bar__fill" });
    // Set through the style object: the server's policy refuses style attributes.
    fill.style.width = `${Math.max(0, Math.min(100, value ?? 0))}%`;
    return h("div", { class: "equalsay-bar" },
      h("span", { class: "equalsay-bar__name" }, name),
      h("span", { class: "equalsay-bar__track" }, fill));
  }));
}

function criteriaSection(round: Round): HTMLElement {
  if (!round.criteria.length) return h("div");
  return h("details", { class: "nhsuk-details" },
    h("summary", { class: "nhsuk-details__summary" }, h("span", { class: "nhsuk-details__summary-text" }, "What candidates are scored on")),
    h("div", { class: "nhsuk-details__text" }, ...round.criteria.map((c) =>
      h("div", {}, h("h3", { class: "nhsuk-heading-s" }, c.question),
        h("ul", { class: "nhsuk-list" }, ...c.scale.map((s) => h("li", {}, `${s.value}: ${s.words}`)))))));
}

async function decisionsSection(round: Round, voting: boolean): Promise<HTMLElement> {
  const { decisions } = await api.consensus.listDecisions({ roundId: round.id });
  if (!decisions.length) return h("div");
  const items = await Promise.all(decisions.map(async (d) => {
    const open = d.state !== DecisionState.CLOSED;
    // Whether I have voted: asked of open decisions only, all at once.
    const mine = open && voting ? await api.consensus.getMyBallot({ decisionId: d.id }).catch(() => null) : null;
    const tag = !open ? h("strong", { class: "nhsuk-tag nhsuk-tag--grey" }, words(d.result, RESULT))
      : mine?.awaitingConfirmation ? h("strong", { class: "nhsuk-tag nhsuk-tag--yellow" }, "Entered for you: please confirm it")
      : mine ? h("strong", { class: "nhsuk-tag nhsuk-tag--green" }, "You have voted")
      : h("strong", { class: "nhsuk-tag" }, voting ? "Voting open: you have not voted" : "Voting open");
    return h("li", {}, link(`#/round/${round.id}/decision/${d.id}`, d.title), " ", tag,
      open ? closingWords(d) : null);
  }));
  return h("div", {}, h("h2", { class: "nhsuk-heading-m" }, "Decisions"), h("ul", { class: "nhsuk-list" }, ...items));
}

// When an open decision closes, in the reader's own time.
function closingWords(d: Decision): HTMLElement | null {
  if (!d.closesAtUnix) return null;
  const when = new Date(Number(d.closesAtUnix) * 1000).toLocaleString("en-GB", {
    weekday: "long", day: "numeric", month: "long", hour: "2-digit", minute: "2-digit",
  });
  return p(`Voting closes on ${when}${d.closeWhenAllVoted ? ", or sooner once everyone has voted" : ""}.`, "nhsuk-body-s");
}

// A co-chair puts a question to both panels: for an appointment, which
// candidate; for a strategy round, the proposal in words. How people vote
// and whether the vote is secret are chosen here, explained.
function putDecisionForm(round: Round): HTMLElement {
  const recruitment = round.kind === RoundKind.RECRUITMENT;
  const form = changeForm(fail, `put:${round.id}`, "Put this to the panels", [
    recruitment
      ? picker("candidate", "candidate_id", "Candidate", "Choose a candidate",
        round.candidates.filter((c) => !c.withdrawn).map((c) => ({ id: c.id, name: c.label })))
      : field("title", "The proposal, in one line", "", "", "text", "proposal"),
    recruitment ? null : h("div", { class: "nhsuk-form-group" },
      h("label", { class: "nhsuk-label", for: "text" }, "The proposal in full"),
      h("div", { class: "nhsuk-hint", id: "text-hint" }, "In plain words: what would change, for whom, and from when."),
      described(textarea("text", "", "4000"), "text-hint", "text")),
    choices("method", "How people vote", [
      [DecisionMethod.YES_NO, "Agree, disagree or abstain", "A panel agrees when enough of its members agree, by its rule."],
      [DecisionMethod.CONSENT, "Agree, stand aside or object", "One objection means that panel does not agree."],
    ], DecisionMethod.YES_NO),
    choices("secrecy", "Who sees how people voted", [
      [Secrecy.NAMED, "Named vote", "After voting closes, everyone in the round sees how each member voted."],
      [Secrecy.SECRET, "Secret vote", "Nobody ever sees how anyone voted, only how many agreed."],
    ], Secrecy.NAMED),
    field("closes", "Voting closes at (optional)", "", "Leave it empty to close voting yourselves.", "datetime-local", "closes_at_unix"),
  ], async (f) => {
    const closes = value(f, "closes");
    // Said in the form's words before the server would say it in its own.
    if (recruitment && !value(f, "candidate")) throw new ConnectError("Choose a candidate.", Code.InvalidArgument);
    if (!recruitment && !value(f, "title")) throw new ConnectError("Write the proposal in one line.", Code.InvalidArgument);
    if (!recruitment && !value(f, "text")) throw new ConnectError("Write the full text, in plain words.", Code.InvalidArgument);
    await api.consensus.createDecision({
      requestId: requestId(), roundId: round.id,
      candidateId: recruitment ? value(f, "candidate") : "", title: recruitment ? "" : value(f, "title"),
      text: recruitment ? "" : value(f, "text"),
      method: checked(f, "method") as DecisionMethod, secrecy: checked(f, "secrecy") as Secrecy,
      closesAtUnix: closes ? BigInt(Math.floor(Date.parse(closes) / 1000)) : 0n,
    });
    return async () => {
      say("The question is put to the panels. Everyone on them can vote now.");
      await renderRound(round.id, currentView);
    };
  });
  return h("div", {}, h("h3", { class: "nhsuk-heading-s" }, "Put a question to both panels"), form);
}

// Steps that cannot be undone ask first, saying where things stand. A
// question left open stays open through a live redraw.
const openQuestions = new Set<string>();
function confirmed(label: string, question: string, yes: string, act: () => Promise<void>, secondary = false): HTMLElement {
  const box = h("div", {});
  const ask = (): void => {
    openQuestions.add(label);
    const text = h("p", { tabindex: "-1" }, question);
    box.replaceChildren(h("div", { class: "nhsuk-inset-text" }, text,
      h("div", { class: "nhsuk-button-group" },
        button(yes, async () => {
          openQuestions.delete(label);
          await act();
        }),
        button("Cancel", () => {
          openQuestions.delete(label);
          closed();
          (box.querySelector("button") as HTMLElement).focus();
        }, true))));
    if (!redrawing) text.focus();
  };
  const closed = (): void => { box.replaceChildren(button(label, ask, secondary)); };
  if (openQuestions.has(label)) ask(); else closed();
  return box;
}

async function coChairSection(round: Round, panelId: string): Promise<HTMLElement> {
  const box = h("div", {}, h("h2", { class: "nhsuk-heading-m" }, "For you as co-chair"));
  if (round.state === RoundState.SCORING) {
    const progress = await api.scoring.getScoringProgress({ roundId: round.id });
    const panel = progress.panels.find((x) => x.panelId === panelId);
    if (panel) {
      box.append(p(`Who has submitted (you see who, never their scores):`));
      box.append(h("ul", { class: "nhsuk-list nhsuk-list--bullet" }, ...panel.candidates.map((c) =>
        h("li", {}, `${c.label}: ${c.submitted} of ${c.expected} submitted` + (c.notYetSubmitted.length ? ` (waiting for ${c.notYetSubmitted.join(", ")})` : "")))));
      if (panel.closed) {
        box.append(p("Your panel's scoring is closed."));
      } else {
        const anyway = h("input", { class: "nhsuk-checkboxes__input", id: "close-anyway", type: "checkbox" }) as HTMLInputElement;
        box.append(h("div", { class: "nhsuk-checkboxes" }, h("div", { class: "nhsuk-checkboxes__item" }, anyway,
          h("label", { class: "nhsuk-label nhsuk-checkboxes__label", for: "close-anyway" }, "Close even though some sheets are missing (they will not count)"))));
        const submitted = panel.candidates.reduce((n, c) => n + c.submitted, 0);
        const expected = panel.candidates.reduce((n, c) => n + c.expected, 0);
        box.append(confirmed(`Close scoring for the ${panel.panelName}`,
          `${submitted} of ${expected} score sheets are submitted. Close scoring for the ${panel.panelName}? After this nobody on your panel can change their scores.`,
          "Yes, close scoring", async () => {
            try {
              await api.scoring.closeScoring({ requestId: requestId(), panelId, closeAnyway: anyway.checked });
              say("Scoring is closed for your panel.");
              await renderRound(round.id, currentView);
            } catch (e) { fail(e, box); }
          }));
      }
    }
  }
  const { decisions } = await api.consensus.listDecisions({ roundId: round.id });
  for (const d of decisions.filter((d) => d.state === DecisionState.VOTING)) {
    const mine = d.panels.find((x) => x.panelId === panelId);
    if (!mine || mine.closed) continue;
    const progress = mine.participationWithheld
      ? "Fewer than 3 on your panel have voted so far (in a secret vote the number is shown from 3)."
      : `${mine.voted} of ${mine.voters} on your panel have voted.`;
    box.append(h("h3", { class: "nhsuk-heading-s" }, d.title), p(progress),
      confirmed(`Close voting on "${d.title}" for your panel`,
        `${progress} Close voting on "${d.title}" for the ${mine.panelName}? After this nobody on your panel can vote or change their vote.`,
        "Yes, close voting", async () => {
          try {
            await api.consensus.closeDecision({ requestId: requestId(), decisionId: d.id });
            say("Voting is closed for your panel.");
            await renderRound(round.id, currentView);
          } catch (e) { fail(e, box); }
        }, true));
  }
  // After a veto the co-chairs agree what happens next, on the decision's page.
  const waiting = decisions.filter((d) => d.state === DecisionState.CLOSED && d.result !== OutcomeResult.AGREED && !d.nextStep);
  if (waiting.length) {
    box.append(h("h3", { class: "nhsuk-heading-s" }, "Decisions that did not go ahead"),
      p("Agree with the other panel's co-chair what happens next:"),
      h("ul", { class: "nhsuk-list nhsuk-list--bullet" }, ...waiting.map((d) => h("li", {}, link(`#/round/${round.id}/decision/${d.id}`, d.title)))));
  }
  const deciding = round.kind === RoundKind.RECRUITMENT ? round.state === RoundState.DECIDING : round.state === RoundState.OPEN;
  if (deciding) box.append(putDecisionForm(round));
  if (round.state === RoundState.SCORING || decisions.some((d) => d.state === DecisionState.VOTING)) box.append(remindForm(round));
  if (box.children.length === 1) box.append(p("Nothing for you to do as co-chair just now."));
  return box;
}

// A reminder to every member of the co-chair's panel, each with what they
// still have to do: as everyone gets one, nobody learns who was behind.
function remindForm(round: Round): HTMLElement {
  const answer = h("p", { class: "nhsuk-body-s" });
  return h("div", {}, h("h3", { class: "nhsuk-heading-s" }, "Remind your panel"),
    p("Sends every member of your panel an e-mail saying what they still have to do, if anything. Everyone gets one, so nobody can tell who was behind."),
    button("Remind my panel", async () => {
      try {
        const sent = await api.panels.remindPanel({ requestId: requestId(), roundId: round.id });
        answer.textContent = sent.explanation;
        say(sent.explanation);
      } catch (e) { fail(e, answer.parentElement as HTMLElement); }
    }, true), answer);
}

// ---- The score sheet: saved as you go, then submitted ----
// A sheet as it was sent, once scoring has closed: to read, not to change.
function sheetView(round: Round, sheet: ScoreSheet): Child[] {
  const view = ["", "Appointable", "Not appointable", "Unsure"][sheet.overallView] || "not given";
  return [
    p(sheet.state === SheetState.SUBMITTED ? "Scoring has closed. This is the sheet you submitted." : "Scoring has closed. You did not submit this sheet, so it was not counted."),
    h("dl", { class: "nhsuk-summary-list" }, ...round.criteria.map((c) => {
      const entry = sheet.entries.find((e) => e.criterionId === c.id);
      const point = c.scale.find((x) => x.value === entry?.score);
      return h("div", { class: "nhsuk-summary-list__row" },
        h("dt", { class: "nhsuk-summary-list__key" }, c.question),
        h("dd", { class: "nhsuk-summary-list__value" },
          p(point ? `${point.value} - ${point.words}` : "Not scored"),
          entry?.evidence ? p(`What you saw or heard: ${entry.evidence}`) : null));
    }),
    h("div", { class: "nhsuk-summary-list__row" },
      h("dt", { class: "nhsuk-summary-list__key" }, "Your overall view"),
      h("dd", { class: "nhsuk-summary-list__value" }, view))),
    link(`#/round/${round.id}`, "Back to the round"),
  ];
}

async function renderScore(roundId: string, candidateId: string, view: number): Promise<void> {
  const [round, sheet] = await Promise.all([
    api.panels.getRound({ roundId }), api.scoring.getScoreSheet({ candidateId }),
  ]);
  const candidate = round.candidates.find((c) => c.id === candidateId);
  if (round.state !== RoundState.SCORING) return show(view, `Your scores for ${candidate?.label ?? "the candidate"}`, ...sheetView(round, sheet));
  let current: ScoreSheet = sheet;
  const fields = scoreFields(round, current, {
    evidence: "What you saw or heard (optional)",
    view: "Your overall view: could this person do the job?",
  });
  const form = h("form", { novalidate: "" }, assistedNote(current), fields.box);
  const saved = h("p", { class: "nhsuk-body-s", id: "saved" }, current.version ? "Saved." : "Not saved yet.");
  let saving: Promise<void> = Promise.resolve();
  const save = () => (saving = saving.then(async () => {
    try {
      current = await api.scoring.saveScoreSheet({ requestId: requestId(), candidateId, version: current.version, ...fields.read() });
      clearDraft(`score:${candidateId}`);
      saved.textContent = current.state === SheetState.SUBMITTED ? "Your change is saved. Your sheet stays submitted." : "Draft saved.";
    } catch (e) { fail(e, form); }
  }));
  // A draft typed but not yet saved survives a reload; the saved sheet is
  // the server's.
  keepDrafts(form as HTMLFormElement, `score:${candidateId}`);
  form.addEventListener("change", () => void save());
  const submit = h("button", { type: "submit", class: "nhsuk-button" }, current.state === SheetState.SUBMITTED ? "Save my changes" : "Submit my scores") as HTMLButtonElement;
  form.append(saved, submit);
  let warned = false;
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    await save();
    await saving;
    if (current.state === SheetState.SUBMITTED) { say("Saved."); return; }
    // A criterion left blank does not count: say so once before sending.
    const blank = fields.blank();
    if (blank.length && !warned) {
      warned = true;
      showProblems(form, blank.map((c) => ({
        text: `You have not scored "${c.question}".`,
        field: form.querySelector<HTMLElement>(`input[name="c${c.id}"]`),
      })), "Choose a score, or press \u201cSubmit my scores\u201d again to submit without it: a question left blank does not count.");
      return;
    }
    try {
      current = await sending(submit, () =>
        api.scoring.submitScoreSheet({ requestId: requestId(), candidateId, version: current.version }));
      say(`Your scores for ${candidate?.label} are submitted.`);
      location.hash = `#/round/${roundId}`;
    } catch (e) { fail(e, form); }
  });
  show(view, `Score ${candidate?.label ?? "the candidate"}`,
    p("Choose the point on each scale that matches what you saw. Your answers are saved as you go. You can change them until your panel closes scoring."),
    p(current.state === SheetState.SUBMITTED ? "You have submitted this sheet." : ""),
    form, link(`#/round/${roundId}`, "Back to the round"));
}

// ---- A decision: vote, then the outcome (live) ----
async function renderDecision(roundId: string, decisionId: string, view: number): Promise<void> {
  const [d, mine] = await Promise.all([api.consensus.getDecision({ decisionId }), api.panels.listMyRounds({})]);
  const place = mine.rounds.find((r) => r.roundId === roundId);
  const parts: Child[] = [d.text ? p(d.text, "nhsuk-lede-text") : null];
  const acting = { api, fail, say, done: () => renderDecision(roundId, decisionId, currentView) };
  if (d.state === DecisionState.CLOSED) {
    parts.push(await outcomeView(d));
    if (place?.role === PanelRole.CO_CHAIR) {
      parts.push(coChairAfterClose(acting, d, place.panelId));
    }
    if (d.result === OutcomeResult.AGREED) {
      const [round, me] = await Promise.all([api.panels.getRound({ roundId }), api.panels.getMe({})]);
      parts.push(await actionsSection(acting, d, round, { id: me.id, admin: me.orgRole === OrgRole.ADMIN }, place?.role));
    }
  } else {
    parts.push(progressView(d));
    parts.push(await voteForm(roundId, d));
    if (place && d.secrecy === Secrecy.SECRET && (place.role === PanelRole.CO_CHAIR || place.role === PanelRole.MEMBER)) {
      const [round, me] = await Promise.all([api.panels.getRound({ roundId }), api.panels.getMe({})]);
      parts.push(paperSection(acting, d, round, place.panelId, place.role, me.displayName));
    }
  }
  parts.push(link(`#/round/${roundId}`, "Back to the round"));
  show(view, d.title, ...parts);
  watch(roundId, view, () => renderDecision(roundId, decisionId, view));
}

function progressView(d: Decision): HTMLElement {
  return h("div", { class: "nhsuk-inset-text" },
    ...d.panels.map((x) => p(x.participationWithheld
      ? `${x.panelName}: how many have voted is shown once 3 have.`
      : `${x.panelName}: ${x.voted} of ${x.voters} have voted.`)),
    ...d.panels.map((x) => paperWords(x)).filter((words) => words !== null).map((words) => p(words ?? "")),
    p(d.secrecy === Secrecy.SECRET ? "This is a secret vote: nobody will see how you voted." : "This is a named vote: after it closes, everyone in the round sees how each member voted."),
    closingWords(d));
}

async function voteForm(roundId: string, d: Decision): Promise<HTMLElement> {
  const choices = voteChoices(d);
  let mine: Choice = Choice.UNSPECIFIED;
  let myReason = "";
  let entered: HTMLElement | null = null;
  try {
    const ballot = await api.consensus.getMyBallot({ decisionId: d.id });
    if (ballot.how === HowGiven.PAPER_COUNT) {
      return h("div", { class: "nhsuk-inset-text" },
        h("h2", { class: "nhsuk-heading-m" }, "Your vote"),
        p("You voted on paper in the room, and your paper was counted with your panel's other papers, so it counts. Nobody, not even equalsay, knows which paper was yours, so your vote cannot be shown or changed here."));
    }
    mine = ballot.choice;
    myReason = ballot.reason;
    // A vote a supporter entered for me: mine to confirm or change.
    if (ballot.how !== HowGiven.SELF && ballot.how !== HowGiven.UNSPECIFIED) {
      entered = h("div", { class: "nhsuk-inset-text" },
        h("span", { class: "nhsuk-u-visually-hidden" }, "Information: "),
        p(`${ballot.enteredByName} entered this vote for you, ${howWords(ballot.how)}. ${ballot.awaitingConfirmation
          ? "It counts only once you confirm it is yours."
          : ballot.confirmed ? "You confirmed it is yours." : "It counts as your vote."} You can change it below until voting closes.`),
        ballot.confirmed ? null : button("Yes, this is my vote", async () => {
          try {
            await api.consensus.confirmBallot({ requestId: requestId(), decisionId: d.id });
            say("You confirmed your vote.");
            await renderDecision(roundId, d.id, currentView);
          } catch (e) { fail(e, entered ?? main); }
        }));
    }
  } catch { /* Not voted yet. */ }
  const form = h("form", { novalidate: "" }, entered,
    h("div", { class: "nhsuk-form-group" }, h("fieldset", { class: "nhsuk-fieldset" },
      h("legend", { class: "nhsuk-fieldset__legend nhsuk-fieldset__legend--m" }, "Your vote"),
      h("div", { class: "nhsuk-radios" }, ...choices.map(([c, label, hint]) => {
        const input = h("input", { class: "nhsuk-radios__input", id: `choice-${c}`, name: "choice", type: "radio", value: String(c), ...(hint ? { "aria-describedby": `hint-${c}` } : {}) }) as HTMLInputElement;
        input.checked = mine === c;
        return h("div", { class: "nhsuk-radios__item" }, input,
          h("label", { class: "nhsuk-label nhsuk-radios__label", for: `choice-${c}` }, label),
          hint ? h("div", { class: "nhsuk-hint nhsuk-radios__hint", id: `hint-${c}` }, hint) : null);
      })))),
    h("div", { class: "nhsuk-form-group" },
      h("label", { class: "nhsuk-label", for: "reason" }, "Why (optional)"),
      textarea("reason", myReason, "2000")),
    h("button", { type: "submit", class: "nhsuk-button" }, mine ? "Change my vote" : "Cast my vote"),
    mine ? p("You have voted. You can change your vote until voting closes.") : null);
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const picked = form.querySelector<HTMLInputElement>('input[name="choice"]:checked');
    if (!picked) {
      showProblems(form, [{ text: "Choose how you vote.", field: form.querySelector<HTMLElement>('input[name="choice"]') }]);
      return;
    }
    try {
      await sending(form.querySelector<HTMLButtonElement>('button[type="submit"]'), () =>
        api.consensus.castBallot({ requestId: requestId(), decisionId: d.id, choice: Number(picked.value), reason: (form.querySelector("#reason") as HTMLTextAreaElement).value }));
      clearDraft(`vote:${d.id}`);
      say("Your vote is saved.");
      await renderDecision(roundId, d.id, currentView);
    } catch (e) { fail(e, form); }
  });
  keepDrafts(form as HTMLFormElement, `vote:${d.id}`);
  return form;
}

async function outcomeView(d: Decision): Promise<HTMLElement> {
  const o = await api.consensus.getOutcome({ decisionId: d.id });
  const rows = o.panels.map((t) => h("tr", {},
    h("th", { scope: "row" }, t.panelName),
    h("td", {}, t.countsWithheld ? "Not shown (a small panel in a secret vote)" : `${t.agree} of ${t.voted} agreed`),
    h("td", {}, !t.quorumMet ? "Not enough voted" : t.agreed ? "Agreed" : "Did not agree")));
  return h("div", { id: "outcome" },
    h("div", { class: "nhsuk-card nhsuk-card--feature" }, h("div", { class: "nhsuk-card__content nhsuk-card__content--feature" },
      h("h2", { class: "nhsuk-card__heading nhsuk-card__heading--feature nhsuk-heading-m" }, words(o.result, RESULT)),
      p(o.explanation))),
    h("table", { class: "nhsuk-table" },
      h("caption", { class: "nhsuk-table__caption" }, "Each panel"),
      h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Panel"), h("th", { scope: "col" }, "Votes"), h("th", { scope: "col" }, "Result"))),
      h("tbody", {}, ...rows)),
    o.reasons.length ? h("div", {}, h("h2", { class: "nhsuk-heading-s" }, "Reasons given"),
      h("ul", { class: "nhsuk-list nhsuk-list--bullet" }, ...o.reasons.map((r) => h("li", {}, `${r.displayName ? r.displayName + ": " : ""}${r.reason}`)))) : null);
}

// ---- Live updates: one stream per round, kept while its pages re-render ----
// Re-subscribing on every refresh would lose what happens in between, so the
// stream stays open while the person stays in the round; each page only
// says how to refresh itself.
interface Watching {
  roundId: string;
  view: number;
  refresh: () => Promise<void>;
  stop: () => void;
}
let watching: Watching | null = null;

// What a live update means, read out politely (never who voted how).
const UPDATE_WORDS: Record<string, string> = {
  "round.opened": "The round has started.",
  "round.deciding": "Scoring has closed: the panels now decide.",
  "round.decided": "Every decision has closed.",
  "round.confirmed": "HR has recorded an accepted offer.",
  "round.withdrawn": "The round was withdrawn.",
  "score_sheet.submitted": "A score sheet was submitted.",
  "scoring.closed": "A panel closed its scoring.",
  "decision.created": "A decision was put to the panels.",
  "ballot.cast": "Someone voted.",
  "ballot.reason_given": "A reason was given.",
  "paper_count.entered": "Paper ballots were counted once.",
  "paper_count.agreed": "Paper ballots were counted a second time, and they count now.",
  "decision.panel_closed": "A co-chair closed voting for their panel.",
  "decision.closed": "Voting has closed.",
  "decision.reopened": "A decision was reopened.",
  "outcome.confirmed": "HR recorded a confirmation.",
  "action.added": "An action was added to an agreed decision.",
  "action.updated": "Progress was recorded on an action.",
};
const resultWords = (result: number): string => (RESULT[result] ?? "").toLowerCase();
function updateWords(update: RoundUpdate): string {
  let words = UPDATE_WORDS[update.action] ?? "The page was updated.";
  const d = update.decision;
  if (d && d.state === DecisionState.CLOSED && update.action === "decision.closed") {
    words = `Voting has closed on "${d.title}". The outcome: ${resultWords(d.result)}.`;
  } else if (d && update.action === "ballot.cast") {
    const counts = d.panels.filter((x) => !x.participationWithheld).map((x) => `${x.voted} of ${x.voters} in the ${x.panelName}`);
    if (counts.length > 0) words = `Someone voted. So far: ${counts.join("; ")}.`;
  }
  return words;
}

function watch(roundId: string, view: number, refresh: () => Promise<void>): void {
  if (view !== currentView) return;
  if (watching?.roundId === roundId) {
    watching.view = view;
    watching.refresh = refresh;
    return;
  }
  watching?.stop();
  const abort = new AbortController();
  const w: Watching = {
    roundId, view, refresh, stop: () => {
      abort.abort();
      connection.hidden = true;  // Not following anything now.
    },
  };
  watching = w;
  let pending = false;
  let news = "";
  const schedule = (announce: boolean, words: string): void => {
    news = words;
    if (pending) return;
    pending = true;
    window.setTimeout(async () => {
      pending = false;
      if (abort.signal.aborted || w.view !== currentView) return;
      if (busyHere()) return schedule(announce, news);
      redrawing = true;
      redrawHeldBack = false;
      try {
        await w.refresh();
      } catch (e) {
        fail(e);
      } finally {
        redrawing = false;
      }
      if (redrawHeldBack) return schedule(announce, news);
      if (announce) say(news);
    }, 300);
  };
  (async () => {
    // A dropped stream (a server restart, a network blip) is opened again,
    // waiting longer each time; its first update redraws what was missed.
    let wait = 1000;
    while (!abort.signal.aborted) {
      try {
        for await (const update of api.consensus.watchRound({ roundId }, { signal: abort.signal })) {
          if (update.action === "watch.started") {
            wait = 1000;
            connected(true);
          }
          // The first update catches anything between loading the page and
          // the stream opening; it is not news to announce.
          schedule(update.action !== "watch.started", updateWords(update));
        }
      } catch (e) {
        // Signed out, or no longer on the round: nothing to follow.
        if (FINAL.includes(ConnectError.from(e).code)) break;
      }
      if (abort.signal.aborted) break;
      connected(false);
      await new Promise((resume) => window.setTimeout(resume, wait));
      wait = Math.min(wait * 2, 30000);
    }
    if (watching === w) watching = null;
  })();
}

const FINAL = [Code.Unauthenticated, Code.PermissionDenied, Code.NotFound];
const connection = document.getElementById("connection") as HTMLElement;
// Says, where it is seen at once and read out once, when live updates stop
// and when they are back.
function connected(ok: boolean): void {
  if (ok === connection.hidden) return;
  connection.hidden = ok;
  if (ok) {
    say("Live updates are back.");
  } else {
    connection.textContent = "Live updates have stopped: equalsay cannot be reached just now. Trying again. What you have chosen or written is kept.";
    say(connection.textContent);
  }
}

// ---- Routing ----
async function route(): Promise<void> {
  const view = ++currentView;
  const organisation = takeOrganisationAnswer();
  if (organisation) return finishOrganisationSignIn(organisation);
  const hash = location.hash;
  const tokenInLink = /^#token=(.+)$/.exec(hash);
  if (tokenInLink) {
    signIn(decodeURIComponent(tokenInLink[1]));
    history.replaceState(null, "", "#/");  // The token leaves the address bar.
  }
  const signInLink = /^#link=(.+)$/.exec(hash);
  if (signInLink) {
    holdLink(decodeURIComponent(signInLink[1]));
    history.replaceState(null, "", "#/");  // So does a sign-in link.
  }
  const held = pendingLink();
  if (held) return renderLinkSignIn(held);
  const parts = location.hash.replace(/^#\/?/, "").split("/").filter(Boolean);
  siteLinks();
  if (parts[0] === "words") return show(view, "What the words mean", ...renderWords());
  if (parts[0] === "accessibility") return show(view, "Accessibility", ...renderAccessibility());
  if (parts[0] === "privacy") return show(view, "Your information", ...renderPrivacy(await api.panels.getPrivacyNotice({})));
  if (!token()) return renderSignIn();
  // Live updates follow the round's page and its decisions; leaving them
  // (for a score sheet, which must not be refreshed, or a record) stops it.
  const following = parts[0] === "round" && (!parts[2] || parts[2] === "decision") ? parts[1] : null;
  if (watching && watching.roundId !== following) {
    watching.stop();
    watching = null;
  }
  const screen: Screen = { api, view, show, fail };
  try {
    if (parts[0] === "people") return parts[1] ? await renderPerson(screen, parts[1]) : await renderPeople(screen);
    if (parts[0] === "round" && parts[2] === "members") return await renderMembers(screen, parts[1]);
    if (parts[0] === "round" && parts[2] === "minutes") return await renderMinutes(screen, parts[1]);
    if (parts[0] === "round" && parts[2] === "you-said-we-did") return await renderYouSaidWeDid(screen, parts[1]);
    if (parts[0] === "you-said-we-did") return await renderYouSaidWeDid(screen, "");
    if (parts[0] === "involvement") return await renderInvolvement(screen);
    if (parts[0] === "my-data") return await renderMyData(screen);
    if (parts[0] === "round" && parts[2] === "document") return await renderDocument(screen, parts[1], parts[3]);
    if (parts[0] === "round" && parts[2] === "pack") return await renderPack(screen, parts[1]);
    if (parts[0] === "round" && parts[2] === "feedback") return await renderFeedback(screen, parts[1]);
    if (parts[0] === "round" && parts[2] === "score") return await renderScore(parts[1], parts[3], view);
    if (parts[0] === "round" && parts[2] === "decision") return await renderDecision(parts[1], parts[3], view);
    if (parts[0] === "round" && parts[2] === "for" && parts[4] === "decision") return await renderSupportDecision(screen, parts[1], parts[3], parts[5]);
    if (parts[0] === "round" && parts[2] === "for" && parts[4] === "score") return await renderSupportScore(screen, parts[1], parts[3], parts[5]);
    if (parts[0] === "round" && parts[2] === "for") return await renderSupport(screen, parts[1], parts[3]);
    if (parts[0] === "round") return await renderRound(parts[1], view);
    return await renderHome(view);
  } catch (e) {
    show(view, "Something went wrong");
    fail(e);
  }
}

// On every page: the way home, the words explained, and signing out.
const links = document.getElementById("site-links") as HTMLElement;
function siteLinks(): void {
  links.replaceChildren(
    h("li", { class: "nhsuk-footer__list-item" }, link("#/", "Home")),
    h("li", { class: "nhsuk-footer__list-item" }, link("#/words", "What the words mean")),
    h("li", { class: "nhsuk-footer__list-item" }, link("#/accessibility", "Accessibility")),
    h("li", { class: "nhsuk-footer__list-item" }, link("#/privacy", "Your information")),
    ...(token() ? [h("li", { class: "nhsuk-footer__list-item" }, button("Sign out", () => signOutOf(false), true))] : []));
}

window.addEventListener("hashchange", () => void route());
void route();
