// PDF, HTML and Word files in a corpus folder: loaded as Markdown documents beside text ones, bad
// ones reported by name and skipped, each converted once per content.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { inMemoryFileSystem, nodeFileSystem, type CorpusFileSystem } from "../../server/src/core/corpus/fileSystem";
import { convertSource, SourceFormatError } from "../../server/src/core/corpus/formats";
import { originalPlace, sourcePlace } from "../../server/src/core/corpus/formats/place";
import { loadCorpus } from "../../server/src/core/corpus/loadCorpus";

const fixtures = path.resolve(__dirname, "../fixtures/formats");
const fixture = (name: string) => new Uint8Array(readFileSync(path.join(fixtures, name)));

describe("loadCorpus with PDF, HTML and Word sources", () => {
  it("loads the good files as Markdown with their own metadata and skips each bad one with its reason", async () => {
    const corpus = await loadCorpus([fixtures], nodeFileSystem);
    const loaded = Object.fromEntries(corpus.documents.map((d) => [d.id, d]));
    expect(Object.keys(loaded).sort()).toEqual(["alpine-fund.docx", "alpine-fund.pdf", "district-results.pdf", "harbour-page.html", "river-report.pdf", "src/alpine-fund.md"]);
    expect(loaded["river-report.pdf"]).toMatchObject({ format: "markdown", original: { format: "pdf" }, meta: { title: "Power Along the River: Notes on a Regional Grid" } });
    expect(loaded["harbour-page.html"]).toMatchObject({ format: "markdown", original: { format: "html" }, meta: { publisher: "Coastline Review" } });
    const problems = Object.fromEntries(corpus.problems.map((p) => [path.basename(p.path), p.message]));
    expect(problems).toEqual({
      "broken.docx": "skipped: not a Word document: the file is not a zip package (damaged, or another format renamed .docx)",
      "damaged.pdf": "skipped: not a readable PDF: the file is damaged or is not a PDF",
      "menu-page.html": "skipped: not an article: the page has no main text (a menu, an index or a login page?)",
      "river-report-locked.pdf": "skipped: encrypted: the PDF needs a password to open",
      "scanned.pdf": "skipped: no text layer: run OCR first (the PDF holds only images of its pages)",
      "zip-bomb.docx": "skipped: refused: the package unpacks to more than 256 MiB (a zip bomb?)",
    });
  });

  it("does not read the folder a browser saves beside a page as sources", async () => {
    const fs = inMemoryFileSystem({
      "/c/Report.html": fixture("harbour-page.html"),
      "/c/Report_files/ad-frame.html": "<html><body><a href='/'>Ad</a></body></html>",
      "/c/notes_files/kept.md": "Notes.",
    });
    const corpus = await loadCorpus(["/c"], fs);
    expect(corpus.documents.map((d) => d.id)).toEqual(["Report.html", "notes_files/kept.md"]);
    expect(corpus.problems).toEqual([]);
  });

  it("lets corpus.json correct what a file says of itself", async () => {
    const fs = inMemoryFileSystem({
      "/c/report.pdf": fixture("river-report.pdf"),
      "/c/corpus.json": JSON.stringify({ documents: [{ file: "report.pdf", publisher: "Lakeside Policy Lab", published: "2024-05-02" }] }),
    });
    const [doc] = (await loadCorpus(["/c"], fs)).documents;
    expect(doc.meta).toEqual({ title: "Power Along the River: Notes on a Regional Grid", authors: ["Mara Lindqvist"], publisher: "Lakeside Policy Lab", published: "2024-05-02" });
  });

  it("refuses a 500 MB file by its size, without reading it", async () => {
    const inner = inMemoryFileSystem({ "/c/huge.pdf": "x" });
    const fs: CorpusFileSystem = {
      ...inner,
      stat: async (p) => ((await inner.stat(p))?.isFile ? { isFile: true, isDirectory: false, size: 500 * 1024 * 1024 } : inner.stat(p)),
      readFile: async () => {
        throw new Error("read");
      },
    };
    const corpus = await loadCorpus(["/c"], fs);
    expect(corpus.problems).toEqual([{ path: "/c/huge.pdf", message: "skipped: the file is 500 MiB, larger than the 128 MiB limit" }]);
  });

  it("names the file it is about to read, and the progress names the file it is about to convert", async () => {
    const reading: string[] = [];
    const progress: unknown[][] = [];
    await loadCorpus(["/c"], inMemoryFileSystem({ "/c/a.html": fixture("harbour-page.html"), "/c/b.md": "B." }), {
      onReading: (p) => reading.push(p),
      onProgress: (...args) => progress.push(args),
    });
    expect(reading).toEqual(["/c/a.html", "/c/b.md"]);
    expect(progress).toEqual([[0, 2, "/c/a.html"], [1, 2], [2, 2]]);
  });

  it("points a PDF passage to its page, other passages to their line", async () => {
    const [doc] = (await loadCorpus(["/c"], inMemoryFileSystem({ "/c/r.pdf": fixture("river-report.pdf") }))).documents;
    const line = doc.text.split("\n").findIndex((l) => l.includes("Open questions"));
    const place = originalPlace(doc, doc.text.indexOf("Open questions"));
    expect(place).toMatchObject({ originalFormat: "pdf", page: 3, pageLine: 1 });
    const range = { start: { line, character: 0 }, end: { line, character: 5 } };
    expect(sourcePlace({ document: "r.pdf", range, quote: "", valueText: "", ...place })).toBe("p. 3");
    expect(sourcePlace({ document: "a.md", range, quote: "", valueText: "" })).toBe(`line ${line + 1}`);
  });
});

describe("convertSource", () => {
  it("answers damaged bytes of every format with a reason, never another error", async () => {
    const good = { pdf: fixture("river-report.pdf"), html: fixture("harbour-page.html"), docx: fixture("alpine-fund.docx") };
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (const [format, bytes] of Object.entries(good) as ["pdf" | "html" | "docx", Uint8Array][]) {
      for (let round = 0; round < 6; round++) {
        // A prefix of the real file with a stretch overwritten by noise: cut downloads, bad disks.
        const damaged = bytes.slice(0, Math.floor(bytes.length * (0.3 + random() * 0.7)));
        const from = Math.floor(random() * damaged.length);
        for (let i = from; i < Math.min(damaged.length, from + 2000); i++) damaged[i] = Math.floor(random() * 256);
        const outcome = await convertSource(format, damaged).then(
          (converted) => typeof converted.text,
          (error: unknown) => (error instanceof SourceFormatError ? "reason" : `unexpected ${String(error)}`),
        );
        expect(["string", "reason"]).toContain(outcome);
      }
    }
  });


  it("converts a file's content once, in memory and through the cache folder", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "converted-"));
    // Content no other test converted: a page with a comment of its own.
    const bytes = new Uint8Array([...fixture("harbour-page.html"), ...new TextEncoder().encode(`<!-- ${dir} -->`)]);
    const first = await convertSource("html", bytes, dir);
    expect(await convertSource("html", bytes.slice(), dir)).toBe(first);
    const [file] = readdirSync(dir);
    expect(JSON.parse(readFileSync(path.join(dir, file), "utf8")).text).toBe(first.text);
    rmSync(dir, { recursive: true, force: true });
  });
});
