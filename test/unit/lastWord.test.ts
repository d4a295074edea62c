// The index looks a near name up by its last word; lastWordOf gives what splitting at white space
// and taking the last piece gave, for any text (white space of every kind, at either end, none).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { lastWordOf } from "../../server/src/core/index/factIndex";

describe("lastWordOf", () => {
  it("gives the last piece of the text split at white space", () => {
    const piece = fc.oneof(fc.constantFrom(" ", "  ", "\t", "\n", "\u00a0", "\u2003", "a", "Bank", "é", "😀", "-", "."), fc.string({ maxLength: 4 }));
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (pieces) => {
        const text = pieces.join("");
        expect(lastWordOf(text)).toBe(text.split(/\s+/).pop());
      }),
      { numRuns: 3000, seed: 3 },
    );
  });

  it("reads names as written", () => {
    expect(lastWordOf("asian development bank")).toBe("bank");
    expect(lastWordOf("ipef")).toBe("ipef");
    expect(lastWordOf("trailing ")).toBe("");
    expect(lastWordOf("")).toBe("");
  });
});
