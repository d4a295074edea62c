// The custom requests behind the client's views: the corpus timeline and the claims report of a
// draft. Both are computed by the engine; this file only finds the document and the cached check.
import type { CancellationToken, Connection } from "vscode-languageserver";
import type { TextDocument } from "vscode-languageserver-textdocument";
import { buildClaimsReport, type ClaimsReport } from "../core/report/claimsReport";
import type { TimelineData } from "../core/report/types";
import type { CorpusIndex } from "./corpusIndex";
import type { DocumentChecker } from "./diagnostics";

export const TIMELINE_REQUEST = "policyFactCheck/timeline";
export const CLAIMS_REPORT_REQUEST = "policyFactCheck/claimsReport";

export interface ClaimsReportParams {
  uri: string;
}

/** A report with the version of the document it describes, so the client can drop stale ones. */
export interface ClaimsReportResult extends ClaimsReport {
  uri: string;
  version: number;
}

export interface ViewsHost {
  index: CorpusIndex;
  checker: DocumentChecker;
  documents: { get(uri: string): TextDocument | undefined };
  /** The client's initialization options: `timelineCommand` names the command fact cards may link to. */
  initializationOptions(): unknown;
  /** Wraps a handler so a failure is logged and answered with an error (see server.ts). */
  failing<P, R>(name: string, handler: (params: P, token: CancellationToken) => Promise<R>): (params: P, token: CancellationToken) => Promise<R>;
}

let host: ViewsHost | undefined;
let cachedTimeline: { generation: number; data: TimelineData } | undefined;

export function registerViews(connection: Connection, viewsHost: ViewsHost): void {
  host = viewsHost;
  connection.onRequest(TIMELINE_REQUEST, viewsHost.failing("Drawing the corpus timeline", () => timeline(viewsHost)));
  connection.onRequest(
    CLAIMS_REPORT_REQUEST,
    viewsHost.failing("Reporting the claims", (params: ClaimsReportParams) => claimsReport(viewsHost, params)),
  );
}

/** The timeline of the current index, computed once per index. */
async function timeline(viewsHost: ViewsHost): Promise<TimelineData> {
  await viewsHost.index.whenReady();
  const generation = viewsHost.index.generation;
  if (cachedTimeline?.generation !== generation) cachedTimeline = { generation, data: viewsHost.index.service.timeline() };
  return cachedTimeline.data;
}

/** The report of an open Markdown draft from its cached check; null for other documents. */
async function claimsReport(viewsHost: ViewsHost, params: ClaimsReportParams): Promise<ClaimsReportResult | null> {
  if (typeof params?.uri !== "string") throw new Error("claimsReport needs { uri }");
  await viewsHost.index.whenReady();
  const doc = viewsHost.documents.get(params.uri);
  const result = doc ? viewsHost.checker.resultFor(doc) : undefined;
  if (!doc || !result) return null;
  return { uri: doc.uri, version: doc.version, ...buildClaimsReport(doc.getText(), result.verdicts) };
}

/**
 * A link under an entity's fact card that opens the timeline on its lane, for clients that
 * registered a command for it (command links mean nothing to other editors).
 */
export function timelineLinkMarkdown(entityId: string): string {
  const command = (host?.initializationOptions() as { timelineCommand?: unknown } | undefined)?.timelineCommand;
  if (typeof command !== "string" || !/^[\w.]+$/.test(command)) return "";
  const args = encodeURIComponent(JSON.stringify([entityId]));
  return `\n\n[Show on the corpus timeline](command:${command}?${args})`;
}

/**
 * A link under a quote from a PDF, HTML or Word source that opens the text it was read as, at the
 * quoted line, for clients that registered a command for it.
 */
export function extractedTextLinkMarkdown(documentId: string, line: number): string {
  const command = (host?.initializationOptions() as { extractedTextCommand?: unknown } | undefined)?.extractedTextCommand;
  if (typeof command !== "string" || !/^[\w.]+$/.test(command)) return "";
  const args = encodeURIComponent(JSON.stringify([documentId, line]));
  return ` · [Show extracted text](command:${command}?${args})`;
}
