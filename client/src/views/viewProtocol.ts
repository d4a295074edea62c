// The custom requests behind the views (server/src/features/views.ts defines the same names).
// The data types are the engine's own, imported as types only.
import type { ClaimsReport, ReportClaim, ReportSection, ReportVerdict, TimelineData, TimelinePoint, TimelineSource } from "../../../server/src/core/report/types";

export type { ClaimsReport, ReportClaim, ReportSection, ReportVerdict, TimelineData, TimelinePoint, TimelineSource };

export const TimelineRequest = "policyFactCheck/timeline";
export const ClaimsReportRequest = "policyFactCheck/claimsReport";

export interface ClaimsReportResult extends ClaimsReport {
  uri: string;
  version: number;
}

/** Command ids of the views, shared by the registrations, the status bar and the fact card link. */
export const SHOW_TIMELINE_COMMAND = "policyFactCheck.showCorpusTimeline";
export const SHOW_CLAIMS_REPORT_COMMAND = "policyFactCheck.showClaimsReport";
export const CLAIMS_VIEW_ID = "policyFactCheck.claimsReport";
