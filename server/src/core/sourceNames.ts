// How sources are named in messages, hovers and footnotes: as a writer cites them, never by file name
// when the corpus knows better. The file and line go in the link beside the name.
import type { SourceRef } from "./types";

/** A source as a writer cites it: "Title, Publisher, date", a long title cut at a word. */
export function citeSource(source: SourceRef, maxTitle = 60): string {
  const title = source.title?.trim() ? shortTitle(source.title.trim(), maxTitle) : undefined;
  const parts = [title, knownMeta(source.publisher), knownMeta(source.published)].filter((x): x is string => !!x);
  return parts.length > 0 ? parts.join(", ") : source.document;
}

function shortTitle(title: string, max: number): string {
  if (title.length <= max) return title;
  const cut = title.lastIndexOf(" ", max - 1);
  return `${title.slice(0, cut > max / 2 ? cut : max - 1).replace(/[\s,;:–—-]+$/, "")}…`;
}

/** Metadata the corpus marks as unknown reads as missing. */
function knownMeta(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed && trimmed.toLowerCase() !== "unknown" ? trimmed : undefined;
}
