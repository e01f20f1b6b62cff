// Generates TypeScript for the protocol from ../../proto with Debian's
// protoc and @bufbuild/protoc-gen-es, into src/gen (never committed).
import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "src/gen");
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
execFileSync(
  "protoc",
  [
    `-I${join(root, "../../proto")}`,
    `--plugin=protoc-gen-es=${join(root, "node_modules/.bin/protoc-gen-es")}`,
    `--es_out=${out}`,
    "--es_opt=target=ts,import_extension=none",
    "equalsay/v1/common.proto",
    "equalsay/v1/panels.proto",
    "equalsay/v1/scoring.proto",
    "equalsay/v1/consensus.proto",
  ],
  { stdio: "inherit" },
);
