// The spans of one sentence (its values, its names), asked about for every value in it: which
// overlap a range, which ends last before an offset, which starts first after one. A sentence of
// hundreds of values asked a scan of every span for each of them; sorted once, each question is a
// binary search and a short walk. A short list is still scanned (see sortedSpansOf): sorting it
// would cost more.

import type { Range } from "./overlapIndex";

/** Lists up to this long are scanned, not sorted. */
const SCAN_UP_TO = 64;

export class SortedSpans<T extends Range> {
  /** Given indexes by start (ties in the given order), and the same by end; made when first needed. */
  private byStart?: Int32Array;
  private byEnd?: Int32Array;
  /** The longest span's length: a span ending after `s` starts after `s - maxLength`. */
  private maxLength = 0;

  constructor(private readonly spans: readonly T[]) {}

  /** Indexes (ascending) of the spans with s < span.end and span.start < e: those overlapping [s, e). */
  overlappingIndexes(s: number, e: number): number[] {
    const out: number[] = [];
    const spans = this.spans;
    const byStart = this.sortedByStart();
    for (let k = this.firstStartingFrom(s - this.maxLength); k < byStart.length; k++) {
      const x = spans[byStart[k]];
      if (x.start >= e) break;
      if (s < x.end) out.push(byStart[k]);
    }
    return out.length > 1 ? out.sort((a, b) => a - b) : out;
  }

  /**
   * Does any span overlapping [s, e) pass `test`? Asked in start order without collecting them: a
   * value asking about an event word at the far end of a long sentence overlaps hundreds of spans,
   * and the first nearer one usually answers.
   */
  someOverlapping(s: number, e: number, test: (index: number) => boolean): boolean {
    const spans = this.spans;
    const byStart = this.sortedByStart();
    for (let k = this.firstStartingFrom(s - this.maxLength); k < byStart.length; k++) {
      const x = spans[byStart[k]];
      if (x.start >= e) break;
      if (s < x.end && test(byStart[k])) return true;
    }
    return false;
  }

  /** Visits the spans starting in [from, to], by start (ties in the given order), until `visit` returns true. */
  visitStartingBetween(from: number, to: number, visit: (x: T) => boolean): void {
    const byStart = this.sortedByStart();
    for (let k = this.firstStartingFrom(from); k < byStart.length && this.spans[byStart[k]].start <= to; k++) if (visit(this.spans[byStart[k]])) return;
  }

  /** One of the spans that end last at or before `offset`, of those `skip` does not turn away. */
  lastEndingBy(offset: number, skip: (x: T) => boolean): T | undefined {
    const byEnd = (this.byEnd ??= indexesBy(this.spans, (x) => x.end));
    let lo = 0;
    let hi = byEnd.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.spans[byEnd[mid]].end <= offset) lo = mid + 1;
      else hi = mid;
    }
    for (let k = lo - 1; k >= 0; k--) if (!skip(this.spans[byEnd[k]])) return this.spans[byEnd[k]];
    return undefined;
  }

  /** One of the spans that start first at or after `offset`, of those `skip` does not turn away. */
  firstStartingAt(offset: number, skip: (x: T) => boolean): T | undefined {
    const byStart = this.sortedByStart();
    for (let k = this.firstStartingFrom(offset); k < byStart.length; k++) if (!skip(this.spans[byStart[k]])) return this.spans[byStart[k]];
    return undefined;
  }

  private sortedByStart(): Int32Array {
    if (!this.byStart) {
      this.byStart = indexesBy(this.spans, (x) => x.start);
      for (const x of this.spans) this.maxLength = Math.max(this.maxLength, x.end - x.start);
    }
    return this.byStart;
  }

  /** The position in byStart of the first span starting at or after `offset`. */
  private firstStartingFrom(offset: number): number {
    const byStart = this.sortedByStart();
    let lo = 0;
    let hi = byStart.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.spans[byStart[mid]].start < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/** The spans' indexes ordered by `key`, ties in the given order (a stable sort). */
function indexesBy<T>(spans: readonly T[], key: (x: T) => number): Int32Array {
  const order = Int32Array.from(spans.keys());
  // (Int32Array's sort is not stable by contract: ties are ordered by index explicitly.)
  return order.sort((a, b) => key(spans[a]) - key(spans[b]) || a - b);
}

/**
 * Sorted spans per array (a sentence's values or names), made when first asked (and again if the
 * array grew since); undefined for a list short enough to scan, as most sentences' are (no sort,
 * nor an entry in the table, for them).
 */
export function sortedSpansOf<T extends Range>(spans: readonly T[]): SortedSpans<T> | undefined {
  if (spans.length <= SCAN_UP_TO) return undefined;
  let entry = sortedByArray.get(spans);
  if (!entry || entry.length !== spans.length) sortedByArray.set(spans, (entry = { length: spans.length, sorted: new SortedSpans<Range>(spans) }));
  return entry.sorted as SortedSpans<T>;
}

const sortedByArray = new WeakMap<readonly Range[], { length: number; sorted: SortedSpans<Range> }>();

/**
 * The spans that may overlap [s, e), in their given order: all of a short list, only those that
 * do of a long one. Callers test each as they would in a scan.
 */
export function spansMaybeOverlapping<T extends Range>(spans: readonly T[], s: number, e: number): readonly T[] {
  const sorted = sortedSpansOf(spans);
  return sorted ? sorted.overlappingIndexes(s, e).map((i) => spans[i]) : spans;
}
