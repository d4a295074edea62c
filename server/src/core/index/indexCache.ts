// The on-disk index cache: a snapshot of what indexing derived from a corpus, keyed by the
// content of every document, its metadata, the catalog and the engine's own data. Reading it
// back skips parsing and extraction; any change to a file's bytes gives a new key.
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { deserialize, serialize } from "node:v8";
import lexiconData from "../../../../data/lexicon.json";
import placesData from "../../../../data/places.json";
import type { EntityDefinition } from "../extract/entities";
import type { Catalog, CorpusDocument, SourceRef } from "../types";
import type { FactIndexSnapshot, IndexedClaim } from "./factIndex";

/** Bump when extraction or the snapshot's shape changes: old snapshots are then never read. */
export const INDEX_FORMAT = "policy-fact-check-index-14";
/** Bump when the snapshot's layout on disk changes. */
const SNAPSHOT_LAYOUT = "columns-2";
const KEEP_SNAPSHOTS = 8;
/** Set by the build from the engine's sources, so a rebuilt engine never reads an older one's snapshot. */
declare const __ENGINE_HASH__: string | undefined;
const ENGINE_HASH = typeof __ENGINE_HASH__ === "string" ? __ENGINE_HASH__ : "unbundled";

export interface IndexSnapshot {
  definitions: EntityDefinition[];
  properNouns: string[];
  /**
   * Written: the index's own claims (not copies). Read: the claims without their text (sentence,
   * lower-cased sentence and context, range), which the reader slices again from the documents.
   */
  claims: readonly IndexedClaim[];
  entityDefinitions: [string, SourceRef[]][];
  mentionCounts: [string, number][];
  /** The fact index's lists, so reading skips re-indexing every claim. */
  index?: FactIndexSnapshot;
}

export function cacheKey(docs: CorpusDocument[], catalog: Catalog, builtinMode: string): string {
  const h = createHash("sha256");
  h.update(INDEX_FORMAT);
  h.update(SNAPSHOT_LAYOUT);
  h.update(ENGINE_HASH);
  h.update(JSON.stringify(catalog));
  h.update(JSON.stringify(lexiconData));
  h.update(JSON.stringify(placesData));
  h.update(builtinMode);
  for (const doc of docs) {
    h.update(`\u0000${doc.id}\u0000${doc.path}\u0000${doc.format}\u0000${JSON.stringify(doc.meta)}\u0000`);
    h.update(createHash("sha1").update(doc.text).digest("hex"));
  }
  return h.digest("hex").slice(0, 40);
}

/** Derived from the documents on reading: storing them would multiply the snapshot. */
const TEXT_FIELDS = new Set(["sentence", "sentenceLower", "contextLower", "sentenceRange", "contextStart"]);

/**
 * A column of claims: numbers in a typed array (NaN: absent); strings and lists of words as ids
 * in tables of distinct ones (-1: absent), so that a word or list is stored and read back once
 * and shared by every claim; anything else as the serializer writes it.
 */
type Column =
  | { kind: "number"; data: Float64Array }
  | { kind: "string"; data: Int32Array }
  | { kind: "list"; data: Int32Array }
  | { kind: "value"; data: unknown[] };

interface ClaimColumns {
  count: number;
  strings: string[];
  lists: (string | number)[][];
  columns: Record<string, Column>;
}

function columnKind(claims: readonly IndexedClaim[], key: string): Column["kind"] {
  let kind: Column["kind"] | undefined;
  for (const c of claims) {
    const v = (c as unknown as Record<string, unknown>)[key];
    if (v === undefined) continue;
    const k: Column["kind"] =
      typeof v === "number" ? "number" : typeof v === "string" ? "string" : Array.isArray(v) && v.every((x) => typeof x === "string" || typeof x === "number") ? "list" : "value";
    if (kind && kind !== k) return "value";
    kind = k;
  }
  return kind ?? "value";
}

/** Claims by column, read straight from the index's claims: no claim is copied. */
function toColumns(claims: readonly IndexedClaim[]): ClaimColumns {
  const keys = new Set<string>();
  for (const c of claims) for (const k in c) if (!TEXT_FIELDS.has(k)) keys.add(k);
  const strings: string[] = [];
  const stringIds = new Map<string, number>();
  const stringId = (s: string) => {
    let id = stringIds.get(s);
    if (id === undefined) stringIds.set(s, (id = strings.push(s) - 1));
    return id;
  };
  const lists: (string | number)[][] = [];
  const byIdentity = new Map<unknown[], number>();
  const byContent = new Map<string, number>();
  const listId = (l: (string | number)[]) => {
    let id = byIdentity.get(l);
    if (id !== undefined) return id;
    const content = l.map((x) => (typeof x === "number" ? `#${x}` : x)).join("\u0001");
    id = byContent.get(content);
    if (id === undefined) byContent.set(content, (id = lists.push(l) - 1));
    byIdentity.set(l, id);
    return id;
  };
  const columns: Record<string, Column> = {};
  const n = claims.length;
  for (const key of keys) {
    const kind = columnKind(claims, key);
    const at = (i: number) => (claims[i] as unknown as Record<string, unknown>)[key];
    if (kind === "number") {
      const data = new Float64Array(n);
      for (let i = 0; i < n; i++) data[i] = (at(i) as number | undefined) ?? NaN;
      columns[key] = { kind, data };
    } else if (kind === "string" || kind === "list") {
      const data = new Int32Array(n);
      for (let i = 0; i < n; i++) {
        const v = at(i);
        data[i] = v === undefined ? -1 : kind === "string" ? stringId(v as string) : listId(v as (string | number)[]);
      }
      columns[key] = { kind, data };
    } else {
      const data: unknown[] = new Array(n);
      for (let i = 0; i < n; i++) data[i] = at(i);
      columns[key] = { kind, data };
    }
  }
  // Where each claim's context starts: the reader slices it again from the document.
  const contextStart = new Float64Array(n);
  for (let i = 0; i < n; i++) contextStart[i] = claims[i].sentenceStart - claims[i].contextLower.length;
  columns.contextStart = { kind: "number", data: contextStart };
  // A sentence is its document's text, except where prose differs from it in length (a table
  // row's cells, joined): those are kept.
  const sentences = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = claims[i];
    sentences[i] = c.sentenceEnd > c.sentenceStart && c.sentence.length === c.sentenceEnd - c.sentenceStart ? -1 : stringId(c.sentence);
  }
  columns.sentence = { kind: "string", data: sentences };
  return { count: n, strings, lists, columns };
}

/**
 * Claims back from their columns, all of one shape (every field present, in one order) so they
 * stay fast objects, and their words shared through the string table.
 */
function fromColumns(stored: ClaimColumns): IndexedClaim[] {
  const { count, strings, columns } = stored;
  const words = new Map(strings.map((w) => [w, w]));
  const lists = stored.lists.map((l) => l.map((x) => (typeof x === "string" ? words.get(x) ?? x : x)));
  const keys = Object.keys(columns);
  const shape: Record<string, unknown> = {};
  for (const k of [...keys, ...TEXT_FIELDS]) shape[k] = undefined;
  // A spread of one object gives every claim the same (fast) hidden class.
  const template = { ...shape };
  const claims: IndexedClaim[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const c: Record<string, unknown> = { ...template };
    for (const k of keys) {
      const col = columns[k];
      if (col.kind === "number") {
        const v = col.data[i];
        c[k] = Number.isNaN(v) ? undefined : v;
      } else if (col.kind === "string") {
        const id = col.data[i];
        c[k] = id < 0 ? undefined : strings[id];
      } else if (col.kind === "list") {
        const id = col.data[i];
        c[k] = id < 0 ? undefined : lists[id];
      } else c[k] = col.data[i];
    }
    claims[i] = c as unknown as IndexedClaim;
  }
  return claims;
}

export function readSnapshot(dir: string, key: string): IndexSnapshot | undefined {
  try {
    const data = deserialize(fs.readFileSync(path.join(dir, `${key}.idx`))) as Omit<IndexSnapshot, "claims"> & { claims: ClaimColumns };
    if (!data || typeof data.claims !== "object" || typeof data.claims.count !== "number") return undefined;
    return { ...data, claims: fromColumns(data.claims) };
  } catch {
    return undefined; // missing or unreadable: index from the files
  }
}

/** Writes a snapshot (atomically, through a temporary file) and keeps the newest few. Returns an error message, if any. */
export function writeSnapshot(dir: string, key: string, snapshot: IndexSnapshot): string | undefined {
  try {
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `${key}.idx`);
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, serialize({ ...snapshot, claims: toColumns(snapshot.claims) }));
    fs.renameSync(tmp, file);
    const old = fs
      .readdirSync(dir)
      .filter((f) => f.endsWith(".idx"))
      .map((f) => ({ f, t: fs.statSync(path.join(dir, f)).mtimeMs }))
      .sort((a, b) => b.t - a.t)
      .slice(KEEP_SNAPSHOTS);
    for (const { f } of old) fs.rmSync(path.join(dir, f), { force: true });
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

/** The default cache folder: $XDG_CACHE_HOME or ~/.cache, never a folder named by settings. */
export function defaultIndexCacheDir(): string | undefined {
  const base = process.env.XDG_CACHE_HOME || (process.env.HOME ? path.join(process.env.HOME, ".cache") : undefined);
  return base ? path.join(base, "policy-fact-check", "index") : undefined;
}

/**
 * The cache folder the CLI and the language server share: POLICY_FACTCHECK_INDEX_CACHE when set
 * ("off" disables the cache), else the default; never a folder that settings could choose.
 */
export function configuredIndexCacheDir(): string | undefined {
  const env = process.env.POLICY_FACTCHECK_INDEX_CACHE;
  if (env === "off") return undefined;
  return env || defaultIndexCacheDir();
}
