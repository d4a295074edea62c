// Where a passage is in its source, as a writer finds it again: a page of a PDF, a line elsewhere.
import type { CorpusDocument, SourceRef } from "../../types";

/** The original-format fields of a source reference to the passage starting at `offset` of a document's text. */
export function originalPlace(doc: CorpusDocument, offset: number): Pick<SourceRef, "originalFormat" | "page" | "pageLine"> {
  const original = doc.original;
  if (!original) return {};
  const places = original.places;
  if (!places || places.length === 0 || offset < places[0][0]) return { originalFormat: original.format };
  // The last line of the original that starts at or before the offset.
  let lo = 0;
  let hi = places.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (places[mid][0] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { originalFormat: original.format, page: places[lo][1], pageLine: places[lo][2] };
}

/** "p. 12" for a PDF passage, "line 8" for a text source. */
export function sourcePlace(source: SourceRef): string {
  return source.page ? `p. ${source.page}` : `line ${source.range.start.line + 1}`;
}

/** The part of a link after the file: the line of a text source, the page of a PDF (as PDF viewers read "#page="). */
export function linkFragment(source: SourceRef): string {
  if (!source.originalFormat) return `#L${source.range.start.line + 1}`;
  return source.page ? `#page=${source.page}` : "";
}
