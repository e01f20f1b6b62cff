// Builds the web client into dist/: generated protocol code, one bundled
// script (esbuild), the page, and the NHS.UK styles. The server serves dist/.
import { build } from "esbuild";
import { createHash } from "node:crypto";
import { cpSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
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
// The script and styles are named by their content (app.3f9c2a61d0.js), so
// the server lets browsers keep them for a year without asking again: a
// return visit on a poor signal costs only the page. A new build is a new
// name, which the page (always asked for again) points to.
let page = readFileSync(join(root, "index.html"), "utf8");
for (const file of ["app.js", "css/nhsuk-frontend.min.css", "css/app.css"]) {
  const hash = createHash("sha256").update(readFileSync(join(dist, file))).digest("hex").slice(0, 10);
  const named = file.replace(/\.(js|css)$/, `.${hash}.$1`);
  renameSync(join(dist, file), join(dist, named));
  const quoted = `"${file}"`;
  if (!page.includes(quoted)) throw new Error(`index.html does not load ${file}`);
  page = page.replace(quoted, `"${named}"`);
}
writeFileSync(join(dist, "index.html"), page);
// Each text file compressed once, here, rather than on every request: the
// server sends the .br or .gz copy a browser accepts (a phone on a poor
// signal gets a fraction of the bytes), never spending its CPU on it.
let plain = 0, brotli = 0;
for (const entry of readdirSync(dist, { recursive: true })) {
  const file = join(dist, String(entry));
  if (!/\.(html|js|css|map|svg|json|txt)$/.test(file) || !statSync(file).isFile()) continue;
  const data = readFileSync(file);
  const br = brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } });
  const gz = gzipSync(data, { level: 9 });
  if (br.length < data.length * 0.9) writeFileSync(`${file}.br`, br);
  if (gz.length < data.length * 0.9) writeFileSync(`${file}.gz`, gz);
  if (!file.endsWith(".map")) {
    plain += data.length;
    brotli += Math.min(br.length, data.length);
  }
}
console.log(`Built the web client into clients/web/dist (${Math.round(plain / 1024)} KiB; ${Math.round(brotli / 1024)} KiB with brotli, as a browser loads it)`);
