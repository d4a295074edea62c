// Property tests (fast-check, fixed seed, bounded runs): whatever the draft or corpus, the engine
// never throws and every diagnostic lies inside the document, on valid UTF-16 positions, covering
// the value it reports. A longer run: `npm run fuzz` (FUZZ_RUNS, FUZZ_SEED).
import fc from "fast-check";
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { inMemoryFileSystem } from "../../server/src/core/corpus/fileSystem";
import { findDates } from "../../server/src/core/extract/dates";
import { findDefinitions } from "../../server/src/core/extract/entities";
import { loadLexicon } from "../../server/src/core/extract/lexicon";
import { findQuantities } from "../../server/src/core/extract/quantities";
import { splitSentences } from "../../server/src/core/extract/sentences";
import { markdownToProse, plainTextToProse } from "../../server/src/core/prose/markdownProse";
import { createFactCheckService } from "../../server/src/core/service";
import type { FactCheckService } from "../../server/src/core/serviceTypes";
import { LineIndex } from "../../server/src/core/util/lineIndex";

const RUNS = Number(process.env.FUZZ_RUNS ?? 150);
const SEED = Number(process.env.FUZZ_SEED ?? 20261122);
const params = { numRuns: RUNS, seed: SEED };
// (A longer run takes longer: the per-test timeout grows with FUZZ_RUNS, 30 s at the default.)
vi.setConfig({ testTimeout: Math.max(30_000, RUNS * 50) });
const root = path.resolve(__dirname, "../..");

let service: FactCheckService;
beforeAll(async () => {
  service = createFactCheckService();
  await service.setCorpus([path.resolve(root, "../shared/corpus")]);
});

/** The invariants every check result keeps, whatever the input. */
function assertWellFormed(text: string): void {
  const result = service.check(text, { cache: false });
  const lines = new LineIndex(text);
  for (const d of result.diagnostics) {
    expect(d.start).toBeGreaterThanOrEqual(0);
    expect(d.end).toBeGreaterThan(d.start);
    expect(d.end).toBeLessThanOrEqual(text.length);
    // The range covers the reported value exactly.
    expect(text.slice(d.start, d.end)).toBe(d.claimed);
    expect(lines.offsetAt(d.range.start)).toBe(d.start);
    expect(lines.offsetAt(d.range.end)).toBe(d.end);
    // Valid UTF-16 positions: never between the halves of a surrogate pair.
    for (const o of [d.start, d.end]) {
      const before = text.charCodeAt(o - 1);
      const at = text.charCodeAt(o);
      expect(before >= 0xd800 && before <= 0xdbff && at >= 0xdc00 && at <= 0xdfff).toBe(false);
    }
    for (const p of [d.range.start, d.range.end]) {
      expect(p.line).toBeGreaterThanOrEqual(0);
      expect(p.line).toBeLessThan(lines.lineCount);
      const extent = lines.lineExtent(p.line);
      expect(p.character).toBeLessThanOrEqual(extent.end - extent.start);
    }
  }
}

const SEEDS = [
  readFileSync(path.join(root, "examples/brief.md"), "utf8"),
  ...readFileSync(path.resolve(root, "../shared/eval/dev.jsonl"), "utf8")
    .split("\n")
    .filter(Boolean)
    .map((l) => (JSON.parse(l) as { markdown: string }).markdown),
];

/** Markdown and text fragments that stress parsers: fences, tables, comments, odd characters. */
const FRAGMENTS = [
  "```", "~~~", "    code", "| a | b |\n|---|---|\n| 1 | 2 |", "<!--", "-->", "<!-- factcheck-disable -->", "<div>", "</div>",
  "[link](http://x.org/2021)", "`", "*", "**", "_", "> ", "- ", "1. ", "# ", "---\n", "\r\n", "\r", "\n\n", "\uFEFF", "\u0000",
  "\uD800", "\uDC00", "😀", "🇯🇵", "é", "中文", "\u200B", "\t", "$", "%", "May 2021", "$55.7 billion", "fourth-largest",
  "IPEF", "(IPEF)", "U.S.", "respectively", "1,221%", "July 8", "earlier this year", "9".repeat(40), "(".repeat(50), "[".repeat(50),
  "[^1]", "[^FC1]", ".[^fc2] ", "\n\n[^fc1]: A note.\n", "[^",
];

const fragment = fc.constantFrom(...FRAGMENTS);

/** A mutation of a seed draft: insert, delete or duplicate slices, splice in stress fragments. */
const mutatedDraft = fc
  .tuple(
    fc.constantFrom(...SEEDS),
    fc.array(fc.tuple(fc.nat(), fc.nat({ max: 40 }), fc.oneof(fragment, fc.string({ maxLength: 20, unit: "binary" })), fc.integer({ min: 0, max: 2 })), {
      maxLength: 12,
    }),
  )
  .map(([seed, edits]) => {
    let text = seed;
    for (const [at, len, insert, kind] of edits) {
      const i = text.length ? at % text.length : 0;
      if (kind === 0) text = text.slice(0, i) + insert + text.slice(i);
      else if (kind === 1) text = text.slice(0, i) + text.slice(i + len);
      else text = text.slice(0, i) + text.slice(i, i + len).repeat(3) + text.slice(i + len);
    }
    return text;
  });

describe("fuzzing the engine", () => {
  it("never throws and keeps diagnostics well-formed on mutated drafts", () => {
    fc.assert(fc.property(mutatedDraft, (text) => assertWellFormed(text)), params);
  });

  it("never throws on arbitrary text, including control characters and lone surrogates", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400, unit: "binary" }), (text) => assertWellFormed(text)),
      params,
    );
  });

  it("never throws on grammar-built Markdown with deep nesting and huge tables", () => {
    const block = fc.oneof(
      fc.integer({ min: 1, max: 60 }).map((n) => `${"> ".repeat(n)}IPEF was launched in May 2021.`),
      fc.integer({ min: 1, max: 40 }).map((n) => Array.from({ length: n }, (_, i) => `${"  ".repeat(i)}- level ${i} with $${i}.5 billion`).join("\n")),
      fc.integer({ min: 1, max: 200 }).map((n) => `| A | B |\n|---|---|\n${"| IPEF | May 2021 |\n".repeat(n)}`),
      fc.constant("```\nunterminated fence with May 2021"),
      fc.string({ maxLength: 3000 }).map((s) => `A long line ${s.replace(/\n/g, " ")} May 2021.`),
    );
    fc.assert(fc.property(fc.array(block, { maxLength: 6 }), fc.constantFrom("\n", "\r\n", "\r"), (blocks, eol) => assertWellFormed(blocks.join(`${eol}${eol}`).replace(/\n/g, eol))), {
      ...params,
      numRuns: Math.max(20, Math.floor(RUNS / 3)),
    });
  });

  it("handles adversarial numbers and dates in every extractor", () => {
    const hedges = loadLexicon().hedges;
    const adversarial = fc.oneof(
      fc.stringMatching(/^[0-9,.$%€ -]{0,200}$/),
      fc.array(fc.constantFrom("May", "2022", "1", ",", " ", "-", "–", "$", "billion", "th", "of", "the", "(", ")", "IPEF", "to"), { maxLength: 120 }).map((xs) => xs.join(" ")),
    );
    fc.assert(
      fc.property(adversarial, (text) => {
        for (const d of findDates(text, { year: 2024, month: 7 })) expect(text.slice(d.start, d.end)).toBe(d.text);
        for (const q of findQuantities(text, hedges)) expect(Number.isFinite(q.value.value)).toBe(true);
        findDefinitions(text);
        splitSentences(text);
        markdownToProse(text);
      }),
      params,
    );
  });

  it("indexes random corpora without throwing, reporting bad files", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.constantFrom("a.md", "b.txt", "c.md", "nested/d.md", "corpus.json"), fc.oneof(fc.string({ maxLength: 500, unit: "binary" }), mutatedDraft)), {
          maxLength: 5,
        }),
        async (files) => {
          const fsMap: Record<string, string | Uint8Array> = {};
          for (const [name, text] of files) fsMap[`/c/${name}`] = text;
          const s = createFactCheckService({ fileSystem: inMemoryFileSystem(fsMap) });
          const stats = await s.setCorpus(["/c"]);
          expect(stats.documents + stats.problems.length).toBeGreaterThanOrEqual(0);
          s.check("IPEF was launched in May 2021.");
        },
      ),
      { ...params, numRuns: Math.max(20, Math.floor(RUNS / 3)) },
    );
  });
});

/** The values a check flags, with their codes, in order. */
function flagged(text: string): string[] {
  return service.check(text, { cache: false }).diagnostics.map((d) => `${d.code} ${d.claimed}`);
}

describe("fuzzing the shapes writers and exports produce", () => {
  it("flags the same values with footnote references after any sentence", () => {
    fc.assert(
      fc.property(fc.constantFrom(...SEEDS), fc.integer({ min: 1, max: 99 }), (seed, n) => {
        // After each full stop that ends a sentence on a line, a reference such as "[^3]".
        const referenced = seed.replace(/([a-z0-9)%])\.(?= [A-Z]|\n)/g, `$1.[^${n}]`);
        expect(flagged(referenced)).toEqual(flagged(seed));
      }),
      { ...params, numRuns: Math.min(RUNS, SEEDS.length * 2) },
    );
  });

  it("flags the same values with CR-only and CRLF line endings", () => {
    fc.assert(
      fc.property(mutatedDraft, fc.constantFrom("\r", "\r\n"), (text, eol) => {
        const lf = text.replace(/\r\n?/g, "\n");
        const other = lf.replace(/\n/g, eol);
        assertWellFormed(other);
        expect(flagged(other)).toEqual(flagged(lf));
      }),
      { ...params, numRuns: Math.max(20, Math.floor(RUNS / 3)) },
    );
  });

  it("cuts long plain-text lines into blocks whose offsets point at their own characters", () => {
    const sentence = fc.oneof(fragment, fc.constantFrom("IPEF was launched in May 2022.", "It pledged $55.7 billion.", "Talks went on. ", "U.S. officials met."));
    fc.assert(
      fc.property(fc.array(sentence, { minLength: 200, maxLength: 2000 }), (parts) => {
        const source = parts.join(" ");
        const blocks = plainTextToProse(source).blocks;
        for (const block of blocks) {
          for (let i = 0; i < block.text.length; i++) expect(source[block.sourceOffsets[i]]).toBe(block.text[i]);
        }
        // Nothing is lost or read twice: the blocks hold every visible character, in order.
        const visible = (text: string) => text.replace(/\s+/g, "");
        expect(blocks.map((b) => visible(b.text)).join("")).toBe(visible(source.replace(/^\uFEFF/, "")));
      }),
      { ...params, numRuns: Math.max(10, Math.floor(RUNS / 10)) },
    );
  });

  it("reads a corpus file through a symbolic link only when the link stays inside the corpus folders", async () => {
    const root = mkdtempSync(path.join(tmpdir(), "factcheck-fuzz-links-"));
    let round = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.boolean(), fc.boolean()), { minLength: 1, maxLength: 5 }), async (links) => {
        const base = path.join(root, String(round++));
        const corpus = path.join(base, "corpus");
        const outside = path.join(base, "outside");
        mkdirSync(path.join(corpus, "inner"), { recursive: true });
        mkdirSync(outside);
        let inside = 0;
        for (const [i, [targetInside, nameOutsideFolder]] of links.entries()) {
          const folder = targetInside ? path.join(corpus, "inner") : outside;
          writeFileSync(path.join(folder, `target-${i}.md`), `Note ${i}: IPEF was launched in May 2022.\n`);
          symlinkSync(path.join(folder, `target-${i}.md`), path.join(corpus, `link-${i}.md`));
          if (targetInside) inside++;
          // A link whose name alone looks inside changes nothing.
          if (nameOutsideFolder) symlinkSync(path.join(outside, "none.md"), path.join(corpus, `dangling-${i}.md`));
        }
        const stats = await createFactCheckService().setCorpus([corpus]);
        // Each inside target is read twice (itself and its link); outside targets never.
        expect(stats.documents).toBe(2 * inside);
        const skipped = stats.problems.filter((p) => /symbolic link to a file outside/.test(p.message)).length;
        expect(skipped).toBe(links.length - inside);
      }),
      { ...params, numRuns: Math.max(10, Math.floor(RUNS / 10)) },
    );
  });
});

describe("no catastrophic backtracking", () => {
  // A guard, not a benchmark: each input is ~200 KB and must finish far below the ~1 s per MB
  // budget; catastrophic backtracking would take minutes. The bound is deliberately generous.
  const LONG: [string, string][] = [
    ["one long line of prose", "The partners met again in May 2023 to review the plan. ".repeat(20_000)],
    ["digits", "1".repeat(200_000)],
    ["thousands separators", "$" + "9,".repeat(100_000)],
    ["open parentheses", "(".repeat(200_000)],
    ["capitalised words before a parenthesis", "Very Long Name ".repeat(13_000) + "(VLN)"],
    ["lower-case words before a parenthesis", "word ".repeat(40_000) + "(WD)"],
    ["months", "May ".repeat(50_000)],
    ["hyphens", "-".repeat(200_000)],
    ["dotted abbreviations", "U.S. ".repeat(40_000)],
    ["a single huge line of claims", "IPEF was launched in May 2021 and pledged $55.7 billion. ".repeat(3_500)],
    ["table cells", "| a ".repeat(50_000) + "|\n|---|\n"],
    ["footnote references", "IPEF was launched in May 2021.[^1] ".repeat(6_000)],
    ["CR-only lines", "IPEF was launched in May 2021.\r".repeat(6_000)],
    // (Values no digit tells, beside event words all through one sentence: each value once asked
    // every event word and clause of the sentence.)
    ["figures in words", "IPEF has twenty-one thousand and fifty-five members and forty-two hundred partners, ".repeat(2_400)],
    ["months and event words", "Acme signed with Japan in May and Borealis launched in June twenty projects; IPEF gave forty-two grants, ".repeat(2_000)],
  ];
  for (const [name, text] of LONG) {
    it(`stays linear on ${name}`, () => {
      const started = performance.now();
      service.check(text, { cache: false });
      findDates(text);
      findQuantities(text, loadLexicon().hedges);
      findDefinitions(text);
      expect(performance.now() - started).toBeLessThan(5_000);
    });
  }
});

describe("regressions found by fuzzing", () => {
  it("does not report a value split by inline markup (its range would cover the markup)", () => {
    const text = "The Indo-Pacific Economic Framework (IPEF) was launched in May<div> 2021.\n";
    assertWellFormed(text);
    expect(service.check(text).diagnostics).toEqual([]);
  });
});

describe("long runs of values in one sentence", () => {
  // A pasted run of figures once froze the checker (minutes for one sentence): each sentence is
  // now bounded, and a sentence past the budget gets a hint instead of a check. The time bound is
  // a guard against a return of the cubic cost, not a benchmark (npm run bench measures it).
  const VALUE = fc.constantFrom("January 1, 99999", "May 2021", "$5 billion", "12.5%", "from 3% to 5%", "2019-2021", "between 2010 and 2020", "1,221%", "41 of 50 members", "2021");
  const JOIN = fc.constantFrom(", ", " and ", " ", "; ", " to ", ", respectively, ");
  const run = fc.tuple(fc.array(fc.tuple(VALUE, JOIN), { minLength: 1, maxLength: 2000 }), fc.constantFrom("IPEF was launched in ", "Japan's exports with China reached ", "")).map(
    ([parts, lead]) => `${lead}${parts.map(([v, j]) => v + j).join("")}.\n`,
  );

  it("checks any run well-formed, far within the budget", () => {
    fc.assert(
      fc.property(run, (text) => {
        const started = performance.now();
        assertWellFormed(text);
        const ms = performance.now() - started;
        expect(ms).toBeLessThan(2_000 + (text.length / 1024 / 1024) * 4_000);
      }),
      { ...params, numRuns: Math.max(20, Math.floor(RUNS / 5)) },
    );
  });

  for (const [name, unit] of [["dates", "January 1, 99999 "], ["figures", "$5 billion, "], ["ranges", "from 3% to 5% and "]] as const) {
    it(`reports 1,800 ${name} in one sentence as too complex to check, at once`, () => {
      const text = `The Indo-Pacific Economic Framework (IPEF) was launched in ${unit.repeat(1800)}.\n\nIPEF was launched in May 2021.\n`;
      const started = performance.now();
      const result = service.check(text, { cache: false });
      expect(performance.now() - started).toBeLessThan(1_000);
      const hints = result.diagnostics.filter((d) => d.code === "too-complex");
      expect(hints).toHaveLength(1);
      expect(hints[0].severity).toBe("hint");
      expect(hints[0].range.start.line).toBe(0);
      // The next paragraph is still checked.
      expect(result.diagnostics.some((d) => d.code === "date-conflict" && d.range.start.line === 2)).toBe(true);
    });
  }
});
