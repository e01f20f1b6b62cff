// The web client in Debian's Chromium, against a real server and database
// (tests/e2e/web_test.cc sets up the round and passes what this needs in
// EQUALSAY_WEB_TEST). A Service User Panel member signs in from a sign-in
// link and out on every device, then from their link, reads the pack,
// scores every candidate (one sheet by keyboard alone, one by touch), votes
// by keyboard, and sees the outcome arrive live; a co-chair, by keyboard
// alone, closes scoring, puts a decision, closes voting, records the next
// step after a veto, asks for a new vote and reads the minutes; HR, by
// keyboard alone, confirms with a note and corrects it. Ben's supporter, by
// keyboard alone, enters the vote he gave her by phone, and he confirms it
// as his. Every screen is
// checked with axe (every impact level) and at 320 px wide.
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Browser, Page } from "playwright-core";
import { Choice, DecisionMethod, DecisionState, NextStep, Secrecy } from "../src/gen/equalsay/v1/consensus_pb";
import { PanelKind, RoundKind } from "../src/gen/equalsay/v1/common_pb";
import { OverallView } from "../src/gen/equalsay/v1/scoring_pb";
import { apiAs, checkScreen as checkAccessible, launchChromium, press, tick, type } from "./support";

interface Setup {
  baseUrl: string;
  artifacts: string;
  roundId: string;
  admin: string;
  suChair: string;
  suMember: string;
  supporter: string;  // Hana, whom Ben (suMember) named as his supporter.
  staffChair: string;
  staffMember: string;
  hr: string;
  suPanel: string;
  staffPanel: string;
  candidates: { id: string; label: string }[];
  criterion: string;
  organisation: { staffEmail: string };
}
const setup: Setup = JSON.parse(process.env.EQUALSAY_WEB_TEST ?? "{}");

const as = (token: string) => apiAs(setup.baseUrl, token);
const id = () => crypto.randomUUID();
const jobDescription = "Peer support worker\n\nYou will use your own experience of recovery to support people who use our services. You will work with the team three days a week.\n";

const checked: string[] = [];
// Every screen is checked (support.ts) and its name kept for the summary.
async function checkScreen(page: Page, name: string): Promise<void> {
  await checkAccessible(page, name, setup.artifacts);
  checked.push(name);
}

// What the server's Content-Security-Policy refused on any page: the web
// client must work within it.
const cspViolations: string[] = [];
function watchCsp(page: Page): Page {
  page.on("console", (m) => {
    if (m.type() === "error" && m.text().includes("Content Security Policy")) cspViolations.push(m.text());
  });
  return page;
}

async function signedIn(browser: Browser, token: string, bypassCSP = false): Promise<Page> {
  const page = watchCsp(await (await browser.newContext({ viewport: { width: 360, height: 740 }, bypassCSP })).newPage());
  page.on("pageerror", (e) => { throw e; });
  await page.goto(`${setup.baseUrl}/#token=${token}`);
  await page.getByRole("heading", { level: 1, name: "What I need to do" }).waitFor();
  assert.ok(!page.url().includes(token), "the token stays out of the address bar");
  return page;
}

async function main(): Promise<void> {
  mkdirSync(setup.artifacts, { recursive: true });
  const browser = await launchChromium();
  try {
    // Signing in without a link.
    const guest = watchCsp(await (await browser.newContext()).newPage());
    await guest.goto(setup.baseUrl);
    await guest.getByRole("heading", { name: "Sign in to equalsay" }).waitFor();
    await guest.getByRole("heading", { name: "Staff" }).waitFor();
    await checkScreen(guest, "sign-in");
    // What the words mean, and how accessible it is: readable before
    // signing in, from every page.
    await guest.getByRole("link", { name: "What the words mean" }).click();
    await guest.getByRole("heading", { level: 1, name: "What the words mean" }).waitFor();
    await guest.getByText("Every panel must agree. If one panel does not agree").waitFor();
    await checkScreen(guest, "words");
    await guest.getByRole("link", { name: "Accessibility" }).click();
    await guest.getByRole("heading", { level: 1, name: "Accessibility" }).waitFor();
    await checkScreen(guest, "accessibility");
    await guest.getByRole("link", { name: "Your information" }).click();
    await guest.getByRole("heading", { level: 1, name: "Your information" }).waitFor();
    await guest.getByText("In a secret vote, equalsay never links your vote to you", { exact: false }).waitFor();
    await guest.getByRole("heading", { level: 2, name: "How long it is kept" }).waitFor();
    await guest.getByText("erased 12 months after their round finished", { exact: false }).waitFor();
    await checkScreen(guest, "privacy");
    await guest.getByRole("link", { name: "Home" }).click();
    await guest.getByRole("heading", { name: "Sign in to equalsay" }).waitFor();
    await guest.getByRole("button", { name: "Sign in", exact: true }).click();
    await guest.getByRole("link", { name: "Enter your sign-in code." }).click();
    assert.equal(await guest.evaluate(() => document.activeElement?.id), "token", "the error links to its field");

    // A sign-in link an administrator made: opened, it waits for the
    // person (by keyboard alone) to say whether this is their own device.
    const benId = (await as(setup.suMember).panels.getMe({})).id;
    const made = await as(setup.admin).panels.createSignInLink({ requestId: id(), personId: benId });
    const own = watchCsp(await (await browser.newContext()).newPage());
    await own.goto(made.signInLink);
    await own.getByRole("heading", { name: "Sign in to equalsay" }).waitFor();
    assert.ok(!own.url().includes("#link="), "the link stays out of the address bar");
    await own.reload();  // The link is kept through a reload until used.
    await own.getByText("You opened your sign-in link.").waitFor();
    await checkScreen(own, "sign-in-link");
    await own.getByLabel("This is my own device: keep me signed in").focus();
    await own.keyboard.press("Space");
    await own.keyboard.press("Tab");
    await own.keyboard.press("Enter");
    await own.getByRole("heading", { level: 1, name: "What I need to do" }).waitFor();
    const again = await own.context().newPage();  // The device keeps it.
    await again.goto(setup.baseUrl);
    await again.getByRole("heading", { level: 1, name: "What I need to do" }).waitFor();
    const used = watchCsp(await (await browser.newContext()).newPage());
    await used.goto(made.signInLink);
    await used.getByRole("button", { name: "Sign in", exact: true }).click();
    await used.getByText("This sign-in link has already been used: each link works once.").waitFor();
    await used.context().close();
    await again.getByRole("button", { name: "Sign out on every device" }).click();
    await again.getByRole("heading", { name: "Sign in to equalsay" }).waitFor();
    await own.reload();
    await own.getByRole("heading", { name: "Sign in to equalsay" }).waitFor();
    await own.context().close();

    // Staff sign in with their organisation's account (the test's OpenID
    // provider): the browser goes there and back, and the server redeems
    // the code. An address equalsay does not know, or one the provider has
    // not verified, signs no one in.
    const orgSignIn = async (email: string): Promise<Page> => {
      const page = watchCsp(await (await browser.newContext()).newPage());
      await page.goto(setup.baseUrl);
      await page.getByLabel("This is my own device: keep me signed in").check();
      await page.getByRole("button", { name: "Sign in with your organisation's account" }).click();
      await page.locator('input[name="login"]').fill(email);
      await page.locator('input[name="password"]').fill("any password");
      await page.locator('button[type="submit"]').click();
      await page.getByRole("button", { name: "Continue" }).click();  // Consent.
      return page;
    };
    const staff = await orgSignIn(setup.organisation.staffEmail);
    await staff.getByRole("heading", { level: 1, name: "What I need to do" }).waitFor();
    assert.ok(!staff.url().includes("code="), "the code leaves the address bar");
    const staffTab = await staff.context().newPage();  // Kept on this device.
    await staffTab.goto(setup.baseUrl);
    await staffTab.getByRole("heading", { level: 1, name: "What I need to do" }).waitFor();
    await staff.context().close();
    const stranger = await orgSignIn("someone.else@example.org");
    await stranger.getByText("No one in equalsay has the address someone.else@example.org").waitFor();
    await stranger.context().close();
    const unverified = await orgSignIn("unverified@example.org");
    await unverified.getByText("your organisation has not verified your e-mail address").waitFor();
    await unverified.context().close();
    // Coming back with a code this tab did not ask for uses nothing.
    const forged = watchCsp(await (await browser.newContext()).newPage());
    await forged.goto(`${setup.baseUrl}/?code=stolen&state=guess`);
    await forged.getByText("That sign-in was not started in this window").waitFor();
    assert.ok(!forged.url().includes("stolen"), "the code leaves the address bar");
    await forged.context().close();

    // An administrator adds a person, corrects their address, makes them a
    // sign-in link, and has them join the staff panel as an observer; what
    // they type survives a reload.
    const admin = await signedIn(browser, setup.admin);
    await admin.getByRole("link", { name: "People", exact: true }).click();
    await admin.getByRole("heading", { level: 1, name: "People" }).waitFor();
    await checkScreen(admin, "people");
    await admin.getByLabel("Name", { exact: true }).fill("Dee Morgan");
    await admin.getByLabel("E-mail address (optional)").fill("dee@example.org");
    await admin.reload();
    await admin.getByRole("heading", { level: 1, name: "People" }).waitFor();
    assert.equal(await admin.getByLabel("Name", { exact: true }).inputValue(), "Dee Morgan", "a reload keeps what was typed");
    await admin.getByRole("button", { name: "Add this person" }).click();
    await admin.getByRole("heading", { level: 1, name: "Dee Morgan" }).waitFor();
    await admin.getByLabel("E-mail address").fill("dee.morgan@example.org");
    await admin.getByRole("button", { name: "Save changes" }).click();
    await admin.getByText("Your changes are saved.").waitFor();
    const dee = (await as(setup.admin).panels.listPeople({})).people.find((x) => x.displayName === "Dee Morgan");
    assert.equal(dee?.email, "dee.morgan@example.org");
    await admin.getByRole("button", { name: "Make a sign-in link" }).click();
    assert.match(await admin.getByLabel("Sign-in link for Dee Morgan").inputValue(), /#link=/);
    await checkScreen(admin, "person");
    await admin.goto(`${setup.baseUrl}/#/round/${setup.roundId}/members`);
    const staffPanel = admin.locator("section").filter({ has: admin.getByRole("heading", { name: "Staff Panel", exact: true }) });
    await staffPanel.getByLabel("Who joins").selectOption({ label: "Dee Morgan" });
    await staffPanel.getByLabel("Observer").check();
    await staffPanel.getByRole("button", { name: "Make this change" }).click();
    await staffPanel.getByRole("link", { name: /reason/ }).click();  // No reason given.
    assert.equal(await admin.evaluate(() => document.activeElement?.tagName), "TEXTAREA", "the error links to the reason");
    await staffPanel.getByLabel("Why (for the record)").fill("Dee is shadowing the panel.");
    await staffPanel.getByRole("button", { name: "Make this change" }).click();
    await admin.getByText("Dee Morgan: observer").waitFor();
    const sent = admin.locator("section").filter({ has: admin.getByRole("heading", { name: "Staff Panel", exact: true }) });
    assert.equal(await sent.getByLabel("Why (for the record)").inputValue(), "", "a change made leaves no draft behind");
    await checkScreen(admin, "members");
    // The pack: a file that is neither PDF nor text is refused, saying so;
    // the job description goes in for both panels to read.
    await admin.goto(`${setup.baseUrl}/#/round/${setup.roundId}`);
    await admin.getByRole("link", { name: "Add or remove documents" }).click();
    await admin.getByRole("heading", { level: 2, name: "Add a document" }).waitFor();
    await admin.getByLabel("The file").setInputFiles({ name: "photo.png", mimeType: "image/png", buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) });
    await admin.getByRole("button", { name: "Add to the pack" }).click();
    await admin.getByRole("link", { name: /content must be a PDF or plain text/ }).click();
    assert.equal(await admin.evaluate(() => document.activeElement?.id), "file", "the error links to the file");
    await admin.getByLabel("The file").setInputFiles({ name: "job.txt", mimeType: "text/plain", buffer: Buffer.from(jobDescription) });
    await admin.getByLabel("Job description").check();
    await admin.getByRole("button", { name: "Add to the pack" }).click();
    await admin.getByRole("heading", { level: 3, name: "Job description" }).waitFor();
    // A CV for the candidate the panels know by a reference.
    const anonymised = setup.candidates[1];
    await admin.getByLabel("The file").setInputFiles({ name: "cv.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.4\n%%EOF\n") });
    await admin.getByLabel("Who it is about").selectOption({ label: anonymised.label });
    await admin.getByLabel("CV", { exact: true }).check();
    await admin.getByRole("button", { name: "Add to the pack" }).click();
    await admin.getByRole("heading", { level: 3, name: `CV, about ${anonymised.label}` }).waitFor();
    await checkScreen(admin, "pack");
    // Before a round starts, people simply join and leave.
    const draft = await as(setup.admin).panels.createRound({
      requestId: id(), kind: RoundKind.STRATEGY, title: "Drop-in hours",
      purpose: "When the drop-in opens.", scopeStatement: "Open to the panels: the days and hours.",
    });
    await as(setup.admin).panels.addPanel({ requestId: id(), roundId: draft.id, kind: PanelKind.SERVICE_USER });
    await admin.goto(`${setup.baseUrl}/#/round/${draft.id}/members`);
    const suDraft = admin.locator("section").filter({ has: admin.getByRole("heading", { name: "Service User Panel", exact: true }) });
    await suDraft.getByText("join and leave freely").waitFor();
    assert.equal(await suDraft.getByLabel("Why (for the record)").count(), 0, "no reason is asked before the round starts");
    await suDraft.getByLabel("Who joins").selectOption({ label: "Dee Morgan" });
    await suDraft.getByRole("button", { name: "Make this change" }).click();
    await admin.getByText("Dee Morgan: member").waitFor();
    await suDraft.getByLabel("Who leaves").selectOption({ label: "Dee Morgan" });
    await suDraft.getByRole("button", { name: "Make this change" }).click();
    await suDraft.getByText("Nobody yet.").waitFor();
    await admin.context().close();

    // A Service User Panel member signs in from their link.
    const ben = await signedIn(browser, setup.suMember);

    // Google's grpc-web package (text mode) calls the same server from the
    // page, unary and streaming, beside connect-web (binary) in the client.
    // The probe is injected as an inline script, which the server's policy
    // rightly refuses, so its page alone bypasses the policy.
    const prober = await signedIn(browser, setup.suMember, true);
    await prober.addScriptTag({ path: join(dirname(fileURLToPath(import.meta.url)), "grpc-web-probe.js") });
    const probe = await prober.evaluate(([b, t, r]) => (window as any).grpcWebProbe(b, t, r),
      [setup.baseUrl, setup.suMember, setup.roundId]);
    assert.deepEqual(probe, { name: "Ben", first: "watch.started" });
    await prober.context().close();
    await ben.getByText("Score 2 candidates against the criteria.").waitFor();
    await checkScreen(ben, "what-i-need-to-do");
    await ben.getByRole("link", { name: "Peer support worker" }).click();
    await ben.getByRole("heading", { level: 2, name: "Candidates" }).waitFor();
    // Ben named Hana as his supporter (tests/e2e/web_test.cc); naming a
    // staff panel member is refused, in words that lead back to the field.
    await ben.getByText("Hana can enter your votes and scores.").waitFor();
    await type(ben.getByLabel("Their e-mail address at work"), setup.organisation.staffEmail);
    await press(ben.getByRole("button", { name: "Name them as my supporter" }));
    await press(ben.getByRole("link", { name: /sits on another panel of this round/ }));
    assert.equal(await ben.evaluate(() => document.activeElement?.id), "supporter-email");
    await ben.getByLabel("Their e-mail address at work").fill("");
    await checkScreen(ben, "round");
    // Ben reads the pack on his phone: text on the page.
    await press(ben.getByRole("link", { name: "Job description" }));
    await ben.getByRole("heading", { level: 1, name: "Job description" }).waitFor();
    await ben.getByText("You will use your own experience of recovery", { exact: false }).waitFor();
    await checkScreen(ben, "document");
    await press(ben.getByRole("link", { name: "Back to the round" }));
    // A PDF opens in the browser's own viewer, or is kept as a file.
    await ben.getByRole("heading", { level: 3, name: `About ${setup.candidates[1].label}` }).waitFor();
    await press(ben.getByRole("link", { name: "CV" }));
    await ben.getByRole("heading", { level: 1, name: "CV" }).waitFor();
    assert.match((await ben.getByRole("link", { name: "Open CV (opens in a new tab)" }).getAttribute("href")) ?? "", /^blob:/);
    assert.equal(await ben.getByRole("link", { name: "Download CV" }).getAttribute("download"), "CV.pdf");
    await press(ben.getByRole("link", { name: "Back to the round" }));
    await ben.getByRole("heading", { level: 2, name: "Candidates" }).waitFor();

    // Live updates that cannot be reached say so, and come back by
    // themselves when the server can be reached again.
    const watchCalls = "**/equalsay.v1.ConsensusService/WatchRound";
    await ben.route(watchCalls, (r) => r.abort("connectionreset"));
    await ben.reload();
    const notice = ben.locator("#connection");
    await notice.getByText("Live updates have stopped").waitFor();
    await ben.locator("#status").getByText("Live updates have stopped").waitFor();  // Read out.
    await ben.unroute(watchCalls);
    await notice.waitFor({ state: "hidden", timeout: 10000 });
    await ben.locator("#status").getByText("Live updates are back.").waitFor();

    // The first sheet by keyboard alone.
    const [first, second] = setup.candidates;
    await ben.getByRole("link", { name: `Score ${first.label}` }).focus();
    await ben.keyboard.press("Enter");
    await ben.getByRole("heading", { level: 1, name: `Score ${first.label}` }).waitFor();
    await checkScreen(ben, "score-sheet");
    for (let i = 0; i < 40; i++) {  // Tab to the first scale.
      await ben.keyboard.press("Tab");
      if (await ben.evaluate(() => (document.activeElement as HTMLInputElement | null)?.type === "radio")) break;
    }
    await ben.keyboard.press("Space");              // 0 - no evidence
    for (let i = 0; i < 3; i++) await ben.keyboard.press("ArrowDown");  // 3 - good evidence
    await ben.keyboard.press("Tab");
    await ben.keyboard.type("Talked about their own recovery and hope.");
    await ben.keyboard.press("Tab");
    await ben.keyboard.press("Space");              // Appointable
    await ben.keyboard.press("Tab");
    assert.equal(await ben.evaluate(() => document.activeElement?.textContent), "Submit my scores");
    await ben.keyboard.press("Enter");
    await ben.getByRole("heading", { level: 2, name: "Candidates" }).waitFor();
    await ben.getByText("Your sheet: submitted").first().waitFor();

    // The second with a mouse (or a finger).
    await ben.getByRole("link", { name: `Score ${second.label}` }).click();
    // Submitting with a question left blank is warned of once, the
    // warning linking to the question.
    await ben.getByRole("button", { name: "Submit my scores" }).click();
    const blank = ben.getByRole("link", { name: /You have not scored/ });
    await blank.click();
    assert.equal(await ben.evaluate(() => (document.activeElement as HTMLInputElement | null)?.type), "radio");
    await ben.getByLabel("1 - a little evidence").check();
    // A note as long as the server takes, and no longer: pasting more stops
    // at the limit rather than being refused when saved.
    const note = ben.getByLabel("What you saw or heard (optional)").first();
    await note.focus();
    await ben.keyboard.insertText("x".repeat(4100));
    assert.equal((await note.inputValue()).length, 4000);
    await ben.getByLabel("Not appointable").check();
    await ben.getByText("Draft saved.").waitFor();
    await ben.getByRole("button", { name: "Submit my scores" }).click();
    await ben.getByRole("heading", { level: 2, name: "Candidates" }).waitFor();

    // "What I need to do" counts down.
    await ben.goto(`${setup.baseUrl}/#/`);
    await ben.getByText("You have submitted all your score sheets.", { exact: false }).waitFor();

    const stored = await as(setup.suMember).scoring.getScoreSheet({ candidateId: first.id });
    assert.equal(stored.entries[0].score, 3);
    assert.equal(stored.entries[0].evidence, "Talked about their own recovery and hope.");
    assert.equal(stored.overallView, OverallView.APPOINTABLE);

    // Everyone else scores (through the API); the co-chair closes in the browser.
    for (const token of [setup.suChair, setup.staffChair, setup.staffMember]) {
      for (const [i, c] of setup.candidates.entries()) {
        const api = as(token).scoring;
        const sheet = await api.saveScoreSheet({ requestId: id(), candidateId: c.id, entries: [{ criterionId: setup.criterion, score: i === 0 ? 4 : 2 }], overallView: OverallView.APPOINTABLE });
        await api.submitScoreSheet({ requestId: id(), candidateId: c.id, version: sheet.version });
      }
    }
    const asha = await signedIn(browser, setup.suChair);
    await asha.goto(`${setup.baseUrl}/#/round/${setup.roundId}`);
    await asha.getByRole("heading", { level: 2, name: "For you as co-chair" }).waitFor();
    await checkScreen(asha, "co-chair");
    // A reminder needs e-mail, which this server does not send: it says so.
    await press(asha.getByRole("button", { name: "Remind my panel" }));
    await asha.getByText("equalsay is not set up to send e-mail").waitFor();
    await press(asha.getByRole("button", { name: "Close scoring for the Service User Panel" }));
    // It asks first, saying how far the panel has got; cancelling changes nothing.
    await asha.getByText("4 of 4 score sheets are submitted. Close scoring for the Service User Panel?", { exact: false }).waitFor();
    await press(asha.getByRole("button", { name: "Cancel" }));
    await press(asha.getByRole("button", { name: "Close scoring for the Service User Panel" }));
    await press(asha.getByRole("button", { name: "Yes, close scoring" }));
    await asha.getByText("Your panel's scoring is closed.").waitFor();
    await as(setup.staffChair).scoring.closeScoring({ requestId: id(), panelId: setup.staffPanel });
    // With scoring closed, what the panels scored: words first, then figures.
    await asha.getByRole("heading", { level: 2, name: "What the panels scored" }).waitFor();
    const agreement = (await as(setup.suChair).scoring.getResults({ roundId: setup.roundId })).agreement!;
    await asha.getByText(agreement.betweenPanelsExplanation).waitFor();
    await asha.getByRole("heading", { level: 3, name: `1st: ${first.label}` }).waitFor();
    await checkScreen(asha, "results");
    // Ben reads the sheet he submitted, which can no longer change.
    await ben.goto(`${setup.baseUrl}/#/round/${setup.roundId}`);
    await ben.getByRole("link", { name: `Your scores for ${first.label}` }).click();
    await ben.getByRole("heading", { level: 1, name: `Your scores for ${first.label}` }).waitFor();
    await ben.getByText("This is the sheet you submitted.").waitFor();
    await ben.getByText("What you saw or heard: Talked about their own recovery and hope.").waitFor();
    assert.equal(await ben.locator("form").count(), 0, "nothing to change after the close");
    await checkScreen(ben, "own-sheet");

    // Asha puts the first candidate to both panels in the web; the second
    // is put through the API, closing in a day's time unless the co-chairs
    // close it first. Then Ben votes.
    await asha.goto(`${setup.baseUrl}/#/round/${setup.roundId}`);
    await asha.getByRole("heading", { level: 3, name: "Put a question to both panels" }).waitFor();
    await press(asha.getByRole("button", { name: "Put this to the panels" }));  // No candidate chosen.
    await press(asha.getByRole("link", { name: "Choose a candidate." }));
    assert.equal(await asha.evaluate(() => document.activeElement?.id), "candidate");
    // The first candidate, chosen with the arrow keys.
    await asha.getByLabel("Candidate", { exact: true }).focus();
    await asha.keyboard.press("ArrowDown");
    assert.equal(await asha.getByLabel("Candidate", { exact: true }).inputValue(), first.id);
    await press(asha.getByRole("button", { name: "Put this to the panels" }));
    await asha.getByRole("link", { name: `Appoint ${first.label} to the post?` }).waitFor();
    const decisions = [(await as(setup.admin).consensus.listDecisions({ roundId: setup.roundId })).decisions[0]];
    assert.equal(decisions[0].candidateId, first.id);
    assert.equal(decisions[0].method, DecisionMethod.YES_NO);
    assert.equal(decisions[0].secrecy, Secrecy.NAMED);
    decisions.push(await as(setup.admin).consensus.createDecision({
      requestId: id(), roundId: setup.roundId, candidateId: second.id, method: DecisionMethod.YES_NO,
      secrecy: Secrecy.NAMED, closesAtUnix: BigInt(Math.floor(Date.now() / 1000) + 86400),
    }));
    await ben.goto(`${setup.baseUrl}/#/round/${setup.roundId}/decision/${decisions[0].id}`);
    await ben.getByRole("heading", { level: 1, name: `Appoint ${first.label} to the post?` }).waitFor();
    await checkScreen(ben, "vote");
    // Nothing Ben chooses or writes is lost: another member votes while he
    // is at the button, the page updates around him, and his choice, his
    // words and his place stay; a reload keeps them too.
    const why = "They did not show how they would share power.";
    await tick(ben.getByLabel("Disagree"));
    await type(ben.getByLabel("Why (optional)"), why);
    await ben.getByRole("button", { name: "Cast my vote" }).focus();
    await as(setup.staffChair).consensus.castBallot({ requestId: id(), decisionId: decisions[0].id, choice: Choice.AGREE });
    await ben.waitForFunction(() => document.getElementById("status")?.textContent?.startsWith("Someone voted."));
    assert.ok(await ben.getByLabel("Disagree").isChecked(), "the choice survives a live update");
    assert.equal(await ben.getByLabel("Why (optional)").inputValue(), why);
    assert.equal(await ben.evaluate(() => document.activeElement?.textContent), "Cast my vote");
    await ben.reload();
    await ben.getByRole("heading", { level: 1, name: `Appoint ${first.label} to the post?` }).waitFor();
    assert.ok(await ben.getByLabel("Disagree").isChecked(), "the choice survives a reload");
    assert.equal(await ben.getByLabel("Why (optional)").inputValue(), why);
    await press(ben.getByRole("button", { name: "Cast my vote" }));
    await ben.getByText("You have voted.").waitFor();
    // The reason given stays in view (and is kept) for a change of vote.
    assert.equal(await ben.getByLabel("Why (optional)").inputValue(), why);
    // Signing out on purpose forgets unsent drafts: the next person at a
    // shared device finds none.
    const shared = await signedIn(browser, setup.suMember);
    const secondVote = `${setup.baseUrl}/#/round/${setup.roundId}/decision/${decisions[1].id}`;
    await shared.goto(secondVote);
    await shared.getByLabel("Disagree").check();
    // Signing out while the first page still loads (held here until the
    // sign-in page shows): the page that arrives late is not drawn over it.
    const noticeCalls = "**/equalsay.v1.PanelService/GetPrivacyNotice";
    let release = (): void => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    await shared.route(noticeCalls, async (r) => { await held; await r.continue(); });
    const loading = shared.waitForRequest(/GetPrivacyNotice/);
    await shared.goto(`${setup.baseUrl}/#/`);
    await loading;
    await shared.getByRole("button", { name: "Sign out", exact: true }).click();
    await shared.getByRole("heading", { name: "Sign in to equalsay" }).waitFor();
    const late = shared.waitForResponse(/GetPrivacyNotice/);
    release();
    await late;
    await shared.unroute(noticeCalls);
    await shared.waitForTimeout(300);
    assert.equal(await shared.getByRole("heading", { level: 1 }).textContent(), "Sign in to equalsay");
    await shared.goto(`${setup.baseUrl}/#token=${setup.suMember}`);
    await shared.getByRole("heading", { level: 1, name: "What I need to do" }).waitFor();
    await shared.goto(secondVote);
    await shared.getByRole("heading", { level: 1, name: `Appoint ${second.label} to the post?` }).waitFor();
    assert.ok(!(await shared.getByLabel("Disagree").isChecked()), "a signed-out person's draft is gone");
    // The round's list marks which decisions Ben has voted on.
    await shared.goto(`${setup.baseUrl}/#/round/${setup.roundId}`);
    const decisionRow = (c: { label: string }) =>
      shared.getByRole("listitem").filter({ has: shared.getByRole("link", { name: `Appoint ${c.label} to the post?` }) });
    await decisionRow(first).getByText("You have voted").waitFor();
    await decisionRow(second).getByText("Voting open: you have not voted").waitFor();
    await decisionRow(second).getByText("Voting closes on").waitFor();
    assert.equal(await decisionRow(first).getByText("Voting closes on").count(), 0, "no closing time, none shown");
    await shared.context().close();

    // Ben gave his vote on the second candidate to Hana by phone: she enters
    // it for him by keyboard alone, under a banner on every screen saying
    // whose vote it is, and he sees it and confirms it as his own.
    const hana = await signedIn(browser, setup.supporter);
    await press(hana.getByRole("link", { name: "Act for Ben" }));
    await hana.getByRole("heading", { level: 1, name: "Acting for Ben" }).waitFor();
    await hana.getByText("You are entering this for Ben").waitFor();
    await checkScreen(hana, "support-list");
    await press(hana.getByRole("link", { name: `Appoint ${second.label} to the post?` }));
    await hana.getByRole("heading", { level: 1, name: `Appoint ${second.label} to the post?` }).waitFor();
    await hana.getByText("You are entering this for Ben").waitFor();
    await press(hana.getByRole("button", { name: "Save Ben's vote" }));  // Nothing chosen yet.
    await hana.getByRole("link", { name: "Choose how Ben gave this vote." }).waitFor();
    await tick(hana.getByLabel("By phone"));
    await tick(hana.getByLabel("Agree", { exact: true }));
    await checkScreen(hana, "support-vote");
    await press(hana.getByRole("button", { name: "Save Ben's vote" }));
    await hana.getByRole("heading", { level: 1, name: "Acting for Ben" }).waitFor();
    await hana.waitForFunction(() => document.getElementById("status")?.textContent?.startsWith("Ben's vote is saved."));
    await hana.context().close();
    await ben.goto(secondVote);
    await ben.getByText("Hana entered this vote for you, as you gave it by phone.", { exact: false }).waitFor();
    assert.ok(await ben.getByLabel("Agree", { exact: true }).isChecked(), "the entered vote is shown as Ben's");
    await checkScreen(ben, "vote-entered-for-me");
    await press(ben.getByRole("button", { name: "Yes, this is my vote" }));
    await ben.getByText("You confirmed it is yours.", { exact: false }).waitFor();
    // Back to the first decision, to see its outcome arrive.
    await ben.goto(`${setup.baseUrl}/#/round/${setup.roundId}/decision/${decisions[0].id}`);
    await ben.getByRole("heading", { level: 1, name: `Appoint ${first.label} to the post?` }).waitFor();

    // The others vote and both co-chairs close: Ben's page shows the outcome
    // without him reloading it.
    await as(setup.suChair).consensus.castBallot({ requestId: id(), decisionId: decisions[0].id, choice: Choice.DISAGREE });
    for (const token of [setup.staffChair, setup.staffMember]) {
      await as(token).consensus.castBallot({ requestId: id(), decisionId: decisions[0].id, choice: Choice.AGREE });
    }
    for (const token of [setup.suChair, setup.staffChair, setup.staffMember]) {  // Ben's is in.
      await as(token).consensus.castBallot({ requestId: id(), decisionId: decisions[1].id, choice: Choice.AGREE });
    }
    await asha.goto(`${setup.baseUrl}/#/round/${setup.roundId}`);
    for (const c of [first, second]) {
      await press(asha.getByRole("button", { name: `Close voting on "Appoint ${c.label} to the post?" for your panel` }));
      const question = asha.getByText(`2 of 2 on your panel have voted. Close voting on "Appoint ${c.label} to the post?" for the Service User Panel?`, { exact: false });
      await question.waitFor();
      await press(asha.getByRole("button", { name: "Yes, close voting" }));
      await question.waitFor({ state: "detached" });
      await asha.getByRole("heading", { level: 3, name: `Appoint ${c.label} to the post?` }).waitFor({ state: "detached" });
    }
    for (const d of decisions) {
      await as(setup.staffChair).consensus.closeDecision({ requestId: id(), decisionId: d.id });
    }
    await ben.getByText("Not agreed. The Service User Panel did not agree (0 of 2 members agreed; 2 were needed). Each panel holds an equal veto, so this appointment does not go ahead.").waitFor({ timeout: 10000 });
    await checkScreen(ben, "outcome");

    // After the veto Asha agrees with the Staff Panel's co-chair what happens
    // next, and asks for a new vote, which one panel alone cannot cause.
    await asha.goto(`${setup.baseUrl}/#/round/${setup.roundId}`);
    await asha.getByRole("heading", { level: 3, name: "Decisions that did not go ahead" }).waitFor();
    await press(asha.getByRole("link", { name: `Appoint ${first.label} to the post?` }).last());
    await asha.getByRole("heading", { level: 3, name: "What happens next" }).waitFor();
    await press(asha.getByRole("button", { name: "Record this next step" }));
    await press(asha.getByRole("link", { name: "Choose what should happen next." }));
    assert.equal(await asha.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name), "next", "the error links to the choices");
    await tick(asha.getByLabel("Interview again"));
    await press(asha.getByRole("button", { name: "Record this next step" }));
    await asha.getByText("You chose: interview again.").waitFor();
    await asha.getByText("The co-chair of the Staff Panel has not chosen yet.").waitFor();
    await as(setup.staffChair).consensus.recordNextStep({ requestId: id(), decisionId: decisions[0].id, nextStep: NextStep.REINTERVIEW });
    await asha.getByText("The co-chairs of every panel agreed what happens next: interview again.").waitFor({ timeout: 10000 });
    await type(asha.getByLabel("Why should the panels vote again?"), "The candidate sent evidence we had not seen.");
    await press(asha.getByRole("button", { name: "Ask for a new vote" }));
    await asha.getByText("You asked for a new vote. Voting opens again only when the co-chair of every panel asks.").waitFor();
    const unchanged = await as(setup.admin).consensus.getDecision({ decisionId: decisions[0].id });
    assert.equal(unchanged.state, DecisionState.CLOSED, "one co-chair alone reopens nothing");
    assert.equal(unchanged.run, 1);
    await checkScreen(asha, "after-veto");
    // The minutes and the candidates' feedback: read, printed or kept.
    await asha.goto(`${setup.baseUrl}/#/round/${setup.roundId}`);
    await press(asha.getByRole("link", { name: "Minutes of this round" }));
    await asha.getByRole("heading", { level: 1, name: "Minutes: Peer support worker" }).waitFor();
    await asha.getByText("What happens next: re-interview (agreed by the co-chairs of every panel).").waitFor();
    assert.equal(await asha.getByRole("link", { name: /Download as a text file/ }).getAttribute("download"), `minutes-round-${setup.roundId}.md`);
    await checkScreen(asha, "minutes");
    await press(asha.getByRole("link", { name: "Back to the round" }));
    await press(asha.getByRole("link", { name: "Feedback for candidates" }));
    await asha.getByRole("heading", { level: 1, name: "Feedback for candidates" }).waitFor();
    await asha.getByRole("heading", { level: 2, name: second.label }).waitFor();
    await checkScreen(asha, "feedback");

    // HR sees only the agreed candidate and confirms.
    const farah = await signedIn(browser, setup.hr);
    await farah.goto(`${setup.baseUrl}/#/round/${setup.roundId}`);
    await farah.getByRole("heading", { level: 2, name: "For HR: confirming the outcome" }).waitFor();
    assert.equal(await farah.getByRole("button", { name: `Record: offer made to ${first.label}` }).count(), 0);
    await checkScreen(farah, "hr");
    await type(farah.getByLabel("Note for the record (optional)"), "Offered by phone.");
    await press(farah.getByRole("button", { name: `Record: offer made to ${second.label}` }));
    await farah.getByText("Note: Offered by phone.").waitFor();
    // What HR opened stays open when a live update redraws the page.
    await press(farah.locator("summary", { hasText: "Correct the last entry" }));
    await as(setup.suChair).consensus.giveReason({ requestId: id(), decisionId: decisions[0].id, reason: "Power sharing was not shown." });
    await farah.waitForFunction(() => document.getElementById("status")?.textContent === "A reason was given.");
    assert.ok(await farah.locator("details", { hasText: "Correct the last entry" }).evaluate((d) => (d as HTMLDetailsElement).open), "still open after the redraw");
    assert.equal(await farah.evaluate(() => document.activeElement?.tagName), "SUMMARY", "focus stays where it was");
    await press(farah.getByRole("button", { name: `Record: ${second.label} accepted` }));
    await farah.getByText("accepted the offer. The round is confirmed.").waitFor();
    // "Accepted" was a slip: HR corrects it with a new entry, saying why;
    // the first stays in the record, marked, and the round is no longer
    // confirmed (nobody else was agreed on, so nobody else can be offered).
    await press(farah.locator("summary", { hasText: "Correct the last entry" }));
    await tick(farah.getByLabel("Declined"));
    await press(farah.getByRole("button", { name: "Record the correction" }));
    await press(farah.getByRole("link", { name: /note is required/ }));
    assert.equal(await farah.evaluate(() => document.activeElement?.id), "correct-note", "the error links to the note");
    await type(farah.getByLabel("Why are you correcting it?"), "They declined on the phone; I pressed the wrong button.");
    await press(farah.getByRole("button", { name: "Record the correction" }));
    await farah.getByText(`Correction: ${second.label}, declined.`, { exact: false }).waitFor();
    await farah.getByText("Corrected below").waitFor();
    await farah.getByText("No agreed candidate is left to offer the post to.", { exact: false }).waitFor();
    const corrected = (await as(setup.hr).consensus.getConfirmationQueue({ roundId: setup.roundId })).history;
    assert.deepEqual(corrected.map((c) => [c.corrected, c.correction]), [[false, false], [true, false], [false, true]]);
    await checkScreen(farah, "hr-history");
    assert.deepEqual(cspViolations, [], "the web client works within the server's Content-Security-Policy");
    console.log(`Browser tests passed; screens checked with axe and at 320 px: ${checked.join(", ")}`);
  } finally {
    await browser.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
