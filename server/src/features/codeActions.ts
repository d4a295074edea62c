// Quick fixes for our diagnostics: replace the claimed value (alone, or with a footnote citing the
// source that gives it), or silence the line with the directive comment the engine understands; and
// "Cite <title>" for a value a source supports.
import { CodeActionKind, type CodeAction, type CodeActionParams, type Diagnostic, type TextEdit } from "vscode-languageserver";
import type { TextDocument } from "vscode-languageserver-textdocument";
import type { CheckResult } from "../core/serviceTypes";
import type { FactDiagnostic, SourceRef } from "../core/types";
import { DIAGNOSTIC_SOURCE, type FactDiagnosticData } from "./diagnostics";
import { lineEndingOf, offsetOf } from "./documents";
import { describeSource, footnoteCitation } from "./sources";

export const SILENCE_DIRECTIVE = "<!-- factcheck-disable-next-line -->";
export const SILENCE_LINE_DIRECTIVE = "<!-- factcheck-disable-line -->";

/** The pieces of a diagnostic the fixes need, from the cached check or the diagnostic's data. */
interface FixTarget {
  diagnostic: Diagnostic;
  start: number;
  end: number;
  expected?: string;
  sources: SourceRef[];
  /** Offset just past the claim's sentence, when known. */
  sentenceEnd?: number;
}

export function provideCodeActions(doc: TextDocument, params: CodeActionParams, result: CheckResult | undefined): CodeAction[] {
  if (params.context.only && !params.context.only.some((kind) => kind === CodeActionKind.Empty || kind === CodeActionKind.QuickFix)) return [];
  // One allocator for the whole response: two fixes applied together must not share a label.
  const labels = new FootnoteLabels(doc.getText());
  const actions: CodeAction[] = [];
  for (const diagnostic of params.context.diagnostics ?? []) {
    if (diagnostic?.source !== DIAGNOSTIC_SOURCE) continue;
    const target = fixTarget(doc, diagnostic, result);
    if (!target) continue;
    const replace = replaceAction(doc, target);
    if (replace) actions.push(replace);
    const replaceAndCite = replaceAndCiteAction(doc, target, labels);
    if (replaceAndCite) actions.push(replaceAndCite);
    actions.push(silenceAction(doc, target));
  }
  actions.push(...citeSupportedActions(doc, params, result, labels));
  return actions;
}

function fixTarget(doc: TextDocument, diagnostic: Diagnostic, result: CheckResult | undefined): FixTarget | undefined {
  // The client sends the diagnostics back: a range outside the text fits no claim of this version.
  const start = diagnostic.range ? offsetOf(doc, diagnostic.range.start) : undefined;
  const end = diagnostic.range ? offsetOf(doc, diagnostic.range.end) : undefined;
  if (start === undefined || end === undefined || end <= start) return undefined;
  const found: FactDiagnostic | undefined = result?.diagnostics.find((d) => d.code === diagnostic.code && d.start === start && d.end === end);
  if (found) {
    const verdict = result?.verdicts.find((v) => v.claim.start === found.start && v.claim.end === found.end);
    return { diagnostic, start, end, expected: found.expected, sources: found.sources, sentenceEnd: verdict?.claim.sentenceEnd };
  }
  // The diagnostic is from an older version: trust its data only if the text still reads the same.
  const data = diagnostic.data as Partial<FactDiagnosticData> | undefined;
  if (typeof data?.claimed !== "string" || doc.getText().slice(start, end) !== data.claimed) return undefined;
  return { diagnostic, start, end, expected: typeof data.expected === "string" ? data.expected : undefined, sources: [] };
}

function replaceEdit(doc: TextDocument, target: FixTarget, expected: string): TextEdit {
  return { range: { start: doc.positionAt(target.start), end: doc.positionAt(target.end) }, newText: expected };
}

function replaceAction(doc: TextDocument, target: FixTarget): CodeAction | undefined {
  if (!target.expected) return undefined;
  return {
    title: `Replace with ${target.expected}`,
    kind: CodeActionKind.QuickFix,
    diagnostics: [target.diagnostic],
    isPreferred: true,
    edit: { changes: { [doc.uri]: [replaceEdit(doc, target, target.expected)] } },
  };
}

/**
 * The right value and a footnote citing the source that gives it, in one edit. A conflict's sources
 * contradict the value as written, so citing one without the replacement would cite against it.
 */
function replaceAndCiteAction(doc: TextDocument, target: FixTarget, labels: FootnoteLabels): CodeAction | undefined {
  const source = citableSource(target.sources);
  if (!target.expected || !source) return undefined;
  return {
    title: `Replace with ${target.expected} and cite ${sourceTitle(source)}`,
    kind: CodeActionKind.QuickFix,
    diagnostics: [target.diagnostic],
    edit: { changes: { [doc.uri]: [replaceEdit(doc, target, target.expected), ...footnoteEdits(doc, target, source, labels.take())] } },
  };
}

/** "Cite <title>" for each value in the requested range that a source supports. */
function citeSupportedActions(doc: TextDocument, params: CodeActionParams, result: CheckResult | undefined, labels: FootnoteLabels): CodeAction[] {
  if (!result || !params.range) return [];
  const from = offsetOf(doc, params.range.start);
  const to = offsetOf(doc, params.range.end);
  if (from === undefined || to === undefined) return [];
  const actions: CodeAction[] = [];
  for (const verdict of result.verdicts) {
    const { claim } = verdict;
    if (verdict.kind !== "supported" || claim.end < from || claim.start > to) continue;
    const source = citableSource(verdict.sources);
    if (!source) continue;
    const target = { start: claim.start, end: claim.end, sentenceEnd: claim.sentenceEnd };
    actions.push({
      title: `Cite ${sourceTitle(source)}`,
      kind: CodeActionKind.QuickFix,
      edit: { changes: { [doc.uri]: footnoteEdits(doc, target, source, labels.take()) } },
    });
  }
  return actions;
}

/** A corpus document rather than the built-in catalog when there is one. */
function citableSource(sources: SourceRef[]): SourceRef | undefined {
  return sources.find((s) => s.document !== "catalog") ?? sources[0];
}

/** How fixes name a source: as a writer cites it (title, publisher, date). */
function sourceTitle(source: SourceRef): string {
  return describeSource(source);
}

/** The reference after the claim's sentence and the definition appended at the end of the draft. */
function footnoteEdits(doc: TextDocument, target: Pick<FixTarget, "start" | "end" | "sentenceEnd">, source: SourceRef, label: string): TextEdit[] {
  const text = doc.getText();
  const eol = lineEndingOf(text);
  const refOffset = footnoteReferenceOffset(doc, target);
  const definition = `[^${label}]: ${footnoteCitation(source, doc.uri)}.`;
  const end = doc.positionAt(text.length);
  return [
    { range: { start: doc.positionAt(refOffset), end: doc.positionAt(refOffset) }, newText: `[^${label}]` },
    { range: { start: end, end }, newText: footnoteBlockPrefix(text, eol) + definition + eol },
  ];
}

/**
 * Footnote labels unused in the draft. Renderers match labels without regard to case, so "fc1" is
 * taken when the draft has "[^FC1]".
 */
class FootnoteLabels {
  private readonly used = new Set<string>();
  private next = 1;

  constructor(text: string) {
    for (const m of text.matchAll(/\[\^([^\]\s]+)\]/g)) this.used.add(m[1].toLowerCase());
  }

  take(): string {
    while (this.used.has(`fc${this.next}`)) this.next++;
    const label = `fc${this.next}`;
    this.used.add(label);
    return label;
  }
}

/** Start and end (line break excluded) of a line, whatever the document's line breaks ("\n", "\r\n" or "\r"). */
function lineSpan(doc: TextDocument, line: number): { start: number; end: number } {
  const text = doc.getText();
  const start = doc.offsetAt({ line, character: 0 });
  let end = line + 1 < doc.lineCount ? doc.offsetAt({ line: line + 1, character: 0 }) : text.length;
  if (end > start && text[end - 1] === "\n") end--;
  if (end > start && text[end - 1] === "\r") end--;
  return { start, end };
}

/**
 * Where the reference goes: after the sentence's closing punctuation when the sentence ends on the
 * claim's line (and, in a table row, in the claim's cell), otherwise right after the value.
 */
function footnoteReferenceOffset(doc: TextDocument, target: Pick<FixTarget, "end" | "sentenceEnd">): number {
  const text = doc.getText();
  const line = lineSpan(doc, doc.positionAt(target.end).line);
  const limit = cellEnd(text, target.end, line.end);
  let at = target.sentenceEnd;
  if (at === undefined || at < target.end || at > limit) at = sentenceEndBefore(text, target.end, limit);
  if (at === undefined) return target.end;
  while (at > target.end && /\s/.test(text[at - 1])) at--;
  return at;
}

/** In a table row, the offset of the pipe that closes the cell holding `from`; else the line's end. */
function cellEnd(text: string, from: number, lineEnd: number): number {
  const lineStart = Math.max(text.lastIndexOf("\n", from - 1), text.lastIndexOf("\r", from - 1)) + 1;
  if (!/^\s*(?:>\s*)*\|/.test(text.slice(lineStart, lineEnd))) return lineEnd;
  for (let i = from; i < lineEnd; i++) {
    if (text[i] === "\\") i++;
    else if (text[i] === "|") return i;
  }
  return lineEnd;
}

/** After the first ".", "!" or "?" (with closing quotes or brackets) that ends a sentence before `limit`. */
function sentenceEndBefore(text: string, from: number, limit: number): number | undefined {
  const rest = text.slice(from, limit);
  const m = /[.!?]["'”’)\]]*(?=\s|\||$)/.exec(rest);
  return m ? from + m.index + m[0].length : undefined;
}

const LINE_BREAK = /\r\n|\r|\n/;

/** Line breaks before a definition appended at the end: close the last line, then leave a blank line unless it follows other footnotes. */
function footnoteBlockPrefix(text: string, eol: string): string {
  if (text.trim() === "") return "";
  const lines = text.split(LINE_BREAK);
  const closed = lines[lines.length - 1] === "";
  let prefix = closed ? "" : eol;
  const lastLine = text.trimEnd().split(LINE_BREAK).pop() ?? "";
  const endsWithBlankLine = closed && lines.length >= 3 && lines[lines.length - 2].trim() === "";
  if (!endsWithBlankLine && !/^\[\^[^\]]+\]:/.test(lastLine)) prefix += eol;
  return prefix;
}

/**
 * Silences the claim's line without changing the document's structure. A directive line above it is
 * used where a new line starts a block of its own: above a paragraph's first line or a heading,
 * inside the same block quote and indentation. Anywhere else a line would split the block (a
 * paragraph's later line, a list item, a table row) so the line gets a trailing
 * "<!-- factcheck-disable-line -->" instead, inside the last table cell and before a hard break.
 */
function silenceAction(doc: TextDocument, target: FixTarget): CodeAction {
  const text = doc.getText();
  const line = doc.positionAt(target.start).line;
  const { start: lineStart, end: lineEnd } = lineSpan(doc, line);
  const lineText = text.slice(lineStart, lineEnd);
  const prefix = containerPrefix(lineText);
  let edit: TextEdit;
  if (directiveLineFits(doc, line, lineText, prefix)) {
    const at = doc.positionAt(lineStart);
    edit = { range: { start: at, end: at }, newText: `${prefix}${SILENCE_DIRECTIVE}${lineEndingOf(text)}` };
  } else {
    const at = doc.positionAt(lineStart + inlineDirectiveOffset(lineText));
    edit = { range: { start: at, end: at }, newText: ` ${SILENCE_LINE_DIRECTIVE}` };
  }
  return {
    title: "Silence this line",
    kind: CodeActionKind.QuickFix,
    diagnostics: [target.diagnostic],
    edit: { changes: { [doc.uri]: [edit] } },
  };
}

/** Indentation and block quote markers at the start of a line: "  > > ". */
function containerPrefix(lineText: string): string {
  return /^(?:[ \t]*>)*[ \t]*/.exec(lineText)?.[0] ?? "";
}

const LIST_MARKER = /^(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)/;
const ATX_HEADING = /^#{1,6}(?:[ \t]|$)/;

/** Can a directive line go above this line without changing the blocks around it? */
function directiveLineFits(doc: TextDocument, line: number, lineText: string, prefix: string): boolean {
  const rest = lineText.slice(prefix.length);
  if (ATX_HEADING.test(rest)) return true; // a heading ends the paragraph above it anyway
  if (LIST_MARKER.test(rest) || rest.includes("|")) return false; // a list item or a table row
  if (line === 0) return true;
  const above = lineSpan(doc, line - 1);
  const previous = doc.getText().slice(above.start, above.end);
  const previousRest = previous.slice(containerPrefix(previous).length);
  return previousRest.trim() === "" || ATX_HEADING.test(previousRest);
}

/** Where a trailing directive goes in a line: before trailing spaces, a backslash hard break and a table row's closing pipe. */
function inlineDirectiveOffset(lineText: string): number {
  let end = lineText.replace(/[ \t]+$/, "").length;
  const backslashes = /\\+$/.exec(lineText.slice(0, end))?.[0].length ?? 0;
  if (backslashes % 2 === 1) end--;
  else if (lineText[end - 1] === "|" && !/(^|[^\\])(\\\\)*\\$/.test(lineText.slice(0, end - 1))) {
    end = lineText.slice(0, end - 1).replace(/[ \t]+$/, "").length;
  }
  return end;
}
