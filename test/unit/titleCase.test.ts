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
