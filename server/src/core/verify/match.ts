// Matching helpers shared by the verification rules: how a draft claim's names, words and
// counted nouns meet a source claim's.
import type { Claim } from "../types";
import type { Lexicon } from "../extract/lexicon";
import { contextLowerOf, sentenceLowerOf, type IndexedClaim } from "../index/factIndex";

/** Content words, without entity and predicate-class terms or nouns that only stand for an entity. */
export function plainTerms(terms: string[], lexicon: Lexicon): string[] {
  return terms.filter((t) => !t.startsWith("@") && !t.startsWith("%") && !lexicon.anaphoricNouns.has(t));
}

/** Every party a draft claim names: entities, places and other names. */
export function names(d: Claim): Set<string> {
  return new Set([...d.entities, ...d.names, ...d.otherNames, ...d.contextNames]);
}

/** Is this event name one of the source's places (not an entity or other name)? */
export function isPlace(name: string, c: IndexedClaim): boolean {
  return c.names.includes(name) && !c.entities.includes(name) && !c.otherNames.includes(name);
}

/** Does the source name this person or institution (in full, or by a last name of 4+ letters)? */
export function namesOther(name: string, c: IndexedClaim): boolean {
  const sentence = sentenceLowerOf(c);
  if (sentence.includes(name)) return true;
  const texts = [sentence, contextLowerOf(c), c.sourceLower, c.titleLower ?? ""];
  if (texts.some((t) => t.includes(name))) return true;
  const re = lastNamePattern(name);
  return !!re && texts.some((t) => re.test(t));
}

/** A two-word name ("Donald Trump", "Lee Jae-myung") may appear by its last word alone. */
function lastNamePattern(name: string): RegExp | undefined {
  const parts = name.split(/\s+/);
  const last = parts[parts.length - 1];
  return parts.length === 2 && last.length >= 4 ? wordPattern(last) : undefined;
}

/**
 * Does the draft name the source's subject by the acronym the source sentence gives it ("The
 * Ministry of Economy, Trade and Industry (METI) has committed ...", draft "METI has committed")?
 */
export function namedByAcronym(subject: string, c: IndexedClaim, d: Claim): boolean {
  const sentence = sentenceLowerOf(c);
  const at = sentence.indexOf(subject);
  if (at < 0) return false;
  const acronym = /^[^().;]{0,60}?\(([\p{L}\d&.-]{2,12})\)/u.exec(sentence.slice(at))?.[1];
  if (!acronym) return false;
  return names(d).has(acronym) || wordPattern(acronym).test(d.sentence.toLowerCase());
}

const wordPatterns = new Map<string, RegExp>();

export function releaseWordPatterns(): void {
  wordPatterns.clear();
}

/** A word as a whole word, letters on neither side (compiled once per word). */
function wordPattern(word: string): RegExp {
  let re = wordPatterns.get(word);
  if (!re) {
    re = new RegExp(`(?:^|[^\\p{L}])${word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?:$|[^\\p{L}])`, "u");
    if (wordPatterns.size > 10000) wordPatterns.clear();
    wordPatterns.set(word, re);
  }
  return re;
}

/** Of these parties, the one the draft's sentence names last before its value. */
export function nearestBefore(d: Claim, parties: string[]): string | undefined {
  const text = d.sentence.toLowerCase();
  // (The sentence is prose without markup, so the value is found by its text, not its source offset.)
  const found = text.indexOf(d.valueText.toLowerCase());
  const at = found >= 0 ? found : d.start - d.sentenceStart;
  let best: string | undefined;
  let bestAt = -1;
  for (const p of parties) {
    const i = Math.max(lastWordIndex(text, p, at), lastWordIndex(text, p.replace(/-/g, " "), at));
    if (i > bestAt) [best, bestAt] = [p, i];
  }
  return best;
}

/** Where a word last starts before `end` as a whole word ("cf" not inside "cfa"); -1 if nowhere. */
function lastWordIndex(text: string, word: string, end: number): number {
  const isLetter = (ch: string | undefined) => !!ch && /[\p{L}\p{N}]/u.test(ch);
  for (let i = text.lastIndexOf(word, end - word.length); i >= 0; i = i > 0 ? text.lastIndexOf(word, i - 1) : -1) {
    if (!isLetter(text[i - 1]) && !isLetter(text[i + word.length])) return i;
  }
  return -1;
}

export function sameHead(a: string | undefined, b: string | undefined, lexicon: Lexicon, bareMeetsWhole = false): boolean {
  if (!a || !b) return false;
  const kind = (h: string) => /^(other|whole)-/.exec(h)?.[1] ?? "";
  // A bare count ("57 member nations") may be the whole of a source's part ("Thirty of the 57 members").
  if (kind(a) !== kind(b) && !(bareMeetsWhole && kind(a) === "" && kind(b) === "whole")) return false;
  const bare = (h: string) => h.replace(/^(?:other|whole)-/, "");
  const [x, y] = [bare(a), bare(b)];
  return x === y || (lexicon.measureGroup.get(x) ?? x) === (lexicon.measureGroup.get(y) ?? y);
}

export function overlap(a: string[], b: { has(x: string): boolean }): number {
  let n = 0;
  for (const x of a) if (b.has(x)) n++;
  return n;
}

/** How many of the draft's entities and places the source sentence states itself. */
export function nameHits(d: Claim, c: IndexedClaim): number {
  // Entities, places, and people or bodies the draft's sentence names, in the source sentence itself.
  // (Counted without building lists: this runs for every candidate.)
  let hits = 0;
  for (const e of d.entities) if (c.entities.includes(e)) hits++;
  for (const n of d.names) if (c.names.includes(n) || c.respective?.parties.includes(n)) hits++;
  for (const n of d.otherNames) if (sentenceLowerOf(c).includes(n)) hits++;
  // A value the source pins to one of the draft's parties ("respectively") names it twice over.
  return hits + (c.respective && names(d).has(c.respective.of) ? 1 : 0);
}

