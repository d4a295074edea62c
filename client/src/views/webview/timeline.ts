/// <reference lib="dom" />
// The timeline webview's script: draws the server's timeline data as plain SVG, one lane per
// entity, and tells the extension which source passage to open. Bundled for the browser
// (client/out/webview/timeline.js) and loaded by nonce; nothing here reaches the network.
import {
  placeLanes,
  pointLabel,
  summarize,
  ticks,
  timeScale,
  visiblePoints,
  type Filter,
  type PlacedLane,
  type PlacedPoint,
  type TimelineData,
  type TimelineDocument,
  type TimelinePoint,
} from "../timelineLayout";

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

interface ViewState {
  filter: Filter;
  zoom: number;
}

const vscode = acquireVsCodeApi();
const SVG = "http://www.w3.org/2000/svg";
const ROW_H = 22;
const AXIS_H = 28;
const MIN_ZOOM = 1;
const MAX_ZOOM = 64;

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const entitySelect = $<HTMLSelectElement>("entity");
const documentSelect = $<HTMLSelectElement>("document");
const summary = $("summary");
const lanesColumn = $("lanes");
const scroller = $("scroll");
const tip = $("tip");

let data: TimelineData | undefined;
let documentsById = new Map<string, TimelineDocument>();
let state: ViewState = { filter: { entity: "", document: "" }, zoom: 1, ...(vscode.getState() as Partial<ViewState> | undefined) };
/** The drawn points by id, for events that bubble up from the SVG. */
let drawn = new Map<number, PlacedPoint>();
let placed: PlacedLane[] = [];

window.addEventListener("message", (event: MessageEvent) => {
  const message = event.data as { type?: string; data?: TimelineData; entity?: string; requestedAt?: number };
  if (message?.type === "data" && message.data) {
    data = message.data;
    documentsById = new Map(data.documents.map((d) => [d.id, d]));
    fillFilters(data);
    render("data", message.requestedAt);
  } else if (message?.type === "focusEntity" && typeof message.entity === "string") {
    state.filter.entity = message.entity;
    entitySelect.value = message.entity;
    render("filter");
  }
});

entitySelect.addEventListener("change", () => {
  state.filter.entity = entitySelect.value;
  render("filter");
});
documentSelect.addEventListener("change", () => {
  state.filter.document = documentSelect.value;
  render("filter");
});
$("zoom-in").addEventListener("click", () => zoomBy(2));
$("zoom-out").addEventListener("click", () => zoomBy(0.5));
$("zoom-fit").addEventListener("click", () => zoomTo(1, 0));
scroller.addEventListener(
  "wheel",
  (e) => {
    if (!e.ctrlKey) return;
    e.preventDefault();
    zoomBy(e.deltaY < 0 ? 1.25 : 0.8, e.clientX - scroller.getBoundingClientRect().left);
  },
  { passive: false },
);
document.addEventListener("keydown", (e) => {
  if (e.target instanceof HTMLSelectElement) return;
  if (e.key === "+" || e.key === "=") zoomBy(2);
  else if (e.key === "-") zoomBy(0.5);
  else if (e.key === "0") zoomTo(1, 0);
});

function zoomBy(factor: number, anchorPx = scroller.clientWidth / 2): void {
  zoomTo(state.zoom * factor, anchorPx);
}

/** Zooms keeping the time under `anchorPx` (relative to the visible area) in place. */
function zoomTo(zoom: number, anchorPx: number): void {
  const next = Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, zoom));
  const ratio = next / state.zoom;
  const anchor = scroller.scrollLeft + anchorPx;
  state.zoom = next;
  render("zoom");
  scroller.scrollLeft = anchor * ratio - anchorPx;
}

function fillFilters(timeline: TimelineData): void {
  const options = (select: HTMLSelectElement, all: string, items: { value: string; text: string }[], current: string) => {
    select.replaceChildren(new Option(all, ""), ...items.map((i) => new Option(i.text, i.value)));
    select.value = items.some((i) => i.value === current) ? current : "";
    return select.value;
  };
  const laneText = (l: TimelineData["lanes"][number]) => (l.acronym ? `${l.acronym} — ${l.name}` : l.name);
  state.filter.entity = options(entitySelect, "All entities", timeline.lanes.map((l) => ({ value: l.id, text: laneText(l) })), state.filter.entity);
  state.filter.document = options(documentSelect, "All sources", timeline.documents.map((d) => ({ value: d.id, text: d.title })), state.filter.document);
}

/** Draws what the filters keep; `requestedAt` (epoch ms) is when the command asked for the panel. */
function render(reason: string, requestedAt?: number): void {
  const started = performance.now();
  vscode.setState(state);
  hideTip();
  if (!data) return;
  const points = visiblePoints(data, state.filter);
  const width = Math.max(200, scroller.clientWidth - 8) * state.zoom;
  const scale = timeScale(points, width);
  placed = placeLanes(data.lanes, points, scale);
  drawn = new Map(placed.flatMap((l) => l.points.map((p) => [p.point.id, p] as const)));
  const height = AXIS_H + placed.reduce((h, l) => h + l.rows * ROW_H + 6, 0);
  lanesColumn.replaceChildren(...placed.map(laneName));
  scroller.replaceChildren(points.length ? chart(scale, width, height) : emptyNote());
  const counts = summarize(points);
  summary.textContent =
    `${counts.points} dated fact${counts.points === 1 ? "" : "s"} in ${counts.lanes} lane${counts.lanes === 1 ? "" : "s"}` +
    (counts.disagreements ? `, ${counts.disagreements} disagreement${counts.disagreements === 1 ? "" : "s"} (marked red)` : "") +
    (data.omitted ? `; ${data.omitted} more not drawn` : "") +
    (state.zoom > 1 ? ` · zoom ×${state.zoom.toFixed(state.zoom < 10 ? 1 : 0)}` : "");
  const ms = performance.now() - started;
  // How fast it drew, and how long after the command, for the log and for timing from outside.
  const openedMs = requestedAt ? Math.round(performance.timeOrigin + performance.now() - requestedAt) : undefined;
  $("chart").dataset.renderMs = ms.toFixed(1);
  if (openedMs !== undefined) $("chart").dataset.openedMs = String(openedMs);
  vscode.postMessage({ type: "rendered", reason, points: counts.points, lanes: counts.lanes, disagreements: counts.disagreements, ms, openedMs });
}

function laneName(lane: PlacedLane): HTMLElement {
  const div = document.createElement("div");
  div.className = "lane-name";
  div.style.height = `${lane.rows * ROW_H + 6}px`;
  div.textContent = lane.lane.acronym ? `${lane.lane.acronym} · ${lane.lane.name}` : lane.lane.name;
  div.title = `${lane.lane.name}: ${lane.points.length} dated fact${lane.points.length === 1 ? "" : "s"}`;
  return div;
}

function emptyNote(): HTMLElement {
  const div = document.createElement("div");
  div.className = "empty";
  div.textContent = data?.points.length ? "No dated fact matches the filters." : "The corpus has no dated facts about its entities yet.";
  return div;
}

function el<K extends keyof SVGElementTagNameMap>(name: K, attrs: Record<string, string | number>, parent?: Element): SVGElementTagNameMap[K] {
  const node = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  parent?.appendChild(node);
  return node;
}

function chart(scale: ReturnType<typeof timeScale>, width: number, height: number): SVGSVGElement {
  const svg = el("svg", { width, height, role: "group", "aria-label": "Dated facts of the corpus, one lane per entity" });
  const axis = el("g", { class: "axis", "aria-hidden": "true" }, svg);
  for (const t of ticks(scale)) {
    el("line", { x1: t.x, x2: t.x, y1: AXIS_H - 6, y2: height, class: t.major ? "major" : "" }, axis);
    el("text", { x: t.x + 3, y: AXIS_H - 10 }, axis).textContent = t.label;
  }
  let y = AXIS_H;
  for (const lane of placed) {
    el("line", { x1: 0, x2: width, y1: y, y2: y, class: "lane-sep", "aria-hidden": "true" }, svg);
    const group = el("g", { role: "group", "aria-label": `${lane.lane.name}, ${lane.points.length} dated facts` }, svg);
    drawLinks(lane, y, group);
    for (const p of lane.points) drawPoint(p, y + 3 + p.row * ROW_H + ROW_H / 2, group, lane);
    y += lane.rows * ROW_H + 6;
  }
  svg.addEventListener("click", (e) => openFrom(e.target));
  svg.addEventListener("keydown", onPointKey);
  svg.addEventListener("mouseover", (e) => showTipFor(e.target));
  svg.addEventListener("focusin", (e) => showTipFor(e.target));
  svg.addEventListener("mouseout", hideTip);
  svg.addEventListener("focusout", hideTip);
  return svg;
}

/** A dashed line joining the points of a lane that date one event differently. */
function drawLinks(lane: PlacedLane, top: number, parent: Element): void {
  const groups = new Map<number, PlacedPoint[]>();
  for (const p of lane.points) {
    const id = p.point.disagreement;
    if (id !== undefined) groups.set(id, [...(groups.get(id) ?? []), p]); // a handful per lane
  }
  for (const members of groups.values()) {
    if (members.length < 2) continue;
    const yOf = (p: PlacedPoint) => top + 3 + p.row * ROW_H + ROW_H / 2;
    const d = members.map((p, i) => `${i ? "L" : "M"}${p.cx.toFixed(1)},${yOf(p).toFixed(1)}`).join(" ");
    el("path", { d, class: "link", "aria-hidden": "true" }, parent);
  }
}

function drawPoint(p: PlacedPoint, cy: number, parent: Element, lane: PlacedLane): void {
  const { point } = p;
  const disputed = point.disagreement !== undefined;
  const g = el(
    "g",
    {
      class: `pt${disputed ? " disagree" : ""}${point.kind === "period" ? " period" : ""}`,
      tabindex: 0,
      role: "button",
      "aria-label": pointLabel(point, lane.lane, documentsById),
      "data-id": point.id,
    },
    parent,
  );
  if (point.kind === "period") {
    el("rect", { class: "bar", x: p.x1, y: cy - 5, width: Math.max(4, p.x2 - p.x1), height: 10, rx: 3 }, g);
  } else {
    if (!point.exact) el("rect", { class: "span", x: p.x1, y: cy - 4, width: Math.max(1, p.x2 - p.x1), height: 8, rx: 2 }, g);
    el("circle", { class: "dot", cx: p.cx, cy, r: 5 }, g);
    el("circle", { class: "halo", cx: p.cx, cy, r: 8, fill: "none" }, g);
  }
  if (disputed) {
    el("circle", { class: "ring", cx: point.kind === "period" ? p.x1 : p.cx, cy, r: 8 }, g);
    el("text", { class: "mark", x: (point.kind === "period" ? p.x1 : p.cx) + 9, y: cy - 4, "aria-hidden": "true" }, g).textContent = "≠";
  }
}

function pointOf(target: EventTarget | null): PlacedPoint | undefined {
  const g = target instanceof Element ? target.closest(".pt") : null;
  const id = g?.getAttribute("data-id");
  return id === null || id === undefined ? undefined : drawn.get(Number(id));
}

/** The source a click opens: the first one in the chosen document, else the first. */
function sourceIndex(point: TimelinePoint): number {
  const i = state.filter.document ? point.sources.findIndex((s) => s.document === state.filter.document) : 0;
  return Math.max(0, i);
}

function openFrom(target: EventTarget | null): void {
  const p = pointOf(target);
  if (p) vscode.postMessage({ type: "open", point: p.point.id, source: sourceIndex(p.point) });
}

/** Enter or Space opens; arrows move along the lane (left, right) and between lanes (up, down). */
function onPointKey(e: KeyboardEvent): void {
  const p = pointOf(e.target);
  if (!p) return;
  if (e.key === "Enter" || e.key === " ") {
    e.preventDefault();
    openFrom(e.target);
    return;
  }
  const next = neighbour(p, e.key);
  if (!next) return;
  e.preventDefault();
  (scroller.querySelector(`.pt[data-id="${next.point.id}"]`) as SVGGElement | null)?.focus();
}

function neighbour(p: PlacedPoint, key: string): PlacedPoint | undefined {
  const laneAt = placed.findIndex((l) => l.points.includes(p));
  const lane = placed[laneAt];
  const inLane = [...lane.points].sort((a, b) => a.cx - b.cx);
  const at = inLane.indexOf(p);
  if (key === "ArrowRight") return inLane[at + 1];
  if (key === "ArrowLeft") return inLane[at - 1];
  const other = placed[laneAt + (key === "ArrowDown" ? 1 : key === "ArrowUp" ? -1 : NaN)];
  if (!other) return undefined;
  return other.points.reduce((best, q) => (Math.abs(q.cx - p.cx) < Math.abs(best.cx - p.cx) ? q : best), other.points[0]);
}

function showTipFor(target: EventTarget | null): void {
  const p = pointOf(target);
  const g = target instanceof Element ? target.closest(".pt") : null;
  if (!p || !g) return;
  const { point } = p;
  const lane = data?.lanes.find((l) => l.id === point.lane);
  const source = point.sources[sourceIndex(point)];
  const line = (cls: string, text: string) => {
    const div = document.createElement("div");
    div.className = cls;
    div.textContent = text;
    return div;
  };
  const title = document.createElement("b");
  title.textContent = `${point.label}: ${point.dateText}`;
  const parts: HTMLElement[] = [title, line("", lane ? (lane.acronym ? `${lane.acronym} — ${lane.name}` : lane.name) : point.lane)];
  if (point.disagreement !== undefined) {
    const others = data?.points.filter((q) => q.disagreement === point.disagreement && q.id !== point.id).map((q) => q.dateText) ?? [];
    parts.push(line("warn", `The sources disagree: also ${[...new Set(others)].join(", ")}`));
  }
  if (source) {
    const doc = documentsById.get(source.document);
    const who = [doc?.publisher && doc.publisher !== "unknown" ? doc.publisher : doc?.title ?? source.document, doc?.published].filter(Boolean).join(", ");
    parts.push(line("", `${who}, line ${source.range.start.line + 1}${point.sources.length > 1 ? ` (+${point.sources.length - 1} more)` : ""}`));
    parts.push(line("quote", `“${source.quote}”`));
  }
  tip.replaceChildren(...parts);
  tip.hidden = false;
  const box = g.getBoundingClientRect();
  const left = Math.min(box.right + 8, window.innerWidth - tip.offsetWidth - 8);
  const top = box.bottom + 6 + tip.offsetHeight > window.innerHeight ? box.top - tip.offsetHeight - 6 : box.bottom + 6;
  tip.style.left = `${Math.max(4, left)}px`;
  tip.style.top = `${Math.max(4, top)}px`;
}

function hideTip(): void {
  tip.hidden = true;
}

window.addEventListener("resize", () => render("resize"));
vscode.postMessage({ type: "ready" });
