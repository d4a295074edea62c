// Quantities in prose: money with currency and scale, percentages, counts in digits or words,
// ordinals ("fourth-largest", "7th"), ranges ("4 to 5") and hedges ("about", "over", "nearly").
import type { Hedge, QuantityValue } from "../../server/src/core/types";

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
const CURRENCY_PREFIX: [RegExp, string][] = [
  [/^(?:US\$|U\.S\.\s?\$|USD\s?|\$)$/i, "USD"],
  [/^(?:A\$|AUD\s?)$/i, "AUD"],
  [/^(?:S\$|SGD\s?)$/i, "SGD"],
  [/^(?:€|EUR\s?)$/i, "EUR"],
  [/^(?:£|GBP\s?)$/i, "GBP"],
  [/^(?:¥|JPY\s?)$/i, "JPY"],
  [/^(?:₩|KRW\s?)$/i, "KRW"],
  [/^(?:CNY\s?|RMB\s?|CN¥)$/i, "CNY"],
  [/^(?:CHF\s?|Fr\.?\s?)$/i, "CHF"],
  [/^(?:C\$|CAD\s?)$/i, "CAD"],
  [/^(?:₹|INR\s?|Rs\.?\s?)$/i, "INR"],
  [/^(?:HK\$|HKD\s?)$/i, "HKD"],
  [/^(?:R\$|BRL\s?)$/i, "BRL"],
  [/^(?:ZAR\s?)$/i, "ZAR"],
];
const CURRENCY_WORDS: [RegExp, string][] = [
  [/^(?:U\.?S\.? )?dollars?$/i, "USD"],
  [/^euros?$/i, "EUR"],
  [/^yen$/i, "JPY"],
  [/^won$/i, "KRW"],
  [/^(?:yuan|renminbi)$/i, "CNY"],
  [/^(?:pounds?|pounds sterling)$/i, "GBP"],
  [/^(?:Swiss )?francs?$/i, "CHF"],
  [/^rupees?$/i, "INR"],
  [/^rand$/i, "ZAR"],
];

const NUMBER_WORDS: Record<string, number> = {
  two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12,
  thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19, twenty: 20,
  thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90, hundred: 100, dozen: 12,
};
const ORDINAL_WORDS: Record<string, number> = {
  second: 2, third: 3, fourth: 4, fifth: 5, sixth: 6, seventh: 7, eighth: 8, ninth: 9, tenth: 10, eleventh: 11, twelfth: 12,
  thirteenth: 13, fourteenth: 14, fifteenth: 15, sixteenth: 16, seventeenth: 17, eighteenth: 18, nineteenth: 19, twentieth: 20,
};

const NUM = String.raw`\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?`;
const SCALE = String.raw`(?:\s?(thousand|million|billion|trillion|mn|mln|bn|bln|tn|trn|[kmb])\b)`;
const CUR_PRE = String.raw`(US\$|U\.S\.\s?\$|A\$|S\$|C\$|HK\$|R\$|CN¥|\$|€|£|¥|₩|₹|(?:USD|EUR|GBP|JPY|KRW|CNY|RMB|AUD|SGD|CHF|CAD|INR|HKD|BRL|ZAR)\s?)`;
const CUR_WORD = String.raw`(?:\s(U\.?S\.?\sdollars?|dollars?|euros?|yen|won|yuan|renminbi|pounds?|(?:Swiss\s)?francs?|rupees?))`;
const TENS = String.raw`(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)`;
const NUM_WORD = String.raw`(${TENS}-(?:one|two|three|four|five|six|seven|eight|nine)|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|a dozen|dozen|a hundred|hundred)`;
const ORD_WORD = String.raw`(${TENS}-(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)|(?:twentieth|thirtieth|fortieth|fiftieth|sixtieth|seventieth|eightieth|ninetieth)|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth)`;
const NB = String.raw`(?<![\p{L}\p{N}.,$€£¥₩+/])`;

const MONEY_RE = new RegExp(
  String.raw`${NB}${CUR_PRE}\s?(${NUM})${SCALE}?(?:\s?(?:-|–|to)\s?(?:${CUR_PRE})?\s?(${NUM})${SCALE}?)?(?![\p{L}\p{N}])|${NB}(${NUM})${SCALE}?(?:\s?(?:-|–|to)\s?(${NUM}))?${SCALE}?${CUR_WORD}(?![\p{L}])`,
  "gu",
);
const PERCENT_RE = new RegExp(
  String.raw`${NB}(${NUM})(?:\s?(?:%|percent|per cent)|\s?(?:-|–|to)\s?(${NUM})\s?(?:%|percent|per cent))(?:\s?(?:-|–|to)\s?(${NUM})\s?(?:%|percent|per cent))?|${NB}(${NUM})\s?percentage points?`,
  "gu",
);
const ORDINAL_RE = new RegExp(
  String.raw`${NB}(?:(\d{1,3})(?:st|nd|rd|th)|${ORD_WORD})(?:[-\s](largest|biggest|smallest|highest|lowest|most|least|top|leading)\b)?(?![\p{L}\p{N}]|-\p{L})`,
  "giu",
);
/** "a 25-year concession", "a 90-day review": a count whose unit is glued on with a hyphen. */
const UNIT_COMPOUND_RE = new RegExp(
  String.raw`${NB}(\d{1,3}(?:,\d{3})*|\d+|${NUM_WORD})-(year|month|week|day|hour|km|kilometre|kilometer|mile|member|nation|country|point|storey|seat)s?\b`,
  "giu",
);
const COUNT_RE = new RegExp(
  String.raw`${NB}(?:(\d{1,3}(?:,\d{3})+|\d+)(?:\s?(?:to|-|–)\s?(\d{1,3}(?:,\d{3})+|\d+))?${SCALE}?|${NUM_WORD}(?:\s?(?:to|-|or)\s?${NUM_WORD})?${SCALE}?)(?![\p{L}\p{N}%$+/]|[.,]\d|-\p{L})`,
  "giu",
);

function num(s: string): number {
  return Number(s.replace(/,/g, ""));
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

function currencyOfPrefix(s: string): string {
  const t = s.trim();
  for (const [re, code] of CURRENCY_PREFIX) if (re.test(t)) return code;
  return "USD";
}

function currencyOfWord(s: string): string {
  const t = s.trim();
  for (const [re, code] of CURRENCY_WORDS) if (re.test(t)) return code;
  return "USD";
}

function wordNumber(w: string): number {
  const lower = w.toLowerCase().replace(/^a /, "");
  const [tens, unit] = lower.split("-");
  return unit ? NUMBER_WORDS[tens] + NUMBER_WORDS[unit] : NUMBER_WORDS[lower];
}

const TENS_ORDINAL: Record<string, number> = { twentieth: 20, thirtieth: 30, fortieth: 40, fiftieth: 50, sixtieth: 60, seventieth: 70, eightieth: 80, ninetieth: 90 };

function ordinalWord(w: string): number {
  const lower = w.toLowerCase();
  const [tens, unit] = lower.split("-");
  if (unit) return NUMBER_WORDS[tens] + (unit === "first" ? 1 : ORDINAL_WORDS[unit]);
  return ORDINAL_WORDS[lower] ?? TENS_ORDINAL[lower];
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

export function findQuantities(text: string, hedges: HedgeLexicon): FoundQuantity[] {
  const found: FoundQuantity[] = [];
  const overlaps = (s: number, e: number) => found.some((f) => s < f.end && f.start < e);
  const push = (start: number, end: number, value: Omit<QuantityValue, "type" | "hedge">) => {
    if (overlaps(start, end)) return;
    const h = hedgeBefore(text, start, hedges);
    found.push({ start, end, text: text.slice(start, end), value: { type: "quantity", ...value, hedge: h?.hedge } });
  };
  let m: RegExpExecArray | null;

  // Cheap tests first: most sentences hold no money, percentage or ordinal at all.
  const hasMoney = /[$€£¥₩₹]|\b(?:USD|EUR|GBP|JPY|KRW|CNY|RMB|AUD|SGD|CHF|CAD|INR|HKD|BRL|ZAR)\b|dollar|euro|\byen\b|\bwon\b|yuan|renminbi|pound|franc|rupee/i.test(text);
  const hasPercent = /%|per ?cent|percentage/i.test(text);
  const hasOrdinal = /\d(?:st|nd|rd|th)\b|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|teenth|tieth/i.test(text);
  MONEY_RE.lastIndex = 0;
  while (hasMoney && (m = MONEY_RE.exec(text))) {
    if (m[2] !== undefined) {
      const scale = scaleOf(m[3]);
      const highScale = m[6] !== undefined ? scaleOf(m[6]) : scale;
      const value = num(m[2]) * (m[5] !== undefined && !m[3] ? highScale : scale);
      push(m.index, m.index + m[0].length, {
        unit: "money",
        currency: currencyOfPrefix(m[1]),
        value,
        high: m[5] !== undefined ? num(m[5]) * highScale : undefined,
        precision: halfUnit(m[2]) * (m[3] ? scale : highScale),
      });
    } else if (m[7] !== undefined) {
      const scale = scaleOf(m[8] ?? m[10]);
      push(m.index, m.index + m[0].length, {
        unit: "money",
        currency: currencyOfWord(m[11]),
        value: num(m[7]) * scale,
        high: m[9] !== undefined ? num(m[9]) * scale : undefined,
        precision: halfUnit(m[7]) * scale,
      });
    }
  }

  PERCENT_RE.lastIndex = 0;
  while (hasPercent && (m = PERCENT_RE.exec(text))) {
    const lowText = m[1] ?? m[4];
    const highText = m[2] ?? m[3];
    push(m.index, m.index + m[0].length, {
      unit: "percent",
      value: num(lowText),
      high: highText !== undefined ? num(highText) : undefined,
      precision: halfUnit(lowText),
    });
  }

  ORDINAL_RE.lastIndex = 0;
  while (hasOrdinal && (m = ORDINAL_RE.exec(text))) {
    const n = m[1] !== undefined ? Number(m[1]) : ordinalWord(m[2]);
    if (!n || n < 2) continue; // "first" is used too loosely ("for the first time") to check.
    // An ordinal states something when it is a rank ("fourth-largest"), an anniversary, or said of
    // its subject ("was the fourth meeting", "marked the 7th"); otherwise it names a thing ("the
    // second fab will open in 2027") and asserts nothing about it.
    const rank = m[3] !== undefined;
    const predicative = /\b(?:is|was|were|are|be|been|being|became|become|becomes|marked|marks|ranks?|ranked|remains?|remained|as|only)\s+(?:the\s+|its\s+|their\s+|a\s+|only\s+)*$/i.test(text.slice(Math.max(0, m.index - 40), m.index));
    const anniversary = /^[-\s]*anniversary/i.test(text.slice(m.index + m[0].length, m.index + m[0].length + 14));
    const before = found.length;
    push(m.index, m.index + m[0].length, { unit: "ordinal", value: n, precision: 0, rankOf: m[3]?.toLowerCase() });
    // Kept as a reference: it still tells which occurrence of a recurring event is meant.
    if (!rank && !predicative && !anniversary && found.length > before) found[found.length - 1].reference = true;
  }

  UNIT_COMPOUND_RE.lastIndex = 0;
  while (text.includes("-") && (m = UNIT_COMPOUND_RE.exec(text))) {
    const value = /^\d/.test(m[1]) ? num(m[1]) : wordNumber(m[1]);
    if (!Number.isFinite(value)) continue;
    const before = found.length;
    push(m.index, m.index + m[0].length, { unit: "count", value, precision: 0 });
    if (found.length > before) found[found.length - 1].unitWord = m[m.length - 1].toLowerCase();
  }

  COUNT_RE.lastIndex = 0;
  while ((m = COUNT_RE.exec(text))) {
    let value: number;
    let high: number | undefined;
    if (m[1] !== undefined) {
      // Four-digit numbers that read as years are dates, not counts.
      if (/^(?:1[89]|20)\d\d$/.test(m[1]) && !m[3]) continue;
      value = num(m[1]);
      high = m[2] !== undefined ? num(m[2]) : undefined;
      value *= scaleOf(m[3]);
      if (high !== undefined) high *= scaleOf(m[3]);
    } else {
      // "the two countries", "both sides": a small number written as a word after a determiner
      // refers back to parties already named; it asserts no count.
      if (!m[6] && /\b(?:the|these|those|both|all|its|their)\s+$/i.test(text.slice(Math.max(0, m.index - 8), m.index)) && wordNumber(m[4]) <= 10) continue;
      value = wordNumber(m[4]);
      high = m[5] !== undefined ? wordNumber(m[5]) : undefined;
      const scale = scaleOf(m[6]);
      value *= scale;
      if (high !== undefined) high *= scale;
    }
    if (!Number.isFinite(value)) continue;
    push(m.index, m.index + m[0].length, { unit: "count", value, high, precision: 0 });
  }
  return splitChanges(text, found).sort((a, b) => a.start - b.start);
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
    const { high, ...rest } = q.value;
    out.push({ ...q, end: q.start + lowText.length, text: lowText, value: { ...rest, hedge: undefined, role: "from" } });
    out.push({ ...q, start: highStart, text: text.slice(highStart, q.end), value: { ...rest, value: high!, hedge: undefined, role: "to" } });
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
  const tol = Math.max(a.precision, b.precision) + (approx ? 0.05 * Math.max(Math.abs(aHi), Math.abs(bHi)) : 0) + 1e-9 * Math.max(1, Math.abs(aHi));
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
