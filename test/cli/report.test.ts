// `check --report`, run as users run it: the built CLI on a corpus and a draft written for the
// views (test/e2e/views-workspace), in text, JSON and Markdown.
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(__dirname, "../..");
const cli = path.join(root, "server/out/cli.js");
const workspace = path.join(root, "test/e2e/views-workspace");
const corpus = path.join(workspace, "corpus");
const draft = path.join(workspace, "drafts/brief.md");

function run(args: string[]) {
  const r = spawnSync(process.execPath, [cli, "check", "--no-config", "--builtin-facts", "never", "--corpus", corpus, ...args], { cwd: root, encoding: "utf8" });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("check --report", () => {
  it("prints every claim with its verdict by section, and exits 1 for the conflicts", () => {
    const r = run(["--report", draft]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(1);
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines[0]).toBe(`${draft}: 7 claims: 3 sourced, 2 conflicts, 1 disputed, 1 unsourced`);
    expect(lines.filter((l) => /^ {2}\S/.test(l))).toEqual(["  Water", "  Fisheries", "  Power"]);
    expect(lines.find((l) => l.includes("October 2021"))).toMatch(/^ {4}12:33 +conflict +October 2021 {2}the sources give October 2022 \(River Review, 2023-06-10, river-review\.md:16\)$/);
    expect(lines.find((l) => l.includes("not covered"))).toMatch(/^ {4}13:\d+ +not covered +14$/);
    expect(lines.at(-1)).toBe("7 claims: 3 sourced, 2 conflicts, 1 disputed, 1 unsourced (1 file).");
  });

  it("writes the report as JSON with ranges, verdicts and sources", () => {
    const r = run(["--report", "--format", "json", draft]);
    const report = JSON.parse(r.stdout);
    expect(report.version).toBe(1);
    const [file] = report.files;
    expect(file.path).toBe(draft);
    expect(file.totals).toEqual({ supported: 3, conflict: 2, disagree: 1, "not-covered": 1 });
    expect(file.sections.map((s: { heading: string }) => s.heading)).toEqual(["Water", "Fisheries", "Power"]);
    const fund = file.sections[0].claims.find((c: { valueText: string }) => c.valueText === "$260 million");
    expect(fund).toMatchObject({ verdict: "conflict", kind: "figure", expected: "$240 million", range: { start: { line: 6, character: 26 } } });
    expect(fund.sources).toContainEqual(expect.objectContaining({ document: "river-review.md", publisher: "River Review", valueText: "$240 million" }));
  });

  it("writes a Markdown table for a pull-request comment", () => {
    const r = run(["--report", "--format=markdown", draft]);
    const lines = r.stdout.split("\n");
    expect(lines[0]).toBe("## Claims report");
    expect(lines).toContain("| Section | Line | Claim | Verdict | Source |");
    expect(lines.filter((l) => /^\| (Water|Fisheries|Power) \|/.test(l))).toHaveLength(7);
    expect(r.stdout).toContain("| Fisheries | 13 | 14 | ❔ not covered |  |");
  });

  it("refuses formats that do not fit", () => {
    expect(run(["--report", "--format", "sarif", draft])).toMatchObject({ code: 2, stdout: "" });
    expect(run(["--format", "markdown", draft]).code).toBe(2);
    expect(run(["--report", "--format", "markdown", draft]).stderr).toBe("");
  });

  it("can require a source for every claim with the unsourced-claim severity", () => {
    const codes = (args: string[]) => JSON.parse(run(["--format", "json", ...args, draft]).stdout).files[0].diagnostics.map((d: { code: string }) => d.code);
    expect(codes([])).not.toContain("unsourced-claim");
    const dir = mkdtempSync(path.join(tmpdir(), "factcheck-report-"));
    const config = path.join(dir, ".factcheckrc.json");
    writeFileSync(config, JSON.stringify({ severity: { "unsourced-claim": "warning" } }));
    const r = spawnSync(process.execPath, [cli, "check", "--config", config, "--builtin-facts", "never", "--corpus", corpus, draft], { encoding: "utf8" });
    expect(r.stdout).toMatch(/brief\.md:13:\d+ warning No source in the corpus states this figure \(14\)\. \[unsourced-claim\]/);
    expect(r.status).toBe(1);
  });
});
