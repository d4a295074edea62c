// The fact index and its on-disk cache: a corpus read back from the cache answers exactly as the
// freshly indexed one; the index's scalar rejections never drop a claim the verifier would compare;
// indexing reports each of its phases and gives the event loop turns.
import * as fs from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { generateCorpus } from "../../bench/generate";
import { inMemoryFileSystem } from "../../server/src/core/corpus/fileSystem";
import { loadLexicon } from "../../server/src/core/extract/lexicon";
import { scalarsComparable, type FactIndex, type IndexedClaim } from "../../server/src/core/index/factIndex";
import { createFactCheckService, factIndexOf } from "../../server/src/core/service";
import type { FactCheckService, IndexPhase } from "../../server/src/core/serviceTypes";
import type { Claim } from "../../server/src/core/types";
import { comparability } from "../../server/src/core/verify/verify";

const root = path.resolve(__dirname, "../..");
const corpus = path.resolve(root, "../shared/corpus");
const drafts = fs
  .readFileSync(path.resolve(root, "../shared/eval/dev.jsonl"), "utf8")
  .split("\n")
  .filter(Boolean)
  .map((l) => (JSON.parse(l) as { markdown: string }).markdown);

/** What a claim says, without the cache's own bookkeeping. */
function plain(c: IndexedClaim): Record<string, unknown> {
  const { contextStart: _, ...rest } = c;
  return JSON.parse(JSON.stringify(rest));
}

let cold: FactCheckService;
let warm: FactCheckService;
let coldIndex: FactIndex;
let warmIndex: FactIndex;
beforeAll(async () => {
  const cache = fs.mkdtempSync(path.join(tmpdir(), "factcheck-index-cache-"));
  cold = createFactCheckService({ indexCacheDir: cache });
  expect((await cold.setCorpus([corpus])).fromCache).toBe(false);
  warm = createFactCheckService({ indexCacheDir: cache });
  expect((await warm.setCorpus([corpus])).fromCache).toBe(true);
  coldIndex = factIndexOf(cold)!;
  warmIndex = factIndexOf(warm)!;
});

describe("the index cache", () => {
  it("reads back every claim as it was indexed", () => {
    expect(warmIndex.size).toBe(coldIndex.size);
    const a = coldIndex.claims();
    const b = warmIndex.claims();
    for (let i = 0; i < a.length; i++) expect(plain(b[i]), `claim ${i}`).toEqual(plain(a[i]));
  });

  it("shares equal word lists and words between the claims it reads back", () => {
    const lists = new Map<string, unknown[]>();
    for (const c of warmIndex.claims()) {
      if (c.measure.length === 0) continue;
      const key = c.measure.join("|");
      const seen = lists.get(key);
      if (seen) expect(c.measure).toBe(seen);
      else lists.set(key, c.measure);
    }
    expect(lists.size).toBeGreaterThan(10);
  });

  it("finds the same candidates and verdicts warm as cold", () => {
    for (const draft of drafts) {
      const a = cold.check(draft, { cache: false });
      const b = warm.check(draft, { cache: false });
      expect(b.diagnostics).toEqual(a.diagnostics);
      for (const v of a.verdicts) expect(warmIndex.candidates(v.claim).map(plain)).toEqual(coldIndex.candidates(v.claim).map(plain));
    }
  });
});

describe("the fact index's scalar rejections", () => {
  it("never drop a corpus claim the verifier would compare", () => {
    const lexicon = loadLexicon();
    let compared = 0;
    let dropped = 0;
    for (const draft of [...drafts, fs.readFileSync(path.join(root, "examples/brief.md"), "utf8")]) {
      for (const v of cold.check(draft, { cache: false }).verdicts) {
        for (const c of coldIndex.anchored(v.claim as Claim)) {
          const kept = scalarsComparable(v.claim, c);
          if (!kept) dropped++;
          if (comparability(v.claim, c, lexicon) > 0) {
            compared++;
            expect(kept, `${v.claim.valueText} / ${c.sentence}`).toBe(true);
          }
        }
      }
    }
    // The test sees both sides: claims compared, and claims left out before comparing.
    expect(compared).toBeGreaterThan(10);
    expect(dropped).toBeGreaterThan(10);
  });
});

describe("indexing progress", () => {
  it("reports every phase in order and lets the event loop run meanwhile", async () => {
    const files: Record<string, string> = {};
    for (const d of generateCorpus(30, 20 * 1024)) files[`/c/${d.name}`] = d.text;
    const cache = fs.mkdtempSync(path.join(tmpdir(), "factcheck-index-progress-"));
    const order: IndexPhase[] = ["reading", "cache", "names", "facts", "saving"];
    const run = async () => {
      const phases: IndexPhase[] = [];
      let ticks = 0;
      let ticksAtFacts = 0;
      const timer = setInterval(() => ticks++, 5);
      const s = createFactCheckService({ fileSystem: inMemoryFileSystem(files), indexCacheDir: cache });
      await s.setCorpus(["/c"], (_done, _total, phase) => {
        if (phases[phases.length - 1] !== phase) phases.push(phase);
        if (phase === "facts" && ticksAtFacts === 0) ticksAtFacts = ticks || -1;
      });
      clearInterval(timer);
      // Timer turns while facts were being extracted, the longest phase.
      return { phases, ticks: ticks - Math.max(0, ticksAtFacts) };
    };
    const first = await run();
    expect(first.phases.map((p) => order.indexOf(p))).toEqual([...first.phases.map((p) => order.indexOf(p))].sort());
    expect(first.phases).toContain("reading");
    expect(first.phases).toContain("facts");
    expect(first.phases[first.phases.length - 1]).toBe("saving");
    expect(first.ticks).toBeGreaterThan(0);
    const second = await run();
    expect(second.phases).toEqual(["reading", "cache"]);
  });
});
