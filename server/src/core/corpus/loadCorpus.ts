// Loads corpus folders into documents with metadata. Bad files become problems, never
// exceptions: one broken source must not stop the rest of the corpus from being checked.
import { parse as parseYaml } from "yaml";
import type { ConvertedFormat, CorpusDocument, CorpusDocumentMeta, CorpusProblem, LoadedCorpus } from "../types";
import { linkStaysInFolders, type CorpusFileSystem } from "./fileSystem";
import { CONVERTED_EXTENSIONS, convertSource, DEFAULT_MAX_CONVERTED_FILE_BYTES, SourceFormatError } from "./formats";

export interface LoadCorpusOptions {
  /** Text files larger than this, and converted sources whose text is, are skipped with a problem. Default 16 MiB. */
  maxFileBytes?: number;
  /** PDF, HTML and Word files larger than this are skipped with a problem. Default 128 MiB. */
  maxConvertedFileBytes?: number;
  /** Where conversions of PDF, HTML and Word files are kept between runs; none: in memory only. */
  convertedCacheDir?: string;
  /**
   * Called after each file is read (or fails), with the number done and the total; also before a
   * PDF, web page or Word document is converted, with its path.
   */
  onProgress?: (done: number, total: number, reading?: string) => void;
  /** Called before each file is read, with its path, so progress can name it. */
  onReading?: (path: string) => void;
  /**
   * What front matter already read gave, by its text: a corpus read again parses no YAML it has
   * read before. Filled with what this reading parses.
   */
  frontMatter?: FrontMatterCache;
}

/** The metadata a front matter block gives and what was wrong with it, by the block's text. */
export type FrontMatterCache = Map<string, FrontMatterMeta>;

export interface FrontMatterMeta {
  meta: CorpusDocumentMeta;
  /** Messages about the block (a field of the wrong type, YAML that is no mapping). */
  problems: string[];
}

// One source over 16 MB is almost certainly not prose (a data dump, a log): skipped with a message.
export const DEFAULT_MAX_FILE_BYTES = 16 * 1024 * 1024;
export const CORPUS_METADATA_FILE = "corpus.json";

/** How a file is read: as Markdown or plain text, or converted from another format. */
type SourceKind = CorpusDocument["format"] | ConvertedFormat;

const DOCUMENT_EXTENSIONS: Record<string, SourceKind> = {
  ".md": "markdown",
  ".markdown": "markdown",
  ".txt": "text",
  ...CONVERTED_EXTENSIONS,
};
const EXTENSION_LIST = ".md, .markdown, .txt, .pdf, .html, .htm or .docx";

/** A document file found by the walk, not yet read. */
interface DocumentCandidate {
  id: string;
  path: string;
  format: SourceKind;
  /** Metadata from the nearest corpus.json that lists the file, if any. */
  listedMeta?: CorpusDocumentMeta;
}

/** Metadata of one folder's corpus.json, keyed by the file path relative to that folder. */
type MetadataListing = Map<string, CorpusDocumentMeta>;

export async function loadCorpus(
  folders: string[],
  fs: CorpusFileSystem,
  options: LoadCorpusOptions = {},
): Promise<LoadedCorpus> {
  const maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const problems: CorpusProblem[] = [];
  const candidates: DocumentCandidate[] = [];
  // Links may point anywhere inside the folders the settings name, and nowhere else.
  const linkRoots = (await Promise.all(folders.map((folder) => fs.realPath?.(folder)))).filter((f): f is string => !!f);
  for (const folder of folders) {
    candidates.push(...(await collectCandidates(folder, fs, problems, { linkRoots, maxFileBytes })));
  }

  const documents: CorpusDocument[] = [];
  const loadedPaths = new Set<string>();
  const pathById = new Map<string, string>();
  let done = 0;
  let turn = performance.now();
  for (const candidate of candidates) {
    // Files may be read without a turn of the event loop: give it one every 50 ms.
    if (performance.now() - turn > 50) {
      await new Promise((resolve) => setImmediate(resolve));
      turn = performance.now();
    }
    // Overlapping folders (a folder and its subfolder) find the same file twice.
    if (!loadedPaths.has(candidate.path)) {
      loadedPaths.add(candidate.path);
      const otherPath = pathById.get(candidate.id);
      if (otherPath !== undefined) {
        problems.push({
          path: candidate.path,
          message: `skipped: another corpus folder already has a document named "${candidate.id}" (${otherPath})`,
        });
      } else {
        options.onReading?.(candidate.path);
        if (candidate.format !== "markdown" && candidate.format !== "text") options.onProgress?.(done, candidates.length, candidate.path);
        const document =
          candidate.format === "markdown" || candidate.format === "text"
            ? await readDocument(candidate, fs, maxFileBytes, problems, options.frontMatter)
            : await readConvertedDocument(candidate, candidate.format, fs, options, problems);
        if (document) {
          documents.push(document);
          pathById.set(document.id, document.path);
        }
      }
    }
    done++;
    options.onProgress?.(done, candidates.length);
  }
  return { documents, problems };
}

// ---------------------------------------------------------------------------
// Walking folders

async function collectCandidates(
  folder: string,
  fs: CorpusFileSystem,
  problems: CorpusProblem[],
  { linkRoots, maxFileBytes }: { linkRoots: readonly string[]; maxFileBytes: number },
): Promise<DocumentCandidate[]> {
  const root = stripTrailingSeparator(folder);
  const rootStat = await fs.stat(root);
  if (!rootStat) {
    problems.push({ path: folder, message: `corpus folder not found: ${folder}` });
    return [];
  }
  if (rootStat.isFile) {
    return collectSingleFile(root, fs, problems, maxFileBytes);
  }
  if (!rootStat.isDirectory) {
    problems.push({ path: folder, message: `corpus folder is neither a folder nor a file: ${folder}` });
    return [];
  }

  const files: { relative: string; path: string; format: SourceKind }[] = [];
  // Listings by folder path relative to the root ("" for the root itself).
  const listings = new Map<string, MetadataListing>();

  const walk = async (dir: string, relativeDir: string): Promise<void> => {
    let entries;
    try {
      entries = await fs.readDir(dir);
    } catch (error) {
      const message =
        relativeDir === ""
          ? `corpus folder cannot be read: ${folder} (${errorText(error)})`
          : `folder cannot be read: ${errorText(error)}`;
      problems.push({ path: dir, message });
      return;
    }
    entries.sort((a, b) => compareCodeUnits(a.name, b.name));
    const documentNames = new Set<string>();
    let metadataFile: string | undefined;
    for (const entry of entries) {
      // Hidden files and folders are editor and VCS state, not sources.
      if (entry.name.startsWith(".")) continue;
      const path = joinPath(dir, entry.name);
      const relative = relativeDir === "" ? entry.name : `${relativeDir}/${entry.name}`;
      if (entry.isDirectory) {
        if (entry.name !== "node_modules" && !isSavedPageAssets(entry.name, entries)) await walk(path, relative);
      } else if (entry.isSymbolicLink && entry.isFile && !(await linkStaysInFolders(fs, path, linkRoots))) {
        problems.push({ path, message: "skipped: a symbolic link to a file outside the corpus folders (add its folder to the corpus setting to read it)" });
      } else if (entry.isFile) {
        const format = formatOf(entry.name);
        if (format) {
          files.push({ relative, path, format });
          documentNames.add(entry.name);
        } else if (entry.name === CORPUS_METADATA_FILE) {
          metadataFile = path;
        }
      } else if (formatOf(entry.name)) {
        // A source name that is no regular file: a link to nowhere, a pipe or a device. Reading a
        // pipe would block forever, so it is named and skipped.
        problems.push({ path, message: "not a regular file (a broken link, a pipe or a device); skipped" });
      }
    }
    if (metadataFile) {
      const listing = await readMetadataFile(metadataFile, fs, problems, maxFileBytes);
      if (listing) {
        listings.set(relativeDir, listing);
        for (const file of listing.keys()) {
          if (!documentNames.has(file) && !file.includes("/")) {
            problems.push({
              path: metadataFile,
              message: `lists "${file}", which is not a ${EXTENSION_LIST} file in this folder`,
            });
          }
        }
      }
    }
  };
  await walk(root, "");

  files.sort((a, b) => compareCodeUnits(a.relative, b.relative));
  return files.map((file) => ({
    id: file.relative,
    path: file.path,
    format: file.format,
    listedMeta: nearestListedMeta(file.relative, listings),
  }));
}

/** A folder argument that is a document: a one-document corpus, with corpus.json beside it if any. */
async function collectSingleFile(
  path: string,
  fs: CorpusFileSystem,
  problems: CorpusProblem[],
  maxFileBytes: number,
): Promise<DocumentCandidate[]> {
  const { dir, name } = splitPath(path);
  const format = formatOf(name);
  if (!format) {
    problems.push({ path, message: `not a corpus document (expected a folder or a ${EXTENSION_LIST} file): ${path}` });
    return [];
  }
  let listedMeta: CorpusDocumentMeta | undefined;
  if (dir !== undefined) {
    const metadataPath = joinPath(dir, CORPUS_METADATA_FILE);
    if ((await fs.stat(metadataPath))?.isFile) {
      listedMeta = (await readMetadataFile(metadataPath, fs, problems, maxFileBytes))?.get(name);
    }
  }
  return [{ id: name, path, format, listedMeta }];
}

/**
 * "Report_files" beside "Report.html": what a browser saves with a page (its scripts, styles,
 * images and frames), not sources of their own.
 */
function isSavedPageAssets(name: string, siblings: { name: string; isFile: boolean }[]): boolean {
  const stem = /^(.+)_files$/.exec(name)?.[1];
  return stem !== undefined && siblings.some((s) => s.isFile && (s.name === `${stem}.html` || s.name === `${stem}.htm`));
}

/** The metadata the nearest corpus.json (the file's own folder first, then upwards) gives the file. */
function nearestListedMeta(relative: string, listings: Map<string, MetadataListing>): CorpusDocumentMeta | undefined {
  const parts = relative.split("/");
  for (let depth = parts.length - 1; depth >= 0; depth--) {
    const listing = listings.get(parts.slice(0, depth).join("/"));
    const meta = listing?.get(parts.slice(depth).join("/"));
    if (meta) return meta;
  }
  return undefined;
}

function formatOf(name: string): SourceKind | undefined {
  const dot = name.lastIndexOf(".");
  return dot > 0 ? DOCUMENT_EXTENSIONS[name.slice(dot).toLowerCase()] : undefined;
}

// ---------------------------------------------------------------------------
// Reading documents

async function readDocument(
  candidate: DocumentCandidate,
  fs: CorpusFileSystem,
  maxFileBytes: number,
  problems: CorpusProblem[],
  frontMatterCache?: FrontMatterCache,
): Promise<CorpusDocument | undefined> {
  const { path } = candidate;
  const report = (message: string) => {
    problems.push({ path, message });
    return undefined;
  };

  const bytes = await readWithinLimit(path, fs, maxFileBytes, report);
  if (!bytes) return undefined;

  const encodingProblem = describeNonUtf8(bytes);
  if (encodingProblem) return report(encodingProblem);
  let text: string;
  try {
    // ignoreBOM keeps a BOM in the text so that we strip it ourselves, visibly.
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return report("skipped: the file is not valid UTF-8 text (save it as UTF-8)");
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === "") return report("skipped: the file is empty");

  let meta: CorpusDocumentMeta = { ...candidate.listedMeta };
  if (candidate.format === "markdown") {
    const block = frontMatterBlock(text);
    if (block.error) problems.push({ path, message: `front matter ignored: ${block.error}` });
    else if (block.yaml !== undefined) {
      let fromFrontMatter = frontMatterCache?.get(block.yaml);
      if (!fromFrontMatter) {
        fromFrontMatter = metaOfFrontMatter(block.yaml);
        frontMatterCache?.set(block.yaml, fromFrontMatter);
      }
      for (const message of fromFrontMatter.problems) problems.push({ path, message });
      meta = { ...meta, ...fromFrontMatter.meta };
    }
  }
  return { id: candidate.id, path, format: candidate.format === "markdown" ? "markdown" : "text", text, meta };
}

/**
 * A PDF, web page or Word document, converted to Markdown. Metadata from corpus.json wins over
 * what the file says of itself (writers correct it there); a file that cannot be used is reported
 * with the reason and skipped.
 */
async function readConvertedDocument(
  candidate: DocumentCandidate,
  format: ConvertedFormat,
  fs: CorpusFileSystem,
  options: LoadCorpusOptions,
  problems: CorpusProblem[],
): Promise<CorpusDocument | undefined> {
  const { path } = candidate;
  const report = (message: string) => {
    problems.push({ path, message });
    return undefined;
  };
  const bytes = await readWithinLimit(path, fs, options.maxConvertedFileBytes ?? DEFAULT_MAX_CONVERTED_FILE_BYTES, report);
  if (!bytes) return undefined;
  if (bytes.byteLength === 0) return report("skipped: the file is empty");
  try {
    const converted = await convertSource(format, bytes, options.convertedCacheDir);
    const maxText = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
    if (converted.text.length > maxText) return report(`skipped: its text is longer than the ${formatBytes(maxText)} limit`);
    if (converted.text.trim() === "") return report("skipped: the file holds no text");
    for (const note of converted.notes) problems.push({ path, message: note });
    const meta = { ...converted.meta, ...candidate.listedMeta };
    return { id: candidate.id, path, format: "markdown", text: converted.text, meta, original: converted.original };
  } catch (error) {
    if (error instanceof SourceFormatError) return report(`skipped: ${error.message}`);
    return report(`skipped: the file cannot be read (${errorText(error)})`);
  }
}

/** A file's bytes, or undefined (reported) when it is over the limit, before or after reading, or cannot be read. */
async function readWithinLimit(path: string, fs: CorpusFileSystem, maxBytes: number, report: (message: string) => undefined): Promise<Uint8Array | undefined> {
  if (fs.readFileWithin) {
    let read;
    try {
      read = await fs.readFileWithin(path, maxBytes);
    } catch (error) {
      return report(`file cannot be read: ${errorText(error)}`);
    }
    return "bytes" in read ? read.bytes : report(tooLargeMessage(read.size, maxBytes));
  }
  const stat = await fs.stat(path);
  if (stat && stat.size > maxBytes) return report(tooLargeMessage(stat.size, maxBytes));
  let bytes: Uint8Array;
  try {
    bytes = await fs.readFile(path);
  } catch (error) {
    return report(`file cannot be read: ${errorText(error)}`);
  }
  if (bytes.byteLength > maxBytes) return report(tooLargeMessage(bytes.byteLength, maxBytes));
  return bytes;
}

/** A reason the bytes are not UTF-8 text we can index, for the cases we can name. */
function describeNonUtf8(bytes: Uint8Array): string | undefined {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return "skipped: the file is UTF-16 encoded (save it as UTF-8)";
  }
  // (Buffer's indexOf searches as memchr does, many times faster than a typed array's includes.)
  if (Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).indexOf(0) >= 0) return "skipped: the file looks binary (it contains NUL bytes)";
  return undefined;
}

function tooLargeMessage(size: number, limit: number): string {
  return `skipped: the file is ${formatBytes(size)}, larger than the ${formatBytes(limit)} limit`;
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${+(bytes / (1024 * 1024)).toFixed(1)} MiB`;
  if (bytes >= 1024) return `${+(bytes / 1024).toFixed(1)} KiB`;
  return `${bytes} bytes`;
}

// ---------------------------------------------------------------------------
// Metadata

/**
 * YAML front matter at the very start of a Markdown text. `data` is undefined when there
 * is none; `error` says why a front matter block could not be used.
 */
export function readFrontMatter(text: string): { data?: Record<string, unknown>; error?: string } {
  const block = frontMatterBlock(text);
  return block.yaml === undefined ? block : parseFrontMatter(block.yaml);
}

/** The YAML between a Markdown text's opening and closing --- lines, if it opens with one. */
function frontMatterBlock(text: string): { yaml?: string; error?: string } {
  const opening = /^---[ \t]*\r?\n/.exec(text);
  if (!opening) return {};
  const closing = /^(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/m;
  const rest = text.slice(opening[0].length);
  const close = closing.exec(rest);
  if (!close) return { error: "the opening --- has no closing --- line" };
  return { yaml: rest.slice(0, close.index) };
}

/** The metadata of a front matter block, and its problems as messages. */
function metaOfFrontMatter(yaml: string): FrontMatterMeta {
  const frontMatter = parseFrontMatter(yaml);
  if (frontMatter.error) return { meta: {}, problems: [`front matter ignored: ${frontMatter.error}`] };
  if (!frontMatter.data) return { meta: {}, problems: [] };
  const problems: string[] = [];
  const meta = metaFromRecord(frontMatter.data, (field, expected) => problems.push(`front matter field "${field}" ignored: expected ${expected}`));
  return { meta, problems };
}

function parseFrontMatter(yaml: string): { data?: Record<string, unknown>; error?: string } {
  let data: unknown;
  try {
    data = parseYaml(yaml);
  } catch (error) {
    return { error: `invalid YAML: ${firstLine(errorText(error))}` };
  }
  if (data === null || data === undefined) return {};
  if (typeof data !== "object" || Array.isArray(data) || data instanceof Date) {
    return { error: "it is not a mapping of fields (title: …, published: …)" };
  }
  return { data: data as Record<string, unknown> };
}

/** Reads a corpus.json; undefined (after reporting) when it cannot be used at all. */
async function readMetadataFile(
  path: string,
  fs: CorpusFileSystem,
  problems: CorpusProblem[],
  maxFileBytes: number,
): Promise<MetadataListing | undefined> {
  const report = (message: string) => problems.push({ path, message });
  // The same limit as for sources: read whole, a file of gigabytes would exhaust memory first.
  const size = (await fs.stat(path))?.size ?? 0;
  if (size > maxFileBytes) {
    report(`metadata ignored: ${tooLargeMessage(size, maxFileBytes).replace(/^skipped: /, "")}`);
    return undefined;
  }
  let raw: unknown;
  try {
    const text = new TextDecoder("utf-8").decode(await fs.readFile(path));
    raw = JSON.parse(text);
  } catch (error) {
    report(`metadata ignored: ${CORPUS_METADATA_FILE} is not valid JSON (${firstLine(errorText(error))})`);
    return undefined;
  }
  const documents = isRecord(raw) ? raw.documents : undefined;
  if (!Array.isArray(documents)) {
    report(`metadata ignored: expected an object with a "documents" list of { file, title, publisher, published, authors }`);
    return undefined;
  }
  const listing: MetadataListing = new Map();
  documents.forEach((entry, index) => {
    if (!isRecord(entry) || typeof entry.file !== "string" || entry.file.trim() === "") {
      report(`documents[${index}] ignored: expected an object with a "file" name`);
      return;
    }
    const file = entry.file.replace(/\\/g, "/").replace(/^\.\//, "");
    const meta = metaFromRecord(entry, (field, expected) =>
      report(`documents[${index}] ("${file}"): field "${field}" ignored: expected ${expected}`),
    );
    listing.set(file, meta);
  });
  return listing;
}

/**
 * The metadata fields of a corpus.json entry or front matter. Aliases (date, author) are
 * accepted because writers use them; a field of the wrong type is reported and skipped.
 */
function metaFromRecord(
  record: Record<string, unknown>,
  reportBadField: (field: string, expected: string) => void,
): CorpusDocumentMeta {
  const meta: CorpusDocumentMeta = {};
  for (const field of ["title", "publisher"] as const) {
    const value = record[field];
    if (value === undefined || value === null) continue;
    const text = scalarText(value);
    if (text === undefined) reportBadField(field, "text");
    else if (text !== "") meta[field] = text;
  }

  const publishedField = record.published !== undefined && record.published !== null ? "published" : "date";
  const published = record[publishedField];
  if (published !== undefined && published !== null) {
    const text = published instanceof Date ? isoDay(published) : scalarText(published);
    if (text === undefined) reportBadField(publishedField, 'a date such as "2024-07-08", "2024-07" or 2024');
    else if (text !== "") meta.published = text;
  }

  const authorsField = record.authors !== undefined && record.authors !== null ? "authors" : "author";
  const authors = record[authorsField];
  if (authors !== undefined && authors !== null) {
    const list = Array.isArray(authors) ? authors.map(scalarText) : [scalarText(authors)];
    if (list.some((name) => name === undefined)) reportBadField(authorsField, "a name or a list of names");
    else {
      const names = (list as string[]).filter((name) => name !== "");
      if (names.length > 0) meta.authors = names;
    }
  }
  return meta;
}

function scalarText(value: unknown): string | undefined {
  if (typeof value === "string") return value.trim();
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  return undefined;
}

/** YAML reads unquoted timestamps as midnight UTC, so the UTC day is the day written. */
function isoDay(date: Date): string | undefined {
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString().slice(0, 10);
}

// ---------------------------------------------------------------------------
// Small helpers

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function firstLine(text: string): string {
  return text.split(/\r?\n/, 1)[0];
}

/** Plain code-unit order: the same on every machine, unlike localeCompare. */
function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// Paths are joined by hand (no node:path) so the loader works with virtual file systems;
// the separator already used in the folder is kept so Windows paths stay Windows paths.
function joinPath(dir: string, name: string): string {
  if (/[\\/]$/.test(dir)) return dir + name;
  const separator = dir.includes("\\") && !dir.includes("/") ? "\\" : "/";
  return `${dir}${separator}${name}`;
}

function stripTrailingSeparator(path: string): string {
  const stripped = path.replace(/[\\/]+$/, "");
  // Keep roots ("/", "C:\") intact.
  return stripped === "" || /^[A-Za-z]:$/.test(stripped) ? path : stripped;
}

function splitPath(path: string): { dir: string | undefined; name: string } {
  const cut = Math.max(path.lastIndexOf("/"), path.lastIndexOf("\\"));
  if (cut < 0) return { dir: undefined, name: path };
  return { dir: cut === 0 ? path.slice(0, 1) : path.slice(0, cut), name: path.slice(cut + 1) };
}
