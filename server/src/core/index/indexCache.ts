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
import type { IndexedClaim } from "./factIndex";

/** Bump when extraction or the snapshot's shape changes: old snapshots are then never read. */
export const INDEX_FORMAT = "policy-fact-check-index-13";
const KEEP_SNAPSHOTS = 8;

export interface IndexSnapshot {
  definitions: EntityDefinition[];
  properNouns: string[];
  claims: IndexedClaim[];
  entityDefinitions: [string, SourceRef[]][];
  mentionCounts: [string, number][];
}

export function cacheKey(docs: CorpusDocument[], catalog: Catalog, builtinMode: string): string {
  const h = createHash("sha256");
  h.update(INDEX_FORMAT);
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

/**
 * Claims are stored by column (one array per field): the serializer writes each object's keys,
 * which for hundreds of thousands of small claims would outweigh their values.
 */
function toColumns(claims: IndexedClaim[]): Record<string, unknown[]> {
  const columns: Record<string, unknown[]> = {};
  const keys = new Set<string>();
  for (const c of claims) for (const k of Object.keys(c)) keys.add(k);
  for (const k of keys) columns[k] = claims.map((c) => (c as unknown as Record<string, unknown>)[k]);
  return columns;
}

function fromColumns(columns: Record<string, unknown[]>): IndexedClaim[] {
  const keys = Object.keys(columns);
  const n = keys.length ? columns[keys[0]].length : 0;
  const claims: IndexedClaim[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const c: Record<string, unknown> = {};
    for (const k of keys) if (columns[k][i] !== undefined) c[k] = columns[k][i];
    claims[i] = c as unknown as IndexedClaim;
  }
  return claims;
}

export function readSnapshot(dir: string, key: string): IndexSnapshot | undefined {
  try {
    const data = deserialize(fs.readFileSync(path.join(dir, `${key}.idx`))) as Omit<IndexSnapshot, "claims"> & { claims: Record<string, unknown[]> };
    if (!data || typeof data.claims !== "object") return undefined;
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
