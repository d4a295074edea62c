// A block is read only until its deadline, so that no block holds up the editor (the check
// reports it as too complex and goes on); a paragraph of thousands of sentences is read in runs,
// and a sentence of a megabyte is read in time proportional to it.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { analyzeBlock, type ExtractionContext } from "../../server/src/core/extract/claims";
import { EntityRegistry } from "../../server/src/core/extract/entities";
import { loadLexicon } from "../../server/src/core/extract/lexicon";
import { inMemoryFileSystem } from "../../server/src/core/corpus/fileSystem";
import { markdownToProse } from "../../server/src/core/prose/markdownProse";
import { createFactCheckService, holdsMoreNumbers } from "../../server/src/core/service";

const registry = new EntityRegistry();
registry.addDefinition({ name: "Coastal Grid Compact", acronym: "CGC", start: 0, end: 0 });
const ctx: ExtractionContext = { registry, lexicon: loadLexicon(), scope: "clause" };
const paragraph = "The Coastal Grid Compact (CGC) was signed in May 2021. It has 14 members. ".repeat(200);
const [block] = markdownToProse(paragraph).blocks;

describe("the deadline of a block", () => {
  it("is not asked for without one: every sentence is read", () => {
    const analysis = analyzeBlock(block, ctx);
    expect(analysis.incomplete).toBeUndefined();
    expect(analysis.claims.length).toBe(400);
  });

  it("stops the reading once passed, and says so", () => {
    const analysis = analyzeBlock(block, ctx, performance.now() - 1);
    expect(analysis.incomplete).toBe(true);
    // (Asked every fourth sentence: the first few are read.)
    expect(analysis.claims.length).toBeLessThan(10);
  });

  it("stops inside one long sentence too, between its values", () => {
    const [long] = markdownToProse(`The Coastal Grid Compact (CGC) was signed in ${"May 2021 and ".repeat(30)}June 2021.`).blocks;
    expect(analyzeBlock(long, ctx).claims.length).toBe(31);
    const analysis = analyzeBlock(long, ctx, performance.now() - 1);
    expect(analysis.incomplete).toBe(true);
    expect(analysis.claims).toEqual([]);
  });

  it("a future one changes nothing", () => {
    expect(analyzeBlock(block, ctx, performance.now() + 60_000).claims).toEqual(analyzeBlock(block, ctx).claims);
  });
});

describe("a paragraph of 20,000 sentences in a draft", () => {
  it("is checked in runs of sentences: its one wrong date is found, and the next paragraph is checked", async () => {
    const corpus = { "/c/a.md": "---\ntitle: Grid notes\npublished: 2024-05-01\n---\n\nThe Coastal Grid Compact (CGC) was signed in May 2022.\n" };
    const service = createFactCheckService({ fileSystem: inMemoryFileSystem(corpus), catalog: { entities: [] } });
    await service.setCorpus(["/c"]);
    const filler = "The CGC has members on both coasts. ".repeat(10_000);
    const text = `${filler}The CGC was signed in May 2021. ${filler}\n\nThe CGC was signed in May 2020.\n`;
    const result = service.check(text, { cache: false });
    expect(result.diagnostics.filter((d) => d.code === "too-complex")).toEqual([]);
    const conflicts = result.diagnostics.filter((d) => d.code === "date-conflict");
    expect(conflicts.map((d) => [d.range.start.line, text.split("\n")[d.range.start.line].slice(d.range.start.character, d.range.end.character)])).toEqual([
      [0, "May 2021"],
      [2, "May 2020"],
    ]);
  });
});

describe("counting a block's numbers against the limit", () => {
  const PARTS = ["1", "22", ".", ",", "3.5", "1,000", " ", "a", "..", ",,", "7.", ".8", "٣"];
  const count = (text: string) => text.match(/\d+(?:[.,]\d+)*/g)?.length ?? 0;

  it("is the pattern's count, read by character code, over the text or a range of it", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PARTS), { maxLength: 30 }), fc.integer({ min: 0, max: 12 }), fc.nat(40), fc.nat(40), (parts, max, a, b) => {
        const text = parts.join("");
        expect(holdsMoreNumbers(text, max)).toBe(count(text) > max);
        const [from, to] = [Math.min(a, b, text.length), Math.min(Math.max(a, b), text.length)];
        expect(holdsMoreNumbers(text, max, from, to)).toBe(count(text.slice(from, to)) > max);
      }),
      { numRuns: 3000, seed: 7 },
    );
  });
});
