// PDF sources: the text layer read with pdf.js, laid out again as a reader reads it.
// Nothing in the file runs: no eval (the fix for CVE-2024-4367 and isEvalSupported: false), no
// XFA forms, no scripts (pdf.js does not run a PDF's JavaScript when it only reads text), no fonts
// loaded into the process, and pdf.js never fetches anything when it is given the bytes.
import type { CorpusDocumentMeta } from "../../types";
import { dropRunningLines, linesOfPage, readingOrder, dominantSize, type PdfLine, type PdfPage, type PdfTextRun } from "./pdfLines";
import { writePdfParagraphs } from "./pdfParagraphs";
import { MarkdownBuilder, normaliseExtractedText } from "./markdownText";
import { SourceFormatError, type ConvertedSource } from "./sourceFormat";
import { loadPdfJsModule } from "./libraries";

type PdfJs = typeof import("./pdfjsApi");
type PdfDocument = Awaited<ReturnType<PdfJs["getDocument"]>["promise"]>;

/** Reports longer than this are read up to it; the rest is reported as skipped. */
export const MAX_PDF_PAGES = 2000;

let pdfjsLoading: Promise<PdfJs> | undefined;

/** pdf.js, loaded on first use (it is large), with its worker running in this thread. */
function loadPdfJs(): Promise<PdfJs> {
  pdfjsLoading ??= (async () => {
    // At load pdf.js warns (on stdout) that it cannot render without a canvas package; reading
    // text needs none, and the command line's JSON output must stay clean.
    const { log, warn } = console;
    console.log = console.warn = () => undefined;
    try {
      const pdfjs = await loadPdfJsModule();
      // pdf.js runs its worker in this thread when it finds the worker's handler here.
      (globalThis as { pdfjsWorker?: unknown }).pdfjsWorker = { WorkerMessageHandler: pdfjs.WorkerMessageHandler };
      return pdfjs;
    } finally {
      console.log = log;
      console.warn = warn;
    }
  })();
  return pdfjsLoading;
}

export async function readPdf(bytes: Uint8Array): Promise<ConvertedSource> {
  const pdfjs = await loadPdfJs();
  const document = await openPdf(pdfjs, bytes);
  try {
    const pageCount = Math.min(document.numPages, MAX_PDF_PAGES);
    const pages: PdfPage[] = [];
    for (let number = 1; number <= pageCount; number++) {
      pages.push(await readPage(document, number));
      // Let the editor's requests in between pages: a long report must not stall typing.
      if (number % 4 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    const lines = pages.map(linesOfPage);
    if (lines.every((page) => page.length === 0)) {
      throw new SourceFormatError("no text layer: run OCR first (the PDF holds only images of its pages)");
    }
    const kept = dropRunningLines(lines, pages.map((page) => page.height));
    const ordered = kept.map((page, i) => readingOrder(page, pages[i].width));
    const out = new MarkdownBuilder();
    writePdfParagraphs(ordered, out);
    const meta = await pdfMeta(document, ordered);
    const notes = document.numPages > pageCount ? [`only the first ${pageCount} of ${document.numPages} pages were read`] : [];
    return { text: out.text(), meta, original: { format: "pdf", places: out.pagePlaces() }, notes };
  } finally {
    await document.destroy();
  }
}

async function openPdf(pdfjs: PdfJs, bytes: Uint8Array): Promise<PdfDocument> {
  try {
    return await pdfjs.getDocument({
      // pdf.js takes ownership of the buffer it is given: it gets a copy.
      data: bytes.slice(),
      isEvalSupported: false,
      enableXfa: false,
      disableFontFace: true,
      useSystemFonts: false,
      isOffscreenCanvasSupported: false,
      isImageDecoderSupported: false,
      stopAtErrors: false,
      verbosity: 0,
    }).promise;
  } catch (error) {
    const name = (error as { name?: string })?.name;
    if (name === "PasswordException") throw new SourceFormatError("encrypted: the PDF needs a password to open");
    if (name === "InvalidPDFException") throw new SourceFormatError("not a readable PDF: the file is damaged or is not a PDF");
    throw new SourceFormatError(`the PDF cannot be read: ${(error as Error)?.message ?? String(error)}`);
  }
}

async function readPage(document: PdfDocument, number: number): Promise<PdfPage> {
  const page = await document.getPage(number);
  const content = await page.getTextContent();
  // Positions from the bottom left of the page's visible box, wherever the box lies.
  const [left, bottom, right, top] = page.view;
  const runs: PdfTextRun[] = [];
  for (const item of content.items) {
    if (!("str" in item)) continue;
    const [a, b, , , e, f] = item.transform as number[];
    // Text turned sideways (a margin label, a rotated table) is not part of the prose.
    if (Math.abs(b) > Math.abs(a) * 0.1 && item.str.trim() !== "") continue;
    runs.push({
      text: normaliseExtractedText(item.str),
      x: e - left,
      y: f - bottom,
      width: item.width,
      size: item.height,
      endsLine: item.hasEOL,
    });
  }
  page.cleanup();
  return { number, width: right - left, height: top - bottom, runs };
}

// ---------------------------------------------------------------------------
// Metadata

async function pdfMeta(document: PdfDocument, pages: PdfLine[][]): Promise<CorpusDocumentMeta> {
  const { info, metadata } = await document.getMetadata().catch(() => ({ info: {}, metadata: null }));
  const record = (info ?? {}) as Record<string, unknown>;
  const xmp = (name: string): string | undefined => {
    const value = metadata?.get(name);
    return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
  };
  const meta: CorpusDocumentMeta = {};
  const title = usableTitle(xmp("dc:title") ?? stringField(record.Title)) ?? titleFromFirstPage(pages);
  if (title) meta.title = title;
  const author = xmp("dc:creator") ?? stringField(record.Author);
  if (author) meta.authors = author.split(/\s*;\s*/).filter(Boolean);
  const published = isoDate(xmp("xmp:createdate")) ?? pdfDate(stringField(record.CreationDate));
  if (published) meta.published = published;
  return meta;
}

function stringField(value: unknown): string | undefined {
  return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
}

/** Titles that name the file the PDF was made from, not the report, are no titles. */
function usableTitle(title: string | undefined): string | undefined {
  if (!title) return undefined;
  if (/^(untitled|microsoft word\b.*|document\d*)$/i.test(title)) return undefined;
  if (/\.(docx?|pdf|indd|odt|rtf|pptx?|tex|qxp)$/i.test(title)) return undefined;
  return title;
}

/** The largest text at the top of the first page, when it stands out from the body text. */
function titleFromFirstPage(pages: PdfLine[][]): string | undefined {
  const first = pages.find((page) => page.length > 0);
  if (!first) return undefined;
  const body = dominantSize(pages.flat());
  const largest = Math.max(...first.map((line) => line.size));
  if (largest < body * 1.3) return undefined;
  const title = first.filter((line) => line.size >= largest * 0.95).slice(0, 3).map((line) => line.text).join(" ");
  return title.length <= 200 ? title : undefined;
}

/** "D:20240502093000+02'00'" to "2024-05-02". */
export function pdfDate(value: string | undefined): string | undefined {
  const m = value && /^(?:D:)?(\d{4})(\d{2})?(\d{2})?/.exec(value);
  if (!m) return undefined;
  return [m[1], m[2], m[3]].filter(Boolean).join("-");
}

function isoDate(value: string | undefined): string | undefined {
  const m = value && /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?/.exec(value);
  return m ? [m[1], m[2], m[3]].filter(Boolean).join("-") : undefined;
}
