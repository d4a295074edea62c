// Indexing, per document: the source read as prose, then block by block its claims and entity
// mentions. It only reads the registry (complete once the first pass has collected every
// document's names); the service adds each block's facts to the index as they come, so a
// document's claims are compacted block by block and never all held raw at once.
import { analyzeBlock, type ExtractionContext } from "../extract/claims";
import { parseIsoPartial } from "../extract/dates";
import { DiscourseMemory, documentTopic } from "../extract/discourse";
import type { EntityRegistry } from "../extract/entities";
import type { Lexicon } from "../extract/lexicon";
import { withLongBlocksCut } from "../prose/longBlocks";
import { markdownToProse, plainTextToProse } from "../prose/markdownProse";
import type { Claim, CorpusDocument, PartialDate, ProseDocument } from "../types";

/** What reading a document needs of it. */
export type DocumentSource = Pick<CorpusDocument, "id" | "format" | "text"> & { meta: Pick<CorpusDocument["meta"], "title" | "published"> };

export interface BlockFacts {
  claims: Claim[];
  /** Each mention of an entity, in reading order. */
  mentions: EntityMention[];
}

export interface EntityMention {
  entityId: string;
  /** On an entity's first mention in the document: its sentence, in the document's offsets. */
  first?: { start: number; end: number; quote: string };
}

/** Parses a publication date as written in metadata ("2023-10-28", "2024-07", "2022", "July 2024"). */
export function parsePublished(published: string | undefined): PartialDate | undefined {
  if (!published) return undefined;
  return parseIsoPartial(published);
}

/** The document as prose, or why it cannot be read as such. */
export function proseOfDocument(doc: DocumentSource): ProseDocument | { problem: string } {
  try {
    return doc.format === "markdown" ? withLongBlocksCut(markdownToProse(doc.text)) : plainTextToProse(doc.text);
  } catch (e) {
    return { problem: `could not read as prose: ${(e as Error).message}` };
  }
}

/** The facts of each block of the document, in order. */
export function* factsOfBlocks(doc: DocumentSource, prose: ProseDocument, registry: EntityRegistry, lexicon: Lexicon): Generator<BlockFacts> {
  const ctx: ExtractionContext = {
    registry,
    lexicon,
    reference: parsePublished(doc.meta.published),
    title: doc.meta.title,
    discourse: new DiscourseMemory(topicOf(prose, doc.meta.title, registry)),
  };
  const mentioned = new Set<string>();
  for (const block of prose.blocks) {
    const analysis = analyzeBlock(block, ctx);
    const mentions: EntityMention[] = [];
    for (const s of analysis.sentences) {
      for (const m of s.mentions) {
        if (mentioned.has(m.entityId)) {
          mentions.push({ entityId: m.entityId });
          continue;
        }
        mentioned.add(m.entityId);
        const start = block.sourceOffsets[s.start];
        const end = block.sourceOffsets[s.end - 1] + 1;
        mentions.push(start >= 0 && end > 0 ? { entityId: m.entityId, first: { start, end, quote: s.text } } : { entityId: m.entityId });
      }
    }
    yield { claims: analysis.claims, mentions };
  }
}

/** A document's topic entity: its title's, its first heading's or its lead sentence's. */
export function topicOf(prose: ProseDocument, title: string | undefined, registry: EntityRegistry): string[] {
  const heading = prose.blocks.find((b) => b.kind === "heading")?.text;
  const lead = prose.blocks.find((b) => b.kind === "paragraph")?.text.split(/(?<=[.!?])\s/)[0];
  return documentTopic(title, heading, lead, registry);
}
