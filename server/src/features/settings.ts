// The server's settings: editor settings (section "policyFactCheck"), initialization options and the
// project's .factcheckrc.json, merged per key in that order of precedence.
import * as path from "node:path";
import { ConfigError, findConfigFile, readConfigFile, validateConfig, type LoadedConfig, type ProjectConfig } from "../core/config";
import type { Severity } from "../core/types";

export const SETTINGS_SECTION = "policyFactCheck";

export type BuiltinFactsMode = "auto" | "always" | "never";

export interface EffectiveSettings {
  /** Absolute corpus folders; empty means the engine's built-in facts. */
  corpusFolders: string[];
  /** Severity per diagnostic code, with rules that are switched off folded in as "off". */
  severities: Record<string, Severity | "off">;
  builtinFacts: BuiltinFactsMode;
}

export interface SettingsSources {
  /** The editor's settings: the answer to workspace/configuration, or didChangeConfiguration's payload. */
  editor?: unknown;
  initializationOptions?: unknown;
  /** Relative corpus folders in editor settings resolve against it; the config file search starts there. */
  workspaceRoot?: string;
  /** Every workspace folder: in a workspace not known to be trusted, no corpus folder is read inside one. */
  workspaceFolders?: readonly string[];
  /**
   * The client's word on the workspace. False (untrusted): the workspace's config file is ignored
   * entirely. Undefined (a client that does not say): the safe choice for what reads files, so the
   * config file's corpus and any corpus folder inside the workspace are ignored.
   */
  workspaceTrusted: boolean | undefined;
}

export interface ResolvedSettings {
  settings: EffectiveSettings;
  /** Readable reasons why a value was ignored. */
  problems: string[];
}

const KEYS = ["corpus", "severity", "rules", "builtinFacts"] as const;

/**
 * Reads one layer leniently: a bad value is reported and ignored on its own, so one typo does not
 * discard the rest of the layer. Null values and empty corpus lists count as "not set" because
 * editors send defaults for settings the user never touched.
 */
function readLayer(raw: unknown, where: string, problems: string[]): ProjectConfig {
  if (raw === undefined || raw === null) return {};
  if (typeof raw !== "object" || Array.isArray(raw)) {
    problems.push(`${where}: expected an object of settings`);
    return {};
  }
  const obj = raw as Record<string, unknown>;
  const layer: ProjectConfig = {};
  for (const key of KEYS) {
    if (obj[key] === undefined || obj[key] === null) continue;
    try {
      Object.assign(layer, validateConfig({ [key]: obj[key] }, where));
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      problems.push(e.message);
    }
  }
  if (layer.corpus && layer.corpus.length === 0) delete layer.corpus;
  return layer;
}

export function resolveSettings(sources: SettingsSources): ResolvedSettings {
  const problems: string[] = [];
  const base = sources.workspaceRoot ?? process.cwd();
  const editor = readLayer(sources.editor, `settings "${SETTINGS_SECTION}"`, problems);
  const init = readLayer(sources.initializationOptions, "initializationOptions", problems);

  const trusted = sources.workspaceTrusted === true;
  const file = sources.workspaceTrusted === false ? untrustedConfigFile(sources.workspaceRoot, problems) : configFile(sources.workspaceRoot, problems);

  const fileCorpus = trusted ? file?.corpusFolders ?? [] : [];
  const named = editor.corpus ?? init.corpus;
  const corpusFolders = named ? corpusFoldersOutside(named, base, trusted ? [] : sources.workspaceFolders ?? [base], problems) : fileCorpus;

  const severity = { ...file?.config.severity, ...init.severity, ...editor.severity };
  const rules = { ...file?.config.rules, ...init.rules, ...editor.rules };
  const severities: Record<string, Severity | "off"> = { ...severity };
  for (const [code, on] of Object.entries(rules)) if (!on) severities[code] = "off";

  return {
    settings: {
      corpusFolders: [...new Set(corpusFolders)],
      severities,
      builtinFacts: explicitBuiltinFacts(editor) ?? explicitBuiltinFacts(init) ?? file?.config.builtinFacts ?? "auto",
    },
    problems,
  };
}

function configFile(workspaceRoot: string | undefined, problems: string[]): LoadedConfig | undefined {
  const configPath = workspaceRoot ? findConfigFile(workspaceRoot) : undefined;
  if (!configPath) return undefined;
  try {
    return readConfigFile(configPath);
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    problems.push(e.message);
    return undefined;
  }
}

/**
 * In an untrusted workspace the config file is not read at all: its rules and severities could hide
 * real conflicts as surely as its corpus could read private files. Its presence is said, so a writer
 * knows why its settings do not apply.
 */
function untrustedConfigFile(workspaceRoot: string | undefined, problems: string[]): undefined {
  const configPath = workspaceRoot ? findConfigFile(workspaceRoot) : undefined;
  if (configPath) problems.push(`Untrusted workspace: ${configPath} is ignored (trust the workspace to use it).`);
  return undefined;
}

function isInside(folder: string, file: string): boolean {
  const relative = path.relative(folder, file);
  return relative === "" || (!relative.startsWith("..") && !path.isAbsolute(relative));
}

/**
 * Corpus folders from the editor's settings, resolved. Where the workspace is not known to be trusted,
 * nothing is resolved inside it: a relative path would point into the workspace, whose files (and
 * symbolic links) its author chose.
 */
function corpusFoldersOutside(named: string[], base: string, untrustedFolders: readonly string[], problems: string[]): string[] {
  const folders: string[] = [];
  for (const entry of named) {
    const resolved = path.resolve(base, entry);
    const inside = untrustedFolders.find((folder) => isInside(folder, resolved));
    if (inside !== undefined) {
      problems.push(`Untrusted workspace: corpus folder "${entry}" is inside the workspace (${inside}) and is not read.`);
      continue;
    }
    folders.push(resolved);
  }
  return folders;
}

/**
 * Editors send the default "auto" for a setting nobody touched; reading it as unset lets the project
 * config file's choice through.
 */
function explicitBuiltinFacts(layer: ProjectConfig): BuiltinFactsMode | undefined {
  return layer.builtinFacts === "auto" ? undefined : layer.builtinFacts;
}

export function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
