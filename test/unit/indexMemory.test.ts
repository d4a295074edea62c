// What a large corpus keeps in memory and reads again at start-up: lower-cased sentences made from
// the documents' text when first read (exactly the slices of the lower-cased document they stand
// for), sentence ranges found in the documents' lines when asked for, front matter read once and
// kept by its text, files read in one call within their limit,
// and one shape for every claim of the index.
import * as fs from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { inMemoryFileSystem, nodeFileSystem } from "../../server/src/core/corpus/fileSystem";
import { loadCorpus, type FrontMatterCache } from "../../server/src/core/corpus/loadCorpus";
import { contextLowerOf, fixedShapeClaim, lowerKeepsOffsets, sentenceLowerOf, sentenceRangeOf } from "../../server/src/core/index/factIndex";
import { readFrontMatterCache, writeFrontMatterCache } from "../../server/src/core/index/indexCache";
import { createFactCheckService, factIndexOf } from "../../server/src/core/service";
import catalogData from "../../data/catalog.json";
import { analyzeBlock, type ExtractionContext } from "../../server/src/core/extract/claims";
import { EntityRegistry } from "../../server/src/core/extract/entities";
import { loadLexicon } from "../../server/src/core/extract/lexicon";
import { markdownToProse, plainTextToProse } from "../../server/src/core/prose/markdownProse";
import type { Catalog } from "../../server/src/core/types";

const tmp = (prefix: string) => fs.mkdtempSync(path.join(tmpdir(), prefix));

/** Sources in plain letters, and sources whose lower case moves offsets (a dotted capital I, a capital sigma, a letter outside the BMP). */
const files: Record<string, string> = {
  "/c/plain.md": "---\ntitle: Plain letters\npublished: 2023-05-01\n---\n\n# Plain\n\nThe Group of Seven (G7) met in Hiroshima. The G7 was launched in May 2019 in Biarritz.\n\nJapan's exports to India were $120.5 billion in 2022.\n",
  "/c/dotted.md": "# İzmir notes\n\nİZMİR hosted the talks. The Group of Seven (G7) was launched in May 2019 in Biarritz.\n\nIn 2022, Japan's exports to India were $120.5 billion.\n",
  "/c/sigma.md": "# ΣΟΦΙΑ\n\nΟΔΟΣ ΣΟΦΙΑΣ 𐐀 is far. The G7 was launched in May 2019 after the ΣΥΝΟΔΟΣ.\n",
  "/c/same-front-matter.md": "---\ntitle: Plain letters\npublished: 2023-05-01\n---\n\nThe G7 was launched in May 2019.\n",
  "/c/bad-front-matter.md": "---\ntitle: [unclosed\n---\n\nThe G7 was launched in May 2019.\n",
};

/** A service over `files` indexed cold, then one read back from its cache, each with the claims of `files`. */
async function* coldThenWarm(prefix: string) {
  const cache = tmp(prefix);
  for (const fromCache of [false, true]) {
    const s = createFactCheckService({ fileSystem: inMemoryFileSystem(files), indexCacheDir: cache });
    expect((await s.setCorpus(["/c"])).fromCache).toBe(fromCache);
    yield { s, claims: factIndexOf(s)!.claims().filter((c) => files[`/c/${c.documentId}`] !== undefined) };
  }
}

describe("lower-cased sentences", () => {
  it("are made only for texts whose lower case keeps every offset", () => {
    expect(lowerKeepsOffsets("The G7 met in Hiroshima, Japan: €5 billion, 50%.")).toBe(true);
    expect(lowerKeepsOffsets("İzmir")).toBe(false);
    expect("İzmir".toLowerCase().length).toBe(6);
    expect(lowerKeepsOffsets("ΟΔΟΣ")).toBe(false);
    expect(lowerKeepsOffsets("𐐀 letter")).toBe(false);
  });

  it("are the slices of the lower-cased document, cold and read back from the cache", async () => {
    for await (const { claims } of coldThenWarm("factcheck-lower-")) {
      expect(new Set(claims.map((c) => c.documentId)).size).toBe(5);
      for (const c of claims) {
        const lower = files[`/c/${c.documentId}`].toLowerCase();
        expect(sentenceLowerOf(c), c.sentence).toBe(lower.slice(c.sentenceStart, c.sentenceEnd));
        expect(contextLowerOf(c), c.sentence).toBe(lower.slice(c.contextStart, c.sentenceStart));
        // Only the documents whose lower case keeps offsets are lower-cased on demand.
        expect(c.sourceText !== undefined, c.documentId).toBe(lowerKeepsOffsets(files[`/c/${c.documentId}`]));
      }
    }
  });
});

describe("sentence ranges", () => {
  /** Line and character of an offset, counted here from the text. */
  const position = (text: string, offset: number) => ({ line: text.slice(0, offset).split("\n").length - 1, character: offset - (text.lastIndexOf("\n", offset - 1) + 1) });

  it("are found in the document's lines when asked for, cold and read back from the cache", async () => {
    for await (const { s, claims } of coldThenWarm("factcheck-ranges-")) {
      expect(claims.every((c) => c.sentenceRange === undefined)).toBe(true);
      for (const c of claims) {
        const text = files[`/c/${c.documentId}`];
        expect(sentenceRangeOf(c), c.sentence).toEqual({ start: position(text, c.sentenceStart), end: position(text, c.sentenceEnd) });
      }
      const source = s.check("The G7 was launched in May 2018 in Biarritz.\n").diagnostics[0].sources[0];
      expect(source.range.start.line).toBe(position(files[`/c/${source.document}`], files[`/c/${source.document}`].indexOf(source.quote)).line);
    }
  });
});

describe("front matter", () => {
  it("is parsed once per text: a cache of it gives the same metadata and problems", async () => {
    const fsys = inMemoryFileSystem(files);
    const fresh = await loadCorpus(["/c"], fsys);
    const cache: FrontMatterCache = new Map();
    const first = await loadCorpus(["/c"], fsys, { frontMatter: cache });
    // Two documents share one block: it is parsed once.
    expect(cache.size).toBe(2);
    const second = await loadCorpus(["/c"], fsys, { frontMatter: cache });
    for (const loaded of [first, second]) {
      expect(loaded.documents.map((d) => [d.id, d.meta])).toEqual(fresh.documents.map((d) => [d.id, d.meta]));
      expect(loaded.problems).toEqual(fresh.problems);
    }
    expect(fresh.problems.some((p) => p.path === "/c/bad-front-matter.md" && p.message.startsWith("front matter ignored: invalid YAML"))).toBe(true);
    // What the cache holds is what a document read again gets (it is keyed by the block's text).
    const [block] = [...cache.keys()].filter((k) => k.includes("Plain letters"));
    cache.set(block, { meta: { title: "From the cache" }, problems: [] });
    const third = await loadCorpus(["/c"], fsys, { frontMatter: cache });
    expect(third.documents.find((d) => d.id === "plain.md")!.meta).toEqual({ title: "From the cache" });
  });

  it("is kept beside the snapshots, and a file that is not such a cache is passed over", async () => {
    const dir = tmp("factcheck-front-matter-");
    const cache: FrontMatterCache = new Map([
      ["title: A\n", { meta: { title: "A", authors: ["One", "Two"] }, problems: [] }],
      ["title: [\n", { meta: {}, problems: ["front matter ignored: invalid YAML: x"] }],
    ]);
    expect(writeFrontMatterCache(dir, cache)).toBeUndefined();
    expect(readFrontMatterCache(dir)).toEqual(cache);
    const file = path.join(dir, "front-matter.json");
    fs.writeFileSync(file, JSON.stringify({ format: "front-matter-1", entries: [["title: B\n", { title: 5 }, []], ["title: C\n", { title: "C" }, []]] }));
    expect([...readFrontMatterCache(dir)]).toEqual([["title: C\n", { meta: { title: "C" }, problems: [] }]]);
    fs.writeFileSync(file, "not json");
    expect(readFrontMatterCache(dir).size).toBe(0);
  });

  it("read from the cache folder gives a warm start the metadata and problems of a cold one", async () => {
    const cache = tmp("factcheck-front-matter-warm-");
    const cold = createFactCheckService({ fileSystem: inMemoryFileSystem(files), indexCacheDir: cache });
    const coldStats = await cold.setCorpus(["/c"]);
    expect(fs.existsSync(path.join(cache, "front-matter.json"))).toBe(true);
    const warm = createFactCheckService({ fileSystem: inMemoryFileSystem(files), indexCacheDir: cache });
    const warmStats = await warm.setCorpus(["/c"]);
    expect(warmStats.fromCache).toBe(true);
    expect(warmStats.problems).toEqual(coldStats.problems);
    const draft = "The G7 was launched in May 2018 in Biarritz.\n";
    expect(warm.check(draft).diagnostics).toEqual(cold.check(draft).diagnostics);
    expect(warm.card("g7")).toEqual(cold.card("g7"));
  });
});

describe("corpus files", () => {
  it("are read in one call within their limit, with the same problems as stat and read", async () => {
    const dir = tmp("factcheck-read-within-");
    fs.writeFileSync(path.join(dir, "small.md"), "The G7 was launched in May 2019.\n");
    fs.writeFileSync(path.join(dir, "large.md"), `The G7 was launched in May 2019. ${"x".repeat(3000)}\n`);
    fs.writeFileSync(path.join(dir, "exact.md"), "a".repeat(2048));
    const read = await nodeFileSystem.readFileWithin!(path.join(dir, "exact.md"), 2048);
    expect("bytes" in read && read.bytes.length).toBe(2048);
    expect(await nodeFileSystem.readFileWithin!(path.join(dir, "exact.md"), 2047)).toEqual({ size: 2048 });
    const viaOneCall = await loadCorpus([dir], nodeFileSystem, { maxFileBytes: 2048 });
    const { readFileWithin: _, ...twoCalls } = nodeFileSystem;
    const viaStat = await loadCorpus([dir], twoCalls, { maxFileBytes: 2048 });
    expect(viaOneCall).toEqual(viaStat);
    expect(viaOneCall.documents.map((d) => d.id)).toEqual(["exact.md", "small.md"]);
    expect(viaOneCall.problems.map((p) => p.message)).toEqual(["skipped: the file is 3 KiB, larger than the 2 KiB limit"]);
    await expect(nodeFileSystem.readFileWithin!(path.join(dir, "missing.md"), 10)).rejects.toThrow(/ENOENT/);
  });
});

describe("the index's claims", () => {
  it("share one shape", async () => {
    const s = createFactCheckService({ fileSystem: inMemoryFileSystem(files) });
    await s.setCorpus(["/c"]);
    const claims = factIndexOf(s)!.claims().filter((c) => files[`/c/${c.documentId}`] !== undefined);
    const keys = Object.keys(claims[0]);
    for (const c of claims) expect(Object.keys(c)).toEqual(keys);
  });

  it("name every field extraction gives a source's claim (the shape copies no others)", () => {
    const registry = new EntityRegistry(catalogData as Catalog);
    const ctx: ExtractionContext = { registry, lexicon: loadLexicon() };
    const sources = Object.values(files).map((text) => ({ text, markdown: true }));
    const fixtures = path.resolve(__dirname, "../fixtures");
    const corpora = fs.readdirSync(fixtures).map((d) => path.join(fixtures, d, "corpus")).filter((d) => fs.existsSync(d));
    for (const corpus of [path.resolve(__dirname, "../../../shared/corpus"), path.resolve(__dirname, "../../../shared/eval/real/corpus"), ...corpora]) {
      for (const f of fs.readdirSync(corpus).filter((f) => /\.(md|txt)$/.test(f))) sources.push({ text: fs.readFileSync(path.join(corpus, f), "utf8"), markdown: f.endsWith(".md") });
    }
    let claims = 0;
    for (const { text, markdown } of sources) {
      for (const block of (markdown ? markdownToProse(text) : plainTextToProse(text)).blocks) {
        for (const claim of analyzeBlock(block, ctx).claims) {
          claims++;
          const named = new Set(Object.keys(fixedShapeClaim(claim, { documentId: "d", sourceLower: "" })));
          for (const key of Object.keys(claim)) expect(named.has(key), key).toBe(true);
        }
      }
    }
    expect(claims).toBeGreaterThan(500);
  });
});
