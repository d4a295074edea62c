// Sorted spans answer as a scan of every span in the given order would, for any spans (nested,
// overlapping, empty, unsorted, tied) and any offsets; and a sentence's lists are sorted only past
// the length at which a scan costs more, giving callers the same spans to test either way.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SortedSpans, sortedSpansOf, spansMaybeOverlapping } from "../../server/src/core/util/sortedSpans";

type S = { start: number; end: number; id: number };
const span = fc.tuple(fc.nat(200), fc.nat(30)).map(([start, length]) => ({ start, end: start + length }));
const spansOf = (xs: { start: number; end: number }[]): S[] => xs.map((x, id) => ({ ...x, id }));
const offsets = fc.array(fc.integer({ min: -40, max: 260 }), { minLength: 1, maxLength: 20 });
// (Lists on both sides of the length past which sortedSpansOf sorts are drawn.)
const lists = fc.oneof(fc.array(span, { maxLength: 64 }), fc.array(span, { minLength: 65, maxLength: 140 }));
const skipOf = (mod: number) => (x: S) => x.id % mod === 0;

describe("sorted spans", () => {
  it("give the spans overlapping a range, in the given order", () => {
    fc.assert(
      fc.property(lists, fc.array(fc.tuple(fc.integer({ min: -40, max: 260 }), fc.integer({ min: -40, max: 260 })), { maxLength: 20 }), (raw, ranges) => {
        const spans = spansOf(raw);
        const sorted = new SortedSpans(spans);
        for (const [s, e] of ranges) expect(sorted.overlappingIndexes(s, e)).toEqual(spans.flatMap((x, i) => (s < x.end && x.start < e ? [i] : [])));
      }),
      { numRuns: 2000, seed: 5 },
    );
  });

  it("tell whether any span overlapping a range passes a test, as a scan would", () => {
    fc.assert(
      fc.property(lists, fc.array(fc.tuple(fc.integer({ min: -40, max: 260 }), fc.integer({ min: -40, max: 260 })), { maxLength: 20 }), fc.integer({ min: 1, max: 7 }), (raw, ranges, mod) => {
        const spans = spansOf(raw);
        const sorted = new SortedSpans(spans);
        const test = (i: number) => spans[i].id % mod === 0;
        for (const [s, e] of ranges) expect(sorted.someOverlapping(s, e, test)).toBe(spans.some((x, i) => s < x.end && x.start < e && test(i)));
      }),
      { numRuns: 2000, seed: 17 },
    );
  });

  it("visit the spans starting between two offsets by start, ties in the given order, until told to stop", () => {
    fc.assert(
      fc.property(lists, offsets, offsets, fc.nat(5), (raw, froms, tos, stopAfter) => {
        const spans = spansOf(raw);
        const sorted = new SortedSpans(spans);
        for (const from of froms)
          for (const to of tos) {
            const all = spans.filter((x) => x.start >= from && x.start <= to).sort((a, b) => a.start - b.start || a.id - b.id);
            const visited: S[] = [];
            sorted.visitStartingBetween(from, to, (x) => visited.push(x) > stopAfter);
            expect(visited).toEqual(all.slice(0, stopAfter + 1));
          }
      }),
      { numRuns: 1000, seed: 7 },
    );
  });

  it("find the nearest span before and after an offset, past those skipped", () => {
    fc.assert(
      fc.property(lists, offsets, fc.integer({ min: 1, max: 4 }), (raw, at, mod) => {
        const spans = spansOf(raw);
        const sorted = new SortedSpans(spans);
        const skip = skipOf(mod);
        for (const offset of at) {
          const kept = spans.filter((x) => !skip(x));
          const before = kept.filter((x) => x.end <= offset);
          const after = kept.filter((x) => x.start >= offset);
          // (Only the nearest end or start is asked for: any span of the nearest one does.)
          expect(sorted.lastEndingBy(offset, skip)?.end).toBe(before.length ? Math.max(...before.map((x) => x.end)) : undefined);
          expect(sorted.firstStartingAt(offset, skip)?.start).toBe(after.length ? Math.min(...after.map((x) => x.start)) : undefined);
        }
      }),
      { numRuns: 2000, seed: 11 },
    );
  });

  it("leave a short list to be scanned, and give a long one's overlapping spans in the given order", () => {
    fc.assert(
      fc.property(lists, fc.array(fc.tuple(fc.integer({ min: -40, max: 260 }), fc.integer({ min: -40, max: 260 })), { maxLength: 20 }), (raw, ranges) => {
        const spans = spansOf(raw);
        expect(sortedSpansOf(spans) === undefined).toBe(spans.length <= 64);
        for (const [s, e] of ranges) {
          const maybe = spansMaybeOverlapping(spans, s, e);
          if (spans.length <= 64) expect(maybe).toBe(spans);
          expect(maybe.filter((x) => s < x.end && x.start < e)).toEqual(spans.filter((x) => s < x.end && x.start < e));
        }
      }),
      { numRuns: 1000, seed: 13 },
    );
  });
});
