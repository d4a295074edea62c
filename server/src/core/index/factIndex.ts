// The corpus' claims, indexed by what they are about (entities, places, people), so a draft claim
// meets only the few corpus claims that could speak to it.
import type { AnchorProbe, Claim, QuantityValue, Range } from "../types";
import { BoundedCache } from "../util/boundedCache";
import { compositeKey } from "../util/compositeKey";
import type { LineIndex } from "../util/lineIndex";
import { IdLists } from "./idLists";

export interface IndexedClaim extends Claim {
  /** Corpus document id, or "catalog:<entity>" for a built-in fact. */
  documentId: string;
  /**
   * Range of the sentence in the corpus document (for quotes and links): read it with
   * sentenceRangeOf, which finds it in `sourceLines` when first asked for.
   */
  sentenceRange?: Range;
  /** The lines of the claim's document. */
  sourceLines?: LineIndex;
  /**
   * Lower-cased sentence and preceding context, for name look-ups: read them with sentenceLowerOf
   * and contextLowerOf, which lower-case them from `sourceText` when first read.
   */
  sentenceLower?: string;
  contextLower?: string;
  /** Where `contextLower` starts in the document. */
  contextStart?: number;
  /**
   * The document's text, when its lower case keeps every offset (see lowerKeepsOffsets): the
   * lower-cased texts are then made from it on demand, and no lower-cased copy of the corpus is held.
   */
  sourceText?: string;
  /** The year the source was published, the time of its figures that give no year. */
  publishedYear?: number;
  /** Lower-cased title of the source: names in it are context for every sentence. */
  titleLower?: string;
  /** Capitalised words and acronyms of the title (lower case), anchors for drafts that name them. */
  titleNames?: string[];
  /** Lower-cased publisher of the source: "the RAND report says" names the source itself. */
  sourceLower: string;
}

/**
 * Does lower-casing this text letter by letter give its lower case, offset for offset? Not where
 * a letter lower-cases to two ("İ"), by its context (a final "Σ"), or in two halves (a letter
 * outside the BMP, which a slice may cut).
 */
export function lowerKeepsOffsets(text: string): boolean {
  return !/[\u0130\u03a3\ud800-\udfff]/.test(text);
}

/** The range of the source's sentence in its document. */
export function sentenceRangeOf(c: IndexedClaim): Range {
  return (c.sentenceRange ??= c.sourceLines?.rangeOf(c.sentenceStart, c.sentenceEnd) ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } });
}

/** The source's sentence, lower-cased (its document's text between the sentence's offsets). */
export function sentenceLowerOf(c: IndexedClaim): string {
  return (c.sentenceLower ??= lowerOf(c, c.sentenceStart, c.sentenceEnd));
}

/** The text of the sentence's block before it, lower-cased. */
export function contextLowerOf(c: IndexedClaim): string {
  return (c.contextLower ??= lowerOf(c, c.contextStart ?? c.sentenceStart, c.sentenceStart));
}

function lowerOf(c: IndexedClaim, from: number, to: number): string {
  return c.sourceText === undefined ? "" : c.sourceText.slice(from, to).toLowerCase();
}

/** Every field of a claim, optional ones included. */
type EveryField<T> = { [K in keyof Required<T>]: T[K] | undefined };

/** Where an index claim's sentence stands: what a source's claims of one sentence share. */
export type SourcePlace = Pick<IndexedClaim, "documentId" | "sourceLines" | "sentenceLower" | "contextLower" | "contextStart" | "sourceText" | "sourceLower" | "titleLower" | "titleNames" | "publishedYear">;

/**
 * A claim as one object literal naming every field, so that all of the index's claims share one
 * shape (the verifier's reads of them stay fast, and no field is stored outside the object). The
 * type names every declared field; a test holds extraction to giving no other (copying unnamed
 * fields cost a walk of every claim's keys). `place`: where the claim's sentence stands, when the
 * claim does not hold that itself (one freshly extracted).
 */
export function fixedShapeClaim(c: Claim | IndexedClaim, place: SourcePlace = c as IndexedClaim): IndexedClaim {
  const fixed: EveryField<IndexedClaim> = {
    value: c.value,
    documentId: place.documentId,
    sentenceStart: c.sentenceStart,
    sentenceEnd: c.sentenceEnd,
    respective: c.respective,
    eventOrder: c.eventOrder,
    publishedYear: place.publishedYear,
    share: c.share,
    rate: c.rate,
    ownYear: c.ownYear,
    head: c.head,
    periodEnd: c.periodEnd,
    sourceText: place.sourceText,
    entities: c.entities,
    names: c.names,
    measure: c.measure,
    predicates: c.predicates,
    predicate: c.predicate,
    years: c.years,
    contextYears: c.contextYears,
    contextNames: c.contextNames,
    eventNames: c.eventNames,
    terms: c.terms,
    valueText: c.valueText,
    start: c.start,
    end: c.end,
    sentence: c.sentence,
    predicateIsNoun: c.predicateIsNoun,
    otherNames: c.otherNames,
    measureText: c.measureText,
    sameHeadCounts: c.sameHeadCounts,
    ordinals: c.ordinals,
    subjectTerms: c.subjectTerms,
    nearNames: c.nearNames,
    carriedNames: c.carriedNames,
    clauseSubject: c.clauseSubject,
    clauseEntities: c.clauseEntities,
    previousEntities: c.previousEntities,
    inheritedEntities: c.inheritedEntities,
    subjectEvidence: c.subjectEvidence,
    sentenceRange: (c as Partial<IndexedClaim>).sentenceRange,
    sourceLines: place.sourceLines,
    sentenceLower: place.sentenceLower,
    contextLower: place.contextLower,
    contextStart: place.contextStart,
    titleLower: place.titleLower,
    titleNames: place.titleNames,
    sourceLower: place.sourceLower,
  };
  return fixed as IndexedClaim;
}

/** The sentence's terms as a set, shared by the claims of one sentence (they share the array). */
const termSets = new WeakMap<string[], Set<string>>();

export function termSetOf(c: IndexedClaim): Set<string> {
  let set = termSets.get(c.terms);
  if (!set) {
    set = new Set(c.terms);
    termSets.set(c.terms, set);
  }
  return set;
}

/**
 * The facets a claim can be compared on: a date by its event class ("date:sign"), a count by the
 * noun it counts ("count:member"), money by currency, a percentage as such. A draft claim meets
 * only corpus claims of one of its facets, so large corpora stay cheap to query.
 */
export interface Facets {
  of(claim: Pick<Claim, "value" | "predicates" | "head">): string[];
  /** The facets a draft claim may meet (compatible event classes included). */
  wanted(claim: AnchorProbe): string[];
}

/**
 * The index's lists, as the on-disk cache keeps them: one array of ids, cut by offsets; list k is
 * the list of `keys[k]` (an anchor, or a measure word where `measureList[k]` is 1) on the facet
 * `facets[facetOf[k]]`.
 */
export interface FactIndexSnapshot {
  facets: string[];
  facetOf: Int32Array;
  measureList: Uint8Array;
  keys: string[];
  offsets: Int32Array;
  ids: Int32Array;
  anchors: string[];
}

/** Ids of claims, ascending: the index's lists, and the unions and intersections made of them. */
type IdList = number[] | Int32Array;

/**
 * Lists (their numbers in `ids`) by facet, then by anchor or measure word: looked up with the words
 * claims hold, no key string made per claim.
 */
type ListsByFacet = Map<string, Map<string, number>>;

/** The candidates of a claim that can have none: one list, never changed. */
const NO_CLAIMS: readonly IndexedClaim[] = [];

export class FactIndex {
  /** Facet -> anchor -> the list of ids (positions in `all`) of the claims, ascending. */
  private readonly byAnchor: ListsByFacet = new Map();
  /** Facet -> measure word -> the list of ids of the figures with that word, ascending. */
  private readonly byMeasureWord: ListsByFacet = new Map();
  private readonly ids = new IdLists();
  private readonly all: IndexedClaim[] = [];
  /** Anchor strings ("@ipef", "#japan", "~trump") by kind and name, made once for the whole corpus. */
  private readonly anchorNames = new AnchorNames();

  constructor(private readonly facets: Facets) {}

  get size(): number {
    return this.all.length;
  }

  claims(): readonly IndexedClaim[] {
    return this.all;
  }

  add(claim: IndexedClaim): void {
    const id = this.all.length;
    this.all.push(claim);
    // (Only when there is something to clear: clearing a long-lived map allocates a new table in
    // the old generation, which for each of hundreds of thousands of claims is garbage that stays.)
    if (this.unions.size > 0) this.unions.clear();
    if (this.figureCandidates.size > 0) this.figureCandidates.clear();
    const facets = this.facets.of(claim);
    // A figure is listed by the times it refers to as well ("money:USD/y2023"), and by its measure words (see byMeasure).
    const lists = this.claimLists;
    lists.length = 0;
    for (const f of facets) lists.push(listsOf(this.byAnchor, f));
    if (claim.value.type === "quantity") for (const f of timedFacets(facets, sourceTimes(claim))) lists.push(listsOf(this.byAnchor, f));
    const names = this.anchorNames;
    for (const e of claim.entities) this.put(names.of("@", e), id);
    for (const n of claim.names) this.put(names.of("#", n), id);
    // The other parties of a "respectively" list are named by the sentence too.
    for (const n of claim.respective?.parties ?? []) this.put(names.of("#", n), id);
    for (const n of claim.contextNames) {
      this.put(names.of("@", n), id);
      this.put(names.of("#", n), id);
    }
    // Other names are anchored by each of their words, so "Elmau" finds "Schloss Elmau".
    for (const n of claim.otherNames) for (const w of words(n)) if (w.length >= 3) this.put(names.of("~", w), id);
    // The title's names speak for every sentence ("KEY TAKEAWAYS OF COP15 ...": "the deal" is COP15's).
    for (const n of claim.titleNames ?? []) this.put(names.of("~", n), id);
    // "The RAND report says ..." names the source itself.
    for (const w of publisherWords(claim.sourceLower)) this.put(names.of("~", w), id);
    if (claim.value.type === "quantity") for (const facet of facets) for (const w of claim.measure) this.listed(listsOf(this.byMeasureWord, facet), w, id);
  }

  /** The lists of the claim being added, by facet (reused from claim to claim). */
  private readonly claimLists: Map<string, number>[] = [];

  /** Lists the claim being added under an anchor, on each of its facets. */
  private put(anchor: string, id: number): void {
    this.anchors.add(anchor);
    const lists = this.claimLists;
    for (let i = 0; i < lists.length; i++) this.listed(lists[i], anchor, id);
  }

  /** Adds a claim's id to the list of a key (made when first needed), once. */
  private listed(lists: Map<string, number>, key: string, id: number): void {
    let list = lists.get(key);
    if (list === undefined) lists.set(key, (list = this.ids.create()));
    this.ids.append(list, id);
  }

  /** The list of a facet and key, if any claim is listed there. */
  private listOf(byFacet: ListsByFacet, facet: string, key: string): Int32Array | undefined {
    const list = byFacet.get(facet)?.get(key);
    return list === undefined ? undefined : this.ids.get(list);
  }

  /** Makes the lists of the claims added, once every claim is added (they are made when first read otherwise). */
  compact(): void {
    this.ids.settle();
  }

  /** The lists of the first `count` claims (those the cache keeps), in one compact form. */
  snapshot(count = this.all.length): FactIndexSnapshot {
    const facets: string[] = [];
    const facetOf: number[] = [];
    const measureList: number[] = [];
    const keys: string[] = [];
    const offsets: number[] = [0];
    let total = 0;
    for (const byFacet of [this.byAnchor, this.byMeasureWord]) for (const lists of byFacet.values()) for (const list of lists.values()) total += this.ids.get(list).length;
    const ids = new Int32Array(total);
    let at = 0;
    for (const [measure, byFacet] of [[0, this.byAnchor], [1, this.byMeasureWord]] as const) {
      for (const [facet, lists] of byFacet) {
        const f = facets.push(facet) - 1;
        for (const [key, n] of lists) {
          const list = this.ids.get(n);
          const start = at;
          for (let i = 0; i < list.length && list[i] < count; i++) ids[at++] = list[i];
          if (at === start) continue;
          facetOf.push(f);
          measureList.push(measure);
          keys.push(key);
          offsets.push(at);
        }
      }
    }
    // (Cut to its length only when claims were left out: no copy of the whole otherwise.)
    return {
      facets,
      facetOf: Int32Array.from(facetOf),
      measureList: Uint8Array.from(measureList),
      keys,
      offsets: Int32Array.from(offsets),
      ids: at === total ? ids : ids.slice(0, at),
      anchors: [...this.anchors],
    };
  }

  /** Adds claims whose lists a snapshot holds (for an empty index): nothing is indexed again. */
  restore(claims: readonly IndexedClaim[], snap: FactIndexSnapshot): void {
    for (const c of claims) this.all.push(c);
    for (let k = 0; k < snap.keys.length; k++) {
      const byFacet = snap.measureList[k] ? this.byMeasureWord : this.byAnchor;
      listsOf(byFacet, snap.facets[snap.facetOf[k]]).set(snap.keys[k], this.ids.create(snap.ids.subarray(snap.offsets[k], snap.offsets[k + 1])));
    }
    for (const a of snap.anchors) {
      this.anchors.add(a);
      this.anchorNames.learn(a);
    }
  }

  /** Is any claim of the corpus about this anchor ("@ipef", "#japan", "~trump")? */
  knows(anchor: string): boolean {
    return this.anchors.has(anchor);
  }

  private readonly anchors = new Set<string>();
  /** Unions of facet lists by facets and anchor; cleared whenever a claim is added. */
  private readonly unions = new Map<string, IdList>();

  /** Forgets the unions built for drafts' queries (when no draft is open any more). */
  releaseQueryCaches(): void {
    this.unions.clear();
    this.figureCandidates.clear();
  }

  /**
   * Corpus claims that name every entity and place the draft claim names (in their sentence or
   * its context), on one of its facets: the intersection of the anchors' id lists, rarest first;
   * then the cheap scalar tests the verifier would fail them on.
   */
  candidates(claim: Claim): readonly IndexedClaim[] {
    const wanted = this.facets.wanted(claim);
    if (!this.listedAnchors(claim, wanted)) return NO_CLAIMS;
    // A draft's figures of one party, measure and year meet the same sources: their lists are made once.
    const key = claim.value.type === "quantity" ? figureQueryKey(claim) : undefined;
    const known = key === undefined ? undefined : this.figureCandidates.get(key);
    if (known) return known;
    const out = this.candidatesOf(claim, this.facetsOf(claim, true, wanted));
    if (key !== undefined) {
      if (this.figureCandidates.size >= 5000) this.figureCandidates.clear();
      this.figureCandidates.set(key, out);
    }
    return out;
  }

  /**
   * False when the claim can have no candidate: an entity or name it requires has no list on the
   * claim's facets, or it requires none and no word of its near or carried names has one (what
   * anchoredIds finds first). Most draft claims end here, before any list is merged or memo key made.
   */
  mayHaveCandidates(claim: AnchorProbe): boolean {
    return this.knowsAnchorsOf(claim) && this.listedAnchors(claim, this.facets.wanted(claim));
  }

  /** Is every entity and name the claim requires on some claim of the index? (mayHaveCandidates without the facets: cheaper, and less often false.) */
  knowsAnchorsOf(claim: Pick<Claim, "entities" | "names">): boolean {
    for (const e of claim.entities) if (this.anchorNames.find("@", e) === undefined) return false;
    for (const n of claim.names) if (this.anchorNames.find("#", n) === undefined) return false;
    return true;
  }

  /**
   * Has every anchor the claim requires a list on the facets (or, requiring none, one of its near
   * or carried names)? Asked of the facets without times: a figure listed by a time is listed
   * without it too (see add), so a list missing there is missing on every time.
   */
  private listedAnchors(claim: AnchorProbe, facets: readonly string[]): boolean {
    if (claim.entities.length + claim.names.length > 0) {
      for (const e of claim.entities) if (!this.listedOn(facets, this.anchorNames.find("@", e))) return false;
      for (const n of claim.names) if (!this.listedOn(facets, this.anchorNames.find("#", n))) return false;
      return true;
    }
    for (const n of claim.nearNames) if (this.listedOn(facets, this.anchorNames.find("~", lastWordOf(n)))) return true;
    for (const n of claim.carriedNames ?? []) if (this.listedOn(facets, this.anchorNames.find("~", lastWordOf(n)))) return true;
    return false;
  }

  /** Has the anchor a list on one of the facets? */
  private listedOn(facets: readonly string[], anchor: string | undefined): boolean {
    if (anchor === undefined) return false;
    for (const f of facets) if (this.byAnchor.get(f)?.has(anchor)) return true;
    return false;
  }

  /** The facets a draft claim's lists are read on; `byTime`: a figure's cut to the times it refers to (the years test of scalarsComparable, made by the lists). */
  private facetsOf(claim: Claim, byTime: boolean, wanted = this.facets.wanted(claim)): readonly string[] {
    const times = byTime && claim.value.type === "quantity" ? draftTimes(claim) : [];
    return times.length > 0 ? timedFacets(wanted, times) : wanted;
  }

  /** The candidates of draft figures, by what the lists and scalar tests read of them; cleared whenever a claim is added. */
  private readonly figureCandidates = new Map<string, readonly IndexedClaim[]>();

  private candidatesOf(claim: Claim, facets = this.facetsOf(claim, true)): IndexedClaim[] {
    const out: IndexedClaim[] = [];
    for (const id of this.byMeasure(claim, this.anchoredIds(claim, facets))) {
      const c = this.all[id];
      if (scalarsComparable(claim, c)) out.push(c);
    }
    return out;
  }

  /** Every claim on the draft claim's anchors and facets, before the scalar tests (for explanations). */
  anchored(claim: Claim): IndexedClaim[] {
    return Array.from(this.anchoredIds(claim, this.facetsOf(claim, false)), (id) => this.all[id]);
  }

  /** The ids on the claim's anchors and `facets` (see facetsOf). */
  private anchoredIds(claim: Claim, facets: readonly string[]): IdList {
    const facetsKey = facets.join(",");
    const listFor = (anchor: string | undefined): IdList | undefined => {
      if (anchor === undefined) return undefined;
      const lists = facets.map((f) => this.listOf(this.byAnchor, f, anchor)).filter((l): l is Int32Array => !!l);
      if (lists.length <= 1) return lists[0];
      // Several facets (compatible event classes): their union, kept for the next claim like it.
      const key = `${facetsKey}|${anchor}`;
      let union = this.unions.get(key);
      if (!union) {
        if (this.unions.size > 10_000) this.unions.clear();
        this.unions.set(key, (union = unionSorted(lists)));
      }
      return union;
    };
    const required = [...claim.entities.map((e) => this.anchorNames.find("@", e)), ...claim.names.map((n) => this.anchorNames.find("#", n))];
    const lists: IdList[] = [];
    for (const anchor of required) {
      const list = listFor(anchor);
      if (!list) return [];
      lists.push(list);
    }
    if (lists.length === 0) {
      // Only people or institutions named: any of their words, the rarest.
      for (const n of [...claim.nearNames, ...(claim.carriedNames ?? [])]) {
        const list = listFor(this.anchorNames.find("~", lastWordOf(n)));
        if (list && (lists.length === 0 || list.length < lists[0].length)) lists[0] = list;
      }
      if (lists.length === 0) return [];
    }
    lists.sort((x, y) => x.length - y.length);
    let ids = lists[0];
    for (let i = 1; i < lists.length && ids.length > 0; i++) ids = intersectSorted(ids, lists[i]);
    return ids;
  }
  /**
   * For a draft figure that is not a count, the anchored ids in the lists of its measure words:
   * the measure test of scalarsComparable, made by the lists (each walked from the anchored ids,
   * which are few, so no union of long lists is built).
   */
  private byMeasure(claim: Claim, ids: IdList): IdList {
    if (claim.value.type !== "quantity" || claim.value.unit === "count" || claim.value.unit === "ordinal" || ids.length === 0) return ids;
    const parts: IdList[] = [];
    for (const f of this.facets.wanted(claim)) {
      for (const w of new Set(claim.measure)) {
        const list = this.listOf(this.byMeasureWord, f, w);
        if (list) parts.push(intersectSorted(ids, list));
      }
    }
    return unionSorted(parts);
  }

  /** Claims whose sentence speaks of an entity (for fact cards). */
  aboutEntity(entityId: string): IndexedClaim[] {
    let list = this.aboutCache.get(entityId);
    if (!list) {
      list = this.all.filter((c) => c.entities.includes(entityId));
      this.aboutCache.set(entityId, list);
    }
    return list;
  }

  private readonly aboutCache = new Map<string, IndexedClaim[]>();
}

/**
 * Every field of a draft figure that its candidates depend on: its facets (Facets.wanted: unit,
 * currency, counted noun, part or whole, rank), its anchors (entities, names, near and carried
 * names), its times and measure words (the lists by time and measure), and what scalarsComparable
 * reads. Keep it in step with them (a test checks memoised candidates against fresh ones).
 */
const NO_TEXT: readonly string[] = [];

function figureQueryKey(d: Claim): string {
  const q = d.value as QuantityValue;
  return compositeKey([q.unit, q.currency ?? "", q.role ?? "", q.rankOf ?? "", d.head ?? "", d.share ?? "", d.eventOrder ?? "", d.entities, d.names, d.nearNames, d.carriedNames ?? NO_TEXT, d.measure, d.years]);
}

/**
 * The verifier's rules (verify/rules.ts) that read single fields, made here first: kind,
 * modifier, order (dates and figures), change-role, no-measure and measure (no measure word by the
 * source's figure), years. Keep them in step with those rules (a test checks they never drop a
 * claim the verifier compares). They leave out most of a large corpus' claims on one entity.
 */
export function scalarsComparable(d: Claim, c: IndexedClaim): boolean {
  if (d.value.type !== c.value.type) return false;
  if (d.value.type === "date") {
    const cv = c.value as typeof d.value;
    if ((d.value.modifier ?? "") !== (cv.modifier ?? "")) return false;
    return !(d.eventOrder && c.eventOrder && d.eventOrder !== c.eventOrder);
  }
  const cq = c.value as typeof d.value;
  if ((d.eventOrder ?? "") !== (c.eventOrder ?? "")) return false;
  if (d.value.role && cq.role && d.value.role !== cq.role) return false;
  // A figure that is not a count needs a measure word, one of them right by the source's figure.
  const counted = d.value.unit === "count" || d.value.unit === "ordinal";
  if (!counted && !d.measure.some((t) => c.measure.includes(t))) return false;
  // The time a figure refers to: the source's years (or, giving none, its publication year for a
  // draft figure of one year) must include one of the draft's.
  if (d.years.length > 0) {
    if (c.years.length + c.contextYears.length === 0) return c.publishedYear === undefined || d.years.length !== 1 || d.years[0] === c.publishedYear;
    return d.years.some((y) => c.years.includes(y) || c.contextYears.includes(y));
  }
  return true;
}

/** The lists of one facet, made when first asked for. */
function listsOf(byFacet: ListsByFacet, facet: string): Map<string, number> {
  let lists = byFacet.get(facet);
  if (!lists) byFacet.set(facet, (lists = new Map()));
  return lists;
}

/**
 * Anchor strings by kind ("@" entity, "#" name or place, "~" word of another name) and name: one
 * string per anchor for the whole corpus, where making one per claim would allocate several
 * strings for each of hundreds of thousands of claims.
 */
type AnchorKind = "@" | "#" | "~";

export class AnchorNames {
  private readonly byKind = new Map<string, Map<string, string>>();

  of(kind: AnchorKind, name: string): string {
    let names = this.byKind.get(kind);
    if (!names) this.byKind.set(kind, (names = new Map()));
    let anchor = names.get(name);
    if (anchor === undefined) names.set(name, (anchor = `${kind}${name}`));
    return anchor;
  }

  /** The anchor of a name some claim was indexed under; undefined for any other (a draft's name no source gives). */
  find(kind: AnchorKind, name: string): string | undefined {
    return this.byKind.get(kind)?.get(name);
  }

  /** Takes an anchor read back from the cache ("@ipef"): its kind is its first character. */
  learn(anchor: string): void {
    const names = this.byKind.get(anchor[0]) ?? new Map<string, string>();
    this.byKind.set(anchor[0], names);
    names.set(anchor.slice(1), anchor);
  }
}

/** What `name.split(/\s+/).pop()` gives, without the array: the text after the last white space. */
export function lastWordOf(name: string): string {
  let i = name.length;
  while (i > 0 && !WHITE_SPACE.test(name[i - 1])) i--;
  return i === 0 ? name : name.slice(i);
}

const WHITE_SPACE = /\s/;

/** Facets cut by times ("money:USD" and "y2023": "money:USD/y2023"), each string made once. */
const timedFacetNames = new Map<string, Map<string, string>>();

function timedFacets(facets: readonly string[], times: readonly string[]): string[] {
  const out: string[] = [];
  for (const f of facets) {
    let byTime = timedFacetNames.get(f);
    if (!byTime) {
      if (timedFacetNames.size > 10_000) timedFacetNames.clear();
      timedFacetNames.set(f, (byTime = new Map()));
    }
    for (const t of times) {
      let name = byTime.get(t);
      if (name === undefined) byTime.set(t, (name = `${f}/${t}`));
      out.push(name);
    }
  }
  return out;
}

/** The words of a name (split on white space), kept for the names that recur claim after claim. */
const nameWords = new BoundedCache<string, string[]>(100_000);

function words(name: string): string[] {
  return nameWords.get(name) ?? nameWords.keep(name, name.split(/\s+/));
}

/** The words of a publisher's name an anchor is made of (of three letters or more, with a letter), per publisher. */
const publisherWordLists = new BoundedCache<string, string[]>(10_000);

function publisherWords(sourceLower: string): string[] {
  return (
    publisherWordLists.get(sourceLower) ??
    publisherWordLists.keep(sourceLower, [...new Set(sourceLower.split(/[^\p{L}\p{N}]+/u).filter((w) => w.length >= 3 && /\p{L}/u.test(w)))])
  );
}

/**
 * The times a corpus figure is listed under: each year its sentence or context gives ("y2023"),
 * or, giving none, "n*" and its publication year ("n2021", "n-" when unknown). Keep in step with
 * the years test of scalarsComparable: draftTimes must name a list of every claim it keeps.
 */
function sourceTimes(c: IndexedClaim): string[] {
  const years = new Set([...c.years, ...c.contextYears]);
  if (years.size > 0) return [...years].map(yearTime);
  return ["n*", c.publishedYear === undefined ? "n-" : undatedTime(c.publishedYear)];
}

/** "y2023" and "n2023", each made once per year. */
const yearTimes = new BoundedCache<number, string>(10_000);
const undatedTimes = new BoundedCache<number, string>(10_000);

function yearTime(year: number): string {
  return yearTimes.get(year) ?? yearTimes.keep(year, `y${year}`);
}

function undatedTime(year: number): string {
  return undatedTimes.get(year) ?? undatedTimes.keep(year, `n${year}`);
}

/**
 * The time lists a draft figure's sources may be in: its years, and the sources that give none
 * (for a figure of one year, those published that year or at an unknown time). None for a figure
 * without years: any source's time may be its time.
 */
function draftTimes(d: Claim): string[] {
  if (d.years.length === 0) return [];
  const years = [...new Set(d.years)].map((y) => `y${y}`);
  return d.years.length === 1 ? [...years, `n${d.years[0]}`, "n-"] : [...years, "n*"];
}

/** The ids of several ascending lists, ascending, once each (merged two by two). */
function unionSorted(lists: IdList[]): IdList {
  if (lists.length === 0) return [];
  if (lists.length === 1) return mergeSorted(lists[0], []);
  let out = lists[0];
  for (let k = 1; k < lists.length; k++) out = mergeSorted(out, lists[k]);
  return out;
}

/** Two ascending lists as one, each id once. */
function mergeSorted(a: IdList, b: IdList): number[] {
  const out: number[] = [];
  const put = (id: number) => {
    if (out.length === 0 || out[out.length - 1] !== id) out.push(id);
  };
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) put(a[i] <= b[j] ? a[i++] : b[j++]);
  while (i < a.length) put(a[i++]);
  while (j < b.length) put(b[j++]);
  return out;
}

/** Ids in both ascending lists: walks the shorter, galloping through the longer (a rare anchor meets a common one cheaply). */
function intersectSorted(a: IdList, b: IdList): number[] {
  if (a.length > b.length) [a, b] = [b, a];
  const out: number[] = [];
  let j = 0;
  for (let i = 0; i < a.length && j < b.length; i++) {
    const x = a[i];
    if (b[j] < x) {
      // Gallop: double the step until past x, then search back.
      let step = 1;
      let hi = j + 1;
      while (hi < b.length && b[hi] < x) {
        j = hi;
        step *= 2;
        hi = j + step;
      }
      hi = Math.min(hi, b.length);
      while (j < hi) {
        const mid = (j + hi) >> 1;
        if (b[mid] < x) j = mid + 1;
        else hi = mid;
      }
    }
    if (j < b.length && b[j] === x) out.push(x);
  }
  return out;
}
