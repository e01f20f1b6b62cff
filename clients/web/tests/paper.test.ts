// Paper ballots counted in the room, by keyboard alone (tests/e2e/web_test.cc
// sets up a secret strategy decision; Ben and Cara of the Service User Panel
// voted on paper): Asha, the co-chair, counts first; Ben counts again, first
// with numbers that do not add up (refused, nothing lost), then differently
// from Asha (recorded; no second try until Asha counts afresh); then both
// the same, the papers count, and Ben sees that his vote was on paper. Each
// screen is checked with axe and at 320 px.
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import { checkScreen, launchChromium, press, signedIn, status, tick } from "./support";

interface Setup {
  baseUrl: string;
  artifacts: string;
  roundId: string;
  decisionId: string;
  chair: string;   // Asha.
  member: string;  // Ben.
}
const setup: Setup = JSON.parse(process.env.EQUALSAY_WEB_TEST ?? "{}");

async function decisionPage(browser: Browser, token: string): Promise<Page> {
  const page = await signedIn(browser, setup.baseUrl, token);
  await page.goto(`${setup.baseUrl}/#/round/${setup.roundId}/decision/${setup.decisionId}`);
  await page.getByRole("heading", { level: 2, name: "Paper ballots counted in the room" }).waitFor();
  return page;
}

// Replaces what a box holds, as a keyboard user would.
async function retype(page: Page, label: string, text: string): Promise<void> {
  const box = page.getByLabel(label);
  await box.focus();
  await page.keyboard.press("Control+A");
  await page.keyboard.insertText(text);
}

async function count(page: Page, agree: string, disagree: string): Promise<void> {
  await tick(page.getByLabel("Ben", { exact: true }));
  await tick(page.getByLabel("Cara", { exact: true }));
  await retype(page, 'Papers that say "Agree"', agree);
  await retype(page, 'Papers that say "Disagree"', disagree);
}

async function main(): Promise<void> {
  mkdirSync(setup.artifacts, { recursive: true });
  const browser = await launchChromium();
  try {
    const asha = await decisionPage(browser, setup.chair);
    await checkScreen(asha, "paper-first-count", setup.artifacts);
    await count(asha, "1", "1");
    await press(asha.getByRole("button", { name: "Enter the count" }));
    await status(asha, "Your count is saved. Now a second person of your panel counts the papers again and enters their count.");
    // The first counter is told the count is theirs, and may correct it.
    await asha.getByText("You have counted your panel's paper ballots.", { exact: false }).waitFor();
    await asha.getByRole("button", { name: "Enter my count again" }).waitFor();

    const ben = await decisionPage(browser, setup.member);
    await ben.getByText("Asha has counted your panel's paper ballots.", { exact: false }).waitFor();
    await count(ben, "3", "0");
    await press(ben.getByRole("button", { name: "Enter the second count" }));
    await ben.getByRole("heading", { name: "There is a problem" }).waitFor();
    await ben.getByText("The counts add up to 3, but 2 members are listed", { exact: false }).waitFor();
    // Nothing Ben ticked or typed is lost to the refusal.
    assert.ok(await ben.getByLabel("Cara", { exact: true }).isChecked(), "Ben's ticks stay");
    assert.equal(await ben.getByLabel('Papers that say "Agree"').inputValue(), "3");
    await checkScreen(ben, "paper-second-count-refused", setup.artifacts);
    // A count that differs from Asha's counts nothing, and nobody counts
    // second again until a co-chair has counted afresh.
    await retype(ben, 'Papers that say "Agree"', "2");
    await press(ben.getByRole("button", { name: "Enter the second count" }));
    await status(ben, "Your count differs from the first, so the papers do not count yet. Count them again together; then a co-chair enters the count afresh.");
    await ben.getByText("the two counts of the paper ballots, by Asha and Ben, differed", { exact: false }).first().waitFor();
    assert.equal(await ben.getByRole("button", { name: "Enter the second count" }).count(), 0, "no second try");
    await checkScreen(ben, "paper-counts-differ", setup.artifacts);

    await asha.reload();
    await asha.getByRole("button", { name: "Enter the count afresh" }).waitFor();
    await count(asha, "1", "1");
    await press(asha.getByRole("button", { name: "Enter the count afresh" }));
    await status(asha, "Your count is saved. Now a second person of your panel counts the papers again and enters their count.");
    // The first counter is told the count is theirs, and may correct it.
    await asha.getByText("You have counted your panel's paper ballots.", { exact: false }).waitFor();
    await asha.getByRole("button", { name: "Enter my count again" }).waitFor();

    await ben.reload();
    await ben.getByRole("button", { name: "Enter the second count" }).waitFor();
    await count(ben, "1", "1");
    await press(ben.getByRole("button", { name: "Enter the second count" }));
    await status(ben, "Both counts are the same: the paper ballots count now.");
    await ben.getByText("You voted on paper in the room", { exact: false }).waitFor();
    await ben.getByText("paper ballots were counted in the room by Asha and Ben", { exact: false }).first().waitFor();
    await checkScreen(ben, "paper-counted", setup.artifacts);
    console.log("Paper tests passed");
  } finally {
    await browser.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
