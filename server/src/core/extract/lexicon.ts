// Loads the language data in data/: predicate classes, hedges, event-order words and places.
import lexiconData from "../../../../data/lexicon.json";
import placesData from "../../../../data/places.json";
import { PhraseMatcher } from "./phraseMatcher";
import type { HedgeLexicon } from "./quantities";

export interface Lexicon {
  /** Predicate class -> is the event recurring (meetings) or one-time (launch, signing). */
  recurring: Map<string, boolean>;
  predicates: PhraseMatcher<string>;
  /** Single predicate words -> class, for turning words into comparable terms. */
  predicateWord: Map<string, string>;
  hedges: HedgeLexicon;
  firstWords: Set<string>;
  lastWords: Set<string>;
  places: PhraseMatcher<string>;
}

interface LexiconFile {
  predicates: Record<string, { recurring: boolean; words: string[] }>;
  hedges: HedgeLexicon;
  eventOrder: { first: string[]; last: string[] };
}

let cached: Lexicon | undefined;

export function loadLexicon(): Lexicon {
  if (cached) return cached;
  const data = lexiconData as unknown as LexiconFile;
  const predicates = new PhraseMatcher<string>();
  const predicateWord = new Map<string, string>();
  const recurring = new Map<string, boolean>();
  for (const [cls, def] of Object.entries(data.predicates)) {
    recurring.set(cls, def.recurring);
    for (const w of def.words) {
      predicates.add(w, cls);
      if (!w.includes(" ") && !predicateWord.has(w)) predicateWord.set(w, cls);
    }
  }
  const places = new PhraseMatcher<string>();
  for (const [id, names] of Object.entries((placesData as { places: Record<string, string[]> }).places)) {
    for (const n of names) places.add(n, id);
  }
  cached = {
    recurring,
    predicates,
    predicateWord,
    hedges: data.hedges,
    firstWords: new Set(data.eventOrder.first),
    lastWords: new Set(data.eventOrder.last),
    places,
  };
  return cached;
}
