// npm run bench: side-by-side costs of markdown-it's parse (the floor), our full check and
// markdownlint's default rules on generated drafts; keystroke, hover and completion latency over
// the protocol; corpus indexing time, memory and start-up from the on-disk index cache.
// Writes bench/results/latest.json and bench/results/check-vs-size.svg. Not a test: no asserts.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import MarkdownIt from "markdown-it";
import { createFactCheckService } from "../server/src/core/service";
import { CompletionRequest, HoverRequest } from "vscode-languageserver-protocol/node";
import { fileUri, LspTestClient, makeTempFolder, positionOf } from "../test/protocol/lspClient";
import { generateCorpus, generateDraft } from "./generate";

const ROOT = path.resolve(__dirname, "../..");
const CORPUS = path.resolve(ROOT, "../shared/corpus");
const RESULTS = path.join(ROOT, "bench/results");
const quick = process.argv.includes("--quick");

const SIZES: [string, number][] = quick
  ? [["10 KB", 10 * 1024], ["100 KB", 100 * 1024], ["1 MB", 1024 * 1024]]
  : [["10 KB", 10 * 1024], ["100 KB", 100 * 1024], ["1 MB", 1024 * 1024], ["10 MB", 10 * 1024 * 1024]];

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

/** Median wall time of `fn` over `runs` runs after `warm` warm-up runs. */
function time(fn: () => unknown, runs: number, warm = 1): number {
  for (let i = 0; i < warm; i++) fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    times.push(performance.now() - t);
  }
  return median(times);
}

function fmt(ms: number): string {
  return ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2);
}

function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(" | ")} |`;
  return [line(headers), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...rows.map(line)].join("\n");
}

interface DraftRow {
  size: string;
  bytes: number;
  parseMs: number;
  checkMs: number;
  checkCachedMs: number;
  markdownlintMs?: number;
  diagnostics: number;
}

async function draftBench(): Promise<DraftRow[]> {
  const md = new MarkdownIt({ html: true });
  const service = createFactCheckService();
  await service.setCorpus([CORPUS]);
  // markdownlint is ESM-only: load it the way its docs show.
  const { lint } = (await import("markdownlint/sync")) as { lint: (o: { strings: Record<string, string> }) => unknown };
  const rows: DraftRow[] = [];
  for (const [label, bytes] of SIZES) {
    const draft = generateDraft(bytes, bytes);
    const runs = bytes >= 10 * 1024 * 1024 ? 3 : bytes >= 1024 * 1024 ? 5 : 9;
    const parseMs = time(() => md.parse(draft, {}), runs);
    const checkMs = time(() => service.check(draft, { cache: false }), runs);
    const checkCachedMs = time(() => service.check(draft), runs);
    // markdownlint at 10 MB needs several GB of memory (measured in ../shared/notes): not run.
    const markdownlintMs = bytes <= 1024 * 1024 ? time(() => lint({ strings: { draft } }), bytes >= 1024 * 1024 ? 3 : 5) : undefined;
    rows.push({ size: label, bytes, parseMs, checkMs, checkCachedMs, markdownlintMs, diagnostics: service.check(draft).diagnostics.length });
    process.stdout.write(".");
  }
  process.stdout.write("\n");
  return rows;
}

interface ProtocolRow {
  size: string;
  keystrokeP50: number;
  keystrokeP95: number;
  hoverP95: number;
  completionP95: number;
}

async function protocolBench(): Promise<ProtocolRow[]> {
  const rows: ProtocolRow[] = [];
  const workspace = makeTempFolder({ ".factcheckrc.json": JSON.stringify({ corpus: [CORPUS] }) });
  const client = await LspTestClient.start({ workspaceFolder: workspace });
  await client.waitForReady();
  try {
    for (const [label, bytes] of [["10 KB", 10 * 1024], ["100 KB", 100 * 1024]] as const) {
      const text = `The Indo-Pacific Economic Framework (IPEF) was launched in May 2021.\n\nWe note that \n\n${generateDraft(bytes, 42 + bytes)}`;
      const uri = fileUri(path.join(workspace, `draft-${bytes}.md`));
      await client.open(uri, text);
      await client.waitForDiagnostics(uri, 60_000);
      const line = 2;
      const keystrokes: number[] = [];
      for (let i = 0; i < 60; i++) {
        const t = performance.now();
        await client.editRange(uri, { start: { line, character: 12 + i }, end: { line, character: 12 + i } }, "x");
        await client.waitForDiagnostics(uri, 30_000);
        keystrokes.push(performance.now() - t);
      }
      const hovers: number[] = [];
      const completions: number[] = [];
      const hoverAt = positionOf(text, "IPEF", 1);
      for (let i = 0; i < 60; i++) {
        let t = performance.now();
        await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: hoverAt });
        hovers.push(performance.now() - t);
        t = performance.now();
        await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: { line, character: 12 } });
        completions.push(performance.now() - t);
      }
      rows.push({
        size: label,
        keystrokeP50: percentile(keystrokes, 50),
        keystrokeP95: percentile(keystrokes, 95),
        hoverP95: percentile(hovers, 95),
        completionP95: percentile(completions, 95),
      });
    }
  } finally {
    await client.stop();
  }
  return rows;
}

interface CorpusRow {
  documents: number;
  megabytes: number;
  indexMs: number;
  peakRssMb: number;
  claims: number;
  warmStartMs?: number;
  /** Median time per draft claim to verify against this corpus, in microseconds. */
  perClaimUs: number;
}

/** Indexes a generated corpus in a child process, to read its own peak RSS. */
function corpusBench(): CorpusRow[] {
  const rows: CorpusRow[] = [];
  const counts = quick ? [5, 100] : [5, 100, 1000];
  for (const documents of counts) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `factcheck-bench-corpus-${documents}-`));
    const docBytes = 50 * 1024;
    for (const d of generateCorpus(documents, docBytes)) fs.writeFileSync(path.join(dir, d.name), d.text);
    const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), "factcheck-bench-cache-"));
    const run = (extra: string[]) => {
      const r = spawnSync(process.execPath, [path.join(ROOT, "bench/out/run.js"), "--index-child", dir, cacheDir, ...extra], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
      const line = r.stdout.trim().split("\n").pop() ?? "{}";
      try {
        return JSON.parse(line);
      } catch {
        throw new Error(`index child failed: ${r.stderr.slice(0, 2000)}`);
      }
    };
    const cold = run([]);
    const warm = run(["--warm"]);
    rows.push({
      documents,
      megabytes: (documents * docBytes) / 1024 / 1024,
      indexMs: cold.indexMs,
      peakRssMb: cold.peakRssMb,
      claims: cold.claims,
      warmStartMs: warm.fromCache ? warm.indexMs : undefined,
      perClaimUs: cold.perClaimUs,
    });
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(cacheDir, { recursive: true, force: true });
    process.stdout.write(".");
  }
  process.stdout.write("\n");
  return rows;
}

async function indexChild(dir: string, cacheDir: string, warm: boolean): Promise<void> {
  if (warm) {
    // Fill the cache first in this process? No: the parent ran a cold child before us with the same cache folder.
  }
  const service = createFactCheckService({ indexCacheDir: cacheDir });
  const t = performance.now();
  const stats = await service.setCorpus([dir]);
  const indexMs = performance.now() - t;
  const draft = generateDraft(100 * 1024, 5);
  service.check(draft, { cache: false });
  const t2 = performance.now();
  const result = service.check(draft, { cache: false });
  const perClaimUs = ((performance.now() - t2) * 1000) / Math.max(1, result.verdicts.length);
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  console.log(JSON.stringify({ indexMs, peakRssMb, claims: stats.facts, fromCache: stats.fromCache ?? false, perClaimUs }));
}

function svgChart(rows: DraftRow[]): string {
  const series: [string, string, (r: DraftRow) => number | undefined][] = [
    ["markdown-it parse", "#888", (r) => r.parseMs],
    ["full check", "#1f77b4", (r) => r.checkMs],
    ["check, blocks cached", "#2ca02c", (r) => r.checkCachedMs],
    ["markdownlint defaults", "#d62728", (r) => r.markdownlintMs],
  ];
  const W = 640, H = 400, L = 70, B = 50, T = 30, R = 190;
  const xs = rows.map((r) => Math.log10(r.bytes));
  const all = rows.flatMap((r) => series.map(([, , f]) => f(r)).filter((v): v is number => v !== undefined && v > 0));
  const yMin = Math.floor(Math.log10(Math.min(...all))), yMax = Math.ceil(Math.log10(Math.max(...all)));
  const x = (v: number) => L + ((v - xs[0]) / (xs[xs.length - 1] - xs[0] || 1)) * (W - L - R);
  const y = (ms: number) => H - B - ((Math.log10(ms) - yMin) / (yMax - yMin || 1)) * (H - B - T);
  const parts = [`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif" font-size="12">`, `<rect width="${W}" height="${H}" fill="white"/>`];
  parts.push(`<text x="${L}" y="18" font-size="14">Time against draft size (log-log, median ms)</text>`);
  for (let e = yMin; e <= yMax; e++) parts.push(`<line x1="${L}" x2="${W - R}" y1="${y(10 ** e)}" y2="${y(10 ** e)}" stroke="#eee"/><text x="${L - 8}" y="${y(10 ** e) + 4}" text-anchor="end">${10 ** e} ms</text>`);
  rows.forEach((r, i) => parts.push(`<text x="${x(xs[i])}" y="${H - B + 18}" text-anchor="middle">${r.size}</text>`));
  series.forEach(([name, color, f], k) => {
    const pts = rows.map((r, i) => [x(xs[i]), f(r)] as const).filter(([, v]) => v !== undefined && v > 0).map(([px, v]) => `${px.toFixed(1)},${y(v!).toFixed(1)}`);
    parts.push(`<polyline fill="none" stroke="${color}" stroke-width="2" points="${pts.join(" ")}"/>`);
    for (const p of pts) parts.push(`<circle cx="${p.split(",")[0]}" cy="${p.split(",")[1]}" r="3" fill="${color}"/>`);
    parts.push(`<rect x="${W - R + 15}" y="${T + k * 20}" width="12" height="12" fill="${color}"/><text x="${W - R + 32}" y="${T + k * 20 + 10}">${name}</text>`);
  });
  parts.push("</svg>");
  return parts.join("\n");
}

async function main(): Promise<void> {
  const childAt = process.argv.indexOf("--index-child");
  if (childAt >= 0) {
    await indexChild(process.argv[childAt + 1], process.argv[childAt + 2], process.argv.includes("--warm"));
    return;
  }
  console.log(`Policy Fact-Check benchmarks (${os.cpus().length} cores, Node ${process.version}${quick ? ", quick" : ""})\n`);
  const drafts = await draftBench();
  console.log(
    table(
      ["draft", "markdown-it parse", "full check", "× parse", "check, cached blocks", "markdownlint", "× parse", "findings"],
      drafts.map((r) => [
        r.size,
        `${fmt(r.parseMs)} ms`,
        `${fmt(r.checkMs)} ms`,
        `${(r.checkMs / r.parseMs).toFixed(1)}×`,
        `${fmt(r.checkCachedMs)} ms`,
        r.markdownlintMs === undefined ? "not run" : `${fmt(r.markdownlintMs)} ms`,
        r.markdownlintMs === undefined ? "" : `${(r.markdownlintMs / r.parseMs).toFixed(1)}×`,
        String(r.diagnostics),
      ]),
    ),
  );
  console.log();
  const protocol = await protocolBench();
  console.log(
    table(
      ["draft (protocol)", "keystroke p50", "keystroke p95", "hover p95", "completion p95"],
      protocol.map((r) => [r.size, `${fmt(r.keystrokeP50)} ms`, `${fmt(r.keystrokeP95)} ms`, `${fmt(r.hoverP95)} ms`, `${fmt(r.completionP95)} ms`]),
    ),
  );
  console.log();
  const corpora = corpusBench();
  console.log(
    table(
      ["corpus", "size", "claims", "index", "peak RSS", "start-up, cached", "per draft claim"],
      corpora.map((r) => [
        `${r.documents} docs`,
        `${r.megabytes.toFixed(1)} MB`,
        String(r.claims),
        `${fmt(r.indexMs)} ms`,
        `${r.peakRssMb.toFixed(0)} MB`,
        r.warmStartMs === undefined ? "n/a" : `${fmt(r.warmStartMs)} ms`,
        `${r.perClaimUs.toFixed(0)} µs`,
      ]),
    ),
  );
  fs.mkdirSync(RESULTS, { recursive: true });
  const result = { date: new Date().toISOString(), node: process.version, cores: os.cpus().length, drafts, protocol, corpora };
  fs.writeFileSync(path.join(RESULTS, "latest.json"), `${JSON.stringify(result, null, 2)}\n`);
  fs.writeFileSync(path.join(RESULTS, "check-vs-size.svg"), svgChart(drafts));
  console.log(`\nWrote bench/results/latest.json and bench/results/check-vs-size.svg`);
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
