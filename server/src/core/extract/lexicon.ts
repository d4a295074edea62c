// Loads the language data in data/: predicate classes, hedges, event-order words and places.
import lexiconData from "../../../../data/lexicon.json";
import placesData from "../../../../data/places.json";
import { PhraseMatcher } from "./phraseMatcher";
import { stem } from "./words";
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
  /** The ids of the places ("drc", "chile"), to tell a place from an agreement or body by its id. */
  placeIds: Set<string>;
  /** Predicate classes that name a dated event (not a change in a figure such as "grew"). */
  dateEvents: Set<string>;
  /** Stem -> synonym group, for the nouns that counts measure ("members" ~ "countries"). */
  measureGroup: Map<string, string>;
  /** Stem -> the first stem of its group, for content words that say the same ("cut" ~ "slash", "cost" ~ "budget"). */
  termGroup: Map<string, string>;
  /** Stems of nouns that stand for an entity ("the partnership"); they say nothing about what is measured. */
  anaphoricNouns: Set<string>;
  /** Unit words that may head a count even though they are common ("days", "years", "km"). */
  units: Set<string>;
  /** Predicate words that are nouns ("summit", "signing"): a verb near a date names its event first. */
  predicateNouns: Set<string>;
  /** Verbs that only link a subject to its figure ("reached", "stood at"): no measure in them. */
  copulaVerbs: Set<string>;
  /** Do two predicate classes name the same kind of event ("launched" ~ "announced")? */
  samePredicate(a: string | undefined, b: string | undefined): boolean;
}

interface LexiconFile {
  predicates: Record<string, { recurring: boolean; dateEvent?: boolean; words: string[] }>;
  hedges: HedgeLexicon;
  eventOrder: { first: string[]; last: string[] };
  measureSynonyms: string[][];
  termSynonyms?: string[][];
  anaphoricNouns: string[];
  units: string[];
  predicateNouns: string[];
  compatiblePredicates: string[][];
  copulaVerbs: string[];
}

let cached: Lexicon | undefined;

export function loadLexicon(): Lexicon {
  if (cached) return cached;
  const data = lexiconData as unknown as LexiconFile;
  const predicates = new PhraseMatcher<string>();
  const predicateWord = new Map<string, string>();
  const recurring = new Map<string, boolean>();
  const dateEvents = new Set<string>();
  for (const [cls, def] of Object.entries(data.predicates)) {
    recurring.set(cls, def.recurring);
    if (def.dateEvent !== false) dateEvents.add(cls);
    for (const w of def.words) {
      predicates.add(w, cls);
      if (!w.includes(" ") && !predicateWord.has(w)) predicateWord.set(w, cls);
    }
  }
  const places = new PhraseMatcher<string>();
  const placeIds = new Set<string>();
  for (const [id, names] of Object.entries((placesData as { places: Record<string, string[]> }).places)) {
    placeIds.add(id);
    for (const n of names) places.add(n, id);
  }
  const measureGroup = new Map<string, string>();
  for (const group of data.measureSynonyms) for (const w of group) measureGroup.set(stem(w), stem(group[0]));
  const termGroup = new Map<string, string>();
  for (const group of data.termSynonyms ?? []) for (const w of group) termGroup.set(stem(w), stem(group[0]));
  cached = {
    dateEvents,
    measureGroup,
    termGroup,
    anaphoricNouns: new Set(data.anaphoricNouns.map(stem)),
    units: new Set(data.units.map((u) => u.toLowerCase())),
    predicateNouns: new Set(data.predicateNouns),
    copulaVerbs: new Set(data.copulaVerbs),
    samePredicate: (a, b) =>
      !!a && !!b && (a === b || data.compatiblePredicates.some((pair) => pair.includes(a) && pair.includes(b))),
    recurring,
    predicates,
    predicateWord,
    hedges: data.hedges,
    firstWords: new Set(data.eventOrder.first),
    lastWords: new Set(data.eventOrder.last),
    places,
    placeIds,
  };
  return cached;
}
