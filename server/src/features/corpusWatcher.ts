// Notices changes to corpus files and to the project config file. Uses the client's file watcher
// (registered dynamically for the corpus folders) and falls back to Node's watcher for clients that
// cannot register one. Bursts of events (a checkout, a copy) are debounced into one re-index.
import * as fs from "node:fs";
import * as path from "node:path";
import type { Disposable, FileEvent, FileSystemWatcher } from "vscode-languageserver";
import { CONFIG_FILE_NAMES } from "../core/config";
import type { Logger } from "./corpusIndex";
import { pathToUri, uriToPath } from "./documents";

const DEBOUNCE_MS = 300;

export interface WatcherHost {
  log: Logger;
  /** Registers file watchers with the client; undefined when the client cannot. */
  registerWatchers?: (watchers: FileSystemWatcher[]) => Promise<Disposable>;
  /** Whether the client understands relative glob patterns (LSP 3.17). */
  relativePatterns: boolean;
  onCorpusChanged(): void;
  onConfigFileChanged(): void;
}

export function isInside(folder: string, file: string): boolean {
  const rel = path.relative(folder, file);
  return rel === "" || (!rel.startsWith("..") && !path.isAbsolute(rel));
}

export class CorpusWatcher {
  private folders: string[] = [];
  private registration: Disposable | undefined;
  private nodeWatchers: fs.FSWatcher[] = [];
  private corpusTimer: NodeJS.Timeout | undefined;
  private configTimer: NodeJS.Timeout | undefined;
  private registering: Promise<void> = Promise.resolve();

  constructor(private readonly host: WatcherHost) {}

  /** Watches these corpus folders (and the config file), replacing the previous watch. */
  watch(folders: readonly string[]): Promise<void> {
    this.folders = [...folders];
    // Registrations are serialised so an older one can never be disposed after a newer one.
    this.registering = this.registering.then(() => this.register()).catch((e) => this.host.log.warn(`Cannot watch the corpus: ${String(e)}`));
    return this.registering;
  }

  /** Handles workspace/didChangeWatchedFiles. */
  onFileEvents(changes: readonly FileEvent[]): void {
    for (const change of changes) {
      const file = uriToPath(change.uri);
      if (!file) continue;
      if (CONFIG_FILE_NAMES.includes(path.basename(file))) this.configChanged();
      else if (this.folders.some((folder) => isInside(folder, file))) this.corpusChanged();
    }
  }

  dispose(): void {
    this.registration?.dispose();
    this.registration = undefined;
    for (const w of this.nodeWatchers) w.close();
    this.nodeWatchers = [];
    clearTimeout(this.corpusTimer);
    clearTimeout(this.configTimer);
  }

  private async register(): Promise<void> {
    const old = this.registration;
    this.registration = undefined;
    old?.dispose();
    for (const w of this.nodeWatchers) w.close();
    this.nodeWatchers = [];

    if (this.host.registerWatchers) {
      const watchers: FileSystemWatcher[] = this.folders.map((folder) => ({
        globPattern: this.host.relativePatterns
          ? { baseUri: pathToUri(folder), pattern: "**/*" }
          : `${folder.split(path.sep).join("/")}/**/*`,
      }));
      for (const name of CONFIG_FILE_NAMES) watchers.push({ globPattern: `**/${name}` });
      this.registration = await this.host.registerWatchers(watchers);
      return;
    }
    for (const folder of this.folders) {
      try {
        const watcher = fs.watch(folder, { recursive: true, persistent: false }, () => this.corpusChanged());
        watcher.on("error", (e) => this.host.log.warn(`Stopped watching ${folder}: ${e.message}`));
        this.nodeWatchers.push(watcher);
      } catch (e) {
        this.host.log.warn(`Cannot watch ${folder}: ${(e as Error).message}`);
      }
    }
  }

  private corpusChanged(): void {
    clearTimeout(this.corpusTimer);
    this.corpusTimer = setTimeout(() => this.host.onCorpusChanged(), DEBOUNCE_MS);
  }

  private configChanged(): void {
    clearTimeout(this.configTimer);
    this.configTimer = setTimeout(() => this.host.onConfigFileChanged(), DEBOUNCE_MS);
  }
}
