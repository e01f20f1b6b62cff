// A strategy decision in the browser, and a page that heals after its server
// restarts: a co-chair puts a proposal to both panels by keyboard, a member
// votes, and waits on the decision's page while the server stops
// (tests/e2e/web_test.cc stops it when this says "ready"); the page says
// live updates have stopped; the decision is closed on another server
// meanwhile ("noticed"); when the page's server is back the page shows that
// outcome by itself, without a reload.
import assert from "node:assert/strict";
import type { Browser, Page } from "playwright-core";
import { Choice } from "../src/gen/equalsay/v1/consensus_pb";
import { apiAs, launchChromium, press, tick, type } from "./support";

interface Setup {
  baseUrl: string;
  roundId: string;
  chair: string;   // Co-chair of the Service User Panel.
  member: string;  // A member of it.
  others: string[];  // The Staff Panel, voting through the API.
  outcome: string;
}
const setup: Setup = JSON.parse(process.env.EQUALSAY_WEB_TEST ?? "{}");
const title = "Open the drop-in on Saturdays?";

async function signedIn(browser: Browser, token: string): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width: 360, height: 740 } })).newPage();
  page.on("pageerror", (e) => { throw e; });
  await page.goto(`${setup.baseUrl}/#token=${token}`);
  await page.getByRole("heading", { level: 1, name: "What I need to do" }).waitFor();
  await page.goto(`${setup.baseUrl}/#/round/${setup.roundId}`);
  return page;
}

async function main(): Promise<void> {
  const browser = await launchChromium();
  try {
    // The co-chair puts the proposal, to be decided by consent.
    const chair = await signedIn(browser, setup.chair);
    await chair.getByRole("heading", { level: 3, name: "Put a question to both panels" }).waitFor();
    await type(chair.getByLabel("The proposal, in one line"), title);
    await press(chair.getByRole("button", { name: "Put this to the panels" }));
    await press(chair.getByRole("link", { name: "Write the full text, in plain words." }));
    assert.equal(await chair.evaluate(() => document.activeElement?.id), "text", "the error links to the text");
    await type(chair.getByLabel("The proposal in full"), "From February, 10:00 to 14:00, with two peer workers.");
    await tick(chair.getByLabel("Agree, stand aside or object"));
    await press(chair.getByRole("button", { name: "Put this to the panels" }));
    const link = chair.getByRole("link", { name: title });
    await link.waitFor();
    const decisionId = /decision\/(\d+)$/.exec((await link.getAttribute("href")) ?? "")?.[1];
    assert.ok(decisionId, "the decision is listed");

    // The member votes, and waits on the decision's page.
    const member = await signedIn(browser, setup.member);
    await press(member.getByRole("link", { name: title }));
    await member.getByRole("heading", { level: 1, name: title }).waitFor();
    await tick(member.getByLabel("Agree"));
    await press(member.getByRole("button", { name: "Cast my vote" }));
    await member.getByText("You have voted.").waitFor();
    for (const token of [setup.chair, ...setup.others]) {
      await apiAs(setup.baseUrl, token).consensus.castBallot({ requestId: crypto.randomUUID(), decisionId, choice: Choice.AGREE });
    }
    // Live updates are following the round before the server goes.
    await member.waitForFunction(() => document.getElementById("connection")?.hidden === true);
    console.log(`decision ${decisionId}`);
    console.log("ready");
    const notice = member.locator("#connection");
    await notice.getByText("Live updates have stopped").waitFor({ timeout: 30000 });
    console.log("noticed");
    // Nothing stale is shown as current: the outcome decided meanwhile
    // replaces the vote form once the page can reach its server again.
    await member.getByText(setup.outcome, { exact: false }).waitFor({ timeout: 60000 });
    await notice.waitFor({ state: "hidden" });
    assert.equal(await member.getByRole("button", { name: "Change my vote" }).count(), 0, "the vote form is gone");
    console.log("Restart test passed");
  } finally {
    await browser.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
