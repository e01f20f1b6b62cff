// "You said, we did" by keyboard alone (tests/e2e/web_test.cc sets up a
// strategy decision every panel agreed): Asha, a co-chair, adds an action
// for Ben; Ben records it done; Cara reads on her home page, at 360 px,
// what came of the decision, and then the round's printable report. Each screen is checked with axe and at 320 px.
import { mkdirSync } from "node:fs";
import type { Page } from "playwright-core";
import { checkScreen, launchChromium, press, signedIn, status, tick, type } from "./support";

interface Setup {
  baseUrl: string;
  artifacts: string;
  roundId: string;
  decisionId: string;
  chair: string;   // Asha.
  owner: string;   // Ben.
  member: string;  // Cara.
}
const setup: Setup = JSON.parse(process.env.EQUALSAY_WEB_TEST ?? "{}");

async function decisionPage(page: Page): Promise<void> {
  await page.goto(`${setup.baseUrl}/#/round/${setup.roundId}/decision/${setup.decisionId}`);
  await page.getByRole("heading", { level: 2, name: "What will be done" }).waitFor();
}

async function main(): Promise<void> {
  mkdirSync(setup.artifacts, { recursive: true });
  const browser = await launchChromium();
  const year = String(new Date().getUTCFullYear() + 1);
  try {
    const asha = await signedIn(browser, setup.baseUrl, setup.chair);
    await decisionPage(asha);
    await type(asha.getByLabel("The action", { exact: true }), "Open the drop-in on Saturdays");
    await asha.getByLabel("Who will do it").focus();
    await asha.keyboard.type("Ben");
    await type(asha.getByLabel("Day"), "3");
    await type(asha.getByLabel("Month"), "2");
    await type(asha.getByLabel("Year"), year);
    await press(asha.getByRole("button", { name: "Add this action" }));
    await status(asha, "The action is added. Everyone in the round can see it.");
    await asha.getByText(`Ben will do this by 3 February ${year}.`).waitFor();
    await checkScreen(asha, "action-added", setup.artifacts);

    const ben = await signedIn(browser, setup.baseUrl, setup.owner);
    await ben.getByText("Record progress on 1 action you own", { exact: false }).waitFor();
    await decisionPage(ben);
    await tick(ben.getByLabel("Done", { exact: true }));
    await type(ben.getByLabel("Note"), "Open from 3 February, 10:00 to 14:00.");
    await press(ben.getByRole("button", { name: "Record this" }));
    await status(ben, "Saved. The panels can read it now.");
    await ben.getByText("We did: Open from 3 February, 10:00 to 14:00.", { exact: false }).waitFor();
    await checkScreen(ben, "action-done", setup.artifacts);

    const cara = await signedIn(browser, setup.baseUrl, setup.member);
    await cara.getByRole("heading", { level: 2, name: "What came of your decisions" }).waitFor();
    await cara.getByText("You said: Open the crisis café on Sundays").waitFor();
    await cara.getByText("We did: 1 of 1 action done.").waitFor();
    await cara.getByText("Open the drop-in on Saturdays: done. Open from 3 February, 10:00 to 14:00.").waitFor();
    await checkScreen(cara, "you-said-we-did", setup.artifacts);
    // The printable report of the round, from the round's record.
    await cara.goto(`${setup.baseUrl}/#/round/${setup.roundId}`);
    await press(cara.getByRole("link", { name: "You said, we did: what came of this round's decisions" }));
    await cara.getByRole("heading", { level: 1, name: "You said, we did" }).waitFor();
    await cara.getByText("We did: Open from 3 February, 10:00 to 14:00.", { exact: false }).waitFor();
    await checkScreen(cara, "you-said-we-did-report", setup.artifacts);
    console.log("Action tests passed");
  } finally {
    await browser.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
