// A large corpus stays cheap to query and to read back: a draft figure's candidates come from lists
// by time and measure word, which must keep every claim the scalar tests keep; draft dates of one
// subject and event are compared with their sources once, with the verdicts each would get alone;
// the index cache is written and read part by part, reads back every field of its claims, and
// passes over a file cut short or foreign to it.
import * as fs from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { generateCorpus, generateDraft } from "../../bench/generate";
import { inMemoryFileSystem } from "../../server/src/core/corpus/fileSystem";
import { scalarsComparable, type IndexedClaim } from "../../server/src/core/index/factIndex";
import { readSnapshot, writeSnapshot } from "../../server/src/core/index/indexCache";
import { createFactCheckService, factIndexOf } from "../../server/src/core/service";
import { loadLexicon } from "../../server/src/core/extract/lexicon";
import { releaseVerificationCaches, verifyClaim } from "../../server/src/core/verify/verify";
import type { Claim, DateValue } from "../../server/src/core/types";



function generatedFiles(documents: number): Record<string, string> {
  const files: Record<string, string> = {};
  for (const d of generateCorpus(documents, 12 * 1024)) files[`/c/${d.name}`] = d.text;
  // A source with no publication date and figures of no year: listed as of an unknown time.
  files["/c/undated.md"] = "# Undated\n\nThe Group of Seven (G7) was launched in May 2019.\n\nJapan's exports with India were $120.5 billion.\n";
  return files;
}

describe("a draft figure's candidates by time and measure", () => {
  it("are the anchored claims the scalar tests keep, no more and no fewer", async () => {
    const s = createFactCheckService({ fileSystem: inMemoryFileSystem(generatedFiles(40)) });
    await s.setCorpus(["/c"]);
    const index = factIndexOf(s)!;
    let figures = 0;
    let narrowed = 0;
    for (const seed of [1, 2, 3]) {
      const draft = `${generateDraft(20 * 1024, seed)}\n\nIn 2019, Japan's exports with India were $120.5 billion, and Japan's exports with India reached $77.0 billion in 2018 and 2019.\n`;
      for (const v of s.check(draft, { cache: false }).verdicts) {
        const d = v.claim;
        const kept = index.anchored(d).filter((c) => scalarsComparable(d, c));
        expect(index.candidates(d), `${d.valueText} in ${d.sentence}`).toEqual(kept);
        if (d.value.type === "quantity") {
          figures++;
          if (index.anchored(d).length > kept.length) narrowed++;
        }
      }
    }
    // The test sees figures whose anchored claims the lists cut down.
    expect(figures).toBeGreaterThan(50);
    expect(narrowed).toBeGreaterThan(20);
  });

  it("include sources that give no year when the draft's figure has one", async () => {
    const s = createFactCheckService({ fileSystem: inMemoryFileSystem(generatedFiles(3)) });
    await s.setCorpus(["/c"]);
    const index = factIndexOf(s)!;
    const d = s.check("In 2021, Japan's exports with India were $120.5 billion.\n", { cache: false }).verdicts.find((v) => v.claim.valueText === "$120.5 billion")!.claim;
    const undated = index.candidates(d).filter((c) => c.documentId === "undated.md");
    expect(undated.map((c) => [c.valueText, c.years.length + c.contextYears.length, c.publishedYear])).toEqual([["$120.5 billion", 0, undefined]]);
  });
});

/** A claim as the cache keeps it (without the text it slices again from the document, nor ranges). */
function stored(c: IndexedClaim): Record<string, unknown> {
  const { sentenceLower: _l, contextLower: _c, contextStart: _s, sourceText: _t, sentenceRange: _r, sourceLines: _n, ...rest } = c;
  return JSON.parse(JSON.stringify(rest));
}

describe("the index cache's parts", () => {
  it("read back claims with every field, nested values and fields of no column as written", async () => {
    const s = createFactCheckService({ fileSystem: inMemoryFileSystem(generatedFiles(4)) });
    await s.setCorpus(["/c"]);
    const claims = factIndexOf(s)!
      .claims()
      .filter((c) => c.documentId !== "undated.md" || c.value.type === "date")
      .map((c) => ({ ...c }) as IndexedClaim & Record<string, unknown>);
    expect(claims.length).toBeGreaterThan(100);
    // Fields the reader's literal names no column for, values of several shapes, fractions.
    claims[0].laterField = "kept";
    claims[1].value = { type: "quantity", unit: "money", currency: "EUR", value: 4.5e9, high: 5e9, precision: 0.05e9, hedge: "approx", role: "to" };
    claims[2].value = { type: "date", date: { year: 2012, month: 8 }, period: { from: { year: 2012, month: 8, day: 10 }, to: { year: 2012, month: 8, day: 22 } }, modifier: "between" };
    claims[3].sameHeadCounts = 2.5;
    claims[4].respective = { of: "japan", parties: ["japan", "india"] };
    const dir = fs.mkdtempSync(path.join(tmpdir(), "factcheck-parts-"));
    const snapshot = { definitions: [], properNouns: ["Elmau"], claims, entityDefinitions: [], mentionCounts: [["g7", 3]] as [string, number][], index: factIndexOf(s)!.snapshot() };
    expect(writeSnapshot(dir, "k", snapshot)).toBeUndefined();
    const back = readSnapshot(dir, "k")!;
    expect(back.properNouns).toEqual(["Elmau"]);
    expect(back.mentionCounts).toEqual([["g7", 3]]);
    expect(back.index?.ids).toEqual(snapshot.index.ids);
    expect(back.claims.length).toBe(claims.length);
    for (let i = 0; i < claims.length; i++) {
      const { sentence: _a, ...written } = stored(claims[i]);
      const { sentence: _b, ...read } = stored(back.claims[i]);
      expect(read, `claim ${i}`).toEqual(written);
    }
    expect((back.claims[0] as unknown as Record<string, unknown>).laterField).toBe("kept");
    // Ranges are found in the document's lines when asked for, not kept.
    expect(back.claims.every((c) => c.sentenceRange === undefined)).toBe(true);
  });

  it("pass over a file cut short or not a snapshot: the corpus is indexed from its files", async () => {
    const files = generatedFiles(3);
    const cache = fs.mkdtempSync(path.join(tmpdir(), "factcheck-cut-"));
    const cold = createFactCheckService({ fileSystem: inMemoryFileSystem(files), indexCacheDir: cache });
    expect((await cold.setCorpus(["/c"])).fromCache).toBe(false);
    const draft = generateDraft(8 * 1024, 4);
    const expected = cold.check(draft, { cache: false }).diagnostics;
    const file = fs.readdirSync(cache).find((f) => f.endsWith(".idx"))!;
    const whole = fs.readFileSync(path.join(cache, file));
    for (const broken of [whole.subarray(0, Math.floor(whole.length / 2)), Buffer.from("not a snapshot at all"), Buffer.alloc(0)]) {
      fs.writeFileSync(path.join(cache, file), broken);
      const warm = createFactCheckService({ fileSystem: inMemoryFileSystem(files), indexCacheDir: cache });
      expect((await warm.setCorpus(["/c"])).fromCache).toBe(false);
      expect(warm.check(draft, { cache: false }).diagnostics).toEqual(expected);
    }
    // Indexed again, the snapshot is written anew and read.
    const again = createFactCheckService({ fileSystem: inMemoryFileSystem(files), indexCacheDir: cache });
    expect((await again.setCorpus(["/c"])).fromCache).toBe(true);
    expect(again.check(draft, { cache: false }).diagnostics).toEqual(expected);
  });
});



describe("draft dates compared once per subject and event", () => {
  it("give the verdicts each would get alone", async () => {
    const s = createFactCheckService({ fileSystem: inMemoryFileSystem(generatedFiles(40)) });
    await s.setCorpus(["/c"]);
    const index = factIndexOf(s)!;
    const lexicon = loadLexicon();
    const isSubject = (id: string) => id !== "japan";
    let repeated = 0;
    for (const seed of [4, 5]) {
      const draft = `${generateDraft(20 * 1024, seed)}\n\nThe first G7 summit was held in May 2019 in Biarritz, respectively.\n`;
      const claims = s.check(draft, { cache: false }).verdicts.map((v) => v.claim);
      const seen = new Map<string, string>();
      for (const d of claims.filter((c) => c.value.type === "date")) {
        const about = JSON.stringify([d.entities, d.names, d.predicates]);
        if (seen.has(about) && seen.get(about) !== d.valueText) repeated++;
        seen.set(about, d.valueText);
      }
      releaseVerificationCaches();
      const together = claims.map((d) => verifyClaim(d, index, lexicon, isSubject));
      const alone = claims.map((d) => {
        releaseVerificationCaches();
        return verifyClaim(d, index, lexicon, isSubject);
      });
      expect(together).toEqual(alone);
    }
    // Many draft dates share a subject and event with an earlier one of another value.
    expect(repeated).toBeGreaterThan(50);
  });
});

describe("draft dates of the labelled sets", () => {
  const root = path.resolve(__dirname, "../..");
  const sets = [
    ["../shared/eval/dev.jsonl", "../shared/corpus"],
    ["../shared/eval/real/cases.jsonl", "../shared/eval/real/corpus"],
    ...fs
      .readdirSync(path.join(root, "test/fixtures"))
      .filter((d) => d.startsWith("heldout"))
      .map((d) => [`test/fixtures/${d}/cases.jsonl`, `test/fixtures/${d}/corpus`]),
  ].map(([cases, corpus]) => [path.resolve(root, cases), path.resolve(root, corpus)]);

  it("give the verdicts each would get alone, every draft's dates compared in one run", async () => {
    const lexicon = loadLexicon();
    const isSubject = (id: string) => id.length > 3;
    let dates = 0;
    for (const [cases, corpus] of sets.filter(([c, d]) => fs.existsSync(c) && fs.existsSync(d))) {
      const s = createFactCheckService();
      await s.setCorpus([corpus]);
      const index = factIndexOf(s)!;
      const drafts = fs.readFileSync(cases, "utf8").split("\n").filter(Boolean).map((l) => (JSON.parse(l) as { markdown: string }).markdown);
      const claims = drafts.flatMap((d) => s.check(d, { cache: false }).verdicts.map((v) => v.claim));
      dates += claims.filter((c) => c.value.type === "date").length;
      releaseVerificationCaches();
      const together = claims.map((d) => verifyClaim(d, index, lexicon, isSubject));
      const alone = claims.map((d) => {
        releaseVerificationCaches();
        return verifyClaim(d, index, lexicon, isSubject);
      });
      expect(together, cases).toEqual(alone);
    }
    expect(dates).toBeGreaterThan(200);
  });
});

describe("a draft date's memo", () => {
  it("tells apart draft dates that differ in any field verification reads", async () => {
    const files = generatedFiles(12);
    // Meetings recur: which one is meant is told by its ordinal.
    files["/c/meetings.md"] = "# Summits\n\nThe 45th G7 summit was held in Biarritz in August 2019.\n";
    const s = createFactCheckService({ fileSystem: inMemoryFileSystem(files) });
    await s.setCorpus(["/c"]);
    const index = factIndexOf(s)!;
    const lexicon = loadLexicon();
    const isSubject = () => true;
    const dates = s
      .check(`The 45th G7 summit was held in Biarritz in August 2018.\n\n${generateDraft(8 * 1024, 6)}`, { cache: false })
      .verdicts.map((v) => v.claim)
      .filter((c) => c.value.type === "date" && index.candidates(c).length > 0);
    expect(dates.length).toBeGreaterThan(5);
    let differ = 0;
    for (const d of dates.slice(0, 6)) {
      const source = index.candidates(d)[0];
      const word = source.sentence.split(/\s+/)[1].toLowerCase();
      const value = d.value as DateValue;
      const variants: Claim[] = [
        { ...d, eventOrder: d.eventOrder === "first" ? "last" : "first" },
        { ...d, subjectTerms: source.terms.slice(0, 3) },
        { ...d, otherNames: [word] },
        { ...d, nearNames: [...d.nearNames, "no such name"] },
        { ...d, carriedNames: ["no such name"] },
        { ...d, predicate: "meet", predicates: ["meet", ...d.predicates], ordinals: [7] },
        { ...d, ordinals: [7] },
        { ...d, periodEnd: "start" },
        { ...d, measure: [...d.measure, "summit"] },
        { ...d, value: { ...value, modifier: "by" } },
        { ...d, contextNames: [...d.contextNames, "japan"] },
        { ...d, respective: { of: d.entities[0] ?? "x", parties: [d.entities[0] ?? "x", "japan"] } },
      ];
      const pairs: [Claim, Claim][] = variants.map((v) => [d, v]);
      // A recurring event's occurrence: by its ordinal, or by what kind of event it is.
      // (Without the people or places near it, which tell an occurrence too.)
      const unplaced = { ...d, nearNames: [] };
      if (d.predicate === "meet") pairs.push([unplaced, { ...unplaced, ordinals: [] }], [{ ...unplaced, ordinals: [] }, { ...unplaced, ordinals: [], predicate: "launch" }]);
      for (const [base, variant] of pairs) {
        releaseVerificationCaches();
        const alone = verifyClaim(variant, index, lexicon, isSubject);
        releaseVerificationCaches();
        const first = verifyClaim(base, index, lexicon, isSubject);
        expect(verifyClaim(variant, index, lexicon, isSubject)).toEqual(alone);
        if (JSON.stringify(alone) !== JSON.stringify(first)) differ++;
      }
    }
    expect(dates[0].predicate).toBe("meet");
    // The variants change verdicts: a memo blind to their field would give the first one's.
    expect(differ).toBeGreaterThan(20);
  });
});
