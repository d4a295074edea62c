// Quantities in prose: money with currency and scale, percentages, counts in digits or words,
// ordinals ("fourth-largest", "7th"), ranges ("4 to 5", "between 20 and 30") and hedges ("about",
// "over", "nearly"). Each number is read once as an atom (a figure with its unit); neighbouring
// atoms joined by "to", a dash or "between ... and" then make one range.
import type { Hedge, QuantityValue } from "../types";
import { countNotYear, SpanSet } from "./dates";
import { NUMBER_WORDS, ORDINAL_WORDS, ordinalWordValue, readNumberWords } from "./words";

export interface FoundQuantity {
  start: number;
  end: number;
  /** The value as written, without the hedge ("$55.7 billion"). */
  text: string;
  value: QuantityValue;
  /** For counts written with a glued unit ("25-year"): the unit. */
  unitWord?: string;
  /** An ordinal that names a thing ("the second fab") rather than stating a rank: no claim. */
  reference?: boolean;
}

export interface HedgeLexicon {
  [hedge: string]: string[];
}

const SCALES: Record<string, number> = {
  thousand: 1e3, k: 1e3, million: 1e6, mn: 1e6, m: 1e6, mln: 1e6, billion: 1e9, bn: 1e9, b: 1e9, bln: 1e9, trillion: 1e12, tn: 1e12, trn: 1e12,
};
/** Currency signs, codes and names, lower-cased with spaces and dots removed, to ISO codes. */
const CURRENCIES: Record<string, string> = {
  $: "USD", us$: "USD", usd: "USD", dollar: "USD", usdollar: "USD", americandollar: "USD",
  a$: "AUD", aud: "AUD", australiandollar: "AUD", s$: "SGD", sgd: "SGD", singaporedollar: "SGD",
  c$: "CAD", cad: "CAD", canadiandollar: "CAD", hk$: "HKD", hkd: "HKD", hongkongdollar: "HKD",
  nz$: "NZD", nzd: "NZD", newzealanddollar: "NZD", r$: "BRL", brl: "BRL",
  "€": "EUR", eur: "EUR", euro: "EUR", "£": "GBP", gbp: "GBP", pound: "GBP", poundsterling: "GBP", britishpound: "GBP", sterling: "GBP",
  "¥": "JPY", jpy: "JPY", yen: "JPY", japaneseyen: "JPY", "₩": "KRW", krw: "KRW", won: "KRW", koreanwon: "KRW", southkoreanwon: "KRW",
  cny: "CNY", rmb: "CNY", "cn¥": "CNY", yuan: "CNY", chineseyuan: "CNY", renminbi: "CNY",
  chf: "CHF", fr: "CHF", franc: "CHF", swissfranc: "CHF", "₹": "INR", inr: "INR", rs: "INR", rupee: "INR", indianrupee: "INR",
  zar: "ZAR", rand: "ZAR", cent: "cent", ksh: "KES",
};

const CODES = String.raw`USD|EUR|GBP|JPY|KRW|CNY|RMB|AUD|SGD|CHF|CAD|INR|HKD|BRL|ZAR|NZD|THB|VND|IDR|PHP|MYR|TWD|KES|KSh|NGN|EGP|TRY|RUB|MXN|SAR|AED|SEK|NOK|DKK|PLN|BDT|PKR|LKR`;
const NUM = String.raw`\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?`;
const SCALE = String.raw`(?:\s?(thousand|million|billion|trillion|mn|mln|bn|bln|tn|trn|[kmb])(?![\p{L}\p{N}]))`;
/** Scales a count may carry: single letters ("1m") only follow a currency. */
const COUNT_SCALE = String.raw`(?:\s?(thousand|million|billion|trillion|mn|mln|bn|bln|tn|trn)(?![\p{L}\p{N}]))`;
const CUR_PRE = String.raw`(US\s?\$|U\.S\.\s?\$|(?<![\p{L}])(?:(?:A|S|NZ|R)\$|(?:C|HK)\s?\$)|CN¥|\$|€|£|¥|₩|₹|(?:${CODES})\s?)`;
const CUR_SIGN_POST = String.raw`\s?(?:US\$|\$|€|£|¥|₩|₹)(?!\s?\d)`;
const CUR_CODE_POST = String.raw`\s?(?:${CODES})(?![\p{L}]|\s?\d)`;
const CUR_WORD_POST = String.raw`\s(?:(?:u\.?s\.?|american|australian|canadian|hong\s+kong|singapore|new\s+zealand)\s+dollars?|dollars?|euros?|(?:japanese\s+)?yen|(?:south\s+)?(?:korean\s+)?won|(?:chinese\s+)?yuan|renminbi|(?:british\s+)?pounds?(?:\s+sterling)?|(?:swiss\s+)?francs?|(?:indian\s+)?rupees?|rand|cents?)(?![\p{L}])`;
const NB = String.raw`(?<![\p{L}\p{N}.,$€£¥₩+/])`;
/** Not part of a longer number, a word, or a dash-joined code ("222-2222-2222"). */
const NA = String.raw`(?![\p{L}\p{N}%$+/]|[.,]\d|-\p{L})`;

const MONEY_PRE_RE = new RegExp(String.raw`${NB}${CUR_PRE}\s?(${NUM})${SCALE}?(?![\p{L}\p{N}]|[.,]\d)`, "giu");
const MONEY_POST_RE = new RegExp(String.raw`${NB}(?:(${NUM})${SCALE}?|(${NUMBER_WORDS}))(${CUR_SIGN_POST}|${CUR_CODE_POST}|${CUR_WORD_POST})`, "giu");
const PERCENT_RE = new RegExp(String.raw`${NB}(?:(${NUM})|(${NUMBER_WORDS}))\s?(?:%|percent(?:age points?)?|per\s?cent|percentage points?)(?![\p{L}\p{N}])`, "giu");
const ORDINAL_RE = new RegExp(
  String.raw`${NB}(?:(\d{1,3})(?:st|nd|rd|th)|(${ORDINAL_WORDS}))(?:[-\s](largest|biggest|smallest|highest|lowest|most|least|top|leading)\b)?(?![\p{L}\p{N}]|-\p{L})`,
  "giu",
);
/** "a 25-year concession", "a 90-day review": a count whose unit is glued on with a hyphen. */
const UNIT_COMPOUND_RE = new RegExp(
  String.raw`${NB}(\d{1,3}(?:,\d{3})*|\d+|${NUMBER_WORDS})-(year|month|week|day|hour|km|kilometre|kilometer|mile|member|nation|country|point|storey|seat)s?\b`,
  "giu",
);
/** (Not the month or second year after "2024-": the date patterns read those.) */
const COUNT_DIGITS_RE = new RegExp(String.raw`${NB}(?<!(?:1[89]|20)\d\d\s?[-–]\s?)(${NUM})${COUNT_SCALE}?${NA}`, "giu");
const COUNT_WORDS_RE = new RegExp(String.raw`${NB}(${NUMBER_WORDS})${NA}`, "giu");

// Cheap tests first: most sentences hold no money, percentage, ordinal or number word at all.
const HAS_MONEY = new RegExp(String.raw`[$€£¥₩₹]|(?:\b|\d)(?:${CODES})(?:\b|\d)|dollar|\beuros?\b|\byen\b|\bwon\b|yuan|renminbi|pound|franc|rupee|\brand\b|\bcents?\b`, "i");
const HAS_ORDINAL = /\d(?:st|nd|rd|th)\b|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|teenth|tieth|hundredth|ty[-\s]first/i;
const HAS_NUMBER_WORD = /\b(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million|billion|trillion|dozen)\b/i;
const HAS_UNIT_COMPOUND = /-(?:year|month|week|day|hour|km|kilomet|mile|member|nation|countr|point|storey|seat)/i;

function num(s: string): number {
  return Number(s.includes(",") ? s.replace(/,/g, "") : s);
}

/** Half the place value of the last written digit: "55.7" -> 0.05, "60" -> 0.5. */
function halfUnit(s: string): number {
  const dot = s.indexOf(".");
  const decimals = dot < 0 ? 0 : s.length - dot - 1;
  return 0.5 * Math.pow(10, -decimals);
}

function scaleOf(s: string | undefined): number {
  return s ? SCALES[s.toLowerCase()] ?? 1 : 1;
}

function currencyOf(s: string): string {
  const key = s.toLowerCase().replace(/[\s.]/g, "").replace(/s$/, "");
  // Any other ISO code stands for itself ("THB 4.5 billion").
  return CURRENCIES[key] ?? CURRENCIES[key.replace(/^(?:us|u\.s\.)/, "")] ?? (/^[a-z]{3}$/.test(key) ? key.toUpperCase() : "USD");
}

/** A figure read from digits or words: its value, its precision and whether a scale word was written. */
interface Figure {
  value: number;
  precision: number;
  scale: number;
}

function digitFigure(digits: string, scaleWord: string | undefined): Figure {
  const scale = scaleOf(scaleWord);
  return { value: num(digits) * scale, precision: halfUnit(digits) * scale, scale };
}

/** A number in words, read whole: undefined when the run holds more than one number. */
function wordFigure(run: string): Figure | undefined {
  const n = readNumberWords(run);
  if (!n || n.length !== run.length) return undefined;
  const scaleWord = /(thousand|million|billion|trillion)$/i.exec(run)?.[1];
  const scale = scaleOf(scaleWord);
  return { value: n.value, precision: scaleWord ? 0.5 * scale : 0, scale };
}

/** One figure found in the text before ranges are joined. */
interface Atom {
  start: number;
  end: number;
  value: Omit<QuantityValue, "type" | "hedge">;
  scale: number;
  unitWord?: string;
  reference?: boolean;
}

/** Spans of tokens that hold no prose figures: web addresses, phone-like or slash-dated strings, URL escapes. */
function junkSpans(text: string): [number, number][] {
  if (!/:\/\/|www\.|\d[-–]\d+[-–]\d|\d\/\d|%[0-9A-F]{2}/i.test(text)) return [];
  const out: [number, number][] = [];
  for (const m of text.matchAll(/\S+/g)) {
    if (/:\/\/|^www\.|\d[-–]\d+[-–]\d|\d\/\d+\/\d|%[0-9A-F]{2}/i.test(m[0])) out.push([m.index, m.index + m[0].length]);
  }
  return out;
}

/** Reads every atom: money, then percentages, ordinals, unit compounds and counts; earlier kinds win overlaps. */
function findAtoms(text: string): Atom[] {
  const atoms: Atom[] = [];
  const junk = junkSpans(text);
  const taken = new SpanSet();
  const add = (atom: Atom) => {
    if (taken.overlaps(atom.start, atom.end) || junk.some(([a, b]) => atom.start < b && a < atom.end)) return;
    taken.add(atom.start, atom.end);
    atoms.push(atom);
  };
  let m: RegExpExecArray | null;
  // (A currency sign, the usual case, settles it before the slower test for codes and names.)
  if (/[$€£¥₩₹]/.test(text) || HAS_MONEY.test(text)) readMoney(text, add);
  if (/%|per ?cent/i.test(text)) {
    PERCENT_RE.lastIndex = 0;
    while ((m = PERCENT_RE.exec(text))) {
      const f = m[1] !== undefined ? digitFigure(m[1], undefined) : wordFigure(m[2]);
      if (f) add({ start: m.index, end: m.index + m[0].length, value: { unit: "percent", value: f.value, precision: f.precision }, scale: 1 });
    }
  }
  if (HAS_ORDINAL.test(text)) readOrdinals(text, add);
  if (HAS_UNIT_COMPOUND.test(text)) {
    UNIT_COMPOUND_RE.lastIndex = 0;
    while ((m = UNIT_COMPOUND_RE.exec(text))) {
      const value = /^\d/.test(m[1]) ? num(m[1]) : readNumberWords(m[1])?.value;
      if (value !== undefined) add({ start: m.index, end: m.index + m[0].length, value: { unit: "count", value, precision: 0 }, scale: 1, unitWord: m[2].toLowerCase() });
    }
  }
  readCounts(text, add, (start, end) => taken.covers(start, end));
  return atoms.sort((a, b) => a.start - b.start);
}

function readMoney(text: string, add: (a: Atom) => void): void {
  let m: RegExpExecArray | null;
  MONEY_PRE_RE.lastIndex = 0;
  while ((m = MONEY_PRE_RE.exec(text))) {
    const f = digitFigure(m[2], m[3]);
    add({ start: m.index, end: m.index + m[0].length, value: { unit: "money", currency: currencyOf(m[1]), value: f.value, precision: f.precision }, scale: f.scale });
  }
  MONEY_POST_RE.lastIndex = 0;
  while ((m = MONEY_POST_RE.exec(text))) {
    const f = m[1] !== undefined ? digitFigure(m[1], m[2]) : vagueScale(text, m.index) ? undefined : wordFigure(m[3]);
    if (!f || (m[1] !== undefined && readsAsYear(m[1], m[2]) && !/[a-z]{3}/i.test(m[4]))) continue;
    add({ start: m.index, end: m.index + m[0].length, value: { unit: "money", currency: currencyOf(m[4]), value: f.value, precision: f.precision }, scale: f.scale });
  }
}

function readOrdinals(text: string, add: (a: Atom) => void): void {
  let m: RegExpExecArray | null;
  ORDINAL_RE.lastIndex = 0;
  while ((m = ORDINAL_RE.exec(text))) {
    const n = m[1] !== undefined ? Number(m[1]) : ordinalWordValue(m[2]);
    if (!n || n < 2) continue; // "first" is used too loosely ("for the first time") to check.
    // An ordinal states something when it is a rank ("fourth-largest"), an anniversary, or said of
    // its subject ("was the fourth meeting", "marked the 7th"); otherwise it names a thing ("the
    // second fab will open in 2027") and asserts nothing about it.
    const rank = m[3] !== undefined;
    const predicative = /\b(?:is|was|were|are|be|been|being|became|become|becomes|marked|marks|ranks?|ranked|remains?|remained|as|only)\s+(?:the\s+|its\s+|their\s+|a\s+|only\s+)*$/i.test(text.slice(Math.max(0, m.index - 40), m.index));
    const anniversary = /^[-\s]*anniversary/i.test(text.slice(m.index + m[0].length, m.index + m[0].length + 14));
    // Kept as a reference: it still tells which occurrence of a recurring event is meant.
    add({ start: m.index, end: m.index + m[0].length, value: { unit: "ordinal", value: n, precision: 0, rankOf: m[3]?.toLowerCase() }, scale: 1, reference: !rank && !predicative && !anniversary });
  }
}

/** Four digits that read as a year, not a count ("in 2019"), unless a scale follows. */
function readsAsYear(digits: string, scaleWord: string | undefined): boolean {
  return /^(?:1[89]|20)\d\d$/.test(digits) && !scaleWord;
}

/** `read` tells which text an earlier kind has read already ("5 billion" of "$5 billion"): no count there. */
function readCounts(text: string, add: (a: Atom) => void, read: (start: number, end: number) => boolean): void {
  let m: RegExpExecArray | null;
  COUNT_DIGITS_RE.lastIndex = 0;
  while ((m = COUNT_DIGITS_RE.exec(text))) {
    if (read(m.index, m.index + m[0].length)) continue;
    if (readsAsYear(m[1], m[2]) && !countNotYear(text, m.index, m.index + m[0].length)) continue;
    if (!m[2] && m[1].includes(".") && decimalLabel(text, m.index)) continue;
    const f = digitFigure(m[1], m[2]);
    add({ start: m.index, end: m.index + m[0].length, value: { unit: "count", value: f.value, precision: 0 }, scale: f.scale });
  }
  if (!HAS_NUMBER_WORD.test(text)) return;
  COUNT_WORDS_RE.lastIndex = 0;
  while ((m = COUNT_WORDS_RE.exec(text))) if (!read(m.index, m.index + m[0].length)) readWordCounts(text, m.index, m[1], add);
}

/**
 * A decimal that numbers or names something rather than counting: a section heading ("1.1 The
 * strategy"), a version ("Framework 2.0"), a label ("target 14.6").
 */
function decimalLabel(text: string, start: number): boolean {
  if (/^\s*$/.test(text.slice(0, start))) return /^[\d.]+\s+\p{Lu}/u.test(text.slice(start, start + 24));
  const before = text.slice(Math.max(0, start - 24), start);
  return (/\b(?:article|section|chapter|paragraph|para|clause|rule|figure|fig\.|table|annex|target|goal|version|v|no\.|resolution|item|part|step|phase|tier|level)\s+$/i.test(before) || /(?<![\p{L}])\p{Lu}\p{L}*\s+$/u.test(before)) &&
    !/\b(?:about|around|some|over|under|nearly|almost|of|at|to|by|from|and|or|than)\s+$/i.test(text.slice(Math.max(0, start - 12), start));
}

/** A run of number words may hold several numbers ("two three"): reads each. */
function readWordCounts(text: string, runStart: number, run: string, add: (a: Atom) => void): void {
  const leadRe = /\s+and\s+|\s+|-/y;
  const numbers: { start: number; end: number; value: number; words: number; lead: string }[] = [];
  let at = 0;
  while (at < run.length) {
    leadRe.lastIndex = at;
    const lead = leadRe.exec(run)?.[0] ?? "";
    const n = readNumberWords(run, at + lead.length);
    if (!n) break;
    const start = runStart + at + lead.length;
    at += lead.length + n.length;
    numbers.push({ start, end: runStart + at, value: n.value, words: n.words, lead });
  }
  // "Five-Four-Three-Two": number words joined by hyphens into a name count nothing.
  if (numbers.some((n, i) => i > 0 && n.lead === "-")) return;
  for (const n of numbers) {
    const before = text.slice(Math.max(0, n.start - 8), n.start);
    // A lone "one" or "zero" is rarely a count ("one of the", "net zero"); "the two countries",
    // "both sides": a small number after a determiner refers back to parties already named.
    if (n.words === 1 && n.value <= 1) continue;
    if (n.value <= 10 && /\b(?:the|these|those|both|all|its|their)\s+$/i.test(before)) continue;
    if (vagueScale(text, n.start)) continue;
    const scale = scaleOf(/(thousand|million|billion|trillion)$/i.exec(text.slice(n.start, n.end))?.[1]);
    add({ start: n.start, end: n.end, value: { unit: "count", value: n.value, precision: 0 }, scale });
  }
}

/** "several hundred", "a few million": a scale word with no number before it, after a word, is vague. */
function vagueScale(text: string, start: number): boolean {
  return /^(?:hundred|thousand|million|billion|trillion|dozen)\b/i.test(text.slice(start, start + 9)) && /\p{L}\s+$/u.test(text.slice(Math.max(0, start - 3), start)) && !/\ban?\s+$/i.test(text.slice(Math.max(0, start - 3), start));
}

/** The words joining two atoms into a range, and whether a "between"/"from" must come first. */
function rangeJoin(text: string, a: Atom, b: Atom): boolean {
  const gap = text.slice(a.end, b.start);
  const before = text.slice(Math.max(0, a.start - 9), a.start);
  if (/^(?:\s?[-–]\s?|\s+to\s+)$/i.test(gap)) return true;
  if (/^\s+and\s+$/i.test(gap)) return /\bbetween\s+$/i.test(before);
  return /^\s+or\s+$/i.test(gap) && a.value.unit === "count" && b.value.unit === "count";
}

/** Joins "4 to 5", "$10-15 billion", "between 20 and 30 dollars" into one range each. */
function joinRanges(text: string, atoms: Atom[]): Atom[] {
  const out: Atom[] = [];
  for (let i = 0; i < atoms.length; i++) {
    const a = atoms[i], b = atoms[i + 1];
    const joined = b && joinPair(text, a, b);
    if (joined) {
      out.push(joined);
      i++;
    } else out.push(a);
  }
  return out;
}

function joinPair(text: string, a: Atom, b: Atom): Atom | undefined {
  const ua = a.value.unit, ub = b.value.unit;
  if (ua === "ordinal" || ub === "ordinal" || a.unitWord || b.unitWord || a.value.high !== undefined) return undefined;
  if (!rangeJoin(text, a, b)) return undefined;
  const sameKind = ua === ub && a.value.currency === b.value.currency;
  const countThenMoney = ua === "count" && (ub === "money" || ub === "percent");
  const moneyThenCount = ua === "money" && ub === "count";
  if (!sameKind && !countThenMoney && !moneyThenCount) return undefined;
  // "2 to 3 million", "$10-15 billion": the low end takes the high end's scale.
  let low = a.value.value, lowPrecision = a.value.precision;
  if (a.scale === 1 && b.scale > 1 && low * b.scale <= b.value.value) (low *= b.scale), (lowPrecision *= b.scale);
  const high = moneyThenCount && b.scale === 1 && a.scale > 1 ? b.value.value * a.scale : b.value.value;
  const from = /\bfrom\s+$/i.test(text.slice(Math.max(0, a.start - 6), a.start));
  if (low > high && !from) return undefined;
  const unit = ua === "count" ? ub : ua;
  const currency = a.value.currency ?? b.value.currency;
  return { start: a.start, end: b.end, value: { unit, currency, value: low, high, precision: Math.max(lowPrecision, b.value.precision) }, scale: Math.max(a.scale, b.scale) };
}

export function findQuantities(text: string, hedges: HedgeLexicon): FoundQuantity[] {
  const found: FoundQuantity[] = [];
  for (const atom of joinRanges(text, findAtoms(text))) {
    const h = hedgeBefore(text, atom.start, hedges);
    const value = quantityValue(atom.value, h?.hedge);
    const q: FoundQuantity = { start: atom.start, end: atom.end, text: text.slice(atom.start, atom.end), value };
    if (atom.unitWord) q.unitWord = atom.unitWord;
    if (atom.reference) q.reference = true;
    found.push(q);
  }
  return splitChanges(text, found);
}

/**
 * A quantity's value, field by field in one order. Never built with `delete`: an object that loses
 * a field becomes a slow dictionary, and every later read of it pays.
 */
function quantityValue(a: Atom["value"], hedge: Hedge | undefined): QuantityValue {
  const v = { type: "quantity", unit: a.unit } as QuantityValue;
  if (a.currency !== undefined) v.currency = a.currency;
  v.value = a.value;
  if (a.high !== undefined) v.high = a.high;
  v.precision = a.precision;
  if (a.rankOf !== undefined) v.rankOf = a.rankOf;
  v.hedge = hedge;
  return v;
}

/** One end of a change ("from 8% to 25%"): the range's fields without its high end, a role, no hedge. */
function changeEnd(v: QuantityValue, value: number, role: "from" | "to"): QuantityValue {
  const out = { type: v.type, unit: v.unit } as QuantityValue;
  if ("currency" in v) out.currency = v.currency;
  out.value = value;
  out.precision = v.precision;
  if ("rankOf" in v) out.rankOf = v.rankOf;
  out.hedge = undefined;
  out.role = role;
  return out;
}

/** One regex for all hedge phrases (longest first), and the hedge each phrase means. */
const hedgePatterns = new WeakMap<HedgeLexicon, { re: RegExp; kinds: Map<string, Hedge> }>();

function compiledHedges(hedges: HedgeLexicon): { re: RegExp; kinds: Map<string, Hedge> } {
  let compiled = hedgePatterns.get(hedges);
  if (!compiled) {
    const kinds = new Map<string, Hedge>();
    for (const [hedge, phrases] of Object.entries(hedges)) for (const p of phrases) if (!kinds.has(p)) kinds.set(p, hedge as Hedge);
    const alternatives = [...kinds.keys()].sort((x, y) => y.length - x.length).map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
    const re = new RegExp(String.raw`(?:^|[^\p{L}])(${alternatives.join("|")})\s+(?:of\s+)?(?:an?\s+)?$`, "u");
    compiled = { re, kinds };
    hedgePatterns.set(hedges, compiled);
  }
  return compiled;
}

/** Finds the hedge written just before a value ("about", "more than"). */
export function hedgeBefore(text: string, start: number, hedges: HedgeLexicon): { hedge: Hedge; start: number } | undefined {
  const before = text.slice(Math.max(0, start - 30), start).toLowerCase();
  const { re, kinds } = compiledHedges(hedges);
  const m = re.exec(before);
  if (!m) return undefined;
  const hedge = kinds.get(m[1]);
  return hedge ? { hedge, start: start - before.length + m.index + m[0].indexOf(m[1]) } : undefined;
}

/**
 * "raised the credit from 8% to 25%": a change from one value to another, not a range. Each end is
 * a value of its own (the old one and the new one).
 */
function splitChanges(text: string, found: FoundQuantity[]): FoundQuantity[] {
  const out: FoundQuantity[] = [];
  for (const q of found) {
    const to = /\s?(?:to|-|–)\s?/.exec(q.text);
    if (q.value.high === undefined || !to || !/\bfrom\s+$/i.test(text.slice(Math.max(0, q.start - 6), q.start))) {
      out.push(q);
      continue;
    }
    const lowText = q.text.slice(0, to.index);
    const highStart = q.start + to.index + to[0].length;
    out.push({ ...q, end: q.start + lowText.length, text: lowText, value: changeEnd(q.value, q.value.value, "from") });
    out.push({ ...q, start: highStart, text: text.slice(highStart, q.end), value: changeEnd(q.value, q.value.high, "to") });
  }
  return out;
}

/** Do two quantities agree, given rounding and hedges on either side? */
export function quantitiesCompatible(a: QuantityValue, b: QuantityValue): boolean {
  if (a.unit !== b.unit) return false;
  if (a.unit === "money" && a.currency !== b.currency) return false;
  const aLo = a.value, aHi = a.high ?? a.value;
  const bLo = b.value, bHi = b.high ?? b.value;
  const approx = a.hedge === "approx" || b.hedge === "approx";
  // Rounding covers half a unit of the last digit on either side, the half itself excluded:
  // "3%" is not "3.5%" (which rounds to 4).
  const tol = Math.max(a.precision, b.precision) * 0.999 + (approx ? 0.05 * Math.max(Math.abs(aHi), Math.abs(bHi)) : 0) + 1e-9 * Math.max(1, Math.abs(aHi));
  // Two bounds of the same kind ("up to 45 days" / "up to 30 days") compare as values.
  const bound = (h: QuantityValue["hedge"]) => (h === "over" || h === "at-least" ? "low" : h === "under" || h === "at-most" ? "high" : undefined);
  if (bound(a.hedge) && bound(a.hedge) === bound(b.hedge)) return aLo <= bHi + tol && bLo <= aHi + tol;
  // A bound ("over 50") agrees with any value on its side.
  if (a.hedge === "over" || a.hedge === "at-least") return bHi >= aLo - tol;
  if (a.hedge === "under" || a.hedge === "at-most") return bLo <= aHi + tol;
  if (b.hedge === "over" || b.hedge === "at-least") return aHi >= bLo - tol;
  if (b.hedge === "under" || b.hedge === "at-most") return aLo <= bHi + tol;
  return aLo <= bHi + tol && bLo <= aHi + tol;
}

/** The measured kinds of two quantities can be compared (same unit and, for money, currency). */
export function sameDimension(a: QuantityValue, b: QuantityValue): boolean {
  if (a.unit !== b.unit) return false;
  if (a.unit === "money") return a.currency === b.currency;
  if (a.unit === "ordinal") return (a.rankOf ?? "") === (b.rankOf ?? "");
  return true;
}
