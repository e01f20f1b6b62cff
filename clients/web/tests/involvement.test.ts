// Time and payments by keyboard alone, at phone size (tests/e2e/web_test.cc
// sets up a steering round and the co-chairs' rate): an administrator sets
// the members' rate; Ben, signed in for the first time, reads who is
// responsible for his information; he records a steering meeting and claims
// his bus fare (moving on while the page is drawn again, and a mistyped
// amount refused, lose nothing he typed) and chooses payment; Asha, the
// co-chair, confirms both; Ben reads his statement at 360 px, sets an income
// limit and is warned, then reads what equalsay holds about him; the
// administrator makes finance's file, and cannot erase Ben's information
// while the round needs him. Each screen is checked with axe and at 320 px.
import { mkdirSync } from "node:fs";
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { checkScreen, launchChromium, press, signedIn, status, tick, type } from "./support";

interface Setup {
  baseUrl: string;
  artifacts: string;
  roundId: string;
  chair: string;   // Asha.
  member: string;  // Ben.
  admin: string;
}
const setup: Setup = JSON.parse(process.env.EQUALSAY_WEB_TEST ?? "{}");

async function involvementPage(page: Page): Promise<void> {
  await press(page.getByRole("link", { name: /^Your time and payments/ }));
  await page.getByRole("heading", { level: 1, name: "Your time and payments" }).waitFor();
}

async function main(): Promise<void> {
  mkdirSync(setup.artifacts, { recursive: true });
  const browser = await launchChromium();
  try {
    // An administrator sets the members' rate; the co-chairs' is set already.
    const admin = await signedIn(browser, setup.baseUrl, setup.admin);
    await involvementPage(admin);
    const rate = admin.locator("form", { has: admin.getByRole("button", { name: "Save the rate" }) });
    await tick(rate.getByLabel("Steering meeting"));
    await tick(rate.getByLabel("Members"));
    await type(rate.getByLabel("Pounds an hour"), "15.00");
    await press(rate.getByRole("button", { name: "Save the rate" }));
    await status(admin, "Saved: Steering meeting, members, £15.00 an hour.");

    const ben = await signedIn(browser, setup.baseUrl, setup.member);
    // His first sign-in: who is responsible for his information, until he
    // says he has read it.
    const first = ben.getByRole("region", { name: "Your information" });
    await first.getByText("is responsible for what equalsay keeps about you", { exact: false }).waitFor();
    await press(first.getByRole("button", { name: "I have read this" }));
    await status(ben, "Thank you. \"Your information\" at the foot of every page has it all again.");
    assert.equal(await first.count(), 0);
    await involvementPage(ben);
    const time = ben.locator("form", { has: ben.getByRole("button", { name: "Record this time" }) });
    await tick(time.getByLabel("Steering meeting"));
    await type(time.getByLabel("Hours"), "2");
    // The page is drawn again once the time is recorded; Ben moves on to
    // his expense before it is (held here so that he surely does). He keeps
    // his place, and what he goes on typing lands in the box he is in.
    const statementCalls = "**/equalsay.v1.PanelService/GetStatement";
    let release = (): void => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    await ben.route(statementCalls, async (r) => { await held; await r.continue(); });
    const reloading = ben.waitForRequest(/GetStatement/);
    await press(time.getByRole("button", { name: "Record this time" }));
    await reloading;
    const expense = ben.locator("form", { has: ben.getByRole("button", { name: "Claim this expense" }) });
    const amount = expense.getByLabel("Amount in pounds");
    await amount.evaluate((el) => ((window as unknown as { before: Element }).before = el));
    await type(amount, "six");
    release();
    await ben.waitForFunction(() => !(window as unknown as { before: Element }).before.isConnected);
    await ben.unroute(statementCalls);
    await status(ben, "Recorded. A co-chair will confirm it.");
    await ben.keyboard.insertText(" forty");
    assert.equal(await amount.inputValue(), "six forty");
    await tick(expense.getByLabel("Travel"));
    await type(expense.getByLabel("What it was"), "Bus there and back");
    await press(expense.getByRole("button", { name: "Claim this expense" }));
    await expense.getByText("amount_pence: enter the amount in pounds, for example 6.40.").waitFor();
    assert.equal(await expense.getByLabel("What it was").inputValue(), "Bus there and back");
    await expense.getByLabel("Amount in pounds").fill("");
    await type(expense.getByLabel("Amount in pounds"), "6.40");
    await press(expense.getByRole("button", { name: "Claim this expense" }));
    await status(ben, "Claimed. A co-chair will confirm it.");
    await ben.getByText("Travel, £6.40, Bus there and back (waiting for a co-chair to confirm).", { exact: false }).waitFor();

    await tick(ben.getByLabel("Payment", { exact: true }));
    await press(ben.getByRole("button", { name: "Save my choice" }));
    await status(ben, "Saved: Payment.");

    const asha = await signedIn(browser, setup.baseUrl, setup.chair);
    await asha.getByText("Confirm time or expenses: 2 entries are waiting (Your time and payments).").waitFor();
    await involvementPage(asha);
    await asha.getByRole("heading", { level: 2, name: "Time and expenses to confirm" }).waitFor();
    for (let left = 2; left > 0; --left) {
      const form = asha.locator("form", { has: asha.getByText("Is this right?") }).first();
      await tick(form.getByLabel("Confirm it", { exact: true }));
      await press(form.getByRole("button", { name: "Record this" }));
      await asha.waitForFunction((n) => [...document.querySelectorAll("legend")]
        .filter((l) => l.textContent === "Is this right?").length === n, left - 1);
    }
    await checkScreen(asha, "involvement-confirmed", setup.artifacts);

    await ben.reload();
    await ben.getByRole("heading", { level: 1, name: "Your time and payments" }).waitFor();
    const totals = ben.locator("dl.nhsuk-summary-list");
    await totals.getByText("2 hours").waitFor();
    await totals.getByText("£30.00").waitFor();
    await totals.getByText("£6.40").waitFor();
    await ben.getByText("Steering meeting, 2 hours, worth £30.00 (confirmed).", { exact: false }).waitFor();
    await type(ben.getByLabel("Limit for the tax year, in pounds"), "35");
    await press(ben.getByRole("button", { name: "Save the limit" }));
    await status(ben, "Saved: your limit is £35.00.");
    await ben.getByText("You are close to the limit you set: £30.00 this tax year, £5.00 below your limit of £35.00.", { exact: false }).waitFor();
    await checkScreen(ben, "involvement-statement", setup.artifacts);
    // What equalsay holds about him, from "Your information".
    await press(ben.getByRole("link", { name: "Your information" }));
    await press(ben.getByRole("link", { name: "what equalsay holds about you" }));
    await ben.getByRole("heading", { level: 1, name: "What equalsay holds about you" }).waitFor();
    await ben.getByText("Bus there and back", { exact: false }).waitFor();
    await checkScreen(ben, "my-data", setup.artifacts);

    await admin.reload();
    await admin.getByRole("heading", { level: 1, name: "Your time and payments" }).waitFor();
    const year = new Date().getUTCFullYear();
    const exporting = admin.locator("form", { has: admin.getByRole("button", { name: "Make the file" }) });
    for (const [legend, d, m, y] of [["From", "1", "1", String(year - 1)], ["To (the last day included)", "31", "12", String(year)]]) {
      const group = exporting.getByRole("group", { name: legend, exact: false });
      await type(group.getByLabel("Day"), d);
      await type(group.getByLabel("Month"), m);
      await type(group.getByLabel("Year"), y);
    }
    await press(exporting.getByRole("button", { name: "Make the file" }));
    await status(admin, "The file is ready: 1 row.");
    await admin.getByRole("link", { name: /^Download payments-/ }).waitFor();
    await checkScreen(admin, "involvement-export", setup.artifacts);

    // Ben asks for his information to be erased: the name must match, and
    // it waits while the steering group in progress needs him.
    await admin.goto(`${setup.baseUrl}/#/people`);
    await press(admin.getByRole("link", { name: "Change Ben", exact: true }));
    await admin.getByRole("heading", { level: 1, name: "Ben" }).waitFor();
    const erase = admin.locator("form", { has: admin.getByRole("button", { name: "Erase their information" }) });
    await type(erase.getByLabel("Their name, to be sure"), "Bob");
    await press(erase.getByRole("button", { name: "Erase their information" }));
    await erase.getByText("does not match", { exact: false }).first().waitFor();
    await erase.getByLabel("Their name, to be sure").fill("");
    await type(erase.getByLabel("Their name, to be sure"), "ben");
    await press(erase.getByRole("button", { name: "Erase their information" }));
    await erase.getByText("Ben is still needed in a round in progress", { exact: false }).first().waitFor();
    assert.equal(await erase.getByLabel("Their name, to be sure").inputValue(), "ben");
    await checkScreen(admin, "erase-refused", setup.artifacts);
    // Someone on no round goes at once, and shows as erased from then on.
    await press(admin.getByRole("link", { name: "Back to people" }));
    const add = admin.locator("form", { has: admin.getByRole("button", { name: "Add this person" }) });
    await type(add.getByLabel("Name"), "Zed Quill");
    await press(add.getByRole("button", { name: "Add this person" }));
    await admin.getByRole("heading", { level: 1, name: "Zed Quill" }).waitFor();
    await type(erase.getByLabel("Their name, to be sure"), "Zed Quill");
    await press(erase.getByRole("button", { name: "Erase their information" }));
    await admin.getByRole("heading", { level: 1, name: /^Erased person \d+$/ }).waitFor();
    await admin.waitForFunction(() => /^Erased: 1 name and e-mail address; 1 stored answer to a request; 1 key that locked their data \(destroyed\)\. They show as Erased person \d+ from now on\.$/
      .test(document.getElementById("status")?.textContent ?? ""));
    await admin.getByText("This person's information was erased", { exact: false }).waitFor();
    assert.equal(await admin.getByText("Zed Quill").count(), 0);
    console.log("Involvement tests passed");
  } finally {
    await browser.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
