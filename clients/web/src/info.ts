// Pages anyone may read, signed in or not: what the words mean, and how
// accessible equalsay is.
import { h, link, p } from "./dom";
import type { PrivacyNotice } from "./gen/equalsay/v1/panels_pb";

const WORDS: [string, string][] = [
  ["Service User Panel", "People with lived experience of the services. They decide together with a panel of staff, as equals."],
  ["Equal veto", "Every panel must agree. If one panel does not agree, the decision does not go ahead. This is what \u201cvetoed\u201d means."],
  ["Co-chair", "A panel member who also opens and closes the panel's steps, such as scoring and voting."],
  ["Observer", "Someone who sees what the panel sees but does not score or vote."],
  ["Round", "One piece of work the panels do together: an appointment, or a decision about a service."],
  ["Score sheet", "Your scores for one candidate: a point on each question's scale, and a note of what you saw or heard if you wish."],
  ["Appointable", "You think the person could do the job. \u201cNot appointable\u201d means not for this job, not now."],
  ["Agree, disagree, abstain", "Abstain means you take part without agreeing or disagreeing."],
  ["Agree, stand aside, object", "Stand aside means you do not agree but will not block it. Object means your panel will not agree: one objection is enough."],
  ["Quorum", "The fewest members of a panel who must vote for the panel's answer to count. Without it, there is no decision."],
  ["Named vote", "After voting closes, everyone in the round sees how each member voted."],
  ["Secret vote", "Nobody ever sees how anyone voted, only how many agreed. In a small panel even the numbers can stay hidden, so nobody can work out a vote."],
  ["Sign-in link", "A link sent to you that lets you in once, without a password."],
];

export function renderWords(): HTMLElement[] {
  return [
    p("Some words have a special meaning here. This is what they mean."),
    h("dl", { class: "nhsuk-summary-list" }, ...WORDS.map(([word, meaning]) =>
      h("div", { class: "nhsuk-summary-list__row" },
        h("dt", { class: "nhsuk-summary-list__key" }, word),
        h("dd", { class: "nhsuk-summary-list__value" }, meaning)))),
    link("#/", "Back to the start"),
  ];
}

export function renderAccessibility(): HTMLElement[] {
  return [
    p("equalsay is for everyone on a panel, whatever device or help they use. We aim to meet the Web Content Accessibility Guidelines 2.2 at level AA."),
    h("h2", { class: "nhsuk-heading-m" }, "What you can do"),
    h("ul", { class: "nhsuk-list nhsuk-list--bullet" },
      h("li", {}, "Use every page with a keyboard alone, or with a screen reader."),
      h("li", {}, "Zoom to 400% and use a phone as narrow as 320 pixels, without scrolling sideways."),
      h("li", {}, "Hear live changes read out, such as someone voting, without losing your place."),
      h("li", {}, "Leave and come back: what you chose or wrote but did not send is kept.")),
    h("h2", { class: "nhsuk-heading-m" }, "How we check"),
    p("Every screen is checked by an automatic accessibility tool (axe) and at 320 pixels wide each time equalsay is changed, and the main journeys are tested by keyboard alone."),
    h("h2", { class: "nhsuk-heading-m" }, "If something does not work for you"),
    p("Tell the person who sent you your sign-in link, or your co-chair. They can give you help or another way to take part, such as someone to enter your choices with you."),
    link("#/", "Back to the start"),
  ];
}

// What equalsay keeps about a person, who sees it, how long, and what they
// can ask for. Who is responsible for it (the "data controller"), whom to
// ask and how long things are kept come from the server's settings.
export function renderPrivacy(notice: PrivacyNotice): HTMLElement[] {
  return [
    p("This page says what equalsay keeps about you, who can see it, how long it is kept, and what you can ask for."),
    h("h2", { class: "nhsuk-heading-m" }, "Who is responsible for it"),
    p(`${notice.controller} runs equalsay and is responsible for your information (the "data controller"). To ask about it, contact ${notice.contact}.`),
    h("h2", { class: "nhsuk-heading-m" }, "What equalsay keeps"),
    h("ul", { class: "nhsuk-list nhsuk-list--bullet" },
      h("li", {}, "Your name, and your e-mail address if you gave one, so that you can be invited and sign in."),
      h("li", {}, "Which panels you are on, and the devices you signed in on."),
      h("li", {}, "Your scores and what you wrote about each candidate."),
      h("li", {}, "Your votes and any reasons you gave."),
      h("li", {}, "The time you gave and the costs you claimed, how you chose to be recognised, and any income limit you set."),
      h("li", {}, "A record of each change, with who made it and when, so that nobody can change a decision unseen.")),
    h("h2", { class: "nhsuk-heading-m" }, "Who can see it"),
    h("ul", { class: "nhsuk-list nhsuk-list--bullet" },
      h("li", {}, "Your scores stay hidden from the other panel until both panels have finished scoring."),
      h("li", {}, "In a named vote, everyone in the round sees how each member voted once voting closes."),
      h("li", {}, "In a secret vote, equalsay never links your vote to you, so nobody can see how you voted. Only whether each panel agreed is shown."),
      h("li", {}, "Being on a Service User Panel can say something about you, such as that you use a service. Only people in your round, and the organisation's administrators and HR, see who is on a panel.")),
    h("h2", { class: "nhsuk-heading-m" }, "How long it is kept"),
    h("ul", { class: "nhsuk-list nhsuk-list--bullet" }, ...notice.retention.map((line) => h("li", {}, line))),
    h("h2", { class: "nhsuk-heading-m" }, "What you can ask for"),
    p(`You can ask for a copy of everything equalsay keeps about you, to correct it, or to have it erased once the decisions you took part in no longer need it. Erasing takes out your name and what you wrote; the decisions stay as they were made, without your name. Contact ${notice.contact}.`),
    h("p", {}, "Once signed in, you can also read and keep the copy yourself: ", link("#/my-data", "what equalsay holds about you"), "."),
    link("#/", "Back to the start"),
  ];
}
