// npm run bench:formats: the time to read each converted source format, on the files of
// test/fixtures/formats: a 101-page report (LibreOffice PDF), a saved web page, a Word document.
// Reports wall and CPU time (the CPU time is the one to read on a busy machine), the first read
// with pdf.js's load and the median of later reads. Writes bench/results/formats.json. No asserts.
import * as fs from "node:fs";
import * as path from "node:path";
import { readDocx } from "../server/src/core/corpus/formats/docx";
import { readHtml } from "../server/src/core/corpus/formats/html";
import { readPdf } from "../server/src/core/corpus/formats/pdf";
import type { ConvertedSource } from "../server/src/core/corpus/formats/sourceFormat";

const ROOT = path.resolve(__dirname, "../..");
const FIXTURES = path.join(ROOT, "test/fixtures/formats");
const RUNS = 5;

interface Timing {
  wallMs: number;
  cpuMs: number;
}

async function measure(read: () => Promise<ConvertedSource>): Promise<Timing> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  await read();
  const used = process.cpuUsage(cpu);
  return { wallMs: performance.now() - start, cpuMs: (used.user + used.system) / 1000 };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function bench(name: string, reader: (bytes: Uint8Array) => Promise<ConvertedSource>) {
  const bytes = new Uint8Array(fs.readFileSync(path.join(FIXTURES, name)));
  const converted = await reader(bytes);
  const pages = converted.original.places ? Math.max(...converted.original.places.map(([, page]) => page)) : undefined;
  const first = firstReads.get(name)!;
  const later: Timing[] = [];
  for (let i = 0; i < RUNS; i++) later.push(await measure(() => reader(bytes)));
  const row = {
    file: name,
    kb: Math.round(bytes.byteLength / 1024),
    pages,
    textKb: Math.round(converted.text.length / 1024),
    firstWallMs: Math.round(first.wallMs),
    firstCpuMs: Math.round(first.cpuMs),
    medianWallMs: Math.round(median(later.map((t) => t.wallMs))),
    medianCpuMs: Math.round(median(later.map((t) => t.cpuMs))),
  };
  console.log(JSON.stringify(row));
  return row;
}

const firstReads = new Map<string, Timing>();
const readers: [string, (bytes: Uint8Array) => Promise<ConvertedSource>][] = [
  ["district-results.pdf", readPdf],
  ["river-report.pdf", readPdf],
  ["harbour-page.html", readHtml],
  ["alpine-fund.docx", readDocx],
];

(async () => {
  for (const [name, reader] of readers) {
    const bytes = new Uint8Array(fs.readFileSync(path.join(FIXTURES, name)));
    firstReads.set(name, await measure(() => reader(bytes)));
  }
  const rows = [];
  for (const [name, reader] of readers) rows.push(await bench(name, reader));
  fs.mkdirSync(path.join(ROOT, "bench/results"), { recursive: true });
  fs.writeFileSync(path.join(ROOT, "bench/results/formats.json"), `${JSON.stringify({ date: new Date().toISOString(), node: process.version, rows }, null, 2)}\n`);
})();
