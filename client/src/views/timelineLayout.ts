// Where the timeline draws things: the time scale, the axis ticks, the rows inside each lane and the
// filters. Pure functions over the server's data, shared by the webview script and the unit tests.
import type { TimelineData, TimelineDocument, TimelineLane, TimelinePoint } from "../../../server/src/core/report/types";

export type { TimelineData, TimelineDocument, TimelineLane, TimelinePoint };

const DAY_MS = 86_400_000;
/** Events narrower than this are drawn as a dot of this width, for packing. */
export const MIN_EVENT_PX = 14;

export interface Filter {
  /** Entity id, or "" for every lane. */
  entity: string;
  /** Document id, or "" for every source. */
  document: string;
}

/** The points a filter keeps; a point stays when any of its sources is in the chosen document. */
export function visiblePoints(data: TimelineData, filter: Filter): TimelinePoint[] {
  return data.points.filter(
    (p) => (!filter.entity || p.lane === filter.entity) && (!filter.document || p.sources.some((s) => s.document === filter.document)),
  );
}

export function dayOf(isoDate: string): number {
  return Math.floor(Date.parse(`${isoDate}T00:00:00Z`) / DAY_MS);
}

export interface TimeScale {
  /** First and last day shown. */
  from: number;
  to: number;
  width: number;
  x(day: number): number;
}

/** A linear scale from days to pixels over the points' extent, with a margin on both sides. */
export function timeScale(points: readonly TimelinePoint[], width: number): TimeScale {
  let from = Infinity;
  let to = -Infinity;
  for (const p of points) {
    from = Math.min(from, dayOf(p.from));
    to = Math.max(to, dayOf(p.to) + 1);
  }
  if (!Number.isFinite(from)) [from, to] = [dayOf("2000-01-01"), dayOf("2001-01-01")];
  // A single day would have no extent: show a month around it.
  if (to - from < 60) [from, to] = [from - 30, to + 30];
  const margin = (to - from) * 0.03;
  from -= margin;
  to += margin;
  const k = width / (to - from);
  return { from, to, width, x: (day) => (day - from) * k };
}

export interface Tick {
  x: number;
  label: string;
  /** Year ticks are drawn stronger than month ticks. */
  major: boolean;
}

const MONTH_SHORT = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** Axis ticks at years, or at months when years are far apart on screen, about 70 px apart at least. */
export function ticks(scale: TimeScale, minSpacing = 70): Tick[] {
  const first = new Date(scale.from * DAY_MS).getUTCFullYear();
  const last = new Date(scale.to * DAY_MS).getUTCFullYear();
  const yearPx = scale.x(dayOf(`${first + 1}-01-01`)) - scale.x(dayOf(`${first}-01-01`));
  const out: Tick[] = [];
  const inside = (x: number) => x >= 0 && x <= scale.width;
  if (yearPx >= minSpacing * 2) {
    const step = [1, 2, 3, 6].find((s) => (yearPx * s) / 12 >= minSpacing) ?? 12;
    for (let y = first; y <= last; y++) {
      for (let m = 0; m < 12; m += step) {
        const x = scale.x(dayOf(`${y}-${String(m + 1).padStart(2, "0")}-01`));
        if (inside(x)) out.push({ x, label: m === 0 ? String(y) : MONTH_SHORT[m], major: m === 0 });
      }
    }
    return out;
  }
  const step = [1, 2, 5, 10, 20, 50, 100].find((s) => yearPx * s >= minSpacing) ?? 100;
  for (let y = Math.ceil(first / step) * step; y <= last; y += step) {
    const x = scale.x(dayOf(`${String(y).padStart(4, "0")}-01-01`));
    if (inside(x)) out.push({ x, label: String(y), major: true });
  }
  return out;
}

export interface PlacedPoint {
  point: TimelinePoint;
  /** Left and right edge of what is drawn (the span, or a dot's width). */
  x1: number;
  x2: number;
  /** Centre of an event's dot. */
  cx: number;
  /** Row inside its lane, 0 at the top. */
  row: number;
}

export interface PlacedLane {
  lane: TimelineLane;
  rows: number;
  points: PlacedPoint[];
}

/**
 * Lanes in the data's order with their points packed into rows, so that nothing drawn overlaps
 * (each row keeps its points at least a gap apart).
 */
export function placeLanes(lanes: readonly TimelineLane[], points: readonly TimelinePoint[], scale: TimeScale, gap = 4): PlacedLane[] {
  const byLane = new Map<string, TimelinePoint[]>();
  for (const p of points) {
    const list = byLane.get(p.lane);
    if (list) list.push(p);
    else byLane.set(p.lane, [p]);
  }
  const placed: PlacedLane[] = [];
  for (const lane of lanes) {
    const own = byLane.get(lane.id);
    if (!own) continue;
    const rowEnds: number[] = [];
    const out = own
      .map((point) => extent(point, scale))
      .sort((a, b) => a.x1 - b.x1)
      .map((p) => {
        let row = rowEnds.findIndex((end) => end + gap <= p.x1);
        if (row < 0) row = rowEnds.push(-Infinity) - 1;
        rowEnds[row] = p.x2;
        return { ...p, row };
      });
    placed.push({ lane, rows: Math.max(1, rowEnds.length), points: out });
  }
  return placed;
}

function extent(point: TimelinePoint, scale: TimeScale): Omit<PlacedPoint, "row"> {
  const a = scale.x(dayOf(point.from));
  const b = scale.x(dayOf(point.to) + 1);
  const cx = point.kind === "event" ? (a + b) / 2 : a;
  const half = MIN_EVENT_PX / 2;
  const x1 = point.kind === "event" ? Math.min(a, cx - half) : a;
  const x2 = Math.max(b, point.kind === "event" ? cx + half : a + MIN_EVENT_PX);
  return { point, x1, x2, cx };
}

/** What a screen reader says for a point: lane, event, date, first source, and a disagreement. */
export function pointLabel(point: TimelinePoint, lane: TimelineLane | undefined, documents: ReadonlyMap<string, TimelineDocument>): string {
  const who = lane ? lane.acronym ?? lane.name : point.lane;
  const source = point.sources[0];
  const from = source ? `, ${documents.get(source.document)?.title ?? source.document}` : "";
  const more = point.sources.length > 1 ? ` and ${point.sources.length - 1} more source${point.sources.length > 2 ? "s" : ""}` : "";
  const disputed = point.disagreement !== undefined ? ". The sources disagree on this date" : "";
  return `${who}: ${point.label}, ${point.dateText}${from}${more}${disputed}`;
}

/** Counts for the summary line: points, lanes and disagreements of what is shown. */
export function summarize(points: readonly TimelinePoint[]): { points: number; lanes: number; disagreements: number } {
  const lanes = new Set(points.map((p) => p.lane));
  const groups = new Set(points.filter((p) => p.disagreement !== undefined).map((p) => `${p.lane}:${p.disagreement}`));
  return { points: points.length, lanes: lanes.size, disagreements: groups.size };
}
