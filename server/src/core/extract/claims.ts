// Sentences to claims: for every date or figure in a sentence, what the sentence says it is about
// (entities, places, people), the event or measure around it, and the time it refers to.
import type { AnchorProbe, Claim, ClaimValue, EntityMention, PartialDate, ProseBlock } from "../types";
import type { EntityRegistry } from "./entities";
import { findDates } from "./dates";
import { DiscourseMemory, resolveDescriptions, type Resolution } from "./discourse";
import type { Lexicon } from "./lexicon";
import { matchTokens, type PhraseMatch, type PhraseMatcher } from "./phraseMatcher";
import { findQuantities } from "./quantities";
import { splitSentences } from "./sentences";
import { overlapIndexOf } from "../util/overlapIndex";
import { sortedSpansOf, spansMaybeOverlapping } from "../util/sortedSpans";
import { ClauseBreaks, clauseBreakBetween, isContentWord, PunctuationCounts, isMonthWord, stem, STOP_WORDS, tokenize, wordsFromPieces, type Token } from "./words";
import { CachePerOwner } from "../util/boundedCache";

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
  /** Title of the source document: its names are context for every sentence. */
  title?: string;
  /**
   * Drafts: only claims are wanted, and only those the index could speak to. Sentences without a
   * figure or date are skipped before any matching, and claims whose names the index does not
   * know are not built.
   */
  claimsOnly?: {
    known: (anchor: string) => boolean;
    /**
     * Can the index have a candidate for a claim read this far? A claim it cannot is built light:
     * its value, place and sentence (all a verdict of "not covered" and the claims report read),
     * without the words verification would compare. (Explanations read every claim in full.)
     */
    answerable?: (probe: AnchorProbe) => boolean;
  };
  /** What the document has named so far, across blocks: resolves "it", "the Act", "the deal". */
  discourse?: DiscourseMemory;
}

/** A cheap test for anything that could be a date or a figure: digits, number words, months, relative years. */
const MAYBE_VALUE_RE =
  /\d|\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|dozen|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|twentieth|this year|last year|next year|previous year|following year|January|February|March|April|May|June|July|August|September|October|November|December)\b/i;

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
  /** The sentences read, with their mentions (sources only: a draft's reading gives none). */
  sentences: AnalyzedSentence[];
  /** Claims with offsets mapped to the source (through the block's sourceOffsets). */
  claims: Claim[];
  /** The claims built light, which the index has no candidate for (see claimsOnly.answerable): "not covered" without a look. */
  unanswerable?: Set<Claim>;
  /** Set when the deadline passed before the block was read to its end. */
  incomplete?: boolean;
}

/** Opening words that refer back to the previous sentence's subject ("It", "This working group"). */
const ANAPHOR_RE =
  /^(?:It|Its|This|That|These|Those|They|Their|Such|(?:The|This|That|These|Those|Such)\s+(?:[a-z-]+\s+){0,2}(?:framework|agreement|group|partnership|initiative|pact|deal|meeting|meetings|dialogue|forum|summit|mechanism|network|law|act|strategy|report|trilateral|bloc|alliance|body|committee|arrangement|treaty|program|programme|plan|policy|countries|members|economies|nations))\b/;

const COPULA_IDENTIFICATION = /^(?:This|That|These|Those|It)\s+(?:was|is|were|are|will be|has been)\s+(?:also\s+)?(?:the|a|an)\b/;

const TITLES = new Set(
  "president presidents prime minister ministers secretary secretaries foreign chairman chair vice deputy former general ambassador senator governor king queen premier chancellor director commissioner representative mr mrs ms dr minister's president's leader leaders".split(
    " ",
  ),
);

const WEEKDAYS = new Set(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]);

/** Capitalised words that are units, not names ("2 degrees Celsius"). */
const UNIT_NAMES = new Set(["Celsius", "Fahrenheit", "Kelvin"]);

const CURRENCY_CODES = new Set(["USD", "EUR", "GBP", "JPY", "KRW", "CNY", "RMB", "AUD", "SGD", "CAD", "CHF", "INR"]);

const DATELINE_RE = /^\s*\p{Lu}[\p{Lu}\s.,'’-]{2,}(?:\s*\([^)]{1,40}\))?\s*[—–-]\s+/u;

const PREPOSITION_RE = /\b(?:to|for|from|in|into|of|by|with|under|on|at)\b/i;

interface Span {
  start: number;
  end: number;
}

function inside(spans: Span[], s: number, e: number): boolean {
  // (A long list, as a sentence of many names has, is asked through its index: no scan per word.)
  if (spans.length > 24) return overlapIndexOf(spans).overlaps(s, e);
  for (let i = 0; i < spans.length; i++) if (s < spans[i].end && spans[i].start < e) return true;
  return false;
}

/** Does the text between two offsets contain a clause break? */
const breaks = clauseBreakBetween;

/** Offsets of parenthesised stretches, where predicates are asides ("(later joined by Fiji)"). */
function parentheticals(text: string): Span[] {
  const out: Span[] = [];
  const re = /\([^()]*\)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) out.push({ start: m.index, end: m.index + m[0].length });
  return out;
}

/** Capitalised runs that are not entities, places, titles or sentence-initial single words. */
function otherNamesOf(
  sentence: string,
  tokens: Token[],
  taken: Span[],
  isProperNoun: (w: string) => boolean,
): { names: string[]; spans: Span[] } {
  const names: string[] = [];
  const spans: Span[] = [];
  let run: Token[] = [];
  const flush = () => {
    if (run.length === 0) return;
    // (After a label's colon or a dash a clause starts afresh: "Money for nature: Signatories aim ...".)
    const isInitial = run[0].start === tokens[0]?.start || /[:—–]\s*$/.test(sentence.slice(Math.max(0, run[0].start - 3), run[0].start));
    // A lone capitalised word opening a sentence may be an ordinary word; an acronym is a name.
    if (!(isInitial && run.length === 1 && !/^\p{Lu}{2,}$/u.test(run[0].text) && !isProperNoun(run[0].text.replace(/['’]s$/, "")))) {
      // "Trafigura-led" names Trafigura.
      const name = run
        .map((t) => t.text.replace(/['’]s$/, "").replace(/-(?:led|based|backed|owned|run|funded|financed|linked|controlled)$/i, ""))
        .join(" ")
        .toLowerCase();
      names.push(name);
      spans.push({ start: run[0].start, end: run[run.length - 1].end });
    }
    run = [];
  };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    // (Most words are not capitalised: told by the first character's code before any regex.)
    const first = t.text.charCodeAt(0);
    const capital = (first >= 65 && first <= 90) || (first > 127 && /^\p{Lu}/u.test(t.text));
    const lower = capital ? t.text.toLowerCase() : "";
    const ok =
      capital &&
      !inside(taken, t.start, t.end) &&
      !STOP_WORDS.has(lower) &&
      !isMonthWord(lower) &&
      !WEEKDAYS.has(lower) &&
      !TITLES.has(lower) &&
      !CURRENCY_CODES.has(t.text) &&
      !UNIT_NAMES.has(t.text) &&
      !/^\p{Lu}?\d/u.test(t.text);
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

/** What a block has said so far: its sentences' facts, names and years, kept as it is read (a long block must stay linear). */
class BlockMemory {
  readonly history: SentenceFacts[] = [];
  readonly seenNames: Set<string>;
  readonly seenYears = new Set<number>();

  constructor(block: ProseBlock, ctx: ExtractionContext) {
    this.seenNames = new Set([...(block.heading ? headingNames(block.heading, ctx) : []), ...(ctx.title ? headingNames(ctx.title, ctx) : [])]);
  }

  remember(f: SentenceFacts): void {
    this.history.push(f);
    for (const e of f.entities) this.seenNames.add(e);
    for (const p of f.places) this.seenNames.add(p);
    for (const y of f.years) this.seenYears.add(y);
  }
}

/**
 * Analyses one prose block, a sentence at a time, in stages: mentions (entities, places, other
 * names), discourse (what the sentence speaks of), values (dates, figures), then a claim per value.
 */
export function analyzeBlock(block: ProseBlock, ctx: ExtractionContext, deadline?: number): BlockAnalysis {
  const memory = new BlockMemory(block, ctx);
  const sentences: AnalyzedSentence[] = [];
  const claims: Claim[] = [];
  let unanswerable: Set<Claim> | undefined;
  const spans = block.kind === "table_row" ? [{ start: 0, end: block.text.length }] : splitSentences(block.text);
  for (let i = 0; i < spans.length; i++) {
    // A paragraph of thousands of sentences is read only until the deadline (`deadline`: a
    // performance.now() time), asked every few sentences: it must not hold up the editor.
    if (deadline !== undefined && i % 4 === 3 && performance.now() > deadline) return { sentences, claims, incomplete: true };
    const span = spans[i];
    const sentence = block.text.slice(span.start, span.end);
    if (!MAYBE_VALUE_RE.test(sentence)) {
      const named = readNamesOnly(sentence, span, memory, ctx);
      if (named) sentences.push(named);
      continue;
    }
    const mentions = readMentions(sentence, ctx);
    const subject = resolveSubject(mentions, memory, block, ctx);
    // A draft's sentence the index cannot speak to needs only its years, as context for later ones.
    const checkable = worthChecking(mentions, subject, block, ctx);
    const values = checkable ? readValues(mentions, ctx) : readYears(mentions, ctx);
    // A dateline's place is where the story was filed: context for the sentence, not its subject.
    for (const p of ctx.lexicon.places.find(sentence.slice(0, mentions.dateline))) memory.seenNames.add(p.key);
    const checking = checkable && values.all.length > 0;
    // (What the block said before this sentence, as it stood: only sentences with claims need it.)
    const context = checking ? { names: [...memory.seenNames], years: [...memory.seenYears] } : undefined;
    memory.remember({ entities: subject.entities, places: subject.places, otherNames: mentions.other.names, years: values.years });
    // (A draft's reading gives only claims: its sentences and mentions are for sources' cards.)
    if (!ctx.claimsOnly) sentences.push({ start: span.start, end: span.end, text: sentence, mentions: mentions.mentions, entities: subject.entities });
    if (!context) continue;
    const frame = frameSentence(block, span, mentions, subject, values, context, ctx);
    for (const v of values.all) {
      // (One sentence of thousands of words and dozens of values is read only until the deadline too.)
      if (deadline !== undefined && performance.now() > deadline) return { sentences, claims, incomplete: true };
      const claim = claimOf(v, frame, ctx);
      if (claim) claims.push(claim);
    }
    if (frame.lightClaims) for (const claim of frame.lightClaims) (unanswerable ??= new Set()).add(claim);
  }
  noteLeadIn(block, ctx);
  return { sentences, claims, unanswerable };
}

/** A paragraph ending in a colon introduces the list after it; any other block but a list item ends that. */
function noteLeadIn(block: ProseBlock, ctx: ExtractionContext): void {
  const memory = ctx.discourse;
  if (!memory || block.kind === "list_item") return;
  memory.leadIn = undefined;
  if (block.kind !== "paragraph" || !endsWithColon(block.text)) return;
  const text = block.text;
  const tokens = matchTokens(text);
  const entities = unique(ctx.registry.matcher().find(text, tokens).map((m) => m.key));
  const named = [...ctx.registry.matcher().find(text, tokens), ...ctx.lexicon.places.find(text, tokens)];
  const names = otherNamesOf(text, wordsFromPieces(text, tokens) ?? tokenize(text), named, (w) => ctx.registry.isProperNoun(w)).names;
  if (entities.length + names.length > 0) memory.leadIn = { entities, names };
}

/** Does the text end in a colon, white space aside (without copying it)? */
function endsWithColon(text: string): boolean {
  let i = text.length - 1;
  while (i >= 0 && /\s/.test(text[i])) i--;
  return text[i] === ":";
}

/** A sentence with no date or figure: only its names matter, as mentions and as context for later sentences. */
function readNamesOnly(sentence: string, span: Span, memory: BlockMemory, ctx: ExtractionContext): AnalyzedSentence | undefined {
  const tokens = matchTokens(sentence);
  const named = ctx.registry.matcher().find(sentence, tokens);
  // A draft's sentence without values matters only for the entities it names, which later
  // sentences may refer to; a source's also gives mentions (for cards) and places.
  const found = ctx.claimsOnly ? named : withDescriptions(sentence, named, ctx).matches;
  const facts = ctx.claimsOnly ? { ...EMPTY_FACTS, entities: unique(named.map((m) => m.key)) } : quickFacts(sentence, ctx, tokens, found);
  const before = antecedent(memory.history) ?? carried(ctx);
  const identifies = facts.entities.length > 0 && COPULA_IDENTIFICATION.test(sentence);
  if (before && !identifies && ANAPHOR_RE.test(sentence)) facts.entities = unique([...facts.entities, ...before.entities]);
  ctx.discourse?.note(facts.entities);
  memory.remember(facts);
  if (ctx.claimsOnly) return undefined;
  const mentions = found.map((m) => ({ entityId: m.key, start: m.start, end: m.end, text: m.text }));
  return { start: span.start, end: span.end, text: sentence, mentions, entities: facts.entities };
}

/** Stage 1, mentions: the names a sentence states (and the descriptions that refer to earlier ones). */
interface SentenceMentions {
  sentence: string;
  rawTokens: ReturnType<typeof matchTokens>;
  words: Token[];
  /** Entity names and resolved descriptions. */
  entityMatches: PhraseMatch<string>[];
  /** Entity names the sentence states itself: a description ("for the corridor") refers, it does not qualify. */
  namedMatches: PhraseMatch<string>[];
  resolutions: Resolution[];
  /** Length of a dateline opening the sentence ("BEIJING (China) — "), 0 if none. */
  dateline: number;
  placeMatches: PhraseMatch<string>[];
  other: { names: string[]; spans: Span[] };
  /** Spans of every name (entities, places, other names). */
  allNamed: Span[];
  mentions: EntityMention[];
}

function readMentions(sentence: string, ctx: ExtractionContext): SentenceMentions {
  const rawTokens = matchTokens(sentence);
  const described = withDescriptions(sentence, ctx.registry.matcher().find(sentence, rawTokens), ctx);
  const entityMatches = described.matches;
  // "BEIJING (China) — The bank opens ...": a dateline says where the story was filed.
  const dateline = DATELINE_RE.exec(sentence)?.[0].length ?? 0;
  const placeMatches = ctx.lexicon.places.find(sentence, rawTokens).filter((p) => !inside(entityMatches, p.start, p.end) && p.start >= dateline);
  const words = wordsFromPieces(sentence, rawTokens) ?? tokenize(sentence);
  const named: Span[] = [...entityMatches, ...placeMatches];
  const other = otherNamesOf(sentence, words, [...named, { start: 0, end: dateline }], (w) => ctx.registry.isProperNoun(w));
  return {
    sentence,
    rawTokens,
    words,
    entityMatches,
    namedMatches: entityMatches.filter((m) => !described.resolved.has(m)),
    resolutions: [...described.resolutions],
    dateline,
    placeMatches,
    other,
    allNamed: [...named, ...other.spans],
    mentions: ctx.claimsOnly ? NO_MENTIONS : entityMatches.map((m) => ({ entityId: m.key, start: m.start, end: m.end, text: m.text })),
  };
}

/** Stage 2, discourse: the entities a sentence speaks of, named or referred to, and how they were found. */
interface SentenceSubject {
  entities: string[];
  places: string[];
  /** The previous sentence's facts (of this block, or the subject the previous block ended on). */
  prev?: SentenceFacts;
  /** Names a draft sentence that names nothing carries over from the one before. */
  fallbackNames: string[];
  resolutions: Resolution[];
}

function resolveSubject(m: SentenceMentions, memory: BlockMemory, block: ProseBlock, ctx: ExtractionContext): SentenceSubject {
  const { sentence, other } = m;
  const resolutions = [...m.resolutions];
  let entities = unique(m.entityMatches.map((x) => x.key));
  // Across paragraphs only an opening pronoun refers back ("It entered into force ..."), not
  // any noun that could ("the company", "the railway").
  const inBlock = antecedent(memory.history);
  const prev = inBlock ?? carried(ctx);
  // "This was the first ministerial meeting" names what "this" is: it inherits nothing.
  const identifies = entities.length > 0 && COPULA_IDENTIFICATION.test(sentence);
  // ("Austria became their 51st signatory": a possessive refers back wherever it stands, but not
  // where the sentence names a body or a person the possessive may be theirs.)
  const possessive = entities.length === 0 && other.names.length === 0 && /\b(?:its|their)\b/i.test(sentence);
  if (prev && !identifies && (ANAPHOR_RE.test(sentence) || (inBlock && (refersBack(sentence, ctx.lexicon) || possessive)))) {
    // (The evidence names the words that referred back.)
    const word = ANAPHOR_RE.exec(sentence)?.[0] ?? referringNoun(sentence, ctx.lexicon) ?? /\b(?:its|their)\b/i.exec(sentence)?.[0] ?? "";
    for (const e of prev.entities) if (!entities.includes(e)) resolutions.push({ entityId: e, word, via: "pronoun" });
    entities = unique([...entities, ...prev.entities]);
  }
  const places = unique(m.placeMatches.map((x) => x.key));
  ctx.discourse?.note(entities);
  let fallbackNames: string[] = [];
  if (entities.length === 0) {
    const fallback = subjectFallback(ctx, block, prev, places.length + other.names.length === 0);
    if (fallback) {
      entities = fallback.entities;
      fallbackNames = fallback.names ?? [];
      resolutions.push(...fallback.resolutions);
    }
  }
  return { entities, places, prev, fallbackNames, resolutions };
}

/** Stage 3, values: the sentence's dates and figures, outside entity names. */
interface SentenceValues {
  dates: ReturnType<typeof findDates>;
  quantities: ReturnType<typeof findQuantities>;
  /** Dates and figures to make claims of, in the order read. */
  all: Value[];
  years: number[];
  ordinals: number[];
}

function readValues(m: SentenceMentions, ctx: ExtractionContext): SentenceValues {
  const { sentence, entityMatches } = m;
  const dates = datesOf(m, ctx);
  const allQuantities = findQuantities(sentence, ctx.lexicon.hedges).filter((q) => !inside(entityMatches, q.start, q.end) && !inside(dates, q.start, q.end));
  const quantities = withChangeRoles(sentence, allQuantities.filter((q) => !q.reference));
  return {
    dates,
    quantities,
    all: [...dates, ...quantities],
    years: yearsOf(dates),
    ordinals: unique(allQuantities.filter((q) => q.value.unit === "ordinal").map((q) => q.value.value)),
  };
}

/** A sentence's dates, outside the names in it ("the 2030 Agenda"). */
function datesOf(m: SentenceMentions, ctx: ExtractionContext): SentenceValues["dates"] {
  return findDates(m.sentence, ctx.reference).filter((d) => !inside(m.entityMatches, d.start, d.end));
}

/** The years a sentence states, and nothing else of its values (no claim is made of it). */
function readYears(m: SentenceMentions, ctx: ExtractionContext): SentenceValues {
  return { dates: [], quantities: [], all: [], years: yearsOf(datesOf(m, ctx)), ordinals: [] };
}

/** The years of a sentence's dates, each once. */
function yearsOf(dates: SentenceValues["dates"]): number[] {
  return unique(dates.map((d) => d.value.date.year).filter((y): y is number => y !== undefined));
}

/** Drafts: only claims the index could speak to are built (a name it knows, in the sentence or the table's header). */
function worthChecking(m: SentenceMentions, subject: SentenceSubject, block: ProseBlock, ctx: ExtractionContext): boolean {
  if (!ctx.claimsOnly) return true;
  const known = ctx.claimsOnly.known;
  // (Cheapest first: most sentences that can be checked name an entity the index knows.)
  if (subject.entities.some((e) => known(`@${e}`)) || subject.places.some((p) => known(`#${p}`))) return true;
  const lastWord = (n: string) => `~${n.split(/\s+/).pop()}`;
  if (m.other.names.some((n) => known(lastWord(n))) || subject.fallbackNames.some((n) => known(lastWord(n)))) return true;
  // (A table's header names what its rows are about: "| AIIB at launch |".)
  const headerNames = block.kind === "table_row" && block.headerText ? headingNames(block.headerText, ctx) : [];
  return headerNames.some((n) => known(`@${n}`) || known(`#${n}`));
}

/** Stage 4, claims: what every claim of one sentence shares. */
interface SentenceFrame {
  block: ProseBlock;
  span: Span;
  m: SentenceMentions;
  subject: SentenceSubject;
  values: SentenceValues;
  context: { names: string[]; years: number[] };
  predicateMatches: PhraseMatch<string>[];
  termOf: (t: Token) => string | undefined;
  terms: string[];
  impliedPlaces: string[];
  respective: Map<Value, { key: string; others: Set<string> }>;
  header?: ReturnType<typeof tableHeader>;
  heads: Map<Value, string | undefined>;
  clauses: Span[];
  ownClauses: Span[];
  qualifiers: Map<Value, Set<string>>;
  namedSpans: { key: string; start: number; end: number }[];
  inheritedEntities: string[];
  /** The sentence's range in the source (undefined: no source characters). */
  sentenceMapped: Span | undefined;
  /** Asides set off by commas (drafts), found once per sentence. */
  asides: Span[];
  /** How many values an entity qualifies (see figureQualifiers), counted when first asked. */
  qualifying?: Map<string, number>;
  /** How many counts count each noun, counted when first asked. */
  headCounts?: Map<string, number>;
  /** A sentence without asides: the places its claims may be about, and their keys, read when first asked. */
  subjectPlaces?: PhraseMatch<string>[];
  subjectPlaceKeys?: string[];
  /** What the nearest event word of each value is told by (see SentenceMarks). */
  marks: SentenceMarks;
  /** Measure words read so far (see measureTerms), made when first asked. */
  measures?: MeasureMemo;
  /** Each own clause's entities (see ownClauseEntities) and the years of its claims (see claimYears), made when first asked. */
  clauseEntities?: Map<Span, string[]>;
  /** Each clause's entities and other names (see namedInClause), made when first asked. */
  namedInClauses?: Map<Span, { entities: string[]; other: string[] }>;
  /** Each clause's event words and (without asides) place keys: see claimEvent and claimParties. */
  clausePredicates?: Map<Span, PhraseMatch<string>[]>;
  clausePlaceKeys?: Map<Span, string[]>;
  /** The sentence's claims built light (see ExtractionContext.claimsOnly.answerable). */
  lightClaims?: Claim[];
  claimYears?: Map<number | "none", number[]>;
}

/**
 * What nearestPredicate asks of a sentence for every pair of value and event word: the clause
 * punctuation between them, and whether an event noun is the setting ("at the summit"), read
 * once per event word.
 */
class SentenceMarks {
  private settings?: Map<PhraseMatch<string>, boolean>;
  private punctuation?: PunctuationCounts;
  private byDistance?: Map<Span[], Map<Span, Span[]>>;
  private clauseBreaks?: ClauseBreaks;

  constructor(
    private readonly sentence: string,
    private readonly lexicon: Lexicon,
  ) {}

  /** How many of "," ";" ":" stand between lo and hi. Asked for every pair of value and event word. */
  punctuationBetween(lo: number, hi: number): number {
    return (this.punctuation ??= new PunctuationCounts(this.sentence)).between(lo, hi);
  }

  /** Is there a clause break between lo and hi (as `breaks` reads one)? Asked for every pair of value and event word. */
  breakBetween(lo: number, hi: number): boolean {
    return (this.clauseBreaks ??= new ClauseBreaks(this.sentence)).between(lo, hi);
  }

  /** `values` nearest first to the event word `p`: sorted once per event word and list of values. */
  nearestFirst<T extends Span>(p: Span, values: T[]): T[] {
    this.byDistance ??= new Map();
    let forValues = this.byDistance.get(values);
    if (!forValues) this.byDistance.set(values, (forValues = new Map()));
    let sorted = forValues.get(p);
    if (!sorted) forValues.set(p, (sorted = [...values].sort((a, b) => distance(p, a) - distance(p, b))));
    return sorted as T[];
  }

  /** A noun inside "at/during the ... summit" is the setting of the event, not the event. */
  isSetting(m: PhraseMatch<string>): boolean {
    this.settings ??= new Map();
    let setting = this.settings.get(m);
    if (setting === undefined) {
      setting =
        this.lexicon.predicateNouns.has(m.text.toLowerCase()) &&
        /\b(?:at|during|on the sidelines of)\s+(?:the\s+|a\s+|an\s+)?(?:[\p{L}\p{N}'’-]+\s+){0,4}$/iu.test(this.sentence.slice(Math.max(0, m.start - 60), m.start));
      this.settings.set(m, setting);
    }
    return setting;
  }
}

function frameSentence(
  block: ProseBlock,
  span: Span,
  m: SentenceMentions,
  subject: SentenceSubject,
  values: SentenceValues,
  context: { names: string[]; years: number[] },
  ctx: ExtractionContext,
): SentenceFrame {
  const { sentence, entityMatches, placeMatches, other } = m;
  const lexicon = ctx.lexicon;
  const paren = parentheticals(sentence);
  const predicateMatches = lexicon.predicates.find(sentence, m.rawTokens).filter((p) => !inside(entityMatches, p.start, p.end) && !inside(paren, p.start, p.end));
  // Words of a multi-word event phrase ("entered into force") stand for its class, not themselves.
  const phraseSpans = predicateMatches.filter((p) => /\s/.test(p.text));
  const termOf = (t: Token): string | undefined => {
    const phrase = phraseSpans.find((p) => t.start >= p.start && t.end <= p.end);
    return phrase ? `%${phrase.key}` : termOfToken(t, lexicon);
  };
  const header = block.kind === "table_row" && block.headerText ? tableHeader(block, sentence, ctx) : undefined;
  // (Only drafts keep a figure's qualifiers apart: see claimParties.)
  const qualifiers = ctx.scope === "clause" ? figureQualifiers(m, values.all) : NO_QUALIFIERS;
  return {
    block,
    span,
    m,
    subject,
    values,
    context,
    predicateMatches,
    termOf,
    terms: sentenceTerms(m, subject, values, termOf, ctx),
    // Sources: the parties an entity's name implies ("US-Japan Critical Minerals Agreement") count as named.
    impliedPlaces: ctx.scope === "clause" || entityMatches.length === 0 ? NO_TERMS : entityMatches.flatMap((x) => placesInName(x.text, lexicon)),
    respective: RESPECTIVELY_RE.test(sentence)
      ? respectivePairs(sentence, values.all, [
          ...entityMatches,
          ...placeMatches,
          ...other.spans.map((sp, i) => ({ key: other.names[i], start: sp.start, end: sp.end, text: other.names[i] })),
        ])
      : NO_PAIRS,
    header,
    heads: countedHeads(m, values.all, header, lexicon),
    clauses: ctx.scope === "clause" ? clauseSpans(sentence) : [{ start: 0, end: sentence.length }],
    // The clause of each value, drafts and sources alike (a list after a colon is its own clause).
    ownClauses: clauseSpans(sentence, true),
    qualifiers,
    marks: new SentenceMarks(sentence, lexicon),
    // (The matches themselves, not copies: only their key and range are read.)
    namedSpans: [
      ...entityMatches,
      ...(ctx.scope === "clause" ? placeMatches.filter((p) => !isLocative(sentence, p.start)) : placeMatches),
      ...other.spans.map((sp, i) => ({ key: other.names[i], start: sp.start, end: sp.end })),
    ],
    inheritedEntities: subject.entities.filter((e) => !entityMatches.some((x) => x.key === e)),
    sentenceMapped: mapSpan(block, span.start, span.end),
    asides: ctx.scope === "clause" ? asideSpans(sentence) : [],
  };
}

const NO_QUALIFIERS = new Map<Value, Set<string>>();
/** (A draft's sentences keep no mentions: shared, never changed.) */
const NO_MENTIONS: EntityMention[] = [];
/** (Shared by every sentence without "respectively": never changed.) */
const NO_PAIRS = new Map<Value, { key: string; others: Set<string> }>();
const RESPECTIVELY_RE = /\brespectively\b/i;

/** How many of the sentence's counts count this noun (counted once per sentence). */
function headCount(f: SentenceFrame, head: string): number {
  if (!f.headCounts) {
    f.headCounts = new Map();
    for (const h of f.heads.values()) if (h) f.headCounts.set(h, (f.headCounts.get(h) ?? 0) + 1);
  }
  return f.headCounts.get(head) ?? 0;
}

function qualifyingCounts(qualifiers: Map<Value, Set<string>>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const q of qualifiers.values()) for (const e of q) counts.set(e, (counts.get(e) ?? 0) + 1);
  return counts;
}

/** The places a name states ("US-Japan Critical Minerals Agreement"): names recur, so read once each. */
function placesInName(name: string, lexicon: Lexicon): string[] {
  const known = namePlaces.of(lexicon);
  return known.get(name) ?? known.keep(name, lexicon.places.find(name).map((p) => p.key));
}

const namePlaces = new CachePerOwner<Lexicon, string, string[]>(20_000);

/**
 * A source sentence's terms, which draft measure words are looked up in: its content words, its
 * entities, and the words of names (a source's "Putin" meets a draft's sentence-initial "Putin";
 * a draft's "memorandum" meets "memorandum of understanding (MOU)"). A draft's own sentence terms
 * are never compared, so drafts skip them.
 */
function sentenceTerms(m: SentenceMentions, subject: SentenceSubject, values: SentenceValues, termOf: (t: Token) => string | undefined, ctx: ExtractionContext): string[] {
  if (ctx.scope === "clause") return NO_TERMS;
  const plainTokens = m.words.filter((t) => !inside(m.allNamed, t.start, t.end) && !inside(values.all, t.start, t.end));
  return unique([
    ...plainTokens.map(termOf).filter((x): x is string => !!x),
    ...subject.entities.map((e) => `@${e}`),
    ...m.other.names.flatMap((n) => n.split(/\s+/)),
    ...m.words.filter((t) => inside(m.entityMatches, t.start, t.end)).map(termOf).filter((x): x is string => !!x),
  ]);
}

/** What each count counts ("over 10 and 13 years": the counts of a list share the last one's noun). */
function countedHeads(m: SentenceMentions, values: Value[], header: SentenceFrame["header"], lexicon: Lexicon): Map<Value, string | undefined> {
  const { sentence, words, allNamed } = m;
  const heads = new Map<Value, string | undefined>();
  for (const v of values) {
    if (v.value.type !== "quantity" || (v.value.unit !== "count" && v.value.unit !== "ordinal")) continue;
    const list = coordinatedList(sentence, v, values);
    const last = list[list.length - 1];
    heads.set(
      v,
      headNoun(v, sentence, words, allNamed, values, lexicon) ??
        (last !== v ? headNoun(last, sentence, words, allNamed, values, lexicon) : undefined) ??
        header?.rowHead(v) ??
        v.unitWord,
    );
  }
  return heads;
}

/**
 * Entities that qualify one figure ("11 RCEP members and 7 CPTPP members"), which are not the
 * subject of the others: right after the figure, before its noun, with no preposition between
 * ("USD 1bn to the Fund" is where the figure goes, not what it counts).
 */
function figureQualifiers(m: SentenceMentions, values: Value[]): Map<Value, Set<string>> {
  const { sentence, words, entityMatches } = m;
  const qualifiers = new Map<Value, Set<string>>();
  for (const v of values) {
    if (v.value.type !== "quantity") continue;
    const from = firstWordFrom(words, v.end);
    const after = words.slice(from, from + 3);
    // (Only a name overlapping those words can hold one: of a sentence of many names, only those are asked.)
    const nearby = after.length === 0 ? [] : spansMaybeOverlapping(entityMatches, after[0].start, after[after.length - 1].end);
    const near = nearby.filter(
      (x) => after.some((t) => t.start >= x.start && t.end <= x.end) && !breaks(sentence, v.end, x.start) && !PREPOSITION_RE.test(sentence.slice(v.end, x.start)),
    );
    qualifiers.set(v, new Set(near.map((x) => x.key)));
  }
  return qualifiers;
}

/** The parties of one value's claim: its clause's entities, places and names, each value keeping its own party in a list. */
function claimParties(v: Value, f: SentenceFrame, ctx: ExtractionContext) {
  const { m, subject } = f;
  const { sentence, other } = m;
  const found = clauseAt(f.clauses, v.start);
  const clause = found ?? { start: 0, end: sentence.length };
  const inClause = (x: Span) => x.start >= clause.start && x.end <= clause.end;
  // (A sentence of one clause, as every source sentence is, scopes nothing.)
  const single = f.clauses.length <= 1;
  // (What a clause names is the same for each of its values: read once per clause.)
  const named = single ? undefined : namedInClause(f, found ?? WHOLE_SENTENCE, inClause);
  const clauseEntities = named ? named.entities : NO_TERMS;
  // In drafts, a place after "in"/"at" is where something happened, not what the claim is about;
  // nor is one in an aside away from the value (", led by the United States,").
  // (Without asides, as most sentences are, the same for every value: read once.)
  const subjectPlaces = f.asides.length ? placesOfSubject(f, ctx, f.asides.filter((a) => !(v.start >= a.start && v.start < a.end))) : (f.subjectPlaces ??= placesOfSubject(f, ctx, f.asides));
  const clausePlaces = single ? NO_TERMS : f.asides.length ? unique(subjectPlaces.filter(inClause).map((x) => x.key)) : clausePlaceKeys(f, clause, subjectPlaces, inClause);
  const clauseOther = named ? named.other : NO_TERMS;
  const scoped = !single && clauseEntities.length + clausePlaces.length + clauseOther.length > 0;
  // The opening clause inherits what the previous sentence spoke of ("It was signed ...").
  const inherited = clause.start === 0 ? f.inheritedEntities : [];
  let entities = scoped ? unique([...clauseEntities, ...inherited]) : subject.entities;
  if (ctx.scope === "clause" && f.qualifiers.size > 1 && v.value.type === "quantity") {
    const own = f.qualifiers.get(v) ?? new Set<string>();
    // (Another value qualifies e when more values do than this one.)
    const qualifying = (f.qualifying ??= qualifyingCounts(f.qualifiers));
    const kept = entities.filter((e) => own.has(e) || (qualifying.get(e) ?? 0) === 0);
    // (The list itself when nothing is left out: claims keep it, shared.)
    if (kept.length < entities.length) entities = kept;
  }
  let places = scoped ? clausePlaces : f.asides.length ? unique(subjectPlaces.map((p) => p.key)) : (f.subjectPlaceKeys ??= unique(subjectPlaces.map((p) => p.key)));
  // A claim that names nothing else is at least about where it happened ("signed in Luanda").
  if (entities.length + places.length + other.names.length === 0) places = subject.places;
  const pair = f.respective.get(v);
  if (pair) {
    // "Japan and South Korea ... 266% and 1221%, respectively": each value keeps its own party.
    entities = entities.filter((e) => e === pair.key || !pair.others.has(e));
    places = places.filter((p) => p === pair.key || !pair.others.has(p));
  }
  return { entities, places, scoped, inClause, clause, clauseOther, pair };
}

/** The keys of the places of a clause of a sentence without asides (the same for each of its values): read once per clause. */
function clausePlaceKeys(f: SentenceFrame, clause: Span, subjectPlaces: PhraseMatch<string>[], inClause: (x: Span) => boolean): string[] {
  let keys = f.clausePlaceKeys?.get(clause);
  if (!keys) (f.clausePlaceKeys ??= new Map()).set(clause, (keys = unique(insideClause(subjectPlaces, clause, inClause).map((x) => x.key))));
  return keys;
}

/** The event words a value's claim may take: its clause's when its parties are scoped to the clause, made once per clause. */
function predicatesOfClaim(f: SentenceFrame, parties: ReturnType<typeof claimParties>): PhraseMatch<string>[] {
  if (!parties.scoped) return f.predicateMatches;
  let found = f.clausePredicates?.get(parties.clause);
  if (!found) (f.clausePredicates ??= new Map()).set(parties.clause, (found = insideClause(f.predicateMatches, parties.clause, parties.inClause)));
  return found;
}

/**
 * The event words that may be free for a value (no other value nearer to them, see claimEvent's
 * `closer`): of many, only those not past the nearest other value on either side, which stands
 * nearer to every event word beyond it. A short list is given whole.
 */
function predicatesWithinNeighbours(predicates: PhraseMatch<string>[], v: Span, values: Span[], counts: (x: Span) => boolean): PhraseMatch<string>[] {
  const sortedPredicates = sortedSpansOf(predicates);
  const sortedValues = sortedSpansOf(values);
  if (!sortedPredicates || !sortedValues) return predicates;
  // (An empty span stands nearer to nothing.)
  const skip = (x: Span) => x === v || x.end <= x.start || !counts(x);
  const before = sortedValues.lastEndingBy(v.start, skip);
  const after = sortedValues.firstStartingAt(v.end, skip);
  return sortedPredicates.overlappingIndexes(before ? before.start : -Infinity, after ? after.end : Infinity).map((i) => predicates[i]);
}

/** The spans of a list that `inClause` keeps, in the list's order: of a long list, only those near the clause are asked. */
function insideClause<T extends Span>(spans: T[], clause: Span, inClause: (x: Span) => boolean): T[] {
  // (Widened by one: an empty span at either end of the clause is inside it, and overlaps nothing.)
  return spansMaybeOverlapping(spans, clause.start - 1, clause.end + 1).filter(inClause);
}

function indexesInsideClause(spans: readonly Span[], clause: Span, inClause: (x: Span) => boolean): number[] {
  const sorted = sortedSpansOf(spans);
  // (Widened by one: an empty span at either end of the clause is inside it, and overlaps nothing.)
  if (sorted) return sorted.overlappingIndexes(clause.start - 1, clause.end + 1).filter((i) => inClause(spans[i]));
  const out: number[] = [];
  for (let i = 0; i < spans.length; i++) if (inClause(spans[i])) out.push(i);
  return out;
}

/** The entities and other names a clause of the sentence holds (see claimParties), made once per clause. */
function namedInClause(f: SentenceFrame, clause: Span, inClause: (x: Span) => boolean): { entities: string[]; other: string[] } {
  let known = f.namedInClauses?.get(clause);
  if (!known) {
    const { entityMatches, other } = f.m;
    known = { entities: unique(insideClause(entityMatches, clause, inClause).map((x) => x.key)), other: indexesInsideClause(other.spans, clause, inClause).map((i) => other.names[i]) };
    (f.namedInClauses ??= new Map()).set(clause, known);
  }
  return known;
}

/** The first of the clauses that holds the offset (asked by position in a sentence of many clauses). */
function clauseAt(clauses: Span[], at: number): Span | undefined {
  const sorted = sortedSpansOf(clauses);
  if (!sorted) return clauses.find((c) => at >= c.start && at < c.end);
  const [first] = sorted.overlappingIndexes(at, at + 1);
  return first === undefined ? undefined : clauses[first];
}

/** The places a claim of the sentence may be about: in drafts, not where something happened, nor in an aside. */
function placesOfSubject(f: SentenceFrame, ctx: ExtractionContext, asides: Span[]): PhraseMatch<string>[] {
  const { sentence, placeMatches } = f.m;
  return ctx.scope === "clause" ? placeMatches.filter((p) => !isLocative(sentence, p.start) && !inside(asides, p.start, p.end)) : placeMatches;
}

const ASIDE_RE = /,\s+(?:led by|including|such as|like|joined by|alongside|backed by|together with)\s+[^,;:()]+(?=,)/gi;

/** Asides set off by commas that name parties beside the point (", led by the United States,"). */
function asideSpans(sentence: string): Span[] {
  const out: Span[] = [];
  ASIDE_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = ASIDE_RE.exec(sentence))) out.push({ start: m.index, end: m.index + m[0].length });
  return out;
}

/** The event a value belongs to: the nearest event word no other value stands closer to, and one on its other side. */
function claimEvent(v: Value, f: SentenceFrame, parties: ReturnType<typeof claimParties>, lexicon: Lexicon) {
  const { sentence } = f.m;
  const { dates, all } = f.values;
  const claimPredicates = predicatesOfClaim(f, parties);
  const isEvent = (p: { cls: string } | undefined) => !!p && (v.value.type !== "date" || lexicon.dateEvents.has(p.cls));
  // "41 of the League's 50 member states had ratified": the part and the whole share the verb.
  // (Always asked of this value: its list is looked up once, and the words between are read only when near.)
  const lists = listsOfSentence(sentence, all);
  const ownList = lists.get(v);
  const partOf = (x: Span) =>
    (ownList !== undefined && lists.get(x) === ownList) || (v.end <= x.start && x.start - v.end < 60 && /^\s+of\s/i.test(sentence.slice(v.end, x.start)));
  // One event word dates one event: a date farther from it than another date of the sentence
  // ("announced on 1 December 2021 ... between 2021 and 2027") does not belong to it; nor is a
  // figure's event word one that another value stands closer to ("entered into force in May
  // 2019, and 49 of the 55 member states had ratified").
  // (In a sentence of many values, nearest the event word first: the walk stops at the first one
  // as far as this one.)
  const closer = (word: Span) => {
    const own = distance(word, v);
    const isDate = v.value.type === "date";
    const values: Span[] = isDate ? dates : all;
    // (Of hundreds, only the values nearer the word than this one are asked: they overlap the
    // word widened by this one's distance. None is nearer than 0.)
    const sorted = sortedSpansOf(values);
    if (sorted) return own > 0 && sorted.someOverlapping(word.start - own, word.end + own, (i) => values[i] !== v && (isDate || !partOf(values[i])));
    const ordered = values.length > 8 ? f.marks.nearestFirst(word, values) : values;
    for (const x of ordered) {
      const d = distance(word, x);
      if (d >= own) {
        if (ordered !== values) return false;
        continue;
      }
      if (x !== v && (isDate || !partOf(x))) return true;
    }
    return false;
  };
  // A date takes the nearest event word no other date stands closer to ("proposed ... in 2013
  // and officially established late last year": 2013 was the proposal).
  const free = predicatesWithinNeighbours(claimPredicates, v, v.value.type === "date" ? dates : all, (x) => v.value.type === "date" || !partOf(x)).filter((p) => !closer(p));
  const nearest = nearestPredicate(v.value.type === "date" && free.length === 0 ? claimPredicates : free, v, f.marks);
  // A table's column header may name the event ("| Initiative | Launched |").
  const fromHeader = !nearest && f.header && v.value.type === "date" ? f.header.predicateFor(v) : undefined;
  const predicate = fromHeader ?? (isEvent(nearest) && !closer(nearest!.match) ? nearest : undefined);
  // The nearest event word on the other side may name the event too ("held in Brussels on
  // 25–26 October, where the EU and the US signed"): keep both. Across a clause break only a
  // verb names the event; a noun there ("..., thirty days after ... its instrument of ratification") does not.
  const otherSide = predicate
    ? nearestPredicate(
        claimPredicates.filter(
          (p) =>
            p.start < v.start !== predicate.match.start < v.start &&
            (!lexicon.predicateNouns.has(p.text.toLowerCase()) || !f.marks.breakBetween(Math.min(p.end, v.end), Math.max(p.start, v.start))),
        ),
        v,
        f.marks,
      )
    : undefined;
  const otherClass = isEvent(otherSide) && !closer(otherSide!.match) ? otherSide!.cls : undefined;
  const classes = !predicate?.cls ? (otherClass ? [otherClass] : []) : otherClass && otherClass !== predicate.cls ? [predicate.cls, otherClass] : [predicate.cls];
  return { predicate, classes };
}

/** The first party the value's clause names before it: who the figure is about. */
function clauseSubjectOf(v: Value, f: SentenceFrame): string | undefined {
  const { sentence, placeMatches, entityMatches } = f.m;
  const own = clauseAt(f.ownClauses, v.start) ?? { start: 0, end: sentence.length };
  // The first two names of the clause before the value, in order (found in one pass, as a stable sort would).
  // (A sentence of many names is walked by start from the clause's: the first two it holds are the two.)
  const sorted = sortedSpansOf(f.namedSpans);
  if (sorted) {
    const two: (typeof f.namedSpans)[number][] = [];
    sorted.visitStartingBetween(own.start, v.start, (n) => n.end <= v.start && two.push(n) === 2);
    return subjectOfFirstTwo(sentence, two[0], two[1], placeMatches, entityMatches);
  }
  let first: (typeof f.namedSpans)[number] | undefined;
  let next: typeof first;
  for (const n of f.namedSpans) {
    if (n.start < own.start || n.end > v.start) continue;
    if (!first || n.start < first.start) (next = first), (first = n);
    else if (!next || n.start < next.start) next = n;
  }
  return subjectOfFirstTwo(sentence, first, next, placeMatches, entityMatches);
}

/**
 * The subject of a clause from the first two names in it: the first, but a place that only
 * modifies the body after it ("the US International Development Finance Corporation (DFC)") gives
 * way to that body.
 */
function subjectOfFirstTwo(sentence: string, first: Span & { key: string } | undefined, next: Span & { key: string } | undefined, placeMatches: PhraseMatch<string>[], entityMatches: PhraseMatch<string>[]): string | undefined {
  if (
    first &&
    next &&
    next.start - first.end < 40 &&
    !/[,;]/.test(sentence.slice(first.end, next.start)) &&
    placeMatches.some((p) => p.key === first.key) &&
    entityMatches.some((x) => x.key === next.key)
  ) {
    return next.key;
  }
  return first?.key;
}

function ownClauseEntities(v: Value, f: SentenceFrame): string[] {
  const own = clauseAt(f.ownClauses, v.start) ?? WHOLE_SENTENCE;
  // (The same for every value of the clause: made once per clause.)
  const known = f.clauseEntities?.get(own);
  if (known) return known;
  const keys = insideClause(f.m.entityMatches, own, (x) => x.start >= own.start && x.end <= own.end).map((x) => x.key);
  const entities = orShared(keys.length <= 1 ? keys : unique(keys));
  (f.clauseEntities ??= new Map()).set(own, entities);
  return entities;
}

/** (The clause of a value in no clause of its own: the whole sentence, however long.) */
const WHOLE_SENTENCE: Span = { start: 0, end: Number.MAX_SAFE_INTEGER };

/** A figure's measure words but the names of recurring events (the list itself when it holds none: it may be shared). */
function withoutRecurringEventTerms(terms: string[], lexicon: Lexicon): string[] {
  return terms.some((t) => isRecurringEventTerm(t, lexicon)) ? terms.filter((t) => !isRecurringEventTerm(t, lexicon)) : terms;
}

/**
 * One value's claim, or undefined when the value is not written in one piece in the source. A
 * claim built light (see ExtractionContext.claimsOnly.answerable) is listed in f.lightClaims.
 */
function claimOf(v: Value, f: SentenceFrame, ctx: ExtractionContext): Claim | undefined {
  const { block, span, m, subject, values, header } = f;
  const { sentence, words, allNamed } = m;
  const lexicon = ctx.lexicon;
  // A value must be written in one piece in the source ("May<b> 2021" is not): its range and any
  // fix must cover exactly the value, never markup inside it.
  const mapped = contiguousSpan(block, span.start + v.start, span.start + v.end);
  const sentenceMapped = f.sentenceMapped;
  if (!mapped || !sentenceMapped) return undefined;
  const parties = claimParties(v, f, ctx);
  const event = claimEvent(v, f, parties, lexicon);
  const isFigure = v.value.type === "quantity";
  // A period no event word dates ("in eight yearly instalments between 2027 and 2036") is dated by
  // the words around it: it compares only with another such period, end with end.
  // (Both ends take the start's reading: "between 2027 and 2034; the rest ... which shareholders
  // provide" does not date a provision by its end.)
  const periodStart = v.value.type === "date" && v.value.modifier === "between" ? startOfPeriod(v, values.dates) : undefined;
  const startUndated = periodStart !== undefined && (periodStart === v ? !event.predicate : !claimEvent(periodStart, f, parties, lexicon).predicate);
  const period = startUndated ? periodEndOf(v, values.dates) : undefined;
  const classes = period ? [PERIOD] : event.classes;
  const predicate = period ? undefined : event.predicate;
  const head = f.heads.get(v);
  const ownYear = v.value.type === "date" ? v.value.date.year : undefined;
  // A draft's value that names nothing near it is about what its sentence names before it ("The
  // COP15 deal aspires to ..., up from an earlier aim of 25%").
  const sentenceNames =
    ctx.scope === "clause" && parties.entities.length + parties.places.length === 0 ? m.other.names.filter((_, i) => m.other.spans[i].end <= v.start) : [];
  // (What the index reads of the claim, first: see ExtractionContext.claimsOnly.answerable.)
  // (Lists shared between claims where nothing is added: they are never changed.)
  // (Empty lists are one list for every claim: a claim keeps a dozen, most of them empty.)
  const entities = orShared(header?.entities.length ? unique([...parties.entities, ...header.entities]) : parties.entities);
  const names = orShared(f.impliedPlaces.length || header?.places.length ? unique([...parties.places, ...f.impliedPlaces, ...(header?.places ?? [])]) : parties.places);
  const predicates = orShared(classes);
  // A figure's own order word ("an initial investment of $12 billion") says which of several it
  // is; the order of the event around it does not ("after the latest increase, TSMC holds 86%").
  const eventOrder = isFigure ? orderOf(sentence, v, lexicon) : predicate ? orderOf(sentence, predicate.match, lexicon) : undefined;
  // (The words around the value and its event word: read once for its near names and its event's names.)
  const window = predicate ? eventWindow(sentence, v, predicate.match, words) : undefined;
  const nearNames = orShared(nearAndSentenceNames(nearNamesOf(sentence, v, window, words, m.other, !isFigure), sentenceNames));
  const carriedNames = subject.fallbackNames.length ? subject.fallbackNames : undefined;
  const share = isFigure ? shareOf(sentence, v, values.all) : undefined;
  const answerable = ctx.claimsOnly?.answerable;
  const full = !answerable || answerable({ value: v.value, entities, names, predicates, eventOrder, head, nearNames, carriedNames, share });
  let measure = !full
    ? NO_TERMS
    : !isFigure && !period
      ? predicate
        ? eventTerms(sentence, v, predicate.match, words, allNamed, values.all, f.termOf, lexicon)
        : []
      : withoutRecurringEventTerms(measureTerms(sentence, v, words, m.namedMatches, allNamed, values.all, f.termOf, (f.measures ??= {})), lexicon);
  // A figure's column header says what it measures; a date's column header ("Date") says nothing.
  if (full && header && isFigure) measure = unique([...measure, ...header.terms(v)]);
  const claim: Claim = {
    value: v.value,
    valueText: v.text,
    start: mapped.start,
    end: mapped.end,
    sentence,
    sentenceStart: sentenceMapped.start,
    sentenceEnd: sentenceMapped.end,
    entities,
    names,
    contextNames: orShared(f.context.names),
    predicate: period ? PERIOD : predicate?.cls,
    periodEnd: period,
    predicateIsNoun: predicate ? lexicon.predicateNouns.has(predicate.match.text.toLowerCase()) || undefined : undefined,
    predicates,
    eventOrder,
    measure: orShared(measure),
    terms: f.terms,
    years: full ? orNoNumbers(claimYears(v, f, ownYear)) : NO_NUMBERS,
    contextYears: orNoNumbers(f.context.years),
    otherNames: orShared(parties.scoped ? parties.clauseOther : m.other.names),
    head,
    // (A label for fact cards: sources only.)
    measureText: isFigure && ctx.scope !== "clause" ? measureTextOf(sentence, v, words, values.all) : undefined,
    sameHeadCounts: head ? headCount(f, head) : 0,
    share,
    ordinals: values.ordinals.length === 0 ? NO_NUMBERS : values.ordinals.filter((o) => !(v.value.type === "quantity" && v.value.unit === "ordinal" && v.value.value === o)),
    respective: parties.pair ? { of: parties.pair.key, parties: [...parties.pair.others] } : undefined,
    eventNames: full && window ? orShared(eventNamesOf(window, f.namedSpans)) : NO_TERMS,
    subjectTerms: full && predicate && !isFigure ? orShared(subjectTermsOf(sentence, predicate.match, words, allNamed)) : undefined,
    clauseSubject: full ? clauseSubjectOf(v, f) : undefined,
    clauseEntities: full ? ownClauseEntities(v, f) : NO_TERMS,
    nearNames,
    carriedNames,
    rate: full && isFigure ? rateOf(sentence, v) : undefined,
    ownYear: full && isFigure ? ownYearOf(sentence, v, values.dates, values.quantities) : undefined,
    inheritedEntities: orShared(f.inheritedEntities),
    previousEntities: subject.prev?.entities.length ? subject.prev.entities : undefined,
    subjectEvidence: subject.resolutions.length ? subject.resolutions : undefined,
  };
  if (!full) (f.lightClaims ??= []).push(claim);
  return claim;
}

type Value = { start: number; end: number; text: string; value: ClaimValue; unitWord?: string };

/** A sentence's entity names together with the definite descriptions that refer to entities named before. */
function withDescriptions(
  sentence: string,
  named: PhraseMatch<string>[],
  ctx: ExtractionContext,
): { matches: PhraseMatch<string>[]; resolutions: Resolution[]; resolved: Set<PhraseMatch<string>> } {
  const none = { matches: named, resolutions: [], resolved: new Set<PhraseMatch<string>>() };
  if (!ctx.discourse) return none;
  const found = resolveDescriptions(sentence, named, ctx.discourse, ctx.registry);
  if (found.length === 0) return none;
  const matches = [...named, ...found.map((f) => f.match)].sort((a, b) => a.start - b.start);
  return { matches, resolutions: found.map((f) => f.resolution), resolved: new Set(found.map((f) => f.match)) };
}

/** The subject the previous block ended on: "It" opening a paragraph refers to it. */
function carried(ctx: ExtractionContext): SentenceFacts | undefined {
  const last = ctx.discourse?.lastSubject ?? [];
  return last.length ? { entities: last, places: [], otherNames: [], years: [] } : undefined;
}

/**
 * What a sentence that names no entity is about. A draft's sentence that names nothing at all
 * continues the previous one's subject; otherwise the section heading's entities, or else the
 * document's topic (its title or lead), speak for it ("Developed countries agreed ..." under a
 * headline about the summit).
 */
function subjectFallback(
  ctx: ExtractionContext,
  block: ProseBlock,
  prev: SentenceFacts | undefined,
  namesNothing: boolean,
): { entities: string[]; names?: string[]; resolutions: Resolution[] } | undefined {
  const as = (entities: string[], word: string, via: Resolution["via"]) => ({ entities, resolutions: entities.map((entityId) => ({ entityId, word, via })) });
  // A sentence that names a person, a place or a body is about them, not the topic.
  if (!namesNothing) return undefined;
  const previous = prev?.entities.length ? prev.entities : ctx.discourse?.lastSubject ?? [];
  if (ctx.scope === "clause" && previous.length) return as(previous, "(previous sentence)", "pronoun");
  // (A draft's previous sentence may name its subject without an entity: "Under the COP15 deal, ...".)
  if (ctx.scope === "clause" && prev?.otherNames.length) return { entities: [], names: prev.otherNames, resolutions: [] };
  // A list item under a lead-in ("Timeline of the Andes Deep-Sky Array:") speaks of what it names.
  const leadIn = block.kind === "list_item" ? ctx.discourse?.leadIn : undefined;
  if (leadIn?.entities.length) return as(leadIn.entities, "(the list's lead-in)", "heading");
  if (leadIn?.names.length && ctx.scope === "clause") return { entities: [], names: leadIn.names, resolutions: [] };
  const heading = block.heading ? ctx.registry.matcher().find(block.heading).map((m) => m.key) : [];
  if (heading.length === 1) return as(heading, block.heading!, "heading");
  const topic = ctx.discourse?.topic ?? [];
  if (topic.length === 1) return as(topic, ctx.title ?? "(title)", "title");
  return undefined;
}

// (Shared by many claims, so never changed; not frozen, which would give claims' lists a second elements kind.)
export const NO_TERMS: string[] = [];

/** An empty list as the one shared empty list: a corpus holds hundreds of thousands of claims, and claims' lists are never changed. */
function orShared(xs: string[]): string[] {
  return xs.length === 0 ? NO_TERMS : xs;
}

/** (Shared by every claim with no such numbers: never changed.) */
export const NO_NUMBERS: number[] = [];

function orNoNumbers(xs: number[]): number[] {
  return xs.length === 0 ? NO_NUMBERS : xs;
}

const EMPTY_FACTS: SentenceFacts = { entities: [], places: [], otherNames: [], years: [] };

/** Entities and places of a sentence, without the rest of the analysis. */
function quickFacts(sentence: string, ctx: ExtractionContext, tokens = matchTokens(sentence), found?: PhraseMatch<string>[]): SentenceFacts {
  const entityMatches = found ?? ctx.registry.matcher().find(sentence, tokens);
  const places = ctx.lexicon.places.find(sentence, tokens).filter((p) => !inside(entityMatches, p.start, p.end));
  return { entities: unique(entityMatches.map((m) => m.key)), places: unique(places.map((m) => m.key)), otherNames: [], years: [] };
}

/** A word's term is the same wherever it stands: read once per lexicon (words repeat, Zipf's law). */
function termOfToken(t: Token, lexicon: Lexicon): string | undefined {
  const terms = wordTerms.of(lexicon);
  // (null: the word has no term; undefined: not read yet.)
  let term = terms.get(t.text);
  if (term === undefined) term = terms.keep(t.text, readTermOf(t.text, lexicon) ?? null);
  return term ?? undefined;
}

const wordTerms = new CachePerOwner<Lexicon, string, string | null>(100_000);

function readTermOf(text: string, lexicon: Lexicon): string | undefined {
  const lower = text.toLowerCase();
  if (lexicon.copulaVerbs.has(lower)) return undefined;
  const cls = lexicon.predicateWord.get(lower);
  if (cls) return `%${cls}`;
  if (!isContentWord(text)) return undefined;
  if (Object.values(lexicon.hedges).some((list) => list.includes(lower))) return undefined;
  const s = stem(text);
  return lexicon.termGroup.get(s) ?? s;
}

/**
 * Names around the event: from up to eight words on the far side of the event word to the
 * date, not across ";" or ":" ("which was signed" reaches back over its comma).
 */
function eventWindow(sentence: string, v: Span, predicate: Span, words: Token[]): Span {
  const WINDOW = 8;
  let lo = Math.min(predicate.start, v.start);
  let hi = Math.max(predicate.end, v.end);
  // (Read by position: asked for every value of the sentence, twice.)
  if (predicate.start < v.start) {
    const upTo = wordsEndingBy(words, predicate.start);
    for (let i = upTo - 1; i >= Math.max(0, upTo - WINDOW) && !holdsColonOrSemicolon(sentence, words[i].end, lo); i--) lo = words[i].start;
  } else {
    const from = firstWordFrom(words, predicate.end);
    for (let i = from; i < Math.min(words.length, from + WINDOW) && !holdsColonOrSemicolon(sentence, hi, words[i].start); i++) hi = words[i].end;
  }
  return { start: lo, end: hi };
}

/** Is there a ";" or ":" in [from, to)? */
function holdsColonOrSemicolon(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 59 || c === 58) return true;
  }
  return false;
}

function eventNamesOf(w: Span, named: { key: string; start: number; end: number }[]): string[] {
  const out: string[] = [];
  for (const n of spansMaybeOverlapping(named, w.start, w.end)) if (n.start < w.end && n.end > w.start) out.push(n.key);
  return out.length <= 1 ? out : unique(out);
}

/** Other names near the value: in its event window (dates) or within twelve words (figures). */
function nearNamesOf(sentence: string, v: Span, window: Span | undefined, words: Token[], other: { names: string[]; spans: Span[] }, isDate: boolean): string[] {
  let w: Span;
  if (window && isDate) w = window;
  else {
    // Twelve words either side.
    const upTo = wordsEndingBy(words, v.start);
    const from = firstWordFrom(words, v.end);
    const last = Math.min(words.length, from + 12) - 1;
    w = { start: upTo > 0 ? words[Math.max(0, upTo - 12)].start : v.start, end: last >= from ? words[last].end : v.end };
    // Not across ";", nor past a comma after the value ("31 entities, including two GPU
    // developers" elaborates); a label's colon before it ("RAND: the report ...") is crossed.
    // (Read by position: asked for every value of the sentence.)
    const semi = lastSemicolonBetween(sentence, w.start, v.start);
    if (semi >= 0) w.start = semi;
    const semiAfter = firstSemicolonOrComma(sentence, v.end, w.end);
    if (semiAfter >= 0) w.end = semiAfter;
    if (window) w = { start: Math.min(w.start, window.start), end: Math.max(w.end, window.end) };
  }
  const near: string[] = [];
  const index = sortedSpansOf(other.spans);
  if (index) {
    for (const i of index.overlappingIndexes(w.start, w.end)) near.push(other.names[i]);
  } else {
    for (let i = 0; i < other.names.length; i++) if (other.spans[i].start < w.end && other.spans[i].end > w.start) near.push(other.names[i]);
  }
  return near.length <= 1 ? near : unique(near);
}

/** The offset of the last ";" in [from, to), or -1 (read back from `to`: not past `from`, however long the sentence). */
function lastSemicolonBetween(text: string, from: number, to: number): number {
  for (let i = to - 1; i >= from; i--) if (text.charCodeAt(i) === 59) return i;
  return -1;
}

/** The offset of the first ";" or "," in [from, to), or -1. */
function firstSemicolonOrComma(text: string, from: number, to: number): number {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 59 || c === 44) return i;
  }
  return -1;
}

/** The names near a value (each once), then those its sentence names before it. */
function nearAndSentenceNames(near: string[], sentenceNames: string[]): string[] {
  return sentenceNames.length === 0 ? near : unique([...near, ...sentenceNames]);
}

/**
 * What "it" or "the consortium" refers to: what the previous sentence named. Going further back
 * guesses wrong too often ("This was the first ministerial meeting. It was established ...").
 */
function antecedent(history: SentenceFacts[]): SentenceFacts | undefined {
  return history[history.length - 1];
}

/** "the partnership", "this framework": a noun that stands for an entity named before. */
function refersBack(sentence: string, lexicon: Lexicon): boolean {
  return referringNoun(sentence, lexicon) !== undefined;
}

/** The words of the first "the partnership", "this framework" in a sentence, if any. */
function referringNoun(sentence: string, lexicon: Lexicon): string | undefined {
  const re = /\b(?:the|this|that|these|its)\s+([a-z]+)\b/gi;
  let m: RegExpExecArray | null;
  while ((m = re.exec(sentence))) if (lexicon.anaphoricNouns.has(stem(m[1]))) return m[0];
  return undefined;
}

/** Up to three content words right before an event word, in its clause ("the concession agreement was signed"). */
function subjectTermsOf(sentence: string, predicate: Span, words: Token[], named: Span[]): string[] {
  const out: string[] = [];
  let edge = predicate.start;
  const upTo = wordsEndingBy(words, predicate.start);
  for (const t of words.slice(Math.max(0, upTo - 6), upTo).reverse()) {
    if (breaks(sentence, t.end, edge)) break;
    edge = t.start;
    if (inside(named, t.start, t.end) || !isContentWord(t.text)) continue;
    out.push(stem(t.text));
    if (out.length === 3) break;
  }
  return out;
}

/** Is the place written as a location ("in Washington", "at Camp David")? */
function isLocative(sentence: string, start: number): boolean {
  return /\b(?:in|at|near|outside)\s+(?:the\s+)?$/i.test(sentence.slice(Math.max(0, start - 12), start));
}

/**
 * A meeting, a call, a visit or a statement is not what a figure measures: "they held 47 percent"
 * holds shares, it does not meet.
 */
function isRecurringEventTerm(term: string, lexicon: Lexicon): boolean {
  return term.startsWith("%") && lexicon.recurring.get(term.slice(1)) === true;
}

/**
 * The year a figure is tied to: the nearest date after it with no other figure between them
 * ("at least $20 billion a year by 2025, and at least $30 billion a year by 2030").
 */
function ownYearOf(sentence: string, v: Span, dates: { start: number; end: number; value: { date: PartialDate } }[], figures: Span[]): number | undefined {
  // (The first dated value after the figure: a scan, not a sort, for each figure of a sentence; of
  // many, a binary search.)
  const sortedDates = sortedSpansOf(dates);
  let after: (typeof dates)[number] | undefined;
  // (Only a date within 40 characters is the figure's: one farther is not looked for.)
  if (sortedDates) sortedDates.visitStartingBetween(v.end, v.end + 40, (d) => d.value.date.year !== undefined && !!(after = d));
  else for (const d of dates) if (d.start >= v.end && d.value.date.year !== undefined && (!after || d.start < after.start)) after = d;
  if (!after || after.start - v.end > 40 || /[;]/.test(sentence.slice(v.end, after.start))) return undefined;
  const until = after.start;
  const sortedFigures = sortedSpansOf(figures);
  let between = false;
  if (sortedFigures) sortedFigures.visitStartingBetween(v.end + 1, until - 1, () => (between = true));
  else between = figures.some((f) => f.start > v.end && f.start < until);
  if (between) return undefined;
  return after.value.date.year;
}

const RATE_RE =
  /^\s*(?:(?:per|a|an|each|every)\s+(year|month|week|day|project|person|capita|head|household|tonne|ton|barrel|unit|annum)|(annually|yearly|monthly|daily))\b/i;

const CHANGE_RE = /\b(?:rais|rise|rose|risen|increas|grow|grew|cut|reduc|lower|lift|boost|doubl|tripl|expand|up from|down from)\w*/i;

/**
 * "from €1.8 billion to almost €4.2 billion": the old and the new value of a change, also where
 * a hedge stands before the new one.
 */
function withChangeRoles<T extends { start: number; end: number; value: ClaimValue }>(sentence: string, quantities: T[]): T[] {
  if (quantities.length === 0) return quantities;
  const sorted = [...quantities].sort((a, b) => a.start - b.start);
  const roles = new Map<T, "from" | "to">();
  for (let i = 0; i + 1 < sorted.length; i++) {
    const [a, b] = [sorted[i], sorted[i + 1]];
    if (a.value.type !== "quantity" || b.value.type !== "quantity" || a.value.role || b.value.role || a.value.unit !== b.value.unit) continue;
    if (!/\bfrom\s+$/i.test(sentence.slice(Math.max(0, a.start - 6), a.start))) continue;
    if (!/^\s+to\s+(?:almost|nearly|about|around|roughly|some|over|more than|just over|just under)\s+$/i.test(sentence.slice(a.end, b.start))) continue;
    roles.set(a, "from").set(b, "to");
  }
  // A single value after "to" where the sentence speaks of a change is the new value ("raises the
  // levy to 4%"); after "from" or "up from" with nothing to go to, the old one ("up from 20%").
  if (CHANGE_RE.test(sentence)) {
    for (const q of sorted) {
      if (roles.has(q) || q.value.type !== "quantity" || q.value.role) continue;
      const before = sentence.slice(Math.max(0, q.start - 24), q.start);
      if (/(?<!\bup)\s+to\s+(?:almost|nearly|about|around|roughly|some|over|more than)?\s*$/i.test(before)) roles.set(q, "to");
      else if (/\bfrom\s+(?:an?\s+|the\s+)?(?:[\p{L}-]+\s+){0,3}?(?:of\s+)?$/iu.test(before) && !/^\s+to\b/i.test(sentence.slice(q.end, q.end + 5))) roles.set(q, "from");
    }
  }
  if (roles.size === 0) return quantities;
  return quantities.map((q) => (roles.has(q) && q.value.type === "quantity" ? { ...q, value: { ...q.value, role: roles.get(q) } } : q));
}

/** The pseudo-event of a period that no event word dates. */
export const PERIOD = "period";

/** The first date of the "between X and Y" pair a date belongs to. */
function startOfPeriod<T extends { start: number; value: { modifier?: string } }>(v: { start: number }, dates: T[]): T | undefined {
  const between = dates.filter((d) => d.value.modifier === "between").sort((a, b) => a.start - b.start);
  const i = between.findIndex((d) => d.start === v.start);
  if (i < 0 || between.length % 2 !== 0) return undefined;
  return between[i - (i % 2)];
}

/** Which end of a "between X and Y" period a date is: the first of the sentence's pair or the second. */
function periodEndOf(v: Value, dates: { start: number; value: { date: PartialDate; modifier?: string } }[]): "start" | "end" | undefined {
  const between = dates.filter((d) => d.value.modifier === "between").sort((a, b) => a.start - b.start);
  const i = between.findIndex((d) => d.start === v.start);
  if (i < 0 || between.length % 2 !== 0) return undefined;
  return i % 2 === 0 ? "start" : "end";
}

/** "CHF 300,000 per project", "$20 billion a year": the unit a figure is a rate of. */
function rateOf(sentence: string, v: Span): string | undefined {
  const m = RATE_RE.exec(sentence.slice(v.end, v.end + 40));
  if (!m) return undefined;
  const unit = (m[1] ?? m[2]).toLowerCase();
  const byAdverb: Record<string, string> = { annually: "year", yearly: "year", annum: "year", monthly: "month", daily: "day", capita: "person", head: "person" };
  return byAdverb[unit] ?? stem(unit);
}

/** "Thirty of the 57 members": the first is a part, the second the whole. */
function shareOf(sentence: string, v: Span, values: Span[]): "part" | "whole" | undefined {
  if (WHOLE_BEFORE_RE.test(sentence.slice(Math.max(0, v.start - 60), v.start))) return "whole";
  if (/^\s+of\s+(?:the\s+|its\s+|their\s+)?/i.test(sentence.slice(v.end, v.end + 12))) {
    if (values.some((x) => x.start > v.end && x.start - v.end < 60 && !/[,;:]/.test(sentence.slice(v.end, x.start)))) return "part";
  }
  return undefined;
}

const PART_WORDS = "half thirds? quarters? fifths? most all majority minority share some many ten eleven twelve twenty thirty forty fifty sixty seventy eighty ninety"
  .split(" ")
  .map((w) => `[${w[0]}${w[0].toUpperCase()}]${w.slice(1)}`)
  .join("|");
const WHOLE_BEFORE_RE = new RegExp(String.raw`(?:\d|\b(?:${PART_WORDS}))\s+of\s+(?:the\s+|its\s+|their\s+)?(?:\p{Lu}[\p{L}'’.-]*\s+){0,4}$`, "u");

/** The noun a count or ordinal counts: the last noun of the phrase after it ("four major policy goals" -> "goal"). */
function headNoun(v: Span, sentence: string, words: Token[], named: Span[], values: Span[], lexicon: Lexicon, plain = false): string | undefined {
  // "two-thirds of the 166 members", "49 of the 55 member states": the whole, not a count of
  // its own kind.
  if (!plain && /(?:\d|\b(?:half|thirds?|quarters?|fifths?|most|all|majority|minority|share|some|many))\s+of\s+(?:the\s+|its\s+|their\s+)?(?:\p{Lu}[\p{L}'’.-]*\s+){0,4}$/u.test(sentence.slice(Math.max(0, v.start - 60), v.start))) {
    const own = headNoun(v, sentence, words, named, values, lexicon, true);
    return own ? `whole-${own}` : undefined;
  }
  // "49 of the African Union's 55 member states": the part counts what the whole counts.
  const partitive = /^\s+of\s+(?:the\s+|its\s+|their\s+)?/i.exec(sentence.slice(v.end, v.end + 12));
  if (partitive) {
    const whole = values
      .filter((x) => x.start > v.end && x.start - v.end < 60 && !/[,;:]/.test(sentence.slice(v.end, x.start)))
      .sort((a, b) => a.start - b.start)[0];
    if (whole) return headNoun(whole, sentence, words, named, values.filter((x) => x !== v), lexicon, true);
  }
  let edge = v.end;
  let seen = 0;
  let head: string | undefined;
  let relative = false;
  for (let i = firstWordFrom(words, v.end); i < words.length; i++) {
    const t = words[i];
    if (breaks(sentence, edge, t.start) || /[()]/.test(sentence.slice(edge, t.start)) || inside(values, t.start, t.end) || seen++ > 4) break;
    edge = t.end;
    const lower = t.text.toLowerCase();
    // (Before names: "MW" and "GW" read like acronyms.)
    if (lexicon.units.has(lower)) return stem(lower);
    if (inside(named, t.start, t.end)) {
      if (head) break;
      continue;
    }
    if (!isContentWord(t.text) || (lexicon.predicateWord.has(lower) && !lexicon.predicateNouns.has(lower))) break;
    if (ADJECTIVES.has(lower)) {
      if (RELATIVE.has(lower)) relative = true;
      continue;
    }
    head = stem(t.text);
    // A plural ends the phrase: "key issues rather than", "materials bound for".
    if (/[^s]s$/i.test(t.text) || /ies$/i.test(t.text)) break;
  }
  // "14 other countries" counts something else than "14 countries": keep them apart.
  return head && relative ? `other-${head}` : head;
}

/** Adjectives that commonly sit between a count and its noun. */
const ADJECTIVES = new Set(
  "main major key core other new additional separate distinct different large small possible specific principal primary basic broad more further remaining".split(" "),
);
/** Adjectives that make a count relative to another ("14 other countries"). */
const RELATIVE = new Set(["other", "additional", "more", "further", "remaining", "new"]);

/**
 * "A and B ... X and Y, respectively": pairs each value with its party. Returns, per value,
 * the party it belongs to and the other parties of the list.
 */
function respectivePairs(sentence: string, values: Value[], names: PhraseMatch<string>[]): Map<Value, { key: string; others: Set<string> }> {
  const out = new Map<Value, { key: string; others: Set<string> }>();
  if (!RESPECTIVELY_RE.test(sentence)) return out;
  // The values of the list: same kind, separated only by ",", "and" or ", and".
  const sorted = [...values].sort((a, b) => a.start - b.start);
  let list: Value[] = [];
  for (const v of sorted) {
    const last = list[list.length - 1];
    // (A unit may follow each value, a currency prefix precede it: "50 MW and 150 MW", "US$185 million, US$40 million".)
    if (last && /^\s*(?:\p{L}{1,5}\s*)?(?:,|and|,\s*and)\s*(?:\p{Lu}{1,3})?$/u.test(sentence.slice(last.end, v.start)) && last.value.type === v.value.type) list.push(v);
    else if (list.length < 2) list = [v];
  }
  if (list.length < 2) return out;
  // The parties: the last run of names before the values, joined the same way, as long as the list.
  const before = [...names].filter((n) => n.end <= list[0].start).sort((a, b) => a.start - b.start);
  const runs: PhraseMatch<string>[][] = [];
  for (const n of before) {
    const run = runs[runs.length - 1];
    const last = run?.[run.length - 1];
    const between = sentence.slice(last?.end ?? 0, n.start);
    // "the ASEAN Infrastructure Fund (AIF)": the acronym in brackets is the same party.
    if (last && last.key === n.key && /^\s*\(\s*$/.test(between)) continue;
    // ("Brazil and Mexico, the CADB's two biggest shareholders": a possessor in apposition is not a party.)
    const possessor = /^['’]s\b/.test(sentence.slice(n.end, n.end + 3));
    if (last && !possessor && /^\s*(?:\([^()]{1,12}\)\s*)?(?:,|and|,\s*and)\s*(?:the\s+)?$/i.test(between)) run.push(n);
    else runs.push([n]);
  }
  const parties = [...runs].reverse().find((run) => run.length === list.length);
  if (!parties) return out;
  const keys = new Set(parties.map((p) => p.key));
  list.forEach((v, i) => out.set(v, { key: parties[i].key, others: keys }));
  return out;
}

/** A table row's header, read as context for each cell's value: its column's words, places, years. */
function tableHeader(block: ProseBlock, row: string, ctx: ExtractionContext) {
  const headers = (block.headerText ?? "").split("; ");
  const cells = row.split("; ");
  const cellOf = (offset: number) => {
    let pos = 0;
    for (let i = 0; i < cells.length; i++) {
      if (offset < pos + cells[i].length + 2) return i;
      pos += cells[i].length + 2;
    }
    return cells.length - 1;
  };
  const first = headers[0] ?? "";
  const analyze = (text: string) => headerCell(text, ctx);
  const whole = analyze(block.headerText ?? "");
  const rowLabel = analyze(cells[0] ?? "");
  return {
    entities: whole.entities,
    places: whole.places,
    years: whole.years,
    /** The value's column header, the first column's header and the row's label ("Wagons ordered"). */
    terms: (v: Span) => {
      const column = headers[cellOf(v.start)] ?? "";
      const label = cellOf(v.start) === 0 ? [] : rowLabel.terms;
      return unique([...analyze(column).terms, ...(column === first ? [] : analyze(first).terms), ...label]);
    },
    /** The event a column's header names ("Launched", "Date signed"), for the dates in that column. */
    predicateFor: (v: Span): { cls: string; match: PhraseMatch<string> } | undefined => {
      const column = headers[cellOf(v.start)] ?? "";
      const found = ctx.lexicon.predicates.find(column).find((p) => ctx.lexicon.dateEvents.has(p.key));
      return found ? { cls: found.key, match: { key: found.key, start: v.start, end: v.start, text: found.text } } : undefined;
    },
    /** What a count in the row counts: the first word of the row's label. */
    rowHead: (v: Span) => (cellOf(v.start) === 0 ? undefined : rowLabel.terms.find((t) => !t.startsWith("%"))),
  };
}

interface HeaderCell {
  entities: string[];
  places: string[];
  terms: string[];
  years: number[];
}

/** What a header cell or a row's label names and says: every row of a table asks again, so read once per text. */
function headerCell(text: string, ctx: ExtractionContext): HeaderCell {
  const matcher = ctx.registry.matcher();
  const known = headerCells.of(matcher);
  const cached = known.get(text);
  if (cached) return cached;
  const tokens = matchTokens(text);
  const entities = matcher.find(text, tokens);
  const places = ctx.lexicon.places.find(text, tokens);
  const named = [...entities, ...places];
  const words = (wordsFromPieces(text, tokens) ?? tokenize(text)).filter((t) => !inside(named, t.start, t.end));
  return known.keep(text, {
    entities: entities.map((e) => e.key),
    places: places.map((p) => p.key),
    terms: words.map((t) => termOfToken(t, ctx.lexicon)).filter((x): x is string => !!x),
    years: findDates(text).map((d) => d.value.date.year).filter((y): y is number => y !== undefined),
  });
}

const headerCells = new CachePerOwner<PhraseMatcher<string>, string, HeaderCell>(5_000);

/**
 * The years of a claim's sentence: a date's own year is not among them unless another date states
 * it too; a table row's header years are. (The same for every value alike: made once per sentence.)
 */
function claimYears(v: Value, f: SentenceFrame, ownYear: number | undefined): number[] {
  const { values, header } = f;
  const own = ownYear !== undefined && values.years.includes(ownYear);
  if (!header?.years.length && !own) return values.years;
  const kept = own && yearsElsewhere(values.dates, v, ownYear!);
  // (By the year left out: every claim of the sentence that leaves out the same one gets the same years.)
  const key = own && !kept ? ownYear! : "none";
  const known = (f.claimYears ??= new Map()).get(key);
  if (known) return known;
  const years = unique([...values.years.filter((y) => y !== ownYear || kept), ...(header?.years ?? [])]);
  f.claimYears.set(key, years);
  return years;
}

function yearsElsewhere(dates: { start: number; value: { date: PartialDate } }[], v: { start: number }, year: number): boolean {
  return dates.some((d) => d.start !== v.start && d.value.date.year === year);
}

function headingNames(heading: string, ctx: ExtractionContext): string[] {
  // Every block under a heading asks again (and every block of a document for its title): read
  // once per heading while the entity names stay the same.
  const matcher = ctx.registry.matcher();
  const known = headingNamesCache.of(matcher);
  const cached = known.get(heading);
  if (cached) return cached;
  const tokens = matchTokens(heading);
  return known.keep(heading, unique([...matcher.find(heading, tokens).map((m) => m.key), ...ctx.lexicon.places.find(heading, tokens).map((m) => m.key)]));
}

const headingNamesCache = new CachePerOwner<PhraseMatcher<string>, string, string[]>(5_000);

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
  memo: MeasureMemo,
): string[] {
  const MAX_TERMS = 4;
  const MAX_TOKENS = 12;
  const out: string[] = [];
  // Values in one coordinated list ("266% and 1221%") share the words around the list.
  const lists = listsOfSentence(sentence, values);
  const list = lists.get(v) ?? [v];
  // (What is read depends on the list, not on which of its values asks: read once per list.)
  const known = list.length > 1 ? memo.byList?.get(list) : undefined;
  if (known) return known;
  const start = list[0].start;
  const end = list[list.length - 1].end;
  // Only values near the list can stop the walk (a sentence may hold hundreds). A value is of the
  // list when it was given the list's array.
  const isOther = (x: Span) => lists.get(x) !== list;
  const reachStart = words[Math.max(0, wordsEndingBy(words, start) - MAX_TOKENS)]?.start ?? 0;
  const reachEnd = words[firstWordFrom(words, end) + MAX_TOKENS - 1]?.end ?? sentence.length;
  // (A sentence of many values asks its sorted values instead of scanning them.)
  const sorted = sortedSpansOf(values);
  const nearOthers: Span[] = [];
  for (const x of spansMaybeOverlapping(values, reachStart, reachEnd)) if (x.end > reachStart && x.start < reachEnd && isOther(x)) nearOthers.push(x);
  // Is another value joined to the word without a clause break? The nearest one tells: a break
  // before it is a break before every farther one too.
  const ofList = (x: Span) => !isOther(x);
  const joinedBefore = (t: Token) => {
    let nearest = sorted?.lastEndingBy(t.start, ofList);
    if (!sorted) for (const x of values) if (x.end <= t.start && (!nearest || x.end > nearest.end) && isOther(x)) nearest = x;
    return !!nearest && !breaks(sentence, nearest.end, t.start);
  };
  const joinedAfter = (t: Token) => {
    let nearest = sorted?.firstStartingAt(t.end, ofList);
    if (!sorted) for (const x of values) if (x.start >= t.end && (!nearest || x.start < nearest.start) && isOther(x)) nearest = x;
    return !!nearest && !breaks(sentence, t.end, nearest.start);
  };
  // The walks start outside the list: a word inside it would overlap [start, end].
  const inList = (t: Token) => t.start < end && t.end > start && inside(list, t.start, t.end);
  const take = (t: Token): boolean => {
    if (inside(named, t.start, t.end)) {
      const e = entityMatches.find((m) => t.start >= m.start && t.end <= m.end);
      if (e) out.push(`@${e.key}`);
      return false;
    }
    const term = termOf(t);
    if (term) out.push(term);
    return !!term;
  };
  // Backwards from the list, not across a clause break, another value, or an "and" that
  // joins this value's phrase to another value's ("four goals and eight plans").
  let taken = 0;
  let edge = start;
  const upTo = wordsEndingBy(words, start);
  for (let i = 0; i < upTo && i < MAX_TOKENS && taken < MAX_TERMS; i++) {
    const t = words[upTo - 1 - i];
    if (breaks(sentence, t.end, edge) || inside(nearOthers, t.start, t.end)) break;
    if (/^(?:and|or)$/i.test(t.text) && joinedBefore(t)) break;
    edge = t.start;
    if (inList(t)) continue;
    if (take(t)) taken++;
  }
  taken = 0;
  edge = end;
  const from = firstWordFrom(words, end);
  for (let i = 0; from + i < words.length && i < MAX_TOKENS && taken < MAX_TERMS; i++) {
    const t = words[from + i];
    if (breaks(sentence, edge, t.start) || inside(nearOthers, t.start, t.end)) break;
    if (/^(?:and|or)$/i.test(t.text) && joinedAfter(t)) break;
    edge = t.end;
    if (inList(t)) continue;
    if (take(t)) taken++;
  }
  // Hemmed in by other values ("trade rose 3.2% to $192 billion in 2023"): what the sentence
  // is about before its first value measures this one too (the same words for every value: read once).
  if (out.length === 0) return (memo.lead ??= leadTerms(sentence, words, values, take, out));
  const measure = unique(out);
  if (list.length > 1) (memo.byList ??= new Map()).set(list, measure);
  return measure;
}

/**
 * A sentence's measure words read so far, for its other values: those of each coordinated list of
 * more than one value, and the words before its first value. Never changed once made.
 */
interface MeasureMemo {
  byList?: Map<Span[], string[]>;
  lead?: string[];
}

/** The terms of up to six words before the sentence's first value, not across a clause break, taken into `out`. */
function leadTerms(sentence: string, words: Token[], values: Span[], take: (t: Token) => boolean, out: string[]): string[] {
  let first = sentence.length;
  for (const x of values) first = Math.min(first, x.start);
  const upToFirst = wordsEndingBy(words, first);
  const lead: Token[] = [];
  // A clause break after a word is one after every word before it too.
  for (let i = upToFirst - 1; i >= 0 && lead.length < 6 && !breaks(sentence, words[i].end, first); i--) lead.unshift(words[i]);
  for (const t of lead) take(t);
  return unique(out);
}

/**
 * The coordinated list a value belongs to: values of one kind joined only by ",", "and" or "or".
 * Every value of a list is given the same array, so two values share a list when their lists are one.
 */
function coordinatedList(sentence: string, v: Span, values: Span[]): Span[] {
  return listsOfSentence(sentence, values).get(v) ?? [v];
}

/** Every coordinated list of a sentence, by value. Asked for every value, often many times: found at the first call. */
function listsOfSentence(sentence: string, values: Span[]): Map<Span, Span[]> {
  // (Sentences are read one at a time, and every caller asks with the sentence's values: the last
  // one asked is the one asked again. No table keeps the others: kept by a long-lived table, lists
  // outlived their sentence into the old generation.)
  if (lastListed?.values === values) return lastListed.lists;
  const lists = coordinatedListsOf(sentence, values);
  lastListed = { values, lists };
  return lists;
}

let lastListed: { values: Span[]; lists: Map<Span, Span[]> } | undefined;

function coordinatedListsOf(sentence: string, values: Span[]): Map<Span, Span[]> {
  const lists = new Map<Span, Span[]>();
  const sorted = [...values].sort((a, b) => a.start - b.start);
  // ("from 16% to 25%" is one pair too: both ends measure the same thing.)
  const joined = (a: Span, b: Span) =>
    /^\s*(?:,|and|or|,\s*and|,\s*or)\s*$/.test(sentence.slice(a.end, b.start)) ||
    (/^\s*(?:to|-|–)\s*$/.test(sentence.slice(a.end, b.start)) && /\bfrom\s+$/i.test(sentence.slice(Math.max(0, a.start - 6), a.start)));
  let list: Span[] = [];
  for (let i = 0; i < sorted.length; i++) {
    if (i > 0 && !joined(sorted[i - 1], sorted[i])) list = [];
    list.push(sorted[i]);
    lists.set(sorted[i], list);
  }
  return lists;
}

/** How many words end at or before `offset`: words are in order and do not overlap. */
function wordsEndingBy(words: Token[], offset: number): number {
  let lo = 0;
  let hi = words.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (words[mid].end <= offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The index of the first word that starts at or after `offset` (words.length if none). */
function firstWordFrom(words: Token[], offset: number): number {
  let lo = 0;
  let hi = words.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (words[mid].start < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** A reader's label for what a figure measures: the words after it ("main pillars", "jobs"), or before it. */
function measureTextOf(sentence: string, v: Span, words: Token[], values: Span[]): string | undefined {
  // Walks the words from one index, one way, at most `limit` of them.
  const pick = (from: number, step: 1 | -1, limit: number) => {
    const out: string[] = [];
    let edge = -1;
    for (let i = from, n = 0; i >= 0 && i < words.length && n < limit; i += step, n++) {
      const t = words[i];
      if (edge >= 0 && (breaks(sentence, Math.min(edge, t.start), Math.max(edge, t.start)) || /[()]/.test(sentence.slice(Math.min(edge, t.start), Math.max(edge, t.start))) || inside(values, t.start, t.end))) break;
      edge = t.end;
      const lower = t.text.toLowerCase();
      // "countries in RCEP": a preposition followed by a name belongs to the label.
      if (out.length && (lower === "in" || lower === "of") && out[out.length - 1] !== lower) {
        out.push(t.text);
        continue;
      }
      if (STOP_WORDS.has(lower) && !RELATIVE.has(lower)) {
        if (out.length) break;
        continue;
      }
      if (out.length && (out[out.length - 1] === "in" || out[out.length - 1] === "of") && !/^\p{Lu}/u.test(t.text)) break;
      out.push(t.text);
      if (out.length === 4) break;
    }
    while (out.length && /^(?:in|of)$/.test(out[out.length - 1])) out.pop();
    return out.join(" ");
  };
  const after = pick(firstWordFrom(words, v.end), 1, words.length);
  if (after) return after;
  const before = pick(wordsEndingBy(words, v.start) - 1, -1, 6).split(" ").reverse().join(" ");
  return before || undefined;
}

/** Clauses of a sentence, split where a new subject usually starts ("; ", ", while", ", whereas", ", but", ", and"). */
function clauseSpans(sentence: string, colon = false): Span[] {
  const out: Span[] = [];
  const re = colon
    ? /[;:]\s+|,['’"”]?\s+(?=(?:while|whereas|but|and|although|though|compared with|as)\b)|\s+(?=(?:while|whereas)\b)/g
    : /;\s+|,\s+(?=(?:while|whereas|but|and|although|though|compared with|as)\b)|\s+(?=(?:while|whereas)\b)/g;
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
  lexicon: Lexicon,
): string[] {
  const out: string[] = [];
  const lo = Math.min(predicate.start, v.end);
  const hi = Math.max(predicate.end, v.start);
  // (Words are in order: each walk starts at its first word, found by a binary search.)
  for (let i = firstWordFrom(words, lo); i < words.length && words[i].start < hi; i++) {
    const t = words[i];
    if (t.end <= hi && !inside(named, t.start, t.end) && !inside(values, t.start, t.end)) {
      const term = termOf(t);
      if (term) out.push(term);
    }
  }
  // What was launched or signed: up to three content words after the predicate.
  let objectWords = 0;
  let objectEdge = predicate.end;
  if (predicate.start > v.end) {
    for (let i = firstWordFrom(words, predicate.end); i < words.length; i++) {
      const t = words[i];
      if (objectWords >= 3 || breaks(sentence, objectEdge, t.start) || inside(values, t.start, t.end)) break;
      objectEdge = t.end;
      if (inside(named, t.start, t.end)) continue;
      const term = termOf(t);
      if (term) {
        out.push(term);
        objectWords++;
      }
    }
  }
  // The subject's head ("negotiations were launched"); a noun predicate's modifier
  // ("negotiating deadline") says nothing more.
  const isNoun = lexicon.predicateNouns.has(sentence.slice(predicate.start, predicate.end).toLowerCase());
  let taken = isNoun ? 1 : 0;
  let edge = predicate.start;
  const upTo = wordsEndingBy(words, predicate.start);
  for (let i = 0; i < upTo && i < 5 && taken < 1; i++) {
    const t = words[upTo - 1 - i];
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

/**
 * The event word a value belongs to: the nearest predicate, verbs before nouns ("signed at the
 * G20 summit in September" was signed, not a summit).
 */
function distance(a: Span, b: Span): number {
  return a.end <= b.start ? b.start - a.end : b.end <= a.start ? a.start - b.end : 0;
}

function nearestPredicate(matches: PhraseMatch<string>[], v: Span, marks: SentenceMarks): { cls: string; match: PhraseMatch<string> } | undefined {
  let best: PhraseMatch<string> | undefined;
  let bestDistance = Infinity;
  for (const m of matches) {
    const setting = marks.isSetting(m);
    const lo = Math.min(m.end, v.end);
    const hi = Math.max(m.start, v.start);
    // A comma between them counts as distance: "inked in Kigali in March 2018, came into force ...".
    const commas = marks.punctuationBetween(lo, hi);
    const d = (m.end <= v.start ? v.start - m.end : m.start >= v.end ? m.start - v.end + 1 : 0) + (setting ? 60 : 0) + commas * 25;
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
  if (!orderWordsTest(lexicon).test(before)) return undefined;
  const words = before.split(/[^\p{L}-]+/u).filter(Boolean).slice(-4);
  for (let i = words.length - 1; i >= 0; i--) {
    const w = words[i];
    const two = i > 0 ? `${words[i - 1]} ${w}` : "";
    // "last year", "the first half": a time, not which of several events or figures.
    if (/^(?:year|month|week|day|quarter|half|decade|time)s?$/.test(words[i + 1] ?? "")) continue;
    if (lexicon.firstWords.has(w) || lexicon.firstWords.has(two)) return "first";
    if (lexicon.lastWords.has(w) || lexicon.lastWords.has(two)) return "last";
  }
  return undefined;
}

/** Does a text hold any word of an order phrase (a cheap test before reading the words)? */
function orderWordsTest(lexicon: Lexicon): RegExp {
  let re = orderWordTests.get(lexicon);
  if (!re) {
    const words = [...lexicon.firstWords, ...lexicon.lastWords].flatMap((w) => w.split(" ")).filter(Boolean);
    re = words.length ? new RegExp(words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|")) : /(?!)/;
    orderWordTests.set(lexicon, re);
  }
  return re;
}

const orderWordTests = new WeakMap<Lexicon, RegExp>();

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

/** The source span of a value whose characters are consecutive in the source, else undefined. */
function contiguousSpan(block: ProseBlock, start: number, end: number): Span | undefined {
  const offsets = block.sourceOffsets;
  for (let i = start; i < end; i++) {
    if (offsets[i] < 0) return undefined;
    if (i > start && offsets[i] !== offsets[i - 1] + 1) return undefined;
  }
  return end > start ? { start: offsets[start], end: offsets[end - 1] + 1 } : undefined;
}

function unique<T>(xs: T[]): T[] {
  // (Most lists here hold a handful of items: a scan beats building a set.)
  if (xs.length > 16) return [...new Set(xs)];
  const out: T[] = [];
  for (const x of xs) if (!out.includes(x)) out.push(x);
  return out;
}
