// Memo keys are equal exactly when the field lists are, each place always of one kind (text, a
// number, or a list of one of them) as callers pass them: text holding the separators, empty
// text and empty lists included.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compositeKey } from "../../server/src/core/util/compositeKey";

// (Few characters, separators and "[" among them, so different lists often come close.)
const text = fc.string({ unit: fc.constantFrom("a", "b", " ", "\u0001", "\u0002", "[", ":", "1", ","), maxLength: 4 });
const number = fc.integer({ min: -3, max: 12 });
// (Each place is of one kind: text, a number, a list of text or a list of numbers.)
const kinds = [text, number, fc.array(text, { maxLength: 3 }), fc.array(number, { maxLength: 3 })];
const shape = fc.array(fc.nat(kinds.length - 1), { minLength: 1, maxLength: 5 });
const fieldsOf = (places: number[]) => fc.tuple(...places.map((k) => kinds[k]));

describe("composite memo keys", () => {
  it("meet exactly when the fields are equal", () => {
    fc.assert(
      fc.property(
        shape.chain((s) => fc.tuple(fieldsOf(s), fieldsOf(s))),
        ([a, b]) => {
          expect(compositeKey(a) === compositeKey(b)).toBe(JSON.stringify(a) === JSON.stringify(b));
        },
      ),
      { numRuns: 5000, seed: 11 },
    );
  });

  it("tell apart an empty list, a list of empty text and empty fields", () => {
    expect(new Set([compositeKey(["x", []]), compositeKey(["x", [""]]), compositeKey(["x", ["", ""]]), compositeKey(["x", [], []])]).size).toBe(4);
  });

  it("are the plain joined fields for ordinary text", () => {
    expect(compositeKey(["usd", "", ["ipef", "japan"], 2022])).toBe("usd\u0002\u00022:ipef\u0001japan\u00022022");
  });
});
