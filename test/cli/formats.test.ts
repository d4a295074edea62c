// The command-line checker on a corpus of one PDF report, one saved web page and one Word
// document, each the only source of one fact: one conflict per wrong claim, citing that file.
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";

const root = path.resolve(__dirname, "../..");
const cli = path.join(root, "server/out/cli.js");
const fixtures = path.join(root, "test/fixtures/formats");

let dir: string;
let corpus: string;
let draft: string;

function check(format: "json" | "text") {
  const r = spawnSync(process.execPath, [cli, "check", "--no-config", "--format", format, "--corpus", corpus, draft], {
    cwd: dir,
    encoding: "utf8",
    env: { ...process.env, POLICY_FACTCHECK_INDEX_CACHE: "off" },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "factcheck-formats-"));
  corpus = path.join(dir, "sources");
  mkdirSync(corpus);
  for (const name of ["river-report.pdf", "harbour-page.html", "alpine-fund.docx"]) copyFileSync(path.join(fixtures, name), path.join(corpus, name));
  draft = path.join(dir, "brief.md");
  writeFileSync(
    draft,
    [
      "# Regional cooperation",
      "",
      "The Riverine Trade Partnership was launched in September 2019. Under the RTP, cross-border electricity trade reached 45 percent of the members' power imports by the end of 2023.",
      "",
      "The Harbour Data Accord was signed on 14 June 2020 by the port authorities of four countries.",
      "",
      "The Alpine Water Fund counts 15 member states.",
      "",
    ].join("\n"),
  );
});

describe("cli check against PDF, HTML and Word sources", () => {
  it("gives one conflict per wrong claim, each citing the one file that states the fact", () => {
    const r = check("json");
    expect(r.stderr).toBe("");
    expect(r.code).toBe(1);
    const diagnostics = JSON.parse(r.stdout).files[0].diagnostics;
    const found = diagnostics.map((d: { code: string; claimed: string; expected: string; range: { start: { line: number } }; sources: { document: string }[] }) => ({
      code: d.code,
      line: d.range.start.line,
      claimed: d.claimed,
      expected: d.expected,
      documents: d.sources.map((s) => s.document),
    }));
    expect(found).toEqual([
      { code: "figure-conflict", line: 2, claimed: "45 percent", expected: "37 percent", documents: ["river-report.pdf"] },
      { code: "date-conflict", line: 4, claimed: "14 June 2020", expected: "June 14, 2021", documents: ["harbour-page.html"] },
      { code: "figure-conflict", line: 6, claimed: "15", expected: "12", documents: ["alpine-fund.docx"] },
    ]);
  });

  it("cites the PDF by title and page, with the passage as the report prints it", () => {
    const r = check("json");
    const [pdf] = JSON.parse(r.stdout).files[0].diagnostics;
    expect(pdf.sources[0]).toMatchObject({ title: "Power Along the River: Notes on a Regional Grid", page: 1 });
    expect(pdf.sources[0].quote.replace(/\s+/g, " ")).toContain("cross-border electricity trade under the RTP reached 37 percent");
    expect(pdf.message).toContain("p. 1)");
    const text = check("text").stdout;
    expect(text).toContain("source: Power Along the River: Notes on a Regional Grid (");
    expect(text).toContain("river-report.pdf p. 1");
    expect(text).toContain("source: How four ports learned to share their data (Coastline Review, 2023-11-07), harbour-page.html line");
  });
});

describe("cli check against a Word document whose text does not unpack", () => {
  // The bundle inflates Word packages with Node's zlib (scripts/stubs/pako-node-zlib.mjs): a
  // package whose document entry is damaged is skipped with a message, and nothing else fails.
  it("skips it with a message naming the entry", () => {
    const bytes = readFileSync(path.join(fixtures, "alpine-fund.docx"));
    // The local header of word/document.xml: its compressed bytes follow the name and extra field.
    const at = bytes.indexOf(Buffer.from("word/document.xml"));
    const header = bytes.lastIndexOf(Buffer.from([0x50, 0x4b, 0x03, 0x04]), at);
    const start = header + 30 + bytes.readUInt16LE(header + 26) + bytes.readUInt16LE(header + 28);
    for (let i = start + 20; i < start + 60; i++) bytes[i] ^= 0x5a;
    const damagedDir = mkdtempSync(path.join(tmpdir(), "factcheck-damaged-docx-"));
    writeFileSync(path.join(damagedDir, "damaged.docx"), bytes);
    writeFileSync(path.join(damagedDir, "notes.md"), "# Notes\n\nThe Alpine Fund was set up in 2019.\n");
    const r = spawnSync(process.execPath, [cli, "check", "--no-config", "--corpus", damagedDir, draft], {
      cwd: dir,
      encoding: "utf8",
      env: { ...process.env, POLICY_FACTCHECK_INDEX_CACHE: "off" },
    });
    expect(r.stderr).toContain("damaged.docx: skipped: the package is damaged (entry word/document.xml does not unpack)");
    expect(r.status).not.toBe(2);
  });
});

describe("cli check loads the readers' libraries only for files that need them", () => {
  // The built command line keeps pdf.js and the HTML and Word libraries in bundles of their own
  // (scripts/build.mjs). A copy of cli.js without them shows that a Markdown corpus never loads
  // them, and that a PDF without its reader is skipped with a message, not a crash.
  const alone = () => {
    const bare = mkdtempSync(path.join(tmpdir(), "factcheck-cli-alone-"));
    copyFileSync(cli, path.join(bare, "cli.js"));
    return path.join(bare, "cli.js");
  };
  const run = (cliFile: string, corpusDir: string) =>
    spawnSync(process.execPath, [cliFile, "check", "--no-config", "--format", "json", "--corpus", corpusDir, draft], {
      cwd: dir,
      encoding: "utf8",
      env: { ...process.env, POLICY_FACTCHECK_INDEX_CACHE: "off" },
    });

  it("checks against Markdown sources without them", () => {
    const sources = mkdtempSync(path.join(tmpdir(), "factcheck-md-only-"));
    writeFileSync(path.join(sources, "notes.md"), "# Notes\n\nThe Harbour Data Accord (HDA) was signed on June 14, 2021 by four port authorities.\n");
    const r = run(alone(), sources);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(1);
    const [diagnostic] = JSON.parse(r.stdout).files[0].diagnostics;
    expect(diagnostic).toMatchObject({ code: "date-conflict", claimed: "14 June 2020", expected: "June 14, 2021" });
  });

  it("skips a PDF with a message when its reader is missing, and checks the rest", () => {
    const sources = mkdtempSync(path.join(tmpdir(), "factcheck-pdf-alone-"));
    copyFileSync(path.join(fixtures, "river-report.pdf"), path.join(sources, "river-report.pdf"));
    writeFileSync(path.join(sources, "notes.md"), "# Notes\n\nThe Harbour Data Accord (HDA) was signed on June 14, 2021 by four port authorities.\n");
    const r = run(alone(), sources);
    expect(r.stderr).toMatch(/river-report\.pdf: skipped: .*pdfjsApi/);
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout).files[0].diagnostics.map((d: { code: string }) => d.code)).toEqual(["date-conflict"]);
  });
});
