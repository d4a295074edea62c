// A block is read only until its deadline: a paragraph of thousands of sentences must not hold
// up the editor (the check reports it as too complex, and goes on with the next block).
import { describe, expect, it } from "vitest";
import { analyzeBlock, type ExtractionContext } from "../../server/src/core/extract/claims";
import { EntityRegistry } from "../../server/src/core/extract/entities";
import { loadLexicon } from "../../server/src/core/extract/lexicon";
import { inMemoryFileSystem } from "../../server/src/core/corpus/fileSystem";
import { markdownToProse } from "../../server/src/core/prose/markdownProse";
import { createFactCheckService } from "../../server/src/core/service";

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

  it("a future one changes nothing", () => {
    expect(analyzeBlock(block, ctx, performance.now() + 60_000).claims).toEqual(analyzeBlock(block, ctx).claims);
  });
});

describe("a paragraph of 20,000 sentences in a draft", () => {
  it("is reported as too complex to check, and the next paragraph is checked", async () => {
    const corpus = { "/c/a.md": "---\ntitle: Grid notes\npublished: 2024-05-01\n---\n\nThe Coastal Grid Compact (CGC) was signed in May 2022.\n" };
    const service = createFactCheckService({ fileSystem: inMemoryFileSystem(corpus), catalog: { entities: [] } });
    await service.setCorpus(["/c"]);
    const text = `${"The CGC was signed in May 2022. It has 14 members. ".repeat(20_000)}\n\nThe CGC was signed in May 2021.\n`;
    const result = service.check(text, { cache: false });
    const hints = result.diagnostics.filter((d) => d.code === "too-complex");
    expect(hints).toHaveLength(1);
    expect(hints[0].range.start.line).toBe(0);
    expect(result.diagnostics.some((d) => d.code === "date-conflict" && d.range.start.line === 2)).toBe(true);
  });
});
