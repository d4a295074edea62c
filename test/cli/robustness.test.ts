// Bad corpus files, trust and safety, run as users run the checker: the built CLI on real files.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { createFactCheckService } from "../../server/src/core/service";

const root = path.resolve(__dirname, "../..");
const cli = path.join(root, "server/out/cli.js");
const seedDoc = path.resolve(root, "../shared/corpus/001_20eb8572f3440156.txt");

function listTree(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      const st = fs.lstatSync(p);
      out.push(`${path.relative(dir, p)} ${st.size} ${st.mtimeMs}`);
      if (e.isDirectory()) walk(p);
    }
  };
  walk(dir);
  return out.sort();
}

let corpus: string;
beforeAll(() => {
  corpus = fs.mkdtempSync(path.join(tmpdir(), "factcheck-bad-corpus-"));
  // One good source (the real seed document, with its metadata) ...
  fs.copyFileSync(seedDoc, path.join(corpus, "good.txt"));
  // ... and every kind of bad file next to it.
  fs.writeFileSync(path.join(corpus, "binary.md"), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0x1a, 0x0a]));
  fs.writeFileSync(path.join(corpus, "latin1.txt"), Buffer.from([0x49, 0x50, 0x45, 0x46, 0x20, 0xe9, 0xe8, 0x0a]));
  fs.writeFileSync(path.join(corpus, "empty.md"), "");
  fs.writeFileSync(path.join(corpus, "huge.txt"), Buffer.alloc(50 * 1024 * 1024, "a"));
  fs.writeFileSync(path.join(corpus, "broken-front-matter.md"), "---\ntitle: [unclosed\npublished: 2024\n---\n\nThe LCP was launched in May 2023.\n");
  fs.writeFileSync(path.join(corpus, "corpus.json"), "{ this is not json");
  fs.symlinkSync(path.join(corpus, "no-such-target.md"), path.join(corpus, "dangling.md"));
  spawnSync("mkfifo", [path.join(corpus, "pipe.md")]);
});

describe("bad corpus files", () => {
  it("are reported one by one and skipped while the rest still works", async () => {
    const service = createFactCheckService();
    const stats = await service.setCorpus([corpus]);
    const byFile = (name: string) => stats.problems.filter((p) => path.basename(p.path) === name).map((p) => p.message);
    expect(byFile("binary.md").join()).toMatch(/binary/i);
    expect(byFile("latin1.txt").join()).toMatch(/UTF-8/);
    expect(byFile("empty.md").join()).toMatch(/empty/i);
    expect(byFile("huge.txt").join()).toMatch(/larger than|too large|limit/i);
    expect(byFile("corpus.json").join()).toMatch(/JSON/);
    expect(byFile("broken-front-matter.md").join()).toMatch(/front matter|YAML/i);
    expect(byFile("dangling.md").join()).toMatch(/not a regular file/);
    expect(byFile("pipe.md").join()).toMatch(/not a regular file/);
    // The good document and the one with broken front matter are indexed.
    expect(stats.documents).toBe(2);
    const d = service.check("The Indo-Pacific Economic Framework (IPEF) was launched in May 2021.\n").diagnostics;
    expect(d.map((x) => [x.code, x.expected])).toEqual([["date-conflict", "May 2022"]]);
  });

  it("give the CLI a clear message on stderr and no crash", () => {
    const draft = path.join(fs.mkdtempSync(path.join(tmpdir(), "factcheck-draft-")), "d.md");
    fs.writeFileSync(draft, "IPEF was launched in May 2021.\n");
    const r = spawnSync(process.execPath, [cli, "check", "--format", "json", "--corpus", corpus, draft], { encoding: "utf8" });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("binary.md");
    expect(r.stderr).toContain("huge.txt");
    expect(JSON.parse(r.stdout).files[0].diagnostics[0].code).toBe("date-conflict");
  });
});

describe("trust", () => {
  it("never connects to the network, resolves hosts or starts processes while checking", () => {
    const log = path.join(fs.mkdtempSync(path.join(tmpdir(), "factcheck-io-")), "io.log");
    const r = spawnSync(
      process.execPath,
      ["--require", path.join(root, "test/fixtures/forbid-io.cjs"), cli, "check", "--format", "json", "examples/brief.md"],
      { cwd: root, encoding: "utf8", env: { ...process.env, FORBID_IO_LOG: log } },
    );
    expect(r.status, r.stderr).toBe(1);
    expect(JSON.parse(r.stdout).files[0].diagnostics.length).toBeGreaterThan(0);
    expect(fs.existsSync(log) ? fs.readFileSync(log, "utf8") : "").toBe("");
  });

  it("writes nothing into or beside the corpus folder", async () => {
    const parent = fs.mkdtempSync(path.join(tmpdir(), "factcheck-readonly-"));
    const folder = path.join(parent, "corpus");
    fs.mkdirSync(folder);
    fs.copyFileSync(seedDoc, path.join(folder, "source.txt"));
    const before = listTree(parent);
    const cache = fs.mkdtempSync(path.join(tmpdir(), "factcheck-cache-"));
    const service = createFactCheckService({ indexCacheDir: cache });
    await service.setCorpus([folder]);
    service.check("IPEF was launched in May 2021.\n");
    spawnSync(process.execPath, [cli, "check", "--corpus", folder, path.join(root, "examples/brief.md")], { encoding: "utf8" });
    expect(listTree(parent)).toEqual(before);
    // The only thing written is the index cache, in the folder given for it.
    expect(fs.readdirSync(cache).every((f) => f.endsWith(".idx"))).toBe(true);
  });

  it("declares how it behaves in untrusted and virtual workspaces", () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));
    expect(manifest.capabilities.untrustedWorkspaces.supported).toBe("limited");
    expect(manifest.capabilities.untrustedWorkspaces.restrictedConfigurations).toContain("policyFactCheck.corpus");
    expect(manifest.capabilities.virtualWorkspaces.supported).toBe(false);
  });
});

describe("symbolic links in a corpus folder", () => {
  const PRIVATE = "---\ntitle: PRIVATE-LEDGER\n---\n\nThe Indo-Pacific Economic Framework (IPEF) was launched in May 2021, says PRIVATE-LEDGER.\n";
  let folder: string;
  let outside: string;
  beforeAll(() => {
    const parent = fs.mkdtempSync(path.join(tmpdir(), "factcheck-links-"));
    folder = path.join(parent, "corpus");
    outside = path.join(parent, "private");
    fs.mkdirSync(path.join(folder, "sub"), { recursive: true });
    fs.mkdirSync(outside);
    fs.copyFileSync(seedDoc, path.join(folder, "sub/source.txt"));
    fs.writeFileSync(path.join(outside, "ledger.md"), PRIVATE);
    fs.symlinkSync(path.join(outside, "ledger.md"), path.join(folder, "ledger.md"));
    // A link that stays inside the corpus folder is followed as before.
    fs.symlinkSync(path.join(folder, "sub/source.txt"), path.join(folder, "alias.txt"));
  });

  it("are not followed out of the corpus folder, with a message", () => {
    const draft = path.join(fs.mkdtempSync(path.join(tmpdir(), "factcheck-draft-")), "d.md");
    fs.writeFileSync(draft, "The Indo-Pacific Economic Framework (IPEF) was launched in May 2021.\n");
    const r = spawnSync(process.execPath, [cli, "check", "--format", "json", "--corpus", folder, draft], { encoding: "utf8" });
    expect(r.stderr).toMatch(/ledger\.md.*symbolic link to a file outside the corpus folders/);
    expect(r.stdout).not.toContain("PRIVATE-LEDGER");
    expect(JSON.parse(r.stdout).files[0].diagnostics.map((d: { code: string }) => d.code)).toEqual(["date-conflict"]);
  });

  it("are followed when the corpus setting names the target's folder too", async () => {
    const alone = await createFactCheckService().setCorpus([folder]);
    expect(alone.documents).toBe(2); // sub/source.txt and its alias inside the folder
    const named = await createFactCheckService().setCorpus([folder, outside]);
    // The link is read; the target's own entry then shares its name and is skipped as a duplicate.
    expect(named.documents).toBe(3);
    expect(named.problems.filter((p) => /symbolic link/.test(p.message))).toEqual([]);
  });
});

describe("sources of extreme shape", () => {
  /** Sentences of the shared corpus on one line of about `chars` characters. */
  function corpusText(chars: number): string {
    const dir = path.dirname(seedDoc);
    const text = fs
      .readdirSync(dir)
      .filter((f) => f.endsWith(".txt"))
      .map((f) => fs.readFileSync(path.join(dir, f), "utf8"))
      .join(" ")
      .replace(/\s+/g, " ");
    return text.repeat(Math.ceil(chars / text.length)).slice(0, chars);
  }

  async function indexOneFile(name: string, text: string): Promise<{ ms: number; facts: number }> {
    const folder = fs.mkdtempSync(path.join(tmpdir(), "factcheck-shape-"));
    fs.writeFileSync(path.join(folder, name), text);
    const started = performance.now();
    const stats = await createFactCheckService().setCorpus([folder]);
    expect(stats.documents).toBe(1);
    return { ms: performance.now() - started, facts: stats.facts };
  }

  it("index a single-line source in time linear in its length, with the facts of the same text in lines", { timeout: 300_000 }, async () => {
    const small = await indexOneFile("line.txt", corpusText(512 * 1024));
    const large = await indexOneFile("line.txt", corpusText(2 * 1024 * 1024));
    const inLines = await indexOneFile("lines.txt", corpusText(512 * 1024).replace(/([.!?]) (?=[A-Z])/g, "$1\n"));
    console.log(`one line: 0.5 MB in ${Math.round(small.ms)} ms, 2 MB in ${Math.round(large.ms)} ms; 0.5 MB one sentence a line: ${Math.round(inLines.ms)} ms`);
    // Four times the text: about four times the time (quadratic would be sixteen); generous for a shared machine.
    expect(large.ms / small.ms).toBeLessThan(9);
    // Cut into blocks of sentences, the line yields about the facts the same text gives line by line.
    expect(Math.abs(small.facts - inLines.facts) / inLines.facts).toBeLessThan(0.2);
  });

  it("skip a corpus.json above the size limit with a clear message, without reading it", () => {
    const folder = fs.mkdtempSync(path.join(tmpdir(), "factcheck-metadata-"));
    fs.copyFileSync(seedDoc, path.join(folder, "source.txt"));
    // Sparse: 1.9 GB long, no disk used; read whole it would exhaust the memory.
    const fd = fs.openSync(path.join(folder, "corpus.json"), "w");
    fs.ftruncateSync(fd, Math.round(1.9 * 1024 * 1024 * 1024));
    fs.closeSync(fd);
    const draft = path.join(fs.mkdtempSync(path.join(tmpdir(), "factcheck-draft-")), "d.md");
    fs.writeFileSync(draft, "IPEF was launched in May 2021.\n");
    const r = spawnSync(process.execPath, [cli, "check", "--format", "json", "--corpus", folder, draft], { encoding: "utf8", timeout: 60_000 });
    expect(r.stderr).toMatch(/corpus\.json: metadata ignored: the file is 1945\.6 MiB, larger than the 16 MiB limit/);
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout).files[0].diagnostics.length).toBeGreaterThan(0);
  });
});
