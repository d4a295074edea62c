// Checks open Markdown documents and publishes their diagnostics. Checks run asynchronously after a
// short debounce, one document at a time and in slices, so typing and requests never wait on them;
// the latest result per document version is cached for hover and code actions.
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

/** A check in progress: one document version, stopped when a newer version or a close arrives. */
interface RunningCheck {
  uri: string;
  version: number;
  stopped: boolean;
}

/** A check runs this long before it lets other messages (hovers, edits) through. */
const CHECK_SLICE_MS = 8;
/**
 * A client that sends more while checks are queued or running (a storm of edits, requests among
 * them) gets its checks once it has been quiet this long: the storm is read (and coalesced) first,
 * and the requests in it are answered before any check runs. A lone keystroke (nothing queued or
 * running when it came) is checked after the debounce alone.
 */
const QUIET_MS = 10;
/** ...but never wait longer than this for a quiet moment: a client that never pauses still gets diagnostics. */
const MAX_QUIET_WAIT_MS = 300;

/**
 * Checks open documents one at a time, newest version only: a burst of edits to many documents
 * queues each document once, a newer version stops the check of an older one, and a long check
 * pauses every few milliseconds so requests never wait behind it.
 */
export class DocumentChecker {
  private readonly cache = new Map<string, CachedAnalysis>();
  /** Documents waiting for a check, in the order they first asked. */
  private readonly pending = new Set<string>();
  private running: RunningCheck | undefined;
  private pumping = false;
  private timer: NodeJS.Timeout | undefined;
  /** Documents already reported as too big, so the log says it once. */
  private readonly reportedTooBig = new Set<string>();
  private options: CheckOptions = {};
  private settingsGeneration = 0;
  private ready = false;
  /** When the client last sent an edit or a request. */
  private lastActivity = 0;
  /** Whether something arrived while checks were queued or running since the last quiet moment. */
  private clientBusy = false;

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

  /** An edit or a request arrived: checks make way for the messages behind it. */
  noteActivity(): void {
    this.lastActivity = performance.now();
    if (this.pending.size || this.running) this.clientBusy = true;
  }

  schedule(uri: string, delay = CHECK_DEBOUNCE_MS): void {
    this.noteActivity();
    if (!this.ready) return; // the first index's completion checks every open document
    this.pending.add(uri);
    if (this.running?.uri === uri) this.running.stopped = true;
    if (this.pumping || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.pump();
    }, delay);
  }

  recheckAll(): void {
    for (const doc of this.host.documents.all()) this.schedule(doc.uri, 0);
  }

  closed(uri: string): void {
    this.pending.delete(uri);
    if (this.running?.uri === uri) this.running.stopped = true;
    this.cache.delete(uri);
    this.reportedTooBig.delete(uri);
    this.index.service.releaseCache(uri);
    this.host.publish(uri, []);
  }

  /**
   * The check result for the document's current version: cached, or computed now. Undefined for
   * documents that are not Markdown or too big to check.
   */
  resultFor(doc: TextDocument): CheckResult | undefined {
    if (!this.checkable(doc)) return undefined;
    const entry = this.entryFor(doc);
    entry.result ??= this.index.service.check(doc.getText(), this.checkOptionsFor(doc.uri));
    return entry.result;
  }

  /** The check result for the document's current version if it is already there: never computes one. */
  cachedResultFor(doc: TextDocument): CheckResult | undefined {
    if (!this.checkable(doc)) return undefined;
    return this.entryFor(doc).result;
  }

  /** Entity mentions of the document's current version, cached like check results. */
  mentions(doc: TextDocument): EntityAtResult[] {
    if (!this.checkable(doc)) return [];
    const entry = this.entryFor(doc);
    entry.mentions ??= this.index.service.entityMentions(doc.getText());
    return entry.mentions;
  }

  private checkOptionsFor(uri: string): CheckOptions {
    return { ...this.options, cacheOwner: uri };
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

  /** Works through the queue, one document at a time, letting other messages through between them. */
  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.pending.size) {
        await this.quietMoment();
        const uri = this.pending.values().next().value as string;
        if (uri === undefined) break;
        this.pending.delete(uri);
        await this.checkAndPublish(uri);
        await nextTurn();
      }
    } finally {
      this.pumping = false;
    }
  }

  /** Waits until a busy client has been quiet for QUIET_MS (at most MAX_QUIET_WAIT_MS). */
  private async quietMoment(): Promise<void> {
    const since = performance.now();
    while (this.clientBusy) {
      const quiet = performance.now() - this.lastActivity;
      if (quiet >= QUIET_MS || performance.now() - since >= MAX_QUIET_WAIT_MS) break;
      await new Promise((resolve) => setTimeout(resolve, QUIET_MS - quiet));
    }
    this.clientBusy = false;
  }

  /** Lets the messages waiting now run, and goes on yielding while they keep coming. */
  private async makeWay(): Promise<void> {
    const since = performance.now();
    do await nextTurn();
    while (performance.now() - this.lastActivity < 1 && performance.now() - since < MAX_QUIET_WAIT_MS);
  }

  /** Checks one open document now and publishes; returns the number of findings (0 when stopped by a newer version). */
  async checkAndPublish(uri: string): Promise<number> {
    const doc = this.host.documents.get(uri);
    if (!doc || !isMarkdownDocument(doc)) return 0; // closed meanwhile, or not ours
    const version = doc.version;
    let diagnostics: Diagnostic[] = [];
    try {
      const result = await this.resultInSlices(doc);
      if (!result) return 0;
      diagnostics = result.diagnostics.map((d) => toLspDiagnostic(this.index.service, d));
    } catch (e) {
      this.host.log.error(`Checking ${uri} failed: ${e instanceof Error && e.stack ? e.stack : String(e)}`);
    }
    // A newer version or a close may have arrived while this one was checked: its own check publishes.
    if (this.host.documents.get(uri)?.version !== version) return diagnostics.length;
    this.host.publish(uri, diagnostics, version);
    return diagnostics.length;
  }

  /**
   * Like resultFor, but pausing every few milliseconds; undefined when a newer version or a close
   * stopped it (or the document is not checked). The result is cached for hovers and code actions.
   */
  private async resultInSlices(doc: TextDocument): Promise<CheckResult | undefined> {
    if (!this.checkable(doc)) return { diagnostics: [], verdicts: [] };
    const entry = this.entryFor(doc);
    if (entry.result) return entry.result;
    const run: RunningCheck = { uri: doc.uri, version: doc.version, stopped: false };
    this.running = run;
    const service = this.index.service;
    const steps = service.checkInSteps(entry.text, this.checkOptionsFor(doc.uri));
    try {
      let since = performance.now();
      for (;;) {
        const step = steps.next();
        if (step.done) {
          // A hover may have computed it meanwhile; either is the same version's result.
          entry.result ??= step.value;
          return entry.result;
        }
        if (performance.now() - since < CHECK_SLICE_MS) continue;
        await this.makeWay();
        since = performance.now();
        if (run.stopped || service !== this.index.service || entry.result) {
          steps.return(undefined as never);
          return run.stopped ? undefined : entry.result ?? undefined;
        }
      }
    } finally {
      if (this.running === run) this.running = undefined;
    }
  }
}

/** Lets queued messages (edits, hovers, cancellations) run before the work goes on. */
function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
