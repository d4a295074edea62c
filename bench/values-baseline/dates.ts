// Dates in prose: full dates, month and year, years, seasons and parts of years, dates without a
// year and relative years ("earlier this year"), resolved against a reference (publication) date.
// A small grammar rather than chrono-node: chrono's strict mode misses "May 2022", its casual mode
// reads "may"/"march" as dates and adds times, and we need to know each component's certainty.
import type { DateModifier, DateValue, PartialDate } from "../../server/src/core/types";

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
const MONTH = String.raw`(January|February|March|April|May|June|July|August|September|October|November|December|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)`;
const DAY = String.raw`([0-3]?\d)(?:st|nd|rd|th)?`;
const YEAR = String.raw`((?:1[89]|20)\d\d)`;
const NOT_BEFORE = String.raw`(?<![\p{L}\p{N}$€£¥₩.,-])`;
const NOT_AFTER = String.raw`(?![\p{L}\p{N}%]|[.,]\d)`;

const MONTH_TEST = /\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)/;

interface Pattern {
  re: RegExp;
  /** What the text must contain for the pattern to have a chance: skips most regex passes cheaply. */
  needs: "year" | "month" | "year-word";
  build(m: RegExpExecArray): PartialDate | undefined;
  /** Needs the reference date (relative phrases). */
  relative?: (m: RegExpExecArray, ref: PartialDate) => PartialDate | undefined;
}

function month(name: string): number {
  return MONTH_NAMES[name.toLowerCase().replace(/\.$/, "")];
}

function validDay(d: number): number | undefined {
  return d >= 1 && d <= 31 ? d : undefined;
}

const SEASONS: Record<string, PartialDate["part"]> = { spring: "spring", summer: "summer", autumn: "autumn", fall: "autumn", winter: "winter" };

const PATTERNS: Pattern[] = [
  // 2024-07-08
  { needs: "year", re: new RegExp(String.raw`${NOT_BEFORE}${YEAR}-(0[1-9]|1[0-2])-([0-3]\d)${NOT_AFTER}`, "gu"), build: (m) => ({ year: +m[1], month: +m[2], day: validDay(+m[3]) }) },
  // July 8, 2024 / July 8 2024 / July 8
  {
    needs: "month",
    re: new RegExp(String.raw`${NOT_BEFORE}${MONTH} ${DAY}(?:,? ${YEAR})?${NOT_AFTER}`, "gu"),
    build: (m) => {
      const day = validDay(+m[2]);
      return day ? { year: m[3] ? +m[3] : undefined, month: month(m[1]), day } : undefined;
    },
  },
  // 25–26 October 2023: a span of days, read as the month
  {
    needs: "month",
    re: new RegExp(String.raw`${NOT_BEFORE}${DAY}\s?(?:[-–]|to|and)\s?${DAY} ${MONTH},? ${YEAR}${NOT_AFTER}`, "gu"),
    build: (m) => ({ year: +m[4], month: month(m[3]) }),
  },
  // 8 July 2024 / 8th of July 2024 / 8 July
  {
    needs: "month",
    re: new RegExp(String.raw`${NOT_BEFORE}${DAY} (?:of )?${MONTH}(?:,? ${YEAR})?${NOT_AFTER}`, "gu"),
    build: (m) => {
      const day = validDay(+m[1]);
      return day ? { year: m[3] ? +m[3] : undefined, month: month(m[2]), day } : undefined;
    },
  },
  // May 2022 / May of 2022 / May, 2022
  { needs: "month", re: new RegExp(String.raw`${NOT_BEFORE}${MONTH},? (?:of )?${YEAR}${NOT_AFTER}`, "gu"), build: (m) => ({ year: +m[2], month: month(m[1]) }) },
  // A month alone after a preposition ("in September", "since February"): its year comes from the reference.
  {
    needs: "month",
    re: new RegExp(String.raw`(?<=\b(?:[Ii]n|[Ss]ince|[Bb]y|[Uu]ntil|[Dd]uring|[Ff]rom|[Ee]arly|[Ll]ate|[Mm]id-?|[Ee]nd of|[Ss]tart of|[Bb]efore|[Aa]fter) )(January|February|March|April|May|June|July|August|September|October|November|December)(?![\p{L}\p{N}]|,? (?:\d|of \d))`, "gu"),
    build: (m) => ({ month: month(m[1]) }),
  },
  // summer of 2024 / the summer 2024
  {
    needs: "year",
    re: new RegExp(String.raw`\b(spring|summer|autumn|fall|winter),? (?:of )?${YEAR}${NOT_AFTER}`, "giu"),
    build: (m) => ({ year: +m[2], part: SEASONS[m[1].toLowerCase()] }),
  },
  // early 2023 / mid-2023 / late 2023
  {
    needs: "year",
    re: new RegExp(String.raw`\b(early|mid|late|end of|beginning of|start of)[- ](?:of )?${YEAR}${NOT_AFTER}`, "giu"),
    build: (m) => {
      const w = m[1].toLowerCase();
      return { year: +m[2], part: w.startsWith("early") || w.startsWith("beginning") || w.startsWith("start") ? "early" : w === "mid" ? undefined : "late" };
    },
  },
  // the first half of 2023 / Q3 2023 / the third quarter of 2023
  {
    needs: "year",
    re: new RegExp(String.raw`\b(?:the )?(first|second) half of ${YEAR}${NOT_AFTER}`, "giu"),
    build: (m) => ({ year: +m[2], part: m[1].toLowerCase() === "first" ? "h1" : "h2" }),
  },
  {
    needs: "year",
    re: new RegExp(String.raw`\b(?:Q([1-4]) ${YEAR}|(?:the )?(first|second|third|fourth) quarter of ${YEAR})${NOT_AFTER}`, "giu"),
    build: (m) => {
      const q = m[1] ? +m[1] : ["first", "second", "third", "fourth"].indexOf(m[3].toLowerCase()) + 1;
      return { year: +(m[2] ?? m[4]), part: (`q${q}` as PartialDate["part"]) };
    },
  },
  // A year on its own: "in 2019", "since 1995" (not "2019s", "$2019", "2019%").
  { needs: "year", re: new RegExp(String.raw`${NOT_BEFORE}${YEAR}(?!s\b)${NOT_AFTER}`, "gu"), build: (m) => ({ year: +m[1] }) },
  // Relative years, resolved only against a reference date.
  {
    needs: "year-word",
    re: /\b(earlier|later|early|late)? ?(this|last|next|the previous|the following) year\b/giu,
    build: () => undefined,
    relative: (m, ref) => {
      if (ref.year === undefined) return undefined;
      const which = m[2].toLowerCase();
      const year = which === "this" ? ref.year : which === "next" || which === "the following" ? ref.year + 1 : ref.year - 1;
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
  const taken: [number, number][] = [];
  const overlaps = (s: number, e: number) => taken.some(([a, b]) => s < b && a < e);
  const has = {
    year: /(?:1[89]|20)\d\d/.test(text),
    month: MONTH_TEST.test(text),
    "year-word": /\byear\b/i.test(text),
  };
  for (const p of PATTERNS) {
    if (!has[p.needs]) continue;
    p.re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = p.re.exec(text))) {
      const start = m.index;
      const end = m.index + m[0].length;
      if (overlaps(start, end)) continue;
      let date = p.relative ? (reference ? p.relative(m, reference) : undefined) : p.build(m);
      if (!date || (date.year === undefined && date.month === undefined)) continue;
      let yearInferred = false;
      if (date.year === undefined && reference?.year !== undefined) {
        date = { ...date, year: resolveYear(date, reference) };
        yearInferred = true;
      }
      if (p.relative) yearInferred = true;
      const before = text.slice(Math.max(0, start - 24), start);
      let modifier = MODIFIERS.find(([re]) => re.test(before))?.[1];
      // "between 2021 and 2027", "from 2021 to 2027": both ends of a span.
      if (!modifier && /\b(?:between|from)\s+\S+(?:\s+\S+)?\s+(?:and|to)\s+$/i.test(before)) modifier = "between";
      else if (!modifier && /^\s*(?:to|and|-|–)\s*(?:\d|[A-Z])/.test(text.slice(end, end + 6)) && /\b(?:from|between)\s+$/i.test(before)) modifier = "between";
      taken.push([start, end]);
      found.push({
        start,
        end,
        text: m[0],
        value: { type: "date", date: stripUndefined(date), yearInferred: yearInferred || undefined, modifier },
      });
    }
  }
  return found.sort((a, b) => a.start - b.start);
}

/** The year of a month/day written without one: the reference year, or the year before when that month lies well after the reference. */
function resolveYear(date: PartialDate, ref: PartialDate): number {
  const year = ref.year!;
  if (ref.month !== undefined && date.month !== undefined && date.month > ref.month + 2) return year - 1;
  return year;
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
