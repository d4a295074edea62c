// Sentences to claims: for every date or figure in a sentence, what the sentence says it is about
// (entities, places, people), the event or measure around it, and the time it refers to.
import type { Claim, ClaimValue, EntityMention, PartialDate, ProseBlock } from "../types";
import type { EntityRegistry } from "./entities";
import { findDates } from "./dates";
import type { Lexicon } from "./lexicon";
import { matchTokens, type PhraseMatch } from "./phraseMatcher";
import { findQuantities } from "./quantities";
import { splitSentences } from "./sentences";
import { isContentWord, isMonthWord, stem, STOP_WORDS, tokenize, type Token } from "./words";

export interface ExtractionContext {
  registry: EntityRegistry;
  lexicon: Lexicon;
  /** Publication date of the text, for dates written without a year. */
  reference?: PartialDate;
  /**
   * What a claim is about: the names of its own clause ("clause", for drafts, so that
   * "X was $1, while Y was $2" keeps X and Y apart) or of its whole sentence ("sentence", for sources).
   */
  scope?: "clause" | "sentence";
}

export interface AnalyzedSentence {
  /** Offsets in the block text. */
  start: number;
  end: number;
  text: string;
  /** Entity mentions with offsets in the sentence text. */
  mentions: EntityMention[];
  entities: string[];
}

export interface BlockAnalysis {
  sentences: AnalyzedSentence[];
  /** Claims with offsets mapped to the source (through the block's sourceOffsets). */
  claims: Claim[];
}

/** Opening words that refer back to the previous sentence's subject ("It", "This working group"). */
const ANAPHOR_RE =
  /^(?:It|Its|This|That|These|Those|They|Their|Such|(?:The|This|That|These|Those|Such)\s+(?:[a-z-]+\s+){0,2}(?:framework|agreement|group|partnership|initiative|pact|deal|meeting|meetings|dialogue|forum|summit|mechanism|network|law|act|strategy|report|trilateral|bloc|alliance|body|committee|arrangement|treaty|program|programme|plan|policy|countries|members|economies|nations))\b/;

const TITLES = new Set(
  "president prime minister secretary foreign chairman chair vice deputy former general ambassador senator governor king queen premier chancellor director commissioner representative mr mrs ms dr minister's president's".split(
    " ",
  ),
);

const CLAUSE_BREAK = /[,;:—–]|\s-\s/;

interface Span {
  start: number;
  end: number;
}

function inside(spans: Span[], s: number, e: number): boolean {
  return spans.some((x) => s < x.end && x.start < e);
}

/** Does the text between two offsets contain a clause break? */
function breaks(text: string, from: number, to: number): boolean {
  return CLAUSE_BREAK.test(text.slice(from, to));
}

/** Offsets of parenthesised stretches, where predicates are asides ("(later joined by Fiji)"). */
function parentheticals(text: string): Span[] {
  const out: Span[] = [];
  const re = /\([^()]*\)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) out.push({ start: m.index, end: m.index + m[0].length });
  return out;
}

/** Capitalised runs that are not entities, places, titles or sentence-initial single words. */
function otherNamesOf(sentence: string, tokens: Token[], taken: Span[]): { names: string[]; spans: Span[] } {
  const names: string[] = [];
  const spans: Span[] = [];
  let run: Token[] = [];
  const flush = () => {
    if (run.length === 0) return;
    const isInitial = run[0].start === tokens[0]?.start;
    if (!(isInitial && run.length === 1)) {
      const name = run.map((t) => t.text.replace(/['’]s$/, "")).join(" ").toLowerCase();
      names.push(name);
      spans.push({ start: run[0].start, end: run[run.length - 1].end });
    }
    run = [];
  };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    const lower = t.text.toLowerCase();
    const capital = /^\p{Lu}/u.test(t.text);
    const ok =
      capital && !inside(taken, t.start, t.end) && !STOP_WORDS.has(lower) && !isMonthWord(lower) && !TITLES.has(lower) && !/^\p{Lu}?\d/u.test(t.text);
    if (ok && run.length > 0 && t.start - run[run.length - 1].end > 1) flush();
    if (ok) run.push(t);
    else flush();
  }
  flush();
  return { names, spans };
}

interface SentenceFacts {
  entities: string[];
  places: string[];
  otherNames: string[];
  years: number[];
}

/**
 * Analyses one prose block: sentences, entity mentions, and a claim per date or figure.
 * `previous` carries the facts of earlier sentences in the block for context.
 */
export function analyzeBlock(block: ProseBlock, ctx: ExtractionContext): BlockAnalysis {
  const { registry, lexicon } = ctx;
  const matcher = registry.matcher();
  const sentences: AnalyzedSentence[] = [];
  const claims: Claim[] = [];
  const history: SentenceFacts[] = [];
  const headingFacts = block.heading ? headingNames(block.heading, ctx) : [];
  const spans = block.kind === "table_row" ? [{ start: 0, end: block.text.length }] : splitSentences(block.text);

  for (const span of spans) {
    const sentence = block.text.slice(span.start, span.end);
    const rawTokens = matchTokens(sentence);
    const entityMatches = matcher.find(sentence, rawTokens);
    const placeMatches = lexicon.places.find(sentence, rawTokens).filter((p) => !inside(entityMatches, p.start, p.end));
    const mentions: EntityMention[] = entityMatches.map((m) => ({ entityId: m.key, start: m.start, end: m.end, text: m.text }));
    const words = tokenize(sentence);
    const named: Span[] = [...entityMatches, ...placeMatches];
    const other = otherNamesOf(sentence, words, named);
    const allNamed = [...named, ...other.spans];

    let entities = unique(entityMatches.map((m) => m.key));
    const prev = history[history.length - 1];
    if (prev && ANAPHOR_RE.test(sentence)) entities = unique([...entities, ...prev.entities]);
    const places = unique(placeMatches.map((m) => m.key));

    const dates = findDates(sentence, ctx.reference).filter((d) => !inside(entityMatches, d.start, d.end));
    const quantities = findQuantities(sentence, lexicon.hedges).filter(
      (q) => !inside(entityMatches, q.start, q.end) && !inside(dates, q.start, q.end),
    );
    const years = unique(dates.map((d) => d.value.date.year).filter((y): y is number => y !== undefined));
    const facts: SentenceFacts = { entities, places, otherNames: other.names, years };

    sentences.push({ start: span.start, end: span.end, text: sentence, mentions, entities });

    const values: { start: number; end: number; text: string; value: ClaimValue }[] = [...dates, ...quantities];
    if (values.length > 0) {
      const paren = parentheticals(sentence);
      const predicateMatches = lexicon.predicates
        .find(sentence, rawTokens)
        .filter((p) => !inside(entityMatches, p.start, p.end) && !inside(paren, p.start, p.end));
      const valueSpans: Span[] = values;
      const termOf = (t: Token): string | undefined => {
        const lower = t.text.toLowerCase();
        const cls = lexicon.predicateWord.get(lower);
        if (cls) return `%${cls}`;
        if (!isContentWord(t.text)) return undefined;
        if (lexicon.hedges && Object.values(lexicon.hedges).some((list) => list.includes(lower))) return undefined;
        return stem(t.text);
      };
      const plainTokens = words.filter((t) => !inside(allNamed, t.start, t.end) && !inside(valueSpans, t.start, t.end));
      const terms = unique([
        ...plainTokens.map(termOf).filter((x): x is string => !!x),
        ...entities.map((e) => `@${e}`),
      ]);
      const context = history.slice(-2);
      const contextNames = unique([
        ...context.flatMap((h) => [...h.entities, ...h.places]),
        ...headingFacts,
      ]);
      const contextYears = unique(context.flatMap((h) => h.years));

      const clauses = ctx.scope === "clause" ? clauseSpans(sentence) : [{ start: 0, end: sentence.length }];
      for (const v of values) {
        const clause = clauses.find((c) => v.start >= c.start && v.start < c.end) ?? { start: 0, end: sentence.length };
        const inClause = (m: Span) => m.start >= clause.start && m.end <= clause.end;
        const clauseEntities = unique(entityMatches.filter(inClause).map((m) => m.key));
        const clausePlaces = unique(placeMatches.filter(inClause).map((m) => m.key));
        const clauseOther = other.names.filter((_, i) => inClause(other.spans[i]));
        const scoped = clauseEntities.length + clausePlaces.length + clauseOther.length > 0 && clauses.length > 1;
        // The opening clause inherits what the previous sentence spoke of ("It was signed ...").
        const inherited = clause.start === 0 ? entities.filter((e) => !entityMatches.some((m) => m.key === e)) : [];
        const claimPredicates = predicateMatches.filter((p) => !scoped || inClause(p));
        const predicate = nearestPredicate(claimPredicates, v);
        const measure =
          v.value.type === "date" && predicate
            ? eventTerms(sentence, v, predicate.match, words, allNamed, valueSpans, termOf)
            : measureTerms(sentence, v, words, entityMatches, allNamed, valueSpans, termOf);
        const eventOrder = predicate ? orderOf(sentence, predicate.match, lexicon) : undefined;
        const mapped = mapSpan(block, span.start + v.start, span.start + v.end);
        const sentenceMapped = mapSpan(block, span.start, span.end);
        if (!mapped || !sentenceMapped) continue;
        claims.push({
          value: v.value,
          valueText: v.text,
          start: mapped.start,
          end: mapped.end,
          sentence,
          sentenceStart: sentenceMapped.start,
          sentenceEnd: sentenceMapped.end,
          entities: scoped ? unique([...clauseEntities, ...inherited]) : entities,
          names: scoped ? clausePlaces : places,
          contextNames,
          predicate: predicate?.cls,
          eventOrder,
          measure,
          terms,
          years: years.filter((y) => !(v.value.type === "date" && v.value.date.year === y && !yearsElsewhere(dates, v, y))),
          contextYears,
          otherNames: scoped ? clauseOther : other.names,
        });
      }
    }
    history.push(facts);
  }
  return { sentences, claims };
}

function yearsElsewhere(dates: { start: number; value: { date: PartialDate } }[], v: { start: number }, year: number): boolean {
  return dates.some((d) => d.start !== v.start && d.value.date.year === year);
}

function headingNames(heading: string, ctx: ExtractionContext): string[] {
  const tokens = matchTokens(heading);
  return unique([
    ...ctx.registry.matcher().find(heading, tokens).map((m) => m.key),
    ...ctx.lexicon.places.find(heading, tokens).map((m) => m.key),
  ]);
}

/**
 * Content words near the value, not across a clause break: what the value measures. Up to
 * MAX_TERMS content words on each side; names and stop words do not count towards that.
 */
function measureTerms(
  sentence: string,
  v: Span,
  words: Token[],
  entityMatches: PhraseMatch<string>[],
  named: Span[],
  values: Span[],
  termOf: (t: Token) => string | undefined,
): string[] {
  const MAX_TERMS = 4;
  const MAX_TOKENS = 12;
  const out: string[] = [];
  const side = (tokens: Token[], gap: (t: Token, edge: number) => [number, number], nextEdge: (t: Token) => number, edge: number) => {
    let taken = 0;
    for (let i = 0; i < tokens.length && i < MAX_TOKENS && taken < MAX_TERMS; i++) {
      const t = tokens[i];
      const [from, to] = gap(t, edge);
      if (breaks(sentence, from, to)) break;
      edge = nextEdge(t);
      if (inside(values, t.start, t.end)) continue;
      if (inside(named, t.start, t.end)) {
        const e = entityMatches.find((m) => t.start >= m.start && t.end <= m.end);
        if (e) out.push(`@${e.key}`);
        continue;
      }
      const term = termOf(t);
      if (term) {
        out.push(term);
        taken++;
      }
    }
  };
  side(
    words.filter((t) => t.end <= v.start).reverse(),
    (t, edge) => [t.end, edge],
    (t) => t.start,
    v.start,
  );
  side(
    words.filter((t) => t.start >= v.end),
    (t, edge) => [edge, t.start],
    (t) => t.end,
    v.end,
  );
  return unique(out);
}

/** Clauses of a sentence, split where a new subject usually starts ("; ", ", while", ", whereas", ", but", ", and"). */
function clauseSpans(sentence: string): Span[] {
  const out: Span[] = [];
  const re = /;\s+|,\s+(?=(?:while|whereas|but|and|although|though|compared with|as)\b)|\s+(?=(?:while|whereas)\b)/g;
  let start = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(sentence))) {
    out.push({ start, end: m.index });
    start = m.index + m[0].length;
  }
  out.push({ start, end: sentence.length });
  return out;
}

/**
 * For a date: the words that say what happened ("negotiations were launched", "first signed"):
 * the predicate, the content word before it (the subject's head), and the words between it and the date.
 */
function eventTerms(
  sentence: string,
  v: Span,
  predicate: Span,
  words: Token[],
  named: Span[],
  values: Span[],
  termOf: (t: Token) => string | undefined,
): string[] {
  const out: string[] = [];
  const lo = Math.min(predicate.start, v.end);
  const hi = Math.max(predicate.end, v.start);
  for (const t of words) {
    if (t.start >= lo && t.end <= hi && !inside(named, t.start, t.end) && !inside(values, t.start, t.end)) {
      const term = termOf(t);
      if (term) out.push(term);
    }
  }
  let taken = 0;
  let edge = predicate.start;
  const before = words.filter((t) => t.end <= predicate.start).reverse();
  for (let i = 0; i < before.length && i < 5 && taken < 1; i++) {
    const t = before[i];
    if (breaks(sentence, t.end, edge)) break;
    edge = t.start;
    if (inside(named, t.start, t.end) || inside(values, t.start, t.end)) continue;
    const term = termOf(t);
    if (term) {
      out.push(term);
      taken++;
    }
  }
  return unique(out);
}

function nearestPredicate(matches: PhraseMatch<string>[], v: Span): { cls: string; match: PhraseMatch<string> } | undefined {
  let best: PhraseMatch<string> | undefined;
  let bestDistance = Infinity;
  for (const m of matches) {
    const d = m.end <= v.start ? v.start - m.end : m.start >= v.end ? m.start - v.end + 1 : 0;
    if (d < bestDistance) {
      best = m;
      bestDistance = d;
    }
  }
  return best ? { cls: best.key, match: best } : undefined;
}

/** "first signed", "last convened", "the most recent meeting": the order word just before the predicate. */
function orderOf(sentence: string, predicate: Span, lexicon: Lexicon): "first" | "last" | undefined {
  const before = sentence.slice(Math.max(0, predicate.start - 40), predicate.start).toLowerCase();
  const words = before.split(/[^\p{L}-]+/u).filter(Boolean).slice(-4);
  for (let i = words.length - 1; i >= 0; i--) {
    const w = words[i];
    const two = i > 0 ? `${words[i - 1]} ${w}` : "";
    if (lexicon.firstWords.has(w) || lexicon.firstWords.has(two)) return "first";
    if (lexicon.lastWords.has(w) || lexicon.lastWords.has(two)) return "last";
  }
  return undefined;
}

/** Maps block-text offsets to source offsets; undefined when the span has no source characters. */
function mapSpan(block: ProseBlock, start: number, end: number): Span | undefined {
  const offsets = block.sourceOffsets;
  let s = -1;
  for (let i = start; i < end && s < 0; i++) s = offsets[i];
  let e = -1;
  for (let i = end - 1; i >= start && e < 0; i--) if (offsets[i] >= 0) e = offsets[i] + 1;
  if (s < 0 || e < 0) return undefined;
  return { start: s, end: e };
}

function unique<T>(xs: T[]): T[] {
  return [...new Set(xs)];
}
