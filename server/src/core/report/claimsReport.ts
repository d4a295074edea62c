// The claims report of a draft: every checked claim with its verdict, grouped by the draft's
// sections, with totals. Built from the verdicts a check already computed.
import { markdownToProse } from "../prose/markdownProse";
import { quoteAround } from "./quote";
import type { Claim, SourceRef, Verdict } from "../types";
import { LineIndex } from "../util/lineIndex";
import type { ClaimsReport, ReportClaim, ReportSection, ReportSource, ReportTotals, ReportVerdict } from "./types";

export type { ClaimsReport, ReportClaim, ReportSection, ReportSource, ReportTotals, ReportVerdict } from "./types";

/** Report order: what needs the writer's attention first. */
export const VERDICT_ORDER: readonly ReportVerdict[] = ["conflict", "disagree", "not-covered", "supported"];

/** The diagnostic code for claims no source states (off unless a team turns it on). */
export const UNSOURCED_CODE = "unsourced-claim";

const MAX_SENTENCE_CHARS = 160;

export function buildClaimsReport(markdown: string, verdicts: readonly Verdict[]): ClaimsReport {
  const lines = new LineIndex(markdown);
  const sections = headingsOf(markdown, lines);
  const totals: ReportTotals = { supported: 0, conflict: 0, disagree: 0, "not-covered": 0 };
  const ordered = [...verdicts].sort((a, b) => a.claim.start - b.claim.start);
  let at = 0;
  for (const verdict of ordered) {
    while (at + 1 < sections.length && sections[at + 1].start <= verdict.claim.start) at++;
    sections[at].section.claims.push(reportClaim(verdict, lines));
    totals[verdict.kind]++;
  }
  return {
    claims: ordered.length,
    totals,
    summary: summaryText(ordered.length, totals),
    sections: sections.map((s) => s.section).filter((s) => s.claims.length > 0),
  };
}

/** "18 claims: 14 sourced, 1 conflict, 3 unsourced"; disputed claims only when there are some. */
export function summaryText(claims: number, totals: ReportTotals): string {
  if (claims === 0) return "no checkable claims";
  const parts = [`${totals.supported} sourced`, plural(totals.conflict, "conflict", "conflicts")];
  if (totals.disagree) parts.push(`${totals.disagree} disputed`);
  parts.push(`${totals["not-covered"]} unsourced`);
  return `${plural(claims, "claim", "claims")}: ${parts.join(", ")}`;
}

/** How a verdict reads in the report and the tree view. */
export function verdictLabel(verdict: ReportVerdict): string {
  return { supported: "sourced", conflict: "conflict", disagree: "sources disagree", "not-covered": "not covered" }[verdict];
}

/** The message of the optional `unsourced-claim` diagnostic. */
export function unsourcedMessage(claim: Claim): string {
  return `No source in the corpus states this ${claim.value.type === "date" ? "date" : "figure"} (${claim.valueText}).`;
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** The draft's headings with their offsets, after a section for the text before the first one. */
function headingsOf(markdown: string, lines: LineIndex): { start: number; section: ReportSection }[] {
  const sections = [{ start: 0, section: { heading: "", line: 0, claims: [] as ReportClaim[] } }];
  for (const block of markdownToProse(markdown).blocks) {
    if (block.kind !== "heading") continue;
    const line = lines.positionAt(block.sourceStart).line;
    sections.push({ start: lines.lineExtent(line).start, section: { heading: block.text.trim(), line, claims: [] } });
  }
  return sections;
}

function reportClaim(verdict: Verdict, lines: LineIndex): ReportClaim {
  const { claim } = verdict;
  return {
    verdict: verdict.kind,
    kind: claim.value.type === "date" ? "date" : "figure",
    valueText: claim.valueText,
    range: lines.rangeOf(claim.start, claim.end),
    sentence: quoteAround(claim.sentence, claim.valueText, MAX_SENTENCE_CHARS),
    ...(verdict.expected !== undefined ? { expected: verdict.expected } : {}),
    sources: verdict.sources.map(reportSource),
  };
}

function reportSource(source: SourceRef): ReportSource {
  return {
    document: source.document,
    title: source.title,
    publisher: source.publisher,
    published: source.published,
    path: source.path,
    range: source.range,
    valueText: source.valueText,
  };
}
