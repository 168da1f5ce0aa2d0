// Builds the resident pages' assets from node_modules into a git-ignored
// static folder: the council theme compiled with Dart Sass, GOV.UK Frontend's
// JavaScript, and its images (not its fonts: councils do not use GDS Transport);
// Leaflet's minified script, stylesheet and marker images for the location map.
import { cpSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..", "..");
const govuk = join(root, "node_modules", "govuk-frontend", "dist", "govuk");
const leaflet = join(root, "node_modules", "leaflet", "dist");
const out = join(here, "..", "static", "web", "dist");

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const css = sass.compile(join(here, "council.scss"), {
  loadPaths: [join(root, "node_modules")],
  style: "compressed",
  quietDeps: true,
  silenceDeprecations: ["import"],
});
writeFileSync(join(out, "council.css"), css.css);
cpSync(join(govuk, "govuk-frontend.min.js"), join(out, "govuk-frontend.min.js"));
cpSync(join(govuk, "assets", "images"), join(out, "assets", "images"), { recursive: true });
for (const file of ["leaflet.js", "leaflet.css", "images"]) {
  cpSync(join(leaflet, file), join(out, "leaflet", file), { recursive: true });
}
console.log(`built ${out}`);
