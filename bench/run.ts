// npm run bench: the engine of this tree ("after") side by side with the engine of another commit
// ("before", default main; --before REF, --no-before to skip it), on the same generated inputs in
// one run: markdown-it's parse (the floor), the full check and markdownlint's default rules on
// drafts; long runs of values in one sentence; keystroke, hover and completion latency over the
// protocol; corpus indexing, memory, start-up from the on-disk index cache, the CLI's second run.
// Every measurement of an engine runs in a child process of its own (its own peak RSS, no shared
// JIT state; V8 tuned as the engine's server and CLI tune it); in-process times are CPU times (--wall for wall time). Writes
// bench/results/latest.json and bench/results/check-vs-size.svg (`--only drafts|values|protocol|corpus`
// runs one part and writes bench/results/latest-PART.json). No asserts.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import MarkdownIt from "markdown-it";
import { CompletionRequest, HoverRequest } from "vscode-languageserver-protocol/node";
import { fileUri, LspTestClient, makeTempFolder, positionOf } from "../test/protocol/lspClient";
import { generateCorpus, generateDenseDraft, generateDraft, longSentence, valueRun } from "./generate";
import { run, treeAt } from "./treeAt";

const ROOT = path.resolve(__dirname, "../..");
const CORPUS = path.resolve(ROOT, "../shared/corpus");
const RESULTS = path.join(ROOT, "bench/results");
const quick = process.argv.includes("--quick");
/** `--only drafts|values|protocol|corpus`: run one part of the bench (its results go to latest-PART.json). */
const onlyAt = process.argv.indexOf("--only");
const only = onlyAt >= 0 ? process.argv[onlyAt + 1] : undefined;
const PARTS = ["drafts", "values", "protocol", "corpus"];
if (only !== undefined && !PARTS.includes(only)) throw new Error(`--only takes one of ${PARTS.join(", ")}, not ${only}`);
const wanted = (part: string) => only === undefined || only === part;

const SIZES: [string, number][] = quick
  ? [["10 KB", 10 * 1024], ["100 KB", 100 * 1024], ["1 MB", 1024 * 1024]]
  : [["10 KB", 10 * 1024], ["100 KB", 100 * 1024], ["1 MB", 1024 * 1024], ["4 MB", 4 * 1024 * 1024]];
const CORPUS_DOCS = quick ? [5, 100] : [5, 100, 300, 1000];
const DOC_BYTES = 50 * 1024;
const VALUE_COUNTS = [25, 50, 100, 200, 400, 800, 1600];
/** A run of values past this is not timed further for that engine (the old engine took minutes). */
const VALUE_RUN_LIMIT_MS = 8_000;

/** An engine to measure: its folder holds server/out/{cli,server}.js; `module` its bundled service. */
interface Engine {
  label: "before" | "after";
  dir: string;
  module: string;
}

interface EngineModule {
  createFactCheckService: typeof import("../server/src/core/service").createFactCheckService;
  factIndexOf: typeof import("../server/src/core/service").factIndexOf;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/**
 * Field by field, the median of several runs' results: numbers by their median, arrays by
 * position, objects by key; anything else (a flag, a label) as the first run gave it.
 */
function medianResult<T>(runs: T[]): T {
  const first = runs[0] as unknown;
  const numbers = (runs as unknown[]).filter((r): r is number => typeof r === "number");
  if (numbers.length > 0) return median(numbers) as T;
  if (Array.isArray(first)) return first.map((_, i) => medianResult(runs.map((r) => (r as unknown[])[i]))) as T;
  if (first && typeof first === "object") {
    const keys = [...new Set(runs.flatMap((r) => Object.keys((r ?? {}) as object)))];
    return Object.fromEntries(keys.map((k) => [k, medianResult(runs.map((r) => ((r ?? {}) as Record<string, unknown>)[k]))])) as T;
  }
  return first as T;
}

/** Each engine's child run ROUNDS times, the engines taking turns, and the median of its runs. */
function inRounds<T>(engines: Engine[], run: (e: Engine) => T | undefined): Record<string, T> {
  const runs: Record<string, T[]> = Object.fromEntries(engines.map((e) => [e.label, []]));
  for (let round = 0; round < ROUNDS; round++)
    for (const e of engines) {
      const r = run(e);
      if (r !== undefined) runs[e.label].push(r);
    }
  return Object.fromEntries(Object.entries(runs).filter(([, rs]) => rs.length > 0).map(([label, rs]) => [label, medianResult(rs)]));
}

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

/**
 * The clock of the in-process measurements: this process's CPU time (user and system), since on a
 * machine shared with others wall time measures their load too; `--wall` for wall time.
 */
const wall = process.argv.includes("--wall");
/**
 * `--rounds N`: the drafts and values parts run N times, the engines taking turns (before, after,
 * before, ...), and each figure is the median of its N runs: on a machine whose speed drifts from
 * minute to minute, one run of each engine compares two different machines.
 */
const roundsAt = process.argv.indexOf("--rounds");
const ROUNDS = roundsAt >= 0 ? Number(process.argv[roundsAt + 1]) : 1;
if (!Number.isInteger(ROUNDS) || ROUNDS < 1) throw new Error(`--rounds takes a whole number of runs, not ${process.argv[roundsAt + 1]}`);
function now(): number {
  if (wall) return performance.now();
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** Median time of `fn` over `runs` runs after `warm` warm-up runs. */
function time(fn: () => unknown, runs: number, warm = 1): number {
  for (let i = 0; i < warm; i++) fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = now();
    fn();
    times.push(now() - t);
  }
  return median(times);
}

function fmt(ms: number | undefined): string {
  if (ms === undefined) return "n/a";
  return ms >= 100 ? `${ms.toFixed(0)} ms` : ms >= 10 ? `${ms.toFixed(1)} ms` : `${ms.toFixed(2)} ms`;
}

function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(" | ")} |`;
  return [line(headers), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...rows.map(line)].join("\n");
}

/**
 * Bundles an engine folder's service for the children into `outDir` (its CLI and server come from
 * its own build), with the esbuild plugins its build uses on markdown-it when it has them.
 */
function bundleEngine(dir: string, outDir: string): string {
  const entry = path.join(outDir, "bench-engine-entry.ts");
  // (V8 is tuned as the engine's own server and CLI tune it, where they do: see server/src/v8Tuning.ts.)
  const tuning = path.join(dir, "server/src/v8Tuning.ts");
  const tune = fs.existsSync(tuning) ? `import { applyV8Tuning } from ${JSON.stringify(tuning.slice(0, -3))};\napplyV8Tuning();\n` : "";
  fs.writeFileSync(entry, `${tune}export { createFactCheckService, factIndexOf } from ${JSON.stringify(path.join(dir, "server/src/core/service"))};\n`);
  const module = path.join(outDir, "bench-engine.js");
  const plugin = path.join(dir, "scripts/markdownItFields.mjs");
  if (fs.existsSync(plugin)) {
    const script = `import { build } from "esbuild"; import { markdownItFields } from ${JSON.stringify(plugin)};
      await build({ entryPoints: [${JSON.stringify(entry)}], bundle: true, platform: "node", outfile: ${JSON.stringify(module)}, logLevel: "warning", plugins: [markdownItFields] });`;
    run(process.execPath, ["--input-type=module", "-e", script], { cwd: ROOT });
  } else {
    run(path.join(ROOT, "node_modules/.bin/esbuild"), [entry, "--bundle", "--platform=node", `--outfile=${module}`, "--log-level=warning"]);
  }
  fs.rmSync(entry);
  return module;
}

/** The tree of another commit, built beside this one, sharing its node_modules. */
function prepareBefore(ref: string): Engine {
  const dir = treeAt(ROOT, ref);
  run(process.execPath, ["scripts/build.mjs"], { cwd: dir });
  return { label: "before", dir, module: bundleEngine(dir, dir) };
}

/** Runs one measurement in a child process and returns its JSON result. */
function child<T>(engine: Engine, task: string, args: string[] = [], timeoutMs = 30 * 60_000): T | undefined {
  const r = spawnSync(process.execPath, [path.join(ROOT, "bench/out/run.js"), "--child", task, engine.module, ...args], {
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
    timeout: timeoutMs,
  });
  const line = r.stdout?.trim().split("\n").pop() ?? "";
  try {
    return JSON.parse(line) as T;
  } catch {
    if (r.signal) return undefined; // timed out
    throw new Error(`${engine.label} ${task} failed: ${r.stderr?.slice(0, 3000)}`);
  }
}

// ---------------------------------------------------------------- children

interface DraftRow {
  size: string;
  bytes: number;
  parseMs: number;
  checkMs: number;
  checkCachedMs: number;
  /** The check after a one-character edit in the middle of the draft (the block cache warm), median over edits. */
  keystrokeMs?: number;
  markdownlintMs?: number;
  diagnostics: number;
}

async function draftsChild(engine: EngineModule, withMarkdownlint: boolean): Promise<DraftsResult> {
  const md = new MarkdownIt({ html: true });
  const service = engine.createFactCheckService();
  await service.setCorpus([CORPUS]);
  // The first check after start-up: nothing compiled or cached for drafts yet.
  const dense = generateDenseDraft();
  const t = now();
  const wallStart = performance.now();
  service.check(dense);
  const denseFirstCheckMs = now() - t;
  // (Its CPU time counts V8's compiler threads, which run beside the check on another core: the
  // wall time is what the writer waits.)
  const denseFirstCheckWallMs = performance.now() - wallStart;
  // The same draft once compiled, without caches: a brief where every sentence names what the
  // sources speak of, so every value is a claim with candidates (the bench's other drafts are
  // mostly filler). Per megabyte, it is what "any input within 1 s per MB" asks of such briefs.
  const denseCheckMs = time(() => service.check(dense, { cache: false }), 9);
  const denseBytes = dense.length;
  // markdownlint is ESM-only: load it the way its docs show.
  const { lint } = (await import("markdownlint/sync")) as { lint: (o: { strings: Record<string, string> }) => unknown };
  const rows: DraftRow[] = [];
  for (const [label, bytes] of SIZES) {
    const draft = generateDraft(bytes, bytes);
    const runs = bytes >= 4 * 1024 * 1024 ? 3 : bytes >= 1024 * 1024 ? 5 : 9;
    const parseMs = time(() => md.parse(draft, {}), runs);
    const checkMs = time(() => service.check(draft, { cache: false }), runs);
    const checkCachedMs = time(() => service.check(draft), runs);
    const keystrokeMs = keystrokes(service, draft, bytes >= 4 * 1024 * 1024 ? 5 : 31);
    // markdownlint past 1 MB needs several GB of memory (measured in ../shared/notes): not run.
    const markdownlintMs = withMarkdownlint && bytes <= 1024 * 1024 ? time(() => lint({ strings: { draft } }), 3) : undefined;
    rows.push({ size: label, bytes, parseMs, checkMs, checkCachedMs, keystrokeMs, markdownlintMs, diagnostics: service.check(draft).diagnostics.length });
  }
  return { rows, denseFirstCheckMs, denseFirstCheckWallMs, denseCheckMs, denseBytes };
}

/** Median time of checks after typing one character at a time in the middle of the draft, as an open document. */
function keystrokes(service: ReturnType<EngineModule["createFactCheckService"]>, draft: string, count: number): number {
  let text = draft;
  const at = text.indexOf(" ", Math.floor(text.length / 2));
  service.check(text, { cacheOwner: "bench" });
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    text = `${text.slice(0, at + i)}x${text.slice(at + i)}`;
    const t = now();
    service.check(text, { cacheOwner: "bench" });
    times.push(now() - t);
  }
  service.releaseCache("bench");
  return median(times);
}

interface ValueRow {
  kind: string;
  values: number;
  /** One sentence alone. */
  bytes: number;
  ms?: number;
  /** A ~100 KB draft of such sentences, one a paragraph (when one sentence is fast enough to repeat). */
  docBytes?: number;
  docMs?: number;
  /** A long sentence past the block's time budget: refused with a too-complex hint instead of checked. */
  refused?: boolean;
}

async function valuesChild(engine: EngineModule): Promise<ValueRow[]> {
  const service = engine.createFactCheckService();
  await service.setCorpus([CORPUS]);
  const rows: ValueRow[] = [];
  for (const kind of ["dates", "figures", "ranges", "shares"] as const) {
    let over = false;
    for (const n of VALUE_COUNTS) {
      const text = valueRun(kind, n);
      if (over) {
        rows.push({ kind, values: n, bytes: text.length });
        continue;
      }
      // The first time alone decides whether a run is worth timing again (a stall takes minutes).
      const t = now();
      service.check(text, { cache: false });
      const first = now() - t;
      // Medians after a warm-up, as the drafts' rows: the cost of the values, not of compiling
      // the check (the first check after start-up has its own row).
      const row: ValueRow = { kind, values: n, bytes: text.length, ms: first < VALUE_RUN_LIMIT_MS / 10 ? time(() => service.check(text, { cache: false }), 5, 0) : first };
      const repeats = Math.ceil((100 * 1024) / text.length);
      if (first * repeats < VALUE_RUN_LIMIT_MS) {
        const doc = `${text}\n`.repeat(repeats);
        row.docMs = time(() => service.check(doc, { cache: false }), 3, 1);
        row.docBytes = doc.length;
      }
      const ms = first;
      rows.push(row);
      over = ms > VALUE_RUN_LIMIT_MS;
    }
  }
  // One sentence of up to a megabyte (no full stop to cut it at), timed once per size; a run
  // under a second is timed again, the median of three after it, as the rows above: the first
  // run of a kind is the first to take its code paths, and timed their compiling too.
  for (const kind of ["events", "names", "brackets", "counts", "word dates"] as const) {
    let over = false;
    for (const bytes of LONG_SENTENCE_BYTES) {
      const text = longSentence(kind, bytes);
      const row: ValueRow = { kind: `long sentence of ${kind}`, values: countValues(text), bytes: text.length };
      if (!over) {
        let result: ReturnType<typeof service.check> | undefined;
        const check = () => (result = service.check(text, { cache: false }));
        const first = time(check, 1, 0);
        row.ms = row.docMs = first < 1000 ? time(check, 3, 0) : first;
        row.docBytes = text.length;
        // (A block past its time budget is refused with a hint, not checked: told apart in the table.)
        row.refused = !!result?.diagnostics.some((d) => d.code === "too-complex");
        over = row.ms > VALUE_RUN_LIMIT_MS;
      }
      rows.push(row);
    }
  }
  return rows;
}

const LONG_SENTENCE_BYTES = [64 * 1024, 256 * 1024, 1024 * 1024];

/** (How many years and dates the long sentences hold: their one kind of value.) */
function countValues(text: string): number {
  return text.match(/\b(?:19|20)\d\d\b/g)?.length ?? 0;
}

interface IndexResult {
  indexMs: number;
  peakRssMb: number;
  claims: number;
  fromCache: boolean;
  /** The first check of a 100 KB draft after the index is loaded, then its median. */
  draftFirstMs: number;
  draftMs: number;
  perClaimUs: number;
  candidatesPerClaim?: number;
}

async function indexChild(engine: EngineModule, dir: string, cacheDir: string): Promise<IndexResult> {
  const service = engine.createFactCheckService({ indexCacheDir: cacheDir });
  const t = now();
  const stats = await service.setCorpus([dir]);
  const indexMs = now() - t;
  const draft = generateDraft(100 * 1024, 5);
  let t2 = now();
  const result = service.check(draft, { cache: false });
  const draftFirstMs = now() - t2;
  const draftMs = time(() => service.check(draft, { cache: false }), 3, 0);
  t2 = now();
  service.check(draft, { cache: false });
  const perClaimUs = ((now() - t2) * 1000) / Math.max(1, result.verdicts.length);
  const index = engine.factIndexOf(service);
  const candidatesPerClaim = index ? result.verdicts.reduce((n, v) => n + index.candidates(v.claim).length, 0) / Math.max(1, result.verdicts.length) : undefined;
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  return { indexMs, peakRssMb, claims: stats.facts, fromCache: stats.fromCache ?? false, draftFirstMs, draftMs, perClaimUs, candidatesPerClaim };
}

// ---------------------------------------------------------------- parent

interface CorpusRow {
  documents: number;
  megabytes: number;
  parseMs: number;
  cold?: IndexResult;
  warm?: IndexResult;
  /** Wall time of CLI runs over the corpus with a one-line draft: first, second; then the 100 KB draft. */
  cliFirstMs?: number;
  cliSecondMs?: number;
  cliDraftMs?: number;
}

function cliRuns(engine: Engine, dir: string): Pick<CorpusRow, "cliFirstMs" | "cliSecondMs" | "cliDraftMs"> {
  const cache = fs.mkdtempSync(path.join(os.tmpdir(), "factcheck-bench-cli-cache-"));
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "factcheck-bench-cli-"));
  const small = path.join(work, "small.md");
  const large = path.join(work, "large.md");
  fs.writeFileSync(small, "IPEF was launched in May 2022.\n");
  fs.writeFileSync(large, generateDraft(100 * 1024, 5));
  // The CLI's CPU time (user and system, from GNU time) unless --wall; its wall time otherwise.
  const gnuTime = !wall && fs.existsSync("/usr/bin/time");
  const once = (draft: string) => {
    const args = [path.join(engine.dir, "server/out/cli.js"), "check", "--no-config", "--corpus", dir, draft];
    const t = performance.now();
    const r = spawnSync(gnuTime ? "/usr/bin/time" : process.execPath, gnuTime ? ["-f", "cpu %U %S", process.execPath, ...args] : args, {
      encoding: "utf8",
      env: { ...process.env, POLICY_FACTCHECK_INDEX_CACHE: cache },
      maxBuffer: 64 * 1024 * 1024,
    });
    const elapsed = performance.now() - t;
    const cpu = /cpu ([\d.]+) ([\d.]+)\s*$/.exec(r.stderr ?? "");
    return cpu ? (Number(cpu[1]) + Number(cpu[2])) * 1000 : elapsed;
  };
  const cliFirstMs = once(small);
  const cliSecondMs = once(small);
  const cliDraftMs = once(large);
  fs.rmSync(cache, { recursive: true, force: true });
  fs.rmSync(work, { recursive: true, force: true });
  return { cliFirstMs, cliSecondMs, cliDraftMs };
}

function corpusBench(engines: Engine[]): Record<string, CorpusRow[]> {
  const out: Record<string, CorpusRow[]> = Object.fromEntries(engines.map((e) => [e.label, []]));
  const md = new MarkdownIt({ html: true });
  for (const documents of CORPUS_DOCS) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `factcheck-bench-corpus-${documents}-`));
    const docs = generateCorpus(documents, DOC_BYTES);
    for (const d of docs) fs.writeFileSync(path.join(dir, d.name), d.text);
    const parseMs = time(() => docs.forEach((d) => md.parse(d.text, {})), 1, 1);
    for (const engine of engines) {
      const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), "factcheck-bench-cache-"));
      const cold = child<IndexResult>(engine, "index", [dir, cacheDir]);
      const warm = child<IndexResult>(engine, "index", [dir, cacheDir]);
      const cli = documents === 300 || (quick && documents === 100) ? cliRuns(engine, dir) : {};
      out[engine.label].push({ documents, megabytes: (documents * DOC_BYTES) / 1024 / 1024, parseMs, cold, warm, ...cli });
      fs.rmSync(cacheDir, { recursive: true, force: true });
      process.stdout.write(".");
    }
    fs.rmSync(dir, { recursive: true, force: true });
  }
  process.stdout.write("\n");
  return out;
}

interface ProtocolRow {
  size: string;
  keystrokeP50: number;
  keystrokeP95: number;
  hoverP95: number;
  completionP95: number;
}

async function protocolBench(engine: Engine): Promise<ProtocolRow[]> {
  const rows: ProtocolRow[] = [];
  const workspace = makeTempFolder({ ".factcheckrc.json": JSON.stringify({ corpus: [CORPUS] }) });
  // The test client starts this tree's server; another engine's server goes first on node's
  // command line and takes its place (the client's server path is then an unused argument).
  const nodeArgs = engine.label === "after" ? [] : [path.join(engine.dir, "server/out/server.js")];
  const cache = fs.mkdtempSync(path.join(os.tmpdir(), "factcheck-bench-lsp-cache-"));
  const client = await LspTestClient.start({ workspaceFolder: workspace, nodeArgs, env: { POLICY_FACTCHECK_INDEX_CACHE: cache }, recordRawMessages: false });
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
    fs.rmSync(cache, { recursive: true, force: true });
  }
  return rows;
}

function svgChart(rows: DraftRow[], before?: DraftRow[]): string {
  const series: [string, string, DraftRow[] | undefined, (r: DraftRow) => number | undefined][] = [
    ["markdown-it parse", "#888", rows, (r) => r.parseMs],
    ["full check", "#1f77b4", rows, (r) => r.checkMs],
    ["full check, before", "#aec7e8", before, (r) => r.checkMs],
    ["check, blocks cached", "#2ca02c", rows, (r) => r.checkCachedMs],
    ["markdownlint defaults", "#d62728", rows, (r) => r.markdownlintMs],
  ];
  const W = 660, H = 400, L = 70, B = 50, T = 30, R = 200;
  const xs = rows.map((r) => Math.log10(r.bytes));
  const all = series.flatMap(([, , rs, f]) => (rs ?? []).map(f)).filter((v): v is number => v !== undefined && v > 0);
  const yMin = Math.floor(Math.log10(Math.min(...all))), yMax = Math.ceil(Math.log10(Math.max(...all)));
  const x = (v: number) => L + ((v - xs[0]) / (xs[xs.length - 1] - xs[0] || 1)) * (W - L - R);
  const y = (ms: number) => H - B - ((Math.log10(ms) - yMin) / (yMax - yMin || 1)) * (H - B - T);
  const parts = [`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif" font-size="12">`, `<rect width="${W}" height="${H}" fill="white"/>`];
  parts.push(`<text x="${L}" y="18" font-size="14">Time against draft size (log-log, median ms)</text>`);
  for (let e = yMin; e <= yMax; e++) parts.push(`<line x1="${L}" x2="${W - R}" y1="${y(10 ** e)}" y2="${y(10 ** e)}" stroke="#eee"/><text x="${L - 8}" y="${y(10 ** e) + 4}" text-anchor="end">${10 ** e} ms</text>`);
  rows.forEach((r, i) => parts.push(`<text x="${x(xs[i])}" y="${H - B + 18}" text-anchor="middle">${r.size}</text>`));
  series.forEach(([name, color, rs, f], k) => {
    if (!rs) return;
    const pts = rs.map((r, i) => [x(xs[i]), f(r)] as const).filter(([, v]) => v !== undefined && v > 0).map(([px, v]) => `${px.toFixed(1)},${y(v!).toFixed(1)}`);
    parts.push(`<polyline fill="none" stroke="${color}" stroke-width="2" points="${pts.join(" ")}"/>`);
    for (const p of pts) parts.push(`<circle cx="${p.split(",")[0]}" cy="${p.split(",")[1]}" r="3" fill="${color}"/>`);
    parts.push(`<rect x="${W - R + 15}" y="${T + k * 20}" width="12" height="12" fill="${color}"/><text x="${W - R + 32}" y="${T + k * 20 + 10}">${name}</text>`);
  });
  parts.push("</svg>");
  return parts.join("\n");
}

/** "before → after" for one measure. */
function pair(before: number | undefined, after: number | undefined, format: (v: number) => string = fmt): string {
  const b = before === undefined ? "n/a" : format(before);
  const a = after === undefined ? "n/a" : format(after);
  return `${b} → ${a}`;
}

async function main(): Promise<void> {
  const childAt = process.argv.indexOf("--child");
  if (childAt >= 0) {
    const [task, module, ...args] = process.argv.slice(childAt + 1);
    const engine = require(module) as EngineModule;
    const result =
      task === "drafts" ? await draftsChild(engine, args[0] === "markdownlint") : task === "values" ? await valuesChild(engine) : await indexChild(engine, args[0], args[1]);
    console.log(JSON.stringify(result));
    return;
  }
  const beforeAt = process.argv.indexOf("--before");
  const ref = beforeAt >= 0 ? process.argv[beforeAt + 1] : "main";
  const after: Engine = { label: "after", dir: ROOT, module: bundleEngine(ROOT, path.join(ROOT, "bench/out")) };
  const engines: Engine[] = process.argv.includes("--no-before") ? [after] : [prepareBefore(ref), after];
  const has = (label: string) => engines.some((e) => e.label === label);
  const commit = (r: string) => spawnSync("git", ["-C", ROOT, "rev-parse", "--short", r], { encoding: "utf8" }).stdout.trim();
  console.log(`Policy Fact-Check benchmarks (${os.cpus().length} cores, Node ${process.version}${quick ? ", quick" : ""}${ROUNDS > 1 ? `, medians of ${ROUNDS} rounds` : ""}, ${wall ? "wall time" : "CPU time, except the protocol's latencies"}, load ${os.loadavg()[0].toFixed(1)}): before = ${has("before") ? `${ref} (${commit(ref)})` : "not run"}, after = this tree (${commit("HEAD")})\n`);

  const drafts = wanted("drafts") ? draftsBench(engines) : undefined;
  const values = wanted("values") ? valuesBench(engines) : undefined;
  const protocol = wanted("protocol") ? await protocolTable(engines) : undefined;
  const corpora = wanted("corpus") ? corpusTable(engines) : undefined;

  fs.mkdirSync(RESULTS, { recursive: true });
  const result = { date: new Date().toISOString(), node: process.version, cores: os.cpus().length, clock: wall ? "wall" : "cpu", loadAverage: os.loadavg()[0], before: has("before") ? { ref, commit: commit(ref) } : undefined, after: { commit: commit("HEAD") }, drafts, values, protocol, corpora };
  const name = only ? `latest-${only}.json` : "latest.json";
  fs.writeFileSync(path.join(RESULTS, name), `${JSON.stringify(result, null, 2)}\n`);
  if (drafts) fs.writeFileSync(path.join(RESULTS, "check-vs-size.svg"), svgChart(drafts.after.rows, drafts.before?.rows));
  for (const e of engines) if (e.label === "before") fs.rmSync(e.dir, { recursive: true, force: true });
  console.log(`\nWrote bench/results/${name}${drafts ? " and bench/results/check-vs-size.svg" : ""}`);
}

type DraftsResult = { rows: DraftRow[]; denseFirstCheckMs: number; denseFirstCheckWallMs?: number; denseCheckMs?: number; denseBytes?: number };

function draftsBench(engines: Engine[]): Record<string, DraftsResult> {
  const drafts = inRounds(engines, (e) => child<DraftsResult>(e, "drafts", e.label === "after" ? ["markdownlint"] : []));
  const a = drafts.after;
  const b = drafts.before;
  console.log(
    table(
      ["draft", "markdown-it parse", "full check (before → after)", "× parse", "check, cached blocks", "keystroke, in process", "markdownlint", "findings"],
      a.rows.map((r, i) => [
        r.size,
        fmt(r.parseMs),
        pair(b?.rows[i].checkMs, r.checkMs),
        `${b ? `${(b.rows[i].checkMs / b.rows[i].parseMs).toFixed(1)}× → ` : ""}${(r.checkMs / r.parseMs).toFixed(1)}×`,
        pair(b?.rows[i].checkCachedMs, r.checkCachedMs),
        pair(b?.rows[i].keystrokeMs, r.keystrokeMs),
        r.markdownlintMs === undefined ? "not run" : `${fmt(r.markdownlintMs)} (${(r.markdownlintMs / r.parseMs).toFixed(1)}×)`,
        `${b ? `${b.rows[i].diagnostics} → ` : ""}${r.diagnostics}`,
      ]),
    ),
  );
  const firstWall = wall ? "" : `; wall time ${pair(b?.denseFirstCheckWallMs, a.denseFirstCheckWallMs)}`;
  console.log(`\nFirst check of the dense 100 KB draft after start-up: ${pair(b?.denseFirstCheckMs, a.denseFirstCheckMs)}${firstWall}`);
  // (A before-tree's bench may not time it: then only the after side is shown.)
  const perMb = (r: DraftsResult | undefined) => (r?.denseCheckMs === undefined || !r.denseBytes ? undefined : r.denseCheckMs / (r.denseBytes / (1024 * 1024)) / 1000);
  console.log(`Check of the dense draft once compiled, no caches: ${pair(b?.denseCheckMs, a.denseCheckMs)}, ${pair(perMb(b), perMb(a), (v) => `${v.toFixed(2)} s`)} per MB\n`);
  return drafts;
}

function valuesBench(engines: Engine[]): Record<string, ValueRow[]> {
  const values = inRounds(engines, (e) => child<ValueRow[]>(e, "values", [], 20 * 60_000) ?? []);
  const perMb = (r: ValueRow | undefined) => (r?.docMs === undefined || !r.docBytes ? undefined : r.docMs / (r.docBytes / 1024 / 1024) / 1000);
  const isLong = (r: ValueRow) => r.kind.startsWith("long sentence");
  console.log(
    table(
      ["values in one sentence", "bytes", "one sentence (before → after)", "100 KB of such sentences, s per MB"],
      values.after.flatMap((r, i) => {
        const old = values.before?.[i];
        return isLong(r) ? [] : [[`${r.values} ${r.kind}`, String(r.bytes), pair(old?.ms, r.ms), pair(perMb(old), perMb(r), (v) => `${v.toFixed(2)} s`)]];
      }),
    ),
  );
  console.log();
  console.log(
    table(
      ["one sentence without full stops", "bytes", "years in it", "check (before → after)", "s per MB", "checked or refused"],
      values.after.flatMap((r, i) => {
        const old = values.before?.[i];
        const outcome = (x: ValueRow | undefined) => (x?.ms === undefined ? "n/a" : x.refused ? "refused" : "checked");
        return isLong(r)
          ? [[r.kind.replace("long sentence", "a sentence"), String(r.bytes), String(r.values), pair(old?.ms, r.ms), pair(perMb(old), perMb(r), (v) => `${v.toFixed(2)} s`), `${values.before ? `${outcome(old)} → ` : ""}${outcome(r)}`]]
          : [];
      }),
    ),
  );
  console.log(`(n/a: not timed, the run would take more than ${VALUE_RUN_LIMIT_MS / 1000} s)\n`);
  return values;
}

async function protocolTable(engines: Engine[]): Promise<Record<string, ProtocolRow[]>> {
  const protocol: Record<string, ProtocolRow[]> = {};
  for (const e of engines) protocol[e.label] = await protocolBench(e);
  console.log(
    table(
      ["draft (protocol)", "keystroke p50", "keystroke p95", "hover p95", "completion p95"],
      protocol.after.map((r, i) => {
        const old = protocol.before?.[i];
        return [r.size, pair(old?.keystrokeP50, r.keystrokeP50), pair(old?.keystrokeP95, r.keystrokeP95), pair(old?.hoverP95, r.hoverP95), pair(old?.completionP95, r.completionP95)];
      }),
    ),
  );
  console.log();
  return protocol;
}

function corpusTable(engines: Engine[]): Record<string, CorpusRow[]> {
  const corpora = corpusBench(engines);
  const mb = (v: number) => `${v.toFixed(0)} MB`;
  const us = (v: number) => `${v.toFixed(0)} µs`;
  const n0 = (v: number) => v.toFixed(0);
  console.log(
    table(
      ["corpus", "claims", "parse", "cold index", "× parse", "peak RSS cold", "warm start", "peak RSS warm", "100 KB draft, loaded", "per draft claim", "candidates per claim"],
      corpora.after.map((r, i) => {
        const old = corpora.before?.[i];
        return [
          `${r.documents} docs, ${r.megabytes.toFixed(1)} MB`,
          String(r.cold?.claims ?? "n/a"),
          fmt(r.parseMs),
          pair(old?.cold?.indexMs, r.cold?.indexMs),
          `${old?.cold ? `${(old.cold.indexMs / r.parseMs).toFixed(1)}× → ` : ""}${r.cold ? (r.cold.indexMs / r.parseMs).toFixed(1) : "n/a"}×`,
          pair(old?.cold?.peakRssMb, r.cold?.peakRssMb, mb),
          pair(old?.warm?.fromCache ? old.warm.indexMs : undefined, r.warm?.fromCache ? r.warm.indexMs : undefined),
          pair(old?.warm?.peakRssMb, r.warm?.peakRssMb, mb),
          pair(old?.warm?.draftFirstMs, r.warm?.draftFirstMs),
          pair(old?.warm?.perClaimUs, r.warm?.perClaimUs, us),
          pair(old?.warm?.candidatesPerClaim, r.warm?.candidatesPerClaim, n0),
        ];
      }),
    ),
  );
  const cliRow = (rows: CorpusRow[] | undefined) => rows?.find((r) => r.cliFirstMs !== undefined);
  const cliA = cliRow(corpora.after);
  const cliB = cliRow(corpora.before);
  if (cliA) {
    console.log(`\nCLI over ${cliA.megabytes.toFixed(1)} MB of sources (${wall ? "wall" : "CPU"} time, one-line draft): first run ${pair(cliB?.cliFirstMs, cliA.cliFirstMs)}, second run ${pair(cliB?.cliSecondMs, cliA.cliSecondMs)}; with a 100 KB draft ${pair(cliB?.cliDraftMs, cliA.cliDraftMs)}`);
  }
  return corpora;
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
