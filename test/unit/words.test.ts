// The engine reads each sentence's words from the pieces the phrase matcher cut it into,
// instead of a second regex pass: both readings must be the same, word for word.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { matchTokens } from "../../server/src/core/extract/phraseMatcher";
import { ClauseBreaks, clauseBreakBetween, isSpaceCode, PunctuationCounts, tokenize, wordsFromPieces } from "../../server/src/core/extract/words";

const CHARS = ["a", "Z", "9", " ", "\t", "\n", "é", "'", "’", "-", "–", "—", "‐", "😀", "𝐀", "\u00a0", ".", "$", "中", "ab", "12", "Côte d", "Ivoire"];

describe("words from the matcher's pieces", () => {
  it("are tokenize's words wherever they are given", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...CHARS), { maxLength: 24 }), (parts) => {
        const text = parts.join("");
        const words = wordsFromPieces(text, matchTokens(text));
        if (words) expect(words).toEqual(tokenize(text));
      }),
      { numRuns: 5000, seed: 11 },
    );
  });

  it("read apostrophes, hyphens and dashes as tokenize does", () => {
    for (const text of ["Côte d’Ivoire-based lenders' funds", "the U.S.-led bloc’s 2021–2027 plan", "rock'n'roll — a non-binding MoU", "dogs' 3-year-old x'90"]) {
      expect(wordsFromPieces(text, matchTokens(text))).toEqual(tokenize(text));
    }
  });

  it("leave a piece that would have to be split to tokenize", () => {
    // "'ab1": the regex reads the letters after the apostrophe, then "1" as a word of its own.
    expect(wordsFromPieces("x'ab1", matchTokens("x'ab1"))).toBeUndefined();
  });
});

describe("the matcher's pieces", () => {
  it("carry their lower form, the same string where the piece has no capitals", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...CHARS, "IPEF", "Quad", "aBc", "İ"), { maxLength: 24 }), (parts) => {
        const text = parts.join("");
        for (const t of matchTokens(text)) {
          expect(t.lower).toBe(t.text.toLowerCase());
        }
      }),
      { numRuns: 3000, seed: 5 },
    );
  });
});

describe("a clause break between two offsets", () => {
  const CLAUSE_BREAK = /[,;:—–]|\s-\s/;
  const PARTS = ["a", " ", "-", " - ", ",", ";", ":", "—", "–", "\u00a0", "\u2009", "\t", "x-y", "\n"];

  it("is the regex's reading of the same slice, offsets as slice() takes them", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PARTS), { maxLength: 16 }), fc.integer({ min: -20, max: 40 }), fc.integer({ min: -20, max: 40 }), (parts, from, to) => {
        const text = parts.join("");
        expect(clauseBreakBetween(text, from, to)).toBe(CLAUSE_BREAK.test(text.slice(from, to)));
      }),
      { numRuns: 5000, seed: 7 },
    );
  });

  it("is read alike from running counts, after many questions about one text", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PARTS), { maxLength: 24 }), fc.array(fc.tuple(fc.nat(60), fc.nat(60)), { minLength: 1, maxLength: 40 }), (parts, pairs) => {
        const text = parts.join("");
        const breaks = new ClauseBreaks(text);
        // (Enough questions first that the running counts are made.)
        for (let i = 0; i < 8; i++) breaks.between(0, text.length);
        for (const [lo, hi] of pairs) expect(breaks.between(lo, hi)).toBe(clauseBreakBetween(text, lo, hi));
      }),
      { numRuns: 3000, seed: 5 },
    );
  });

  it("knows white space as the regex does, for every character code", () => {
    for (let c = 0; c < 0x10000; c++) expect(isSpaceCode(c)).toBe(/\s/.test(String.fromCharCode(c)));
  });
});

describe("the punctuation between two offsets", () => {
  const PARTS = ["a", " ", ",", ";", ":", "—", ", ", "x;y"];
  it("is counted alike in place and from running counts, after many questions about one text", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PARTS), { maxLength: 24 }), fc.array(fc.tuple(fc.integer({ min: -5, max: 60 }), fc.integer({ min: -5, max: 60 })), { minLength: 1, maxLength: 40 }), (parts, pairs) => {
        const text = parts.join("");
        const count = (lo: number, hi: number) => (text.slice(Math.max(0, lo), Math.max(0, Math.min(hi, text.length))).match(/[,;:]/g) ?? []).length * (hi > lo ? 1 : 0);
        const counts = new PunctuationCounts(text);
        for (const [lo, hi] of pairs) expect(counts.between(lo, hi)).toBe(count(lo, hi));
        // (Enough questions that the running counts are made, then the same questions again.)
        for (let i = 0; i < 8; i++) counts.between(0, text.length);
        for (const [lo, hi] of pairs) expect(counts.between(lo, hi)).toBe(count(lo, hi));
      }),
      { numRuns: 3000, seed: 9 },
    );
  });
});
