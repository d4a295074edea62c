// Starts and stops code-server (a real VS Code: workbench in the browser, Node extension host) and
// drives it with Debian's Chromium through playwright-core. Everything a run writes (user data,
// extensions, XDG folders, TMPDIR) stays in the run's own temporary folder.
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";
import * as path from "node:path";
import { CHROMIUM, CODE_SERVER_BIN } from "./tools.mjs";

/** The flags the notes found to work for headless Chromium on these machines. */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-dev-shm-usage",
];

/** User settings for a quiet, predictable workbench. */
const USER_SETTINGS = {
  "workbench.startupEditor": "none",
  "workbench.tips.enabled": false,
  "workbench.enableExperiments": false,
  "security.workspace.trust.enabled": false,
  "extensions.autoCheckUpdates": false,
  "extensions.autoUpdate": false,
  "extensions.ignoreRecommendations": true,
  "telemetry.telemetryLevel": "off",
  "update.mode": "none",
  "git.enabled": false,
  "files.hotExit": "off",
  "window.restoreWindows": "none",
  "chat.commandCenter.enabled": false,
  "workbench.colorTheme": "Default Light Modern",
};

async function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Folders for one code-server instance under `dir`, and the environment that keeps it there. */
export function instanceDirs(dir) {
  const dirs = {
    userData: path.join(dir, "user-data"),
    extensions: path.join(dir, "extensions"),
    xdgConfig: path.join(dir, "xdg", "config"),
    xdgData: path.join(dir, "xdg", "data"),
    xdgCache: path.join(dir, "xdg", "cache"),
    tmp: path.join(dir, "tmp"),
  };
  for (const d of Object.values(dirs)) fs.mkdirSync(d, { recursive: true });
  fs.mkdirSync(path.join(dirs.userData, "User"), { recursive: true });
  fs.writeFileSync(path.join(dirs.userData, "User", "settings.json"), JSON.stringify(USER_SETTINGS, null, 2));
  const env = {
    ...process.env,
    XDG_CONFIG_HOME: dirs.xdgConfig,
    XDG_DATA_HOME: dirs.xdgData,
    XDG_CACHE_HOME: dirs.xdgCache,
    TMPDIR: dirs.tmp,
    TMP: dirs.tmp,
    TEMP: dirs.tmp,
  };
  // A code-server started from inside VS Code's terminal would otherwise talk to that VS Code.
  for (const key of Object.keys(env)) if (key.startsWith("VSCODE_") || key === "ELECTRON_RUN_AS_NODE") delete env[key];
  return { dirs, env };
}

/** `code-server --install-extension FILE`: installs a .vsix the way a user does. */
export function installExtension(vsix, instance) {
  const r = spawnSync(
    process.execPath,
    [CODE_SERVER_BIN, "--user-data-dir", instance.dirs.userData, "--extensions-dir", instance.dirs.extensions, "--install-extension", vsix],
    { env: instance.env, encoding: "utf8", timeout: 120_000 },
  );
  const output = `${r.stdout ?? ""}${r.stderr ?? ""}`.trim();
  if (r.status !== 0) throw new Error(`code-server --install-extension ${vsix} failed (exit ${r.status ?? r.signal}):\n${output}`);
  return output;
}

/**
 * Starts code-server on a free loopback port, in its own process group, opening `folder`.
 * Resolves once /healthz answers. `stop()` ends the whole group.
 */
export async function startCodeServer({ instance, folder, logFile, env = {} }) {
  const port = await freePort();
  const log = fs.openSync(logFile, "a");
  const args = [
    CODE_SERVER_BIN,
    "--auth",
    "none",
    "--bind-addr",
    `127.0.0.1:${port}`,
    "--disable-telemetry",
    "--disable-update-check",
    "--disable-workspace-trust",
    "--disable-getting-started-override",
    "--user-data-dir",
    instance.dirs.userData,
    "--extensions-dir",
    instance.dirs.extensions,
    folder,
  ];
  // detached: the child calls setsid(), so it and everything it starts (extension host, language
  // server) form one process group that stop() can end at once.
  const child = spawn(process.execPath, args, { env: { ...instance.env, ...env }, stdio: ["ignore", log, log], detached: true });
  fs.closeSync(log);
  let exited = false;
  const exitedPromise = new Promise((resolve) => child.on("exit", () => resolve((exited = true))));

  const stop = async () => {
    if (exited) return;
    for (const [signal, wait] of [
      ["SIGTERM", 5000],
      ["SIGKILL", 5000],
    ]) {
      try {
        process.kill(-child.pid, signal);
      } catch {
        return; // the group is gone
      }
      let timer;
      const done = await Promise.race([exitedPromise, new Promise((r) => (timer = setTimeout(() => r(false), wait)))]);
      clearTimeout(timer);
      if (done) {
        // The leader is gone; make sure no member of its group is left behind.
        try {
          process.kill(-child.pid, "SIGKILL");
        } catch {
          /* nothing left */
        }
        return;
      }
    }
  };
  registerCleanup(stop);

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited) throw new Error(`code-server exited at start; see ${logFile}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`code-server did not answer /healthz within 60 s; see ${logFile}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return { port, url, pid: child.pid, stop };
}

/** The workbench URL that opens `folder` and, when given, runs a test suite in the extension host. */
export function workbenchUrl(server, { folder, extensionDevelopmentPath, extensionTestsPath }) {
  const remote = (p) => `vscode-remote://127.0.0.1:${server.port}${p}`;
  let url = `${server.url}/?folder=${encodeURIComponent(folder)}`;
  if (extensionTestsPath) {
    const payload = [
      ["extensionDevelopmentPath", remote(extensionDevelopmentPath)],
      ["extensionTestsPath", remote(extensionTestsPath)],
    ];
    url += `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  }
  return url;
}

export async function launchBrowser() {
  const { chromium } = await import("playwright-core");
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  registerCleanup(() => browser.close().catch(() => undefined));
  return browser;
}

// ---------------------------------------------------------------------------
// Cleanup: whatever was started is stopped on exit, on Ctrl-C and on a fatal error.

const cleanups = [];
export function registerCleanup(fn) {
  cleanups.push(fn);
}

export async function cleanupAll() {
  while (cleanups.length) {
    const fn = cleanups.pop();
    try {
      await fn();
    } catch {
      /* best effort */
    }
  }
}

for (const event of ["uncaughtException", "unhandledRejection"]) {
  process.on(event, (e) => {
    console.error(`[e2e] ${event}: ${e instanceof Error ? (e.stack ?? e.message) : e}`);
    void cleanupAll().finally(() => process.exit(1));
  });
}

for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
  process.on(signal, () => {
    console.error(`[e2e] ${signal}: stopping what was started`);
    void cleanupAll().finally(() => process.exit(130));
  });
}
