// The engine's public surface: one service object with a method per feature.
// The LSP server and the CLI are thin adapters over it (see service.ts for the implementation).
import type { ClaimsReport, TimelineData } from "./report/types";
import type { ExplainedSentence } from "./explain";
import type {
  CorpusProblem,
  Entity,
  FactDiagnostic,
  Range,
  Severity,
  SourceRef,
  Verdict,
} from "./types";

export interface CorpusStats {
  folders: string[];
  documents: number;
  /** Claims (dated or numeric statements) indexed from the corpus. */
  facts: number;
  entities: number;
  problems: CorpusProblem[];
  /** True when the built-in facts in data/ are used because no corpus document is loaded. */
  usingBuiltinFacts: boolean;
  /** True when the index was read from the on-disk index cache instead of being built. */
  fromCache?: boolean;
}

export interface CheckOptions {
  /** Severity per diagnostic code; "off" silences the code. */
  severities?: Partial<Record<string, Severity | "off">>;
  /** Reuse verdicts of unchanged blocks (default true); benchmarks of a full check turn it off. */
  cache?: boolean;
  /**
   * Who the check is for (an open document's URI): the cache keeps the blocks of each owner's latest
   * check until the owner checks again or releases them (releaseCache).
   */
  cacheOwner?: string;
}

export interface CheckResult {
  diagnostics: FactDiagnostic[];
  /** Every checked claim with its verdict (supported, conflict, disagree, not-covered). */
  verdicts: Verdict[];
}

export interface EntityAtResult {
  entity: Entity;
  /** Offsets of the mention in the text. */
  start: number;
  end: number;
}

/** One line of a fact card: what the sources say, with the passage. */
export interface CardFact {
  label: string;
  valueText: string;
  /** True when the sources give different values for the same fact. */
  disputed: boolean;
  sources: SourceRef[];
}

export interface EntityCard {
  entity: Entity;
  facts: CardFact[];
  /** Passages that define or first mention the entity. */
  definitions: SourceRef[];
  /** Number of corpus passages mentioning the entity. */
  mentionCount: number;
}

export interface FactCheckService {
  /** Loads and indexes corpus folders (replacing the previous corpus). Never throws for bad files. */
  /**
   * `onProgress` tells each phase of indexing as it goes (see IndexPhase); while reading, it names
   * the file when a PDF, web page or Word document is about to be converted (which takes a while).
   */
  setCorpus(folders: string[], onProgress?: (done: number, total: number, phase: IndexPhase, reading?: string) => void): Promise<CorpusStats>;
  stats(): CorpusStats;
  /** Checks a Markdown draft. Pure and synchronous: safe to call on every change. */
  check(markdown: string, options?: CheckOptions): CheckResult;
  /** The same check one block per step, for callers that pause between steps or stop early. */
  checkInSteps(markdown: string, options?: CheckOptions): Generator<void, CheckResult, void>;
  /** Forgets the cached blocks only this owner's checks used (its document was closed). */
  releaseCache(owner: string): void;
  /** The entity mention at an offset of a Markdown draft (prose only), if any. */
  entityAt(markdown: string, offset: number): EntityAtResult | undefined;
  /** Every entity mention in a Markdown draft's prose. */
  entityMentions(markdown: string): EntityAtResult[];
  /** What the sources say about an entity. */
  card(entityId: string): EntityCard | undefined;
  /** The card as Markdown; `linkFor` turns a source into a link target (file URI with line). */
  cardMarkdown(entityId: string, linkFor: (source: SourceRef) => string | undefined): string | undefined;
  /** Entities whose name, acronym or alias matches a typed prefix (prefix and fuzzy), best first. */
  completeEntities(prefix: string, limit?: number): Entity[];
  entities(): Entity[];
  /** Resolves a corpus document id to its absolute path, if loaded from disk. */
  documentPath(documentId: string): string | undefined;
  /** The text a PDF, HTML or Word source was read as (what the checker quotes), with its title; undefined for other sources. */
  extractedText(documentId: string): { title: string; text: string } | undefined;
  /** Every checked claim of a draft with its verdict, by section, with totals. */
  claimsReport(markdown: string, options?: CheckOptions): ClaimsReport;
  /** Every dated fact of the corpus, one lane per entity, with the disagreements marked. */
  timeline(): TimelineData;
  /** Why each claim of a draft (of one 1-based line, when given) got its verdict. */
  explain(markdown: string, line?: number): ExplainedSentence[];
}

export type { Range };

/**
 * The phases of indexing a corpus, in order: reading the files, reading the index cache (instead
 * of the next two), finding names, extracting facts, saving the index cache.
 */
export type IndexPhase = "reading" | "cache" | "names" | "facts" | "saving";
