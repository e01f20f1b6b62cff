// The web client's weight and load times as a member on a phone meets them:
// bytes sent for a first visit and for a return visit (the page revalidated
// by its ETag, the script and styles kept by their content names), and the
// time to the first paint and to a usable sign-in page, as the browser is (a
// fast desktop) and with a slow 3G connection and the CPU slowed 4 times,
// like a cheap phone on a poor signal. Prints medians of several turns;
// asserts nothing (scripts/bench runs it).
//
//   node scripts/page-weight.mjs --url http://127.0.0.1:8080 [--turns 5]
import { chromium } from "playwright-core";

const arg = (name, otherwise) => {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? process.argv[at + 1] : otherwise;
};
const url = arg("url");
const turns = Number(arg("turns", "5"));
if (!url) throw new Error("usage: page-weight.mjs --url URL [--turns N]");

// Chrome DevTools' "Slow 3G": 2 s round trips, 50 KB/s each way.
const SLOW_3G = { offline: false, latency: 2000, downloadThroughput: 50000, uploadThroughput: 50000 };

async function visit(context, profile) {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  let bytes = 0;
  cdp.on("Network.loadingFinished", (e) => { bytes += e.encodedDataLength; });
  if (profile.throttled) {
    await cdp.send("Network.emulateNetworkConditions", SLOW_3G);
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 });
  }
  const start = Date.now();
  await page.goto(url, { waitUntil: "commit" });
  await page.getByRole("heading", { level: 1, name: "Sign in to equalsay" }).waitFor({ timeout: 120000 });
  const ready = Date.now() - start;
  // The paint may be recorded a moment after the heading is there.
  const paint = await page.evaluate(() => new Promise((resolve) => {
    new PerformanceObserver((list) => {
      const fcp = list.getEntriesByName("first-contentful-paint")[0];
      if (fcp) resolve(fcp.startTime);
    }).observe({ type: "paint", buffered: true });
    setTimeout(() => resolve(NaN), 10000);
  }));
  await page.waitForLoadState("networkidle");
  await page.close();
  return { bytes, paint, ready };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)];
};

const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
try {
  console.log(`Web client page weight and load (${turns} turns each, medians), ${url}`);
  console.log("profile              visit    bytes    first paint    sign-in page ready");
  for (const profile of [{ name: "as is", throttled: false }, { name: "slow 3G, CPU 4x", throttled: true }]) {
    const first = [], again = [];
    for (let i = 0; i < turns; i++) {
      // A fresh profile each turn: nothing cached for the first visit, then
      // the same browser comes back.
      const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
      first.push(await visit(context, profile));
      again.push(await visit(context, profile));
      await context.close();
    }
    for (const [visitName, runs] of [["first", first], ["return", again]]) {
      console.log(`${profile.name.padEnd(20)} ${visitName.padEnd(7)} ${String(median(runs.map((r) => r.bytes))).padStart(7)}  ` +
        `${median(runs.map((r) => r.paint)).toFixed(0).padStart(8)} ms  ${median(runs.map((r) => r.ready)).toFixed(0).padStart(12)} ms`);
    }
  }
} finally {
  await browser.close();
}
