// A headline is told by character codes; the regex reading it replaced is kept as the reference:
// both must agree on any line, and on every line of the shared corpus.
import * as fs from "node:fs";
import * as path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isTitleCase, titleCaseByRegex } from "../../server/src/core/extract/entities";

const PARTS = ["The", "the", "of", "And", "Trade", "framework", "IPEF", "“Indo", "Pacific”", "(2021)", "---", "-", "É", "étude", "Öl", "İstanbul", "ß", "𝐀", "😀", "\u00a0", " ", "  ", "\t", ":", "title: ", "x:", "2021", "’s", "Deal,", "für", "ǅ", "Ⅻ", "١٢"];

describe("a headline", () => {
  it("is told as the regex tells it, for any line", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PARTS), { maxLength: 30 }), (parts) => {
        const line = parts.join(" ");
        expect(isTitleCase(line)).toBe(titleCaseByRegex(line));
      }),
      { numRuns: 5000, seed: 17 },
    );
  });

  it("is told as the regex tells it for long lines, which the reading may stop early", () => {
    // (A line of many words with a few in lower case is no headline; its end may still decide.)
    const word = fc.oneof({ weight: 8, arbitrary: fc.constantFrom("Trade", "IPEF", "Ö", "(2021)", "of", "the") }, { weight: 1, arbitrary: fc.constantFrom("framework", "étude", "ß") });
    const space = fc.constantFrom(" ", "  ", "\t", "\u00a0");
    const told = { headlines: 0, others: 0 };
    fc.assert(
      fc.property(fc.array(fc.tuple(word, space), { minLength: 20, maxLength: 200 }), (pairs) => {
        const line = pairs.map(([w, s]) => w + s).join("");
        const headline = titleCaseByRegex(line);
        expect(isTitleCase(line)).toBe(headline);
        told[headline ? "headlines" : "others"]++;
      }),
      { numRuns: 1500, seed: 23 },
    );
    expect(told.headlines).toBeGreaterThan(100);
    expect(told.others).toBeGreaterThan(100);
  });

  it("is told as the regex tells it on every line of the shared corpus", () => {
    const dir = path.resolve(__dirname, "../../../shared/corpus");
    let titles = 0;
    for (const file of fs.readdirSync(dir)) {
      for (const line of fs.readFileSync(path.join(dir, file), "utf8").split("\n")) {
        expect(isTitleCase(line)).toBe(titleCaseByRegex(line));
        if (titleCaseByRegex(line)) titles++;
      }
    }
    // (The corpus has headlines: the comparison is not only of lines that are not.)
    expect(titles).toBeGreaterThan(0);
  });

  it("needs five words, nine in ten of them capitalised", () => {
    expect(isTitleCase("The Indo-Pacific Economic Framework Opens Talks")).toBe(true);
    expect(isTitleCase("The Indo-Pacific Economic framework opens talks")).toBe(false);
    expect(isTitleCase("Framework Opens Talks")).toBe(false);
  });
});
