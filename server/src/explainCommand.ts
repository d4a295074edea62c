// `policy-fact-check explain [--format text|json] [--corpus DIR]... FILE[:LINE]`: why each claim of
// a draft got its verdict. A thin adapter, like `check`.
import * as fs from "node:fs";
import * as path from "node:path";
import { explainText } from "./core/explain";
import { createFactCheckService } from "./core/service";

export const EXPLAIN_USAGE = `Usage: policy-fact-check explain [--format text|json] [--corpus DIR]... FILE[:LINE]

For each prose sentence with a date or figure (of that line only, when given): the values read,
what the claim is about and how that was found, the candidate source passages with the rule that
accepted or set aside each, and the verdict.`;

interface ExplainOptions {
  format: "text" | "json";
  corpus: string[];
  file: string;
  line?: number;
}

function parseExplainArgs(argv: string[]): ExplainOptions {
  const opts: Partial<ExplainOptions> & { corpus: string[] } = { format: "text", corpus: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === "--format" || a.startsWith("--format=")) {
      const f = a === "--format" ? value() : a.slice(9);
      if (f !== "text" && f !== "json") throw new Error(`unknown format "${f}" (text or json)`);
      opts.format = f;
    } else if (a === "--corpus") opts.corpus.push(value());
    else if (a.startsWith("-")) throw new Error(`unknown option ${a}`);
    else if (opts.file) throw new Error("explain takes one FILE[:LINE]");
    else {
      const m = /^(.*):(\d+)$/.exec(a);
      opts.file = m && !fs.existsSync(a) ? m[1] : a;
      if (m && !fs.existsSync(a)) opts.line = Number(m[2]);
    }
  }
  if (!opts.file) throw new Error("no file to explain");
  return opts as ExplainOptions;
}

export async function runExplain(argv: string[]): Promise<number> {
  let opts: ExplainOptions;
  try {
    opts = parseExplainArgs(argv);
  } catch (e) {
    process.stderr.write(`policy-fact-check: ${(e as Error).message}\n\n${EXPLAIN_USAGE}\n`);
    return 2;
  }
  let text: string;
  try {
    text = fs.readFileSync(opts.file, "utf8");
  } catch (e) {
    process.stderr.write(`policy-fact-check: ${opts.file}: ${(e as Error).message}\n`);
    return 2;
  }
  const service = createFactCheckService();
  const stats = await service.setCorpus(opts.corpus.map((c) => path.resolve(c)));
  for (const p of stats.problems) process.stderr.write(`policy-fact-check: corpus: ${p.path}: ${p.message}\n`);
  const sentences = service.explain(text, opts.line);
  process.stdout.write(`${opts.format === "json" ? JSON.stringify({ version: 1, file: opts.file, sentences }, null, 2) : explainText(sentences)}\n`);
  return 0;
}
