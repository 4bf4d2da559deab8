// Builds static/build/ from the npm packages: our stylesheet (GOV.UK Frontend
// compiled with Arial instead of the GOV.UK typeface) and the GOV.UK Frontend
// script. Run by `make assets`; the output is not committed.
import * as sass from "sass";
import { cpSync, mkdirSync, writeFileSync } from "node:fs";

const out = "static/build";
mkdirSync(out, { recursive: true });
const css = sass.compile("static/src/portal.scss", {
  loadPaths: ["node_modules"],
  style: "compressed",
  quietDeps: true,
  silenceDeprecations: ["import"],
});
writeFileSync(`${out}/portal.css`, css.css);
const govuk = "node_modules/govuk-frontend/dist/govuk";
cpSync(`${govuk}/govuk-frontend.min.js`, `${out}/govuk-frontend.min.js`);
console.log(`built ${out}/portal.css (${css.css.length} bytes) and copied GOV.UK Frontend script`);
