// createFactCheckService: the engine behind the CLI and the language server.
// Corpus -> prose -> claims -> index; drafts -> claims -> verdicts -> diagnostics; entities -> cards.
import catalogData from "../../../data/catalog.json";
import { effectiveSeverity } from "./config";
import { nodeFileSystem, type CorpusFileSystem } from "./corpus/fileSystem";
import { loadCorpus, type FrontMatterCache } from "./corpus/loadCorpus";
import { originalPlace, sourcePlace } from "./corpus/formats/place";
import { analyzeBlock, NO_NUMBERS, NO_TERMS, type ExtractionContext } from "./extract/claims";
import { DiscourseMemory } from "./extract/discourse";
import { datePrecision, datesCompatible, formatDate, parseIsoPartial } from "./extract/dates";
import { EntityRegistry, findDefinitions, findNamedForms, type EntityDefinition } from "./extract/entities";
import { cacheKey, readFrontMatterCache, readSnapshot, writeFrontMatterCache, writeSnapshot, type IndexSnapshot } from "./index/indexCache";
import { loadLexicon, type Lexicon } from "./extract/lexicon";
import { findQuantities, quantitiesCompatible } from "./extract/quantities";
import { splitSentences } from "./extract/sentences";
import { isMonthWord, stem, STOP_WORDS } from "./extract/words";
import { FactIndex, fixedShapeClaim, lowerKeepsOffsets, sentenceRangeOf, type Facets, type IndexedClaim, type SourcePlace } from "./index/factIndex";
import { draftToProse, forgetDraft, markdownToProse } from "./prose/markdownProse";
import { withLongBlocksCut } from "./prose/longBlocks";
import { releaseBoundedCaches } from "./util/boundedCache";
import type {
  CardFact,
  CheckOptions,
  CheckResult,
  CorpusStats,
  EntityAtResult,
  EntityCard,
  FactCheckService,
  IndexPhase,
} from "./serviceTypes";
import type {
  Catalog,
  Claim,
  CorpusDocument,
  CorpusProblem,
  Directive,
  FactDiagnostic,
  ProseBlock,
  ProseDocument,
  Severity,
  SourceRef,
  Verdict,
} from "./types";
import { LineIndex } from "./util/lineIndex";
import { factsOfBlocks, parsePublished, proseOfDocument, topicOf } from "./index/documentFacts";
import { foundingEvent, releaseVerificationCaches, verifyClaim, type ClaimVerdict } from "./verify/verify";
import { rankEntities } from "./complete";
import { renderCard } from "./card";
import { citeSource } from "./sourceNames";
import { buildClaimsReport, UNSOURCED_CODE, unsourcedMessage } from "./report/claimsReport";
import { quoteAround } from "./report/quote";
import { buildTimeline, type TimelineDocument, type TimelineSource } from "./report/timeline";
import { explainDraft } from "./explain";

export interface FactCheckServiceOptions {
  /**
   * A folder for the on-disk index cache. A corpus whose files (by content), metadata and the
   * engine's data are unchanged is read from it instead of being indexed again.
   */
  indexCacheDir?: string;
  catalog?: Catalog;
  /** "auto": use the facts in data/ only when no corpus document is loaded. */
  builtinFacts?: "auto" | "always" | "never";
  fileSystem?: CorpusFileSystem;
}

interface LoadedDocument {
  doc: CorpusDocument;
  lines: LineIndex;
}

export const builtinCatalog: Catalog = catalogData as unknown as Catalog;

const DEFAULT_SEVERITY: Record<string, Severity> = {
  "date-conflict": "warning",
  "figure-conflict": "warning",
  "sources-disagree": "information",
  "too-complex": "hint",
};

const PREDICATE_NOUN: Record<string, string> = {
  launch: "launch",
  announce: "announcement",
  sign: "signing",
  establish: "establishment",
  "in-force": "entry into force",
  pass: "passage",
  join: "accession",
  withdraw: "withdrawal",
  meet: "meeting",
  call: "call",
  visit: "visit",
  impose: "imposition",
  pledge: "pledge",
  escalate: "escalation",
  elect: "election",
};

/** The fact index behind a service, for tests and debugging tools. */
const indexes = new WeakMap<FactCheckService, () => FactIndex>();
export function factIndexOf(service: FactCheckService): FactIndex | undefined {
  return indexes.get(service)?.();
}

/** Where a check collects its results, block by block. */
interface CheckSink {
  opts: CheckOptions;
  lines: LineIndex;
  disabled: (line: number, code: string) => boolean;
  diagnostics: FactDiagnostic[];
  verdicts: Verdict[];
}

export function createFactCheckService(options: FactCheckServiceOptions = {}): FactCheckService {
  const catalog = options.catalog ?? builtinCatalog;
  const fs = options.fileSystem ?? nodeFileSystem;
  const lexicon: Lexicon = loadLexicon();
  let registry = new EntityRegistry(catalog);
  const facets = claimFacets(lexicon);
  let index = new FactIndex(facets);
  let documents = new Map<string, LoadedDocument>();
  let definitions = new Map<string, SourceRef[]>();
  /** The definitions of a snapshot, read when a card first asks for them (see definitionsOf). */
  let storedDefinitions: (() => [string, SourceRef[]][]) | undefined;
  /** The documents each list of definitions holds an entry of (see addDefinition). */
  const documentsListed = new WeakMap<SourceRef[], Set<string>>();
  let mentionCounts = new Map<string, number>();
  let stats: CorpusStats = emptyStats([]);
  let builtinMode = options.builtinFacts ?? "auto";
  const blockCache = new Map<string, CachedBlock>();
  /** The block keys each owner's latest check used (an owner is an open document): see releaseCache. */
  const keysByOwner = new Map<string, Set<string>>();
  const ownersByKey = new Map<string, number>();
  let definitionLog: EntityDefinition[] = [];
  let sourceRefs = new WeakMap<IndexedClaim, SourceRef>();
  const citations = new WeakMap<SourceRef, Map<number, string>>();
  let cardCache = new WeakMap<(source: SourceRef) => string | undefined, Map<string, string | undefined>>();
  let usingBuiltin = false;
  /** What sources' front matter gave, by its text (see loadCorpus), read from the cache folder once. */
  let frontMatter: FrontMatterCache | undefined;
  /** How many of the index's claims come from the corpus (the first ones; the catalog's follow). */
  let corpusClaims = 0;
  void rebuild([], [], []);

  function emptyStats(folders: string[]): CorpusStats {
    return { folders, documents: 0, facts: 0, entities: registry.all().length, problems: [], usingBuiltinFacts: false };
  }

  /** A source claim's reference, made once per index (a source sentence may back thousands of verdicts). */
  function sourceRef(c: IndexedClaim): SourceRef {
    let ref = sourceRefs.get(c);
    if (!ref) sourceRefs.set(c, (ref = newSourceRef(c)));
    return ref;
  }

  function newSourceRef(c: IndexedClaim): SourceRef {
    const loaded = documents.get(c.documentId);
    // Only built-in facts cite documents that are not loaded: the catalog names them.
    const meta = loaded ? loaded.doc.meta : catalog.sources?.[c.documentId];
    return {
      document: c.documentId,
      ...(loaded ? {} : { origin: "catalog" as const }),
      path: loaded?.doc.path,
      title: meta?.title,
      publisher: meta?.publisher,
      published: meta?.published,
      range: sentenceRangeOf(c),
      ...(loaded ? originalPlace(loaded.doc, c.sentenceStart) : {}),
      quote: c.sentence,
      valueText: c.valueText,
    };
  }

  /** Indexes loaded documents: definitions first (so every document knows every name), then claims. */
  async function rebuild(docs: CorpusDocument[], problems: CorpusProblem[], folders: string[], progress: IndexProgress = () => undefined): Promise<void> {
    const pause = pauser();
    definitionLog = [];
    clearBlockCache();
    cardCache = new WeakMap();
    sourceRefs = new WeakMap();
    registry = new EntityRegistry(catalog);
    index = new FactIndex(facets);
    documents = new Map();
    definitions = new Map();
    storedDefinitions = undefined;
    mentionCounts = new Map();
    // Two passes: definitions first, so every document knows every name. The first pass reads
    // the raw text line by line ("Full Name (ACR)" needs no Markdown parsing), so each document
    // is parsed once, and no parsed prose is held for the whole corpus.
    for (const [i, doc] of docs.entries()) {
      if (await pause()) progress(i, docs.length, "names");
      documents.set(doc.id, { doc, lines: new LineIndex(doc.text) });
      for (const [lineStart, line] of linePieces(doc.text)) {
        if (await pause()) progress(i, docs.length, "names");
        collectProperNouns(line, registry);
        for (const def of findDefinitions(line)) {
          definitionLog.push({ name: sharedText(def.name), acronym: sharedText(def.acronym), start: 0, end: 0, concept: def.concept });
          const id = registry.addDefinition(def);
          addDefinition(id, doc, lineStart + def.start, lineStart + def.end, line.slice(def.start, def.end), true);
        }
        for (const form of findNamedForms(line)) {
          definitionLog.push({ name: sharedText(form.name), acronym: "", start: 0, end: 0 });
          registry.addNamed(form.name);
        }
      }
    }
    // Pass two: each document's facts (index/documentFacts.ts), block by block, into the index.
    for (const [i, doc] of docs.entries()) {
      if (await pause()) progress(i, docs.length, "facts");
      const loaded = documents.get(doc.id);
      if (!loaded) continue;
      const prose = proseOfDocument(doc);
      if ("problem" in prose) {
        problems.push({ path: doc.path, message: prose.problem });
        documents.delete(doc.id);
        continue;
      }
      const placed = claimPlacer(doc, loaded);
      for (const facts of factsOfBlocks(doc, prose, registry, lexicon)) {
        for (const m of facts.mentions) {
          mentionCounts.set(m.entityId, (mentionCounts.get(m.entityId) ?? 0) + 1);
          if (m.first) addDefinition(m.entityId, doc, m.first.start, m.first.end, m.first.quote, false);
        }
        for (const claim of placed(facts.claims)) index.add(claim);
        if (await pause()) progress(i, docs.length, "facts");
      }
    }
    index.compact();
    // What is shared is shared now: the tables that found it would only hold their keys.
    releaseInternTables();
    corpusClaims = index.size;
    finish(problems, folders, false);
  }

  /** A document's claims in the index's shape, block by block: compacted, each with its sentence's place. */
  function claimPlacer(doc: CorpusDocument, loaded: LoadedDocument): (claims: Claim[]) => IndexedClaim[] {
    // A text whose lower case keeps its offsets is lower-cased sentence by sentence when read
    // (see sentenceLowerOf): no lower-cased copy of the corpus is held.
    const docLower = lowerKeepsOffsets(doc.text) ? undefined : doc.text.toLowerCase();
    // A news story's dateline ("SANTIAGO — ...") places the whole story, like its title.
    const titleLower = [doc.meta.title ?? "", datelineOf(doc.text)].join(" ").trim().toLowerCase();
    const titleNames = namesOfTitle(doc.meta.title ?? "");
    const sourceLower = (doc.meta.publisher && doc.meta.publisher !== "unknown" ? doc.meta.publisher : "").toLowerCase();
    const publishedYear = parsePublished(doc.meta.published)?.year;
    return (claims) => {
      const out: IndexedClaim[] = [];
      // Claims of one sentence share its lower-cased text, context and range.
      let last: { start: number; place: SourcePlace; end?: number; sentence?: string } | undefined;
      for (const claim of claims) {
        if (!last || last.start !== claim.sentenceStart) {
          // Slices of the lower-cased document share its memory; per-sentence copies would not.
          const context = sameBlockBefore(docLower ?? doc.text, Math.max(0, claim.sentenceStart - 2000), claim.sentenceStart, doc.format === "markdown");
          const place: SourcePlace = {
            documentId: doc.id,
            // (Its range is found in the document's lines when a source reference asks for it.)
            sourceLines: loaded.lines,
            sentenceLower: docLower?.slice(claim.sentenceStart, claim.sentenceEnd),
            contextLower: docLower === undefined ? undefined : context,
            contextStart: claim.sentenceStart - context.length,
            sourceText: docLower === undefined ? doc.text : undefined,
            sourceLower,
            titleLower,
            titleNames,
            publishedYear,
          };
          last = { start: claim.sentenceStart, place };
        }
        // Compacted in place, then copied once into the index's shape with its sentence's place.
        const compact = compactClaim(claim, doc.text, last.end === claim.sentenceEnd ? last.sentence : undefined);
        last.end = claim.sentenceEnd;
        last.sentence = compact.sentence;
        out.push(fixedShapeClaim(compact, last.place));
      }
      return out;
    };
  }

  function finish(problems: CorpusProblem[], folders: string[], fromCache: boolean): void {
    usingBuiltin = builtinMode === "always" || (builtinMode === "auto" && documents.size === 0);
    if (usingBuiltin) indexBuiltinFacts();
    stats = {
      folders,
      documents: documents.size,
      facts: index.size,
      entities: registry.all().length,
      problems,
      usingBuiltinFacts: usingBuiltin,
      fromCache,
    };
  }

  /** What the cache keeps: everything indexing derived from the documents. */
  function snapshot(): IndexSnapshot {
    return {
      definitions: definitionLog,
      properNouns: registry.properNounList(),
      // Text is sliced again from the documents on restore: storing it would multiply the snapshot.
      // The corpus' claims come first in the index, the catalog's after them.
      claims: index.claims().slice(0, corpusClaims),
      entityDefinitions: [...definitions],
      mentionCounts: [...mentionCounts],
      index: index.snapshot(corpusClaims),
    };
  }

  function restore(snap: IndexSnapshot, docs: CorpusDocument[], problems: CorpusProblem[], folders: string[]): void {
    clearBlockCache();
    cardCache = new WeakMap();
    sourceRefs = new WeakMap();
    definitionLog = snap.definitions;
    registry = new EntityRegistry(catalog);
    for (const def of snap.definitions) registry.addDefinition(def);
    for (const w of snap.properNouns) registry.addProperNoun(w);
    index = new FactIndex(facets);
    documents = new Map(docs.map((doc) => [doc.id, { doc, lines: new LineIndex(doc.text) }]));
    // Lower-cased texts of the documents whose lower case moves offsets (see lowerKeepsOffsets).
    const lower = new Map<string, string | undefined>();
    let last: IndexedClaim | undefined;
    for (const c of snap.claims) {
      const loaded = documents.get(c.documentId);
      if (!loaded) continue;
      const doc = loaded.doc;
      if (!lower.has(doc.id)) lower.set(doc.id, lowerKeepsOffsets(doc.text) ? undefined : doc.text.toLowerCase());
      const docLower = lower.get(doc.id);
      // Claims of one sentence share its text, as when indexed.
      // (A sentence kept in the snapshot is prose that is not the document's text, a table row.)
      const sameSentence = !!last && last.documentId === c.documentId && last.sentenceStart === c.sentenceStart && last.sentenceEnd === c.sentenceEnd;
      c.sentence ??= sameSentence ? last!.sentence : doc.text.slice(c.sentenceStart, c.sentenceEnd);
      c.sourceLines = loaded.lines;
      if (docLower === undefined) c.sourceText = doc.text;
      else {
        c.sentenceLower = sameSentence ? last!.sentenceLower : docLower.slice(c.sentenceStart, c.sentenceEnd);
        c.contextLower = sameSentence && last!.contextStart === c.contextStart ? last!.contextLower : docLower.slice(c.contextStart ?? c.sentenceStart, c.sentenceStart);
      }
      last = c;
    }
    // Every document of the snapshot is loaded (the key covers them all), so its lists hold as written.
    if (snap.index) index.restore(snap.claims, snap.index);
    else for (const c of snap.claims) if (documents.has(c.documentId)) index.add(c);
    corpusClaims = index.size;
    const stored = snap.entityDefinitions;
    definitions = new Map(typeof stored === "function" ? [] : stored);
    storedDefinitions = typeof stored === "function" ? stored : undefined;
    mentionCounts = new Map(snap.mentionCounts);
    finish(problems, folders, true);
  }

  function definitionsOf(entityId: string): SourceRef[] | undefined {
    if (storedDefinitions) {
      definitions = new Map(storedDefinitions());
      storedDefinitions = undefined;
    }
    return definitions.get(entityId);
  }

  function addDefinition(entityId: string, doc: CorpusDocument, start: number, end: number, quote: string, explicit: boolean): void {
    const loaded = documents.get(doc.id);
    if (!loaded) return;
    let list = definitions.get(entityId);
    if (!list) definitions.set(entityId, (list = []));
    // A source mentions an entity many times: only its first mention is kept (the documents
    // listed are looked up in a set, not in the list, which every source may join).
    let listed = documentsListed.get(list);
    if (!listed) documentsListed.set(list, (listed = new Set(list.map((r) => r.document))));
    if (!explicit && listed.has(doc.id)) return;
    listed.add(doc.id);
    const range = loaded.lines.rangeOf(start, end);
    const ref: SourceRef = {
      document: doc.id,
      path: doc.path,
      title: doc.meta.title,
      publisher: doc.meta.publisher,
      published: doc.meta.published,
      range,
      ...originalPlace(doc, start),
      quote,
      valueText: explicit ? "definition" : "first mention",
    };
    if (explicit) list.unshift(ref);
    else list.push(ref);
  }

  /** Built-in facts from data/, as claims; quotes come from the corpus when the cited file is loaded. */
  function indexBuiltinFacts(): void {
    for (const entity of catalog.entities) {
      for (const fact of entity.facts) {
        const value =
          fact.kind === "date"
            ? (() => {
                const date = parseIsoPartial(fact.value);
                return date ? { type: "date" as const, date } : undefined;
              })()
            : findQuantities(fact.value, lexicon.hedges)[0]?.value;
        if (!value) continue;
        const line = Math.max(0, fact.citation.line - 1);
        const loaded = documents.get(fact.citation.document);
        const quote = loaded ? loaded.doc.text.slice(loaded.lines.lineExtent(line).start, loaded.lines.lineExtent(line).end) : "";
        const measure = (fact.measure ?? []).map((w) => (registry.get(w.toLowerCase()) ? `@${w.toLowerCase()}` : stem(w)));
        const claim: IndexedClaim = {
          value,
          valueText: fact.value.match(/^\d{4}(-\d\d)*$/) ? fact.citation.text : fact.value,
          start: 0,
          end: 0,
          sentence: quote || `${entity.name}: ${fact.label} ${fact.citation.text}`,
          sentenceStart: 0,
          sentenceEnd: 0,
          entities: [entity.id],
          names: [],
          contextNames: [],
          predicate: fact.predicate,
          predicates: fact.predicate ? [fact.predicate] : [],
          measure,
          terms: [...measure, `@${entity.id}`],
          years: [],
          contextYears: [],
          otherNames: [],
          head: value.type === "quantity" && fact.measure?.length ? stem(fact.measure[fact.measure.length - 1]) : undefined,
          ordinals: [],
          eventNames: [entity.id],
          nearNames: [],
          inheritedEntities: [],
          documentId: fact.citation.document,
          sentenceRange: { start: { line, character: 0 }, end: { line, character: quote.length } },
          sentenceLower: quote.toLowerCase(),
          contextLower: "",
          sourceLower: "",
        };
        index.add(claim);
      }
    }
  }

  /**
   * Verdicts of a block, cached by the block's source text: an edit re-checks only the blocks it
   * touched. Offsets are kept relative to the block's start and shifted on use.
   */
  function blockVerdicts(block: ProseBlock, markdown: string, ctx: ExtractionContext, useCache: boolean, usedKeys?: Set<string>): Verdict[] {
    // What earlier blocks named is part of the key: "It" may stand for something else there.
    const memory = ctx.discourse;
    const key = useCache ? blockKey(block, markdown, memory?.signature() ?? "") : undefined;
    let cached = key === undefined ? undefined : blockCache.get(key);
    if (cached) {
      // Refresh its place in the LRU order, and tell the memory what the block named.
      blockCache.delete(cached.key);
      blockCache.set(cached.key, cached);
      usedKeys?.add(cached.key);
      for (const named of cached.named) memory?.note(named);
    } else {
      memory?.record();
      // Verdicts kept in the cache are relative to the block's start; the others stay where they are.
      const shift = key === undefined ? 0 : -block.sourceStart;
      let unanswerable: Set<Claim> | undefined;
      const verdicts = checkWithinBudget(block, (deadline) => {
        const analysis = analyzeBlock(block, ctx, deadline);
        unanswerable = analysis.unanswerable;
        return analysis.incomplete ? undefined : analysis.claims;
      }, (claim) => {
        // (A claim the index told extraction it has no candidate for is not asked again.)
        const v = unanswerable?.has(claim) ? NOT_COVERED : verifyClaim(claim, index, lexicon, isSubjectEntity);
        // (Most draft claims have no source: they share one empty list, never changed.)
        const sources = v.candidates.length === 0 ? NO_SOURCES : v.candidates.slice(0, 3).map((c) => sourceRef(c.claim));
        const disputedBy = v.disputedBy?.length ? v.disputedBy.map((c) => sourceRef(c.claim)) : undefined;
        return { kind: v.kind, claim: shift === 0 ? claim : shiftClaim(claim, shift), sources, expected: v.expected, disputedBy };
      });
      const named = memory?.takeRecord() ?? [];
      if (key === undefined) return verdicts;
      // The key kept is a copy of its own: the one looked up holds a slice of the draft.
      cached = { key: detachedCopy(key), verdicts, named };
      blockCache.set(cached.key, cached);
      usedKeys?.add(cached.key);
      // Past the bound, the oldest goes; the blocks open drafts use do not count against it, so
      // a draft of more blocks than the bound is still checked from the cache as it is typed.
      if (blockCache.size > BLOCK_CACHE_SIZE + ownersByKey.size + (usedKeys?.size ?? 0)) {
        const oldest = blockCache.keys().next().value as string;
        blockCache.delete(oldest);
        ownersByKey.delete(oldest);
      }
    }
    if (cached.verdicts === TOO_COMPLEX) return TOO_COMPLEX;
    return cached.verdicts.map((v) => ({ ...v, claim: shiftClaim(v.claim, block.sourceStart) }));
  }

  /**
   * How a draft is read: clause by clause, only claims the index could speak to, with its own
   * discourse memory. A check builds in full only the claims the index may have a candidate for
   * (four in five of a long draft's have none); an explanation, every claim (`light` false).
   */
  function draftContext(prose: ProseDocument, light = true): ExtractionContext {
    return {
      registry,
      lexicon,
      scope: "clause",
      claimsOnly: { known: (a) => index.knows(a), answerable: light ? (probe) => index.mayHaveCandidates(probe) : undefined },
      discourse: new DiscourseMemory(topicOf(prose, frontMatterTitle(prose), registry)),
    };
  }

  function checkDraft(markdown: string, opts: CheckOptions = {}): CheckResult {
    const steps = checkInSteps(markdown, opts);
    for (;;) {
      const step = steps.next();
      if (step.done) return step.value;
    }
  }

  /**
   * The check, one block per step, so a caller can pause between blocks (to let requests through)
   * or stop (a newer version came). Stopped early, the blocks checked so far stay in the cache.
   */
  function* checkInSteps(markdown: string, opts: CheckOptions = {}): Generator<void, CheckResult, void> {
    // A draft being typed is read again only where it changed; a check without caches reads it all.
    // (Long paragraphs are cut after the reading, which keeps the blocks as Markdown has them.)
    const prose = withLongBlocksCut(opts.cache === false ? markdownToProse(markdown) : draftToProse(markdown));
    const ctx = draftContext(prose);
    const lines = LineIndex.of(markdown);
    const disabled = disabledLines(prose.directives, lines.lineCount);
    const diagnostics: FactDiagnostic[] = [];
    const verdicts: Verdict[] = [];
    // A draft with more blocks than the cache holds would only churn it, unless an open document
    // owns them (see ownBlocks).
    const useCache = opts.cache !== false && (prose.blocks.length <= BLOCK_CACHE_SIZE || opts.cacheOwner !== undefined);
    const usedKeys = useCache && opts.cacheOwner !== undefined ? new Set<string>() : undefined;
    let complete = false;
    try {
      for (const block of prose.blocks) {
        yield;
        verdictsOfBlock(block, markdown, ctx, useCache, usedKeys, { opts, lines, disabled, diagnostics, verdicts });
      }
      complete = true;
    } finally {
      if (usedKeys) ownBlocks(opts.cacheOwner!, usedKeys, complete);
    }
    return { diagnostics, verdicts };
  }

  function verdictsOfBlock(block: ProseBlock, markdown: string, ctx: ExtractionContext, useCache: boolean, usedKeys: Set<string> | undefined, sink: CheckSink): void {
    const { opts, lines, disabled, diagnostics, verdicts } = sink;
    const blockResult = blockVerdicts(block, markdown, ctx, useCache, usedKeys);
    if (blockResult === TOO_COMPLEX) {
      const d = tooComplexDiagnostic(block, markdown, lines, opts.severities);
      if (d && !disabled(d.range.start.line, d.code)) diagnostics.push(d);
      return;
    }
    for (const v of blockResult) {
      const { claim, sources } = v;
      verdicts.push(v);
      if (v.kind === "not-covered") {
        const unsourced = unsourcedDiagnostic(claim, opts, lines, disabled);
        if (unsourced) diagnostics.push(unsourced);
      }
      // A value one source supports and another contradicts: the sources disagree (information).
      const disputed = v.kind === "supported" && !!v.disputedBy?.length;
      if (v.kind !== "conflict" && v.kind !== "disagree" && !disputed) continue;
      const code = v.kind === "disagree" || disputed ? "sources-disagree" : claim.value.type === "date" ? "date-conflict" : "figure-conflict";
      const severity = effectiveSeverity(code, DEFAULT_SEVERITY[code], opts.severities);
      if (!severity) continue;
      const range = lines.rangeOf(claim.start, claim.end);
      if (disabled(range.start.line, code)) continue;
      diagnostics.push({
        code,
        severity,
        range,
        start: claim.start,
        end: claim.end,
        message: disputed
          ? disputedMessage(claim, sources[0], v.disputedBy!)
          : v.kind === "disagree"
            ? disagreeMessage(claim, sources)
            : conflictMessage(claim, v.expected ?? "", sources[0]),
        claimed: claim.valueText,
        expected: v.expected,
        sources: disputed ? [sources[0], ...v.disputedBy!] : sources,
      });
    }
  }

  /**
   * Records the blocks an owner's latest check used. A block no open document uses any more is
   * dropped at once: the cache holds what the open drafts need, not every version typed.
   */
  function ownBlocks(owner: string, used: Set<string>, complete: boolean): void {
    const before = keysByOwner.get(owner) ?? new Set<string>();
    if (!complete) for (const key of before) used.add(key); // a stopped check replaces nothing
    for (const key of used) if (!before.has(key)) ownersByKey.set(key, (ownersByKey.get(key) ?? 0) + 1);
    keysByOwner.set(owner, used);
    for (const key of before) if (!used.has(key)) disown(key);
  }

  function disown(key: string): void {
    const owners = (ownersByKey.get(key) ?? 1) - 1;
    if (owners > 0) ownersByKey.set(key, owners);
    else {
      ownersByKey.delete(key);
      blockCache.delete(key);
    }
  }

  function releaseCache(owner: string): void {
    for (const key of keysByOwner.get(owner) ?? []) disown(key);
    keysByOwner.delete(owner);
    // With no draft open, nothing verification cached of draft sentences is of use.
    if (keysByOwner.size === 0) {
      forgetDraft();
      releaseVerificationCaches();
      releaseBoundedCaches();
      index.releaseQueryCaches();
    }
  }

  function clearBlockCache(): void {
    blockCache.clear();
    keysByOwner.clear();
    ownersByKey.clear();
  }

  /** The optional `unsourced-claim` diagnostic: off unless the settings give it a severity. */
  function unsourcedDiagnostic(claim: Claim, opts: CheckOptions, lines: LineIndex, disabled: (line: number, code: string) => boolean): FactDiagnostic | undefined {
    const severity = opts.severities?.[UNSOURCED_CODE];
    const range = lines.rangeOf(claim.start, claim.end);
    if (!severity || severity === "off" || disabled(range.start.line, UNSOURCED_CODE)) return undefined;
    return { code: UNSOURCED_CODE, severity, range, start: claim.start, end: claim.end, message: unsourcedMessage(claim), claimed: claim.valueText, sources: [] };
  }

  /** A timeline source: the passage, with the value's own range when the document is loaded. */
  function timelineSource(c: IndexedClaim): TimelineSource {
    const lines = c.end > c.start ? documents.get(c.documentId)?.lines : undefined;
    const range = lines ? lines.rangeOf(c.start, c.end) : sentenceRangeOf(c);
    return { document: c.documentId, range, quote: quoteAround(c.sentence, c.valueText, 160), valueText: c.valueText };
  }

  function timelineDocument(id: string): TimelineDocument {
    const doc = documents.get(id)?.doc;
    return { id, title: doc?.meta.title || id, publisher: doc?.meta.publisher, published: doc?.meta.published, path: doc?.path };
  }

  /** Can a sentence be about this entity (an agreement, a framework, a forum) rather than a place or a body? */
  function isSubjectEntity(id: string): boolean {
    const entity = registry.get(id);
    if (!entity || entity.kind === "concept") return false;
    // "Democratic Republic of the Congo (DRC)" is a place, whatever its acronym.
    return !lexicon.places.find(entity.name).some((m) => m.text.length === entity.name.length);
  }

  function subjectOf(claim: Claim): string {
    const e = claim.entities.map((id) => registry.get(id)).find(Boolean);
    if (!e) return "";
    // Acronyms read as names ("IPEF"); full names of bodies take an article ("the Disruptive Technology Network").
    return e.acronym ?? (/^(?:the)\s/i.test(e.name) ? e.name : `the ${e.name}`);
  }

  function conflictMessage(claim: Claim, expected: string, source: SourceRef | undefined): string {
    const subject = subjectOf(claim);
    // A short quote: the full passage is in the related information and the hover.
    const cite = source ? ` ${citation(source, 110)}` : "";
    if (claim.value.type === "date") {
      const noun = claim.periodEnd ? `${claim.periodEnd} of the period` : claim.predicate ? PREDICATE_NOUN[claim.predicate] ?? "event" : "event";
      const what = claim.eventOrder ? `${claim.eventOrder} ${noun}` : noun;
      const about = subject ? `the ${what} of ${subject}` : `this ${what}`;
      return `The sources date ${about} to ${expected}, not ${claim.valueText}.${cite}`;
    }
    return `The sources give ${expected}${subject ? ` for ${subject}` : ""}, not ${claim.valueText}.${cite}`;
  }

  function disputedMessage(claim: Claim, support: SourceRef, against: SourceRef[]): string {
    const others = [...new Set(against.map((s) => s.valueText))].join(" / ");
    return `The sources disagree on this: one gives ${claim.valueText} as the draft does, another ${others}. ${[support, ...against].map((s) => citation(s, 120)).join(" ")}`;
  }

  function disagreeMessage(claim: Claim, sources: SourceRef[]): string {
    const values = [...new Set(sources.map((s) => s.valueText))].join(" / ");
    return `The sources disagree on this (${values}) and none gives ${claim.valueText}. ${sources.map((s) => citation(s, 120)).join(" ")}`;
  }

  /** A source's citation, made once per reference and length (thousands of conflicts may cite one sentence). */
  function citation(source: SourceRef, maxQuote = 200): string {
    let made = citations.get(source);
    if (!made) citations.set(source, (made = new Map()));
    let text = made.get(maxQuote);
    if (text === undefined) made.set(maxQuote, (text = newCitation(source, maxQuote)));
    return text;
  }

  function newCitation(source: SourceRef, maxQuote: number): string {
    const where = `${citeSource(source)}, ${sourcePlace(source)}`;
    // A catalog fact is no sentence of any source: say where it comes from instead of quoting it.
    if (source.origin === "catalog") return `(built-in catalog, citing ${where})`;
    return `“${shortQuote(source.quote, source.valueText, maxQuote)}” (${where})`;
  }

  function mentionsIn(markdown: string): EntityAtResult[] {
    const prose = markdownToProse(markdown);
    const matcher = registry.matcher();
    const out: EntityAtResult[] = [];
    for (const block of prose.blocks) {
      for (const m of matcher.find(block.text)) {
        const entity = registry.get(m.key);
        const start = block.sourceOffsets[m.start];
        const end = block.sourceOffsets[m.end - 1] + 1;
        if (entity && start >= 0 && end > 0) out.push({ entity, start, end });
      }
    }
    return out;
  }

  function card(entityId: string): EntityCard | undefined {
    const entity = registry.get(entityId);
    if (!entity) return undefined;
    // A fact belongs on the card when its own clause names the entity (or refers back to it): a
    // figure in a sentence that merely lists the entity among others is not about it.
    const groups = new Map<string, IndexedClaim[]>();
    for (const c of index.aboutEntity(entityId)) {
      const named = c.value.type === "date" ? c.eventNames : c.clauseEntities ?? c.entities;
      if (!named.includes(entityId) && !c.inheritedEntities.includes(entityId)) continue;
      let key: string | undefined;
      if (c.value.type === "date") {
        if (!c.predicate || !PREDICATE_NOUN[c.predicate] || c.value.modifier) continue;
        key = `date:${c.predicate}:${c.eventOrder ?? ""}`;
      } else {
        // Figures of one kind about the same things ("11 countries in RCEP" is not "7 countries in CPTPP").
        const qualifiers = c.measure.filter((m) => m.startsWith("@") && m !== `@${entityId}`).sort().join(",");
        key = `q:${c.value.unit}:${c.value.currency ?? ""}:${c.head ?? c.measure.filter((m) => !m.startsWith("@")).slice(0, 2).join(" ")}:${qualifiers}`;
      }
      let list = groups.get(key);
      if (!list) groups.set(key, (list = []));
      list.push(c);
    }
    const facts: CardFact[] = [];
    for (const [key, claims] of groups) {
      const first = claims[0];
      const disputed = !claims.every((c) =>
        c.value.type === "date" && first.value.type === "date"
          ? datesCompatible(c.value.date, first.value.date)
          : c.value.type === "quantity" && first.value.type === "quantity"
            ? quantitiesCompatible(c.value, first.value)
            : true,
      );
      const label = key.startsWith("date:")
        ? `${first.eventOrder ? `${first.eventOrder} ` : ""}${PREDICATE_NOUN[first.predicate ?? ""]}`
        : first.measureText ?? first.value.type;
      // Agreeing sources: the most precise value, its source first. Disagreeing ones: every value.
      const shown = (c: IndexedClaim) => (c.value.type === "date" ? formatDate(c.value.date) : c.valueText);
      const ranked = [...claims].sort((a, b) => precisionOf(b) - precisionOf(a));
      const valueText = disputed ? [...new Set(ranked.map(shown))].join(" / ") : shown(ranked[0]);
      facts.push({ label, valueText, disputed, sources: ranked.slice(0, 3).map(sourceRef) });
    }
    facts.sort((a, b) => b.sources.length - a.sources.length);
    return { entity, facts: facts.slice(0, 10), definitions: definitionsOf(entityId) ?? [], mentionCount: mentionCounts.get(entityId) ?? 0 };
  }

  const service: FactCheckService = {
    async setCorpus(folders, onProgress) {
      const convertedCacheDir = options.indexCacheDir && `${options.indexCacheDir}/converted`;
      const cacheDir = options.indexCacheDir;
      frontMatter ??= cacheDir ? readFrontMatterCache(cacheDir) : new Map();
      // (Edited front matter adds blocks as a server runs: past a bound, only the newest are kept.)
      if (frontMatter.size > 50_000) frontMatter = new Map([...frontMatter].slice(-20_000));
      const knownFrontMatter = frontMatter.size;
      const loaded = await loadCorpus(folders, fs, { onProgress: (done, total, reading) => onProgress?.(done, total, "reading", reading), convertedCacheDir, frontMatter });
      const problems = [...loaded.problems];
      if (cacheDir && frontMatter.size > knownFrontMatter) {
        const error = writeFrontMatterCache(cacheDir, frontMatter);
        if (error) problems.push({ path: cacheDir, message: `front matter cache not written: ${error}` });
      }
      const key = cacheDir && loaded.documents.length > 0 ? cacheKey(loaded.documents, catalog, builtinMode) : undefined;
      const progress: IndexProgress = (done, total, phase) => onProgress?.(done, total, phase);
      if (cacheDir && key) progress(0, 1, "cache");
      const cached = cacheDir && key ? readSnapshot(cacheDir, key) : undefined;
      if (cached) {
        restore(cached, loaded.documents, problems, folders);
        return stats;
      }
      await rebuild(loaded.documents, problems, folders, progress);
      if (cacheDir && key) {
        progress(0, 1, "saving");
        const error = writeSnapshot(cacheDir, key, snapshot());
        if (error) problems.push({ path: cacheDir, message: `index cache not written: ${error}` });
      }
      return stats;
    },
    stats: () => stats,
    check: checkDraft,
    checkInSteps,
    releaseCache,
    entityAt(markdown, offset) {
      return mentionsIn(markdown).find((m) => m.start <= offset && offset <= m.end);
    },
    entityMentions: mentionsIn,
    card,
    cardMarkdown(entityId, linkFor) {
      // Cards are asked for on every hover and for every completion item: render each once per index.
      let byEntity = cardCache.get(linkFor);
      if (!byEntity) cardCache.set(linkFor, (byEntity = new Map()));
      if (!byEntity.has(entityId)) {
        const c = card(entityId);
        byEntity.set(entityId, c ? renderCard(c, linkFor) : undefined);
      }
      return byEntity.get(entityId);
    },
    completeEntities(prefix, limit = 50) {
      return rankEntities(registry.all(), prefix, limit);
    },
    entities: () => registry.all(),
    documentPath: (id) => documents.get(id)?.doc.path,
    extractedText(id) {
      const doc = documents.get(id)?.doc;
      if (!doc?.original) return undefined;
      return { title: doc.meta.title ?? doc.id, text: doc.text };
    },
    claimsReport: (markdown, checkOptions) => buildClaimsReport(markdown, checkDraft(markdown, checkOptions).verdicts),
    timeline: () =>
      buildTimeline({
        claims: index.claims(),
        entity: (id) => registry.get(id),
        isSubject: isSubjectEntity,
        recurring: (predicate) => lexicon.recurring.get(predicate) === true,
        eventNoun: (predicate) => PREDICATE_NOUN[predicate],
        source: timelineSource,
        document: timelineDocument,
      }),
    explain(markdown, line) {
      // The same context as a check, so that what explain shows is what check does (its claims
      // built in full: an explanation shows the words a claim was compared by, or would be).
      const ctx = draftContext(markdownToProse(markdown), false);
      const titleOf = (id: string) => documents.get(id)?.doc.meta.title;
      return explainDraft({ index, lexicon, ctx, isSubject: isSubjectEntity, titleOf }, markdown, line);
    },
  };
  indexes.set(service, () => index);
  return service;
}

const BLOCK_CACHE_SIZE = 20000;

/** A block's cached verdicts (offsets relative to the block's start), under its own copy of its key. */
interface CachedBlock {
  key: string;
  verdicts: Verdict[];
  named: string[][];
}

/**
 * A block's cache key: its kind, what it is read with (table header, heading, what earlier blocks
 * named) and its source text. The text itself, not a hash of it: the engine hashes a string key
 * several times faster than a loop over its characters here (each keystroke looks up every block).
 * No field holds a NUL but the last (the parser reads NUL as U+FFFD), so keys cannot run together.
 */
function blockKey(block: ProseBlock, markdown: string, discourse: string): string {
  return `${block.kind}\u0000${block.headerText ?? ""}\u0000${block.heading ?? ""}\u0000${discourse}\u0000${markdown.slice(block.sourceStart, block.sourceEnd)}`;
}

/**
 * The text as a string of its own: a key cut from the draft would keep the whole draft's string
 * alive for as long as the entry lives. Prefixing then cutting makes the engine copy it.
 */
function detachedCopy(text: string): string {
  return (" " + text).slice(1);
}

/** Long enough for any paragraph; a line longer than this is read in pieces (see linePieces). */
const MAX_LINE_PIECE = 64 * 1024;

/**
 * The text's lines with their offsets; a line of megabytes (a source saved without line breaks) is
 * cut after a full stop every MAX_LINE_PIECE characters, so indexing can pause between pieces.
 */
function* linePieces(text: string): Generator<[number, string]> {
  let lineStart = 0;
  for (const line of text.split("\n")) {
    let from = 0;
    while (line.length - from > MAX_LINE_PIECE) {
      const stop = line.lastIndexOf(". ", from + MAX_LINE_PIECE);
      const cut = stop > from ? stop + 2 : from + MAX_LINE_PIECE;
      yield [lineStart + from, line.slice(from, cut)];
      from = cut;
    }
    yield [lineStart + from, from === 0 ? line : line.slice(from)];
    lineStart += line.length + 1;
  }
}

/** Progress of indexing: documents done of total in one phase (see FactCheckService.setCorpus). */
type IndexProgress = (done: number, total: number, phase: IndexPhase) => void;

/**
 * Long indexing gives the event loop a turn every 50 ms, so progress reaches the editor and the
 * server keeps answering (with the previous index) meanwhile. Resolves true after a pause.
 */
function pauser(every = 50): () => Promise<boolean> | boolean {
  let last = performance.now();
  return () => {
    if (performance.now() - last < every) return false;
    return new Promise<boolean>((resolve) =>
      setImmediate(() => {
        last = performance.now();
        resolve(true);
      }),
    );
  };
}

/**
 * The budget of one block: past it the block is reported as too complex to check, never a stall.
 * A sentence holding more numbers than a writer would put in one (a pasted table, a run of dates)
 * is refused before extraction; any block is refused once its check has run this long.
 */
const MAX_NUMBERS_PER_SENTENCE = 60;
const BLOCK_BUDGET_MS = 500;
/** The verdicts of a block past the budget (compared by identity). */
const TOO_COMPLEX: Verdict[] = [];

/** The verification of a claim no source claim can be a candidate for. */
const NOT_COVERED: ClaimVerdict = { kind: "not-covered", candidates: [] };

/** The sources of a verdict that has none: one list for all of them, never changed. */
const NO_SOURCES: SourceRef[] = [];

/** `extract` reads the block's claims, or gives undefined when its deadline passed first. */
function checkWithinBudget(block: ProseBlock, extract: (deadline: number) => Claim[] | undefined, verify: (claim: Claim) => Verdict): Verdict[] {
  if (tooManyNumbers(block.text)) return TOO_COMPLEX;
  const started = performance.now();
  const claims = extract(started + BLOCK_BUDGET_MS);
  if (!claims) return TOO_COMPLEX;
  const verdicts: Verdict[] = [];
  for (const claim of claims) {
    if (performance.now() - started > BLOCK_BUDGET_MS) return TOO_COMPLEX;
    verdicts.push(verify(claim));
  }
  return verdicts;
}

/**
 * Does [from, to) of the text hold more than `max` numbers (runs of digits, with "." or "," between
 * digits: what the pattern \d+(?:[.,]\d+)* matches, one match after another)? Read by character
 * code, stopping past `max`.
 */
export function holdsMoreNumbers(text: string, max: number, from = 0, to = text.length): boolean {
  let n = 0;
  for (let i = from; i < to; ) {
    // (Over the whole text, the next digit is found by the regex engine's own scan, faster than a
    // loop in script over every character; in a range, which is a sentence, the loop stops at its
    // end where the scan would run on to the text's next digit.)
    if (to === text.length) {
      NEXT_DIGIT.lastIndex = i;
      if (!NEXT_DIGIT.test(text)) return false;
      i = NEXT_DIGIT.lastIndex - 1;
    } else if (!isDigitCode(text.charCodeAt(i))) {
      i++;
      continue;
    }
    if (++n > max) return true;
    while (i < to && isDigitCode(text.charCodeAt(i))) i++;
    while (i + 1 < to && (text.charCodeAt(i) === 46 || text.charCodeAt(i) === 44) && isDigitCode(text.charCodeAt(i + 1))) {
      i++;
      while (i < to && isDigitCode(text.charCodeAt(i))) i++;
    }
  }
  return false;
}

const NEXT_DIGIT = /\d/g;

function isDigitCode(c: number): boolean {
  return c >= 48 && c <= 57;
}

function tooManyNumbers(text: string): boolean {
  if (!holdsMoreNumbers(text, MAX_NUMBERS_PER_SENTENCE)) return false;
  return splitSentences(text).some((s) => holdsMoreNumbers(text, MAX_NUMBERS_PER_SENTENCE, s.start, s.end));
}

/** A hint on the first line of a block past the budget. */
function tooComplexDiagnostic(block: ProseBlock, markdown: string, lines: LineIndex, severities: CheckOptions["severities"]): FactDiagnostic | undefined {
  const severity = effectiveSeverity("too-complex", DEFAULT_SEVERITY["too-complex"], severities);
  if (!severity) return undefined;
  const newline = markdown.indexOf("\n", block.sourceStart);
  const end = Math.min(block.sourceEnd, newline < 0 ? markdown.length : newline);
  const start = block.sourceStart;
  if (end <= start) return undefined;
  return {
    code: "too-complex",
    severity,
    range: lines.rangeOf(start, end),
    start,
    end,
    message: `This passage holds too many dates and figures to check (more than ${MAX_NUMBERS_PER_SENTENCE} numbers in a sentence, or over ${BLOCK_BUDGET_MS} ms): it was skipped.`,
    claimed: markdown.slice(start, end),
    sources: [],
  };
}

/** How precise a claim's value is: a day beats a month beats a year; a stated year beats an inferred one. */
function precisionOf(c: Claim): number {
  if (c.value.type === "date") return datePrecision(c.value.date) * 2 + (c.value.yearInferred ? 0 : 1);
  return c.value.hedge ? 0 : 1;
}

/** How claims are grouped in the index (see Facets): the comparisons verify.ts will allow. */
function claimFacets(lexicon: Lexicon): Facets {
  const group = (head: string | undefined) => {
    if (!head) return undefined;
    const prefix = /^(?:other|whole)-/.exec(head)?.[0] ?? "";
    const bare = head.slice(prefix.length);
    return prefix + (lexicon.measureGroup.get(bare) ?? bare);
  };
  // ("51st signatory" and "the 50th nation to sign" rank in one kind.)
  const rank = (word: string | undefined) => (word ? lexicon.measureGroup.get(stem(word)) ?? stem(word) : "");
  const of = (c: Pick<Claim, "value" | "predicates" | "head">): string[] => {
    if (c.value.type === "date") return c.predicates.map((p) => `date:${p}`);
    const q = c.value;
    if (q.unit === "count" || q.unit === "ordinal") {
      const g = group(c.head);
      return g ? [`${q.unit}:${g}:${rank(q.rankOf)}`] : [];
    }
    return [q.unit === "money" ? `money:${q.currency}` : q.unit];
  };
  const classes = [...lexicon.recurring.keys()];
  const datesWanted = new Map<string, string[]>();
  return {
    of,
    wanted: (c) => {
      if (c.value.type !== "date") {
        // A bare count may meet the whole of a source's part ("Thirty of the 57 members").
        const q = c.value;
        const g = group(c.head);
        if ((q.unit === "count" || q.unit === "ordinal") && g && !c.share && !/^(?:other|whole)-/.test(g)) return [...of(c), `${q.unit}:whole-${g}:${rank(q.rankOf)}`];
        return of(c);
      }
      // (What a date claim wants depends only on its event classes and whether it is a first
      // signing: made once per such pair, every list shared and never changed.)
      const founding = c.eventOrder === "first";
      const key = `${founding ? "first" : ""}|${c.predicates.join("|")}`;
      let facets = datesWanted.get(key);
      if (!facets) {
        const wanted = new Set<string>();
        // (A claim's own class always, "period" among them, which is no class of the lexicon's.)
        for (const p of c.predicates) wanted.add(`date:${p}`);
        for (const p of c.predicates) for (const q of classes) if (lexicon.samePredicate(p, q) || foundingEvent(c, p, q)) wanted.add(`date:${q}`);
        if (datesWanted.size > 1000) datesWanted.clear();
        datesWanted.set(key, (facets = [...wanted]));
      }
      return facets;
    },
  };
}

/**
 * A large corpus holds hundreds of thousands of claims: share identical lists and words between
 * them, and keep the sentence as a slice of the document (no copy of the prose block).
 */
const interned = new Map<string, string[]>();

const words = new Map<string, string>();

function intern(list: string[]): string[] {
  if (list.length === 0) return NO_TERMS;
  const key = list.join("\u0001");
  let shared = interned.get(key);
  if (!shared) {
    if (interned.size > 500_000) interned.clear();
    if (words.size > 500_000) words.clear();
    // The words themselves are shared too: each stem was cut from its own sentence.
    shared = list.map((w) => {
      if (typeof w !== "string") return w;
      let canonical = words.get(w);
      if (canonical === undefined) words.set(w, (canonical = w));
      return canonical;
    });
    interned.set(key, shared);
  }
  return shared;
}

const internedNumbers = new Map<string, number[]>();

/** Empties the tables of shared lists, words, values and texts, once a corpus is indexed (their keys would stay held). */
function releaseInternTables(): void {
  for (const table of [interned, words, internedNumbers, internedValues, texts]) table.clear();
  lastWordLists.clear();
  lastNumberLists.clear();
}

// The claims of one sentence mostly share their lists (see orShared in claims.ts), and reach
// compactClaim one after another: the list a field had in the claim before is looked up once.
// (Finished claims' lists are never changed, so the same list stands for the same words.)
class LastInterned<T> {
  private readonly lists: (T[] | undefined)[] = [];
  private readonly shared: T[][] = [];

  constructor(private readonly share: (list: T[]) => T[]) {}

  /** The shared list for `list`, the value of the field numbered `field`. */
  intern(field: number, list: T[]): T[] {
    if (this.lists[field] === list) return this.shared[field];
    const shared = this.share(list);
    this.lists[field] = list;
    this.shared[field] = shared;
    return shared;
  }

  clear(): void {
    this.lists.length = 0;
    this.shared.length = 0;
  }
}

/** The list fields compactClaim shares, words and numbers (optional ones only when present). */
const WORD_LIST_FIELDS = ["entities", "names", "contextNames", "measure", "terms", "subjectTerms", "carriedNames", "otherNames", "eventNames", "nearNames", "inheritedEntities", "previousEntities", "clauseEntities", "predicates"] as const satisfies readonly (keyof Claim)[];
const NUMBER_LIST_FIELDS = ["years", "contextYears", "ordinals"] as const satisfies readonly (keyof Claim)[];
const lastWordLists = new LastInterned<string>(intern);
const lastNumberLists = new LastInterned<number>(internNumbers);

/** Lists of numbers (years, ordinals) shared like lists of words, in a table of their own. */
function internNumbers(list: number[]): number[] {
  if (list.length === 0) return NO_NUMBERS;
  const key = list.join(",");
  let shared = internedNumbers.get(key);
  if (!shared) {
    if (internedNumbers.size > 500_000) internedNumbers.clear();
    internedNumbers.set(key, (shared = list));
  }
  return shared;
}

/** A claim's value shared with the claims whose value is the same ("May 2021", "$5 billion"), by its JSON. */
const internedValues = new Map<string, Claim["value"]>();

function internValue(value: Claim["value"]): Claim["value"] {
  if (!writtenExactly(value)) return value;
  const key = JSON.stringify(value);
  let shared = internedValues.get(key);
  if (!shared) {
    if (internedValues.size > 500_000) internedValues.clear();
    internedValues.set(key, (shared = value));
  }
  return shared;
}

/** Does JSON write every number of a value as itself? Not NaN or an infinity (written null), nor -0 (written 0). */
function writtenExactly(value: object): boolean {
  for (const v of Object.values(value)) {
    if (typeof v === "number" ? !Number.isFinite(v) || Object.is(v, -0) : typeof v === "object" && v !== null && !writtenExactly(v)) return false;
  }
  return true;
}

/** `sentence`: the sentence of the claim before, when it is this claim's too (one slice for the claims of a sentence). */
function compactClaim(claim: Claim, sourceText: string, sentence?: string): Claim {
  claim.value = internValue(claim.value);
  const lists = claim as unknown as Record<string, string[] | number[] | undefined>;
  WORD_LIST_FIELDS.forEach((field, i) => {
    const list = lists[field] as string[] | undefined;
    if (list) lists[field] = lastWordLists.intern(i, list);
  });
  NUMBER_LIST_FIELDS.forEach((field, i) => {
    const list = lists[field] as number[] | undefined;
    if (list) lists[field] = lastNumberLists.intern(i, list);
  });
  if (claim.sentenceEnd > claim.sentenceStart && sourceText.length >= claim.sentenceEnd && claim.sentence.length === claim.sentenceEnd - claim.sentenceStart) {
    claim.sentence = sentence?.length === claim.sentenceEnd - claim.sentenceStart ? sentence : sourceText.slice(claim.sentenceStart, claim.sentenceEnd);
  }
  // Texts cut from the prose block would keep the whole block alive: a copy of their own.
  claim.valueText = sharedText(claim.valueText);
  if (claim.measureText !== undefined) claim.measureText = sharedText(claim.measureText);
  return claim;
}

const texts = new Map<string, string>();

/**
 * One copy of a short text many claims or definitions repeat ("pillars", "May 2019", an
 * agreement's name), holding its own characters.
 */
function sharedText(s: string): string {
  let shared = texts.get(s);
  if (shared === undefined) {
    if (texts.size > 500_000) texts.clear();
    texts.set((shared = ownCopy(s)), shared);
  }
  return shared;
}

/** A string that holds its own characters, not a slice of a longer one. */
function ownCopy(s: string): string {
  return s.length < 13 ? s : (JSON.parse(JSON.stringify(s)) as string);
}

function shiftClaim(claim: Claim, by: number): Claim {
  return { ...claim, start: claim.start + by, end: claim.end + by, sentenceStart: claim.sentenceStart + by, sentenceEnd: claim.sentenceEnd + by };
}

/** Capitalised words used mid-sentence are names; drafts may open a sentence with one ("Trafigura holds ..."). */
function collectProperNouns(text: string, registry: EntityRegistry): void {
  const re = /(?<=[\p{Ll},;] )(\p{Lu}[\p{Ll}]+(?:-\p{Lu}?[\p{Ll}]+)?)(?=[\s,.;:'’)]|$)/gu;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    if (!STOP_WORDS.has(m[1].toLowerCase()) && !isMonthWord(m[1])) registry.addProperNoun(m[1]);
  }
}

/** The place of a story's dateline ("SANTIAGO —", "BEIJING (China) —"), from its first lines. */
function datelineOf(text: string): string {
  const m = /^\s*([A-Z][A-Z .'’-]{2,40}?)(?:,[^\n—–]{1,40})?(?:\s*\([^)\n]{1,40}\))?\s+[—–]\s/m.exec(text.slice(0, 3000));
  return m ? m[1].trim() : "";
}

/** A title's capitalised words and acronyms, lower case ("COP15", "Lobito"), without stop words. */
function namesOfTitle(title: string): string[] {
  const words = title.match(/\p{Lu}[\p{L}\p{N}-]*/gu) ?? [];
  return intern([...new Set(words.map((w) => w.toLowerCase()).filter((w) => w.length >= 3 && !STOP_WORDS.has(w) && !isMonthWord(w)))]);
}

function frontMatterTitle(prose: ProseDocument): string | undefined {
  const title = prose.frontMatter?.data?.title;
  return typeof title === "string" ? title : undefined;
}

/**
 * Text of the same block before a sentence, for context name look-ups: back to the previous
 * line in plain-text sources (every line is a block), to the previous blank line in Markdown.
 */
function sameBlockBefore(text: string, from: number, to: number, markdown: boolean): string {
  // Searched in the window only: on a line of megabytes, a search back from `to` would scan to the
  // start of the text for every claim.
  const window = text.slice(from, to);
  const cut = markdown ? window.lastIndexOf("\n\n") : window.lastIndexOf("\n");
  return cut < 0 ? window : window.slice(cut + (markdown ? 2 : 1));
}

/** Lines silenced by inline comments: returns a predicate (line, code) -> silenced. */
function disabledLines(directives: Directive[], lineCount: number): (line: number, code: string) => boolean {
  if (directives.length === 0) return () => false;
  const byLine = new Map<number, string[][]>();
  const add = (line: number, codes: string[]) => {
    let l = byLine.get(line);
    if (!l) byLine.set(line, (l = []));
    l.push(codes);
  };
  let open: { line: number; codes: string[] } | undefined;
  const sorted = [...directives].sort((a, b) => a.line - b.line);
  for (const d of sorted) {
    if (d.kind === "disable-line") add(d.line, d.codes);
    else if (d.kind === "disable-next-line") add(d.line + 1, d.codes);
    else if (d.kind === "disable") open = open ?? { line: d.line, codes: d.codes };
    else if (d.kind === "enable" && open) {
      for (let l = open.line; l <= d.line; l++) add(l, open.codes);
      open = undefined;
    }
  }
  if (open) for (let l = open.line; l < lineCount; l++) add(l, open.codes);
  return (line, code) => (byLine.get(line) ?? []).some((codes) => codes.length === 0 || codes.includes(code));
}

/** A stretch of the source around the value, at most ~200 characters, cut at word boundaries. */
export function shortQuote(sentence: string, valueText: string, max = 200): string {
  const s = sentence.replace(/\s+/g, " ").trim();
  if (s.length <= max) return s;
  const at = Math.max(0, s.indexOf(valueText));
  const half = Math.floor((max - valueText.length) / 2);
  let start = Math.max(0, at - half);
  let end = Math.min(s.length, at + valueText.length + half);
  if (start > 0) start = s.indexOf(" ", start) + 1;
  if (end < s.length) end = s.lastIndexOf(" ", end);
  return `${start > 0 ? "…" : ""}${s.slice(start, end)}${end < s.length ? "…" : ""}`;
}
