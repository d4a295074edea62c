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
import type { FrontMatterCache, FrontMatterMeta } from "../corpus/loadCorpus";
import type { Catalog, CorpusDocument, CorpusDocumentMeta, SourceRef } from "../types";
import type { FactIndexSnapshot, IndexedClaim } from "./factIndex";

/** Bump when extraction or the snapshot's shape changes: old snapshots are then never read. */
export const INDEX_FORMAT = "policy-fact-check-index-14";
/** Bump when the snapshot's layout on disk changes. */
const SNAPSHOT_LAYOUT = "parts-8";
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
  /** Read: deserialized when first asked for (only cards show them). */
  entityDefinitions: [string, SourceRef[]][] | (() => [string, SourceRef[]][]);
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
const TEXT_FIELDS = new Set(["sentence", "sentenceLower", "contextLower", "contextStart", "sourceText", "sentenceRange", "sourceLines"]);

/**
 * A column of claims: numbers in a typed array (NaN: absent); strings and lists of words as ids
 * in tables of distinct ones (-1: absent), so that a word or list is stored and read back once
 * and shared by every claim; plain objects (a claim's value) as columns of their fields, so that
 * reading them back is no object-by-object deserialization; anything else as the serializer
 * writes it. A field no claim has gets no column.
 */
type Column =
  | { kind: "number"; data: Float64Array }
  | { kind: "int"; data: Int32Array }
  | { kind: "string"; data: Int32Array }
  | { kind: "list"; data: Int32Array }
  | { kind: "object"; present: Uint8Array; fields: Record<string, Column> }
  | { kind: "value"; data: unknown[] };

interface ClaimColumns {
  count: number;
  strings: string[];
  lists: (string | number)[][];
  columns: Record<string, Column>;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;
}

function kindOf(v: unknown): Column["kind"] {
  if (typeof v === "number") return "number";
  if (typeof v === "string") return "string";
  if (Array.isArray(v) && v.every((x) => typeof x === "string" || typeof x === "number")) return "list";
  return isPlainObject(v) ? "object" : "value";
}

/** The kind all present values share ("value" when they differ), or undefined when none is present. */
function columnKind(values: readonly unknown[]): Column["kind"] | undefined {
  let kind: Column["kind"] | undefined;
  for (const v of values) {
    if (v === undefined) continue;
    const k = kindOf(v);
    if (kind && kind !== k) return "value";
    kind = k;
  }
  return kind;
}

/** The string and list tables of a snapshot being written: each distinct one stored once. */
class Tables {
  readonly strings: string[] = [];
  readonly lists: (string | number)[][] = [];
  private readonly stringIds = new Map<string, number>();
  private readonly byIdentity = new Map<unknown[], number>();
  private readonly byContent = new Map<string, number>();

  string(s: string): number {
    let id = this.stringIds.get(s);
    if (id === undefined) this.stringIds.set(s, (id = this.strings.push(s) - 1));
    return id;
  }

  list(l: (string | number)[]): number {
    let id = this.byIdentity.get(l);
    if (id !== undefined) return id;
    const content = l.map((x) => (typeof x === "number" ? `#${x}` : x)).join("\u0001");
    id = this.byContent.get(content);
    if (id === undefined) this.byContent.set(content, (id = this.lists.push(l) - 1));
    this.byIdentity.set(l, id);
    return id;
  }
}

/** `scratch`: room for a column of whole numbers or ids, reused from one column to the next (written before the next is made). */
function toColumn(values: readonly unknown[], tables: Tables, scratch?: Int32Array): Column | undefined {
  const kind = columnKind(values);
  const n = values.length;
  if (kind === undefined) return undefined;
  if (kind === "number") {
    // (Offsets and years, the most of them, are whole numbers: half the room.)
    const whole = values.every((v) => v === undefined || ((v as number) === ((v as number) | 0) && v !== INT_ABSENT && !Object.is(v, -0)));
    if (whole) {
      const data = scratch ?? new Int32Array(n);
      for (let i = 0; i < n; i++) data[i] = (values[i] as number | undefined) ?? INT_ABSENT;
      return { kind: "int", data };
    }
    return { kind, data: Float64Array.from(values, (v) => (v as number | undefined) ?? NaN) };
  }
  if (kind === "string" || kind === "list") {
    const data = scratch ?? new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const v = values[i];
      data[i] = v === undefined ? -1 : kind === "string" ? tables.string(v as string) : tables.list(v as (string | number)[]);
    }
    return { kind, data };
  }
  if (kind === "object") {
    const objects = values as (Record<string, unknown> | undefined)[];
    const keys = new Set<string>();
    for (const o of objects) if (o) for (const k in o) if (o[k] !== undefined) keys.add(k);
    const fields: Record<string, Column> = {};
    for (const k of keys) {
      const column = toColumn(objects.map((o) => o?.[k]), tables);
      if (column) fields[k] = column;
    }
    return { kind, present: Uint8Array.from(objects, (o) => (o ? 1 : 0)), fields };
  }
  return { kind: "value", data: [...values] };
}

/**
 * Claims by column, read straight from the index's claims (no claim is copied), one column at a
 * time: each is written before the next is made.
 */

function* claimColumns(claims: readonly IndexedClaim[], tables: Tables): Generator<[string, Column]> {
  const keys = new Set<string>();
  for (const c of claims) for (const k in c) if (!TEXT_FIELDS.has(k)) keys.add(k);
  const n = claims.length;
  // One column at a time, read by its name: the index's claims share one shape (see
  // fixedShapeClaim), so reads by name are fast, and only one column's values are held at once.
  const values = new Array<unknown>(n);
  const scratch = new Int32Array(n);
  for (const key of keys) {
    for (let i = 0; i < n; i++) values[i] = (claims[i] as unknown as Record<string, unknown>)[key];
    const column = toColumn(values, tables, scratch);
    if (column) yield [key, column];
  }
  // Where each claim's context starts: the reader slices it again from the document.
  const contextStart = new Int32Array(n);
  for (let i = 0; i < n; i++) contextStart[i] = claims[i].contextStart ?? claims[i].sentenceStart - (claims[i].contextLower?.length ?? 0);
  yield ["contextStart", { kind: "int", data: contextStart }];
  // A sentence is its document's text, except where prose differs from it in length (a table
  // row's cells, joined): those are kept.
  const sentences = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = claims[i];
    sentences[i] = c.sentenceEnd > c.sentenceStart && c.sentence.length === c.sentenceEnd - c.sentenceStart ? -1 : tables.string(c.sentence);
  }
  yield ["sentence", { kind: "string", data: sentences }];
}

type Reader = (i: number) => unknown;

/** An absent whole number in an "int" column. */
const INT_ABSENT = -0x80000000;

/** Reads one column's value of claim i (undefined where absent). */
/** `share`: objects whose stored fields are equal read back as one (see sharedReader). */
function readerOf(col: Column, strings: string[], lists: unknown[][], share = true): Reader {
  switch (col.kind) {
    case "number": {
      const data = col.data;
      return (i) => (Number.isNaN(data[i]) ? undefined : data[i]);
    }
    case "int": {
      const data = col.data;
      return (i) => (data[i] === INT_ABSENT ? undefined : data[i]);
    }
    case "string": {
      const data = col.data;
      return (i) => (data[i] < 0 ? undefined : strings[data[i]]);
    }
    case "list": {
      const data = col.data;
      return (i) => (data[i] < 0 ? undefined : lists[data[i]]);
    }
    case "object": {
      const { present } = col;
      const fields = Object.entries(col.fields).map(([k, c]) => [k, readerOf(c, strings, lists, false)] as const);
      const read: Reader = (i) => {
        if (!present[i]) return undefined;
        const o: Record<string, unknown> = {};
        for (const [k, readField] of fields) {
          const v = readField(i);
          if (v !== undefined) o[k] = v;
        }
        return o;
      };
      // Equal objects (claims' values: "May 2021", "$5 billion") read back as one, as indexing shares them.
      const leaves = share ? leavesOf(col) : undefined;
      return leaves ? sharedReader(read, leaves) : read;
    }
    case "value": {
      const data = col.data;
      return (i) => data[i];
    }
  }
}

/** The numbers an object column stores for claim i: whether it is there, then its fields' (nested ones too). */
type Leaves = (Int32Array | Float64Array | Uint8Array)[];

/** Undefined for a column with lists or serialized values among its fields (objects that cannot be shared). */
function leavesOf(col: Column): Leaves | undefined {
  if (col.kind === "int" || col.kind === "string" || col.kind === "number") return [col.data];
  if (col.kind !== "object") return undefined;
  const out: Leaves = [col.present];
  for (const field of Object.values(col.fields)) {
    const leaves = leavesOf(field);
    if (!leaves) return undefined;
    out.push(...leaves);
  }
  return out;
}

const hashScratch = new Float64Array(1);
const hashWords = new Int32Array(hashScratch.buffer);

function hashAt(leaves: Leaves, i: number): number {
  let h = 0x811c9dc5;
  for (const data of leaves) {
    hashScratch[0] = data[i];
    h = Math.imul(h ^ hashWords[0] ^ hashWords[1], 0x01000193);
  }
  return h;
}

/** Do claims i and j store the same numbers? (Object.is: -0 is not 0, and NaN, an absent number, is NaN.) */
function sameAt(leaves: Leaves, i: number, j: number): boolean {
  for (const data of leaves) if (!Object.is(data[i], data[j])) return false;
  return true;
}

/**
 * Reads each distinct object once: a claim whose stored numbers equal an earlier claim's gets that
 * claim's object (found by a hash of the numbers, no key string made per claim).
 */
function sharedReader(read: Reader, leaves: Leaves): Reader {
  const firstsByHash = new Map<number, number[]>();
  const made = new Map<number, unknown>();
  return (i) => {
    const h = hashAt(leaves, i);
    const firsts = firstsByHash.get(h);
    if (firsts) for (const j of firsts) if (sameAt(leaves, i, j)) return made.get(j);
    const o = read(i);
    if (firsts) firsts.push(i);
    else firstsByHash.set(h, [i]);
    made.set(i, o);
    return o;
  };
}

/** Every field of a claim, optional ones included: the reader below must name each. */
type EveryField<T> = { [K in keyof Required<T>]: T[K] | undefined };

/**
 * Claims back from their columns, each written out as one object literal naming every field (so
 * all have one fast shape, built without a store per field by name), their words shared through
 * the string table. A column the literal does not name (a field newer than it) is still read.
 */
function fromColumns(stored: ClaimColumns): IndexedClaim[] {
  const { count, strings, columns } = stored;
  const words = new Map(strings.map((w) => [w, w]));
  const lists = stored.lists.map((l) => l.map((x) => (typeof x === "string" ? words.get(x) ?? x : x)));
  const r: Record<string, Reader> = {};
  for (const [k, col] of Object.entries(columns)) r[k] = readerOf(col, strings, lists);
  const none: Reader = () => undefined;
  const f = (k: keyof IndexedClaim): Reader => r[k] ?? none;
  const [value, valueText, start, end, sentence, sentenceStart, sentenceEnd, entities, names, contextNames] = (
    ["value", "valueText", "start", "end", "sentence", "sentenceStart", "sentenceEnd", "entities", "names", "contextNames"] as const
  ).map(f);
  const [predicate, predicateIsNoun, predicates, eventOrder, measure, terms, years, contextYears, otherNames, head] = (
    ["predicate", "predicateIsNoun", "predicates", "eventOrder", "measure", "terms", "years", "contextYears", "otherNames", "head"] as const
  ).map(f);
  const [measureText, sameHeadCounts, ordinals, subjectTerms, eventNames, nearNames, carriedNames, clauseSubject, clauseEntities, previousEntities] = (
    ["measureText", "sameHeadCounts", "ordinals", "subjectTerms", "eventNames", "nearNames", "carriedNames", "clauseSubject", "clauseEntities", "previousEntities"] as const
  ).map(f);
  const [inheritedEntities, respective, periodEnd, rate, ownYear, share, subjectEvidence, documentId, contextStart, publishedYear] = (
    ["inheritedEntities", "respective", "periodEnd", "rate", "ownYear", "share", "subjectEvidence", "documentId", "contextStart", "publishedYear"] as const
  ).map(f);
  const [titleLower, titleNames, sourceLower] = (["titleLower", "titleNames", "sourceLower"] as const).map(f);
  const claims: IndexedClaim[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const c: EveryField<IndexedClaim> = {
      value: value(i) as IndexedClaim["value"],
      documentId: documentId(i) as string,
      sentenceStart: sentenceStart(i) as number,
      sentenceEnd: sentenceEnd(i) as number,
      respective: respective(i) as IndexedClaim["respective"],
      eventOrder: eventOrder(i) as IndexedClaim["eventOrder"],
      publishedYear: publishedYear(i) as number | undefined,
      share: share(i) as IndexedClaim["share"],
      rate: rate(i) as string | undefined,
      ownYear: ownYear(i) as number | undefined,
      head: head(i) as string | undefined,
      periodEnd: periodEnd(i) as IndexedClaim["periodEnd"],
      sourceText: undefined,
      entities: entities(i) as string[],
      names: names(i) as string[],
      measure: measure(i) as string[],
      predicates: predicates(i) as string[],
      predicate: predicate(i) as string | undefined,
      years: years(i) as number[],
      contextYears: contextYears(i) as number[],
      contextNames: contextNames(i) as string[],
      eventNames: eventNames(i) as string[],
      terms: terms(i) as string[],
      valueText: valueText(i) as string,
      start: start(i) as number,
      end: end(i) as number,
      sentence: sentence(i) as string,
      predicateIsNoun: predicateIsNoun(i) as boolean | undefined,
      otherNames: otherNames(i) as string[],
      measureText: measureText(i) as string | undefined,
      sameHeadCounts: sameHeadCounts(i) as number | undefined,
      ordinals: ordinals(i) as number[],
      subjectTerms: subjectTerms(i) as string[] | undefined,
      nearNames: nearNames(i) as string[],
      carriedNames: carriedNames(i) as string[] | undefined,
      clauseSubject: clauseSubject(i) as string | undefined,
      clauseEntities: clauseEntities(i) as string[] | undefined,
      previousEntities: previousEntities(i) as string[] | undefined,
      inheritedEntities: inheritedEntities(i) as string[],
      subjectEvidence: subjectEvidence(i) as IndexedClaim["subjectEvidence"],
      sentenceRange: undefined,
      sourceLines: undefined,
      sentenceLower: undefined,
      contextLower: undefined,
      contextStart: contextStart(i) as number | undefined,
      titleLower: titleLower(i) as string | undefined,
      titleNames: titleNames(i) as string[] | undefined,
      sourceLower: sourceLower(i) as string,
    };
    claims[i] = c as IndexedClaim;
  }
  readUnnamedColumns(claims, r);
  return claims;
}

/** Columns of fields the reader's literal does not name, read by name (slower, and normally none). */
function readUnnamedColumns(claims: IndexedClaim[], readers: Record<string, Reader>): void {
  if (claims.length === 0) return;
  const named = new Set(Object.keys(claims[0]));
  for (const [k, read] of Object.entries(readers)) {
    if (named.has(k)) continue;
    for (let i = 0; i < claims.length; i++) (claims[i] as unknown as Record<string, unknown>)[k] = read(i);
  }
}

/**
 * The file: a table of the byte lengths of its parts, then the parts, each serialized on its own
 * (what indexing derived besides claims, each column of claims, last the tables and the names of
 * the parts): written part by part, without one buffer of the whole snapshot, and read so too.
 */
interface SnapshotHead {
  layout: string;
  rest: string[];
  tables: Omit<ClaimColumns, "columns">;
  columns: string[];
  /** Per column: the kind of a column written as the bytes of its Int32Array, or null (serialized). */
  raw: (RawKind | null)[];
  /** The part holding the ids of the index's lists, as the bytes of their Int32Array. */
  indexIds?: number;
}

/** Columns whose data is one Int32Array, written as its bytes: no serialized copy is made to write or read it. */
type RawKind = "int" | "string" | "list";
const RAW_KINDS = new Set<Column["kind"]>(["int", "string", "list"]);

/** A part written as the bytes of a typed array. */
class RawPart {
  constructor(readonly data: Int32Array) {}
}

function* snapshotParts(snapshot: IndexSnapshot): Generator<unknown> {
  const { claims, ...rest } = snapshot;
  const restKeys = Object.keys(rest) as (keyof typeof rest)[];
  // (The ids of the index's lists, its bulk, are written as their bytes after the columns.)
  for (const k of restKeys) yield k === "index" && rest.index ? { ...rest.index, ids: undefined } : rest[k];
  const tables = new Tables();
  const columns: string[] = [];
  const raw: (RawKind | null)[] = [];
  for (const [name, column] of claimColumns(claims, tables)) {
    columns.push(name);
    const rawKind = RAW_KINDS.has(column.kind) ? (column.kind as RawKind) : null;
    raw.push(rawKind);
    yield rawKind ? new RawPart((column as { data: Int32Array }).data) : column;
  }
  let indexIds: number | undefined;
  if (rest.index) {
    indexIds = restKeys.length + columns.length;
    yield new RawPart(rest.index.ids);
  }
  const head: SnapshotHead = { layout: SNAPSHOT_LAYOUT, rest: restKeys, tables: { count: claims.length, strings: tables.strings, lists: tables.lists }, columns, raw, indexIds };
  yield head;
}

export function readSnapshot(dir: string, key: string): IndexSnapshot | undefined {
  let fd: number | undefined;
  try {
    fd = fs.openSync(path.join(dir, `${key}.idx`), "r");
    const { part, bytesOf, int32Part, parts } = partReader(fd);
    const head = part(parts - 1) as SnapshotHead;
    if (head?.layout !== SNAPSHOT_LAYOUT || typeof head.tables?.count !== "number") return undefined;
    const rest: Record<string, unknown> = {};
    head.rest.forEach((name, k) => (rest[name] = LAZY_PARTS.has(name) ? later(bytesOf(k)) : part(k)));
    const index = rest.index as FactIndexSnapshot | undefined;
    if (index && head.indexIds !== undefined) {
      index.ids = int32Part(head.indexIds);
      if (index.ids.length !== index.offsets[index.offsets.length - 1]) throw new Error("lists of another length");
    }
    const columns: Record<string, Column> = {};
    head.columns.forEach((name, k) => {
      const kind = head.raw[k];
      if (!kind) columns[name] = part(head.rest.length + k) as Column;
      else {
        const data = int32Part(head.rest.length + k);
        if (data.length !== head.tables.count) throw new Error("a column of another length");
        columns[name] = { kind, data };
      }
    });
    return { ...(rest as Omit<IndexSnapshot, "claims">), claims: fromColumns({ ...head.tables, columns }) };
  } catch {
    return undefined; // missing or unreadable: index from the files
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** Parts read as they are asked for: a warm start makes none of their objects. */
const LAZY_PARTS = new Set(["entityDefinitions"]);

/** The value of a part's bytes, deserialized when first asked for. */
function later<T>(bytes: Buffer): () => T {
  let value: T | undefined;
  let held: Buffer | undefined = bytes;
  return () => {
    if (held) {
      value = deserialize(held) as T;
      held = undefined;
    }
    return value as T;
  };
}

/** Reads the parts of a snapshot file one at a time: no buffer of the whole file is held. */
function partReader(fd: number): { part: (k: number) => unknown; bytesOf: (k: number) => Buffer; int32Part: (k: number) => Int32Array; parts: number } {
  const sizes = Buffer.alloc(8);
  fs.readSync(fd, sizes, 0, 8, 0);
  const parts = sizes.readUInt32LE(0);
  const room = sizes.readUInt32LE(4);
  if (parts === 0 || parts > room || room > 100_000) throw new Error("not a snapshot");
  const table = Buffer.alloc(8 * parts);
  fs.readSync(fd, table, 0, table.length, 8);
  const offsets = [8 + 8 * room];
  for (let k = 0; k < parts; k++) offsets.push(offsets[k] + Number(table.readBigUInt64LE(8 * k)));
  const bytesOf = (k: number) => {
    if (k < 0 || k >= parts) throw new Error("snapshot part missing");
    const bytes = Buffer.allocUnsafe(offsets[k + 1] - offsets[k]);
    if (fs.readSync(fd, bytes, 0, bytes.length, offsets[k]) !== bytes.length) throw new Error("snapshot cut short");
    return bytes;
  };
  const int32Part = (k: number) => {
    if (k < 0 || k >= parts) throw new Error("snapshot part missing");
    const length = offsets[k + 1] - offsets[k];
    if (length % 4 !== 0) throw new Error("not a column");
    const data = new Int32Array(length / 4);
    if (fs.readSync(fd, data, 0, length, offsets[k]) !== length) throw new Error("snapshot cut short");
    return data;
  };
  return { part: (k) => deserialize(bytesOf(k)), bytesOf, int32Part, parts };
}

/** Writes a snapshot (atomically, through a temporary file) and keeps the newest few. Returns an error message, if any. */
export function writeSnapshot(dir: string, key: string, snapshot: IndexSnapshot): string | undefined {
  try {
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `${key}.idx`);
    const tmp = `${file}.${process.pid}.tmp`;
    writeParts(tmp, snapshotParts(snapshot));
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

/** Room for the lengths of this many parts at the start of the file. */
const MAX_PARTS = 512;

/**
 * Serializes and writes each part in turn, after room for the table of their lengths: the count
 * of parts, the room, then the lengths (written last, when they are known).
 */
function writeParts(file: string, parts: Iterable<unknown>): void {
  const lengths: number[] = [];
  const fd = fs.openSync(file, "w");
  try {
    let at = 8 + 8 * MAX_PARTS;
    for (const p of parts) {
      if (lengths.length >= MAX_PARTS) throw new Error("too many parts");
      const bytes = p instanceof RawPart ? new Uint8Array(p.data.buffer, p.data.byteOffset, p.data.byteLength) : serialize(p);
      fs.writeSync(fd, bytes, 0, bytes.length, at);
      at += bytes.length;
      lengths.push(bytes.length);
    }
    const table = Buffer.alloc(8 + 8 * lengths.length);
    table.writeUInt32LE(lengths.length, 0);
    table.writeUInt32LE(MAX_PARTS, 4);
    lengths.forEach((n, k) => table.writeBigUInt64LE(BigInt(n), 8 + 8 * k));
    fs.writeSync(fd, table, 0, table.length, 0);
  } finally {
    fs.closeSync(fd);
  }
}

/** What the front matter of sources gave, kept beside the snapshots: reading a corpus again parses no YAML. */
const FRONT_MATTER_FILE = "front-matter.json";
const FRONT_MATTER_FORMAT = "front-matter-1";
/** The most blocks kept (the newest): enough for corpora of many thousands of documents. */
const FRONT_MATTER_KEEP = 20_000;

/** The front matter cache of a folder (empty when there is none or it cannot be used). */
export function readFrontMatterCache(dir: string): FrontMatterCache {
  const cache: FrontMatterCache = new Map();
  try {
    const stored = JSON.parse(fs.readFileSync(path.join(dir, FRONT_MATTER_FILE), "utf8")) as { format?: unknown; entries?: unknown };
    if (stored.format !== FRONT_MATTER_FORMAT || !Array.isArray(stored.entries)) return cache;
    for (const entry of stored.entries) {
      const read = frontMatterEntry(entry);
      if (read) cache.set(read[0], read[1]);
    }
  } catch {
    // missing or unreadable: front matter is parsed
  }
  return cache;
}

/** An entry as written, or undefined when it is not one (a file edited by hand, or of another version). */
function frontMatterEntry(entry: unknown): [string, FrontMatterMeta] | undefined {
  if (!Array.isArray(entry) || entry.length !== 3) return undefined;
  const [yaml, meta, problems] = entry as unknown[];
  const isText = (v: unknown) => typeof v === "string";
  if (!isText(yaml) || !Array.isArray(problems) || !problems.every(isText) || typeof meta !== "object" || meta === null) return undefined;
  const m = meta as Record<string, unknown>;
  const out: CorpusDocumentMeta = {};
  for (const field of ["title", "publisher", "published"] as const) {
    if (m[field] === undefined) continue;
    if (!isText(m[field])) return undefined;
    out[field] = m[field] as string;
  }
  if (m.authors !== undefined) {
    if (!Array.isArray(m.authors) || !m.authors.every(isText)) return undefined;
    out.authors = m.authors as string[];
  }
  return [yaml as string, { meta: out, problems: problems as string[] }];
}

/** Writes the front matter cache (atomically), its newest blocks only. Returns an error message, if any. */
export function writeFrontMatterCache(dir: string, cache: FrontMatterCache): string | undefined {
  try {
    fs.mkdirSync(dir, { recursive: true });
    const entries = [...cache].slice(-FRONT_MATTER_KEEP).map(([yaml, { meta, problems }]) => [yaml, meta, problems]);
    const file = path.join(dir, FRONT_MATTER_FILE);
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify({ format: FRONT_MATTER_FORMAT, entries }));
    fs.renameSync(tmp, file);
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
