// PDF reports, saved web pages and Word documents in the corpus: each converted to Markdown once
// per file content (kept in memory and, when given a folder, on disk), so a re-index after an
// edit elsewhere in the corpus, or the next start of the editor, does not read the file again.
import { createHash } from "node:crypto";
import * as fsp from "node:fs/promises";
import * as nodePath from "node:path";
import type { ConvertedFormat } from "../../types";
import { readDocx } from "./docx";
import { readHtml } from "./html";
import { readPdf } from "./pdf";
import { SourceFormatError, type ConvertedSource } from "./sourceFormat";

export { SourceFormatError, type ConvertedSource } from "./sourceFormat";

export const CONVERTED_EXTENSIONS: Record<string, ConvertedFormat> = {
  ".pdf": "pdf",
  ".html": "html",
  ".htm": "html",
  ".docx": "docx",
};

/**
 * Converted sources may be larger files than text ones (a report's images weigh more than its
 * text), but not without bound: past this the file is refused before it is read.
 */
export const DEFAULT_MAX_CONVERTED_FILE_BYTES = 128 * 1024 * 1024;

/** Bump when a reader's output changes, so cached conversions are made again. */
const CONVERTER_VERSION = "1";

const READERS: Record<ConvertedFormat, (bytes: Uint8Array) => Promise<ConvertedSource>> = {
  pdf: readPdf,
  html: readHtml,
  docx: readDocx,
};

/** The conversion of one file's bytes; a SourceFormatError says why the file cannot be used. */
export async function convertSource(format: ConvertedFormat, bytes: Uint8Array, cacheDir?: string): Promise<ConvertedSource> {
  const key = createHash("sha256").update(`${CONVERTER_VERSION}\u0000${format}\u0000`).update(bytes).digest("hex").slice(0, 40);
  const cached = memoryCache.get(key) ?? (cacheDir ? await readCached(cacheDir, key) : undefined);
  if (cached) {
    remember(key, cached);
    return cached;
  }
  let converted: ConvertedSource;
  try {
    converted = await READERS[format](bytes);
  } catch (error) {
    if (error instanceof SourceFormatError) throw error;
    throw new SourceFormatError(`cannot be read: ${(error as Error)?.message ?? String(error)}`);
  }
  remember(key, converted);
  if (cacheDir) await writeCached(cacheDir, key, converted);
  return converted;
}

// ---------------------------------------------------------------------------
// Caches

/** Conversions kept in memory, newest last, up to this many characters of text in all. */
const MEMORY_CACHE_CHARS = 64 * 1024 * 1024;
const memoryCache = new Map<string, ConvertedSource>();
let memoryCacheChars = 0;

function remember(key: string, converted: ConvertedSource): void {
  const old = memoryCache.get(key);
  if (old) {
    memoryCache.delete(key);
    memoryCacheChars -= old.text.length;
  }
  memoryCache.set(key, converted);
  memoryCacheChars += converted.text.length;
  for (const [oldest, value] of memoryCache) {
    if (memoryCacheChars <= MEMORY_CACHE_CHARS || oldest === key) break;
    memoryCache.delete(oldest);
    memoryCacheChars -= value.text.length;
  }
}

const KEEP_CACHED_FILES = 500;

async function readCached(dir: string, key: string): Promise<ConvertedSource | undefined> {
  try {
    const value = JSON.parse(await fsp.readFile(nodePath.join(dir, `${key}.json`), "utf8")) as ConvertedSource;
    return typeof value?.text === "string" && value.original ? value : undefined;
  } catch {
    return undefined; // missing or unreadable: convert the file again
  }
}

/** Written through a temporary file; the oldest conversions are dropped past a few hundred. */
async function writeCached(dir: string, key: string, converted: ConvertedSource): Promise<void> {
  try {
    await fsp.mkdir(dir, { recursive: true });
    const file = nodePath.join(dir, `${key}.json`);
    const tmp = `${file}.${process.pid}.tmp`;
    await fsp.writeFile(tmp, JSON.stringify(converted));
    await fsp.rename(tmp, file);
    const names = (await fsp.readdir(dir)).filter((name) => name.endsWith(".json"));
    if (names.length > KEEP_CACHED_FILES) {
      const dated = await Promise.all(names.map(async (name) => ({ name, time: (await fsp.stat(nodePath.join(dir, name))).mtimeMs })));
      dated.sort((a, b) => b.time - a.time);
      for (const { name } of dated.slice(KEEP_CACHED_FILES)) await fsp.rm(nodePath.join(dir, name), { force: true });
    }
  } catch {
    // A cache that cannot be written only costs time.
  }
}
