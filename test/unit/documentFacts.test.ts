// Indexing's per-document stage alone: a source read as prose, then block by block its claims (in
// the document's offsets) and its entity mentions (the first one of each entity with its sentence).
import { describe, expect, it } from "vitest";
import { EntityRegistry } from "../../server/src/core/extract/entities";
import { loadLexicon } from "../../server/src/core/extract/lexicon";
import { factsOfBlocks, proseOfDocument, type DocumentSource } from "../../server/src/core/index/documentFacts";
import { builtinCatalog } from "../../server/src/core/service";

const registry = new EntityRegistry(builtinCatalog);
const lexicon = loadLexicon();
const facts = (doc: DocumentSource) => {
  const prose = proseOfDocument(doc);
  if ("problem" in prose) throw new Error(prose.problem);
  return [...factsOfBlocks(doc, prose, registry, lexicon)];
};

const markdown = [
  "---",
  "title: Notes on the framework",
  "published: 2023-10-28",
  "---",
  "",
  "# Trade",
  "",
  "The Indo-Pacific Economic Framework (IPEF) was launched in May 2022. IPEF talks went on.",
  "",
  "It counts 14 members, and its members hold 40% of world GDP.",
  "",
].join("\n");

describe("a document's facts", () => {
  const doc: DocumentSource = { id: "notes.md", format: "markdown", text: markdown, meta: { title: "Notes on the framework", published: "2023-10-28" } };
  const blocks = facts(doc);

  it("gives each block's claims in the document's offsets", () => {
    const claims = blocks.flatMap((b) => b.claims);
    expect(claims.map((c) => c.valueText)).toEqual(["May 2022", "14", "40%"]);
    for (const c of claims) {
      expect(markdown.slice(c.start, c.end)).toBe(c.valueText);
      expect(markdown.slice(c.sentenceStart, c.sentenceEnd)).toBe(c.sentence);
    }
  });

  it("resolves a later paragraph's pronoun to the entity the document named", () => {
    const members = blocks.flatMap((b) => b.claims).find((c) => c.valueText === "14");
    expect(members?.entities).toContain("ipef");
  });

  it("marks only an entity's first mention, with its sentence as the document has it", () => {
    const mentions = blocks.flatMap((b) => b.mentions).filter((m) => m.entityId === "ipef");
    expect(mentions.length).toBeGreaterThanOrEqual(2);
    expect(mentions.filter((m) => m.first)).toHaveLength(1);
    const first = mentions[0].first!;
    expect(first.quote).toBe("The Indo-Pacific Economic Framework (IPEF) was launched in May 2022.");
    expect(markdown.slice(first.start, first.end)).toBe(first.quote);
  });

  it("reads plain text line by line", () => {
    const text = "IPEF was launched in May 2022.\nIt counts 14 members.\n";
    const plain = facts({ id: "notes.txt", format: "text", text, meta: {} });
    const claims = plain.flatMap((b) => b.claims);
    expect(claims.map((c) => [c.valueText, text.slice(c.start, c.end)])).toEqual([
      ["May 2022", "May 2022"],
      ["14", "14"],
    ]);
  });
});
