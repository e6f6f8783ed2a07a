// Prints the licence of every package bundled into codemirror.min.js (govkg, Apache-2.0): name, version, licence text.
import { readFileSync, readdirSync, existsSync } from "node:fs";
import { join } from "node:path";

const lock = JSON.parse(readFileSync("package-lock.json", "utf8"));
const out = ["The packages bundled into codemirror.min.js (built by tools/editor; README, 'The query page').", ""];
for (const [path, meta] of Object.entries(lock.packages).sort()) {
  if (!path.startsWith("node_modules/") || meta.dev) continue;
  const name = path.slice("node_modules/".length);
  const file = readdirSync(path).find((f) => /^licen[cs]e/i.test(f));
  out.push("=".repeat(78), `${name} ${meta.version} (${meta.license})`, "=".repeat(78));
  out.push(file && existsSync(join(path, file)) ? readFileSync(join(path, file), "utf8").trim() : "(no licence file)", "");
}
process.stdout.write(out.join("\n") + "\n");
