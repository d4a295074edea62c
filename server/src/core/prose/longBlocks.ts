// A paragraph of megabytes (an export without blank lines, a pasted report) is read as runs of
// whole sentences of a few thousand characters: each run is checked, cached and timed on its own,
// so no single block holds up the editor or the indexer, and an edit re-checks only its run.
import { splitSentences } from "../extract/sentences";
import type { ProseBlock, ProseDocument } from "../types";

/** A block longer than this is cut at sentence ends into runs of about this size. */
export const MAX_BLOCK_CHARS = 4000;

export function withLongBlocksCut(doc: ProseDocument, max = MAX_BLOCK_CHARS): ProseDocument {
  if (!doc.blocks.some((b) => b.text.length > max && b.kind !== "table_row")) return doc;
  return { ...doc, blocks: doc.blocks.flatMap((b) => (b.text.length > max && b.kind !== "table_row" ? cutBlock(b, max) : [b])) };
}

/** The block as runs of whole sentences of about `max` characters, each with its own extent in the source. */
export function cutBlock(block: ProseBlock, max: number): ProseBlock[] {
  const runs: [number, number][] = [];
  let runStart = 0;
  for (const sentence of splitSentences(block.text)) {
    if (sentence.end - runStart >= max) {
      runs.push([runStart, sentence.end]);
      runStart = sentence.end;
    }
  }
  if (/\S/.test(block.text.slice(runStart))) runs.push([runStart, block.text.length]);
  const pieces = runs.map(([a, b]) => piece(block, a, b)).filter((p): p is ProseBlock => !!p);
  return pieces.length ? pieces : [block];
}

function piece(block: ProseBlock, start: number, end: number): ProseBlock | undefined {
  while (start < end && /\s/.test(block.text[start])) start++;
  while (end > start && /\s/.test(block.text[end - 1])) end--;
  if (start >= end) return undefined;
  // (Like every block's: one entry a character, and one past the last, its source offset plus one.)
  const offsets = block.sourceOffsets;
  const sourceOffsets = new Int32Array(end - start + 1);
  let first = -1;
  let last = -1;
  for (let i = start; i < end; i++) {
    const o = offsets[i];
    sourceOffsets[i - start] = o;
    if (o >= 0) {
      if (first < 0) first = o;
      last = o;
    }
  }
  if (first < 0) return undefined;
  sourceOffsets[end - start] = last + 1;
  return { ...block, text: block.text.slice(start, end), sourceOffsets, sourceStart: first, sourceEnd: last + 1 };
}
