// Sentence splitting for prose. A period ends a sentence only when the next word starts one
// and the word before it is not an abbreviation ("U.S.", "Mr.", "e.g.") or an initial.

export interface SentenceSpan {
  start: number;
  end: number;
}

const ABBREVIATIONS = new Set(
  [
    "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "mt", "gen", "gov", "sen", "rep", "pres", "amb", "adm", "col", "lt", "sgt",
    "inc", "ltd", "co", "corp", "dept", "univ", "assn", "bros", "no", "nos", "vol", "vols", "pp", "p", "fig", "figs", "ch", "sec",
    "art", "para", "e.g", "i.e", "etc", "vs", "cf", "al", "approx", "est", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
    "sep", "sept", "oct", "nov", "dec", "u.s", "u.k", "u.n", "e.u", "u.s.a", "p.m", "a.m", "d.c", "n.a", "ph.d",
  ],
);

function isSpace(c: string | undefined): boolean {
  return c === " " || c === "\t" || c === "\n" || c === "\r" || c === "\u00a0";
}

/** The word (letters, digits and inner periods) that ends just before `end`. */
function wordBefore(text: string, end: number): string {
  let i = end;
  while (i > 0 && isWordOrDot(text.charCodeAt(i - 1))) i--;
  return text.slice(i, end);
}

/** [A-Za-z0-9.] by character code. */
function isWordOrDot(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 46;
}

/** Closing quotes and brackets: " ' ” ’ ) ]. */
const CLOSERS = new Set([34, 39, 0x201d, 0x2019, 41, 93]);

const SENTENCE_MARK = /[.!?]/g;

/** Splits text into sentences; offsets are trimmed of surrounding white space. */
export function splitSentences(text: string): SentenceSpan[] {
  const spans: SentenceSpan[] = [];
  let start = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    // (The next ". ! ?" found by the regex engine's own scan: a loop in script over every
    // character cost about as much as the rest of the split.)
    SENTENCE_MARK.lastIndex = i;
    if (!SENTENCE_MARK.test(text)) break;
    i = SENTENCE_MARK.lastIndex - 1;
    const c = text[i];
    // Let closing quotes and brackets belong to the sentence they close.
    let j = i + 1;
    while (j < n && CLOSERS.has(text.charCodeAt(j))) j++;
    if (j < n && !isSpace(text[j])) continue;
    let k = j;
    while (k < n && isSpace(text[k])) k++;
    if (k >= n) break;
    const next = text[k];
    if (!/[\p{Lu}\p{Lo}0-9"“'‘(\[]/u.test(next)) continue;
    if (c === ".") {
      const word = wordBefore(text, i).toLowerCase();
      if (ABBREVIATIONS.has(word.replace(/\.$/, ""))) continue;
      // Single-letter initials ("John F. Kennedy") and dotted acronyms ("U.S.").
      if (/^[a-z]$/.test(word) || /^(?:[a-z]\.)+[a-z]$/.test(word)) continue;
    }
    pushTrimmed(text, start, j, spans);
    start = k;
  }
  pushTrimmed(text, start, n, spans);
  return spans;
}

function pushTrimmed(text: string, start: number, end: number, out: SentenceSpan[]): void {
  while (start < end && isSpace(text[start])) start++;
  while (end > start && isSpace(text[end - 1])) end--;
  if (end > start) out.push({ start, end });
}
