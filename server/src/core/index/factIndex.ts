// The corpus' claims, indexed by what they are about (entities, places, people), so a draft claim
// meets only the few corpus claims that could speak to it.
import type { Claim, Range } from "../types";

export interface IndexedClaim extends Claim {
  /** Corpus document id, or "catalog:<entity>" for a built-in fact. */
  documentId: string;
  /** Range of the sentence in the corpus document (for quotes and links). */
  sentenceRange: Range;
  /** Lower-cased sentence and preceding context, for name look-ups. */
  sentenceLower: string;
  contextLower: string;
  /** Where `contextLower` starts in the document (kept by the index cache, which drops the text). */
  contextStart?: number;
  /** The year the source was published, the time of its figures that give no year. */
  publishedYear?: number;
  /** Lower-cased title of the source: names in it are context for every sentence. */
  titleLower?: string;
  /** Capitalised words and acronyms of the title (lower case), anchors for drafts that name them. */
  titleNames?: string[];
  /** Lower-cased publisher of the source: "the RAND report says" names the source itself. */
  sourceLower: string;
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
  of(claim: Claim): string[];
  /** The facets a draft claim may meet (compatible event classes included). */
  wanted(claim: Claim): string[];
}

export class FactIndex {
  /** Facet|anchor -> ids (positions in `all`) of the claims, ascending. */
  private readonly byAnchor = new Map<string, number[]>();
  private readonly all: IndexedClaim[] = [];

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
    const anchors = new Set<string>();
    for (const e of claim.entities) anchors.add(`@${e}`);
    for (const n of claim.names) anchors.add(`#${n}`);
    // The other parties of a "respectively" list are named by the sentence too.
    for (const n of claim.respective?.parties ?? []) anchors.add(`#${n}`);
    for (const n of claim.contextNames) anchors.add(`@${n}`).add(`#${n}`);
    // Other names are anchored by each of their words, so "Elmau" finds "Schloss Elmau".
    for (const n of claim.otherNames) for (const w of n.split(/\s+/)) if (w.length >= 3) anchors.add(`~${w}`);
    // The title's names speak for every sentence ("KEY TAKEAWAYS OF COP15 ...": "the deal" is COP15's).
    for (const n of claim.titleNames ?? []) anchors.add(`~${n}`);
    // "The RAND report says ..." names the source itself.
    for (const w of claim.sourceLower.split(/[^\p{L}\p{N}]+/u)) if (w.length >= 3 && /\p{L}/u.test(w)) anchors.add(`~${w}`);
    const facets = this.facets.of(claim);
    for (const anchor of anchors) {
      this.anchors.add(anchor);
      for (const facet of facets) {
        const a = `${facet}|${anchor}`;
        let list = this.byAnchor.get(a);
        if (!list) this.byAnchor.set(a, (list = []));
        list.push(id);
      }
    }
  }

  /** Is any claim of the corpus about this anchor ("@ipef", "#japan", "~trump")? */
  knows(anchor: string): boolean {
    return this.anchors.has(anchor);
  }

  private readonly anchors = new Set<string>();

  /**
   * Corpus claims that name every entity and place the draft claim names (in their sentence or
   * its context), on one of its facets: the intersection of the anchors' id lists, rarest first.
   */
  candidates(claim: Claim): IndexedClaim[] {
    const facets = this.facets.wanted(claim);
    const listFor = (anchor: string): number[] | undefined => {
      const lists = facets.map((f) => this.byAnchor.get(`${f}|${anchor}`)).filter((l): l is number[] => !!l);
      if (lists.length <= 1) return lists[0];
      return [...new Set(lists.flat())].sort((x, y) => x - y);
    };
    const required = [...claim.entities.map((e) => `@${e}`), ...claim.names.map((n) => `#${n}`)];
    const lists: number[][] = [];
    for (const anchor of required) {
      const list = listFor(anchor);
      if (!list) return [];
      lists.push(list);
    }
    if (lists.length === 0) {
      // Only people or institutions named: any of their words, the rarest.
      for (const n of [...claim.nearNames, ...(claim.carriedNames ?? [])]) {
        const list = listFor(`~${n.split(/\s+/).pop()}`);
        if (list && (lists.length === 0 || list.length < lists[0].length)) lists[0] = list;
      }
      if (lists.length === 0) return [];
    }
    lists.sort((x, y) => x.length - y.length);
    let ids = lists[0];
    for (let i = 1; i < lists.length && ids.length > 0; i++) ids = intersectSorted(ids, lists[i]);
    return ids.map((id) => this.all[id]);
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

function intersectSorted(a: number[], b: number[]): number[] {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      out.push(a[i]);
      i++;
      j++;
    } else if (a[i] < b[j]) i++;
    else j++;
  }
  return out;
}
