// Runs the value extractors over the peer-extraction cases (../shared/peer-extraction) and writes
// what they find in the form its scorer reads; shared by `npm run bench:values` and the unit test
// that gates the figures.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import type { PartialDate, QuantityValue } from "../server/src/core/types";

export interface PeerCase {
  id: string;
  input: string;
  ref: [number, number, number] | null;
  category: string;
}

/** The part of an extractor's output the mapping reads: the same shape for old and new code. */
export interface Extractors {
  findDates(text: string, reference?: PartialDate): { start: number; end: number; text: string; value: { date: PartialDate; modifier?: string; period?: { from: PartialDate; to: PartialDate } } }[];
  findQuantities(text: string): { start: number; end: number; text: string; value: QuantityValue }[];
}

type PeerValue = Record<string, unknown> & { start: number; end: number; text: string; kind: string };

const GRAINS = new Set(["q1", "q2", "q3", "q4", "h1", "h2", "spring", "summer", "autumn", "winter"]);

/** The project's root, from this file's folder or from its bundle in bench/out. */
export const PROJECT_ROOT = (() => {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, "package.json")) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
})();

export const PEER_DIR = path.resolve(PROJECT_ROOT, "../shared/peer-extraction");

export function loadPeerCases(dir = PEER_DIR): PeerCase[] {
  return JSON.parse(fs.readFileSync(path.join(dir, "cases.json"), "utf8")) as PeerCase[];
}

function peerDate(d: PartialDate): Record<string, unknown> {
  const out: Record<string, unknown> = { year: d.year };
  if (d.part && GRAINS.has(d.part)) out.grain = d.part;
  else {
    if (d.month !== undefined) out.month = d.month;
    if (d.day !== undefined) out.day = d.day;
  }
  return out;
}

function peerQuantity(q: QuantityValue): Record<string, unknown> {
  const kind = q.unit === "number" ? "count" : q.unit;
  const money = q.unit === "money" ? { currency: q.currency } : {};
  const open = q.hedge === "over" || q.hedge === "at-least" ? "low" : q.hedge === "under" || q.hedge === "at-most" ? "high" : undefined;
  if (q.high !== undefined || (open && kind !== "ordinal")) {
    const value = open === "high" && q.high === undefined ? null : q.value;
    const high = q.high ?? (open === "low" ? null : q.value);
    return { kind: "range", unit: kind === "ordinal" ? "count" : kind, value, high, ...money };
  }
  return { kind, value: q.value, ...money };
}

/** Everything the extractors find in one case, as the scorer's values. */
export function extractCase(c: PeerCase, x: Extractors): PeerValue[] {
  const ref = c.ref ? { year: c.ref[0], month: c.ref[1], day: c.ref[2] } : undefined;
  const out: PeerValue[] = [];
  for (const d of x.findDates(c.input, ref)) {
    const span = { start: d.start, end: d.end, text: d.text, kind: "date" };
    out.push(d.value.period ? { ...span, from: peerDate(d.value.period.from), to: peerDate(d.value.period.to) } : { ...span, ...peerDate(d.value.date) });
  }
  const quantities = x.findQuantities(c.input);
  for (let i = 0; i < quantities.length; i++) {
    const q = quantities[i], next = quantities[i + 1];
    // A change "from 10 to 20 dollars" is read as its two ends; as a span it is one range.
    if (q.value.role === "from" && next?.value.role === "to") {
      const range = { ...q.value, high: next.value.value };
      out.push({ start: q.start, end: next.end, text: c.input.slice(q.start, next.end), ...peerQuantity(range) } as PeerValue);
      i++;
      continue;
    }
    out.push({ start: q.start, end: q.end, text: q.text, ...peerQuantity(q.value) } as PeerValue);
  }
  return out;
}

export function extractAll(cases: PeerCase[], x: Extractors): { id: string; values: PeerValue[] }[] {
  return cases.map((c) => ({ id: c.id, values: extractCase(c, x) }));
}

export interface PeerScore {
  table: string;
  /** Policy-tier value accuracy per category, and false extractions, in whole percent. */
  figures: Record<string, number>;
}

/** Scores results with the peer set's own scorer (Python 3). */
export function scorePeer(results: unknown, failuresFile?: string, dir = PEER_DIR): PeerScore {
  const file = path.join(fs.mkdtempSync(path.join(require("node:os").tmpdir(), "peer-")), "results.json");
  fs.writeFileSync(file, JSON.stringify(results));
  const args = [path.join(dir, "score.py"), file, "--cases", path.join(dir, "cases.json")];
  if (failuresFile) args.push("--failures", failuresFile);
  const r = spawnSync("python3", args, { encoding: "utf8" });
  fs.rmSync(path.dirname(file), { recursive: true, force: true });
  if (r.status !== 0) throw new Error(`score.py failed: ${r.error?.message ?? r.stderr}`);
  const last = r.stdout.trim().split("\n").pop() ?? "";
  const figures: Record<string, number> = {};
  for (const m of last.matchAll(/(\w+)=(\d+)/g)) figures[m[1]] = +m[2];
  return { table: r.stdout, figures };
}
