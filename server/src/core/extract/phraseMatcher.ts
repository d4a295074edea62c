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
  /** Per token: compare case-sensitively (acronyms, capitalised one-word names). */
  exact: boolean[];
}

const TOKEN_RE = /[\p{L}\p{N}]+|[^\s\p{L}\p{N}]/gu;

interface RawToken {
  text: string;
  lower: string;
  start: number;
  end: number;
}

export function matchTokens(text: string): RawToken[] {
  const out: RawToken[] = [];
  TOKEN_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = TOKEN_RE.exec(text))) {
    const t = normalizePunct(m[0]);
    out.push({ text: t, lower: t.toLowerCase(), start: m.index, end: m.index + m[0].length });
  }
  return out;
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
    let list = this.byFirst.get(first);
    if (!list) this.byFirst.set(first, (list = []));
    if (list.some((e) => e.key === key && e.tokens.join(" ") === tokens.join(" "))) return;
    list.push({ key, tokens, exact });
    list.sort((a, b) => b.tokens.length - a.tokens.length);
    this.count++;
  }

  /** Non-overlapping matches, left to right, longest at each position. */
  find(text: string, tokens: RawToken[] = matchTokens(text)): PhraseMatch<K>[] {
    const out: PhraseMatch<K>[] = [];
    for (let i = 0; i < tokens.length; ) {
      const candidates = this.byFirst.get(tokens[i].lower);
      let matched = 0;
      let key: K | undefined;
      if (candidates) {
        for (const entry of candidates) {
          if (entry.tokens.length > tokens.length - i) continue;
          let ok = true;
          for (let j = 0; j < entry.tokens.length && ok; j++) {
            const t = tokens[i + j];
            const p = entry.tokens[j];
            ok = entry.exact[j] ? t.text === p : t.lower === p.toLowerCase();
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
