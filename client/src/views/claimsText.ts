// What the claims report's rows and status bar item say. Pure, so it is testable without VS Code.
import type { ClaimsReport, ReportClaim, ReportSection, ReportVerdict } from "./viewProtocol";

export const VERDICT_TEXT: Record<ReportVerdict, string> = {
  supported: "sourced",
  conflict: "conflict",
  disagree: "sources disagree",
  "not-covered": "not covered",
};

/** Codicons and theme colours per verdict. */
export const VERDICT_ICON: Record<ReportVerdict, { id: string; color: string }> = {
  supported: { id: "pass", color: "testing.iconPassed" },
  conflict: { id: "error", color: "problemsErrorIcon.foreground" },
  disagree: { id: "warning", color: "problemsWarningIcon.foreground" },
  "not-covered": { id: "question", color: "disabledForeground" },
};

function sourceName(claim: ReportClaim): string | undefined {
  const s = claim.sources[0];
  if (!s) return undefined;
  return s.publisher && s.publisher.toLowerCase() !== "unknown" ? s.publisher : s.title || s.document;
}

/** "conflict: the sources give May 2022", "sourced: The Diplomat", "not covered". */
export function claimDescription(claim: ReportClaim): string {
  const verdict = VERDICT_TEXT[claim.verdict];
  if (claim.verdict === "conflict") return `${verdict}: the sources give ${claim.expected ?? "another value"}`;
  if (claim.verdict === "disagree") return `${verdict}: ${[...new Set(claim.sources.map((s) => s.valueText))].join(" / ")}`;
  const source = sourceName(claim);
  return claim.verdict === "supported" && source ? `${verdict}: ${source}` : verdict;
}

export function claimTooltip(claim: ReportClaim): string {
  const lines = [`**${escape(claim.valueText)}**: ${escape(claimDescription(claim))}`, "", `> ${escape(claim.sentence)}`];
  for (const s of claim.sources.slice(0, 3)) {
    lines.push("", `- ${escape(s.title || s.document)}${s.published ? ` (${escape(s.published)})` : ""}, line ${s.range.start.line + 1}: ${escape(s.valueText)}`);
  }
  return lines.join("\n");
}

export function sectionDescription(section: ReportSection): string {
  const counts = new Map<ReportVerdict, number>();
  for (const c of section.claims) counts.set(c.verdict, (counts.get(c.verdict) ?? 0) + 1);
  const parts = (["conflict", "disagree", "not-covered"] as const).filter((v) => counts.get(v)).map((v) => `${counts.get(v)} ${VERDICT_TEXT[v]}`);
  const n = section.claims.length;
  return [`${n} claim${n === 1 ? "" : "s"}`, ...parts].join(" · ");
}

/** The status bar text: the engine's summary with an icon for what needs attention. */
export function claimsStatusText(report: ClaimsReport): string {
  const attention = report.totals.conflict > 0 ? "$(error)" : report.totals.disagree > 0 ? "$(warning)" : "$(pass)";
  return `${attention} ${report.summary}`;
}

function escape(text: string): string {
  return text.replace(/[\\`*_{}[\]<>#|~]/g, (c) => `\\${c}`).replace(/\s+/g, " ");
}
