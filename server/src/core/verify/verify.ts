// Draft claim + corpus index -> verdict. Precision first: a conflict needs a corpus claim about the
// same subject, event or measure and time, and no comparable corpus claim that supports the draft.
import type { Claim, DateValue, QuantityValue, VerdictKind } from "../types";
import { datePrecision, datesCompatible, formatDate } from "../extract/dates";
import type { Lexicon } from "../extract/lexicon";
import { findQuantities, quantitiesCompatible, sameDimension } from "../extract/quantities";
import { termSetOf, type FactIndex, type IndexedClaim } from "../index/factIndex";

export interface ScoredCandidate {
  claim: IndexedClaim;
  score: number;
  /** How many of the draft's names the source sentence itself states. */
  nameHits: number;
  agrees: boolean;
}

export interface ClaimVerdict {
  kind: VerdictKind;
  candidates: ScoredCandidate[];
  /** The value the sources give (for conflicts), written like the draft's. */
  expected?: string;
}

/** Content words, without entity and predicate-class terms or nouns that only stand for an entity. */
function plainTerms(terms: string[], lexicon: Lexicon): string[] {
  return terms.filter((t) => !t.startsWith("@") && !t.startsWith("%") && !lexicon.anaphoricNouns.has(t));
}

/** Every party a draft claim names: entities, places and other names. */
function names(d: Claim): Set<string> {
  return new Set([...d.entities, ...d.names, ...d.otherNames, ...d.contextNames]);
}

/** Is this event name one of the source's places (not an entity or other name)? */
function isPlace(name: string, c: IndexedClaim): boolean {
  return c.names.includes(name) && !c.entities.includes(name) && !c.otherNames.includes(name);
}

/** Does the source name this person or institution (in full, or by a last name of 4+ letters)? */
function namesOther(name: string, c: IndexedClaim): boolean {
  const texts = [c.sentenceLower, c.contextLower, c.sourceLower, c.titleLower ?? ""];
  if (texts.some((t) => t.includes(name))) return true;
  const re = lastNamePattern(name);
  return !!re && texts.some((t) => re.test(t));
}

/** A two-word name ("Donald Trump", "Lee Jae-myung") may appear by its last word alone. */
function lastNamePattern(name: string): RegExp | undefined {
  const parts = name.split(/\s+/);
  const last = parts[parts.length - 1];
  return parts.length === 2 && last.length >= 4 ? wordPattern(last) : undefined;
}

/**
 * Does the draft name the source's subject by the acronym the source sentence gives it ("The
 * Ministry of Economy, Trade and Industry (METI) has committed ...", draft "METI has committed")?
 */
function namedByAcronym(subject: string, c: IndexedClaim, d: Claim): boolean {
  const at = c.sentenceLower.indexOf(subject);
  if (at < 0) return false;
  const acronym = /^[^().;]{0,60}?\(([\p{L}\d&.-]{2,12})\)/u.exec(c.sentenceLower.slice(at))?.[1];
  if (!acronym) return false;
  return names(d).has(acronym) || wordPattern(acronym).test(d.sentence.toLowerCase());
}

const wordPatterns = new Map<string, RegExp>();

/** A word as a whole word, letters on neither side (compiled once per word). */
function wordPattern(word: string): RegExp {
  let re = wordPatterns.get(word);
  if (!re) {
    re = new RegExp(`(?:^|[^\\p{L}])${word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?:$|[^\\p{L}])`, "u");
    if (wordPatterns.size > 10000) wordPatterns.clear();
    wordPatterns.set(word, re);
  }
  return re;
}

/** Of these parties, the one the draft's sentence names last before its value. */
function nearestBefore(d: Claim, parties: string[]): string | undefined {
  const text = d.sentence.toLowerCase();
  // (The sentence is prose without markup, so the value is found by its text, not its source offset.)
  const found = text.indexOf(d.valueText.toLowerCase());
  const at = found >= 0 ? found : d.start - d.sentenceStart;
  let best: string | undefined;
  let bestAt = -1;
  for (const p of parties) {
    const i = Math.max(lastWordIndex(text, p, at), lastWordIndex(text, p.replace(/-/g, " "), at));
    if (i > bestAt) [best, bestAt] = [p, i];
  }
  return best;
}

/** Where a word last starts before `end` as a whole word ("cf" not inside "cfa"); -1 if nowhere. */
function lastWordIndex(text: string, word: string, end: number): number {
  const isLetter = (ch: string | undefined) => !!ch && /[\p{L}\p{N}]/u.test(ch);
  for (let i = text.lastIndexOf(word, end - word.length); i >= 0; i = i > 0 ? text.lastIndexOf(word, i - 1) : -1) {
    if (!isLetter(text[i - 1]) && !isLetter(text[i + word.length])) return i;
  }
  return -1;
}

function sameHead(a: string | undefined, b: string | undefined, lexicon: Lexicon, bareMeetsWhole = false): boolean {
  if (!a || !b) return false;
  const kind = (h: string) => /^(other|whole)-/.exec(h)?.[1] ?? "";
  // A bare count ("57 member nations") may be the whole of a source's part ("Thirty of the 57 members").
  if (kind(a) !== kind(b) && !(bareMeetsWhole && kind(a) === "" && kind(b) === "whole")) return false;
  const bare = (h: string) => h.replace(/^(?:other|whole)-/, "");
  const [x, y] = [bare(a), bare(b)];
  return x === y || (lexicon.measureGroup.get(x) ?? x) === (lexicon.measureGroup.get(y) ?? y);
}

function overlap(a: string[], b: { has(x: string): boolean }): number {
  let n = 0;
  for (const x of a) if (b.has(x)) n++;
  return n;
}

/** How many of the draft's entities and places the source sentence states itself. */
function nameHits(d: Claim, c: IndexedClaim): number {
  // Entities, places, and people or bodies the draft's sentence names, in the source sentence itself.
  return (
    d.entities.filter((e) => c.entities.includes(e)).length +
    d.names.filter((n) => c.names.includes(n) || c.respective?.parties.includes(n)).length +
    d.otherNames.filter((n) => c.sentenceLower.includes(n)).length +
    // A value the source pins to one of the draft's parties ("respectively") names it twice over.
    (c.respective && names(d).has(c.respective.of) ? 1 : 0)
  );
}

/**
 * How well a corpus claim speaks to the same thing as a draft claim; 0 when it does not.
 * `why`, when given, receives the reason a candidate was set aside (for debugging and tests).
 */
export function comparability(d: Claim, c: IndexedClaim, lexicon: Lexicon, why?: string[], isSubject: (entityId: string) => boolean = () => true): number {
  // Reasons are built only when asked for: this runs for every candidate of every claim.
  const no = (reason: string | (() => string)) => {
    why?.push(typeof reason === "string" ? reason : reason());
    return 0;
  };
  if (d.value.type !== c.value.type) return no("kind");
  if (d.entities.length + d.names.length + d.nearNames.length === 0) return no("draft names nothing");

  // Everything the draft names must be named by the source sentence or just before it.
  const hasEntity = (e: string) => c.entities.includes(e) || c.contextNames.includes(e);
  // (The other parties of a "respectively" list are named by the source sentence too.)
  const hasPlace = (n: string) => c.names.includes(n) || c.contextNames.includes(n) || !!c.respective?.parties.includes(n);
  const missing = [
    ...d.entities.filter((e) => !hasEntity(e)),
    ...d.names.filter((n) => !hasPlace(n)),
    ...d.nearNames.filter((n) => !namesOther(n, c)),
  ];
  if (missing.length) return no(() => `names: ${missing.join(", ")}`);
  // "A and B ... 1% and 2%, respectively": a value belongs to its own party only.
  let pinned = 0;
  if (c.respective) {
    const dKeys = new Set([...d.entities, ...d.names, ...d.otherNames]);
    if (c.respective.parties.some((p) => dKeys.has(p)) && !dKeys.has(c.respective.of)) return no("respectively");
    // A draft that names several of the parties speaks of its clause's own ("Malaysia can take
    // 150 MW, with the rest going to Singapore").
    const own = d.respective?.of ?? nearestBefore(d, [c.respective.of, ...c.respective.parties]);
    if (own && own !== c.respective.of) return no("respectively: another party's value");
    // A value the source pins to the draft's own party speaks to it most directly.
    if (own) pinned = 1;
  }

  const sentenceTerms = termSetOf(c);
  const cTerms = { has: (t: string) => sentenceTerms.has(t) || c.measure.includes(t) };
  const dPlain = plainTerms(d.measure, lexicon);
  const plainCovered = dPlain.length === 0 ? 1 : overlap(dPlain, cTerms) / dPlain.length;
  // Names the source sentence itself states count for more than names only in its context.
  const named = [...d.entities.map((e) => c.entities.includes(e)), ...d.names.map((n) => c.names.includes(n))];
  const score = 1 + named.filter(Boolean).length + named.filter((x) => !x).length * 0.25;

  if (d.value.type === "date") {
    const cv = c.value as DateValue;
    if (!d.predicates.some((a) => c.predicates.some((b) => lexicon.samePredicate(a, b) || foundingEvent(d, a, b)))) {
      return no(() => `predicate ${d.predicates} / ${c.predicates}`);
    }
    // Who did what: the names around the draft's event must be around the source's event too
    // ("unveiled Global Gateway" is not "announced the Investment Package ... of Global Gateway").
    // The source's event must involve one of the draft's named parties (places aside: they are
    // often only where it happened).
    const cEvent = [...c.eventNames, ...c.inheritedEntities].filter((n) => !isPlace(n, c));
    const dNamed = new Set([...d.entities, ...d.otherNames]);
    // ("Kumamoto" and "Kumamoto Prefecture" name the same place.)
    const sameName = (a: string, b: string) => a === b || ` ${a} `.includes(` ${b} `) || ` ${b} `.includes(` ${a} `);
    if (dNamed.size > 0 && cEvent.length > 0 && !cEvent.some((n) => [...dNamed].some((m) => sameName(n, m)))) return no(() => `event names [${cEvent.join(", ")}]`);
    // A draft that names only places ("Japan's controls took effect ..."): the places around the
    // source's event must include one of them ("the Netherlands' controls took effect ...").
    const cEventPlaces = c.eventNames.filter((n) => isPlace(n, c));
    if (dNamed.size === 0 && cEventPlaces.length > 0 && !cEventPlaces.some((n) => d.names.includes(n))) {
      return no(() => `event places [${cEventPlaces.join(", ")}]`);
    }
    if ((d.value.modifier ?? "") !== (cv.modifier ?? "")) return no("modifier");
    if (d.eventOrder && c.eventOrder && d.eventOrder !== c.eventOrder) return no("order");
    // A recurring event (a meeting, a call) is comparable only when the claim pins down which
    // occurrence: "first"/"last" on both sides, its participants, or its ordinal ("the 7th forum").
    if (lexicon.recurring.get(d.predicate ?? "") ?? true) {
      const sameOrder = !!d.eventOrder && d.eventOrder === c.eventOrder;
      const byPeople = d.nearNames.length > 0 && d.nearNames.every((n) => namesOther(n, { ...c, contextLower: "", sourceLower: "", titleLower: "" }));
      const byOrdinal = d.ordinals.some((o) => c.ordinals.includes(o));
      if (!sameOrder && !byPeople && !byOrdinal) return no("recurring event not pinned");
    }
    // The event's words, in the source sentence or just before it ("... on gallium and germanium.
    // The controls took effect on 1 August").
    // (The sentence before counts only when the source sentence names nothing of its own.)
    const useContext = c.entities.length === 0 && c.otherNames.length === 0;
    // ("first proposed": the order word is compared as an order above; a source that does not
    // repeat it is not about another event, though one that does speaks more surely of the same.)
    const inSource = (t: string) => cTerms.has(t) || (useContext && c.contextLower.includes(t));
    const isOrder = (t: string) => (d.eventOrder === "first" && lexicon.firstWords.has(t)) || (d.eventOrder === "last" && lexicon.lastWords.has(t));
    const dEvent = dPlain.filter((t) => !isOrder(t) || inSource(t));
    const eventCovered =
      dEvent.length === 0 ? 1 : dEvent.filter(inSource).length / dEvent.length;
    if (eventCovered < 0.6) return no(() => `event words ${dEvent.join(" ")}`);
    // What the draft's event is about ("the concession agreement was signed"): its words in the
    // source sentence rank that source first.
    const subject = (d.subjectTerms ?? []).filter((t) => termSetOf(c).has(t)).length * 0.5;
    // Right before the source's own event word counts again: of two events in one sentence ("its
    // first ministerial meeting ..., and the first leaders' meeting ..."), the draft's is the one
    // described the same way.
    const ownSubject = (d.subjectTerms ?? []).filter((t) => c.subjectTerms?.includes(t)).length * 0.25;
    return score + eventCovered + subject + ownSubject;
  }

  const dq = d.value as QuantityValue;
  const cq = c.value as QuantityValue;
  if (!sameDimension(dq, cq)) return no("dimension");
  // "An initial investment of $12 billion" is not the total: order words must agree.
  if ((d.eventOrder ?? "") !== (c.eventOrder ?? "")) return no("order");
  // The new value of a change is not its old one ("from 8% to 15%").
  if (dq.role && cq.role && dq.role !== cq.role) return no("change role");
  const counted = dq.unit === "count" || dq.unit === "ordinal";
  // Counts compare what they count: "nine RCEP members" and "the 11 countries in RCEP".
  if (counted && !sameHead(d.head, c.head, lexicon, !d.share)) return no(() => `head ${d.head} / ${c.head}`);
  // "the 11 countries in RCEP" counts RCEP's members: an entity right by the source's count must
  // be one the draft names.
  // "a 70% stake in ESMC" is not a stake in JASM: an agreement or body named right by the source's
  // figure must be one the draft names.
  // Who the source's figure is about must be in the draft's sentence: "Samsung was offered up to
  // $6.4 billion in CHIPS Act grants" says nothing of what the CHIPS Act provides in all.
  // (In a "respectively" list, each figure is about its own party.)
  const subject = c.respective?.of ?? c.clauseSubject;
  // A count of parties ("following the 31 countries which joined") is about those parties, not
  // about a name before it.
  const countsParties = counted && PARTY_NOUNS.has(bareHead(c.head));
  const subjectMatters = !!subject && !countsParties && (!c.entities.includes(subject) || isSubject(subject));
  if (subject && subjectMatters && !names(d).has(subject) && !d.sentence.toLowerCase().includes(subject) && !namedByAcronym(subject, c, d)) {
    return no(() => `source's figure is about ${subject}`);
  }
  const qualifier = c.measure.find(
    (t) => t.startsWith("@") && !d.entities.includes(t.slice(1)) && !c.respective?.parties.includes(t.slice(1)) && isSubject(t.slice(1)),
  );
  if (qualifier) return no(() => `figure qualified by ${qualifier}`);
  if (counted) {
    // A count belongs to what its sentence is about: "IPEF ... with the 7 countries in CPTPP" does
    // not count CPTPP's members. The draft's entities must be in the source sentence itself, and
    // every agreement or initiative that sentence names must be the draft's too.
    // "44 countries had ratified" is not "signed by 54": counts of different events stay apart.
    // (A commitment is not an event its parties are counted by: "It commits the parties to a plan within 90 days".)
    const verbEvent = (claim: Claim) => !!claim.predicate && claim.predicate !== "pledge" && lexicon.dateEvents.has(claim.predicate) && !claim.predicateIsNoun;
    // (A count the source states with no event at all may be the draft's count at a founding:
    // "opened with 57 members" and "starts with 57 member states".)
    const founding = FOUNDING_EVENTS.has(d.predicate ?? "") && c.predicates.length === 0;
    if (verbEvent(d) && !founding && (!c.predicate || (verbEvent(c) && !lexicon.samePredicate(d.predicate, c.predicate)))) {
      return no(() => `count of another event (${d.predicate} / ${c.predicate})`);
    }
    // (A source sentence that names no entity of its own may take the previous sentence's.)
    const cSubjects = c.entities.length ? c.entities : c.previousEntities ?? [];
    const absent = d.entities.find((e) => !cSubjects.includes(e));
    if (absent) return no(() => `${absent} only in the source's context`);
    const extra = (c.clauseEntities ?? c.entities).find((e) => !d.entities.includes(e) && isSubject(e));
    if (extra) return no(() => `source also names ${extra}`);
  }
  if (d.measure.length === 0 && !counted) return no("no measure words");
  // A change ("grew 1%") is not a share ("1% of trade"): a change verb near the draft's figure
  // must be near the source's too.
  // (Only for percentages: "rose to $192 billion" is a level, not a change.)
  if (dq.unit === "percent") {
    const changeVerbs = (m: string[]) => new Set(m.filter((t) => t.startsWith("%") && !lexicon.dateEvents.has(t.slice(1))));
    const dChange = changeVerbs(d.measure);
    const cChange = changeVerbs(c.measure);
    if ([...dChange].some((m) => !cChange.has(m)) || [...cChange].some((m) => !dChange.has(m))) return no("change verb");
  }
  const local = overlap(d.measure, { has: (t: string) => c.measure.includes(t) });
  const inSentence = d.measure.length ? overlap(d.measure, cTerms) / d.measure.length : 1;
  // Most of the draft's measure words must be in the source sentence, or two of them right by its figure.
  if (!counted && (local < 1 || inSentence < 0.5 || (plainCovered < 0.5 && local < 2))) return no(() => `measure [${d.measure}] / [${c.measure}]`);
  // And the words right by the source's figure must mostly be the draft's: "trade in fish ... $1.1
  // billion" does not measure what "trade ... $192bn" does.
  if (!counted) {
    const cPlain = plainTerms(c.measure, lexicon);
    const dAll = new Set(d.measure);
    if (cPlain.length > 1 && overlap(cPlain, dAll) / cPlain.length < 0.5 && local < 2) return no(() => `source measure [${cPlain}] not the draft's`);
  }
  if (counted) {
    // Beyond the counted noun, the words around both counts must meet ("by road" is not "by rail").
    // (Event classes are compared as events, not as the words around a count.)
    const rest = (m: string[], head?: string) => m.filter((t) => t !== head && !t.startsWith("@") && !t.startsWith("%"));
    const dRest = rest(d.measure, d.head);
    const cRest = rest(c.measure, c.head);
    // Only where the source's sentence counts the same noun twice do the words right by each count decide.
    const sharedEntity = d.measure.some((t) => t.startsWith("@") && c.measure.includes(t));
    const ambiguous = (c.sameHeadCounts ?? 1) > 1;
    if (!sharedEntity && ambiguous && dRest.length > 0 && cRest.length > 0 && overlap(dRest, { has: (t: string) => cRest.includes(t) }) === 0) return no(() => `count words [${dRest}] / [${cRest}]`);
    // Otherwise at least one of them must be in the source sentence: "liberalised over 10 years by
    // non-LDCs" is not "a transition period of two years".
    if (!sharedEntity && dRest.length > 0 && cRest.length > 0 && overlap(dRest, cTerms) === 0) return no(() => `count words [${dRest}] not in the source sentence`);
  }
  // The time the figure refers to must not differ; a source that gives no year speaks of the
  // time it was published ("BIS is adding 13 entities", published 2023, is not December 2022).
  // "CHF 300,000 per project" is not "CHF 3.3 million" for eleven projects, nor "a year" "a month".
  if (d.rate && c.rate && d.rate !== c.rate) return no(() => `rate per ${d.rate} / per ${c.rate}`);
  const rate = d.rate && !c.rate ? -1 : 0;
  // Of several figures and years in one sentence, each figure is tied to its own year.
  if (d.ownYear !== undefined && c.ownYear !== undefined && d.ownYear !== c.ownYear) return no("own year");
  if (d.years.length > 0) {
    const cYears = new Set([...c.years, ...c.contextYears]);
    // (Only for a draft figure of one year: a span of years is not "then".)
    if (cYears.size === 0 && c.publishedYear !== undefined && d.years.length === 1) cYears.add(c.publishedYear);
    if (cYears.size > 0 && !d.years.some((y) => cYears.has(y))) return no("years");
  }
  // Of a part and its whole in one source sentence, a bare draft count speaks of the whole.
  const share = counted && !d.share ? (c.share === "whole" ? 0.5 : c.share === "part" ? -0.5 : 0) : 0;
  return score + pinned + inSentence + local * 0.25 + share + rate;
}

/** An agreement first signed was established then: "first signed in 2020" and "established in 2020". */
export function foundingEvent(d: Claim, draftEvent: string, sourceEvent: string): boolean {
  return d.eventOrder === "first" && draftEvent === "sign" && FOUNDING_EVENTS.has(sourceEvent);
}

const PARTY_NOUNS = new Set(["country", "nation", "member", "state", "signatory", "party", "economy", "government"]);

function bareHead(head: string | undefined): string {
  return (head ?? "").replace(/^(?:other|whole)-/, "");
}

/** Events at which a body starts out: a count stated with no event of its own may be of that time. */
const FOUNDING_EVENTS = new Set(["launch", "establish", "open"]);

export function valuesAgree(d: Claim, c: Claim): boolean {
  if (d.value.type === "date" && c.value.type === "date") return datesCompatible(d.value.date, c.value.date);
  if (d.value.type === "quantity" && c.value.type === "quantity") return impliedBound(d.value, c.value) || quantitiesCompatible(d.value, c.value);
  return false;
}

/** "More than 70 percent" follows from "over 74 percent": a source's bound as strong as the draft's. */
function impliedBound(d: QuantityValue, c: QuantityValue): boolean {
  if (!sameDimension(d, c)) return false;
  const lower = (h: QuantityValue["hedge"]) => h === "over" || h === "at-least";
  return lower(d.hedge) && lower(c.hedge) && c.value >= d.value - d.precision;
}

/** The corpus value written the way the draft writes its own (same date precision where known). */
export function expectedText(d: Claim, c: Claim): string {
  if (c.value.type === "date" && d.value.type === "date") {
    const cd = c.value.date;
    const dd = d.value.date;
    // Keep the draft's precision where the source is at least as precise.
    const precise = { ...cd };
    if (datePrecision(dd) < datePrecision(cd)) {
      if (dd.day === undefined) delete precise.day;
      if (dd.month === undefined && !dd.part) delete precise.month;
    }
    if (dd.year === undefined && !c.value.yearInferred) delete precise.year;
    return formatDate(precise);
  }
  return c.valueText;
}

/**
 * `isSubject` tells which entities a sentence can be about (agreements, frameworks, initiatives...),
 * as opposed to names that are only places or bodies ("the DRC", "GDP").
 */
export function verifyClaim(d: Claim, index: FactIndex, lexicon: Lexicon, isSubject?: (entityId: string) => boolean): ClaimVerdict {
  let scored: ScoredCandidate[] = [];
  for (const c of index.candidates(d)) {
    const score = comparability(d, c, lexicon, undefined, isSubject);
    if (score > 0) scored.push({ claim: c, score, nameHits: nameHits(d, c), agrees: valuesAgree(d, c) });
  }
  if (scored.length === 0) return { kind: "not-covered", candidates: [] };
  scored.sort((a, b) => b.score - a.score);
  const supporting = scored.filter((s) => s.agrees);
  if (supporting.length > 0) return { kind: "supported", candidates: supporting };

  // A conflict needs a source sentence that could be about the draft's own thing.
  const anchors = anchorFigures(d, lexicon);
  if (anchors.length > 0) scored = scored.filter((s) => !anchoredElsewhere(anchors, s.claim, lexicon));
  if (scored.length === 0) return { kind: "not-covered", candidates: [] };

  // The sources that name the claim's subject most directly decide; among those, any that
  // speaks to the same measure counts, however it is worded.
  const bestHits = Math.max(...scored.map((s) => s.nameHits));
  // Two figures of one source sentence are two measures, not a disagreement: the one that fits
  // best speaks ("€9.9bn towards a €30bn fab complex").
  const bestInSentence = new Map<string, number>();
  const sentenceKey = (s: ScoredCandidate) => `${s.claim.documentId}:${s.claim.sentenceStart}`;
  for (const s of scored) bestInSentence.set(sentenceKey(s), Math.max(bestInSentence.get(sentenceKey(s)) ?? 0, s.score));
  const named = scored.filter((s) => s.nameHits === bestHits && s.score === bestInSentence.get(sentenceKey(s)));
  const bestScore = Math.max(...named.map((s) => s.score));
  const top = named.filter((s) => s.score >= bestScore * 0.8);
  const first = top[0].claim;
  const consistent = top.every((s) => valuesAgree(first, s.claim) || valuesAgree(s.claim, first));
  if (!consistent) return { kind: "disagree", candidates: top };
  // Prefer the most precise source value for the suggested fix.
  const preferred = [...top].sort((a, b) => precisionRank(b.claim) - precisionRank(a.claim))[0];
  return { kind: "conflict", candidates: [preferred, ...top.filter((t) => t !== preferred)], expected: expectedText(d, preferred.claim) };
}

/**
 * Money and percentages of another kind than the claim's own, in the draft's sentence: they pin
 * down what the sentence is about ("Sensitive products, 7% of tariff lines, ... over 10 years").
 */
function anchorFigures(d: Claim, lexicon: Lexicon): QuantityValue[] {
  const own = d.value;
  return figuresOf(d.sentence, lexicon).filter(
    (q) => (q.unit === "percent" || q.unit === "money") && (own.type === "date" || !sameDimension(own, q)),
  );
}

/**
 * A source sentence that gives figures of an anchor's kind, none of them the anchor's value,
 * speaks of something else ("90% of tariff lines ... over five years" is not the 7%).
 */
function anchoredElsewhere(anchors: QuantityValue[], c: IndexedClaim, lexicon: Lexicon): boolean {
  const source = figuresOf(c.sentence, lexicon);
  return anchors.some((a) => {
    const kin = source.filter((q) => sameDimension(a, q));
    return kin.length > 0 && !kin.some((q) => quantitiesCompatible(a, q));
  });
}

const sentenceFigures = new Map<string, QuantityValue[]>();

/** The figures of a sentence, read once per sentence (several claims and candidates share one). */
function figuresOf(sentence: string, lexicon: Lexicon): QuantityValue[] {
  let figures = sentenceFigures.get(sentence);
  if (!figures) {
    figures = findQuantities(sentence, lexicon.hedges).map((q) => q.value);
    if (sentenceFigures.size > 10000) sentenceFigures.clear();
    sentenceFigures.set(sentence, figures);
  }
  return figures;
}

function precisionRank(c: Claim): number {
  if (c.value.type === "date") return datePrecision(c.value.date) - (c.value.yearInferred ? 0.5 : 0);
  return c.value.hedge ? 0 : 1;
}
