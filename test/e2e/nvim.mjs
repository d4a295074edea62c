// `npm run test:nvim`: the language server in Debian's Neovim (0.7.2), headless, as a second
// LSP client that shares no code with the VS Code one: diagnostics and hover must arrive.
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { registerCleanup } from "./codeServer.mjs";
import { projectCorpusDir } from "./prepare.mjs";
import { ROOT } from "./tools.mjs";

const DRAFT = "# Launch\n\nThe Indo-Pacific Economic Framework (IPEF) was launched in May 2021.\n";
const LIMIT_MS = 3 * 60_000; // a guard against a hung editor, not a speed limit

export async function runNeovimSmoke({ tmpRoot, logs }) {
  const dir = fs.mkdtempSync(path.join(tmpRoot, "nvim-"));
  const workspace = path.join(dir, "drafts");
  fs.mkdirSync(workspace, { recursive: true });
  fs.writeFileSync(path.join(workspace, ".factcheckrc.json"), JSON.stringify({ corpus: [projectCorpusDir()] }) + "\n");
  const file = path.join(workspace, "draft.md");
  fs.writeFileSync(file, DRAFT);
  const out = path.join(dir, "report.json");
  const lines = DRAFT.split("\n");
  const hoverLine = lines.findIndex((l) => l.includes("(IPEF)"));
  const env = {
    ...process.env,
    HOME: dir,
    XDG_CONFIG_HOME: path.join(dir, "config"),
    XDG_DATA_HOME: path.join(dir, "data"),
    XDG_STATE_HOME: path.join(dir, "state"),
    XDG_CACHE_HOME: path.join(dir, "cache"),
    TMPDIR: dir,
    FACTCHECK_SERVER: path.join(ROOT, "server", "out", "server.js"),
    FACTCHECK_ROOT: workspace,
    FACTCHECK_FILE: file,
    FACTCHECK_OUT: out,
    FACTCHECK_HOVER_LINE: String(hoverLine),
    FACTCHECK_HOVER_CHARACTER: String(lines[hoverLine].indexOf("(IPEF)") + 2),
  };
  const log = fs.openSync(path.join(logs, "nvim.log"), "w");
  const child = spawn("nvim", ["--headless", "-u", "NONE", "-i", "NONE", "-n", "-c", `luafile ${path.join(ROOT, "test", "e2e", "nvim", "smoke.lua")}`], {
    cwd: workspace,
    env,
    stdio: ["ignore", log, log],
    detached: true, // its own process group, with the server it starts
  });
  fs.closeSync(log);
  const killGroup = () => {
    try {
      process.kill(-child.pid, "SIGKILL");
    } catch {
      /* already gone */
    }
  };
  registerCleanup(killGroup);
  let timer;
  const code = await new Promise((resolve) => {
    child.on("exit", (c, s) => resolve(c ?? s));
    timer = setTimeout(() => resolve("timeout"), LIMIT_MS);
  });
  clearTimeout(timer);
  killGroup();

  const results = [];
  const add = (name, ok, error) => results.push({ name, ok: !!ok, error });
  if (!fs.existsSync(out)) {
    add("Neovim ran the smoke script", false, `no report (exit ${code}); see .e2e/logs/nvim.log`);
    return results;
  }
  const report = JSON.parse(fs.readFileSync(out, "utf8"));
  fs.writeFileSync(path.join(logs, "nvim-report.json"), JSON.stringify(report, null, 2));
  add(`Neovim ${report.nvim} started the server with vim.lsp.start_client`, report.client_started && !report.error, report.error);
  const d = report.diagnostics?.[0];
  const start = lines[hoverLine].indexOf("May 2021");
  add(
    "the date-conflict diagnostic arrives in Neovim on 'May 2021'",
    report.diagnostics_arrived &&
      report.diagnostics.length === 1 &&
      d.code === "date-conflict" &&
      d.lnum === hoverLine &&
      d.col === start &&
      d.end_col === start + "May 2021".length &&
      /May 2022/.test(d.message),
    JSON.stringify(report.diagnostics),
  );
  add("the IPEF hover arrives in Neovim with the fact card", /Indo-Pacific Economic Framework/.test(report.hover ?? ""), JSON.stringify(report.hover ?? null));
  add("the server stops when Neovim stops the client", report.server_stopped, "still running after stop_client");
  return results;
}
