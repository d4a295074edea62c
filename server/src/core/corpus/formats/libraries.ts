// The readers' large libraries (pdf.js; linkedom, Readability and mammoth), loaded on first use.
// A corpus of Markdown and text never loads them, and the built server and command line keep each
// in a file of its own beside them (scripts/build.mjs), so starting either does not read and
// compile them: pdf.js alone is about 60% of the code a bundle would hold.
type PdfJs = typeof import("./pdfjsApi");
type DomLibraries = typeof import("./domLibraries");

let pdfJs: Promise<PdfJs> | undefined;
let domLibraries: Promise<DomLibraries> | undefined;

export function loadPdfJsModule(): Promise<PdfJs> {
  return (pdfJs ??= import("./pdfjsApi"));
}

export function loadDomLibraries(): Promise<DomLibraries> {
  return (domLibraries ??= import("./domLibraries"));
}
