// A supporter scores for a member by keyboard alone (tests/e2e/web_test.cc
// sets up a recruitment round in which Ben named Hana as his supporter):
// every screen says whose scores these are, the sheet Hana submits is Ben's,
// and Ben sees it marked as entered for him. Each screen is checked with
// axe and at 320 px.
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { checkScreen, launchChromium, press, signedIn, tick, type } from "./support";

interface Setup {
  baseUrl: string;
  artifacts: string;
  roundId: string;
  supporter: string;  // Hana.
  member: string;     // Ben, who named her.
  candidate: { id: string; label: string };
}
const setup: Setup = JSON.parse(process.env.EQUALSAY_WEB_TEST ?? "{}");

async function main(): Promise<void> {
  mkdirSync(setup.artifacts, { recursive: true });
  const browser = await launchChromium();
  const { label } = setup.candidate;
  try {
    const hana = await signedIn(browser, setup.baseUrl, setup.supporter);
    await press(hana.getByRole("link", { name: "Act for Ben" }));
    await hana.getByRole("heading", { level: 1, name: "Acting for Ben" }).waitFor();
    await press(hana.getByRole("link", { name: `Score ${label} for Ben` }));
    await hana.getByRole("heading", { level: 1, name: `Score ${label} for Ben` }).waitFor();
    await hana.getByText("You are entering this for Ben").waitFor();
    await checkScreen(hana, "support-score", setup.artifacts);
    await press(hana.getByRole("button", { name: "Save and submit Ben's scores" }));  // How is not chosen.
    await press(hana.getByRole("link", { name: "Choose how Ben gave these scores." }));
    await tick(hana.getByLabel("On paper"));
    await tick(hana.getByLabel("3 - good evidence"));
    await type(hana.getByLabel("What Ben saw or heard, in their words (optional)"), "Spoke about their own recovery.");
    await tick(hana.getByLabel("Appointable", { exact: true }));
    await press(hana.getByRole("button", { name: "Save and submit Ben's scores" }));
    await hana.getByRole("heading", { level: 1, name: "Acting for Ben" }).waitFor();
    await hana.waitForFunction((l) => document.getElementById("status")?.textContent === `Ben's scores for ${l} are submitted.`, label);

    const ben = await signedIn(browser, setup.baseUrl, setup.member);
    await ben.goto(`${setup.baseUrl}/#/round/${setup.roundId}/score/${setup.candidate.id}`);
    await ben.getByRole("heading", { level: 1, name: `Score ${label}` }).waitFor();
    await ben.getByText("Hana entered these scores for you, from your paper form.", { exact: false }).waitFor();
    assert.ok(await ben.getByLabel("3 - good evidence").isChecked(), "the scores Hana entered are Ben's");
    assert.equal(await ben.getByLabel("What you saw or heard (optional)").inputValue(), "Spoke about their own recovery.");
    await checkScreen(ben, "score-entered-for-me", setup.artifacts);
    console.log("Assisted tests passed");
  } finally {
    await browser.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
