// Turning the engine's source references into editor locations, links and short descriptions.
import * as path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { Location } from "vscode-languageserver";
import { citeSource } from "../core/sourceNames";
import type { FactCheckService } from "../core/serviceTypes";
import type { SourceRef } from "../core/types";
import { linkFragment, sourcePlace } from "../core/corpus/formats/place";

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

/** "Title, Publisher, 2023-10-28" as a writer cites it (the title shortened where long). */
export function describeSource(source: SourceRef): string {
  return citeSource(source);
}

/**
 * The citation a footnote in the draft carries: "Full title, Publisher, 2023-10-28, [line 47](path#L47)",
 * the link relative to the draft when both are files, so it survives moving the folder.
 */
export function footnoteCitation(source: SourceRef, draftUri: string): string {
  const cited = citeSource(source, Infinity);
  if (!source.path) return cited;
  let target = pathToFileURL(source.path).href;
  if (draftUri.startsWith("file:")) {
    const relative = path.relative(path.dirname(fileURLToPath(draftUri)), source.path).split(path.sep).join("/");
    target = relative.split("/").map(encodeURIComponent).join("/");
  }
  return `${cited}, [${sourcePlace(source)}](${target}${linkFragment(source)})`;
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
  const text = escapeMarkdown(`${describeSource(source)}${source.page ? `, ${sourcePlace(source)}` : ""}`);
  return link ? `[${text}](${link})` : text;
}
