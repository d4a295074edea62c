// Words of a sentence, light stemming and stop words: enough to compare what two sentences
// measure ("trade surplus", "pillars") without a full NLP pipeline.
import { BoundedCache } from "../util/boundedCache";

export interface Token {
  /** The word as written. */
  text: string;
  start: number;
  end: number;
}

const WORD_RE = /[\p{L}\p{N}]+(?:['’][\p{L}]+)?(?:[-–][\p{L}\p{N}]+)*(?:['’](?=\s|$))?/gu;

export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  WORD_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = WORD_RE.exec(text))) out.push({ text: m[0], start: m.index, end: m.index + m[0].length });
  return out;
}

/** The pieces `matchTokens` cuts a text into (runs of letters and digits, single other characters). */
interface Piece {
  start: number;
  end: number;
  /** The piece as written, where the cutter kept it: a word of one piece is given it, not a new copy. */
  text?: string;
}

const ALNUM_FIRST = /^[\p{L}\p{N}]/u;
const LETTERS = /^\p{L}+$/u;
const SPACE = /\s/;

function isAlnumRun(text: string, p: Piece): boolean {
  const c = text.charCodeAt(p.start);
  if (c < 128) return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
  return ALNUM_FIRST.test(text.slice(p.start, p.end));
}

function isApostrophe(c: string): boolean {
  return c === "'" || c === "’";
}

/**
 * The words of a text, exactly as `tokenize` reads them, joined from the pieces the phrase
 * matcher has cut it into already: each sentence is scanned once. Undefined where a piece would
 * have to be split (an apostrophe before letters and digits, "x'ab1"), which `tokenize` then reads.
 */
export function wordsFromPieces(text: string, pieces: Piece[]): Token[] | undefined {
  const out: Token[] = [];
  const n = pieces.length;
  const adjacent = (j: number, at: number) => j < n && pieces[j].start === at;
  for (let i = 0; i < n; ) {
    if (!isAlnumRun(text, pieces[i])) {
      i++;
      continue;
    }
    const start = pieces[i].start;
    let end = pieces[i].end;
    let j = i + 1;
    // (?:['’]\p{L}+)?
    if (adjacent(j, end) && isApostrophe(text[end]) && adjacent(j + 1, pieces[j].end) && isAlnumRun(text, pieces[j + 1])) {
      const next = text.slice(pieces[j + 1].start, pieces[j + 1].end);
      if (LETTERS.test(next)) {
        end = pieces[j + 1].end;
        j += 2;
      } else if (/^\p{L}/u.test(next)) return undefined;
    }
    // (?:[-–][\p{L}\p{N}]+)*
    while (adjacent(j, end) && (text[end] === "-" || text[end] === "–") && adjacent(j + 1, pieces[j].end) && isAlnumRun(text, pieces[j + 1])) {
      end = pieces[j + 1].end;
      j += 2;
    }
    // (?:['’](?=\s|$))?
    if (adjacent(j, end) && isApostrophe(text[end]) && (end + 1 >= text.length || SPACE.test(text[end + 1]))) {
      end += 1;
      j++;
    }
    const single = j === i + 1 ? pieces[i].text : undefined;
    out.push({ text: single !== undefined && single.length === end - start ? single : text.slice(start, end), start, end });
    i = j;
  }
  return out;
}

export const STOP_WORDS = new Set(
  (
    "a an the of and or but nor in on at to for with by from as into onto upon about over under than then that this these those respectively " +
    "it its it's is are was were be been being am has have had having do does did done will would shall should can could may might must " +
    "not no so such also too very just only even still yet already both either neither each every all any some most more much many " +
    "other another same own which who whom whose what when where why how there here their they them he him his she her we our us you your " +
    "i me my one ones while during after before since until till between among amid via per against within without across through throughout " +
    "if whether because although though however thus therefore further furthermore moreover meanwhile including include includes included " +
    "new year years month months day days time times s t according said says say noted note stated state states added well like around up down"
  ).split(/\s+/),
);

const MONTHS = new Set([
  "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
  "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
]);

export function isMonthWord(word: string): boolean {
  return MONTHS.has(word.toLowerCase());
}

/** Base forms of irregular verbs ("have taken" meets "take", "grew" meets "grow") and of nouns whose verb differs ("sales" meets "sold"). */
const BASE_FORMS = new Map(
  Object.entries({
    taken: "take", took: "take", given: "give", gave: "give", shown: "show", grown: "grow", grew: "grow",
    known: "know", drawn: "draw", chosen: "choose", chose: "choose", driven: "drive", written: "write",
    risen: "rise", rose: "rise", fallen: "fall", fell: "fall", made: "make", paid: "pay", sold: "sell",
    spent: "spend", built: "build", held: "hold", won: "win", bought: "buy", began: "begin", begun: "begin",
    // Nouns whose verb differs in form.
    sale: "sell", sales: "sell", purchase: "buy", purchases: "buy",
  }),
);

/** A light suffix-stripping stem; both sides are stemmed alike, so it need not be linguistically exact. */
export function stem(word: string): string {
  // (Pure and asked for the same words again and again: kept, within a bound.)
  return stems.get(word) ?? stems.keep(word, readStem(word));
}

const stems = new BoundedCache<string, string>(50_000);

function readStem(word: string): string {
  let w = word.toLowerCase().replace(/['’]s$/, "").replace(/['’]$/, "").replace(/–/g, "-");
  w = BASE_FORMS.get(w) ?? w;
  if (w.length <= 3) return w;
  if (w.endsWith("ies") && w.length > 4) w = w.slice(0, -3) + "y";
  else if (w.endsWith("sses")) w = w.slice(0, -2);
  else if (w.endsWith("es") && /(?:ch|sh|x|z)es$/.test(w)) w = w.slice(0, -2);
  else if (w.endsWith("s") && !/(?:ss|us|is|ys)$/.test(w)) w = w.slice(0, -1);
  if (w.length > 5 && w.endsWith("ing")) w = w.slice(0, -3);
  else if (w.length > 4 && w.endsWith("ed")) w = w.slice(0, -2);
  else if (w.length > 7 && w.endsWith("ment")) w = w.slice(0, -4); // "investment" ~ "invest"
  else if (w.length > 7 && w.endsWith("tion")) w = w.slice(0, -3); // "contribution" ~ "contribute"
  else if (w.length > 6 && w.endsWith("ally")) w = w.slice(0, -2); // "annually" ~ "annual"
  // "planned" ~ "plan", "stopped" ~ "stop".
  if (w.length > 4 && /([bdgmnprt])\1$/.test(w)) w = w.slice(0, -1);
  if (w.length > 4 && w.endsWith("e")) w = w.slice(0, -1);
  return w;
}

/** Is this token a content word worth comparing (not a stop word, number or month)? */
export function isContentWord(word: string): boolean {
  return contentWords.get(word) ?? contentWords.keep(word, readIsContentWord(word));
}

const contentWords = new BoundedCache<string, boolean>(50_000);

function readIsContentWord(word: string): boolean {
  const w = word.toLowerCase();
  if (STOP_WORDS.has(w)) return false;
  if (/^[\p{N}.,\-–]+$/u.test(w)) return false;
  if (MONTHS.has(w)) return false;
  return /\p{L}/u.test(w);
}

// ---------------------------------------------------------------------------
// Numbers written in words ("one hundred and sixteen", "twenty-one thousand", "forty second").

const SMALL_NUMBERS: Record<string, number> = {
  zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19,
};
const TENS_NUMBERS: Record<string, number> = { twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90 };
const SCALE_WORDS: Record<string, number> = { thousand: 1e3, million: 1e6, billion: 1e9, trillion: 1e12 };
const ORDINAL_UNITS: Record<string, number> = {
  first: 1, second: 2, third: 3, fourth: 4, fifth: 5, sixth: 6, seventh: 7, eighth: 8, ninth: 9, tenth: 10, eleventh: 11, twelfth: 12,
  thirteenth: 13, fourteenth: 14, fifteenth: 15, sixteenth: 16, seventeenth: 17, eighteenth: 18, nineteenth: 19,
  twentieth: 20, thirtieth: 30, fortieth: 40, fiftieth: 50, sixtieth: 60, seventieth: 70, eightieth: 80, ninetieth: 90, hundredth: 100,
};

/** One number word, for regular expressions (longest alternatives first). */
export const NUMBER_WORD = String.raw`(?:seventeen|thirteen|fourteen|eighteen|nineteen|fifteen|sixteen|eleven|twelve|twenty|thirty|seventy|eighty|ninety|forty|fifty|sixty|hundred|thousand|million|billion|trillion|dozen|three|seven|eight|zero|four|five|nine|one|two|six|ten)`;
/** A run of number words as one number: "one hundred and sixteen", "twenty-one thousand", "a thousand". */
export const NUMBER_WORDS = String.raw`(?:an?\s+(?=(?:hundred|thousand|million|billion|trillion|dozen)\b))?${NUMBER_WORD}(?:(?:\s+and\s+|\s+|-)${NUMBER_WORD}(?![\p{L}]))*`;
/** An ordinal in words, simple or compound ("third", "twenty-first", "forty second"). */
export const ORDINAL_WORDS = String.raw`(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)[-\s](?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)|twentieth|thirtieth|fortieth|fiftieth|sixtieth|seventieth|eightieth|ninetieth|hundredth|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth)`;

export interface WordNumber {
  value: number;
  /** Length of the text read, from the start: a run may hold more than one number ("two three"). */
  length: number;
  /** Words read, to tell a lone "one" from "one hundred". */
  words: number;
}

type Last = "start" | "unit" | "teen" | "tens" | "hundred" | "scale";

/** Can a word of this kind follow the last one within the same number? */
function canFollow(last: Last, kind: Last, value: number, word: string): boolean {
  if (last === "start" || kind === "scale") return true; // a scale's size is checked by the caller
  if (word === "dozen") return last === "unit" || last === "teen" || last === "tens";
  if (kind === "hundred") return last === "unit" || last === "teen";
  if (last === "tens") return kind === "unit" && value > 0;
  return last === "hundred" || last === "scale"; // any smaller group follows those
}

/**
 * Reads the first number of a run of number words (as NUMBER_WORDS matches it), from `from` on. Stops
 * where a word cannot continue the number, so "two three" reads as 2 with the rest left over.
 */
export function readNumberWords(run: string, from = 0): WordNumber | undefined {
  const re = /(\s+and\s+|\s+|-)?([a-z]+)/giy;
  re.lastIndex = from;
  let total = 0, group = 0, words = 0, end = from, lastScale = Infinity;
  let last: Last = "start";
  let m: RegExpExecArray | null;
  while ((m = re.exec(run))) {
    const w = m[2].toLowerCase();
    if ((w === "a" || w === "an") && last === "start") continue;
    if (m[1] && /and/i.test(m[1]) && last !== "hundred" && last !== "scale") break;
    let kind: "unit" | "teen" | "tens" | "hundred" | "scale";
    let value: number;
    if (w in SMALL_NUMBERS) (value = SMALL_NUMBERS[w]), (kind = value < 10 ? "unit" : "teen");
    else if (w in TENS_NUMBERS) (value = TENS_NUMBERS[w]), (kind = "tens");
    else if (w === "dozen") (value = 12), (kind = "teen");
    else if (w === "hundred") (value = 100), (kind = "hundred");
    else if (w in SCALE_WORDS) (value = SCALE_WORDS[w]), (kind = "scale");
    else break;
    if (!canFollow(last, kind, value, w)) break;
    if (w === "dozen" && last !== "start") group = (group || 1) * 12;
    else if (kind === "hundred") group = (group || 1) * 100;
    else if (kind === "scale") {
      if (value >= lastScale) break;
      total += (group || 1) * value;
      group = 0;
      lastScale = value;
    } else group += value;
    last = kind;
    words++;
    end = m.index + m[0].length;
  }
  return words ? { value: total + group, length: end - from, words } : undefined;
}

/** The value of an ordinal in words ("third" 3, "forty second" 42). */
export function ordinalWordValue(w: string): number | undefined {
  const parts = w.toLowerCase().split(/[-\s]+/);
  if (parts.length === 2) return (TENS_NUMBERS[parts[0]] ?? NaN) + (ORDINAL_UNITS[parts[1]] ?? NaN);
  return ORDINAL_UNITS[parts[0]];
}

/**
 * Does the text between two offsets (as slice() reads them) hold a clause break: "," ";" ":" "—"
 * "–", or a hyphen with white space either side (the regex /[,;:—–]|\s-\s/)? Asked at every step
 * of every walk over a sentence's words: read in place by character code, with no slice made.
 */
export function clauseBreakBetween(text: string, from: number, to: number): boolean {
  const lo = from < 0 ? Math.max(text.length + from, 0) : Math.min(from, text.length);
  const hi = to < 0 ? Math.max(text.length + to, 0) : Math.min(to, text.length);
  for (let i = lo; i < hi; i++) {
    const c = text.charCodeAt(i);
    if (c === 44 || c === 59 || c === 58 || c === 0x2014 || c === 0x2013) return true;
    if (c === 45 && i > lo && i + 1 < hi && isSpaceCode(text.charCodeAt(i - 1)) && isSpaceCode(text.charCodeAt(i + 1))) return true;
  }
  return false;
}

/** What \s matches in a regular expression, by character code. */
export function isSpaceCode(c: number): boolean {
  if (c < 128) return c === 32 || (c >= 9 && c <= 13);
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/**
 * Clause breaks of one text, asked between many pairs of offsets: read in place while that is
 * cheap, from running counts once the reading has gone over the text a few times.
 */
export class ClauseBreaks {
  private counts?: { marks: Uint32Array; hyphens: Uint32Array };
  private scanned = 0;

  constructor(private readonly text: string) {}

  /** clauseBreakBetween(text, lo, hi), for offsets 0 <= lo, hi. */
  between(lo: number, hi: number): boolean {
    const end = Math.min(hi, this.text.length);
    if (end <= lo) return false;
    if (!this.counts) {
      this.scanned += end - lo;
      if (this.scanned <= 4 * this.text.length) return clauseBreakBetween(this.text, lo, end);
      this.counts = runningBreakCounts(this.text);
    }
    const { marks, hyphens } = this.counts;
    // A spaced hyphen at i is inside when its spaces are: lo <= i - 1 and i + 1 < end.
    return marks[end] - marks[lo] > 0 || (end - lo >= 3 && hyphens[end - 1] - hyphens[lo + 1] > 0);
  }
}

/** marks[i]: how many of "," ";" ":" "—" "–" stand before offset i; hyphens[i]: how many hyphens with white space either side. */
function runningBreakCounts(text: string): { marks: Uint32Array; hyphens: Uint32Array } {
  const marks = new Uint32Array(text.length + 1);
  const hyphens = new Uint32Array(text.length + 1);
  let m = 0;
  let h = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 44 || c === 59 || c === 58 || c === 0x2014 || c === 0x2013) m++;
    else if (c === 45 && i > 0 && i + 1 < text.length && isSpaceCode(text.charCodeAt(i - 1)) && isSpaceCode(text.charCodeAt(i + 1))) h++;
    marks[i + 1] = m;
    hyphens[i + 1] = h;
  }
  return { marks, hyphens };
}

/**
 * How many of "," ";" ":" stand between two offsets of one text, asked for many pairs: counted in
 * place while that is cheap, a difference of running counts once the counting has read the text a
 * few times over.
 */
export class PunctuationCounts {
  private counts?: Uint32Array;
  private scanned = 0;

  constructor(private readonly text: string) {}

  between(lo: number, hi: number): number {
    const from = Math.max(0, lo);
    const to = Math.min(hi, this.text.length);
    if (to <= from) return 0;
    if (!this.counts) {
      this.scanned += to - from;
      if (this.scanned <= 4 * this.text.length) return countPunctuation(this.text, from, to);
      this.counts = new Uint32Array(this.text.length + 1);
      for (let i = 0; i < this.text.length; i++) this.counts[i + 1] = this.counts[i] + (isClausePunctuation(this.text.charCodeAt(i)) ? 1 : 0);
    }
    return this.counts[to] - this.counts[from];
  }
}

function countPunctuation(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) if (isClausePunctuation(text.charCodeAt(i))) n++;
  return n;
}

/** "," ";" ":" */
function isClausePunctuation(c: number): boolean {
  return c === 44 || c === 59 || c === 58;
}
