// Bundles tests/NAME.test.ts (NAME: the first argument, "browser" if none)
// for Node and runs it (tests/e2e/web_test.cc calls this with the round it
// set up in EQUALSAY_WEB_TEST).
import { build } from "esbuild";
import { execFileSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const name = process.argv[2] ?? "browser";
const out = join(root, `node_modules/.cache/equalsay/${name}.test.mjs`);
await build({
  entryPoints: [join(root, `tests/${name}.test.ts`)],
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  outfile: out,
  external: ["playwright-core", "@axe-core/playwright"],
  logLevel: "warning",
});
// The second client, for the page itself.
await build({
  entryPoints: [join(root, "tests/grpc-web-probe.ts")],
  bundle: true,
  platform: "browser",
  format: "iife",
  target: "es2022",
  outfile: join(dirname(out), "grpc-web-probe.js"),
  logLevel: "warning",
});
execFileSync(process.execPath, [out], { stdio: "inherit" });
