// Which documents the server checks, and small text helpers shared by the features.
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { Position } from "vscode-languageserver";
import { TextDocument } from "vscode-languageserver-textdocument";

/** Drafts above this size are not checked: the engine's cost grows with the text and typing must stay fast. */
export const MAX_CHECKED_CHARS = 5 * 1024 * 1024;

const MARKDOWN_EXTENSIONS = [".md", ".markdown"];

export function isMarkdownUri(uri: string): boolean {
  const lower = uri.toLowerCase().replace(/[?#].*$/, "");
  return MARKDOWN_EXTENSIONS.some((ext) => lower.endsWith(ext));
}

export function isMarkdownDocument(doc: TextDocument): boolean {
  return doc.languageId === "markdown" || isMarkdownUri(doc.uri);
}

export function uriToPath(uri: string): string | undefined {
  if (!uri.startsWith("file:")) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

export function pathToUri(file: string): string {
  return pathToFileURL(file).href;
}

/** The document's offset for a position, or undefined when the position is outside the text. */
export function offsetOf(doc: TextDocument, position: Position): number | undefined {
  if (position.line < 0 || position.character < 0 || position.line >= doc.lineCount) return undefined;
  const lineText = doc.getText({ start: { line: position.line, character: 0 }, end: { line: position.line + 1, character: 0 } });
  if (position.character > lineText.replace(/\r?\n$/, "").length) return undefined;
  return doc.offsetAt(position);
}

/** The document's own line ending (its first: "\n", "\r\n" or a lone "\r"), so inserted lines match it. */
export function lineEndingOf(text: string): string {
  return /\r\n?|\n/.exec(text)?.[0] ?? "\n";
}

/**
 * Markdown files under the folders, skipping node_modules and dot-folders (.git, .vscode, ...).
 * Symbolic links are not followed, so a link loop cannot make the walk endless.
 */
export async function listMarkdownFiles(folders: readonly string[], limit: number): Promise<string[]> {
  const found: string[] = [];
  const queue = [...folders];
  while (queue.length && found.length < limit) {
    const dir = queue.shift()!;
    let entries: fs.Dirent[];
    try {
      entries = await fs.promises.readdir(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!entry.name.startsWith(".") && entry.name !== "node_modules") queue.push(full);
      } else if (entry.isFile() && MARKDOWN_EXTENSIONS.includes(path.extname(entry.name).toLowerCase())) {
        found.push(full);
        if (found.length >= limit) break;
      }
    }
  }
  return found;
}

export interface WorkspaceMarkdown {
  doc: TextDocument;
  /** True when the text comes from an open editor rather than from disk. */
  open: boolean;
}

/**
 * The workspace's Markdown: open documents as the editor holds them, then files on disk that are not
 * open. Files too big to check are skipped.
 */
export async function workspaceMarkdown(
  openDocuments: readonly TextDocument[],
  folders: readonly string[],
  limit: number,
): Promise<WorkspaceMarkdown[]> {
  const result: WorkspaceMarkdown[] = [];
  const openPaths = new Set<string>();
  for (const doc of openDocuments) {
    if (!isMarkdownDocument(doc)) continue;
    const file = uriToPath(doc.uri);
    if (file) openPaths.add(path.resolve(file));
    if (result.length < limit && doc.getText().length <= MAX_CHECKED_CHARS) result.push({ doc, open: true });
  }
  for (const file of await listMarkdownFiles(folders, limit)) {
    if (result.length >= limit) break;
    if (openPaths.has(path.resolve(file))) continue;
    try {
      const stat = await fs.promises.stat(file);
      if (stat.size > MAX_CHECKED_CHARS) continue;
      const text = await fs.promises.readFile(file, "utf8");
      result.push({ doc: TextDocument.create(pathToUri(file), "markdown", 0, text), open: false });
    } catch {
      // deleted or unreadable since the listing; nothing to report about it
    }
  }
  return result;
}
