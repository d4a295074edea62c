// The readers' large libraries (pdf.js; linkedom, Readability and mammoth), imported on first use.
// A corpus of Markdown and text never loads them, and the built server and command line keep each
// in a file of its own beside them (scripts/build.mjs), so starting either does not read and
// compile them: pdf.js alone is about 60% of the code a bundle would hold. (Node keeps a module
// once imported: a later call gets the same one.)
export const loadPdfJsModule = () => import("./pdfjsApi");
export const loadDomLibraries = () => import("./domLibraries");
