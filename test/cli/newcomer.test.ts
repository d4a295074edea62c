// A newcomer's first run: the sample brief against the sample corpus in examples/, a corpus folder
// that is named but missing, and how sources are named. Needs nothing outside the repository.
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";

const root = path.resolve(__dirname, "../..");
const cli = path.join(root, "server/out/cli.js");
const PLANTED = ["May 2021", "$375.4 billion", "20%", "April 25, 2023"];

function run(args: string[], cwd = root) {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: "utf8" });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "factcheck-newcomer-"));
  writeFileSync(path.join(dir, "draft.md"), "The Indo-Pacific Economic Framework (IPEF) was launched in May 2021.\n");
  mkdirSync(path.join(dir, "no-sources"));
  writeFileSync(path.join(dir, "no-sources", "notes.rtf"), "not a source format");
});

describe("the sample in examples/", () => {
  it("finds every planted error of the sample brief in the sample corpus, and nothing else", () => {
    const r = run(["check", "--format", "json", "--corpus", "examples/corpus", "examples/brief.md"]);
    expect(r.code, r.stderr).toBe(1);
    const diagnostics: { claimed: string; severity: string }[] = JSON.parse(r.stdout).files[0].diagnostics;
    expect(diagnostics.map((d) => d.claimed)).toEqual(PLANTED);
    expect(diagnostics.every((d) => d.severity === "warning")).toBe(true);
  });

  it("runs from a copy with nothing beside it, and the sample script exits 0 once it has shown them", () => {
    // A fresh clone without ../shared: the built checker, the data it reads and examples/.
    const clone = path.join(dir, "clone");
    cpSync(path.join(root, "examples"), path.join(clone, "examples"), { recursive: true });
    cpSync(path.join(root, "data"), path.join(clone, "data"), { recursive: true });
    cpSync(cli, path.join(clone, "server/out/cli.js"));
    const r = spawnSync(process.execPath, ["examples/check-sample.mjs"], { cwd: clone, encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    for (const value of PLANTED) expect(r.stdout).toContain(`not ${value}.`);
    expect(r.stdout).toContain("4 findings in 1 file.");
    expect(r.stdout).toMatch(/^examples\/brief\.md:11:60 warning/m);
  });

  it("is what package.json's check:sample and demo run", () => {
    const scripts = JSON.parse(require("node:fs").readFileSync(path.join(root, "package.json"), "utf8")).scripts;
    expect(scripts["check:sample"]).toBe("node examples/check-sample.mjs");
    expect(scripts.demo).toBe("npm run build && npm run check:sample");
  });
});

describe("a corpus that is named but cannot be used", () => {
  it("exits 2 naming a missing --corpus folder and the fix", () => {
    const missing = path.join(dir, "no-such-corpus");
    const r = run(["check", "--corpus", missing, path.join(dir, "draft.md")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`corpus folder ${missing} does not exist`);
    expect(r.stderr).toMatch(/fix: pass --corpus a folder of \.md, \.markdown, \.txt, \.pdf, \.html or \.docx sources/);
    expect(r.stdout).toBe(""); // no "No conflicts found" to mistake for a pass
  });

  it("exits 2 naming a missing folder from .factcheckrc.json and the file to correct", () => {
    const project = path.join(dir, "project");
    mkdirSync(project, { recursive: true });
    writeFileSync(path.join(project, ".factcheckrc.json"), JSON.stringify({ corpus: ["sources"] }));
    writeFileSync(path.join(project, "draft.md"), "IPEF was launched in May 2021.\n");
    const r = run(["check", "draft.md"], project);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`corpus folder ${path.join(project, "sources")} does not exist`);
    expect(r.stderr).toContain(`correct "corpus" in ${path.join(project, ".factcheckrc.json")}`);
  });

  it("exits 2 for a folder that holds no readable source", () => {
    const r = run(["check", "--corpus", path.join(dir, "no-sources"), path.join(dir, "draft.md")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("holds no readable source");
  });

  it("exits 2 when one of several folders holds no source, naming that one", () => {
    const r = run(["check", "--corpus", "examples/corpus", "--corpus", path.join(dir, "no-sources"), path.join(dir, "draft.md")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`corpus folder ${path.join(dir, "no-sources")} holds no readable source`);
    expect(r.stderr).not.toContain("examples/corpus");
  });

  it("exits 2 when every source file in the folder is unreadable", () => {
    const broken = path.join(dir, "broken-sources");
    mkdirSync(broken, { recursive: true });
    writeFileSync(path.join(broken, "scan.md"), Buffer.from([0x25, 0x50, 0x44, 0x46, 0x00, 0x01]));
    const r = run(["check", "--corpus", broken, path.join(dir, "draft.md")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("binary");
    expect(r.stderr).toContain(`corpus folder ${broken} holds no readable source`);
  });

  it("still checks against the built-in facts when no corpus is named", () => {
    expect(run(["check", "--no-config", path.join(dir, "draft.md")]).code).toBe(1);
  });
});

describe("sources in messages", () => {
  it("names corpus sources by title, publisher and date, not by file name", () => {
    const r = run(["check", "--format", "json", "--corpus", "examples/corpus", "examples/brief.md"]);
    const [ipef] = JSON.parse(r.stdout).files[0].diagnostics;
    expect(ipef.message).toContain(
      "(The impact of the Indo-Pacific strategy on economic and…, China Center for International Economic Exchanges (CCIEE), 2023-10-28, line 10)",
    );
    expect(ipef.message).not.toMatch(/\.md\b/);
  });

  it("says a built-in fact comes from the catalog, citing its document, without quoting it", () => {
    const r = run(["check", "--format", "json", "--no-config", path.join(dir, "draft.md")]);
    const [d] = JSON.parse(r.stdout).files[0].diagnostics;
    expect(d.message).toMatch(/\(built-in catalog, citing The impact of the Indo-Pacific strategy on economic and…, China Center for International Economic Exchanges \(CCIEE\), 2023-10-28, line \d+\)$/);
    expect(d.message).not.toMatch(/[“”"]/);
    expect(d.message).not.toContain(".txt");
  });
});

describe("installing", () => {
  it("declares every dependency install script it allows, so npm ci warns about none", () => {
    const r = spawnSync("npm", ["approve-scripts", "--allow-scripts-pending"], { cwd: root, encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe("No packages with unreviewed install scripts.");
  });

  it("the e2e setup passes no flag npm 11 no longer knows", () => {
    const tools = require("node:fs").readFileSync(path.join(root, "test/e2e/tools.mjs"), "utf8");
    expect(tools).not.toContain('"--unsafe-perm"');
  });
});
