// Dates in prose: full dates, month and year, years, seasons and parts of years, dates without a
// year and relative years ("earlier this year"), resolved against a reference (publication) date.
// A small grammar rather than chrono-node: on the peer cases (npm run bench:values) chrono's casual
// mode reads fewer of a brief's dates at several times the cost, reads "may"/"march" as dates and
// adds times, and we need to know each component's certainty.
import type { DateModifier, DateValue, PartialDate } from "../types";

/** Spans of text already read, kept sorted and apart so that a look-up costs a binary search. */
export class SpanSet {
  private starts: number[] = [];
  private ends: number[] = [];

  /** The index of the first span starting at or after `at`. */
  private firstFrom(at: number): number {
    let lo = 0, hi = this.starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.starts[mid] < at) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  overlaps(start: number, end: number): boolean {
    const i = this.firstFrom(end);
    return i > 0 && this.ends[i - 1] > start;
  }

  /** Does one span held cover all of start..end? */
  covers(start: number, end: number): boolean {
    const i = this.firstFrom(start + 1);
    return i > 0 && this.starts[i - 1] <= start && this.ends[i - 1] >= end;
  }

  /** Adds a span that overlaps none already held. */
  add(start: number, end: number): void {
    const i = this.firstFrom(start);
    // (Spans mostly come left to right: appended, with no splice and the empty list it returns.)
    if (i === this.starts.length) {
      this.starts.push(start);
      this.ends.push(end);
      return;
    }
    this.starts.splice(i, 0, start);
    this.ends.splice(i, 0, end);
  }
}

export interface FoundDate {
  start: number;
  end: number;
  text: string;
  value: DateValue;
}

const MONTH_NAMES: Record<string, number> = {
  january: 1, february: 2, march: 3, april: 4, may: 5, june: 6, july: 7, august: 8, september: 9, october: 10, november: 11, december: 12,
  jan: 1, feb: 2, mar: 3, apr: 4, jun: 6, jul: 7, aug: 8, sep: 9, sept: 9, oct: 10, nov: 11, dec: 12,
};
/** A month, full or abbreviated, capitalised or not ("March", "march", "Dec."). */
// (Capitalised or lower-case only, so that the patterns can run case-sensitive, which is faster.)
const MONTH = String.raw`([Jj]anuary|[Ff]ebruary|[Mm]arch|[Aa]pril|[Mm]ay|[Jj]une|[Jj]uly|[Aa]ugust|[Ss]eptember|[Oo]ctober|[Nn]ovember|[Dd]ecember|[Jj]an\.?|[Ff]eb\.?|[Mm]ar\.?|[Aa]pr\.?|[Jj]un\.?|[Jj]ul\.?|[Aa]ug\.?|[Ss]ept?\.?|[Oo]ct\.?|[Nn]ov\.?|[Dd]ec\.?)(?![\p{L}])`;
const DAY = String.raw`([0-3]?\d)(?:st|nd|rd|th)?`;
const YEAR = String.raw`((?:1[89]|20)\d\d)`;
/** Between a day and its year: "31, 1994", "31 , 1994", "31 1994". */
const YEAR_SEP = String.raw`(?:\s?,\s?|\s)`;
const NOT_BEFORE = String.raw`(?<![\p{L}\p{N}$€£¥₩.,-])`;
const NOT_AFTER = String.raw`(?![\p{L}\p{N}%]|[.,]\d)`;
/** A year that is part of a numeric date or code ("8/32/2014", "2015-32", "+86 2010-2015-86") is no year. */
const NOT_IN_CODE_BEFORE = String.raw`(?<![\p{L}\p{N}$€£¥₩.,/+-]|\d\s?[-–/]\s?)`;
const NOT_IN_CODE_AFTER = String.raw`(?!\s?[-–/]\s?\d|[\p{L}\p{N}%]|[.,]\d)`;
const RANGE_WORD = String.raw`\s?(?:[-–]|to|until|till|through|and)\s?`;
const ORDINAL_QUARTER: Record<string, number> = { first: 1, second: 2, third: 3, fourth: 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4 };

const HAS_YEAR = /(?:1[89]|20)\d\d/;

// (Case-sensitive with both first letters: the tests run on every sentence, and this is faster than /i.)
const MONTH_WORD = String.raw`(?:[Jj]an(?:uary)?|[Ff]eb(?:ruary)?|[Mm]ar(?:ch)?|[Aa]pr(?:il)?|[Mm]ay|[Jj]une?|[Jj]uly?|[Aa]ug(?:ust)?|[Ss]ept?(?:ember)?|[Oo]ct(?:ober)?|[Nn]ov(?:ember)?|[Dd]ec(?:ember)?)`;
/** A month written next to a number ("May 2022", "8 July", "Dec. 31"): every pattern with digits has one. */
const HAS_MONTH = new RegExp(String.raw`\b${MONTH_WORD}\b`);
/** Two days joined as a span ("20-28", "25 to 26"). */
const HAS_DAY_SPAN = /\d\s?(?:[-–]|to|and)\s?\d/;
/** A month joined to what follows as a span ("May to October", "10 August - 12 September"). */
const HAS_MONTH_SPAN = new RegExp(String.raw`\b${MONTH_WORD}\b\.?\s?(?:[-–]|to|until|till|through|and)\s?(?:\d|${MONTH_WORD}\b)`);
const HAS_MONTH_NUMBER = new RegExp(String.raw`\b${MONTH_WORD}\b\.?,?\s{0,2}(?:of\s)?\d|\d(?:st|nd|rd|th)?\s(?:of\s)?${MONTH_WORD}\b`);
const HAS_YEAR_SPAN = /\d\d\s?[-–]\s?\d\d/;

/** What a pattern reads: a date, a date and the period it spans, or an impossible date ("June 31"), which takes its text from other patterns. */
type Reading = PartialDate | { date: PartialDate; period: { from: PartialDate; to: PartialDate } } | "impossible" | undefined;

interface Pattern {
  re: RegExp;
  /** What the text must contain for the pattern to have a chance (each of these): skips most regex passes cheaply. */
  needs: RegExp[];
  build(m: RegExpExecArray, text: string): Reading;
  /** Needs the reference date (relative phrases). */
  relative?: (m: RegExpExecArray, ref: PartialDate) => PartialDate | undefined;
}

function month(name: string): number {
  return MONTH_NAMES[name.toLowerCase().replace(/\.$/, "")];
}

function daysIn(monthNo: number, year: number | undefined): number {
  if (monthNo === 2) return year === undefined || (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)) ? 29 : 28;
  return [4, 6, 9, 11].includes(monthNo) ? 30 : 31;
}

/** A day of a month, or "impossible" for one the calendar lacks ("June 31", "February 29, 2014"). */
function dayDate(year: number | undefined, monthNo: number, day: number): PartialDate | "impossible" {
  if (!monthNo || day < 1 || day > daysIn(monthNo, year)) return "impossible";
  return { year, month: monthNo, day };
}

/** A span of days in one month ("10–22 August 2012"): the month, with the two days as its period. */
function daySpan(year: number | undefined, monthNo: number, first: number, last: number): Reading {
  const from = dayDate(year, monthNo, first), to = dayDate(year, monthNo, last);
  if (from === "impossible" || to === "impossible" || first >= last) return "impossible";
  return { date: { year, month: monthNo }, period: { from, to } };
}

const SEASONS: Record<string, PartialDate["part"]> = { spring: "spring", summer: "summer", autumn: "autumn", fall: "autumn", winter: "winter" };

/** Words before a bare number that make it a year rather than a count ("in 2000", "the 2000 elections"). */
const YEAR_CONTEXT = /(?:^|[^\p{L}])(?:in|on|since|by|of|from|until|till|to|before|after|during|through|between|and|or|early|late|mid|fiscal|year|the|a|its|their|this|that|each|every|than|around|circa|as|at|for|with|january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec|spring|summer|autumn|fall|winter|[,;:(.])\s*$|^\s*$/iu;
/** Words ending in "s" that are no plural nouns. */
const NOT_PLURAL = /^(?:as|is|was|has|does|its|this|thus|plus|less|unless|across|onwards|towards|afterwards|always|whereas|besides|perhaps|sometimes)$/i;

/** "deliver 2000 pieces": four digits before a plural noun, after a verb, count things. */
export function countNotYear(text: string, start: number, end: number): boolean {
  const next = /^\s+([a-z]+s)\b/.exec(text.slice(end, end + 24));
  if (!next || NOT_PLURAL.test(next[1]) || /(?:ss|us|is)$/.test(next[1])) return false;
  return !YEAR_CONTEXT.test(text.slice(Math.max(0, start - 16), start));
}

/** The last year of a span written "2014-2018" or "2019–20" (a short form spans at most ten years), if it is one. */
function spanEnd(first: number, second: string): number | undefined {
  const year = second.length === 2 ? Math.floor(first / 100) * 100 + +second : +second;
  return year > first && (second.length === 4 || year - first <= 10) ? year : undefined;
}

const PATTERNS: Pattern[] = [
  // 2024-07-08, also inside file names ("report-2002-10-09.xlsx")
  {
    needs: [HAS_YEAR],
    re: new RegExp(String.raw`(?<![\p{N}.,])${YEAR}-(0[1-9]|1[0-2])-([0-3]\d)(?![\p{N}]|[.,]\d)`, "gu"),
    build: (m) => dayDate(+m[1], +m[2], +m[3]),
  },
  // February 20-28, 2022 / June 24-25: days of one month
  {
    needs: [HAS_MONTH, HAS_DAY_SPAN, HAS_MONTH_NUMBER],
    re: new RegExp(String.raw`${NOT_BEFORE}${MONTH}\s${DAY}\s?[-–]\s?${DAY}(?:${YEAR_SEP}${YEAR})?${NOT_AFTER}`, "gu"),
    build: (m) => daySpan(m[4] ? +m[4] : undefined, month(m[1]), +m[2], +m[3]),
  },
  // July 8, 2024 / July 8 2024 / Dec. 31 , 1994 / July 8
  {
    needs: [HAS_MONTH, HAS_MONTH_NUMBER],
    re: new RegExp(String.raw`${NOT_BEFORE}${MONTH}\s${DAY}(?:${YEAR_SEP}${YEAR})?${NOT_AFTER}`, "gu"),
    build: (m) => dayDate(m[3] ? +m[3] : undefined, month(m[1]), +m[2]),
  },
  // 25–26 October 2023 / 24-25 June: a span of days, read as the month
  {
    needs: [HAS_MONTH, HAS_DAY_SPAN, HAS_MONTH_NUMBER],
    re: new RegExp(String.raw`${NOT_BEFORE}${DAY}\s?(?:[-–]|to|and)\s?${DAY}\s(?:of\s)?${MONTH}(?:,?\s${YEAR})?${NOT_AFTER}`, "gu"),
    // ("18 and 19 June" without a year may be two dates of their own: read them so.)
    build: (m) => (m[4] || !/\sand\s/i.test(m[0]) ? daySpan(m[4] ? +m[4] : undefined, month(m[3]), +m[1], +m[2]) : undefined),
  },
  // 10 August, when the year follows a second date: "10 August - 12 September 2013"
  {
    needs: [HAS_MONTH, HAS_MONTH_NUMBER, HAS_MONTH_SPAN],
    re: new RegExp(String.raw`${NOT_BEFORE}${DAY}\s(?:of\s)?${MONTH}(?=${RANGE_WORD}[0-3]?\d(?:st|nd|rd|th)?\s(?:of\s)?${MONTH},?\s${YEAR}${NOT_AFTER})`, "gu"),
    build: (m) => {
      const first = month(m[2]), second = month(m[3]);
      return dayDate(first > second ? +m[4] - 1 : +m[4], first, +m[1]);
    },
  },
  // 8 July 2024 / 8th of July 2024 / 8 July / the 1st of march
  {
    needs: [HAS_MONTH, HAS_MONTH_NUMBER],
    re: new RegExp(String.raw`${NOT_BEFORE}${DAY}\s(?:of\s)?${MONTH}(?:,?\s${YEAR})?${NOT_AFTER}`, "gu"),
    build: (m) => dayDate(m[3] ? +m[3] : undefined, month(m[2]), +m[1]),
  },
  // May, when the year follows a second month: "from May to October 2020", "Nov-Feb 2017"
  {
    needs: [HAS_MONTH, HAS_MONTH_NUMBER, HAS_MONTH_SPAN],
    re: new RegExp(String.raw`${NOT_BEFORE}${MONTH}(?=${RANGE_WORD}${MONTH},?\s(?:of\s)?${YEAR}${NOT_AFTER})`, "gu"),
    build: (m) => {
      const first = month(m[1]), second = month(m[2]);
      return { year: first > second ? +m[3] - 1 : +m[3], month: first };
    },
  },
  // May 2022 / May of 2022 / May, 2022
  // (also after a dash: the second month of "Nov-Feb 2017", "mid-May 2022")
  { needs: [HAS_MONTH, HAS_MONTH_NUMBER], re: new RegExp(String.raw`(?<![\p{L}\p{N}$€£¥₩.,])${MONTH},?\s(?:of\s)?${YEAR}${NOT_AFTER}`, "gu"), build: (m) => ({ year: +m[2], month: month(m[1]) }) },
  // A month alone after a preposition ("in September", "since February"): its year comes from the reference.
  {
    needs: [HAS_MONTH],
    re: new RegExp(String.raw`(?<=\b(?:[Ii]n|[Ss]ince|[Bb]y|[Uu]ntil|[Dd]uring|[Ff]rom|[Ee]arly|[Ll]ate|[Mm]id-?|[Ee]nd of|[Ss]tart of|[Bb]efore|[Aa]fter|to|and) )(January|February|March|April|May|June|July|August|September|October|November|December)(?![\p{L}\p{N}]|,? (?:\d|of \d))`, "gu"),
    build: (m) => ({ month: month(m[1]) }),
  },
  // summer of 2024 / the summer 2024
  {
    needs: [HAS_YEAR, /spring|summer|autumn|fall|winter/i],
    re: new RegExp(String.raw`\b(spring|summer|autumn|fall|winter),? (?:of )?${YEAR}${NOT_AFTER}`, "giu"),
    build: (m) => ({ year: +m[2], part: SEASONS[m[1].toLowerCase()] }),
  },
  // early 2023 / mid-2023 / late 2023 / the middle of 2000
  {
    needs: [HAS_YEAR, /early|mid|late|end of|beginning of|start of|middle of/i],
    re: new RegExp(String.raw`\b(early|mid|late|end of|beginning of|start of|middle of)[- ](?:of )?${YEAR}${NOT_AFTER}`, "giu"),
    build: (m) => {
      const w = m[1].toLowerCase();
      return { year: +m[2], part: w.startsWith("early") || w.startsWith("beginning") || w.startsWith("start") ? "early" : w.startsWith("mid") ? undefined : "late" };
    },
  },
  // the first half of 2023 / H1 2023 / 2023 H2
  {
    needs: [HAS_YEAR, /half|h[12]/i],
    re: new RegExp(String.raw`\b(?:(?:the )?(first|second|1st|2nd) half (?:of )?${YEAR}|H([12])\s?${YEAR}|${YEAR}\s?H([12]))${NOT_AFTER}`, "giu"),
    build: (m) => {
      const half = m[1] ? (/^(?:first|1st)$/i.test(m[1]) ? 1 : 2) : +(m[3] ?? m[6]);
      return { year: +(m[2] ?? m[4] ?? m[5]), part: half === 1 ? "h1" : "h2" };
    },
  },
  // Q3 2023 / q1 of 2017 / 2019 Q1 / 2017-q1 / 2018Q4 / the third quarter of 2016 / 4th quarter 2018
  {
    needs: [HAS_YEAR, /q[1-4]|quarter/i],
    re: new RegExp(String.raw`\b(?:Q([1-4])\s?(?:of\s)?${YEAR}|${YEAR}[-\s]?Q([1-4])|(?:the\s)?(first|second|third|fourth|1st|2nd|3rd|4th)\squarter,?\s(?:of\s)?${YEAR})${NOT_AFTER}`, "giu"),
    build: (m) => {
      const q = m[1] ?? m[4] ?? ORDINAL_QUARTER[m[5].toLowerCase()];
      return { year: +(m[2] ?? m[3] ?? m[6]), part: `q${q}` as PartialDate["part"] };
    },
  },
  // 2014-2018, 2019–20: the first year of a span of years (the second is read on its own below)
  {
    needs: [HAS_YEAR_SPAN],
    re: new RegExp(String.raw`${NOT_IN_CODE_BEFORE}${YEAR}(?=\s?[-–]\s?((?:1[89]|20)\d\d|\d\d)(?![-–/]?\d|[\p{L}%]|[.,]\d))`, "gu"),
    build: (m) => (spanEnd(+m[1], m[2]) ? { year: +m[1] } : undefined),
  },
  // The second year of a span: "2014-2018", "2019–20"
  {
    needs: [HAS_YEAR_SPAN],
    re: new RegExp(String.raw`(?<=(?<![\p{N}-])((?:1[89]|20)\d\d)\s?[-–]\s?)((?:1[89]|20)\d\d|\d\d)(?![-–/]?\d|[\p{L}%]|[.,]\d)`, "gu"),
    build: (m) => {
      const year = spanEnd(+m[1], m[2]);
      return year ? { year } : undefined;
    },
  },
  // A year on its own: "in 2019", "since 1995" (not "2019s", "$2019", "2019%", "8/32/2014").
  {
    needs: [HAS_YEAR],
    re: new RegExp(String.raw`${NOT_IN_CODE_BEFORE}${YEAR}(?!s\b)${NOT_IN_CODE_AFTER}`, "gu"),
    build: (m, text) => (countNotYear(text, m.index, m.index + m[0].length) ? undefined : { year: +m[1] }),
  },
  // Relative years, resolved only against a reference date.
  {
    needs: [/\byear\b/i],
    re: /\b(?:(earlier|later|early|late) )?(this|last|next|the previous|the following|the current|current) year\b|\b(earlier|later) in the year\b/giu,
    build: () => undefined,
    relative: (m, ref) => {
      if (ref.year === undefined) return undefined;
      const which = (m[2] ?? "this").toLowerCase();
      const year = /^(?:this|the current|current)$/.test(which) ? ref.year : which === "next" || which === "the following" ? ref.year + 1 : ref.year - 1;
      // "Earlier this year" says only that it was before publication: keep the year alone.
      const q = m[1]?.toLowerCase();
      return { year, part: q === "early" ? "early" : q === "late" ? "late" : undefined };
    },
  },
];

const MODIFIERS: [RegExp, DateModifier][] = [
  [/\bsince\s+(?:the\s+)?$/i, "since"],
  [/\b(?:before|prior to|ahead of)\s+(?:the\s+)?$/i, "before"],
  [/\bafter\s+(?:the\s+)?$/i, "after"],
  [/\bby\s+(?:the\s+)?(?:end\s+of\s+(?:the\s+)?)?$/i, "by"],
  [/\bas\s+of\s+$/i, "by"],
  [/\b(?:until|till|through)\s+$/i, "until"],
  [/\bbetween\s+$/i, "between"],
];

/** Parses an ISO-like partial date ("2022", "2022-05", "2024-07-08"). */
export function parseIsoPartial(s: string): PartialDate | undefined {
  const m = /^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?/.exec(s.trim());
  if (!m) return undefined;
  return { year: +m[1], month: m[2] ? +m[2] : undefined, day: m[3] ? +m[3] : undefined };
}

/**
 * Finds dates in a sentence. `reference` (the source's publication date) fills in missing years;
 * without it, a date like "July 8" keeps an unknown year and relative years are skipped.
 */
export function findDates(text: string, reference?: PartialDate): FoundDate[] {
  const found: FoundDate[] = [];
  const taken = new SpanSet();
  // Each cheap test runs at most once per text (patterns share them): 0 untested, 1 yes, 2 no.
  needResults.fill(0);
  const has = (i: number) => {
    if (needResults[i] === 0) needResults[i] = NEED_TESTS[i].test(text) ? 1 : 2;
    return needResults[i] === 1;
  };
  for (let k = 0; k < PATTERNS.length; k++) {
    const p = PATTERNS[k];
    if (!PATTERN_NEEDS[k].every(has)) continue;
    p.re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = p.re.exec(text))) {
      const start = m.index;
      const end = m.index + m[0].length;
      if (taken.overlaps(start, end)) continue;
      const reading = p.relative ? (reference ? p.relative(m, reference) : undefined) : p.build(m, text);
      if (reading === "impossible") taken.add(start, end);
      if (!reading || reading === "impossible") continue;
      const period = "period" in reading ? reading.period : undefined;
      let date: PartialDate = "period" in reading ? reading.date : reading;
      if (date.year === undefined && date.month === undefined) continue;
      let yearInferred = !!p.relative;
      if (date.year === undefined && reference?.year !== undefined) {
        date = { ...date, year: resolveYear(date, reference, text, start) };
        yearInferred = true;
      }
      taken.add(start, end);
      const value: DateValue = { type: "date", date: stripUndefined(date), yearInferred: yearInferred || undefined, modifier: modifierBefore(text, start, end) };
      if (period) value.period = { from: stripUndefined({ ...period.from, year: date.year }), to: stripUndefined({ ...period.to, year: date.year }) };
      found.push({ start, end, text: m[0], value });
    }
  }
  return joinSpans(text, found.sort((a, b) => a.start - b.start));
}

/** The patterns' cheap tests, each once, and which of them each pattern needs. */
const NEED_TESTS = [...new Set(PATTERNS.flatMap((p) => p.needs))];
const PATTERN_NEEDS = PATTERNS.map((p) => p.needs.map((re) => NEED_TESTS.indexOf(re)));
const needResults = new Uint8Array(NEED_TESTS.length);

function modifierBefore(text: string, start: number, end: number): DateModifier | undefined {
  const before = text.slice(Math.max(0, start - 24), start);
  const modifier = MODIFIERS.find(([re]) => re.test(before))?.[1];
  if (modifier) return modifier;
  // "between 2021 and 2027", "from 2021 to 2027": both ends of a span.
  if (/\b(?:between|from)\s+\S+(?:\s+\S+)?\s+(?:and|to)\s+$/i.test(before)) return "between";
  if (/^\s*(?:to|and|-|–)\s*(?:\d|[A-Z])/.test(text.slice(end, end + 6)) && /\b(?:between|from)\s+$/i.test(before)) return "between";
  return undefined;
}

/**
 * Two dates joined as a span ("2014-2018", "from May to October 2020", "10 August 2013 - 12
 * September") are both ends of it: each is marked "between", and an end written without a year
 * takes the other's.
 */
function joinSpans(text: string, found: FoundDate[]): FoundDate[] {
  for (let i = 0; i + 1 < found.length; i++) {
    const a = found[i], b = found[i + 1];
    const gap = text.slice(a.end, b.start);
    const spanned = /^\s?[-–]\s?$|^\s+(?:to|until|till|through)\s+$/i.test(gap) || (/^\s+and\s+$/i.test(gap) && /\bbetween\s+$/i.test(text.slice(Math.max(0, a.start - 9), a.start)));
    if (!spanned || a.value.period || b.value.period) continue;
    const da = a.value.date, db = b.value.date;
    if (b.value.yearInferred && !a.value.yearInferred && da.year !== undefined && db.month !== undefined && da.month !== undefined) {
      b.value.date = { ...db, year: db.month < da.month ? da.year + 1 : da.year };
    }
    if (!a.value.modifier || a.value.modifier === "between") a.value.modifier = "between";
    if (!b.value.modifier || b.value.modifier === "between") b.value.modifier = "between";
  }
  return found;
}

const FUTURE_CUE = /\b(?:will|shall|is to|are to|set to|due to|scheduled|upcoming|plans? to|expected to|aims? to)\b/i;
const PAST_CUE = /\b(?:was|were|had|did|came|went|took|began|became|made|gave|held|met|won|rose|fell|grew|said|told|saw|left|sent|brought|bought|built|chose|drew|fought|found|got|kept|knew|led|lost|paid|ran|sold|spent|spoke|stood|struck|wrote|\w+ed)\b/i;

/** Is the sentence's tense, around a date, to come ("future"), past ("past"), or not told? */
function tenseAround(sentence: string, start: number): "future" | "past" | undefined {
  // The date's own clause first (from the last clause break before it), then the whole sentence.
  return tenseOf(sentence.slice(clauseBreakBefore(sentence, start), start)) ?? sentenceTense(sentence);
}

function tenseOf(text: string): "future" | "past" | undefined {
  if (FUTURE_CUE.test(text)) return "future";
  if (PAST_CUE.test(text)) return "past";
  return undefined;
}

/** The whole sentence's tense, kept for the sentence's other dates (a sentence may hold hundreds). */
function sentenceTense(sentence: string): "future" | "past" | undefined {
  if (sentence !== tenseCache.sentence) {
    tenseCache.sentence = sentence;
    tenseCache.tense = tenseOf(sentence);
  }
  return tenseCache.tense;
}

const tenseCache: { sentence?: string; tense?: "future" | "past" } = {};

const CLAUSE_WORDS = [" that ", " but ", " while ", " which "];

/** Where the last clause break before `start` begins (",", ";", ":", " that ", ...), or 0: a walk back, not a search of the whole sentence. */
function clauseBreakBefore(sentence: string, start: number): number {
  for (let i = start - 1; i >= 0; i--) {
    const c = sentence.charCodeAt(i);
    if (c === 44 || c === 59 || c === 58) return i; // , ; :
    if (c === 32) for (const w of CLAUSE_WORDS) if (i + w.length <= start && sentence.startsWith(w, i)) return i;
  }
  return 0;
}

/**
 * The year of a month/day written without one. The tense decides where it can: a date still to
 * come ("will meet on 8 August") is the next such date from the reference; one past ("met on 8
 * August") the last, allowing for a reference that trails the news by two months; otherwise the nearest.
 */
function resolveYear(date: PartialDate, ref: PartialDate, sentence: string, start: number): number {
  const year = ref.year!;
  if (ref.month === undefined || date.month === undefined) return year;
  const at = (y: number) => y * 372 + (date.month! - 1) * 31 + ((date.day ?? 15) - 1);
  const now = year * 372 + (ref.month - 1) * 31 + ((ref.day ?? 15) - 1);
  const candidates = [year - 1, year, year + 1];
  const tense = tenseAround(sentence, start);
  if (tense === "future") return candidates.find((y) => at(y) >= now - 31) ?? year;
  if (tense === "past") return [...candidates].reverse().find((y) => at(y) <= now + 62) ?? year;
  return candidates.reduce((best, y) => (Math.abs(at(y) - now) < Math.abs(at(best) - now) ? y : best), year);
}

function stripUndefined(d: PartialDate): PartialDate {
  const out: PartialDate = {};
  if (d.year !== undefined) out.year = d.year;
  if (d.month !== undefined) out.month = d.month;
  if (d.day !== undefined) out.day = d.day;
  if (d.part !== undefined) out.part = d.part;
  return out;
}

const PART_MONTHS: Record<string, [number, number]> = {
  spring: [3, 5], summer: [6, 8], autumn: [9, 11], winter: [12, 2], early: [1, 4], late: [9, 12],
  h1: [1, 6], h2: [7, 12], q1: [1, 3], q2: [4, 6], q3: [7, 9], q4: [10, 12],
};

function monthInPart(month: number, part: string): boolean {
  const [a, b] = PART_MONTHS[part];
  return a <= b ? month >= a && month <= b : month >= a || month <= b;
}

/** Do two partial dates agree where both are specific? */
export function datesCompatible(a: PartialDate, b: PartialDate): boolean {
  if (a.year !== undefined && b.year !== undefined && a.year !== b.year) return false;
  if (a.month !== undefined && b.month !== undefined && a.month !== b.month) return false;
  if (a.day !== undefined && b.day !== undefined && a.day !== b.day) return false;
  if (a.month !== undefined && b.part && b.month === undefined && !monthInPart(a.month, b.part)) return false;
  if (b.month !== undefined && a.part && a.month === undefined && !monthInPart(b.month, a.part)) return false;
  // Two parts of a year ("the first quarter" and "the second quarter") must share a month.
  if (a.part && b.part && a.month === undefined && b.month === undefined && a.year === b.year) {
    const [a1, a2] = PART_MONTHS[a.part];
    let shared = false;
    for (let m = 1; m <= 12 && !shared; m++) if (monthInPart(m, a.part) && monthInPart(m, b.part)) shared = true;
    if (!shared && a1 !== undefined && a2 !== undefined) return false;
  }
  return true;
}

/** Precision rank: 3 day, 2 month, 1 part of year, 0 year only. */
export function datePrecision(d: PartialDate): number {
  return d.day !== undefined ? 3 : d.month !== undefined ? 2 : d.part ? 1 : 0;
}

const MONTH_DISPLAY = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
const PART_DISPLAY: Record<string, string> = {
  spring: "spring", summer: "summer", autumn: "autumn", winter: "winter", early: "early", late: "late",
  h1: "the first half of", h2: "the second half of", q1: "Q1", q2: "Q2", q3: "Q3", q4: "Q4",
};

/** Writes a date the way a brief would ("July 8, 2024", "May 2022", "2022"). */
export function formatDate(d: PartialDate): string {
  const y = d.year !== undefined ? String(d.year) : "";
  if (d.month !== undefined) {
    const m = MONTH_DISPLAY[d.month - 1];
    if (d.day !== undefined) return y ? `${m} ${d.day}, ${y}` : `${m} ${d.day}`;
    return y ? `${m} ${y}` : m;
  }
  if (d.part) {
    const p = PART_DISPLAY[d.part];
    return ["spring", "summer", "autumn", "winter"].includes(d.part) ? `${p} ${y}`.trim() : `${p} ${y}`.trim();
  }
  return y;
}
