// What the timeline and the claims report hand to the views and the CLI: plain JSON, so the same
// objects travel over LSP custom requests and print as the CLI's JSON report.
import type { Range, VerdictKind } from "../types";

/** A passage of a corpus document that states a fact (the document is described in `documents`). */
export interface TimelineSource {
  document: string;
  /** The value's range in the document (the sentence's for built-in facts). */
  range: Range;
  /** The sentence, shortened around the value. */
  quote: string;
  valueText: string;
}

export interface TimelinePoint {
  /** Position in `points`, stable for one timeline. */
  id: number;
  /** Entity id of the lane. */
  lane: string;
  /** What happened: "launch", "first meeting", "signing (by)", "period". */
  label: string;
  /** The date as the sources give it: "May 2022", "2021 – 2027". */
  dateText: string;
  /** First and last day the date may stand for (ISO, inclusive): a month spans its days. */
  from: string;
  to: string;
  /** An event is a point (with its span as a faint bar when it is not a day); a period is a bar. */
  kind: "event" | "period";
  /** True for days and periods, false for months, seasons and years. */
  exact: boolean;
  /** Points of one lane that date the same one-time event differently share this number. */
  disagreement?: number;
  /** Every passage that states it, first one first. */
  sources: TimelineSource[];
}

export interface TimelineDocument {
  id: string;
  /** The title, or the id when the document has none. */
  title: string;
  publisher?: string;
  published?: string;
  /** Absolute path, when the document was read from disk. */
  path?: string;
}

export interface TimelineLane {
  /** Entity id. */
  id: string;
  name: string;
  acronym?: string;
  points: number;
}

export interface TimelineData {
  /** Busiest lanes first. */
  lanes: TimelineLane[];
  /** Earliest first. */
  points: TimelinePoint[];
  /** The documents the points cite, once each: for the source filter, tooltips and opening them. */
  documents: TimelineDocument[];
  /** Points left out above the limit. */
  omitted: number;
}

// ---------------------------------------------------------------------------
// Claims report

/** The verdict of a claim as a writer reads it. */
export type ReportVerdict = VerdictKind;

export interface ReportSource {
  document: string;
  title?: string;
  publisher?: string;
  published?: string;
  path?: string;
  range: Range;
  valueText: string;
}

export interface ReportClaim {
  verdict: ReportVerdict;
  /** "date" or "figure". */
  kind: "date" | "figure";
  /** The value as the draft writes it. */
  valueText: string;
  /** The value's range in the draft. */
  range: Range;
  /** The draft's sentence, shortened around the value. */
  sentence: string;
  /** The value the sources give, when it differs. */
  expected?: string;
  sources: ReportSource[];
}

export interface ReportSection {
  /** The heading's text; empty for the part before the first heading. */
  heading: string;
  /** 0-based line of the heading (0 for the part before the first heading). */
  line: number;
  claims: ReportClaim[];
}

export type ReportTotals = Record<ReportVerdict, number>;

export interface ClaimsReport {
  claims: number;
  totals: ReportTotals;
  /** "18 claims: 14 sourced, 1 conflict, 3 unsourced". */
  summary: string;
  /** Sections in document order; sections without claims are left out. */
  sections: ReportSection[];
}
