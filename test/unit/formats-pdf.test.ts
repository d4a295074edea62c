// The PDF reader on PDFs LibreOffice wrote (test/fixtures/formats, made by scripts/make-format-fixtures.mjs),
// and its layout steps on hand-placed lines.
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { readPdf } from "../../server/src/core/corpus/formats/pdf";
import { dropRunningLines, linesOfPage, readingOrder, type PdfLine } from "../../server/src/core/corpus/formats/pdfLines";
import { joinLines } from "../../server/src/core/corpus/formats/pdfParagraphs";
import { originalPlace } from "../../server/src/core/corpus/formats/place";
import { SourceFormatError } from "../../server/src/core/corpus/formats/sourceFormat";

const fixtures = path.resolve(__dirname, "../fixtures/formats");
const read = (name: string) => readPdf(new Uint8Array(readFileSync(path.join(fixtures, name))));

/** The paragraphs of converted Markdown, each with its lines joined by spaces. */
function paragraphs(text: string): string[] {
  return text.split(/\n\s*\n/).map((p) => p.replace(/\s*\n\s*/g, " ").trim()).filter(Boolean);
}

describe("readPdf on a two-column report with running headers, footers and a footnote", () => {
  it("reads the left column to its end before the right one, joining a sentence that crosses them", async () => {
    const { text } = await read("river-report.pdf");
    const all = paragraphs(text);
    expect(all).toContain(
      "Observers were sceptical. Earlier attempts to build regional grids in other parts of the world had stalled once the first dry season forced governments to choose between domestic consumers and export contracts. The partnership tried to avoid that trap with a clause that lets any member suspend exports for up to thirty days when its reservoirs fall below an agreed level.",
    );
    expect(all.indexOf(all.find((p) => p.startsWith("Trade grew faster"))!)).toBeGreaterThan(all.findIndex((p) => p.startsWith("Observers")));
  });

  it("joins the word hyphenated at a line end in the figure's sentence", async () => {
    const { text } = await read("river-report.pdf");
    expect(paragraphs(text).join("\n")).toContain("By the end of 2023, cross-border electricity trade under the RTP reached 37 percent of the members' power imports");
    expect(text).not.toMatch(/elec-/);
    expect(text).toContain("high-voltage"); // a hyphen inside a line stays
  });

  it("drops the running header, the footer with its page number and the note reference mark", async () => {
    const { text } = await read("river-report.pdf");
    expect(text).not.toContain("Working Paper 7");
    expect(text).not.toContain("Lakeside Policy Lab");
    expect(text).toContain("on equal terms. The founding text");
  });

  it("keeps the footnote as its own paragraph after the paragraph it interrupts", async () => {
    const all = paragraphs((await read("river-report.pdf")).text);
    const note = all.findIndex((p) => p.startsWith("1 The ministers met in a river port"));
    expect(note).toBeGreaterThan(all.findIndex((p) => p.startsWith("Observers")));
    expect(note).toBeLessThan(all.findIndex((p) => p.startsWith("Trade grew faster")));
  });

  it("marks larger type as headings and escapes what Markdown would misread", async () => {
    const { text } = await read("river-report.pdf");
    expect(text).toContain("## 1. How the partnership began\n");
    expect(text).toContain("## 3. Open questions\n");
  });

  it("keeps one paragraph to a line, with the page and line where each line of the PDF starts", async () => {
    const converted = await read("river-report.pdf");
    expect(converted.text).toContain("\nThe Riverine Trade Partnership (RTP) was launched in September 2019, after a summit");
    const doc = { id: "r.pdf", path: "/r.pdf", format: "markdown" as const, ...converted };
    const at = (words: string) => originalPlace(doc, converted.text.indexOf(words));
    // The left column has 38 lines, its note included; the figure is on the 15th of the right one.
    expect(at("reached 37 percent")).toEqual({ originalFormat: "pdf", page: 1, pageLine: 53 });
    expect(at("Open questions")).toEqual({ originalFormat: "pdf", page: 3, pageLine: 1 });
    expect(at("Both questions touch")).toEqual({ originalFormat: "pdf", page: 3, pageLine: 9 });
    expect(converted.meta).toMatchObject({ title: "Power Along the River: Notes on a Regional Grid", authors: ["Mara Lindqvist"] });
    expect(converted.meta.published).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it("reads a 101-page report to its last page", async () => {
    const converted = await read("district-results.pdf");
    expect(Math.max(...converted.original.places!.map(([, page]) => page))).toBe(101);
    expect(converted.text).toContain("## District 215");
    expect(converted.text).not.toContain("Working Paper 7");
  });
});

describe("readPdf on a Word document exported as PDF", () => {
  it("reads its bullets as list items and its table as a table, each cell under its column", async () => {
    const { text } = await read("alpine-fund.pdf");
    expect(text).toContain("\n- repairs to old municipal pipes, which leak a large part of what they carry;\n");
    expect(text).toContain(
      "| Kind of work | Projects | Share of spending |\n| --- | --- | --- |\n| Storage basins | 41 | 55 percent |\n| Pipe repairs | 73 | 30 percent |\n| Warning stations | 118 | 15 percent |\n",
    );
    expect(text).toContain("\nThe Alpine Water Fund counts 12 member states, each of which pays a share set by the length of its mountain rivers.\n");
  });
});

describe("readPdf on files it cannot use", () => {
  const reason = async (name: string) => {
    const error = await read(name).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceFormatError);
    return (error as Error).message;
  };
  it("names a password-protected PDF", async () => {
    expect(await reason("river-report-locked.pdf")).toBe("encrypted: the PDF needs a password to open");
  });
  it("names a damaged PDF", async () => {
    expect(await reason("damaged.pdf")).toBe("not a readable PDF: the file is damaged or is not a PDF");
  });
  it("asks for OCR when the pages are only images", async () => {
    expect(await reason("scanned.pdf")).toMatch(/^no text layer: run OCR first/);
  });
});

// ---------------------------------------------------------------------------
// Layout steps on hand-placed lines (A5 page: 420 x 595)

const line = (text: string, page: number, x0: number, y: number, width = 150, size = 10): PdfLine => ({ page, text, x0, x1: x0 + width, y, size, column: 0 });

describe("layout steps", () => {
  it("joins runs into lines and leaves a wide unbridged gap as two lines", () => {
    const lines = linesOfPage({
      number: 1,
      width: 420,
      height: 595,
      runs: [
        { text: "cross-border", x: 40, y: 500, width: 60, size: 10, endsLine: false },
        { text: " ", x: 100, y: 500, width: 30, size: 0, endsLine: false },
        { text: "trade", x: 130, y: 500, width: 25, size: 10, endsLine: false },
        { text: "other column", x: 220, y: 500, width: 60, size: 10, endsLine: true },
        { text: "2", x: 156, y: 504, width: 4, size: 6, endsLine: false },
      ],
    });
    expect(lines.map((l) => l.text)).toEqual(["cross-border trade", "other column", "2"]);
  });

  it("drops a repeated header and page numbers, but not body text in the margin zone once", () => {
    const pages = [1, 2, 3].map((page) => [
      line(`Annual review ${page}`, page, 100, 560),
      line("Body text of the page.", page, 40, 300),
      line(String(page), page, 200, 30, 10),
    ]);
    pages[0].push(line("A closing remark low on the first page.", 1, 40, 40));
    const kept = dropRunningLines(pages, [595, 595, 595]);
    expect(kept.map((p) => p.map((l) => l.text))).toEqual([
      ["Body text of the page.", "A closing remark low on the first page."],
      ["Body text of the page."],
      ["Body text of the page."],
    ]);
  });

  it("reads two full columns column by column, and a page of full-width lines top to bottom", () => {
    const left = [0, 1, 2, 3].map((i) => line(`left ${i}`, 1, 40, 500 - i * 12));
    const right = [0, 1, 2, 3].map((i) => line(`right ${i}`, 1, 220, 500 - i * 12));
    const title = line("A title across the page", 1, 40, 540, 330, 14);
    expect(readingOrder([...right, ...left, title], 420).map((l) => l.text)).toEqual([
      "A title across the page", "left 0", "left 1", "left 2", "left 3", "right 0", "right 1", "right 2", "right 3",
    ]);
    const table = [0, 1, 2, 3].flatMap((i) => [line(`name ${i}`, 1, 40, 500 - i * 12, 30), line(`value ${i}`, 1, 300, 500 - i * 12, 30)]);
    expect(readingOrder(table, 420).map((l) => l.text).slice(0, 4)).toEqual(["name 0", "value 0", "name 1", "value 1"]);
  });

  it("joins hyphenated words on the first line and keeps the others in place", () => {
    expect(joinLines(["cross-border elec-", "tricity trade grew", "by 5 per-", "cent."])).toEqual(["cross-border electricity", "trade grew", "by 5 percent.", ""]);
    expect(joinLines(["the Asia-", "Pacific region"])).toEqual(["the Asia-", "Pacific region"]);
  });
});
