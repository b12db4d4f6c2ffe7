// Builds the pages' bundles into ../static/build: the editor (CodeMirror) and Swagger UI for /docs.
// Run by scripts/build-assets.sh after `npm ci`; the app serves the results under hashed names.
import { build } from "esbuild";
import { cpSync, mkdirSync } from "node:fs";

const out = new URL("../static/build/", import.meta.url).pathname;
mkdirSync(out, { recursive: true });
await build({ entryPoints: ["editor.js"], bundle: true, minify: true, format: "iife", target: "es2020", outfile: out + "editor.js", legalComments: "none" });
for (const file of ["swagger-ui-bundle.js", "swagger-ui.css"]) {
  cpSync(`node_modules/swagger-ui-dist/${file}`, out + file);
}
