// The CLI on the language server's on-disk index cache: a second run over unchanged sources reads
// the index instead of building it, and gives the same report; `--no-cache` leaves it alone.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";

const root = path.resolve(__dirname, "../..");
const cli = path.join(root, "server/out/cli.js");
const sharedCorpus = path.resolve(root, "../shared/corpus");

function run(args: string[], cache: string) {
  const r = spawnSync(process.execPath, [cli, "check", "--no-config", "--format", "json", ...args], {
    encoding: "utf8",
    env: { ...process.env, POLICY_FACTCHECK_INDEX_CACHE: cache },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const snapshots = (dir: string) => (fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith(".idx")).sort() : []);

let work: string;
let corpus: string;
let draft: string;
beforeAll(() => {
  work = fs.mkdtempSync(path.join(tmpdir(), "factcheck-cache-cli-"));
  corpus = path.join(work, "corpus");
  fs.cpSync(sharedCorpus, corpus, { recursive: true });
  draft = path.join(work, "draft.md");
  // Written for this test: one wrong launch date, one right one, a wrong figure.
  fs.writeFileSync(
    draft,
    [
      "# Notes",
      "",
      "The Indo-Pacific Economic Framework (IPEF) was launched in May 2021.",
      "",
      "IPEF was launched in May 2022 by the United States and its partners.",
      "",
      "In 2022, China's trade volume with Japan was $375.4 billion.",
      "",
    ].join("\n"),
  );
});

describe("the CLI's index cache", () => {
  it("writes the index on the first run and reads it on the second, with the same report", () => {
    const cache = path.join(work, "cache-a");
    const cold = run(["--corpus", corpus, draft], cache);
    expect(cold.code, cold.stderr).toBe(1);
    const written = snapshots(cache);
    expect(written).toHaveLength(1);
    const mtime = fs.statSync(path.join(cache, written[0])).mtimeMs;
    const warm = run(["--corpus", corpus, draft], cache);
    expect(warm.code, warm.stderr).toBe(1);
    expect(warm.stdout).toBe(cold.stdout);
    // Read, not written again.
    expect(snapshots(cache)).toEqual(written);
    expect(fs.statSync(path.join(cache, written[0])).mtimeMs).toBe(mtime);
    // And the same as a run without the cache.
    const fresh = run(["--no-cache", "--corpus", corpus, draft], path.join(work, "cache-unused"));
    expect(fresh.stdout).toBe(cold.stdout);
    expect(fs.existsSync(path.join(work, "cache-unused"))).toBe(false);
    expect(JSON.parse(warm.stdout).files[0].diagnostics.map((d: { claimed: string }) => d.claimed)).toContain("May 2021");
  });

  it("is keyed by content: a changed source is indexed again, and its new facts are used", () => {
    const cache = path.join(work, "cache-b");
    const local = path.join(work, "corpus-b");
    fs.mkdirSync(local);
    const source = path.join(local, "source.md");
    fs.writeFileSync(source, "---\ntitle: Test source\npublisher: Test Desk\npublished: 2024-01-10\n---\n\nThe Blue Harbour Compact (BHC) was signed in March 2019.\n");
    const brief = path.join(work, "bhc.md");
    fs.writeFileSync(brief, "The Blue Harbour Compact (BHC) was signed in March 2019.\n");
    expect(run(["--corpus", local, brief], cache).code).toBe(0);
    expect(snapshots(cache)).toHaveLength(1);
    fs.writeFileSync(source, fs.readFileSync(source, "utf8").replace("March 2019", "April 2020"));
    const changed = run(["--corpus", local, brief], cache);
    expect(changed.code, changed.stderr).toBe(1);
    expect(JSON.parse(changed.stdout).files[0].diagnostics[0]).toMatchObject({ claimed: "March 2019", expected: "April 2020" });
    expect(snapshots(cache)).toHaveLength(2);
  });

  it("gives the same reports warm and cold on the labelled fixtures", () => {
    const fixtures = path.join(root, "test/fixtures");
    for (const set of fs.readdirSync(fixtures).filter((d) => fs.existsSync(path.join(fixtures, d, "cases.jsonl")))) {
      const cases = fs.readFileSync(path.join(fixtures, set, "cases.jsonl"), "utf8").split("\n").filter(Boolean);
      const folder = path.join(work, `drafts-${set}`);
      fs.mkdirSync(folder);
      cases.forEach((line, i) => fs.writeFileSync(path.join(folder, `case-${String(i).padStart(3, "0")}.md`), (JSON.parse(line) as { markdown: string }).markdown));
      const cache = path.join(work, `cache-${set}`);
      // (The seed set's cases are on the shared corpus.)
      const setCorpus = fs.existsSync(path.join(fixtures, set, "corpus")) ? path.join(fixtures, set, "corpus") : corpus;
      const args = ["--corpus", setCorpus, folder];
      const cold = run(args, cache);
      const warm = run(args, cache);
      expect(snapshots(cache).length, set).toBe(1);
      expect(JSON.parse(cold.stdout).files.length, set).toBe(cases.length);
      expect(warm.stdout, set).toBe(cold.stdout);
    }
  });

  it("reports an unusable cache folder and still checks", () => {
    const blocked = path.join(work, "not-a-folder");
    fs.writeFileSync(blocked, "");
    const r = run(["--corpus", corpus, draft], blocked);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/index cache not written/);
    expect(JSON.parse(r.stdout).files[0].diagnostics.length).toBeGreaterThan(0);
  });
});
