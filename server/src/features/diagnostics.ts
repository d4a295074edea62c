// Checks open Markdown documents and publishes their diagnostics. Checks run asynchronously after a
// short debounce so typing never waits on them; the latest result per document version is cached
// for hover and code actions.
import { DiagnosticSeverity, type Diagnostic, type DiagnosticRelatedInformation } from "vscode-languageserver";
import type { TextDocument } from "vscode-languageserver-textdocument";
import type { CheckOptions, CheckResult, EntityAtResult, FactCheckService } from "../core/serviceTypes";
import type { FactDiagnostic, Severity } from "../core/types";
import type { CorpusIndex, Logger } from "./corpusIndex";
import { isMarkdownDocument, MAX_CHECKED_CHARS } from "./documents";
import { describeSource, sourceLocation } from "./sources";
import { sourcePlace } from "../core/corpus/formats/place";

export const DIAGNOSTIC_SOURCE = "policy-fact-check";

/** Coalesces a burst of keystrokes into one check without a noticeable delay. */
const CHECK_DEBOUNCE_MS = 2;

/** Quotes in related information are cut to this length: the location leads to the full passage. */
const MAX_QUOTE_CHARS = 200;

function shorten(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}

/** What code actions need from a diagnostic when the cached check result is gone. */
export interface FactDiagnosticData {
  claimed: string;
  expected?: string;
  start: number;
  end: number;
}

const LSP_SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export interface DiagnosticsHost {
  log: Logger;
  documents: { get(uri: string): TextDocument | undefined; all(): TextDocument[] };
  publish(uri: string, diagnostics: Diagnostic[], version?: number): void;
}

interface CachedAnalysis {
  version: number;
  /**
   * The text the result is for. Versions alone cannot tell: a client that repeats a version number
   * (or sends versions out of order) would get the result of another text.
   */
  text: string;
  /** The corpus generation and settings generation the result was computed with. */
  generation: string;
  result?: CheckResult;
  mentions?: EntityAtResult[];
}

export function toLspDiagnostic(service: FactCheckService, d: FactDiagnostic): Diagnostic {
  const relatedInformation: DiagnosticRelatedInformation[] = [];
  for (const source of d.sources) {
    const location = sourceLocation(service, source);
    if (location) relatedInformation.push({ location, message: `${describeSource(source)}${source.page ? `, ${sourcePlace(source)}` : ""}: “${shorten(source.quote.trim(), MAX_QUOTE_CHARS)}”` });
  }
  const data: FactDiagnosticData = { claimed: d.claimed, expected: d.expected, start: d.start, end: d.end };
  return {
    range: d.range,
    severity: LSP_SEVERITY[d.severity] ?? DiagnosticSeverity.Warning,
    code: d.code,
    source: DIAGNOSTIC_SOURCE,
    message: d.message,
    ...(relatedInformation.length ? { relatedInformation } : {}),
    data,
  };
}

export class DocumentChecker {
  private readonly cache = new Map<string, CachedAnalysis>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** Documents already reported as too big, so the log says it once. */
  private readonly reportedTooBig = new Set<string>();
  private options: CheckOptions = {};
  private settingsGeneration = 0;
  private ready = false;

  constructor(
    private readonly host: DiagnosticsHost,
    private readonly index: CorpusIndex,
  ) {}

  /** New severities make cached results stale: open documents are re-checked. */
  setOptions(options: CheckOptions): void {
    if (JSON.stringify(options) === JSON.stringify(this.options)) return;
    this.options = options;
    this.settingsGeneration++;
    this.recheckAll();
  }

  checkOptions(): CheckOptions {
    return this.options;
  }

  /** Called after each indexing run: the first one opens the gate for checks. */
  corpusChanged(): void {
    this.ready = true;
    this.recheckAll();
  }

  schedule(uri: string, delay = CHECK_DEBOUNCE_MS): void {
    if (!this.ready) return; // the first index's completion checks every open document
    clearTimeout(this.timers.get(uri));
    this.timers.set(
      uri,
      setTimeout(() => this.checkAndPublish(uri), delay),
    );
  }

  recheckAll(): void {
    for (const doc of this.host.documents.all()) this.schedule(doc.uri, 0);
  }

  closed(uri: string): void {
    clearTimeout(this.timers.get(uri));
    this.timers.delete(uri);
    this.cache.delete(uri);
    this.reportedTooBig.delete(uri);
    this.host.publish(uri, []);
  }

  /**
   * The check result for the document's current version: cached, or computed now. Undefined for
   * documents that are not Markdown or too big to check.
   */
  resultFor(doc: TextDocument): CheckResult | undefined {
    if (!this.checkable(doc)) return undefined;
    const entry = this.entryFor(doc);
    entry.result ??= this.index.service.check(doc.getText(), this.options);
    return entry.result;
  }

  /** Entity mentions of the document's current version, cached like check results. */
  mentions(doc: TextDocument): EntityAtResult[] {
    if (!this.checkable(doc)) return [];
    const entry = this.entryFor(doc);
    entry.mentions ??= this.index.service.entityMentions(doc.getText());
    return entry.mentions;
  }

  private entryFor(doc: TextDocument): CachedAnalysis {
    const generation = `${this.index.generation}:${this.settingsGeneration}`;
    const text = doc.getText(); // the document's own string: comparing it to itself is immediate
    let entry = this.cache.get(doc.uri);
    if (!entry || entry.version !== doc.version || entry.generation !== generation || entry.text !== text) {
      entry = { version: doc.version, text, generation };
      this.cache.set(doc.uri, entry);
    }
    return entry;
  }

  private checkable(doc: TextDocument): boolean {
    if (!isMarkdownDocument(doc)) return false;
    const length = doc.getText().length;
    if (length <= MAX_CHECKED_CHARS) {
      this.reportedTooBig.delete(doc.uri);
      return true;
    }
    if (!this.reportedTooBig.has(doc.uri)) {
      this.reportedTooBig.add(doc.uri);
      this.host.log.warn(
        `Not checking ${doc.uri}: it has ${length} characters, above the limit of ${MAX_CHECKED_CHARS}. Split the draft to check it.`,
      );
    }
    return false;
  }

  /** Checks one open document now and publishes; returns the number of findings. */
  checkAndPublish(uri: string): number {
    this.timers.delete(uri);
    const doc = this.host.documents.get(uri);
    if (!doc || !isMarkdownDocument(doc)) return 0; // closed meanwhile, or not ours
    const version = doc.version;
    let diagnostics: Diagnostic[] = [];
    try {
      const result = this.resultFor(doc);
      diagnostics = result ? result.diagnostics.map((d) => toLspDiagnostic(this.index.service, d)) : [];
    } catch (e) {
      this.host.log.error(`Checking ${uri} failed: ${e instanceof Error && e.stack ? e.stack : String(e)}`);
    }
    // A newer version or a close may have arrived while this one was checked: its own check publishes.
    if (this.host.documents.get(uri)?.version !== version) return diagnostics.length;
    this.host.publish(uri, diagnostics, version);
    return diagnostics.length;
  }
}
