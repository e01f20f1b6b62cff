// The round's pack: what everyone in the round reads before scoring and
// deciding, the same for both panels. Text is shown on the page; a PDF opens
// in the browser's own viewer. Administrators add and remove documents.
import { Code, ConnectError, requestId } from "./api";
import type { Screen } from "./admin";
import { h, link, p, say, textarea } from "./dom";
import { changeForm, choices, field, picker, value } from "./forms";
import { DocumentKind, type Document, type Round } from "./gen/equalsay/v1/panels_pb";

// The server's limit, said before a long upload would be refused.
const MAX_BYTES = 3 * 1024 * 1024;
const KINDS: [DocumentKind, string, string][] = [
  [DocumentKind.JOB_DESCRIPTION, "Job description", "What the job is, for the whole round."],
  [DocumentKind.INTERVIEW_QUESTIONS, "Interview questions", "The questions every candidate is asked."],
  [DocumentKind.APPLICATION, "Application", "A candidate's application form."],
  [DocumentKind.CV, "CV", "A candidate's CV."],
  [DocumentKind.OTHER, "Something else", "Anything else the panels should read."],
];

function size(bytes: bigint): string {
  const n = Number(bytes);
  return n < 1024 * 1024 ? `${Math.max(1, Math.round(n / 1024))} KB` : `${(n / (1024 * 1024)).toFixed(1)} MB`;
}
const isPdf = (d: Document) => d.mediaType === "application/pdf";
function describe(d: Document): string {
  return `${isPdf(d) ? "PDF" : "Text"}, ${size(d.sizeBytes)}`;
}

// The pack on the round's page: the whole round's documents, then each
// candidate's under their name as the panels know it.
export async function packSection(screen: Screen, round: Round, admin: boolean): Promise<HTMLElement> {
  const { documents } = await screen.api.panels.listDocuments({ roundId: round.id });
  const item = (d: Document) => h("li", {}, link(`#/round/${round.id}/document/${d.id}`, d.title), ` (${describe(d)})`);
  const groups = new Map<string, Document[]>();
  for (const d of documents) groups.set(d.candidateLabel, [...(groups.get(d.candidateLabel) ?? []), d]);
  return h("div", {},
    h("h2", { class: "nhsuk-heading-m" }, "What to read"),
    documents.length ? p("Both panels have the same documents.") : p("Nothing has been added to read yet."),
    ...[...groups].map(([label, docs]) => h("div", {},
      h("h3", { class: "nhsuk-heading-s" }, label ? `About ${label}` : "For the whole round"),
      h("ul", { class: "nhsuk-list nhsuk-list--bullet" }, ...docs.map(item)))),
    admin ? h("p", {}, link(`#/round/${round.id}/pack`, "Add or remove documents")) : null);
}

// One document: text on the page; a PDF to open or keep.
export async function renderDocument(screen: Screen, roundId: string, documentId: string): Promise<void> {
  const d = await screen.api.panels.getDocument({ documentId });
  const about = p(d.candidateLabel ? `About ${d.candidateLabel}. ${describe(d)}.` : `For the whole round. ${describe(d)}.`);
  const back = link(`#/round/${roundId}`, "Back to the round");
  if (!isPdf(d)) {
    const text = new TextDecoder().decode(d.content);
    return screen.show(screen.view, d.title, about, h("div", { class: "equalsay-document" }, text), back);
  }
  const url = URL.createObjectURL(new Blob([d.content as Uint8Array<ArrayBuffer>], { type: "application/pdf" }));
  screen.show(screen.view, d.title, about,
    h("ul", { class: "nhsuk-list" },
      h("li", {}, h("a", { class: "nhsuk-link", href: url, target: "_blank", rel: "noopener" }, `Open ${d.title} (opens in a new tab)`)),
      h("li", {}, h("a", { class: "nhsuk-link", href: url, download: `${d.title}.pdf` }, `Download ${d.title}`))),
    back);
}

// Administrators: add a file, or take one out saying why.
export async function renderPack(screen: Screen, roundId: string): Promise<void> {
  const [round, { documents }] = await Promise.all([
    screen.api.panels.getRound({ roundId }), screen.api.panels.listDocuments({ roundId }),
  ]);
  const reload = () => renderPack(screen, roundId);
  const file = h("input", { class: "nhsuk-file-upload", id: "file", name: "file", type: "file", accept: ".pdf,.txt,application/pdf,text/plain", "aria-describedby": "file-hint", "data-field": "content" }) as HTMLInputElement;
  const add = changeForm(screen.fail, `pack:${roundId}`, "Add to the pack", [
    h("div", { class: "nhsuk-form-group" },
      h("label", { class: "nhsuk-label", for: "file" }, "The file"),
      h("div", { class: "nhsuk-hint", id: "file-hint" }, "A PDF or a plain text file, up to 3 MB. Save Word documents as PDF first. If the panels know a candidate by a reference, take their name out of the file."),
      file),
    picker("candidate", "candidate_id", "Who it is about", "The whole round", round.candidates.map((c) => ({ id: c.id, name: c.label }))),
    choices("kind", "What it is", KINDS, DocumentKind.JOB_DESCRIPTION),
    field("title", "What people see it called (optional)", "", "Leave it empty to use what it is, such as \u201cCV\u201d."),
  ], async (form) => {
    const chosen = file.files?.[0];
    if (!chosen) throw new ConnectError("Choose a file to add: content is empty.", Code.InvalidArgument);
    if (chosen.size > MAX_BYTES) throw new ConnectError(`The file is ${size(BigInt(chosen.size))}: content may be at most 3 MB. Save it as a smaller PDF, or split it.`, Code.InvalidArgument);
    const added = await screen.api.panels.addDocument({
      requestId: requestId(), roundId, candidateId: value(form, "candidate"), title: value(form, "title"),
      kind: Number((form.querySelector('input[name="kind"]:checked') as HTMLInputElement | null)?.value ?? 0),
      content: new Uint8Array(await chosen.arrayBuffer()),
    });
    return async () => {
      say(`${added.title} is in the pack.`);
      await reload();
    };
  });
  const current = documents.map((d) => {
    const reason = Object.assign(textarea(`remove-${d.id}`, "", "2000"), { name: "reason" });
    const remove = changeForm(screen.fail, `remove:${d.id}`, `Remove ${d.title}`, [
        h("div", { class: "nhsuk-form-group" }, h("label", { class: "nhsuk-label", for: `remove-${d.id}` }, "Why remove it (for the record)"), reason),
      ], async () => {
        await screen.api.panels.removeDocument({ requestId: requestId(), documentId: d.id, reason: reason.value });
        return async () => {
          say(`${d.title} is no longer in the pack.`);
          await reload();
        };
      });
    // Taking out is the lesser action on this page: it does not look like adding.
    remove.querySelector("button")?.classList.add("nhsuk-button--secondary");
    return h("li", {}, h("h3", { class: "nhsuk-heading-s" }, `${d.title}${d.candidateLabel ? `, about ${d.candidateLabel}` : ""}`), remove);
  });
  screen.show(screen.view, `What to read: ${round.title}`,
    p("Everyone on both panels reads the same documents. Add them before scoring starts if you can."),
    h("h2", { class: "nhsuk-heading-m" }, "Add a document"), add,
    h("h2", { class: "nhsuk-heading-m" }, "In the pack now"),
    current.length ? h("ul", { class: "nhsuk-list" }, ...current) : p("Nothing yet."),
    link(`#/round/${roundId}`, "Back to the round"));
}
