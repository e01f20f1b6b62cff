// What the browser tests share: Debian's Chromium, the API as someone (for
// the steps other people take meanwhile), and using controls by keyboard.
import AxeBuilder from "@axe-core/playwright";
import assert from "node:assert/strict";
import { createClient, type Interceptor } from "@connectrpc/connect";
import { createGrpcWebTransport } from "@connectrpc/connect-web";
import { chromium, type Browser, type Locator, type Page } from "playwright-core";
import { ConsensusService } from "../src/gen/equalsay/v1/consensus_pb";
import { PanelService } from "../src/gen/equalsay/v1/panels_pb";
import { ScoringService } from "../src/gen/equalsay/v1/scoring_pb";

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

export function apiAs(baseUrl: string, token: string) {
  const auth: Interceptor = (next) => (req) => {
    req.header.set("authorization", `Bearer ${token}`);
    return next(req);
  };
  const transport = createGrpcWebTransport({ baseUrl, useBinaryFormat: true, interceptors: [auth] });
  return {
    panels: createClient(PanelService, transport),
    scoring: createClient(ScoringService, transport),
    consensus: createClient(ConsensusService, transport),
  };
}

// By keyboard alone: each control is reached (focus, as Tab would) and used
// with the keys a keyboard user presses, never the mouse.
export async function press(control: Locator): Promise<void> {
  await control.focus();
  await control.page().keyboard.press("Enter");
}
export async function tick(control: Locator): Promise<void> {
  await control.focus();
  await control.page().keyboard.press("Space");
}
export async function type(control: Locator, text: string): Promise<void> {
  await control.focus();
  await control.page().keyboard.insertText(text);
}

// A new browser context at phone size, signed in with `token` and on
// "What I need to do"; an error in the page fails the test.
export async function signedIn(browser: Browser, baseUrl: string, token: string): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width: 360, height: 740 } })).newPage();
  page.on("pageerror", (e) => { throw e; });
  await page.goto(`${baseUrl}/#token=${token}`);
  await page.getByRole("heading", { level: 1, name: "What I need to do" }).waitFor();
  return page;
}

// Until the page's live region says exactly `words`.
export async function status(page: Page, words: string): Promise<void> {
  await page.waitForFunction((w) => document.getElementById("status")?.textContent === w, words);
}

// axe (WCAG 2.2 AA rules) finds nothing at any impact level, and at 320 px
// nothing scrolls sideways; a screenshot is kept in `artifacts` for people
// to look at.
export async function checkScreen(page: Page, name: string, artifacts: string): Promise<void> {
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"])
    .analyze();
  const bad = results.violations;  // At every impact level, minor too.
  assert.deepEqual(bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join("; ")})`), [], `axe on ${name}`);
  const size = page.viewportSize()!;
  await page.setViewportSize({ width: 320, height: 800 });
  await page.waitForTimeout(100);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 320, `${name} scrolls sideways at 320 px (${width} px wide)`);
  await page.screenshot({ path: `${artifacts}/${name}-320.png`, fullPage: true });
  await page.setViewportSize(size);
}
