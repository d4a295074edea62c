// The corpus timeline: every dated fact of the index placed on a time axis, one lane per entity.
// Pure data for the timeline view; the drawing happens in the client's webview.
import { datesCompatible, formatDate } from "../extract/dates";
import { sentenceRangeOf, type IndexedClaim } from "../index/factIndex";
import type { DateModifier, DateValue, Entity, PartialDate } from "../types";
import type { TimelineData, TimelineDocument, TimelineLane, TimelinePoint, TimelineSource } from "./types";

export type { TimelineData, TimelineDocument, TimelineLane, TimelinePoint, TimelineSource } from "./types";

/** What the timeline needs from the engine; the service passes its own index and registry. */
export interface TimelineInput {
  claims: readonly IndexedClaim[];
  entity(id: string): Entity | undefined;
  /** Can the entity be what a sentence is about (an agreement, a forum), not a place or a concept? */
  isSubject(id: string): boolean;
  /** Recurring events (meetings) happen on many dates: several dates are no disagreement. */
  recurring(predicate: string): boolean;
  /** The noun of an event class ("sign" -> "signing"), when it has one. */
  eventNoun(predicate: string): string | undefined;
  source(claim: IndexedClaim): TimelineSource;
  document(id: string): TimelineDocument;
}

/** More points than this would not be readable anyway; the data says how many were left out. */
export const MAX_TIMELINE_POINTS = 5000;

/** Nouns for the event classes the service's cards do not name. */
const MORE_NOUNS: Record<string, string> = {
  open: "opening", complete: "completion", expire: "expiry", close: "closing", award: "award",
  say: "statement", grow: "growth", fall: "fall", deadline: "deadline",
};

const MODIFIER_WORD: Partial<Record<DateModifier, string>> = { since: "since", before: "before", after: "after", by: "by", until: "until" };

export function buildTimeline(engine: TimelineInput): TimelineData {
  // Asking whether an entity is a subject matches its name against the places: once per entity.
  const subjects = new Map<string, boolean>();
  const isSubject = (id: string) => subjects.get(id) ?? subjects.set(id, engine.isSubject(id)).get(id)!;
  const input: TimelineInput = { ...engine, isSubject };
  const points = new Map<string, TimelinePoint>();
  const firstFacts = new Map<TimelinePoint, DatedFact>();
  for (const fact of datedFacts(input)) addPoint(points, firstFacts, fact, input);
  const sorted = [...points.values()].sort((a, b) => a.from.localeCompare(b.from) || a.lane.localeCompare(b.lane) || a.label.localeCompare(b.label));
  const kept = sorted.slice(0, MAX_TIMELINE_POINTS);
  kept.forEach((p, i) => (p.id = i));
  markDisagreements(kept, firstFacts, input);
  return { lanes: lanesOf(kept, input), points: kept, documents: documentsOf(kept, input), omitted: sorted.length - kept.length };
}

/** One dated fact before merging: a lane, a label and a span, with its claim. */
interface DatedFact {
  lane: string;
  label: string;
  predicate?: string;
  order?: string;
  modifier?: DateModifier;
  date: PartialDate;
  dateText: string;
  from: string;
  to: string;
  kind: "event" | "period";
  claim: IndexedClaim;
}

function* datedFacts(input: TimelineInput): Generator<DatedFact> {
  const periodEnds = new Map<string, IndexedClaim[]>();
  for (const claim of input.claims) {
    if (claim.value.type !== "date" || claim.value.date.year === undefined) continue;
    if (claim.value.modifier === "between") {
      // "between 2021 and 2027": both ends are claims of one sentence, paired below.
      const key = `${claim.documentId}\u0000${claim.sentenceStart}`;
      pushTo(periodEnds, key, claim);
      continue;
    }
    yield* eventFacts(claim, claim.value, input);
  }
  for (const ends of periodEnds.values()) yield* periodFacts(ends, input);
}

/** A dated event ("was launched in May 2022"): needs an event word and the entity that did it. */
function* eventFacts(claim: IndexedClaim, value: DateValue, input: TimelineInput): Generator<DatedFact> {
  const predicate = claim.predicate;
  if (!predicate) return;
  const noun = input.eventNoun(predicate) ?? MORE_NOUNS[predicate] ?? predicate;
  const modifier = value.modifier;
  const word = modifier ? MODIFIER_WORD[modifier] : undefined;
  const label = [claim.eventOrder, noun].filter(Boolean).join(" ") + (word ? ` (${word})` : "");
  const [from, to] = spanOf(value.date);
  for (const lane of lanesOfClaim(claim, [...claim.eventNames, ...claim.inheritedEntities], input)) {
    yield { lane, label, predicate, order: claim.eventOrder, modifier, date: value.date, dateText: formatDate(value.date), from, to, kind: "event", claim };
  }
}

/** The two ends of "from 2021 to 2027" in one sentence, as one bar. */
function* periodFacts(ends: IndexedClaim[], input: TimelineInput): Generator<DatedFact> {
  if (ends.length !== 2) return; // one end alone, or a list of spans: not clear enough to draw
  const [first, second] = [...ends].sort((a, b) => a.start - b.start);
  if (first.value.type !== "date" || second.value.type !== "date") return;
  const from = spanOf(first.value.date)[0];
  const to = spanOf(second.value.date)[1];
  if (to < from) return;
  const noun = first.predicate ? input.eventNoun(first.predicate) : undefined;
  const label = noun ? `${noun} (period)` : "period";
  const dateText = `${formatDate(first.value.date)} – ${formatDate(second.value.date)}`;
  const parties = first.clauseEntities ?? first.entities;
  for (const lane of lanesOfClaim(first, parties, input)) {
    yield { lane, label, date: first.value.date, dateText, from, to, kind: "period", claim: first };
  }
}

function lanesOfClaim(claim: IndexedClaim, named: readonly string[], input: TimelineInput): string[] {
  const lanes = new Set<string>();
  for (const id of named) if (claim.entities.includes(id) && input.isSubject(id)) lanes.add(id);
  return [...lanes];
}

/** Facts with the same lane, label and date are one point with several sources. */
function addPoint(points: Map<string, TimelinePoint>, firstFacts: Map<TimelinePoint, DatedFact>, fact: DatedFact, input: TimelineInput): void {
  const key = [fact.lane, fact.label, fact.dateText].join("\u0000");
  let point = points.get(key);
  if (!point) {
    point = {
      id: 0,
      lane: fact.lane,
      label: fact.label,
      dateText: fact.dateText,
      from: fact.from,
      to: fact.to,
      kind: fact.kind,
      exact: fact.kind === "period" || fact.date.day !== undefined,
      sources: [],
    };
    firstFacts.set(point, fact);
    points.set(key, point);
  }
  const source = fact.claim;
  const seen = point.sources.some((s) => s.document === source.documentId && s.range.start.line === sentenceRangeOf(source).start.line);
  if (!seen) point.sources.push(input.source(source));
}

/**
 * Points of one lane about the same one-time event (the launch, the first signing) whose dates
 * cannot both be right, in different documents: each gets the group's number, so the view can
 * draw and mark them. One document giving two dates for "the launch" speaks of two launches.
 */
function markDisagreements(points: TimelinePoint[], firstFacts: Map<TimelinePoint, DatedFact>, input: TimelineInput): void {
  const groups = new Map<string, TimelinePoint[]>();
  for (const point of points) {
    const fact = firstFacts.get(point);
    if (!fact || fact.kind !== "event" || fact.modifier || !fact.predicate || input.recurring(fact.predicate)) continue;
    const key = `${point.lane}\u0000${fact.predicate}\u0000${fact.order ?? ""}`;
    pushTo(groups, key, point);
  }
  let next = 0;
  for (const group of groups.values()) {
    const disagreeing = new Set<TimelinePoint>();
    for (const [i, a] of group.entries()) {
      for (const b of group.slice(i + 1)) {
        if (datesCompatible(firstFacts.get(a)!.date, firstFacts.get(b)!.date) || !fromTwoDocuments(a, b)) continue;
        disagreeing.add(a).add(b);
      }
    }
    if (disagreeing.size === 0) continue;
    const id = next++;
    for (const point of disagreeing) point.disagreement = id;
  }
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function fromTwoDocuments(a: TimelinePoint, b: TimelinePoint): boolean {
  return new Set([...a.sources, ...b.sources].map((s) => s.document)).size > 1;
}

function lanesOf(points: TimelinePoint[], input: TimelineInput): TimelineLane[] {
  const counts = new Map<string, number>();
  for (const p of points) counts.set(p.lane, (counts.get(p.lane) ?? 0) + 1);
  const lanes = [...counts].map(([id, count]): TimelineLane => {
    const entity = input.entity(id);
    return { id, name: entity?.name ?? id, acronym: entity?.acronym, points: count };
  });
  return lanes.sort((a, b) => b.points - a.points || a.name.localeCompare(b.name));
}

function documentsOf(points: TimelinePoint[], input: TimelineInput): TimelineDocument[] {
  const ids = new Set(points.flatMap((p) => p.sources.map((s) => s.document)));
  return [...ids].map((id) => input.document(id)).sort((a, b) => a.title.localeCompare(b.title));
}

const PART_MONTHS: Record<NonNullable<PartialDate["part"]>, [number, number]> = {
  spring: [3, 5], summer: [6, 8], autumn: [9, 11], winter: [12, 14], early: [1, 4], late: [9, 12],
  h1: [1, 6], h2: [7, 12], q1: [1, 3], q2: [4, 6], q3: [7, 9], q4: [10, 12],
};

/** The days a partial date may stand for, as ISO dates: "May 2022" is 2022-05-01 to 2022-05-31. */
export function spanOf(date: PartialDate): [string, string] {
  const year = date.year ?? 0;
  if (date.month !== undefined && date.day !== undefined) return [iso(year, date.month, date.day), iso(year, date.month, date.day)];
  const [first, last] = date.month !== undefined ? [date.month, date.month] : date.part ? PART_MONTHS[date.part] : [1, 12];
  return [iso(year, first, 1), iso(year, last + 1, 0)];
}

/** Date.UTC rolls months past 12 and day 0 over, which gives month ends and winters for free. */
function iso(year: number, month: number, day: number): string {
  return new Date(Date.UTC(year, month - 1, day)).toISOString().slice(0, 10);
}
