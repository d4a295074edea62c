// The claims report as the CLI prints it: text for a terminal, Markdown for a pull-request comment.
import { summaryText, VERDICT_ORDER, verdictLabel } from "./claimsReport";
import type { ClaimsReport, ReportClaim, ReportSource, ReportTotals, ReportVerdict } from "./types";

export interface FileClaimsReport {
  path: string;
  report: ClaimsReport;
}

const MARK: Record<ReportVerdict, string> = { supported: "✅", conflict: "❌", disagree: "⚠️", "not-covered": "❔" };

/** One block per draft: its totals, then each section's claims with line, verdict and source. */
export function reportText(files: FileClaimsReport[]): string {
  const out: string[] = [];
  for (const { path, report } of files) {
    out.push(`${path}: ${report.summary}`);
    for (const section of report.sections) {
      out.push(`  ${section.heading || "(before the first heading)"}`);
      for (const c of section.claims) {
        const where = `${c.range.start.line + 1}:${c.range.start.character + 1}`;
        out.push(`    ${where.padEnd(8)} ${verdictLabel(c.verdict).padEnd(16)} ${c.valueText}${detail(c) ? `  ${detail(c)}` : ""}`);
      }
    }
  }
  out.push(totalLine(files));
  return out.join("\n");
}

/** A Markdown table per draft, for a pull-request comment. */
export function reportMarkdown(files: FileClaimsReport[]): string {
  const out: string[] = ["## Claims report", "", totalLine(files)];
  for (const { path, report } of files) {
    out.push("", `### ${cell(path)}`, "", report.summary, "");
    if (report.claims === 0) continue;
    out.push("| Section | Line | Claim | Verdict | Source |", "| --- | ---: | --- | --- | --- |");
    for (const section of report.sections) {
      for (const c of sortedClaims(section.claims)) {
        const verdict = `${MARK[c.verdict]} ${verdictLabel(c.verdict)}${c.expected && c.verdict === "conflict" ? `: the sources give ${c.expected}` : ""}`;
        out.push(`| ${cell(section.heading)} | ${c.range.start.line + 1} | ${cell(c.valueText)} | ${cell(verdict)} | ${cell(sourceList(c))} |`);
      }
    }
  }
  return out.join("\n");
}

function sortedClaims(claims: ReportClaim[]): ReportClaim[] {
  return [...claims].sort((a, b) => a.range.start.line - b.range.start.line || VERDICT_ORDER.indexOf(a.verdict) - VERDICT_ORDER.indexOf(b.verdict));
}

function detail(c: ReportClaim): string {
  const sources = sourceList(c);
  if (c.verdict === "conflict") return `the sources give ${c.expected ?? "another value"}${sources ? ` (${sources})` : ""}`;
  if (c.verdict === "disagree") return `the sources give ${[...new Set(c.sources.map((s) => s.valueText))].join(" / ")}${sources ? ` (${sources})` : ""}`;
  return sources;
}

function sourceList(c: ReportClaim): string {
  const seen = new Set<string>();
  const names: string[] = [];
  for (const s of c.sources) {
    if (seen.has(s.document)) continue;
    seen.add(s.document);
    names.push(`${[sourceName(s), s.published].filter(Boolean).join(", ")}, ${s.document}:${s.range.start.line + 1}`);
  }
  return names.join("; ");
}

/** The publisher when known, else the title, shortened at a word. */
function sourceName(s: ReportSource): string {
  if (s.publisher && s.publisher.toLowerCase() !== "unknown") return s.publisher;
  const title = s.title || s.document;
  return title.length > 60 ? `${title.slice(0, Math.max(20, title.lastIndexOf(" ", 57)))}…` : title;
}

function totalLine(files: FileClaimsReport[]): string {
  const totals: ReportTotals = { supported: 0, conflict: 0, disagree: 0, "not-covered": 0 };
  let claims = 0;
  for (const { report } of files) {
    claims += report.claims;
    for (const verdict of VERDICT_ORDER) totals[verdict] += report.totals[verdict];
  }
  return `${summaryText(claims, totals)} (${files.length} file${files.length === 1 ? "" : "s"}).`;
}

/** Table cells hold one line, and pipes and Markdown characters read as written. */
function cell(text: string): string {
  return text.replace(/\s+/g, " ").replace(/[\\`*_[\]<>|#]/g, (c) => `\\${c}`);
}
