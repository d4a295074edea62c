// Where a passage is in its source, as a writer finds it again: a page of a PDF, a line elsewhere.
import type { CorpusDocument, SourceRef } from "../../types";

/** The original-format fields of a source reference to a line of a document's text. */
export function originalPlace(doc: CorpusDocument, line: number): Pick<SourceRef, "originalFormat" | "page" | "pageLine"> {
  const original = doc.original;
  if (!original) return {};
  const page = original.pages?.[line];
  if (!page) return { originalFormat: original.format };
  return { originalFormat: original.format, page, pageLine: original.pageLines?.[line] || undefined };
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
