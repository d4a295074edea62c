// The built-in catalog (data/catalog.json) checked against the seed corpus it cites:
// every fact must be findable where its citation says, and nothing may be a copied sentence.
import * as fs from "node:fs";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { nodeFileSystem } from "../../server/src/core/corpus/fileSystem";
import { loadCorpus } from "../../server/src/core/corpus/loadCorpus";
import type { Catalog, CatalogEntity, CatalogFact, CorpusDocument, EntityKind } from "../../server/src/core/types";

const ROOT = path.resolve(__dirname, "../..");
const SEED_CORPUS = "/work/shared/corpus";

const catalog: Catalog = JSON.parse(fs.readFileSync(path.join(ROOT, "data/catalog.json"), "utf8"));
const lexicon: { predicates: Record<string, unknown> } = JSON.parse(fs.readFileSync(path.join(ROOT, "data/lexicon.json"), "utf8"));

const ENTITY_KINDS: EntityKind[] = ["agreement", "framework", "initiative", "law", "forum", "meeting", "organization", "strategy", "other"];

/** Entities the catalog must cover: the agreements and forums the seed corpus names. */
const REQUIRED_IDS = [
  "ipef", "rcep", "cptpp", "tpp", "msp", "quad", "chips-act", "chip-4-alliance", "jucip", "epcc", "ira", "bri",
  "blue-dot-network", "pgii", "depa", "ftaap", "apec", "g7", "g20", "asean", "asean-us-summit", "east-asia-summit",
  "camp-david-summit", "japan-us-rok-commerce-industry-ministers-meeting", "disruptive-technology-network",
  "japan-philippines-raa", "us-japan-critical-minerals-agreement", "korus", "china-korea-fta", "us-indo-pacific-strategy",
  "aukus", "five-eyes", "korea-us-public-private-economic-forum", "economic-security-promotion-act", "paris-agreement",
];

/** Words that name a kind of thing, not a thing: as a whole alias they would match ordinary prose. */
const GENERIC_ALIASES = new Set([
  "agreement", "summit", "strategy", "framework", "partnership", "initiative", "act", "law", "forum", "alliance",
  "dialogue", "meeting", "network", "treaty", "fta", "the agreement", "the framework", "the summit", "the partnership",
]);

const NUMBER_WORDS: Record<string, string> = {
  one: "1", two: "2", three: "3", four: "4", five: "5", six: "6", seven: "7", eight: "8", nine: "9", ten: "10",
  eleven: "11", twelve: "12",
};

const ISO_PARTIAL_DATE = /^(\d{4})(?:-(0[1-9]|1[0-2])(?:-(0[1-9]|[12]\d|3[01]))?)?$/;

/** Text as a reader sees it, for copy checks: case and runs of white space do not matter. */
function normaliseForCopyCheck(text: string): string {
  return text.toLowerCase().replace(/[’‘]/g, "'").replace(/[“”]/g, '"').replace(/\s+/g, " ");
}

function namesOf(entity: CatalogEntity): string[] {
  return [entity.name, ...(entity.acronym ? [entity.acronym] : []), ...entity.aliases];
}

function allFacts(): { entity: CatalogEntity; fact: CatalogFact }[] {
  return catalog.entities.flatMap((entity) => entity.facts.map((fact) => ({ entity, fact })));
}

/** Every string in the catalog that is written in our own words (not a name), with where it is. */
function ownWordsStrings(): { where: string; text: string }[] {
  const result: { where: string; text: string }[] = [];
  for (const entity of catalog.entities) {
    if (entity.description) result.push({ where: `${entity.id}.description`, text: entity.description });
    entity.facts.forEach((fact, index) => {
      result.push({ where: `${entity.id}.facts[${index}].label`, text: fact.label });
      result.push({ where: `${entity.id}.facts[${index}].value`, text: fact.value });
      result.push({ where: `${entity.id}.facts[${index}].citation.text`, text: fact.citation.text });
    });
  }
  return result;
}

describe("catalog schema", () => {
  it("has entities with unique kebab-case ids, names and known kinds", () => {
    expect(catalog.entities.length).toBeGreaterThanOrEqual(REQUIRED_IDS.length);
    const ids = catalog.entities.map((entity) => entity.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const entity of catalog.entities) {
      expect(entity.id, entity.id).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
      expect(entity.name.trim(), entity.id).not.toBe("");
      expect(ENTITY_KINDS, entity.id).toContain(entity.kind);
      expect(Array.isArray(entity.aliases), entity.id).toBe(true);
      expect(Array.isArray(entity.facts), entity.id).toBe(true);
      if (entity.acronym !== undefined) expect(entity.acronym.trim(), entity.id).not.toBe("");
      if (entity.description !== undefined) {
        expect(entity.description.trim(), entity.id).not.toBe("");
        expect(entity.description, `${entity.id}: one line`).not.toMatch(/\n/);
      }
      for (const member of entity.members ?? []) expect(member.trim(), entity.id).not.toBe("");
    }
  });

  it("covers the agreements, forums and initiatives the seed corpus names", () => {
    const ids = new Set(catalog.entities.map((entity) => entity.id));
    expect(REQUIRED_IDS.filter((id) => !ids.has(id))).toEqual([]);
  });

  it("gives each name, acronym and alias to one entity only", () => {
    const owner = new Map<string, string>();
    const clashes: string[] = [];
    for (const entity of catalog.entities) {
      for (const name of namesOf(entity)) {
        const key = name.toLowerCase();
        const previous = owner.get(key);
        if (previous !== undefined) clashes.push(`"${name}" (${previous}, ${entity.id})`);
        owner.set(key, entity.id);
      }
    }
    expect(clashes).toEqual([]);
  });

  it("keeps aliases specific: no bare generic words, no lower-case single words", () => {
    for (const entity of catalog.entities) {
      for (const alias of [...entity.aliases, ...(entity.acronym ? [entity.acronym] : [])]) {
        expect(alias.trim(), entity.id).toBe(alias);
        expect(alias, entity.id).not.toBe("");
        expect(GENERIC_ALIASES.has(alias.toLowerCase()), `${entity.id}: "${alias}" is generic`).toBe(false);
        // A one-word alias must look like a name (a capital or a digit), or it matches ordinary words.
        if (!/\s/.test(alias)) expect(alias, `${entity.id}: "${alias}"`).toMatch(/[A-Z0-9]/);
      }
    }
  });

  it("uses lexicon predicates and ISO partial dates for date facts", () => {
    for (const { entity, fact } of allFacts()) {
      const where = `${entity.id}: ${fact.label}`;
      expect(fact.label.trim(), where).not.toBe("");
      expect(fact.label.length, where).toBeLessThanOrEqual(70);
      if (fact.kind === "date") {
        expect(fact.predicate, where).toBeDefined();
        expect(Object.keys(lexicon.predicates), where).toContain(fact.predicate);
        expect(fact.value, where).toMatch(ISO_PARTIAL_DATE);
      } else {
        expect(fact.kind, where).toBe("quantity");
        expect(fact.measure?.length, where).toBeGreaterThan(0);
        for (const word of fact.measure ?? []) expect(word, where).toMatch(/^[a-z0-9][a-z0-9-]*$/);
        if (fact.predicate !== undefined) expect(Object.keys(lexicon.predicates), where).toContain(fact.predicate);
      }
    }
  });

  it("normalises quantities to the number the citation writes", () => {
    for (const { entity, fact } of allFacts()) {
      if (fact.kind !== "quantity") continue;
      const where = `${entity.id}: ${fact.label}`;
      const written = fact.citation.text.toLowerCase();
      const digits = (text: string) => text.replace(/[^0-9.]/g, "");
      const writtenNumber = NUMBER_WORDS[written] ?? digits(written);
      if (writtenNumber !== "") expect(digits(fact.value), where).toBe(writtenNumber);
      else expect(fact.value.toLowerCase(), where).toBe(written); // ordinals written as words ("fourth")
      if (/%/.test(written)) expect(fact.value, where).toMatch(/%$/);
      if (/\$/.test(written)) expect(fact.value, where).toMatch(/^\$/);
    }
  });
});

describe("catalog citations against the seed corpus", () => {
  let documents: Map<string, CorpusDocument>;
  beforeAll(async () => {
    const corpus = await loadCorpus([SEED_CORPUS], nodeFileSystem);
    expect(corpus.problems).toEqual([]);
    documents = new Map(corpus.documents.map((document) => [document.id, document]));
  });

  const linesOf = (document: CorpusDocument) => document.text.split(/\r?\n/);

  it("cites documents that exist, on lines that write the value", () => {
    for (const { entity, fact } of allFacts()) {
      const where = `${entity.id}: ${fact.label}`;
      const document = documents.get(fact.citation.document);
      expect(document, `${where}: document ${fact.citation.document}`).toBeDefined();
      const lines = linesOf(document!);
      expect(Number.isInteger(fact.citation.line), where).toBe(true);
      expect(fact.citation.line, where).toBeGreaterThanOrEqual(1);
      expect(fact.citation.line, where).toBeLessThanOrEqual(lines.length);
      expect(fact.citation.text.trim(), where).not.toBe("");
      expect(lines[fact.citation.line - 1], `${where}: line ${fact.citation.line}`).toContain(fact.citation.text);
    }
  });

  it("names the entity on the cited line or within the three lines before it", () => {
    for (const { entity, fact } of allFacts()) {
      const lines = linesOf(documents.get(fact.citation.document)!);
      const index = fact.citation.line - 1;
      const nearby = lines.slice(Math.max(0, index - 3), index + 1).join("\n").toLowerCase();
      const named = namesOf(entity).some((name) => nearby.includes(name.toLowerCase()));
      expect(named, `${entity.id}: ${fact.label} (${fact.citation.document}:${fact.citation.line})`).toBe(true);
    }
  });

  it("takes the year of a date from the citation, or else from the document's publication date", () => {
    for (const { entity, fact } of allFacts()) {
      if (fact.kind !== "date") continue;
      const where = `${entity.id}: ${fact.label}`;
      const writtenYear = /\b(1[89]|20)\d{2}\b/.exec(fact.citation.text)?.[0];
      const published = documents.get(fact.citation.document)!.meta.published;
      const expectedYear = writtenYear ?? published?.slice(0, 4);
      expect(expectedYear, `${where}: no year written and no publication date`).toBeDefined();
      expect(fact.value.slice(0, 4), where).toBe(expectedYear);
    }
  });

  it("copies no sentence: no string over 40 characters occurs in a corpus document", () => {
    const corpusTexts = [...documents.values()].map((document) => normaliseForCopyCheck(document.text));
    const copies: string[] = [];
    for (const { where, text } of ownWordsStrings()) {
      const normalised = normaliseForCopyCheck(text);
      if (normalised.length > 40 && corpusTexts.some((corpusText) => corpusText.includes(normalised))) {
        copies.push(`${where}: "${text}"`);
      }
    }
    expect(copies).toEqual([]);
  });

  it("writes descriptions and labels in its own words: no run of over 40 characters from the corpus", () => {
    const corpusTexts = [...documents.values()].map((document) => normaliseForCopyCheck(document.text));
    const WINDOW = 41;
    const copies: string[] = [];
    for (const { where, text } of ownWordsStrings()) {
      if (!where.endsWith("description") && !where.endsWith("label")) continue;
      const normalised = normaliseForCopyCheck(text);
      for (let start = 0; start + WINDOW <= normalised.length; start++) {
        const window = normalised.slice(start, start + WINDOW);
        if (corpusTexts.some((corpusText) => corpusText.includes(window))) {
          copies.push(`${where}: "${window}"`);
          break;
        }
      }
    }
    expect(copies).toEqual([]);
  });
});
