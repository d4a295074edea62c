// npm run bench:values: value extraction on the peer cases (../shared/peer-extraction), scored by
// its own scorer, and the cost of extraction per MB of policy prose, for the extractors as they
// were before the peer work (commit 6657d3a; --before REF for another) and as they are now, side
// by side in one run.
// Not a test: the figures are gated by test/unit/values.test.ts.
import * as chrono from "chrono-node";
import * as fs from "node:fs";
import * as path from "node:path";
import * as dates from "../server/src/core/extract/dates";
import * as quantities from "../server/src/core/extract/quantities";
import { loadLexicon } from "../server/src/core/extract/lexicon";
import { splitSentences } from "../server/src/core/extract/sentences";
import { run, treeAt } from "./treeAt";
import { extractAll, loadPeerCases, PROJECT_ROOT, scorePeer, type Extractors } from "./valuesPeer";
import type { PartialDate } from "../server/src/core/types";

const ROOT = PROJECT_ROOT;
const SHARED = path.resolve(ROOT, "../shared");
const hedges = loadLexicon().hedges;

/** What chrono states of one end of a result: only the components it read from the text. */
function chronoDate(c: chrono.ParsedComponents): PartialDate {
  const out: PartialDate = { year: c.get("year") ?? undefined };
  if (c.isCertain("month")) out.month = c.get("month") ?? undefined;
  if (c.isCertain("day") && out.month !== undefined) out.day = c.get("day") ?? undefined;
  return out;
}

/** chrono-node's casual English parser, for dates only: the maintained library made for the job. */
function chronoDates(text: string, reference?: PartialDate) {
  const ref = reference?.year ? new Date(reference.year, (reference.month ?? 1) - 1, reference.day ?? 1, 12) : new Date(2024, 0, 1, 12);
  return chrono.casual.parse(text, ref).map((r) => ({
    start: r.index,
    end: r.index + r.text.length,
    text: r.text,
    value: { date: chronoDate(r.start), period: r.end ? { from: chronoDate(r.start), to: chronoDate(r.end) } : undefined },
  }));
}

/** The extractors of the value work's starting point, bundled from that commit's tree. */
const BEFORE = process.argv.includes("--before") ? process.argv[process.argv.indexOf("--before") + 1] : "6657d3a";

function extractorsAt(ref: string): Extractors {
  const dir = treeAt(ROOT, ref, "factcheck-bench-values-");
  const entry = path.join(dir, "values-entry.ts");
  fs.writeFileSync(entry, 'export { findDates } from "./server/src/core/extract/dates";\nexport { findQuantities } from "./server/src/core/extract/quantities";\n');
  const module = path.join(dir, "values-before.js");
  run(path.join(ROOT, "node_modules/.bin/esbuild"), [entry, "--bundle", "--platform=node", "--format=cjs", `--outfile=${module}`, "--log-level=warning"]);
  // (A path known only when running: esbuild leaves this require to Node.)
  const before = require(module) as { findDates: Extractors["findDates"]; findQuantities: (t: string, h: typeof hedges) => ReturnType<Extractors["findQuantities"]> };
  fs.rmSync(dir, { recursive: true, force: true });
  return { findDates: before.findDates, findQuantities: (t) => before.findQuantities(t, hedges) };
}

const extractors: [string, Extractors][] = [
  ["before", extractorsAt(BEFORE)],
  ["after", { findDates: dates.findDates, findQuantities: (t) => quantities.findQuantities(t, hedges) }],
  ["chrono-node casual (dates only)", { findDates: chronoDates, findQuantities: () => [] }],
];

/** About 1 MB of real policy prose: the sentences of every corpus document within reach, repeated. */
function prose(bytes = 1024 * 1024): string[] {
  const dirs = [path.join(SHARED, "corpus"), path.join(SHARED, "eval/real/corpus"), ...["heldout", "heldout-3", "heldout-4", "heldout-5"].map((d) => path.join(ROOT, "test/fixtures", d, "corpus"))];
  const sentences: string[] = [];
  for (const dir of dirs) {
    if (!fs.existsSync(dir)) continue;
    for (const f of fs.readdirSync(dir).filter((n) => /\.(?:md|txt)$/.test(n))) {
      const text = fs.readFileSync(path.join(dir, f), "utf8");
      for (const s of splitSentences(text)) sentences.push(text.slice(s.start, s.end));
    }
  }
  const out: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const s = sentences[i % sentences.length];
    out.push(s);
    size += s.length + 1;
  }
  return out;
}

function median(xs: number[]): number {
  return [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
}

/** Milliseconds per MB for dates, figures and both, medians of interleaved runs. */
function costs(sentences: string[], runs = 7): Record<string, { dates: number; figures: number }> {
  const mb = sentences.reduce((n, s) => n + s.length + 1, 0) / (1024 * 1024);
  const ref = { year: 2024, month: 6, day: 1 };
  const times: Record<string, { dates: number[]; figures: number[] }> = {};
  for (let r = 0; r <= runs; r++) {
    for (const [name, x] of extractors) {
      const t = (times[name] ??= { dates: [], figures: [] });
      let start = performance.now();
      for (const s of sentences) x.findDates(s, ref);
      const d = performance.now() - start;
      start = performance.now();
      for (const s of sentences) x.findQuantities(s);
      const f = performance.now() - start;
      if (r > 0) (t.dates.push(d / mb), t.figures.push(f / mb)); // the first run warms up
    }
  }
  return Object.fromEntries(Object.entries(times).map(([k, v]) => [k, { dates: median(v.dates), figures: median(v.figures) }]));
}

function main() {
  const cases = loadPeerCases();
  const failures = process.argv.find((a) => a.startsWith("--failures="))?.slice("--failures=".length);
  const scores: Record<string, Record<string, number>> = {};
  for (const [name, x] of extractors) {
    const score = scorePeer(extractAll(cases, x), name === "after" ? failures : undefined);
    scores[name] = score.figures;
    if (name === "after" && process.argv.includes("--table")) console.log(score.table);
  }
  const cost = costs(prose());
  const keys = ["dates", "numbers", "money", "ordinals", "percent", "ranges", "false"];
  console.log(`| extractor | ${keys.join(" | ")} | dates ms/MB | figures ms/MB | total ms/MB |`);
  console.log(`|---|${keys.map(() => "---").join("|")}|---|---|---|`);
  for (const [name] of extractors) {
    const c = cost[name];
    const datesOnly = name.startsWith("chrono");
    const cells = keys.map((k) => (datesOnly && k !== "dates" ? "–" : String(scores[name][k])));
    console.log(`| ${name} | ${cells.join(" | ")} | ${c.dates.toFixed(0)} | ${datesOnly ? "–" : c.figures.toFixed(0)} | ${datesOnly ? "–" : (c.dates + c.figures).toFixed(0)} |`);
  }
  const ratio = (cost.after.dates + cost.after.figures) / (cost.before.dates + cost.before.figures);
  console.log(`\ncost after/before: ${ratio.toFixed(2)}x; dates, chrono-node/ours: ${(cost[extractors[2][0]].dates / cost.after.dates).toFixed(1)}x`);
  console.log(`(policy-tier value accuracy %; false: % of the peer negatives with a value of their kind found)`);
}

main();
