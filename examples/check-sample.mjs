// Checks the sample brief against the sample corpus beside it: the README's first command.
// The checker exits 1 when it reports findings (so CI fails on them); here findings are the point,
// so this exits 0 once it has shown them and fails only when the check itself did.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import * as path from "node:path";

const here = path.dirname(fileURLToPath(import.meta.url));
const cli = path.join(here, "..", "server", "out", "cli.js");
// Relative paths, so the findings read "examples/brief.md:11:60" when run from the repository.
const local = (p) => path.relative(process.cwd(), path.join(here, p)) || ".";
const args = [cli, "check", "--corpus", local("corpus"), local("brief.md")];
const run = spawnSync(process.execPath, args, { stdio: "inherit" });

if (run.error) {
  console.error(`check-sample: could not run the checker (${run.error.message}); run "npm run build" first`);
  process.exit(2);
}
if (run.status === 1) {
  console.log("\nThese are the errors planted in examples/brief.md. The checker itself exits 1 on findings, for CI.");
  process.exit(0);
}
if (run.status === 0) console.error("check-sample: no findings, but examples/brief.md has planted errors: the check is broken");
process.exit(run.status === 0 ? 1 : run.status ?? 2);
