// The project config file (.factcheckrc.json) shared by the CLI and the language server.
import * as fs from "node:fs";
import * as path from "node:path";
import type { Severity } from "./types";

export const CONFIG_FILE_NAMES = [".factcheckrc.json", ".factcheckrc"];

export interface ProjectConfig {
  /** Corpus folders, absolute or relative to the config file's folder. */
  corpus?: string[];
  /** Severity per diagnostic code ("off" silences it). */
  severity?: Record<string, Severity | "off">;
  /** Rules on or off by code; false is the same as severity "off". */
  rules?: Record<string, boolean>;
  /** Use the built-in facts in data/: "auto" (only when no corpus is loaded), "always" or "never". */
  builtinFacts?: "auto" | "always" | "never";
}

export interface LoadedConfig {
  path: string;
  config: ProjectConfig;
  /** Corpus folders resolved to absolute paths. */
  corpusFolders: string[];
}

export class ConfigError extends Error {}

const SEVERITIES = new Set(["error", "warning", "information", "hint", "off"]);

/** Validates a parsed config object; throws ConfigError with a readable message. */
export function validateConfig(raw: unknown, where: string): ProjectConfig {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    throw new ConfigError(`${where}: the config must be a JSON object`);
  }
  const obj = raw as Record<string, unknown>;
  const config: ProjectConfig = {};
  if (obj.corpus !== undefined) {
    const list = typeof obj.corpus === "string" ? [obj.corpus] : obj.corpus;
    if (!Array.isArray(list) || !list.every((x) => typeof x === "string")) {
      throw new ConfigError(`${where}: "corpus" must be a folder path or a list of folder paths`);
    }
    config.corpus = list as string[];
  }
  if (obj.severity !== undefined) {
    if (typeof obj.severity !== "object" || obj.severity === null) throw new ConfigError(`${where}: "severity" must be an object`);
    for (const [code, sev] of Object.entries(obj.severity as Record<string, unknown>)) {
      if (typeof sev !== "string" || !SEVERITIES.has(sev)) {
        throw new ConfigError(`${where}: severity of "${code}" must be one of error, warning, information, hint, off`);
      }
    }
    config.severity = obj.severity as Record<string, Severity | "off">;
  }
  if (obj.rules !== undefined) {
    if (typeof obj.rules !== "object" || obj.rules === null) throw new ConfigError(`${where}: "rules" must be an object`);
    for (const [code, on] of Object.entries(obj.rules as Record<string, unknown>)) {
      if (typeof on !== "boolean") throw new ConfigError(`${where}: rule "${code}" must be true or false`);
    }
    config.rules = obj.rules as Record<string, boolean>;
  }
  if (obj.builtinFacts !== undefined) {
    if (obj.builtinFacts !== "auto" && obj.builtinFacts !== "always" && obj.builtinFacts !== "never") {
      throw new ConfigError(`${where}: "builtinFacts" must be "auto", "always" or "never"`);
    }
    config.builtinFacts = obj.builtinFacts;
  }
  return config;
}

/** Reads and validates one config file. */
export function readConfigFile(file: string): LoadedConfig {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    throw new ConfigError(`cannot read config ${file}: ${(e as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new ConfigError(`${file}: not valid JSON (${(e as Error).message})`);
  }
  const config = validateConfig(raw, file);
  const dir = path.dirname(path.resolve(file));
  return { path: file, config, corpusFolders: (config.corpus ?? []).map((c) => path.resolve(dir, c)) };
}

/** Finds the nearest config file in `startDir` or its parents. */
export function findConfigFile(startDir: string): string | undefined {
  let dir = path.resolve(startDir);
  for (;;) {
    for (const name of CONFIG_FILE_NAMES) {
      const candidate = path.join(dir, name);
      try {
        if (fs.statSync(candidate).isFile()) return candidate;
      } catch {
        // not here; keep walking up
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** Severity for a code after applying `severity` and `rules`; undefined means off. */
export function effectiveSeverity(
  code: string,
  fallback: Severity,
  severities?: Partial<Record<string, Severity | "off">>,
  rules?: Record<string, boolean>,
): Severity | undefined {
  if (rules && rules[code] === false) return undefined;
  const s = severities?.[code];
  if (s === "off") return undefined;
  return s ?? fallback;
}

/** Why an explicitly named corpus cannot be used, with the fix; undefined when it can. */
export interface CorpusFolderIssue {
  folder: string;
  reason: string;
}

/**
 * Checks corpus folders that a flag, a config file or a setting named. A named corpus that is missing
 * or empty must not fall back to the built-in facts silently: a typo would pass every check.
 * `loadedDocuments` is the number of sources indexed from them (after loading), if known.
 */
export function corpusFolderIssues(folders: string[], loadedDocuments?: number): CorpusFolderIssue[] {
  const issues: CorpusFolderIssue[] = [];
  for (const folder of folders) {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(folder);
    } catch {
      issues.push({ folder, reason: "does not exist" });
      continue;
    }
    if (!stat.isDirectory() && !stat.isFile()) issues.push({ folder, reason: "is neither a folder nor a file" });
    else if (!holdsSourceFile(folder, stat)) issues.push({ folder, reason: NO_SOURCE });
  }
  // Every file there may have been unreadable (binary, empty, not UTF-8): nothing was indexed.
  if (issues.length === 0 && folders.length > 0 && loadedDocuments === 0) {
    issues.push(...folders.map((folder) => ({ folder, reason: NO_SOURCE })));
  }
  return issues;
}

const NO_SOURCE = "holds no readable source (.md, .markdown, .txt, .pdf, .html, .htm or .docx)";
const SOURCE_FILE = /\.(md|markdown|txt|pdf|html?|docx)$/i;

/** Whether a corpus folder (or single file) has a source file, searching as the corpus loader does. */
function holdsSourceFile(folder: string, stat: fs.Stats): boolean {
  if (stat.isFile()) return SOURCE_FILE.test(folder);
  const pending = [folder];
  while (pending.length > 0) {
    const dir = pending.pop()!;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      continue; // an unreadable subfolder is reported by the loader
    }
    for (const entry of entries) {
      if (entry.name.startsWith(".")) continue;
      if (entry.isDirectory() && entry.name !== "node_modules") pending.push(path.join(dir, entry.name));
      else if (SOURCE_FILE.test(entry.name)) return true;
    }
  }
  return false;
}

/** One line per issue: "corpus folder X does not exist". */
export function describeCorpusIssues(issues: CorpusFolderIssue[]): string[] {
  return issues.map((i) => `corpus folder ${i.folder} ${i.reason}`);
}
