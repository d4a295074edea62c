// What every reader of a non-text source returns, and how it says a file cannot be used.
import type { CorpusDocumentMeta, OriginalSource } from "../../types";

/** A source converted to Markdown, with the metadata the file itself carries. */
export interface ConvertedSource {
  text: string;
  meta: CorpusDocumentMeta;
  original: OriginalSource;
  /** Things the writer should know about a file that was still read (pages left out, say). */
  notes: string[];
}

/** A file the corpus skips; the message is the reason, as the writer reads it beside the file name. */
export class SourceFormatError extends Error {
  override name = "SourceFormatError";
}
