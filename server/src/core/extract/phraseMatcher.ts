// Finds known phrases (entity names, acronyms, aliases, places) in text by tokens, longest first.
// Token-based so "U.S." matches in "the U.S.-led bloc" and "IPEF" in "IPEF's", without one huge regex.

export interface PhraseMatch<K> {
  key: K;
  start: number;
  end: number;
  text: string;
}

interface PhraseEntry<K> {
  key: K;
  tokens: string[];
  lowerTokens: string[];
  /** Per token: compare case-sensitively (acronyms, capitalised one-word names). */
  exact: boolean[];
}

interface RawToken {
  text: string;
  lower: string;
  start: number;
  end: number;
  /** The lower form's opening (see openingOf): a sentence's tokens are matched against three lexicons, and this is made once. */
  opening: number;
}

/** Tokens of the text: runs of letters and digits, and single other characters. */
export function matchTokens(text: string): RawToken[] {
  // Called for every sentence read: ASCII is scanned by character code, the rest by the regex;
  // the text is lower-cased once (where that keeps its length, slices of it are the tokens' lower forms).
  const out: RawToken[] = [];
  const lowered = text.toLowerCase();
  const lower = lowered.length === text.length ? lowered : undefined;
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c < 128) {
      if (c === 32 || (c >= 9 && c <= 13)) {
        i++;
        continue;
      }
      if (!isAsciiAlnum(c)) {
        const t = text[i];
        const l = lower ? lower[i] : t.toLowerCase();
        out.push({ text: t, lower: l, start: i, end: i + 1, opening: openingOf(l) });
        i++;
        continue;
      }
      // (A word without capitals is its own lower form: most are, and need no second string.)
      let upper = c >= 65 && c <= 90;
      let j = i + 1;
      for (let d = 0; j < n && isAsciiAlnum((d = text.charCodeAt(j))); j++) if (d >= 65 && d <= 90) upper = true;
      if (j >= n || text.charCodeAt(j) < 128) {
        const t = text.slice(i, j);
        const l = !upper ? t : lower ? lower.slice(i, j) : t.toLowerCase();
        out.push({ text: t, lower: l, start: i, end: j, opening: openingOf(l) });
        i = j;
        continue;
      }
    }
    // Beyond ASCII (or an ASCII word running into it, "café"): the Unicode classes decide.
    TOKEN_AT.lastIndex = i;
    const m = TOKEN_AT.exec(text);
    if (!m) {
      i++;
      continue;
    }
    const t = normalizePunct(m[0]);
    const l = t.toLowerCase();
    out.push({ text: t, lower: l, start: i, end: i + m[0].length, opening: openingOf(l) });
    i += m[0].length;
  }
  return out;
}

/**
 * A token's first three characters (five low bits each) and its length (up to 31), as one number
 * under 2^20: most tokens of a text open no phrase, and a bit set of these turns them away before
 * the map is asked.
 */
function openingOf(token: string): number {
  const n = token.length;
  const c1 = n > 1 ? token.charCodeAt(1) & 0x1f : 0;
  const c2 = n > 2 ? token.charCodeAt(2) & 0x1f : 0;
  return (token.charCodeAt(0) & 0x1f) | (c1 << 5) | (c2 << 10) | (Math.min(n, 31) << 15);
}

const TOKEN_AT = /[\p{L}\p{N}]+|[^\s\p{L}\p{N}]/uy;

function isAsciiAlnum(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

function normalizePunct(t: string): string {
  if (t === "’" || t === "‘") return "'";
  if (t === "–" || t === "—" || t === "‐") return "-";
  return t;
}

function isAcronymToken(t: string): boolean {
  return /\p{N}/u.test(t) || (t.length >= 2 && t === t.toUpperCase() && /\p{Lu}/u.test(t));
}

export class PhraseMatcher<K> {
  private readonly byFirst = new Map<string, PhraseEntry<K>[]>();
  /** Which openings (see openingOf) a phrase's first token has, one bit each. */
  private readonly openings = new Uint32Array(1 << 15);
  private count = 0;

  get size(): number {
    return this.count;
  }

  add(phrase: string, key: K): void {
    const tokens = matchTokens(phrase).map((t) => t.text);
    if (tokens.length === 0) return;
    const single = tokens.length === 1;
    const exact = tokens.map((t) => isAcronymToken(t) || (single && /^\p{Lu}/u.test(t)));
    const first = tokens[0].toLowerCase();
    const opening = openingOf(first);
    this.openings[opening >>> 5] |= 1 << (opening & 31);
    let list = this.byFirst.get(first);
    if (!list) this.byFirst.set(first, (list = []));
    if (list.some((e) => e.key === key && e.tokens.join(" ") === tokens.join(" "))) return;
    list.push({ key, tokens, lowerTokens: tokens.map((t) => t.toLowerCase()), exact });
    list.sort((a, b) => b.tokens.length - a.tokens.length);
    this.count++;
  }

  /** Non-overlapping matches, left to right, longest at each position. */
  find(text: string, tokens: RawToken[] = matchTokens(text)): PhraseMatch<K>[] {
    const out: PhraseMatch<K>[] = [];
    for (let i = 0; i < tokens.length; ) {
      const opening = tokens[i].opening;
      const candidates = (this.openings[opening >>> 5] & (1 << (opening & 31))) !== 0 ? this.byFirst.get(tokens[i].lower) : undefined;
      let matched = 0;
      let key: K | undefined;
      if (candidates) {
        for (const entry of candidates) {
          if (entry.tokens.length > tokens.length - i) continue;
          let ok = true;
          for (let j = 0; j < entry.tokens.length && ok; j++) {
            const t = tokens[i + j];
            ok = entry.exact[j] ? t.text === entry.tokens[j] : t.lower === entry.lowerTokens[j];
            // Phrase tokens must be adjacent the way they are in the phrase (no words skipped).
            if (ok && j > 0 && t.start - tokens[i + j - 1].end > 1) ok = false;
          }
          if (ok) {
            matched = entry.tokens.length;
            key = entry.key;
            break;
          }
        }
      }
      if (matched > 0 && key !== undefined) {
        const start = tokens[i].start;
        const end = tokens[i + matched - 1].end;
        // "US$", "S$", "HK$": a currency, not the place.
        if (text[end] !== "$") out.push({ key, start, end, text: text.slice(start, end) });
        i += matched;
      } else i++;
    }
    return out;
  }
}
