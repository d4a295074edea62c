// `npm run test:e2e`: the extension in a real VS Code (code-server 4.100.3 driven by Debian's
// Chromium), end to end, on a fresh machine:
//   1. installs what it needs (Debian packages, code-server into .e2e/), idempotently;
//   2. `npm run package`: production bundles and the .vsix, whose contents it checks;
//   3. the in-editor suite (test/e2e/suite) with the extension from the development folder;
//   4. the same suite with the .vsix installed by `code-server --install-extension`;
//   5. the UI script (test/e2e/ui.mjs): what a writer sees, with screenshots in .e2e/screenshots;
//   5b. the views script (test/e2e/views.mjs): the claims report and the corpus timeline;
//   6. the Neovim smoke test (test/e2e/nvim.mjs): the server in another LSP client.
// It stops everything it started and exits with the result. `--only suite,installed,ui,views,nvim`
// picks parts; `--keep` keeps the temporary folder.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { cleanupAll, instanceDirs, installExtension, launchBrowser, startCodeServer, workbenchUrl } from "./codeServer.mjs";
import { runNeovimSmoke } from "./nvim.mjs";
import { bundleSuite, makeWorkspace, packageVsix, vsixEntries, writeSuiteConfig } from "./prepare.mjs";
import { E2E_DIR, EDITOR_PACKAGES, ensureAptPackages, ensureCodeServer, NEOVIM_PACKAGES, ROOT } from "./tools.mjs";
import { runUiScript } from "./ui.mjs";
import { runViewsScript } from "./views.mjs";

const PARTS = ["suite", "installed", "ui", "views", "nvim"];
const argv = process.argv.slice(2);
const onlyArg = argv.find((a) => a.startsWith("--only"));
const only = onlyArg ? (onlyArg.includes("=") ? onlyArg.split("=")[1] : argv[argv.indexOf(onlyArg) + 1]).split(",") : PARTS;
for (const part of only) if (!PARTS.includes(part)) throw new Error(`unknown part ${part}; parts: ${PARTS.join(", ")}`);
const keep = argv.includes("--keep");
/** Longest time for one suite run, as a guard against a hung editor (not a performance limit). */
const SUITE_LIMIT_MS = 6 * 60_000;

const started = Date.now();
const LOGS = path.join(E2E_DIR, "logs");
fs.rmSync(LOGS, { recursive: true, force: true });
fs.mkdirSync(LOGS, { recursive: true });
const results = []; // { part, name, ok, error?, ms? }

function say(message) {
  console.log(`[e2e] ${message}`);
}

function seconds(ms) {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** Runs `fn`, recording a failure as one failed check of `part` if it throws before recording its own. */
async function part(name, fn) {
  const t0 = Date.now();
  say(`--- ${name}`);
  try {
    await fn();
  } catch (e) {
    results.push({ part: name, name: `${name} ran to the end`, ok: false, error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  }
  say(`${name} took ${seconds(Date.now() - t0)}`);
}

/** Opens the workbench with the suite in the extension host and waits for codeAutomationExit. */
async function runSuite({ name, browser, vsix }) {
  const dir = fs.mkdtempSync(path.join(tmpRoot, `${name}-`));
  const instance = instanceDirs(path.join(dir, "editor"));
  const { workspace, corpusDir, alternativeCorpusDir, reportCorpusDir } = makeWorkspace(dir);
  const suite = await bundleSuite(path.join(dir, "suite"));
  const resultsFile = path.join(dir, "results.jsonl");
  let developmentPath = ROOT;
  if (vsix) {
    say(`installing ${path.basename(vsix)} with code-server --install-extension`);
    const out = installExtension(vsix, instance);
    fs.writeFileSync(path.join(LOGS, `${name}-install.log`), out + "\n");
    // VS Code runs a suite only for a development extension: an empty one, so the installed one is tested.
    developmentPath = path.join(ROOT, "test", "e2e", "host");
  }
  writeSuiteConfig(suite, {
    mode: vsix ? "installed" : "development",
    corpusDir,
    alternativeCorpusDir,
    reportCorpusDir,
    resultsFile,
    extensionsDir: instance.dirs.extensions,
    developmentPath: ROOT,
  });

  const server = await startCodeServer({ instance, folder: workspace, logFile: path.join(LOGS, `${name}-code-server.log`) });
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  const consoleFile = path.join(LOGS, `${name}-browser-console.log`);
  page.on("console", (m) => fs.appendFileSync(consoleFile, `[${m.type()}] ${m.text()}\n`));
  page.on("pageerror", (e) => fs.appendFileSync(consoleFile, `[pageerror] ${e.stack ?? e}\n`));
  let exitCode;
  const exited = new Promise((resolve) => {
    void page.exposeFunction("codeAutomationExit", (code) => {
      exitCode = code;
      resolve(code);
      return Promise.resolve();
    });
  });
  try {
    await page.goto(workbenchUrl(server, { folder: workspace, extensionDevelopmentPath: developmentPath, extensionTestsPath: suite }));
    let timer;
    const outcome = await Promise.race([exited, new Promise((r) => (timer = setTimeout(() => r("timeout"), SUITE_LIMIT_MS)))]);
    clearTimeout(timer);
    if (outcome === "timeout") {
      await page.screenshot({ path: path.join(LOGS, `${name}-timeout.png`) }).catch(() => undefined);
      throw new Error(`the suite did not finish within ${seconds(SUITE_LIMIT_MS)}; logs in ${path.relative(ROOT, LOGS)}`);
    }
  } finally {
    await context.close().catch(() => undefined);
    await server.stop();
    if (fs.existsSync(resultsFile)) fs.copyFileSync(resultsFile, path.join(LOGS, `${name}-results.jsonl`));
  }

  const lines = fs.existsSync(resultsFile) ? fs.readFileSync(resultsFile, "utf8").trim().split("\n").filter(Boolean).map((l) => JSON.parse(l)) : [];
  const start = lines.find((l) => l.event === "start");
  if (start) say(`suite in VS Code ${start.vscode}, extension from the ${start.mode === "installed" ? "installed .vsix" : "development folder"}`);
  const checks = lines.filter((l) => l.event === "check");
  for (const c of checks) results.push({ part: name, name: c.name, ok: c.ok, error: c.error, ms: c.ms });
  if (!start || !lines.some((l) => l.event === "end")) {
    results.push({ part: name, name: "the suite ran to its end", ok: false, error: `no complete results (exit code ${exitCode}); see ${path.relative(ROOT, LOGS)}` });
  } else if ((exitCode !== 0) !== checks.some((c) => !c.ok)) {
    results.push({ part: name, name: "the editor's exit code matches the checks", ok: false, error: `exit code ${exitCode}` });
  }
}

const tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), "factcheck-e2e-"));
let browser;
try {
  await part("setup", async () => {
    const t0 = Date.now();
    const editor = only.some((p) => p !== "nvim");
    ensureAptPackages([...(editor ? EDITOR_PACKAGES : []), ...(only.includes("nvim") ? NEOVIM_PACKAGES : [])]);
    if (editor) ensureCodeServer();
    say(`tools ready in ${seconds(Date.now() - t0)}`);
  });

  let vsix;
  if (!only.some((p) => p !== "nvim")) {
    // The Neovim test alone needs only the server bundle.
    await part("build", async () => {
      const r = spawnSync("npm", ["run", "--silent", "build"], { cwd: ROOT, stdio: "inherit" });
      if (r.status !== 0) throw new Error(`npm run build failed (exit ${r.status ?? r.signal})`);
    });
  } else {
    await part("package", async () => {
      vsix = packageVsix();
      const entries = vsixEntries(vsix);
      const size = fs.statSync(vsix).size;
      say(`${path.relative(ROOT, vsix)}: ${(size / 1024).toFixed(0)} KB, ${entries.length} files`);
      const files = entries.map((e) => e.name).filter((n) => n.startsWith("extension/")).map((n) => n.slice("extension/".length));
      const unwanted = files.filter((f) => /\.(ts|map)$/.test(f) || /^(node_modules|test|bench|scripts|examples|client\/src|server\/src|\.e2e)\//.test(f));
      results.push({ part: "package", name: "the vsix holds no sources, maps, tests or dependencies", ok: unwanted.length === 0, error: unwanted.join(", ") });
      const needed = ["package.json", "client/out/extension.js", "server/out/server.js", "server/out/pdfjsApi.js", "server/out/domLibraries.js", "data/catalog.json", "syntaxes/policy-factcheck.injection.tmLanguage.json", "images/icon.png"];
      const missing = needed.filter((f) => !files.includes(f));
      results.push({ part: "package", name: "the vsix holds the bundles (the readers' libraries among them), data, grammar and icon", ok: missing.length === 0, error: `missing ${missing.join(", ")}` });
      results.push({ part: "package", name: "the vsix stays under 1 MB", ok: size < 1024 * 1024, error: `${size} bytes` });
    });
  }

  if (only.some((p) => p === "suite" || p === "installed" || p === "ui" || p === "views")) browser = await launchBrowser();
  if (only.includes("suite")) await part("suite", () => runSuite({ name: "suite", browser }));
  if (only.includes("installed") && vsix) await part("installed", () => runSuite({ name: "installed", browser, vsix }));
  if (only.includes("ui") && vsix) {
    await part("ui", async () => {
      for (const r of await runUiScript({ browser, vsix, tmpRoot, logs: LOGS })) results.push({ part: "ui", ...r });
    });
  }
  if (only.includes("views") && vsix) {
    await part("views", async () => {
      for (const r of await runViewsScript({ browser, vsix, tmpRoot, logs: LOGS })) results.push({ part: "views", ...r });
    });
  }
  if (only.includes("nvim")) {
    await part("nvim", async () => {
      for (const r of await runNeovimSmoke({ tmpRoot, logs: LOGS })) results.push({ part: "nvim", ...r });
    });
  }
} finally {
  await cleanupAll();
  if (!keep) fs.rmSync(tmpRoot, { recursive: true, force: true });
  else say(`kept ${tmpRoot}`);
}

console.log("");
for (const r of results) {
  console.log(`${r.ok ? "  ok  " : "  FAIL"} [${r.part}] ${r.name}${r.ms !== undefined ? ` (${seconds(r.ms)})` : ""}`);
  if (!r.ok && r.error) console.log(r.error.split("\n").map((l) => `         ${l}`).join("\n"));
}
const passed = results.filter((r) => r.ok).length;
const failed = results.length - passed;
console.log(`\n[e2e] finished in ${seconds(Date.now() - started)}; logs in ${path.relative(ROOT, LOGS)}`);
console.log(`e2e: ${passed} passed, ${failed} failed`);
process.exitCode = failed || passed === 0 ? 1 : 0;
