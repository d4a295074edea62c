// Does any of many spans overlap a range? A sentence of thousands of names asks it for every
// word and every match: sorted once, each question is a binary search, not a scan.

export interface Range {
  start: number;
  end: number;
}

export class OverlapIndex {
  /** The spans' starts, ascending. */
  private readonly starts: Float64Array;
  /** maxEnds[i]: the greatest end among the first i + 1 spans by start. */
  private readonly maxEnds: Float64Array;

  constructor(spans: readonly Range[]) {
    const sorted = [...spans].sort((a, b) => a.start - b.start);
    this.starts = new Float64Array(sorted.length);
    this.maxEnds = new Float64Array(sorted.length);
    let maxEnd = -Infinity;
    for (let i = 0; i < sorted.length; i++) {
      this.starts[i] = sorted[i].start;
      maxEnd = Math.max(maxEnd, sorted[i].end);
      this.maxEnds[i] = maxEnd;
    }
  }

  get size(): number {
    return this.starts.length;
  }

  /**
   * Is there a span with s < span.end and span.start < e? Of the spans that start before e, the
   * one that ends last overlaps if any does.
   */
  overlaps(s: number, e: number): boolean {
    let lo = 0;
    let hi = this.starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.starts[mid] < e) lo = mid + 1;
      else hi = mid;
    }
    return lo > 0 && this.maxEnds[lo - 1] > s;
  }
}

/** An index per spans array, made when first asked (and again if the array grew since). */
const indexes = new WeakMap<readonly Range[], OverlapIndex>();

export function overlapIndexOf(spans: readonly Range[]): OverlapIndex {
  let index = indexes.get(spans);
  if (!index || index.size !== spans.length) indexes.set(spans, (index = new OverlapIndex(spans)));
  return index;
}
