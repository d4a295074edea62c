// The parts of pdf.js the reader uses, imported by name so the bundle leaves out the rest (the
// viewer's layers and editors), and loaded only when a corpus holds a PDF (see pdf.ts).
export { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
export { WorkerMessageHandler } from "pdfjs-dist/legacy/build/pdf.worker.mjs";
