// A Word document is a zip. Before a zip library unpacks one, every entry is inflated here with a
// cap on the bytes it may produce, so a zip bomb (a few kilobytes that inflate to gigabytes) is
// refused instead of filling the memory; the sizes a zip declares can lie, the inflated bytes cannot.
import { inflateRawSync } from "node:zlib";
import { SourceFormatError } from "./sourceFormat";

/** What all the entries of one package may inflate to, together. */
export const MAX_UNPACKED_BYTES = 256 * 1024 * 1024;
const MAX_ENTRIES = 10_000;

export interface ZipEntries {
  names: string[];
  /** The inflated bytes of an entry, if the package has it. */
  get(name: string): Buffer | undefined;
}

/** Inflates every entry within the limit; throws a SourceFormatError naming what is wrong. */
export function unpackZipSafely(bytes: Uint8Array, maxUnpackedBytes = MAX_UNPACKED_BYTES): ZipEntries {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const entries = new Map<string, Buffer>();
  const names: string[] = [];
  let budget = maxUnpackedBytes;
  for (const entry of centralDirectory(buffer)) {
    if (entry.flags & 1) throw new SourceFormatError("the package is encrypted");
    const data = entryData(buffer, entry);
    let inflated: Buffer;
    if (entry.method === 0) {
      inflated = data;
    } else if (entry.method === 8) {
      try {
        inflated = inflateRawSync(data, { maxOutputLength: budget + 1 });
      } catch (error) {
        if ((error as { code?: string }).code === "ERR_BUFFER_TOO_LARGE" || error instanceof RangeError) throw tooLarge(maxUnpackedBytes);
        throw new SourceFormatError(`the package is damaged (entry ${entry.name} does not unpack)`);
      }
    } else {
      throw new SourceFormatError(`the package uses a compression method this reader does not know (${entry.method})`);
    }
    budget -= inflated.byteLength;
    if (budget < 0) throw tooLarge(maxUnpackedBytes);
    names.push(entry.name);
    // Only the package's XML is kept: images are counted against the limit, then let go.
    if (/\.(xml|rels)$/i.test(entry.name)) entries.set(entry.name, inflated);
  }
  return { names, get: (name) => entries.get(name) };
}

function tooLarge(limit: number): SourceFormatError {
  return new SourceFormatError(`refused: the package unpacks to more than ${Math.round(limit / (1024 * 1024))} MiB (a zip bomb?)`);
}

interface CentralEntry {
  name: string;
  flags: number;
  method: number;
  compressedSize: number;
  localOffset: number;
}

function centralDirectory(buffer: Buffer): CentralEntry[] {
  const end = findEndOfCentralDirectory(buffer);
  const count = buffer.readUInt16LE(end + 10);
  let offset = buffer.readUInt32LE(end + 16);
  if (count > MAX_ENTRIES) throw new SourceFormatError(`refused: the package holds ${count} files`);
  const entries: CentralEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (offset + 46 > buffer.length || buffer.readUInt32LE(offset) !== 0x02014b50) {
      throw new SourceFormatError("the package is damaged (its table of contents is cut short)");
    }
    const nameLength = buffer.readUInt16LE(offset + 28);
    const compressedSize = buffer.readUInt32LE(offset + 20);
    const localOffset = buffer.readUInt32LE(offset + 42);
    if (compressedSize === 0xffffffff || localOffset === 0xffffffff) {
      throw new SourceFormatError("refused: the package is larger than 4 GiB (zip64)");
    }
    entries.push({
      name: buffer.toString("utf8", offset + 46, offset + 46 + nameLength),
      flags: buffer.readUInt16LE(offset + 8),
      method: buffer.readUInt16LE(offset + 10),
      compressedSize,
      localOffset,
    });
    offset += 46 + nameLength + buffer.readUInt16LE(offset + 30) + buffer.readUInt16LE(offset + 32);
  }
  return entries;
}

function findEndOfCentralDirectory(buffer: Buffer): number {
  const earliest = Math.max(0, buffer.length - 22 - 0xffff);
  for (let i = buffer.length - 22; i >= earliest; i--) {
    if (buffer.readUInt32LE(i) === 0x06054b50) return i;
  }
  throw new SourceFormatError("not a Word document: the file is not a zip package (damaged, or another format renamed .docx)");
}

function entryData(buffer: Buffer, entry: CentralEntry): Buffer {
  const at = entry.localOffset;
  if (at + 30 > buffer.length || buffer.readUInt32LE(at) !== 0x04034b50) {
    throw new SourceFormatError(`the package is damaged (entry ${entry.name} is missing)`);
  }
  const start = at + 30 + buffer.readUInt16LE(at + 26) + buffer.readUInt16LE(at + 28);
  if (start + entry.compressedSize > buffer.length) throw new SourceFormatError(`the package is damaged (entry ${entry.name} is cut short)`);
  return buffer.subarray(start, start + entry.compressedSize);
}
