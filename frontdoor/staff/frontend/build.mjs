// Builds the staff workspace's stylesheet into a git-ignored static folder.
// GOV.UK Frontend's JavaScript and images come from the resident build
// (frontdoor/web/frontend/build.mjs), which runs first.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..", "..");
const out = join(here, "..", "static", "staff", "dist");

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const css = sass.compile(join(here, "staff.scss"), {
  loadPaths: [join(root, "node_modules")],
  style: "compressed",
  quietDeps: true,
  silenceDeprecations: ["import"],
});
writeFileSync(join(out, "staff.css"), css.css);
console.log(`built ${out}`);
