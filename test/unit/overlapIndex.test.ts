// The overlap index answers as a scan of every span would, for any spans (nested, overlapping,
// empty, unsorted) and any range; and it follows an array that grew.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { OverlapIndex, overlapIndexOf } from "../../server/src/core/util/overlapIndex";

const scan = (spans: { start: number; end: number }[], s: number, e: number) => spans.some((x) => s < x.end && x.start < e);
const span = fc.tuple(fc.nat(200), fc.nat(30)).map(([start, length]) => ({ start, end: start + length }));

describe("the overlap index", () => {
  it("answers as a scan of every span", () => {
    fc.assert(
      fc.property(fc.array(span, { maxLength: 60 }), fc.array(fc.tuple(fc.integer({ min: -5, max: 240 }), fc.integer({ min: -5, max: 240 })), { maxLength: 30 }), (spans, ranges) => {
        const index = new OverlapIndex(spans);
        for (const [s, e] of ranges) expect(index.overlaps(s, e)).toBe(scan(spans, s, e));
      }),
      { numRuns: 3000, seed: 3 },
    );
  });

  it("is made again for an array that grew since it was asked", () => {
    const spans = [{ start: 0, end: 5 }];
    expect(overlapIndexOf(spans).overlaps(10, 12)).toBe(false);
    spans.push({ start: 9, end: 11 });
    expect(overlapIndexOf(spans).overlaps(10, 12)).toBe(true);
  });
});
