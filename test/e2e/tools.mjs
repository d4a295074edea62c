// Installs what the real-editor tests need, idempotently: Debian packages (Chromium, ripgrep,
// the headers code-server's native modules build against, Neovim) and code-server 4.100.3
// (VS Code 1.100.3, the last release for Node 20) into the ignored folder .e2e/code-server.
// Run directly (`node test/e2e/tools.mjs`) or imported by the runners.
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const E2E_DIR = path.join(ROOT, ".e2e");
export const CODE_SERVER_VERSION = "4.100.3";
const CODE_SERVER_PREFIX = path.join(E2E_DIR, "code-server");
export const CODE_SERVER_BIN = path.join(CODE_SERVER_PREFIX, "node_modules", "code-server", "out", "node", "entry.js");
const STAMP = path.join(CODE_SERVER_PREFIX, `installed-${CODE_SERVER_VERSION}`);
export const CHROMIUM = "/usr/bin/chromium";

/** Debian packages for code-server (its native modules build with node-gyp) and the browser. */
export const EDITOR_PACKAGES = ["chromium", "ripgrep", "libkrb5-dev", "pkg-config", "g++", "make", "python3"];
/** For the Neovim smoke test. */
export const NEOVIM_PACKAGES = ["neovim"];
export const APT_PACKAGES = [...EDITOR_PACKAGES, ...NEOVIM_PACKAGES];

function log(message) {
  console.log(`[e2e setup] ${message}`);
}

function isInstalled(pkg) {
  const r = spawnSync("dpkg-query", ["-W", "-f=${Status}", pkg], { encoding: "utf8" });
  return r.status === 0 && r.stdout.includes("install ok installed");
}

function asRoot(cmd, args) {
  const isRoot = process.getuid?.() === 0;
  const [file, argv] = isRoot ? [cmd, args] : ["sudo", ["-n", cmd, ...args]];
  const r = spawnSync(file, argv, { stdio: "inherit", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
  if (r.status !== 0) throw new Error(`${[file, ...argv].join(" ")} failed (exit ${r.status ?? r.signal})`);
}

export function ensureAptPackages(packages = APT_PACKAGES) {
  const missing = packages.filter((p) => !isInstalled(p));
  if (!missing.length) return;
  log(`installing Debian packages: ${missing.join(" ")}`);
  asRoot("apt-get", ["update", "-q"]);
  asRoot("apt-get", ["install", "-y", "-q", "--no-install-recommends", ...missing]);
}

/**
 * @vscode/ripgrep's install step downloads rg from GitHub, which cannot be reached. It looks in
 * $TMPDIR/vscode-ripgrep-cache-<version>/ first, so a tarball of Debian's rg there lets it install offline.
 */
function seedRipgrepCache(tmp) {
  const rg = "/usr/bin/rg";
  if (!fs.existsSync(rg)) throw new Error("ripgrep (/usr/bin/rg) is missing");
  const stage = path.join(tmp, "rg-stage");
  fs.mkdirSync(stage, { recursive: true });
  fs.copyFileSync(rg, path.join(stage, "rg"));
  fs.chmodSync(path.join(stage, "rg"), 0o755);
  // The versions code-server 4.100.3 pins, plus neighbours in case a patch release moves.
  for (const version of ["1.15.9", "1.15.10", "1.15.11", "1.15.12", "1.15.13", "1.15.14"]) {
    const dir = path.join(tmp, `vscode-ripgrep-cache-${version}`);
    fs.mkdirSync(dir, { recursive: true });
    for (const rgVersion of ["v13.0.0-10", "v13.0.0-11", "v13.0.0-12", "v13.0.0-13"]) {
      execFileSync("tar", ["-czf", path.join(dir, `ripgrep-${rgVersion}-x86_64-unknown-linux-musl.tar.gz`), "-C", stage, "rg"]);
    }
  }
}

/** Files that exist only once code-server's postinstall has built its native modules. */
const VSCODE_DIR = path.join(CODE_SERVER_PREFIX, "node_modules", "code-server", "lib", "vscode");
const BUILT = [
  CODE_SERVER_BIN,
  path.join(VSCODE_DIR, "node_modules", "node-pty", "build", "Release", "pty.node"),
  path.join(VSCODE_DIR, "node_modules", "@vscode", "ripgrep", "bin", "rg"),
  path.join(VSCODE_DIR, "extensions", "markdown-language-features", "package.json"),
];

export function codeServerInstalled() {
  return fs.existsSync(STAMP) && BUILT.every((f) => fs.existsSync(f));
}

export function ensureCodeServer() {
  if (codeServerInstalled()) return CODE_SERVER_BIN;
  log(`installing code-server ${CODE_SERVER_VERSION} into ${path.relative(ROOT, CODE_SERVER_PREFIX)} (about a minute)`);
  fs.rmSync(CODE_SERVER_PREFIX, { recursive: true, force: true });
  fs.mkdirSync(CODE_SERVER_PREFIX, { recursive: true });
  fs.writeFileSync(path.join(CODE_SERVER_PREFIX, "package.json"), JSON.stringify({ name: "e2e-code-server", private: true }, null, 2));
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "factcheck-cs-install-"));
  // The compilers' chatter and code-server's own nested npm calls go to a log, shown on failure.
  const logFile = path.join(E2E_DIR, "logs", "code-server-install.log");
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  const logFd = fs.openSync(logFile, "w");
  try {
    seedRipgrepCache(tmp);
    const r = spawnSync(
      "npm",
      ["install", "--no-save", "--no-audit", "--no-fund", "--foreground-scripts", "--prefix", CODE_SERVER_PREFIX, `code-server@${CODE_SERVER_VERSION}`],
      {
        cwd: CODE_SERVER_PREFIX,
        stdio: ["ignore", logFd, logFd],
        // yes=true: the machine's npm config says yes=false, which cancels node-pty's `npx node-gyp` step.
        env: {
          ...process.env,
          npm_config_yes: "true",
          // npm 11 skips dependencies' install scripts unless allowed; code-server's postinstall builds
          // its native modules with nested `npm install`s, which inherit this.
          npm_config_dangerously_allow_all_scripts: "true",
          // code-server's postinstall refuses to run as root without it. Set here, not as the
          // --unsafe-perm flag, which npm 11 no longer knows ("Unknown cli config").
          npm_config_unsafe_perm: "true",
          // No prebuilt binary can be downloaded here: compile native modules at once instead of
          // trying GitHub first (which logs "node-pre-gyp ERR!" before falling back).
          npm_config_build_from_source: "true",
          TMPDIR: tmp,
          TMP: tmp,
          TEMP: tmp,
        },
      },
    );
    if (r.status !== 0) {
      const tail = fs.readFileSync(logFile, "utf8").split("\n").slice(-40).join("\n");
      throw new Error(`installing code-server failed (exit ${r.status ?? r.signal}); the end of ${logFile}:\n${tail}`);
    }
  } finally {
    fs.closeSync(logFd);
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  log(`code-server installed (log: ${path.relative(ROOT, logFile)})`);
  const missing = BUILT.filter((f) => !fs.existsSync(f));
  if (missing.length) throw new Error(`code-server's install did not finish; missing: ${missing.join(", ")}`);
  fs.writeFileSync(STAMP, new Date().toISOString() + "\n");
  return CODE_SERVER_BIN;
}

/** Everything the runners need; returns the code-server entry point. */
export function ensureTools({ packages = APT_PACKAGES, codeServer = true } = {}) {
  ensureAptPackages(packages);
  return codeServer ? ensureCodeServer() : undefined;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const started = Date.now();
  ensureTools();
  log(`ready in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}
