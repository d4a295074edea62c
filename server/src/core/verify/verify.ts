// Draft claim + corpus index -> verdict. Precision first: a conflict needs a corpus claim about the
// same subject, event or measure and time, and no comparable corpus claim that supports the draft.
import type { Claim, QuantityValue, VerdictKind } from "../types";
import { datePrecision, datesCompatible, formatDate } from "../extract/dates";
import type { Lexicon } from "../extract/lexicon";
import { findQuantities, quantitiesCompatible, sameDimension } from "../extract/quantities";
import type { FactIndex, IndexedClaim } from "../index/factIndex";
import { nameHits, releaseWordPatterns } from "./match";
import { ClaimPair, rejectingRule } from "./rules";
import { pairScore } from "./score";
import { compositeKey } from "../util/compositeKey";

export { foundingEvent } from "./rules";

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
  /** For a supported claim: sources as close to it that give another value. */
  disputedBy?: ScoredCandidate[];
}

/**
 * How well a corpus claim speaks to the same thing as a draft claim; 0 when a rule rejects it.
 * `why`, when given, receives the rejecting rule's id and particulars (for explain and tests).
 */
export function comparability(d: Claim, c: IndexedClaim, lexicon: Lexicon, why?: string[], isSubject: (entityId: string) => boolean = () => true): number {
  const pair = new ClaimPair(d, c, lexicon, isSubject);
  const rule = rejectingRule(pair);
  if (rule) {
    // (Particulars are built only when asked for: this runs for every candidate of every claim.)
    if (why) why.push(rule.detail ? `${rule.id}: ${rule.detail(pair)}` : rule.id);
    return 0;
  }
  return pairScore(pair);
}

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
  for (const p of comparables(d, index, lexicon, isSubject)) {
    const score = Number.isNaN(p.score) ? comparability(d, p.claim, lexicon, undefined, isSubject) : p.score;
    if (score > 0) scored.push({ claim: p.claim, score, nameHits: Number.isNaN(p.score) ? nameHits(d, p.claim) : p.nameHits, agrees: valuesAgree(d, p.claim) });
  }
  if (scored.length === 0) return { kind: "not-covered", candidates: [] };
  scored.sort((a, b) => b.score - a.score);
  const supporting = scored.filter((s) => s.agrees);
  if (supporting.length > 0) return { kind: "supported", candidates: supporting, disputedBy: disputing(d, scored, supporting, lexicon) };

  // A conflict needs a source sentence that could be about the draft's own thing.
  const anchors = anchorFigures(d, lexicon);
  if (anchors.length > 0) scored = scored.filter((s) => !anchoredElsewhere(anchors, s.claim, lexicon));
  if (scored.length === 0) return { kind: "not-covered", candidates: [] };

  // The sources that name the claim's subject most directly decide; among those, any that
  // speaks to the same measure counts, however it is worded.
  const bestHits = Math.max(...scored.map((s) => s.nameHits));
  // Two figures of one source sentence are two measures, not a disagreement: the one that fits
  // best speaks ("€9.9bn towards a €30bn fab complex").
  // (Each candidate's sentence key made once: hundreds of candidates per claim in a large corpus.)
  const bestInSentence = new Map<string, number>();
  const keys = scored.map((s) => `${s.claim.documentId}:${s.claim.sentenceStart}`);
  scored.forEach((s, i) => bestInSentence.set(keys[i], Math.max(bestInSentence.get(keys[i]) ?? 0, s.score)));
  const named = scored.filter((s, i) => s.nameHits === bestHits && s.score === bestInSentence.get(keys[i]));
  const bestScore = Math.max(...named.map((s) => s.score));
  const top = named.filter((s) => s.score >= bestScore * 0.8);
  const first = top[0].claim;
  const consistent = top.every((s) => valuesAgree(first, s.claim) || valuesAgree(s.claim, first));
  if (!consistent) return { kind: "disagree", candidates: top };
  // Prefer the most precise source value for the suggested fix.
  const preferred = [...top].sort((a, b) => precisionRank(b.claim) - precisionRank(a.claim))[0];
  return { kind: "conflict", candidates: [preferred, ...top.filter((t) => t !== preferred)], expected: expectedText(d, preferred.claim) };
}

/** A candidate's comparability and name hits; NaN score: to be computed for each draft claim. */
interface Comparable {
  claim: IndexedClaim;
  score: number;
  nameHits: number;
}

/**
 * The candidates of a draft claim that some rule does not reject, with their scores. For a date,
 * they are kept by what the date rules, the score and the index read of the draft claim (memoKey),
 * so the many draft dates of one subject and event are compared with their sources once: a draft
 * date's own value only decides whether each source agrees. (A "respectively" source reads the
 * draft's sentence: its score is made for each draft claim.)
 */
function comparables(d: Claim, index: FactIndex, lexicon: Lexicon, isSubject: ((entityId: string) => boolean) | undefined): Comparable[] {
  // (A draft date naming what no source names has no candidate: told before its memo key is
  // made. The index tells the rest of those without candidates before its own key.)
  const memoised = d.value.type === "date" && !!isSubject;
  if (memoised && !index.knowsAnchorsOf(d)) return [];
  const key = memoised ? memoKey(d) : undefined;
  const memo = key === undefined ? undefined : memoOf(index, lexicon, isSubject!);
  const known = key === undefined ? undefined : memo?.get(key);
  if (known) return known;
  const list: Comparable[] = [];
  for (const c of index.candidates(d)) {
    if (memo && c.respective) {
      list.push({ claim: c, score: NaN, nameHits: 0 });
      continue;
    }
    const score = comparability(d, c, lexicon, undefined, isSubject);
    if (score > 0) list.push({ claim: c, score, nameHits: nameHits(d, c) });
  }
  if (memo && key !== undefined) {
    if (memo.size >= MEMO_SIZE) memo.clear();
    memo.set(key, list);
  }
  return list;
}

const MEMO_SIZE = 1000;

/**
 * Every field of a draft date that verification reads but its value's date: the index's lists and
 * scalar tests, the date rules (rules.ts), the score (score.ts) and nameHits. (Its context names
 * and "respectively" party are read only against a "respectively" source, scored for each draft
 * claim.) Keep it in step with them (tests check memoised verdicts against fresh ones).
 */
function memoKey(d: Claim): string {
  const v = d.value as { modifier?: string };
  return compositeKey([
    v.modifier ?? "",
    d.entities,
    d.names,
    d.nearNames,
    d.carriedNames ?? NO_TEXT,
    d.otherNames,
    d.predicates,
    d.predicate ?? "",
    d.eventOrder ?? "",
    d.ordinals,
    d.periodEnd ?? "",
    d.measure,
    d.subjectTerms ?? NO_TEXT,
  ]);
}

const NO_TEXT: readonly string[] = [];

/** Memos by index (a new corpus is a new index), for one lexicon and subject test. */
let memos = new WeakMap<FactIndex, { lexicon: Lexicon; isSubject: (entityId: string) => boolean; size: number; memo: Map<string, Comparable[]> }>();

function memoOf(index: FactIndex, lexicon: Lexicon, isSubject: (entityId: string) => boolean): Map<string, Comparable[]> {
  let entry = memos.get(index);
  if (!entry || entry.lexicon !== lexicon || entry.isSubject !== isSubject || entry.size !== index.size) {
    entry = { lexicon, isSubject, size: index.size, memo: new Map() };
    memos.set(index, entry);
  }
  return entry.memo;
}

/**
 * Sources as close to the draft's claim as the ones that support it, in other documents, that give
 * another value: "$500 billion" has one source for it and one against ("the sources disagree").
 */
function disputing(d: Claim, scored: ScoredCandidate[], supporting: ScoredCandidate[], lexicon: Lexicon): ScoredCandidate[] | undefined {
  const supportDocs = new Set(supporting.map((s) => s.claim.documentId));
  if (!scored.some((s) => !s.agrees && !supportDocs.has(s.claim.documentId))) return undefined;
  const best = supporting[0];
  const anchors = anchorFigures(d, lexicon);
  const against = scored.filter(
    // (The scalar tests first: they spare most candidates the look-up of their document.)
    (s) =>
      !s.agrees &&
      s.nameHits >= best.nameHits &&
      s.score >= best.score * 0.8 &&
      !supportDocs.has(s.claim.documentId) &&
      // (Its own document does not also support the draft elsewhere: supportDocs holds every
      // document of an agreeing source.)
      !(anchors.length > 0 && anchoredElsewhere(anchors, s.claim, lexicon)),
  );
  return against.length ? against.slice(0, 2) : undefined;
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

/** Forgets what verification cached of sentences and words (called when no draft is open any more). */
export function releaseVerificationCaches(): void {
  sentenceFigures.clear();
  memos = new WeakMap();
  releaseWordPatterns();
}

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
