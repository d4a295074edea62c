// The verification rules: each decides, for one draft claim and one source claim, whether the
// source cannot speak to the same thing. Rules run in order; the first that rejects names the
// verdict's reason (`explain` shows its id). A pair no rule rejects is scored in score.ts.
// Adding a rule: write it here with an id, what it checks and a test in test/unit/rules.test.ts.
import type { Claim, DateValue, QuantityValue } from "../types";
import type { Lexicon } from "../extract/lexicon";
import { PERIOD } from "../extract/claims";
import { sameDimension } from "../extract/quantities";
import { stem } from "../extract/words";
import { contextLowerOf, termSetOf, type IndexedClaim } from "../index/factIndex";
import { isPlace, namedByAcronym, names, namesOther, nearestBefore, overlap, plainTerms, sameHead } from "./match";

/** A draft claim and a source claim, with what several rules derive from them computed once. */
export class ClaimPair {
  constructor(
    readonly d: Claim,
    readonly c: IndexedClaim,
    readonly lexicon: Lexicon,
    readonly isSubject: (entityId: string) => boolean,
  ) {}

  get isDate(): boolean {
    return this.d.value.type === "date";
  }

  get dq(): QuantityValue {
    return this.d.value as QuantityValue;
  }

  get cq(): QuantityValue {
    return this.c.value as QuantityValue;
  }

  get counted(): boolean {
    return !this.isDate && (this.dq.unit === "count" || this.dq.unit === "ordinal");
  }

  private terms?: { has(t: string): boolean };
  /** The source sentence's words and the words by its figure. */
  get cTerms(): { has(t: string): boolean } {
    if (!this.terms) {
      const sentence = termSetOf(this.c);
      const measure = this.c.measure;
      this.terms = { has: (t: string) => sentence.has(t) || measure.includes(t) };
    }
    return this.terms;
  }

  /** The draft's content words by its value, without names and event classes. */
  get dPlain(): string[] {
    return draftPlain(this.d, this.lexicon);
  }

  /** The draft's measure words right by the source's figure. */
  get local(): number {
    return overlap(this.d.measure, { has: (t: string) => this.c.measure.includes(t) });
  }

  /** The share of the draft's measure words in the source sentence. */
  get inSentence(): number {
    return this.d.measure.length ? overlap(this.d.measure, this.cTerms) / this.d.measure.length : 1;
  }

  get plainCovered(): number {
    return this.dPlain.length === 0 ? 1 : overlap(this.dPlain, this.cTerms) / this.dPlain.length;
  }

  /** For dates: does the source sentence (or, when it names nothing, the one before) hold this word? */
  inSourceEvent(t: string): boolean {
    const useContext = this.c.entities.length === 0 && this.c.otherNames.length === 0;
    return this.cTerms.has(t) || (useContext && contextLowerOf(this.c).includes(t));
  }

  /** For dates: the draft's event words the source must mostly repeat ("first" only where it does). */
  get eventWords(): string[] {
    const { d, lexicon } = this;
    const isOrder = (t: string) => (d.eventOrder === "first" && lexicon.firstWords.has(t)) || (d.eventOrder === "last" && lexicon.lastWords.has(t));
    return this.dPlain.filter((t) => !isOrder(t) || this.inSourceEvent(t));
  }

  private covered?: number;
  get eventCovered(): number {
    if (this.covered === undefined) {
      const words = this.eventWords;
      this.covered = words.length === 0 ? 1 : words.filter((t) => this.inSourceEvent(t)).length / words.length;
    }
    return this.covered;
  }
}

/**
 * plainTerms of the draft claim's measure words, kept for the claim last asked about: the
 * verifier asks for one draft claim against each of its candidates in turn.
 */
let lastPlain: { measure: string[]; lexicon: Lexicon; plain: string[] } | undefined;
function draftPlain(d: Claim, lexicon: Lexicon): string[] {
  if (lastPlain?.measure !== d.measure || lastPlain.lexicon !== lexicon) lastPlain = { measure: d.measure, lexicon, plain: plainTerms(d.measure, lexicon) };
  return lastPlain.plain;
}

export interface VerificationRule {
  id: string;
  /** Which draft claims it looks at. */
  appliesTo: "any" | "date" | "figure" | "count";
  /** What it checks, in a line. */
  description: string;
  /** True when the source cannot speak to the draft's claim. */
  rejects(p: ClaimPair): boolean;
  /** The particulars of a rejection, built only when asked for (explain, tests). */
  detail?(p: ClaimPair): string;
}

function applies(rule: VerificationRule, p: ClaimPair): boolean {
  switch (rule.appliesTo) {
    case "any":
      return true;
    case "date":
      return p.isDate;
    case "figure":
      return !p.isDate;
    case "count":
      return p.counted;
  }
}

/** The first rule that rejects the pair, if any. */
export function rejectingRule(p: ClaimPair): VerificationRule | undefined {
  for (const rule of RULES) if (applies(rule, p) && rule.rejects(p)) return rule;
  return undefined;
}

// ---------------------------------------------------------------------------
// Rules for every claim

const kind: VerificationRule = {
  id: "kind",
  appliesTo: "any",
  description: "A date meets dates, a figure figures.",
  rejects: ({ d, c }) => d.value.type !== c.value.type,
};

const draftNamesNothing: VerificationRule = {
  id: "draft-names-nothing",
  appliesTo: "any",
  description: "A draft claim that names no entity, place or person cannot be placed.",
  rejects: ({ d }) => d.entities.length + d.names.length + d.nearNames.length + (d.carriedNames?.length ?? 0) === 0,
};

function missingNames({ d, c }: ClaimPair): string[] {
  const hasEntity = (e: string) => c.entities.includes(e) || c.contextNames.includes(e);
  // (The other parties of a "respectively" list are named by the source sentence too.)
  const hasPlace = (n: string) => c.names.includes(n) || c.contextNames.includes(n) || !!c.respective?.parties.includes(n);
  // (Of the names carried from the sentence before, one suffices: "The Kunming-Montreal framework
  // agreed at COP15 ... Countries agreed to ...".)
  const carried = d.carriedNames ?? [];
  const carriedMissing = carried.length > 0 && !carried.some((n) => namesOther(n, c)) ? carried : [];
  return [...d.entities.filter((e) => !hasEntity(e)), ...d.names.filter((n) => !hasPlace(n)), ...d.nearNames.filter((n) => !namesOther(n, c)), ...carriedMissing];
}

/** Whether missingNames would list any (without building the list: this runs for every candidate). */
function anyNameMissing({ d, c }: ClaimPair): boolean {
  for (const e of d.entities) if (!c.entities.includes(e) && !c.contextNames.includes(e)) return true;
  for (const n of d.names) if (!c.names.includes(n) && !c.contextNames.includes(n) && !c.respective?.parties.includes(n)) return true;
  for (const n of d.nearNames) if (!namesOther(n, c)) return true;
  const carried = d.carriedNames ?? [];
  return carried.length > 0 && !carried.some((n) => namesOther(n, c));
}

const names_: VerificationRule = {
  id: "names",
  appliesTo: "any",
  description: "Everything the draft names is named by the source sentence or its context.",
  rejects: anyNameMissing,
  detail: (p) => missingNames(p).join(", "),
};

/** In "A and B ... 1% and 2%, respectively", the party the draft's value is about. */
export function ownRespectiveParty({ d, c }: ClaimPair): string | undefined {
  if (!c.respective) return undefined;
  return d.respective?.of ?? nearestBefore(d, [c.respective.of, ...c.respective.parties]);
}

const respectively: VerificationRule = {
  id: "respectively",
  appliesTo: "any",
  description: "In a 'respectively' list a value belongs to its own party only.",
  rejects: (p) => {
    const { d, c } = p;
    if (!c.respective) return false;
    const dKeys = new Set([...d.entities, ...d.names, ...d.otherNames]);
    if (c.respective.parties.some((k) => dKeys.has(k)) && !dKeys.has(c.respective.of)) return true;
    // A draft that names several of the parties speaks of its clause's own.
    const own = ownRespectiveParty(p);
    return !!own && own !== c.respective.of;
  },
};

// ---------------------------------------------------------------------------
// Rules for dates

const samePredicate: VerificationRule = {
  id: "event",
  appliesTo: "date",
  description: "Both dates belong to the same kind of event (signing, entry into force, ...).",
  rejects: ({ d, c, lexicon }) => !d.predicates.some((a) => c.predicates.some((b) => lexicon.samePredicate(a, b) || foundingEvent(d, a, b))),
  detail: ({ d, c }) => `${d.predicates} / ${c.predicates}`,
};

function sameName(a: string, b: string): boolean {
  // ("Kumamoto" and "Kumamoto Prefecture" name the same place.)
  if (a === b) return true;
  if (a.length === 0 || b.length === 0) return ` ${a} `.includes(` ${b} `) || ` ${b} `.includes(` ${a} `);
  return holdsWords(a, b) || holdsWords(b, a);
}

/** Does `text` hold `words` between spaces or its ends (as ` ${text} ` holds ` ${words} `)? */
function holdsWords(text: string, words: string): boolean {
  for (let i = text.indexOf(words); i >= 0; i = text.indexOf(words, i + 1)) {
    const end = i + words.length;
    if ((i === 0 || text[i - 1] === " ") && (end === text.length || text[end] === " ")) return true;
  }
  return false;
}

const eventNames: VerificationRule = {
  id: "event-names",
  appliesTo: "date",
  description: "Who did what: the source's event involves one of the draft's named parties (places aside).",
  rejects: ({ d, c }) => {
    if (d.entities.length + d.otherNames.length === 0) return false;
    // (Walked without building the lists: this runs for every candidate.)
    let sourceNamesEvent = false;
    for (let k = 0; k < 2; k++) {
      for (const n of k === 0 ? c.eventNames : c.inheritedEntities) {
        if (isPlace(n, c)) continue;
        sourceNamesEvent = true;
        if (d.entities.some((m) => sameName(n, m)) || d.otherNames.some((m) => sameName(n, m))) return false;
      }
    }
    return sourceNamesEvent;
  },
  detail: ({ c }) => [...c.eventNames, ...c.inheritedEntities].filter((n) => !isPlace(n, c)).join(", "),
};

const eventPlaces: VerificationRule = {
  id: "event-places",
  appliesTo: "date",
  description: "A draft naming only places: the places around the source's event include one of them.",
  rejects: ({ d, c }) => {
    if (d.entities.length + d.otherNames.length > 0) return false;
    const cEventPlaces = c.eventNames.filter((n) => isPlace(n, c));
    return cEventPlaces.length > 0 && !cEventPlaces.some((n) => d.names.includes(n));
  },
};

const modifier: VerificationRule = {
  id: "modifier",
  appliesTo: "date",
  description: "'by 2030', 'since 2019', 'before May' compare only with the same modifier.",
  rejects: ({ d, c }) => ((d.value as DateValue).modifier ?? "") !== ((c.value as DateValue).modifier ?? ""),
};

const dateOrder: VerificationRule = {
  id: "order",
  appliesTo: "date",
  description: "The first of several events is not the last.",
  rejects: ({ d, c }) => !!d.eventOrder && !!c.eventOrder && d.eventOrder !== c.eventOrder,
};

const recurringPinned: VerificationRule = {
  id: "recurring-event",
  appliesTo: "date",
  description: "A recurring event (a meeting, a call) compares only when both pin down which occurrence.",
  rejects: ({ d, c, lexicon }) => {
    // (A period is dated by its own words, not a recurring event.)
    if (d.predicate === PERIOD) return false;
    if (!(lexicon.recurring.get(d.predicate ?? "") ?? true)) return false;
    const sameOrder = !!d.eventOrder && d.eventOrder === c.eventOrder;
    const byPeople = d.nearNames.length > 0 && d.nearNames.every((n) => namesOther(n, { ...c, contextLower: "", sourceLower: "", titleLower: "" }));
    const byOrdinal = d.ordinals.some((o) => c.ordinals.includes(o));
    return !sameOrder && !byPeople && !byOrdinal;
  },
};

const periodEnd: VerificationRule = {
  id: "period-end",
  appliesTo: "date",
  description: "The start of a period ('between 2027 and 2034') compares with a start, its end with an end.",
  rejects: ({ d, c }) => (d.periodEnd ?? "") !== (c.periodEnd ?? ""),
};

const eventWords: VerificationRule = {
  id: "event-words",
  appliesTo: "date",
  description: "Most of the draft's event words are in the source sentence (or, if it names nothing, the one before).",
  rejects: (p) => p.eventCovered < 0.6,
  detail: (p) => p.eventWords.join(" "),
};

// ---------------------------------------------------------------------------
// Rules for figures

const dimension: VerificationRule = {
  id: "dimension",
  appliesTo: "figure",
  description: "Money in one currency, percentages, counts and ranks compare only with their own kind.",
  rejects: (p) => !sameDimension(p.dq, p.cq) && !sameRank(p),
};

/** Ranks of one kind under two words: "51st signatory" and "the 50th nation to sign". */
function sameRank({ dq, cq, lexicon }: ClaimPair): boolean {
  if (dq.unit !== "ordinal" || cq.unit !== "ordinal" || !dq.rankOf || !cq.rankOf) return false;
  const group = (w: string) => lexicon.measureGroup.get(stem(w)) ?? stem(w);
  return group(dq.rankOf) === group(cq.rankOf);
}

const figureOrder: VerificationRule = {
  id: "order",
  appliesTo: "figure",
  description: "'An initial $12 billion' is not the total: order words agree.",
  rejects: ({ d, c }) => (d.eventOrder ?? "") !== (c.eventOrder ?? ""),
};

const changeRole: VerificationRule = {
  id: "change-role",
  appliesTo: "figure",
  description: "The new value of a change ('from 8% to 15%') is not its old one.",
  rejects: (p) => !!p.dq.role && !!p.cq.role && p.dq.role !== p.cq.role,
};

const countedNoun: VerificationRule = {
  id: "counted-noun",
  appliesTo: "count",
  description: "Counts compare what they count ('nine members', 'the 11 countries'); a bare count may be a part's whole.",
  rejects: ({ d, c, lexicon }) => !sameHead(d.head, c.head, lexicon, !d.share),
  detail: ({ d, c }) => `${d.head} / ${c.head}`,
};

const partWhole: VerificationRule = {
  id: "part-whole",
  appliesTo: "count",
  description: "A part ('29 of the 38 countries') compares only with a part, and a whole only with a whole or a bare count.",
  rejects: ({ d, c }) => (d.share === "part" && c.share !== "part") || (d.share === "whole" && c.share === "part"),
};

const PARTY_NOUNS = new Set(["country", "nation", "member", "state", "signatory", "party", "economy", "government"]);

function figureSubject({ c, counted, isSubject, lexicon }: ClaimPair): string | undefined {
  const subject = c.respective?.of ?? c.clauseSubject;
  // A count of parties ("following the 31 countries which joined") is about those parties.
  const countsParties = counted && PARTY_NOUNS.has((c.head ?? "").replace(/^(?:other|whole)-/, ""));
  // (A place the catalog also knows as an entity, "the DRC", is a subject all the same.)
  return subject && !countsParties && (!c.entities.includes(subject) || isSubject(subject) || lexicon.placeIds.has(subject)) ? subject : undefined;
}

const figureAbout: VerificationRule = {
  id: "figure-about",
  appliesTo: "figure",
  description: "Who the source's figure is about is in the draft's sentence ('Samsung was offered $6.4 billion in CHIPS Act grants').",
  rejects: (p) => {
    const subject = figureSubject(p);
    return !!subject && !names(p.d).has(subject) && !p.d.sentence.toLowerCase().includes(subject) && !namedByAcronym(subject, p.c, p.d);
  },
  detail: (p) => `about ${figureSubject(p)}`,
};

function qualifierOf({ d, c, isSubject }: ClaimPair): string | undefined {
  return c.measure.find((t) => t.startsWith("@") && !d.entities.includes(t.slice(1)) && !c.respective?.parties.includes(t.slice(1)) && isSubject(t.slice(1)));
}

const qualified: VerificationRule = {
  id: "qualified",
  appliesTo: "figure",
  description: "An agreement or body named right by the source's figure ('a 70% stake in ESMC') is one the draft names.",
  rejects: (p) => !!qualifierOf(p),
  detail: (p) => `${qualifierOf(p)}`,
};

/** Events at which a body starts out: a count stated with no event of its own may be of that time. */
const FOUNDING_EVENTS = new Set(["launch", "establish", "open"]);

/** An agreement first signed was established then: "first signed in 2020" and "established in 2020". */
export function foundingEvent(d: Pick<Claim, "eventOrder">, draftEvent: string, sourceEvent: string): boolean {
  return d.eventOrder === "first" && draftEvent === "sign" && FOUNDING_EVENTS.has(sourceEvent);
}

const countEvent: VerificationRule = {
  id: "count-event",
  appliesTo: "count",
  description: "'44 countries had ratified' is not 'signed by 54': counts of different events stay apart.",
  rejects: ({ d, c, lexicon }) => {
    // (A commitment is not an event its parties are counted by.)
    const verbEvent = (claim: Claim) => !!claim.predicate && claim.predicate !== "pledge" && lexicon.dateEvents.has(claim.predicate) && !claim.predicateIsNoun;
    // (A count stated with no event may be the draft's count at a founding: "opened with 57 members".)
    const founding = FOUNDING_EVENTS.has(d.predicate ?? "") && c.predicates.length === 0;
    if (verbEvent(d) && !founding && (!c.predicate || (verbEvent(c) && !lexicon.samePredicate(d.predicate, c.predicate)))) return true;
    // ("17 countries signing in 2024" counts the signings of a year, not "50 nations" in all.)
    const eventWord = verbEvent(c) || c.measure.some((t) => t.startsWith("%") && t !== "%pledge" && lexicon.dateEvents.has(t.slice(1)));
    return eventWord && c.ownYear !== undefined && !verbEvent(d);
  },
  detail: ({ d, c }) => `${d.predicate} / ${c.predicate}`,
};

const countSubject: VerificationRule = {
  id: "count-subject",
  appliesTo: "count",
  description: "A count belongs to what its own sentence (or, naming nothing, the one before) is about.",
  rejects: ({ d, c }) => {
    const cSubjects = c.entities.length ? c.entities : c.previousEntities ?? [];
    return d.entities.some((e) => !cSubjects.includes(e));
  },
};

const countOtherEntity: VerificationRule = {
  id: "count-other-entity",
  appliesTo: "count",
  description: "'IPEF ... with the 7 countries in CPTPP' does not count IPEF's members: the source's clause names only the draft's entities.",
  rejects: ({ d, c, isSubject }) => (c.clauseEntities ?? c.entities).some((e) => !d.entities.includes(e) && isSubject(e)),
};

const noMeasure: VerificationRule = {
  id: "no-measure",
  appliesTo: "figure",
  description: "A figure other than a count needs words that say what it measures.",
  rejects: ({ d, counted }) => d.measure.length === 0 && !counted,
};

const changeVerb: VerificationRule = {
  id: "change-verb",
  appliesTo: "figure",
  description: "A change ('grew 1%') is not a share ('1% of trade'): percentages share their change verbs.",
  rejects: ({ d, c, dq, lexicon }) => {
    if (dq.unit !== "percent") return false;
    const changeVerbs = (m: string[]) => new Set(m.filter((t) => t.startsWith("%") && !lexicon.dateEvents.has(t.slice(1))));
    const dChange = changeVerbs(d.measure);
    const cChange = changeVerbs(c.measure);
    return [...dChange].some((m) => !cChange.has(m)) || [...cChange].some((m) => !dChange.has(m));
  },
};

const measure: VerificationRule = {
  id: "measure",
  appliesTo: "figure",
  description: "Most of the draft's measure words are in the source sentence, and one right by its figure.",
  rejects: (p) => !p.counted && (p.local < 1 || p.inSentence < 0.5 || (p.plainCovered < 0.5 && p.local < 2)),
  detail: ({ d, c }) => `[${d.measure}] / [${c.measure}]`,
};

const sourceMeasure: VerificationRule = {
  id: "source-measure",
  appliesTo: "figure",
  description: "The words right by the source's figure are mostly the draft's ('trade in fish' is not 'trade').",
  rejects: (p) => {
    if (p.counted) return false;
    const cPlain = plainTerms(p.c.measure, p.lexicon);
    return cPlain.length > 1 && overlap(cPlain, new Set(p.d.measure)) / cPlain.length < 0.5 && p.local < 2;
  },
};

function countWords({ d, c }: ClaimPair): { dRest: string[]; cRest: string[]; shared: boolean } {
  // (Event classes are compared as events, not as the words around a count.)
  const rest = (m: string[], head?: string) => m.filter((t) => t !== head && !t.startsWith("@") && !t.startsWith("%"));
  return { dRest: rest(d.measure, d.head), cRest: rest(c.measure, c.head), shared: d.measure.some((t) => t.startsWith("@") && c.measure.includes(t)) };
}

const countWordsBy: VerificationRule = {
  id: "count-words",
  appliesTo: "count",
  description: "Where the source counts the same noun twice, the words by each count decide ('by road' is not 'by rail').",
  // (Even where both name the same entity: "the HA signed 12 port deals and 3 rail deals".)
  rejects: (p) => {
    const { dRest, cRest } = countWords(p);
    const ambiguous = (p.c.sameHeadCounts ?? 1) > 1;
    return ambiguous && dRest.length > 0 && cRest.length > 0 && overlap(dRest, { has: (t: string) => cRest.includes(t) }) === 0;
  },
};

const countWordsInSentence: VerificationRule = {
  id: "count-words-in-sentence",
  appliesTo: "count",
  description: "At least one of the words around the draft's count is in the source sentence.",
  rejects: (p) => {
    const { dRest, cRest, shared } = countWords(p);
    return !shared && dRest.length > 0 && cRest.length > 0 && overlap(dRest, p.cTerms) === 0;
  },
};

const rate: VerificationRule = {
  id: "rate",
  appliesTo: "figure",
  description: "'CHF 300,000 per project' is not a total, nor 'a year' 'a month'.",
  rejects: ({ d, c }) => !!d.rate && !!c.rate && d.rate !== c.rate,
};

const ownYear: VerificationRule = {
  id: "own-year",
  appliesTo: "figure",
  description: "Of several figures and years in one sentence, each figure is tied to its own year.",
  rejects: ({ d, c }) => d.ownYear !== undefined && c.ownYear !== undefined && d.ownYear !== c.ownYear,
};

const years: VerificationRule = {
  id: "years",
  appliesTo: "figure",
  description: "The time a figure refers to agrees; a source that gives no year speaks of the year it was published.",
  rejects: ({ d, c }) => {
    if (d.years.length === 0) return false;
    const cYears = new Set([...c.years, ...c.contextYears]);
    // (Only for a draft figure of one year: a span of years is not "then".)
    if (cYears.size === 0 && c.publishedYear !== undefined && d.years.length === 1) cYears.add(c.publishedYear);
    return cYears.size > 0 && !d.years.some((y) => cYears.has(y));
  },
};

/** Every rule, in the order they run: the cheap and decisive first. */
export const RULES: readonly VerificationRule[] = [
  kind,
  draftNamesNothing,
  names_,
  respectively,
  samePredicate,
  eventNames,
  eventPlaces,
  modifier,
  dateOrder,
  recurringPinned,
  periodEnd,
  eventWords,
  dimension,
  figureOrder,
  changeRole,
  countedNoun,
  partWhole,
  figureAbout,
  qualified,
  countEvent,
  countSubject,
  countOtherEntity,
  noMeasure,
  changeVerb,
  measure,
  sourceMeasure,
  countWordsBy,
  countWordsInSentence,
  rate,
  ownYear,
  years,
];
