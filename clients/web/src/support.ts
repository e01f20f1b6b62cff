// Acting for a member who named you their supporter (DESIGN.md rule 9):
// their open decisions and candidates, and their vote or scores entered as
// they gave them. Every screen says first whose they are; they stay the
// member's to see and change until voting or scoring closes.
import { Code, ConnectError, requestId } from "./api";
import type { Screen } from "./admin";
import type { Acting } from "./after";
import { button, h, link, p, say, textarea } from "./dom";
import { changeForm, checked, choices, field, picker, value } from "./forms";
import { DecisionState, Secrecy } from "./gen/equalsay/v1/consensus_pb";
import { SheetState } from "./gen/equalsay/v1/scoring_pb";
import { scoreFields } from "./score_form";
import { PanelRole, type Person } from "./gen/equalsay/v1/common_pb";
import { RoundState, type MyRound, type Round } from "./gen/equalsay/v1/panels_pb";
import { HOW_GIVEN, voteChoices } from "./voting";

function banner(name: string): HTMLElement {
  return h("div", { class: "nhsuk-warning-callout" },
    h("h2", { class: "nhsuk-warning-callout__label" },
      h("span", { role: "text" }, h("span", { class: "nhsuk-u-visually-hidden" }, "Important: "), `You are entering this for ${name}`)),
    p(`What you enter here is ${name}'s, not yours: ${name} can see it and change it until voting or scoring closes.`));
}

// The member's name, while the caller may still act for them.
async function memberName(screen: Screen, roundId: string, memberId: string): Promise<string | null> {
  const mine = await screen.api.panels.listMyRounds({});
  return mine.supporting.find((s) => s.roundId === roundId && s.memberPersonId === memberId)?.memberName ?? null;
}

function notTheirs(screen: Screen): void {
  screen.show(screen.view, "You cannot act for this member",
    p("You are not, or no longer, this member's supporter in this round. The member, or a co-chair of their panel, can name you again."),
    link("#/", "Back to what I need to do"));
}

export async function renderSupport(screen: Screen, roundId: string, memberId: string): Promise<void> {
  const name = await memberName(screen, roundId, memberId);
  if (!name) return notTheirs(screen);
  const [round, list] = await Promise.all([
    screen.api.panels.getRound({ roundId }), screen.api.consensus.listDecisions({ roundId }),
  ]);
  const open = list.decisions.filter((d) => d.state === DecisionState.VOTING);
  const scoring = round.state === RoundState.SCORING ? round.candidates.filter((c) => !c.withdrawn) : [];
  const todo = [
    ...scoring.map((c) => link(`#/round/${roundId}/for/${memberId}/score/${c.id}`, `Score ${c.label} for ${name}`)),
    ...open.map((d) => link(`#/round/${roundId}/for/${memberId}/decision/${d.id}`, d.title)),
  ];
  screen.show(screen.view, `Acting for ${name}`, banner(name),
    p(`In the round "${round.title}".`),
    todo.length
      ? h("ul", { class: "nhsuk-list" }, ...todo.map((a) => h("li", {}, a)))
      : p(`There is nothing for ${name} to score or vote on just now.`),
    link("#/", "Back to what I need to do"));
}

export async function renderSupportScore(screen: Screen, roundId: string, memberId: string, candidateId: string): Promise<void> {
  const name = await memberName(screen, roundId, memberId);
  if (!name) return notTheirs(screen);
  const [round, sheet] = await Promise.all([
    screen.api.panels.getRound({ roundId }), screen.api.scoring.getScoreSheet({ candidateId, personId: memberId }),
  ]);
  const candidate = round.candidates.find((c) => c.id === candidateId);
  const label = candidate?.label ?? "the candidate";
  const back = link(`#/round/${roundId}/for/${memberId}`, `Back to what ${name} has to do`);
  if (round.state !== RoundState.SCORING) {
    return screen.show(screen.view, `Score ${label} for ${name}`, banner(name), p("Scoring has closed."), back);
  }
  const fields = scoreFields(round, sheet, {
    evidence: `What ${name} saw or heard, in their words (optional)`,
    view: `${name}'s overall view: could this person do the job?`,
  });
  // Where the round needs the member's own confirmation, they submit it.
  const submits = !round.assistedEntriesNeedConfirmation && sheet.state !== SheetState.SUBMITTED;
  const send = (submit: boolean) => async (f: HTMLFormElement) => {
    if (!checked(f, "how")) throw new ConnectError(`Choose how ${name} gave these scores.`, Code.InvalidArgument);
    await screen.api.scoring.saveScoreSheetFor({
      requestId: requestId(), candidateId, memberPersonId: memberId, version: sheet.version,
      ...fields.read(), how: checked(f, "how"), submit,
    });
    return () => {
      say(submit ? `${name}'s scores for ${label} are submitted.` : `${name}'s scores for ${label} are saved. ${name} can check and submit them.`);
      location.hash = `#/round/${roundId}/for/${memberId}`;
    };
  };
  const key = `score-for:${candidateId}:${memberId}`;
  const how = () => choices("how", `How did ${name} give these scores?`, HOW_GIVEN, 0);
  const form = changeForm(screen.fail, key, submits ? `Save and submit ${name}'s scores` : `Save ${name}'s scores`,
    [how(), fields.box], send(submits));
  screen.show(screen.view, `Score ${label} for ${name}`, banner(name),
    round.assistedEntriesNeedConfirmation ? p(`${name} submits this sheet themselves once they have checked it.`) : null,
    form, back);
}

export async function renderSupportDecision(screen: Screen, roundId: string, memberId: string, decisionId: string): Promise<void> {
  const name = await memberName(screen, roundId, memberId);
  if (!name) return notTheirs(screen);
  const d = await screen.api.consensus.getDecision({ decisionId });
  const back = link(`#/round/${roundId}/for/${memberId}`, `Back to what ${name} has to do`);
  if (d.state !== DecisionState.VOTING) {
    return screen.show(screen.view, d.title, banner(name), p("Voting on this has closed."), back);
  }
  const secret = d.secrecy === Secrecy.SECRET;
  const asked = h("input", { class: "nhsuk-checkboxes__input", id: "member_asked_for_help", name: "member_asked_for_help", type: "checkbox", value: "yes", "aria-describedby": "member_asked_for_help-hint", "data-field": "member_asked_for_help" }) as HTMLInputElement;
  const form = changeForm(screen.fail, `vote-for:${d.id}:${memberId}`, `Save ${name}'s vote`, [
    d.text ? p(d.text, "nhsuk-lede-text") : null,
    choices("how", `How did ${name} give this vote?`, HOW_GIVEN, 0),
    secret ? h("div", { class: "nhsuk-form-group" }, h("div", { class: "nhsuk-checkboxes" }, h("div", { class: "nhsuk-checkboxes__item" }, asked,
      h("label", { class: "nhsuk-label nhsuk-checkboxes__label", for: "member_asked_for_help" }, `${name} asked me to help with this vote`),
      h("div", { class: "nhsuk-hint nhsuk-checkboxes__hint", id: "member_asked_for_help-hint" },
        "This is a secret vote. You may enter it only if they asked you for help with it. Nobody will see that you entered it, or what it was.")))) : null,
    choices("choice", `${name}'s vote`, voteChoices(d), 0),
    h("div", { class: "nhsuk-form-group" },
      h("label", { class: "nhsuk-label", for: "reason" }, `${name}'s reason, in their words (optional)`),
      textarea("reason", "", "2000")),
  ], async (f) => {
    if (!checked(f, "how")) throw new ConnectError(`Choose how ${name} gave this vote.`, Code.InvalidArgument);
    if (!checked(f, "choice")) throw new ConnectError(`Choose ${name}'s vote.`, Code.InvalidArgument);
    if (secret && !asked.checked) throw new ConnectError(`This is a secret vote: enter it only if ${name} asked you for help with it, and tick the box to say so.`, Code.InvalidArgument);
    await screen.api.consensus.castBallotFor({
      requestId: requestId(), decisionId: d.id, memberPersonId: memberId,
      choice: checked(f, "choice"), how: checked(f, "how"), memberAskedForHelp: asked.checked, reason: value(f, "reason"),
    });
    return () => {
      say(`${name}'s vote is saved. ${name} can see it and change it until voting closes.`);
      location.hash = `#/round/${roundId}/for/${memberId}`;
    };
  });
  screen.show(screen.view, d.title, banner(name), form, back);
}

// On a round's page, for a voting member: who may enter their votes and
// scores for them, naming someone, and stopping them. For a co-chair also:
// recording a supporter a member of their panel agreed to in person.
export async function supportersSection(ctx: Acting, round: Round, me: Person, place: MyRound): Promise<HTMLElement> {
  const { supporters } = await ctx.api.panels.listSupporters({ roundId: round.id });
  const box = h("div", {}, h("h2", { class: "nhsuk-heading-m" }, "Someone to enter your votes for you"),
    p("If you would rather give your vote or scores in the room, by phone or on paper, name someone you trust as your supporter. They enter what you tell them; it stays yours to see and change."));
  if (supporters.length) {
    box.append(h("ul", { class: "nhsuk-list" }, ...supporters.map((s) => {
      const whose = s.memberPersonId === me.id ? "your" : `${s.memberName}'s`;
      return h("li", {}, p(`${s.supporterName} can enter ${whose} votes and scores.`),
        button(`Stop ${s.supporterName} entering ${whose} votes`, async () => {
          try {
            await ctx.api.panels.withdrawSupporter({ requestId: requestId(), roundId: round.id, memberPersonId: s.memberPersonId, supporterPersonId: s.supporterPersonId });
            ctx.say(`${s.supporterName} can no longer enter ${whose} votes.`);
            await ctx.done();
          } catch (e) { ctx.fail(e, box); }
        }, true));
    })));
  }
  const email = (id: string) => field(id, "Their e-mail address at work", "", "Someone in your organisation who is not on the other panel.", "email", "supporter_email");
  box.append(changeForm(ctx.fail, `supporter:${round.id}`, "Name them as my supporter", [email("supporter-email")], async (f) => {
    await ctx.api.panels.nameSupporter({ requestId: requestId(), roundId: round.id, supporterEmail: value(f, "supporter-email") });
    return () => { ctx.say("Your supporter is named. They can now enter your votes and scores for you."); return ctx.done(); };
  }));
  if (place.role !== PanelRole.CO_CHAIR) return box;
  const panel = round.panels.find((x) => x.id === place.panelId);
  const members = (panel?.members ?? []).filter((m) => m.personId !== me.id && m.role !== PanelRole.OBSERVER);
  if (!members.length) return box;
  const agreed = h("input", { class: "nhsuk-checkboxes__input", id: "consent_given_in_person", name: "consent_given_in_person", type: "checkbox", value: "yes", "data-field": "consent_given_in_person" }) as HTMLInputElement;
  box.append(h("h3", { class: "nhsuk-heading-s" }, "For a member of your panel"),
    changeForm(ctx.fail, `member-supporter:${round.id}`, "Record their supporter", [
      picker("member", "member_person_id", "Member", "Choose a member", members.map((m) => ({ id: m.personId, name: m.displayName }))),
      email("member-supporter-email"),
      h("div", { class: "nhsuk-form-group" }, h("div", { class: "nhsuk-checkboxes" }, h("div", { class: "nhsuk-checkboxes__item" }, agreed,
        h("label", { class: "nhsuk-label nhsuk-checkboxes__label", for: "consent_given_in_person" }, "The member agreed to this in person")))),
    ], async (f) => {
      await ctx.api.panels.nameSupporter({
        requestId: requestId(), roundId: round.id, memberPersonId: value(f, "member"),
        supporterEmail: value(f, "member-supporter-email"), consentGivenInPerson: agreed.checked,
      });
      return () => { ctx.say("The member's supporter is recorded."); return ctx.done(); };
    }));
  return box;
}
