// Completion of agreement, framework and initiative names. The first mention of an entity in a
// document gets the full name with its acronym, later mentions the acronym, as style guides ask.
import { CompletionItemKind, MarkupKind, type CompletionItem, type CompletionList, type Position } from "vscode-languageserver";
import type { TextDocument } from "vscode-languageserver-textdocument";
import type { EntityAtResult } from "../core/serviceTypes";
import type { Entity } from "../core/types";
import type { CorpusIndex } from "./corpusIndex";
import { isMarkdownDocument, MAX_CHECKED_CHARS, offsetOf } from "./documents";
import { sourceLinker } from "./sources";

const MAX_ITEMS = 30;

/** The word being typed: letters, digits, hyphens and ampersands, as in names like "Indo-Pacific" or "R&D". */
const WORD_BEFORE_CURSOR = /[\p{L}\p{N}&-]+$/u;

const EMPTY: CompletionList = { isIncomplete: false, items: [] };

export interface MentionsSource {
  /** Entity mentions of the document's current version (cached by the caller). */
  mentions(doc: TextDocument): EntityAtResult[];
}

export function provideCompletion(doc: TextDocument, position: Position, index: CorpusIndex, mentions: MentionsSource): CompletionList {
  if (!isMarkdownDocument(doc) || doc.getText().length > MAX_CHECKED_CHARS) return EMPTY;
  const offset = offsetOf(doc, position);
  if (offset === undefined) return EMPTY;
  const lineStart = doc.offsetAt({ line: position.line, character: 0 });
  const before = doc.getText().slice(lineStart, offset);
  if (insideCode(doc.getText(), lineStart, before)) return EMPTY;
  // A word starts with a letter or digit; leading hyphens are dashes or list markers.
  const prefix = (WORD_BEFORE_CURSOR.exec(before)?.[0] ?? "").replace(/^[-&]+/, "");
  if (!prefix) return EMPTY;
  const prefixStart = offset - prefix.length;

  const service = index.service;
  const entities = service.completeEntities(prefix, MAX_ITEMS);
  if (!entities.length) return { isIncomplete: true, items: [] };
  const mentionedBefore = new Set(mentions.mentions(doc).filter((m) => m.end <= prefixStart).map((m) => m.entity.id));
  const range = { start: doc.positionAt(prefixStart), end: position };

  const items = entities.map((entity, rank): CompletionItem => {
    const insert = entity.acronym && !mentionedBefore.has(entity.id) ? `${entity.name} (${entity.acronym})` : entity.acronym ?? entity.name;
    const card = service.cardMarkdown(entity.id, sourceLinker(service));
    return {
      label: entity.name,
      kind: CompletionItemKind.Reference,
      detail: entity.acronym ? `${entity.acronym} · ${entity.kind}` : entity.kind,
      filterText: filterTextFor(entity, prefix),
      sortText: String(rank).padStart(4, "0"),
      textEdit: { range, newText: insert },
      ...(card ? { documentation: { kind: MarkupKind.Markdown, value: card } } : {}),
    };
  });
  // The engine ranks and limits by prefix, so the client must ask again as the word grows.
  return { isIncomplete: true, items };
}

/**
 * Is the cursor in code: an open fence above it (``` or ~~~), an indented code line, or an
 * unclosed backtick on its line? A cheap scan: completion runs on every keystroke.
 */
function insideCode(text: string, lineStart: number, lineBefore: string): boolean {
  if ((lineBefore.match(/`/g)?.length ?? 0) % 2 === 1) return true;
  let open: string | undefined;
  const fence = /^ {0,3}(`{3,}|~{3,})/gm;
  let m: RegExpExecArray | null;
  while ((m = fence.exec(text)) && m.index < lineStart) {
    if (!open) open = m[1][0];
    else if (m[1][0] === open) open = undefined;
  }
  return open !== undefined;
}

/**
 * Name, acronym and aliases, with the one the typed prefix matches first: clients filter on the
 * start of filterText, so "IPE" must find the item even though its label is the full name.
 */
function filterTextFor(entity: Entity, prefix: string): string {
  const names = [entity.name, ...(entity.acronym ? [entity.acronym] : []), ...entity.aliases];
  const lower = prefix.toLowerCase();
  const matching = names.findIndex((n) => n.toLowerCase().startsWith(lower));
  if (matching > 0) names.unshift(...names.splice(matching, 1));
  return [...new Set(names)].join(" ");
}
