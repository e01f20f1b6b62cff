// Builds the web client into dist/: generated protocol code, one bundled
// script (esbuild), the page, and the NHS.UK styles. The server serves dist/.
import { build } from "esbuild";
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { execFileSync } from "node:child_process";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const dist = join(root, "dist");
execFileSync(process.execPath, [join(root, "scripts/generate.mjs")], { stdio: "inherit" });
execFileSync(join(root, "node_modules/.bin/tsc"), ["--noEmit", "-p", root], { stdio: "inherit" });
rmSync(dist, { recursive: true, force: true });
mkdirSync(join(dist, "css"), { recursive: true });
await build({
  entryPoints: [join(root, "src/main.ts")],
  bundle: true,
  format: "esm",
  target: "es2022",
  minify: true,
  sourcemap: true,
  outfile: join(dist, "app.js"),
  logLevel: "warning",
});
const nhsuk = join(root, "node_modules/nhsuk-frontend/dist/nhsuk");
// Without its @font-face rules: they fetch the NHS's Frutiger from
// assets.nhs.uk, which would tell another site of every visit, is licensed
// to the NHS alone, and is refused by the server's Content-Security-Policy.
// Text falls back to Arial, as the NHS's own styles intend.
const css = readFileSync(join(nhsuk, "nhsuk-frontend.min.css"), "utf8");
const withoutFonts = css.replace(/@font-face\{[^}]*\}/g, "");
if (withoutFonts.includes("assets.nhs.uk")) throw new Error("nhsuk-frontend.min.css still loads from assets.nhs.uk");
writeFileSync(join(dist, "css/nhsuk-frontend.min.css"), withoutFonts);
cpSync(join(nhsuk, "assets"), join(dist, "assets"), { recursive: true });
cpSync(join(root, "css/app.css"), join(dist, "css/app.css"));
cpSync(join(root, "index.html"), join(dist, "index.html"));
console.log("Built the web client into clients/web/dist");
