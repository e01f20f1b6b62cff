// The round's published record: the minutes (everyone in the round), the
// feedback for candidates (co-chairs, HR and administrators) and "you said,
// we did" (a round's, or every round's for administrators and HR), to read,
// print or keep as a file.
import { button, h, link, p } from "./dom";
import type { Screen } from "./admin";
import { renderMarkdown } from "./markdown";

// Reading, printing and keeping a copy, the same for every record. With no
// round, the way back is home.
function record(screen: Screen, roundId: string, title: string, intro: string, markdown: string, file: string): void {
  const keep = h("a", {
    class: "nhsuk-link", download: file,
    href: URL.createObjectURL(new Blob([markdown], { type: "text/markdown;charset=utf-8" })),
  }, `Download as a text file (${file})`);
  screen.show(screen.view, title,
    p(intro),
    h("div", { class: "nhsuk-button-group equalsay-no-print" }, button("Print", () => window.print(), true)),
    h("p", { class: "equalsay-no-print" }, keep),
    renderMarkdown(markdown, title),
    h("p", { class: "equalsay-no-print" }, roundId ? link(`#/round/${roundId}`, "Back to the round") : link("#/", "Back to what I need to do")));
}

export async function renderMinutes(screen: Screen, roundId: string): Promise<void> {
  const minutes = await screen.api.consensus.getMinutes({ roundId });
  record(screen, roundId, `Minutes: ${minutes.round?.title ?? ""}`,
    "The record of this round: who took part, each decision and its outcome, and what happened next. It never shows how anyone voted in a secret vote.",
    minutes.markdown, `minutes-round-${roundId}.md`);
}

export async function renderYouSaidWeDid(screen: Screen, roundId: string): Promise<void> {
  const report = await screen.api.consensus.getYouSaidWeDid({ roundId });
  record(screen, roundId, roundId ? "You said, we did" : "You said, we did: every round",
    "To read, print or keep, and to share with the people these decisions are for.",
    report.markdown, roundId ? `you-said-we-did-round-${roundId}.md` : "you-said-we-did.md");
}

export async function renderFeedback(screen: Screen, roundId: string): Promise<void> {
  const feedback = await screen.api.consensus.getCandidateFeedback({ roundId });
  record(screen, roundId, "Feedback for candidates",
    "What each panel saw as each candidate's strengths and what they could work on, from the scores. No panel member is named, so it can be shared with the candidate.",
    feedback.markdown, `feedback-round-${roundId}.md`);
}

// Subject access: everything equalsay holds about the caller, to read,
// print or keep.
export async function renderMyData(screen: Screen): Promise<void> {
  const data = await screen.api.panels.exportPersonData({});
  record(screen, "", "What equalsay holds about you",
    "Everything equalsay's database holds about you, section by section. Other people appear by number only, and how anyone voted in a secret vote is never shown, not even to you.",
    data.markdown, "what-equalsay-holds-about-me.md");
}
