// The page heals after its server restarts: a member waits on a decision's
// page, the server stops (tests/e2e/web_test.cc stops it when this says
// "ready"), the page says live updates have stopped, the decision is closed
// on another server meanwhile ("noticed"), and when the page's server is
// back the page shows that outcome by itself, without a reload.
import assert from "node:assert/strict";
import { chromium } from "playwright-core";

interface Setup {
  baseUrl: string;
  member: string;
  roundId: string;
  decisionId: string;
  title: string;
  outcome: string;
}
const setup: Setup = JSON.parse(process.env.EQUALSAY_WEB_TEST ?? "{}");

async function main(): Promise<void> {
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  try {
    const page = await (await browser.newContext({ viewport: { width: 360, height: 740 } })).newPage();
    page.on("pageerror", (e) => { throw e; });
    await page.goto(`${setup.baseUrl}/#token=${setup.member}`);
    await page.getByRole("heading", { level: 1, name: "What I need to do" }).waitFor();
    await page.goto(`${setup.baseUrl}/#/round/${setup.roundId}/decision/${setup.decisionId}`);
    await page.getByRole("heading", { level: 1, name: setup.title }).waitFor();
    await page.getByText("You have voted.").waitFor();
    // Live updates are following the round before the server goes.
    await page.waitForFunction(() => document.getElementById("connection")?.hidden === true);
    console.log("ready");
    const notice = page.locator("#connection");
    await notice.getByText("Live updates have stopped").waitFor({ timeout: 30000 });
    console.log("noticed");
    // Nothing stale is shown as current: the outcome decided meanwhile
    // replaces the vote form once the page can reach its server again.
    await page.getByText(setup.outcome).waitFor({ timeout: 60000 });
    await notice.waitFor({ state: "hidden" });
    assert.equal(await page.getByRole("button", { name: "Change my vote" }).count(), 0, "the vote form is gone");
    console.log("Restart test passed");
  } finally {
    await browser.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
