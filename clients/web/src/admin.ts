// Administrators' screens: people (add, correct, make a sign-in link) and
// who sits on a round's panels (join, leave, replace mid-round). Each change
// goes through the same calls as the command, so the server's rules hold.
import { Code, ConnectError, requestId, type Clients } from "./api";
import { button, h, link, p, say, textarea, type Child } from "./dom";
import { changeForm, checked, choices, described, field, picker, value } from "./forms";
import { OrgRole, PanelKind, PanelRole, type Person } from "./gen/equalsay/v1/common_pb";
import { RoundState, type Panel, type Round } from "./gen/equalsay/v1/panels_pb";

// What a screen needs from the page around it.
export interface Screen {
  api: Clients;
  view: number;
  show(view: number, title: string, ...children: Child[]): void;
  fail(e: unknown, where?: HTMLElement): void;
}

const ROLES: [OrgRole, string, string][] = [
  [OrgRole.MEMBER, "Panel member", "Takes part in panels: scores candidates and votes."],
  [OrgRole.HR, "HR", "Confirms the hires the panels agreed."],
  [OrgRole.ADMIN, "Administrator", "Sets up people, rounds and panels."],
];
const PANEL_ROLES: [PanelRole, string, string][] = [
  [PanelRole.MEMBER, "Member", "Scores and votes."],
  [PanelRole.CO_CHAIR, "Co-chair", "Scores and votes, and opens and closes the panel's steps."],
  [PanelRole.OBSERVER, "Observer", "Sees what the panel sees, but never scores or votes."],
];

function roleWords(role: OrgRole): string {
  return ROLES.find(([r]) => r === role)?.[1] ?? "";
}
function panelName(panel: Panel): string {
  return panel.kind === PanelKind.SERVICE_USER ? "Service User Panel" : "Staff Panel";
}

// ---- People ----
export async function renderPeople(screen: Screen): Promise<void> {
  const { people } = await screen.api.panels.listPeople({});
  const rows = people.map((person) => h("tr", { class: "nhsuk-table__row" },
    h("td", { class: "nhsuk-table__cell" }, person.displayName),
    h("td", { class: "nhsuk-table__cell" }, person.email || "none"),
    h("td", { class: "nhsuk-table__cell" }, roleWords(person.orgRole)),
    h("td", { class: "nhsuk-table__cell" }, h("a", { href: `#/people/${person.id}`, class: "nhsuk-link" },
      "Change", h("span", { class: "nhsuk-u-visually-hidden" }, ` ${person.displayName}`)))));
  const table = h("table", { class: "nhsuk-table" },
    h("caption", { class: "nhsuk-table__caption" }, "Everyone in equalsay"),
    h("thead", { class: "nhsuk-table__head" }, h("tr", { class: "nhsuk-table__row" },
      ...["Name", "E-mail address", "Role", "Action"].map((t) => h("th", { class: "nhsuk-table__header", scope: "col" }, t)))),
    h("tbody", { class: "nhsuk-table__body" }, ...rows));
  const add = changeForm(screen.fail, "people:add", "Add this person", [
    field("name", "Name", "", "As the person likes to be called.", "text", "display_name"),
    field("email", "E-mail address (optional)", "", "For invitations and sign-in links by e-mail, and for signing in with a work account.", "email"),
    choices("role", "What they do in equalsay", ROLES, OrgRole.MEMBER),
  ], async (form) => {
    const person = await screen.api.panels.createPerson({
      requestId: requestId(), displayName: value(form, "name"), email: value(form, "email"),
      orgRole: checked(form, "role") as OrgRole,
    });
    return () => {
      location.hash = `#/people/${person.id}`;
      say(`${person.displayName} was added.`);
    };
  });
  screen.show(screen.view, "People",
    link("#/", "Back to what I need to do"),
    h("div", { class: "nhsuk-table-responsive" }, table),
    h("h2", { class: "nhsuk-heading-m" }, "Add a person"), add);
}

export async function renderPerson(screen: Screen, personId: string): Promise<void> {
  const person: Person = await screen.api.panels.getPerson({ personId });
  const form = changeForm(screen.fail, `person:${personId}`, "Save changes", [
    field("name", "Name", person.displayName, "", "text", "display_name"),
    field("email", "E-mail address", person.email, "Leave it empty to remove it.", "email"),
    choices("role", "What they do in equalsay", ROLES, person.orgRole),
  ], async (f) => {
    const name = value(f, "name"), email = value(f, "email"), role = checked(f, "role") as OrgRole;
    // Only what changed is sent, so the record says what was corrected.
    await screen.api.panels.updatePerson({
      requestId: requestId(), personId,
      displayName: name !== person.displayName ? name : undefined,
      email: email !== person.email ? email : undefined,
      orgRole: role !== person.orgRole ? role : undefined,
    });
    return async () => {
      await renderPerson(screen, personId);
      say("Your changes are saved.");
    };
  });
  const linkBox = h("div", {});
  const makeLink = button("Make a sign-in link", async () => {
    try {
      const made = await screen.api.panels.createSignInLink({ requestId: requestId(), personId });
      const shown = h("input", { class: "nhsuk-input", id: "sign-in-link", readonly: "", "aria-describedby": "sign-in-link-hint" }) as HTMLInputElement;
      shown.value = made.signInLink;
      const until = new Date(Number(made.expiresAtUnix) * 1000).toLocaleDateString("en-GB", { day: "numeric", month: "long" });
      linkBox.replaceChildren(h("div", { class: "nhsuk-form-group" },
        h("label", { class: "nhsuk-label", for: "sign-in-link" }, `Sign-in link for ${person.displayName}`),
        h("div", { class: "nhsuk-hint", id: "sign-in-link-hint" },
          `Send it to ${person.displayName} only. It works once, until ${until}. equalsay shows it only now.`),
        shown));
      shown.focus();
      shown.select();
    } catch (e) {
      screen.fail(e, linkBox);
    }
  }, true);
  if (person.erased) {
    screen.show(screen.view, person.displayName,
      link("#/people", "Back to people"),
      p("This person's information was erased on request or when the retention period ended. Their votes, scores and the outcomes they took part in stay, under this name."));
    return;
  }
  screen.show(screen.view, person.displayName,
    link("#/people", "Back to people"),
    person.active ? null : p("This person can no longer sign in (deactivated)."),
    h("h2", { class: "nhsuk-heading-m" }, "Correct their details"), form,
    h("h2", { class: "nhsuk-heading-m" }, "Signing in"),
    p("A sign-in link lets them in once, without a password. Making a new one does not end the ones made before."),
    makeLink, linkBox,
    eraseSection(screen, person));
}

// Erasure on request: it cannot be undone, so the name is typed to be sure.
function eraseSection(screen: Screen, person: Person): HTMLElement {
  const form = changeForm(screen.fail, `erase:${person.id}`, "Erase their information", [
    field("erase-name", "Their name, to be sure", "", `Type it as equalsay shows it: ${person.displayName}`, "text", "confirm_name"),
  ], async (f) => {
    const out = await screen.api.panels.erasePerson({ requestId: requestId(), personId: person.id, confirmName: value(f, "erase-name") });
    return async () => {
      await renderPerson(screen, person.id);
      say(`Erased: ${out.erased.join("; ")}. They show as ${out.shownAs} from now on.`);
    };
  });
  // The NHS warning button: this one cannot be undone.
  form.querySelector("button[type=submit]")?.classList.add("nhsuk-button--warning");
  return h("section", { "aria-labelledby": "erase-heading" },
    h("h2", { class: "nhsuk-heading-m", id: "erase-heading" }, "Erase their information"),
    p("When someone asks for their information to be erased, and nothing else means it must be kept. Their name, e-mail address, sign-ins and what they wrote go; from then on they show as \"Erased person\" with a number. Their votes, scores and the outcomes stay. This cannot be undone, and it is refused while a round in progress still needs them."),
    form);
}

// ---- Who sits on a round's panels ----
export async function renderMembers(screen: Screen, roundId: string): Promise<void> {
  const [round, everyone]: [Round, { people: Person[] }] = await Promise.all([
    screen.api.panels.getRound({ roundId }), screen.api.panels.listPeople({}),
  ]);
  // Before the round starts people simply join and leave; once it has, a
  // change is a replacement, recorded with its reason.
  const setup = round.state === RoundState.SETUP;
  const sections = round.panels.map((panel) => {
    const on = new Set(panel.members.map((m) => m.personId));
    const list = h("ul", { class: "nhsuk-list nhsuk-list--bullet" }, ...panel.members.map((m) =>
      h("li", {}, `${m.displayName}: ${PANEL_ROLES.find(([r]) => r === m.role)?.[1].toLowerCase() ?? ""}`)));
    const form = changeForm(screen.fail, `members:${panel.id}`, "Make this change", [
      picker(`leaving-${panel.id}`, "leaving_person_id", "Who leaves", "Nobody leaves",
        panel.members.map((m) => ({ id: m.personId, name: m.displayName }))),
      picker(`joining-${panel.id}`, "joining_person_id", "Who joins", "Nobody joins",
        everyone.people.filter((x) => !on.has(x.id)).map((x) => ({ id: x.id, name: x.displayName }))),
      choices(`role-${panel.id}`, "The role of the person joining", PANEL_ROLES, PanelRole.MEMBER),
      setup ? null : h("div", { class: "nhsuk-form-group" },
        h("label", { class: "nhsuk-label", for: `reason-${panel.id}` }, "Why (for the record)"),
        h("div", { class: "nhsuk-hint", id: `reason-${panel.id}-hint` }, "For example: Sam is unwell and Jo takes their place."),
        described(textarea(`reason-${panel.id}`, "", "2000"), `reason-${panel.id}-hint`, "reason")),
    ], async (f) => {
      const leaving = value(f, `leaving-${panel.id}`), joining = value(f, `joining-${panel.id}`);
      const role = checked(f, `role-${panel.id}`) as PanelRole;
      if (!setup) {
        await screen.api.panels.replaceMember({
          requestId: requestId(), panelId: panel.id, leavingPersonId: leaving, joiningPersonId: joining,
          role, reason: value(f, `reason-${panel.id}`),
        });
      } else if (!leaving && !joining) {
        throw new ConnectError("Choose who joins, who leaves, or both.", Code.InvalidArgument);
      } else {
        // Joining first, so that a panel is never left emptier than asked.
        if (joining) await screen.api.panels.addMember({ requestId: requestId(), panelId: panel.id, personId: joining, role });
        if (leaving) await screen.api.panels.removeMember({ requestId: requestId(), panelId: panel.id, personId: leaving });
      }
      return async () => {
        await renderMembers(screen, roundId);
        say(`The ${panelName(panel)} has changed.`);
      };
    });
    return h("section", {},
      h("h2", { class: "nhsuk-heading-m" }, panelName(panel)),
      panel.members.length ? list : p("Nobody yet."),
      h("h3", { class: "nhsuk-heading-s" }, `Change who is on the ${panelName(panel)}`),
      p(setup
        ? "The round has not started, so people join and leave freely."
        : "Someone leaving keeps what they already sent. Someone joining starts fresh: they score, and vote on decisions put from now on. The Service User Panel always keeps at least one member who votes."),
      form);
  });
  screen.show(screen.view, `Panels: ${round.title}`,
    link(`#/round/${roundId}`, "Back to the round"),
    ...(sections.length ? sections : [p("This round has no panels yet.")]));
}
