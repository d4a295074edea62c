// `npm run test:electron`: the same in-editor suite under @vscode/test-electron's runTests, in the
// VS Code desktop build it downloads (1.100.3, the version code-server 4.100.3 carries). Needs a
// machine that can reach VS Code's update server, and a display (on Linux without one:
// `xvfb-run -a npm run test:electron`). Where VS Code cannot be downloaded, as on the project's
// own machines, it says so and exits with 1: use `npm run test:e2e` there.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { bundleSuite, makeWorkspace, writeSuiteConfig } from "./prepare.mjs";
import { ROOT } from "./tools.mjs";

const VSCODE_VERSION = process.env.FACTCHECK_VSCODE_VERSION || "1.100.3";

const build = spawnSync("npm", ["run", "--silent", "build"], { cwd: ROOT, stdio: "inherit" });
if (build.status !== 0) process.exit(build.status ?? 1);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "factcheck-electron-"));
const { workspace, corpusDir, alternativeCorpusDir } = makeWorkspace(dir);
const suite = await bundleSuite(path.join(dir, "suite"));
const resultsFile = path.join(dir, "results.jsonl");
writeSuiteConfig(suite, { mode: "development", corpusDir, alternativeCorpusDir, resultsFile, developmentPath: ROOT });

const { downloadAndUnzipVSCode, runTests } = await import("@vscode/test-electron");
let code = 1;
try {
  const vscodeExecutablePath = await downloadAndUnzipVSCode({ version: VSCODE_VERSION, cachePath: path.join(ROOT, ".vscode-test") }).catch((e) => {
    console.error(`[electron] could not download VS Code ${VSCODE_VERSION}: ${e instanceof Error ? e.message : e}`);
    console.error("[electron] this machine cannot reach VS Code's update server; `npm run test:e2e` runs the same suite in code-server.");
    return undefined;
  });
  if (vscodeExecutablePath) code = await runTests({
    vscodeExecutablePath,
    extensionDevelopmentPath: ROOT,
    extensionTestsPath: suite,
    extensionTestsEnv: { FACTCHECK_E2E_CONFIG: path.join(path.dirname(suite), "e2e-config.json") },
    launchArgs: [
      workspace,
      "--disable-extensions", // other installed extensions; the built-in Markdown support stays
      "--disable-workspace-trust",
      "--skip-welcome",
      "--skip-release-notes",
      `--user-data-dir=${path.join(dir, "user-data")}`,
    ],
  });
} catch (e) {
  console.error(`[electron] ${e instanceof Error ? e.message : e}`);
} finally {
  const lines = fs.existsSync(resultsFile) ? fs.readFileSync(resultsFile, "utf8").trim().split("\n").filter(Boolean).map((l) => JSON.parse(l)) : [];
  const checks = lines.filter((l) => l.event === "check");
  for (const c of checks) {
    console.log(`${c.ok ? "  ok  " : "  FAIL"} ${c.name}`);
    if (!c.ok) console.log(c.error.split("\n").map((l) => `         ${l}`).join("\n"));
  }
  const passed = checks.filter((c) => c.ok).length;
  console.log(`electron: ${passed} passed, ${checks.length - passed} failed`);
  fs.rmSync(dir, { recursive: true, force: true });
}
process.exit(code === 0 ? 0 : 1);
