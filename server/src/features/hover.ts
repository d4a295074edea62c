// Hover: the verdict on a checked value, or the fact card of an entity mention.
import { MarkupKind, type Hover, type Position } from "vscode-languageserver";
import type { TextDocument } from "vscode-languageserver-textdocument";
import type { CheckResult, FactCheckService } from "../core/serviceTypes";
import type { SourceRef, Verdict } from "../core/types";
import type { CorpusIndex } from "./corpusIndex";
import type { DocumentChecker } from "./diagnostics";
import { offsetOf } from "./documents";
import { describeSource, escapeMarkdown, sourceLink, sourceLinker, sourceMarkdownLink } from "./sources";
import { extractedTextLinkMarkdown, timelineLinkMarkdown } from "./views";
import { sourcePlace } from "../core/corpus/formats/place";

/** Sources quoted in a hover; the rest are counted, not shown, to keep the hover readable. */
const MAX_QUOTED_SOURCES = 3;

export function provideHover(doc: TextDocument, position: Position, checker: DocumentChecker, index: CorpusIndex): Hover | null {
  // Mentions are cached per document version (see DocumentChecker.mentions), so a hover does not
  // parse the document again.
  const offset = offsetOf(doc, position);
  if (offset === undefined) return null;
  const service = index.service;
  const verdictAt = (result: CheckResult | undefined): Hover | null => {
    const verdict = result?.verdicts.find((v) => v.kind !== "not-covered" && v.claim.start <= offset && offset < v.claim.end);
    if (!verdict) return null;
    return {
      contents: { kind: MarkupKind.Markdown, value: verdictMarkdown(service, verdict) },
      range: { start: doc.positionAt(verdict.claim.start), end: doc.positionAt(verdict.claim.end) },
    };
  };
  // A check already done for this version answers at once; an entity's card needs no check at all,
  // so a hover on a name never waits for the document to be checked (while typing, it often is not).
  const cached = verdictAt(checker.cachedResultFor(doc));
  if (cached) return cached;
  const mention = checker.mentions(doc).find((m) => m.start <= offset && offset <= m.end);
  if (!mention) return verdictAt(checker.resultFor(doc));
  const card = service.cardMarkdown(mention.entity.id, sourceLinker(service));
  if (!card) return null;
  return {
    contents: { kind: MarkupKind.Markdown, value: card + timelineLinkMarkdown(mention.entity.id) },
    range: { start: doc.positionAt(mention.start), end: doc.positionAt(mention.end) },
  };
}

export function verdictMarkdown(service: FactCheckService, verdict: Verdict): string {
  const claimed = escapeMarkdown(verdict.claim.valueText);
  // One link per document in the headline; the quotes below point at each passage.
  const firstPerDocument = verdict.sources.filter((s, i, all) => all.findIndex((o) => o.document === s.document) === i);
  const links = firstPerDocument.map((s) => sourceMarkdownLink(service, s));
  const lines: string[] = [];
  switch (verdict.kind) {
    case "supported":
      lines.push(`**Supported by** ${links.join("; ")}`);
      break;
    case "conflict":
      lines.push(
        `**Conflicts with** ${links.join("; ")}` +
          (verdict.expected ? `: the sources give **${escapeMarkdown(verdict.expected)}**, not ${claimed}.` : "."),
      );
      break;
    case "disagree":
      lines.push(
        `**The sources disagree:** ` +
          verdict.sources.map((s) => `${escapeMarkdown(s.valueText)} according to ${sourceMarkdownLink(service, s)}`).join("; ") +
          ".",
      );
      break;
    default:
      return `No source in the corpus states ${claimed}.`;
  }
  const readAs = subjectLine(service, verdict);
  if (readAs) lines.push("", readAs);
  for (const source of verdict.sources.slice(0, MAX_QUOTED_SOURCES)) lines.push("", quoteBlock(service, source));
  const unquoted = verdict.sources.length - MAX_QUOTED_SOURCES;
  if (unquoted > 0) lines.push("", `…and ${unquoted} more source${unquoted === 1 ? "" : "s"}.`);
  return lines.join("\n");
}

/** Where the claim's subject came from when its sentence does not name it: "Read as about the AIIB (“the bank”)." */
function subjectLine(service: FactCheckService, verdict: Verdict): string | undefined {
  const evidence = verdict.claim.subjectEvidence ?? [];
  if (evidence.length === 0) return undefined;
  const names = new Map(service.entities().map((e) => [e.id, e.acronym ?? e.name]));
  const from: Record<string, string> = { description: "", pronoun: "", heading: "the heading ", title: "the title " };
  const parts = evidence.map((r) => `${escapeMarkdown(names.get(r.entityId) ?? r.entityId)} (from ${from[r.via] ?? ""}“${escapeMarkdown(r.word)}”)`);
  return `_Read as about ${parts.join(", ")}._`;
}

function quoteBlock(service: FactCheckService, source: SourceRef): string {
  const link = sourceLink(service, source);
  const label = escapeMarkdown(`${describeSource(source)}, ${sourcePlace(source)}`);
  const cited = link ? `[${label}](${link})` : label;
  // A catalog fact is no source's sentence: it is named, not quoted.
  if (source.origin === "catalog") return `From the built-in catalog, citing ${cited}`;
  const extracted = source.originalFormat ? extractedTextLinkMarkdown(source.document, source.range.start.line) : "";
  return `> ${escapeMarkdown(source.quote.trim())}\n>\n> — ${cited}${extracted}`;
}
