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

/** What a claim's value is, so that a date meets only dates and dollars only dollars. */
function kindKey(c: Claim): string {
  if (c.value.type === "date") return "date";
  return c.value.unit === "money" ? `money:${c.value.currency}` : c.value.unit;
}

export class FactIndex {
  private readonly byAnchor = new Map<string, IndexedClaim[]>();
  private readonly all: IndexedClaim[] = [];

  get size(): number {
    return this.all.length;
  }

  claims(): readonly IndexedClaim[] {
    return this.all;
  }

  add(claim: IndexedClaim): void {
    this.all.push(claim);
    const anchors = new Set<string>();
    for (const e of claim.entities) anchors.add(`@${e}`);
    for (const n of claim.names) anchors.add(`#${n}`);
    for (const n of claim.contextNames) anchors.add(`@${n}`).add(`#${n}`);
    // Other names are anchored by each of their words, so "Elmau" finds "Schloss Elmau".
    for (const n of claim.otherNames) for (const w of n.split(/\s+/)) if (w.length >= 3) anchors.add(`~${w}`);
    // "The RAND report says ..." names the source itself.
    for (const w of claim.sourceLower.split(/[^\p{L}\p{N}]+/u)) if (w.length >= 3 && /\p{L}/u.test(w)) anchors.add(`~${w}`);
    const kind = kindKey(claim);
    for (const anchor of anchors) {
      this.anchors.add(anchor);
      const a = `${kind}|${anchor}`;
      let list = this.byAnchor.get(a);
      if (!list) this.byAnchor.set(a, (list = []));
      list.push(claim);
    }
  }

  /** Is any claim of the corpus about this anchor ("@ipef", "#japan", "~trump")? */
  knows(anchor: string): boolean {
    return this.anchors.has(anchor);
  }

  private readonly anchors = new Set<string>();

  /** Corpus claims that share the draft claim's rarest anchor (entity, place or name). */
  candidates(claim: Claim): IndexedClaim[] {
    const anchors = [
      ...claim.entities.map((e) => `@${e}`),
      ...claim.names.map((n) => `#${n}`),
      ...claim.nearNames.map((n) => `~${n.split(/\s+/).pop()}`),
    ];
    let best: IndexedClaim[] | undefined;
    const kind = kindKey(claim);
    for (const anchor of anchors) {
      const a = `${kind}|${anchor}`;
      const list = this.byAnchor.get(a);
      if (!list) {
        // Entities and places must be known to the corpus; a person may be named only nearby.
        if (anchor.startsWith("~")) continue;
        return [];
      }
      if (!best || list.length < best.length) best = list;
    }
    return best ?? [];
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
