// Owns the engine and its corpus: indexes off the request path, one run at a time, and swaps in the
// new index only when it is complete, so checks during a re-index keep using the previous one.
import { corpusFolderIssues, describeCorpusIssues } from "../core/config";
import { configuredIndexCacheDir } from "../core/index/indexCache";
import { createFactCheckService } from "../core/service";
import type { CorpusStats, FactCheckService, IndexPhase } from "../core/serviceTypes";
import { sameList, type BuiltinFactsMode } from "./settings";

export const STATUS_NOTIFICATION = "policyFactCheck/status";

export interface IndexStatus {
  state: "indexing" | "ready" | "error";
  documents: number;
  facts: number;
  entities: number;
  problems: string[];
  /** The workspace is not trusted: its config file and the corpus folders inside it are ignored. */
  restricted?: boolean;
  /** A named corpus folder that is missing or holds no readable source. */
  corpusIssues?: string[];
}

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface ProgressReporter {
  begin(title: string, percentage?: number, message?: string, cancellable?: boolean): void;
  report(percentage: number, message: string): void;
  done(): void;
}

export interface IndexHost {
  log: Logger;
  sendStatus(status: IndexStatus): void;
  /** A work-done progress in the client, when the client shows them. */
  createProgress(): Promise<ProgressReporter | undefined>;
  /** Called after every indexing run, successful or not. */
  onIndexed(): void;
}

/** Each phase's share of the bar (reading files, then either the cache or names and facts, then saving). */
const PHASE_SPAN: Record<IndexPhase, [number, number]> = { reading: [0, 20], cache: [20, 95], names: [20, 30], facts: [30, 95], saving: [95, 100] };
const PHASE_MESSAGE: Record<IndexPhase, (done: number, total: number) => string> = {
  reading: (done, total) => `reading ${done} of ${total} documents`,
  cache: () => "reading the saved index",
  names: (done, total) => `finding names, ${done} of ${total} documents`,
  facts: (done, total) => `extracting facts, ${done} of ${total} documents`,
  saving: () => "saving the index",
};

function progressPercent(done: number, total: number, phase: IndexPhase): number {
  const [from, to] = PHASE_SPAN[phase];
  return Math.round(from + ((to - from) * done) / total);
}

/** Waiting requests give up on the first index after this long and answer with what there is. */
const READY_WAIT_MS = 15_000;

export class CorpusIndex {
  private current: FactCheckService;
  private folders: string[] = [];
  private builtinFacts: BuiltinFactsMode = "auto";
  private running: Promise<CorpusStats> | undefined;
  private queued: Promise<CorpusStats> | undefined;
  private readonly firstIndex: Promise<void>;
  private markFirstIndexDone!: () => void;
  private firstIndexDone = false;
  private lastStats: CorpusStats | undefined;
  private lastStatus: IndexStatus | undefined;
  /** Problems with the settings or config file, shown with the corpus problems in every status. */
  private settingsProblems: string[] = [];
  private restricted = false;
  /** Bumped whenever a new index is swapped in, so cached check results can tell they are stale. */
  generation = 0;

  constructor(private readonly host: IndexHost) {
    this.current = createFactCheckService({ builtinFacts: this.builtinFacts });
    this.firstIndex = new Promise((resolve) => (this.markFirstIndexDone = resolve));
  }

  get service(): FactCheckService {
    return this.current;
  }

  /** Resolves once the first indexing run has finished (or after a bounded wait). */
  whenReady(): Promise<void> {
    if (this.firstIndexDone) return Promise.resolve();
    return Promise.race([this.firstIndex, new Promise<void>((resolve) => setTimeout(resolve, READY_WAIT_MS).unref())]);
  }

  /** Applies corpus settings; re-indexes when they changed (or when nothing was indexed yet). */
  configure(folders: string[], builtinFacts: BuiltinFactsMode): Promise<CorpusStats> | undefined {
    const changed = !sameList(folders, this.folders) || builtinFacts !== this.builtinFacts;
    if (!changed && (this.lastStats || this.running || this.queued)) return undefined;
    this.folders = [...folders];
    this.builtinFacts = builtinFacts;
    return this.reindex();
  }

  /**
   * Schedules a re-index with the current settings. Runs never overlap; requests that arrive while one
   * runs share a single follow-up run, which reads the settings when it starts.
   */
  reindex(): Promise<CorpusStats> {
    if (this.queued) return this.queued;
    const previous = this.running ?? Promise.resolve();
    const task: Promise<CorpusStats> = previous
      .catch(() => undefined)
      .then(() => {
        this.queued = undefined;
        this.running = task;
        return this.run();
      });
    this.queued = task;
    const clear = () => {
      if (this.running === task) this.running = undefined;
    };
    task.then(clear, clear);
    return task;
  }

  /** Returns false when the problems (and the workspace's trust) are the ones already shown. */
  setSettingsProblems(problems: string[], restricted = false): boolean {
    if (sameList(problems, this.settingsProblems) && restricted === this.restricted) return false;
    this.settingsProblems = [...problems];
    this.restricted = restricted;
    if (this.lastStatus) this.sendStatus(this.lastStatus);
    return true;
  }

  private sendStatus(status: IndexStatus): void {
    this.lastStatus = status;
    const restricted = this.restricted ? { restricted: true } : {};
    this.host.sendStatus({ ...status, problems: [...this.settingsProblems, ...status.problems], ...restricted });
  }

  private async run(): Promise<CorpusStats> {
    const folders = this.folders;
    const builtinFacts = this.builtinFacts;
    const before = this.lastStats;
    this.sendStatus({
      state: "indexing",
      documents: before?.documents ?? 0,
      facts: before?.facts ?? 0,
      entities: before?.entities ?? 0,
      problems: [],
    });
    const progress = await this.host.createProgress().catch(() => undefined);
    progress?.begin("Policy Fact-Check: indexing the corpus", 0, undefined, false);
    try {
      const next = createFactCheckService({ builtinFacts, indexCacheDir: configuredIndexCacheDir() });
      const stats = await next.setCorpus(folders, (done, total, phase, reading) => {
        if (total > 0) progress?.report(progressPercent(done, total, phase), PHASE_MESSAGE[phase](done, total) + (reading ? `: ${reading.split(/[\\/]/).pop()}` : ""));
      });
      this.current = next;
      this.lastStats = stats;
      this.generation++;
      const problems = stats.problems.map((p) => `${p.path}: ${p.message}`);
      for (const problem of problems) this.host.log.warn(`Corpus: ${problem}`);
      this.host.log.info(
        folders.length === 0
          ? `No corpus folder configured: using the built-in facts (${stats.facts} facts, ${stats.entities} entities).`
          : `${stats.fromCache ? "Read the index of" : "Indexed"} ${stats.documents} corpus documents from ${folders.join(", ")}: ${stats.facts} facts, ${stats.entities} entities` +
              (stats.usingBuiltinFacts ? ", with the built-in facts." : "."),
      );
      // A named corpus that is missing or empty: the client warns and offers the setting.
      const corpusIssues = describeCorpusIssues(corpusFolderIssues(folders, stats.documents));
      this.sendStatus({ state: "ready", documents: stats.documents, facts: stats.facts, entities: stats.entities, problems, ...(corpusIssues.length ? { corpusIssues } : {}) });
      return stats;
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      this.host.log.error(`Indexing the corpus failed: ${e instanceof Error && e.stack ? e.stack : message}`);
      const stats = this.current.stats();
      this.sendStatus({ state: "error", documents: stats.documents, facts: stats.facts, entities: stats.entities, problems: [message] });
      throw e;
    } finally {
      progress?.done();
      this.firstIndexDone = true;
      this.markFirstIndexDone();
      this.host.onIndexed();
    }
  }
}
