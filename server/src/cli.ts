// The command-line checker: a thin adapter over the engine.
//   policy-fact-check check [--format text|json|sarif] [--corpus DIR]... [--config FILE] FILE|DIR...
//   policy-fact-check check --report [--format text|json|markdown] ... FILE|DIR...
import * as fs from "node:fs";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { ConfigError, corpusFolderIssues, describeCorpusIssues, findConfigFile, readConfigFile, type LoadedConfig } from "./core/config";
import { reportMarkdown, reportText, type FileClaimsReport } from "./core/report/render";
import { configuredIndexCacheDir } from "./core/index/indexCache";
import { createFactCheckService } from "./core/service";
import type { FactDiagnostic, Severity } from "./core/types";
import { sourcePlace } from "./core/corpus/formats/place";
import { runExplain } from "./explainCommand";
import { applyV8Tuning } from "./v8Tuning";

const VERSION = "0.1.0";
const MAX_DRAFT_BYTES = 64 * 1024 * 1024;

const USAGE = `Usage: policy-fact-check check [options] FILE|DIR...
       policy-fact-check explain [--format text|json] [--corpus DIR]... FILE[:LINE]

Checks the dates and figures in Markdown drafts against a corpus of sources.

Options:
  --format text|json|sarif   output format (default: text)
  --report                   list every claim with its verdict (sourced, conflict, sources
                             disagree, not covered) by section; --format text|json|markdown
  --corpus DIR               corpus folder (repeatable; overrides the config file)
  --config FILE              project config file (default: nearest .factcheckrc.json)
  --no-config                ignore project config files
  --no-cache                 index the corpus afresh, without the on-disk index cache
                             (shared with the editor; POLICY_FACTCHECK_INDEX_CACHE=DIR moves it)
  --builtin-facts auto|always|never
                             use the facts in data/ (default: auto, when no corpus is loaded)
  -h, --help                 show this help
  --version                  print the version

Exit status: 0 clean, 1 findings at warning or error, 2 bad usage, unreadable input or a named
corpus folder that does not exist or holds no readable source.`;

class UsageError extends Error {}

interface CliOptions {
  format: "text" | "json" | "sarif" | "markdown";
  report: boolean;
  corpus: string[];
  config?: string;
  noConfig: boolean;
  noCache: boolean;
  builtinFacts?: "auto" | "always" | "never";
  inputs: string[];
}

function parseArgs(argv: string[]): CliOptions | "help" | "version" {
  if (argv.length === 0 || argv[0] === "-h" || argv[0] === "--help") return "help";
  if (argv[0] === "--version") return "version";
  if (argv[0] !== "check") throw new UsageError(`unknown command "${argv[0]}" (expected "check")`);
  const opts: CliOptions = { format: "text", report: false, corpus: [], noConfig: false, noCache: false, inputs: [] };
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`${a} needs a value`);
      return v;
    };
    if (a === "--format" || a.startsWith("--format=")) {
      const f = a === "--format" ? value() : a.slice(9);
      if (f !== "text" && f !== "json" && f !== "sarif" && f !== "markdown") throw new UsageError(`unknown format "${f}" (text, json, sarif or markdown)`);
      opts.format = f;
    } else if (a === "--report") opts.report = true;
    else if (a === "--corpus") opts.corpus.push(value());
    else if (a === "--config") opts.config = value();
    else if (a === "--no-config") opts.noConfig = true;
    else if (a === "--no-cache") opts.noCache = true;
    else if (a === "--builtin-facts") {
      const v = value();
      if (v !== "auto" && v !== "always" && v !== "never") throw new UsageError(`--builtin-facts takes auto, always or never`);
      opts.builtinFacts = v;
    } else if (a === "-h" || a === "--help") return "help";
    else if (a.startsWith("-") && a !== "-") throw new UsageError(`unknown option ${a}`);
    else opts.inputs.push(a);
  }
  if (opts.inputs.length === 0) throw new UsageError("no files to check");
  if (opts.report && opts.format === "sarif") throw new UsageError("--report prints text, json or markdown, not sarif");
  if (!opts.report && opts.format === "markdown") throw new UsageError("--format markdown is for --report");
  return opts;
}

/** Expands folders to the Markdown files inside them (skipping dot-folders and node_modules). */
function expandInputs(inputs: string[], errors: string[]): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      errors.push(`${dir}: cannot read folder (${(e as Error).message})`);
      return;
    }
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.name.startsWith(".") || entry.name === "node_modules") continue;
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (/\.(md|markdown)$/i.test(entry.name)) files.push(p);
    }
  };
  for (const input of inputs) {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(input);
    } catch {
      errors.push(`${input}: no such file or folder`);
      continue;
    }
    if (stat.isDirectory()) walk(input);
    else files.push(input);
  }
  return files;
}

function readDraft(file: string): string {
  const stat = fs.statSync(file);
  if (stat.size > MAX_DRAFT_BYTES) throw new Error(`file is larger than ${MAX_DRAFT_BYTES / 1024 / 1024} MB`);
  const bytes = fs.readFileSync(file);
  if (bytes.includes(0)) throw new Error("binary file (contains NUL bytes), not a Markdown draft");
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes).replace(/^\uFEFF/, "");
  } catch {
    throw new Error("not valid UTF-8 text");
  }
}

interface FileReport {
  path: string;
  diagnostics: FactDiagnostic[];
  /** The claims report, with --report. */
  claims?: FileClaimsReport["report"];
}

const SEVERITY_RANK: Record<Severity, number> = { error: 3, warning: 2, information: 1, hint: 0 };

function toJson(reports: FileReport[]): unknown {
  return {
    version: 1,
    files: reports.map((r) => ({
      path: r.path,
      diagnostics: r.diagnostics.map((d) => ({
        code: d.code,
        severity: d.severity,
        range: d.range,
        message: d.message,
        claimed: d.claimed,
        expected: d.expected,
        sources: d.sources.map((s) => ({
          document: s.document,
          title: s.title,
          publisher: s.publisher,
          published: s.published,
          range: s.range,
          page: s.page,
          quote: s.quote,
          // "catalog": a built-in fact whose document is not loaded; `quote` is then no source's text.
          ...(s.origin ? { origin: s.origin } : {}),
        })),
      })),
    })),
  };
}

function toText(reports: FileReport[]): string {
  const out: string[] = [];
  for (const r of reports) {
    for (const d of r.diagnostics) {
      out.push(`${r.path}:${d.range.start.line + 1}:${d.range.start.character + 1} ${d.severity} ${d.message} [${d.code}]`);
      const s = d.sources[0];
      if (s) out.push(`    source: ${s.origin === "catalog" ? "built-in catalog, citing " : ""}${s.title ?? s.document}${s.publisher && s.publisher !== "unknown" ? ` (${s.publisher}${s.published ? `, ${s.published}` : ""})` : s.published ? ` (${s.published})` : ""}, ${s.document} ${sourcePlace(s)}`);
      if (d.expected) out.push(`    expected: ${d.expected}`);
    }
  }
  const count = reports.reduce((n, r) => n + r.diagnostics.length, 0);
  out.push(count === 0 ? `No conflicts found in ${reports.length} file${reports.length === 1 ? "" : "s"}.` : `${count} finding${count === 1 ? "" : "s"} in ${reports.length} file${reports.length === 1 ? "" : "s"}.`);
  return out.join("\n");
}

const SARIF_LEVEL: Record<Severity, string> = { error: "error", warning: "warning", information: "note", hint: "note" };
const RULES = [
  { id: "date-conflict", text: "A date in the draft conflicts with the sources." },
  { id: "figure-conflict", text: "A figure in the draft conflicts with the sources." },
  { id: "sources-disagree", text: "The sources disagree with each other on this claim." },
  { id: "unsourced-claim", text: "No source in the corpus states this date or figure." },
  { id: "too-complex", text: "A passage holds too many dates and figures to check." },
];

function toSarif(reports: FileReport[], corpusPath: (doc: string) => string | undefined): unknown {
  const cwd = process.cwd();
  const uriOf = (p: string) => {
    const rel = path.relative(cwd, path.resolve(p));
    return rel && !rel.startsWith("..") && !path.isAbsolute(rel) ? rel.split(path.sep).join("/") : pathToFileURL(path.resolve(p)).href;
  };
  return {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "policy-fact-check",
            version: VERSION,
            informationUri: "https://github.com/policy-fact-check/policy-fact-check",
            rules: RULES.map((r) => ({ id: r.id, shortDescription: { text: r.text } })),
          },
        },
        results: reports.flatMap((r) =>
          r.diagnostics.map((d) => ({
            ruleId: d.code,
            ruleIndex: RULES.findIndex((x) => x.id === d.code),
            level: SARIF_LEVEL[d.severity],
            message: { text: d.message },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: { uri: uriOf(r.path) },
                  region: {
                    startLine: d.range.start.line + 1,
                    startColumn: d.range.start.character + 1,
                    endLine: d.range.end.line + 1,
                    endColumn: d.range.end.character + 1,
                  },
                },
              },
            ],
            relatedLocations: d.sources.map((s, i) => ({
              id: i + 1,
              message: { text: `${s.title ?? s.document}` },
              physicalLocation: {
                artifactLocation: { uri: corpusPath(s.document) ? uriOf(corpusPath(s.document)!) : s.document },
                region: { startLine: s.range.start.line + 1, startColumn: s.range.start.character + 1 },
              },
            })),
            partialFingerprints: { claimedValue: `${d.code}:${d.claimed}:${d.range.start.line}` },
          })),
        ),
      },
    ],
  };
}

const CORPUS_FLAG_FIX = "pass --corpus a folder of .md, .markdown, .txt, .pdf, .html or .docx sources, or leave --corpus out to use the project config or the built-in facts";

function configCorpusFix(configPath: string | undefined): string {
  return `correct "corpus" in ${configPath ?? "the config file"}, pass --corpus DIR instead, or --no-config to check against the built-in facts`;
}

/**
 * A named corpus that is missing or empty is bad input (exit 2), never a silent fall-back to the
 * built-in facts: a typo in CI would otherwise pass as a clean check.
 */
function corpusUsable(folders: string[], loadedDocuments: number | undefined, fix: string): boolean {
  const issues = describeCorpusIssues(corpusFolderIssues(folders, loadedDocuments));
  for (const issue of issues) process.stderr.write(`policy-fact-check: ${issue}\n`);
  if (issues.length > 0) process.stderr.write(`policy-fact-check: fix: ${fix}\n`);
  return issues.length === 0;
}

/** `--report`: the claims of every draft with their verdicts, in the format asked for. */
function claimsReportOutput(reports: FileReport[], format: CliOptions["format"]): string {
  const files = reports.map((r) => ({ path: r.path, report: r.claims! }));
  if (format === "json") return JSON.stringify({ version: 1, files: files.map((f) => ({ path: f.path, ...f.report })) }, null, 2);
  return format === "markdown" ? reportMarkdown(files) : reportText(files);
}

export async function main(argv: string[]): Promise<number> {
  if (argv[0] === "explain") return runExplain(argv.slice(1));
  let opts: CliOptions | "help" | "version";
  try {
    opts = parseArgs(argv);
  } catch (e) {
    process.stderr.write(`policy-fact-check: ${(e as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  if (opts === "help") {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (opts === "version") {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }

  let config: LoadedConfig | undefined;
  try {
    if (opts.config) config = readConfigFile(opts.config);
    else if (!opts.noConfig) {
      const found = findConfigFile(process.cwd());
      if (found) config = readConfigFile(found);
    }
  } catch (e) {
    process.stderr.write(`policy-fact-check: ${e instanceof ConfigError ? e.message : (e as Error).message}\n`);
    return 2;
  }
  const corpusFolders = opts.corpus.length > 0 ? opts.corpus.map((c) => path.resolve(c)) : config?.corpusFolders ?? [];
  const corpusFix = opts.corpus.length > 0 ? CORPUS_FLAG_FIX : configCorpusFix(config?.path);
  if (!corpusUsable(corpusFolders, undefined, corpusFix)) return 2;
  // The language server's index cache, keyed by content: a second run over unchanged sources reads it.
  const indexCacheDir = opts.noCache ? undefined : configuredIndexCacheDir();
  const service = createFactCheckService({ builtinFacts: opts.builtinFacts ?? config?.config.builtinFacts, indexCacheDir });
  const stats = await service.setCorpus(corpusFolders);
  for (const p of stats.problems) process.stderr.write(`policy-fact-check: corpus: ${p.path}: ${p.message}\n`);
  if (!corpusUsable(corpusFolders, stats.documents, corpusFix)) return 2;

  const errors: string[] = [];
  const files = expandInputs(opts.inputs, errors);
  const severities: Record<string, Severity | "off"> = { ...(config?.config.severity ?? {}) };
  for (const [code, on] of Object.entries(config?.config.rules ?? {})) if (!on) severities[code] = "off";
  const reports: FileReport[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = readDraft(file);
    } catch (e) {
      errors.push(`${file}: ${(e as Error).message}`);
      continue;
    }
    try {
      const diagnostics = service.check(text, { severities }).diagnostics;
      reports.push({ path: file, diagnostics, claims: opts.report ? service.claimsReport(text, { severities }) : undefined });
    } catch (e) {
      errors.push(`${file}: internal error while checking (${(e as Error).message})`);
    }
  }
  for (const err of errors) process.stderr.write(`policy-fact-check: ${err}\n`);

  const output = opts.report
    ? claimsReportOutput(reports, opts.format)
    : opts.format === "json"
      ? JSON.stringify(toJson(reports), null, 2)
      : opts.format === "sarif"
        ? JSON.stringify(toSarif(reports, (d) => service.documentPath(d)), null, 2)
        : toText(reports);
  process.stdout.write(`${output}\n`);
  if (errors.length > 0) return 2;
  const worst = Math.max(-1, ...reports.flatMap((r) => r.diagnostics.map((d) => SEVERITY_RANK[d.severity])));
  return worst >= SEVERITY_RANK.warning ? 1 : 0;
}

if (require.main === module) {
  applyV8Tuning();
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      process.stderr.write(`policy-fact-check: unexpected error: ${(e as Error).stack ?? e}\n`);
      process.exitCode = 2;
    },
  );
}
