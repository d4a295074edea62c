// Quick fixes for our diagnostics: replace the claimed value, cite the source in a footnote, or
// silence the line with the directive comment the engine understands.
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
  const actions: CodeAction[] = [];
  for (const diagnostic of params.context.diagnostics ?? []) {
    if (diagnostic?.source !== DIAGNOSTIC_SOURCE) continue;
    const target = fixTarget(doc, diagnostic, result);
    if (!target) continue;
    const replace = replaceAction(doc, target);
    if (replace) actions.push(replace);
    const footnote = footnoteAction(doc, target);
    if (footnote) actions.push(footnote);
    actions.push(silenceAction(doc, target));
  }
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

function replaceAction(doc: TextDocument, target: FixTarget): CodeAction | undefined {
  if (!target.expected) return undefined;
  const edit: TextEdit = { range: { start: doc.positionAt(target.start), end: doc.positionAt(target.end) }, newText: target.expected };
  return {
    title: `Replace with ${target.expected}`,
    kind: CodeActionKind.QuickFix,
    diagnostics: [target.diagnostic],
    isPreferred: true,
    edit: { changes: { [doc.uri]: [edit] } },
  };
}

function footnoteAction(doc: TextDocument, target: FixTarget): CodeAction | undefined {
  const source = target.sources.find((s) => s.document !== "catalog") ?? target.sources[0];
  if (!source) return undefined;
  const text = doc.getText();
  const eol = lineEndingOf(text);
  const label = `fc${nextFootnoteNumber(text)}`;
  const title = describeSource(source);

  const refOffset = footnoteReferenceOffset(text, target);
  const definition = `[^${label}]: ${footnoteCitation(source, doc.uri)}.`;

  return {
    title: `Add a footnote citing ${title}`,
    kind: CodeActionKind.QuickFix,
    diagnostics: [target.diagnostic],
    edit: {
      changes: {
        [doc.uri]: [
          { range: { start: doc.positionAt(refOffset), end: doc.positionAt(refOffset) }, newText: `[^${label}]` },
          { range: { start: doc.positionAt(text.length), end: doc.positionAt(text.length) }, newText: footnoteBlockPrefix(text, eol) + definition + eol },
        ],
      },
    },
  };
}

/** The smallest footnote number above every "fcN" label the document already uses. */
function nextFootnoteNumber(text: string): number {
  let max = 0;
  for (const m of text.matchAll(/\[\^fc(\d+)\]/g)) max = Math.max(max, Number(m[1]));
  return max + 1;
}

/**
 * Where the reference goes: after the sentence's closing punctuation when the sentence ends on the
 * claim's line, otherwise right after the value.
 */
function footnoteReferenceOffset(text: string, target: FixTarget): number {
  const lineEnd = indexOrLength(text, "\n", target.end);
  let at = target.sentenceEnd;
  if (at === undefined || at < target.end || at > lineEnd) at = sentenceEndOnLine(text, target.end, lineEnd);
  if (at === undefined) return target.end;
  while (at > target.end && /\s/.test(text[at - 1])) at--;
  return at;
}

/** After the first ".", "!" or "?" (with closing quotes or brackets) that ends a sentence on the line. */
function sentenceEndOnLine(text: string, from: number, lineEnd: number): number | undefined {
  const rest = text.slice(from, lineEnd);
  const m = /[.!?]["'”’)\]]*(?=\s|$)/.exec(rest);
  return m ? from + m.index + m[0].length : undefined;
}

function indexOrLength(text: string, search: string, from: number): number {
  const i = text.indexOf(search, from);
  return i < 0 ? text.length : text[i - 1] === "\r" ? i - 1 : i;
}

/** Line breaks before a definition appended at the end: close the last line, then leave a blank line unless it follows other footnotes. */
function footnoteBlockPrefix(text: string, eol: string): string {
  if (text.trim() === "") return "";
  let prefix = /\n$/.test(text) ? "" : eol;
  const lastLine = text.trimEnd().split(/\r?\n/).pop() ?? "";
  const endsWithBlankLine = /\n[ \t]*\r?\n$/.test(text);
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
  const lineStart = doc.offsetAt({ line, character: 0 });
  const lineEnd = indexOrLength(text, "\n", lineStart);
  const lineText = text.slice(lineStart, lineEnd);
  const prefix = containerPrefix(lineText);
  let edit: TextEdit;
  if (directiveLineFits(text, lineStart, lineText, prefix)) {
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
function directiveLineFits(text: string, lineStart: number, lineText: string, prefix: string): boolean {
  const rest = lineText.slice(prefix.length);
  if (ATX_HEADING.test(rest)) return true; // a heading ends the paragraph above it anyway
  if (LIST_MARKER.test(rest) || rest.includes("|")) return false; // a list item or a table row
  if (lineStart === 0) return true;
  const previousStart = text.lastIndexOf("\n", lineStart - 2) + 1;
  const previous = text.slice(previousStart, lineStart).replace(/\r?\n$/, "");
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
