// The file access the corpus loader needs, behind an interface so tests (and the web)
// can load corpora without touching the disk.
import * as fs from "node:fs";
import * as fsp from "node:fs/promises";

export interface CorpusDirEntry {
  name: string;
  isFile: boolean;
  isDirectory: boolean;
  /** A symbolic link; isFile says what it points at. */
  isSymbolicLink?: boolean;
}

export interface CorpusFileStat {
  isFile: boolean;
  isDirectory: boolean;
  size: number;
}

export interface CorpusFileSystem {
  /** Entries of a folder (names only, not paths). Throws when the folder cannot be read. */
  readDir(dir: string): Promise<CorpusDirEntry[]>;
  /** The raw bytes of a file. Throws when the file cannot be read. */
  readFile(path: string): Promise<Uint8Array>;
  /** File or folder facts; undefined when nothing exists at the path. */
  stat(path: string): Promise<CorpusFileStat | undefined>;
  /** The path with every symbolic link resolved; undefined when it cannot be resolved. */
  realPath?(path: string): Promise<string | undefined>;
  /**
   * The bytes of a file if it holds at most `maxBytes`, else its size (read no further): one call
   * where stat and readFile are two. Throws when the file cannot be read.
   */
  readFileWithin?(path: string, maxBytes: number): Promise<{ bytes: Uint8Array } | { size: number }>;
}

export const nodeFileSystem: CorpusFileSystem = {
  async readDir(dir) {
    const entries = await fsp.readdir(dir, { withFileTypes: true });
    const result: CorpusDirEntry[] = [];
    for (const entry of entries) {
      if (entry.isSymbolicLink()) {
        // Follow links to files, but never links to folders: a link back up the tree
        // would make the walk endless.
        const target = await fsp.stat(joinNative(dir, entry.name)).catch(() => undefined);
        result.push({ name: entry.name, isFile: target?.isFile() ?? false, isDirectory: false, isSymbolicLink: true });
      } else {
        result.push({ name: entry.name, isFile: entry.isFile(), isDirectory: entry.isDirectory() });
      }
    }
    return result;
  },
  async readFile(path) {
    const buffer = await fsp.readFile(path);
    return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  },
  async stat(path) {
    try {
      const st = await fsp.stat(path);
      return { isFile: st.isFile(), isDirectory: st.isDirectory(), size: st.size };
    } catch {
      return undefined;
    }
  },
  async realPath(path) {
    return fsp.realpath(path).catch(() => undefined);
  },
  async readFileWithin(path, maxBytes) {
    // Read at once: a corpus is a thousand small files, and a round trip to the thread pool for
    // each step of each file (open, stat, read, close) costs more than the reading.
    const fd = fs.openSync(path, "r");
    try {
      const size = fs.fstatSync(fd).size;
      if (size > maxBytes) return { size };
      // (Read to the end: a file may have grown since its size was taken.)
      // (One byte more than its size: the read that finds the end needs no room of its own.)
      let bytes = Buffer.allocUnsafe(size + 1);
      let length = 0;
      for (;;) {
        if (length === bytes.length) {
          if (length > maxBytes) return { size: length };
          const grown = Buffer.allocUnsafe(Math.min(bytes.length * 2, maxBytes + 1));
          bytes.copy(grown, 0, 0, length);
          bytes = grown;
        }
        const n = fs.readSync(fd, bytes, length, bytes.length - length, null);
        if (n === 0) break;
        length += n;
      }
      if (length > maxBytes) return { size: length };
      return { bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, length) };
    } finally {
      fs.closeSync(fd);
    }
  },
};

/**
 * Does a link found in a corpus folder point inside one of the corpus folders (resolved with
 * realPath)? A link out of them could make the corpus read, and quote in diagnostics, a private file
 * that no setting named.
 */
export async function linkStaysInFolders(fs: CorpusFileSystem, link: string, folders: readonly string[]): Promise<boolean> {
  if (!fs.realPath) return true;
  const target = await fs.realPath(link);
  if (target === undefined) return false;
  return folders.some((folder) => target === folder || target.startsWith(/[\\/]$/.test(folder) ? folder : `${folder}${separatorOf(folder)}`));
}

function separatorOf(path: string): string {
  return path.includes("\\") && !path.includes("/") ? "\\" : "/";
}

function joinNative(dir: string, name: string): string {
  return /[\\/]$/.test(dir) ? dir + name : `${dir}/${name}`;
}

/**
 * A read-only file system over a map of absolute POSIX paths to contents, for tests.
 * Folders exist implicitly as the ancestors of the files.
 */
export function inMemoryFileSystem(files: Record<string, string | Uint8Array>): CorpusFileSystem {
  const encoder = new TextEncoder();
  const contents = new Map<string, Uint8Array>();
  // folder path -> child name -> is the child a folder
  const folders = new Map<string, Map<string, boolean>>();

  for (const [rawPath, content] of Object.entries(files)) {
    const path = normalisePosix(rawPath);
    contents.set(path, typeof content === "string" ? encoder.encode(content) : content);
    const parts = path.split("/").filter((part) => part !== "");
    let parent = "/";
    for (let i = 0; i < parts.length; i++) {
      const isLast = i === parts.length - 1;
      let children = folders.get(parent);
      if (!children) folders.set(parent, (children = new Map()));
      if (!children.has(parts[i]) || !isLast) children.set(parts[i], !isLast);
      parent = parent === "/" ? `/${parts[i]}` : `${parent}/${parts[i]}`;
    }
  }

  const notFound = (path: string, syscall: string) =>
    Object.assign(new Error(`ENOENT: no such file or directory, ${syscall} '${path}'`), { code: "ENOENT" });

  return {
    async readDir(dir) {
      const children = folders.get(normalisePosix(dir));
      if (!children) throw notFound(dir, "scandir");
      return [...children].map(([name, isDirectory]) => ({ name, isFile: !isDirectory, isDirectory }));
    },
    async readFile(path) {
      const content = contents.get(normalisePosix(path));
      if (!content) throw notFound(path, "open");
      return content;
    },
    async stat(path) {
      const normalised = normalisePosix(path);
      const content = contents.get(normalised);
      if (content) return { isFile: true, isDirectory: false, size: content.byteLength };
      if (folders.has(normalised)) return { isFile: false, isDirectory: true, size: 0 };
      return undefined;
    },
  };
}

/** "/a//b/" -> "/a/b"; the root stays "/". */
function normalisePosix(path: string): string {
  const trimmed = path.replace(/\/+/g, "/").replace(/\/$/, "");
  return trimmed === "" ? "/" : trimmed;
}
