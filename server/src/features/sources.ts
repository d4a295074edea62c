// Turning the engine's source references into editor locations, links and short descriptions.
import { pathToFileURL } from "node:url";
import type { Location } from "vscode-languageserver";
import type { FactCheckService } from "../core/serviceTypes";
import type { SourceRef } from "../core/types";
import { linkFragment } from "../core/corpus/formats/place";

export function sourcePath(service: FactCheckService, source: SourceRef): string | undefined {
  return service.documentPath(source.document) ?? source.path;
}

/** A file URI of the corpus document with the passage's line, for Markdown links. */
export function sourceLink(service: FactCheckService, source: SourceRef): string | undefined {
  const file = sourcePath(service, source);
  return file ? `${pathToFileURL(file).href}${linkFragment(source)}` : undefined;
}

const linkers = new WeakMap<FactCheckService, (source: SourceRef) => string | undefined>();

/** One link function per service, so the engine can cache the cards it renders with it. */
export function sourceLinker(service: FactCheckService): (source: SourceRef) => string | undefined {
  let linker = linkers.get(service);
  if (!linker) linkers.set(service, (linker = (source) => sourceLink(service, source)));
  return linker;
}

export function sourceLocation(service: FactCheckService, source: SourceRef): Location | undefined {
  const file = sourcePath(service, source);
  // A range in a PDF's or web page's converted text means nothing in the file itself.
  const range = source.originalFormat ? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } : source.range;
  return file ? { uri: pathToFileURL(file).href, range } : undefined;
}

/** "Title (Publisher, 2023-10-28)", leaving out what the corpus does not know. */
export function describeSource(source: SourceRef): string {
  const details = [knownValue(source.publisher), knownValue(source.published)].filter((x): x is string => !!x);
  const title = source.title || source.document;
  const place = source.page ? `, p. ${source.page}` : "";
  return (details.length ? `${title} (${details.join(", ")})` : title) + place;
}

/** Metadata values the corpus marks as unknown read as missing. */
export function knownValue(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed && trimmed.toLowerCase() !== "unknown" ? trimmed : undefined;
}

/** Escapes text for Markdown so quotes from sources render as written. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]<>#|~]/g, (c) => `\\${c}`).replace(/\s+/g, " ");
}

/** A Markdown link to the passage, or the plain description when the source has no file. */
export function sourceMarkdownLink(service: FactCheckService, source: SourceRef): string {
  const link = sourceLink(service, source);
  const text = escapeMarkdown(describeSource(source));
  return link ? `[${text}](${link})` : text;
}
