// Word documents: mammoth turns the document's paragraphs, headings, lists and tables into HTML,
// which becomes Markdown like any article; title, author and date come from the core properties.
// The package is unpacked under a size cap first (zipGuard.ts), and mammoth never reads a file
// the document links to.
import type { CorpusDocumentMeta } from "../../types";
import { domToMarkdown, type DomNode } from "./domMarkdown";
import { loadDomLibraries } from "./libraries";
import { SourceFormatError, type ConvertedSource } from "./sourceFormat";
import { unpackZipSafely, type ZipEntries } from "./zipGuard";

export async function readDocx(bytes: Uint8Array): Promise<ConvertedSource> {
  if (isCompoundFile(bytes)) {
    throw new SourceFormatError(
      hasEncryptedPackage(bytes)
        ? "password-protected: remove the password in Word (File > Info > Protect Document) and save again"
        : "an old Word 97-2003 document saved under a .docx name: save it as .docx in Word",
    );
  }
  const entries = unpackZipSafely(bytes);
  if (!entries.get("word/document.xml")) throw new SourceFormatError("not a Word document: the package has no word/document.xml");
  const { mammoth, parseHTML } = await loadDomLibraries();
  let html: string;
  try {
    const result = await mammoth.convertToHtml(
      { buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) },
      { externalFileAccess: false, convertImage: mammoth.images.imgElement(async () => ({ src: "" })) },
    );
    html = result.value;
  } catch (error) {
    throw new SourceFormatError(`the Word document is damaged: ${(error as Error)?.message ?? String(error)}`);
  }
  const document = parseHTML(`<!doctype html><html><body>${html}</body></html>`).document as unknown as { body: DomNode };
  const out = domToMarkdown(document.body);
  if (out.isEmpty) throw new SourceFormatError("the Word document holds no text");
  return { text: out.text(), meta: coreProperties(entries), original: { format: "docx" }, notes: [] };
}

/** Password-protected Office files and old .doc files are OLE compound files, not zips. */
function isCompoundFile(bytes: Uint8Array): boolean {
  const magic = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
  return magic.every((byte, i) => bytes[i] === byte);
}

/** An encrypted Office file keeps its document in a stream named "EncryptedPackage". */
function hasEncryptedPackage(bytes: Uint8Array): boolean {
  const name = Buffer.from("EncryptedPackage", "utf16le");
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(name);
}

/** Title, creator and dates of docProps/core.xml. */
function coreProperties(entries: ZipEntries): CorpusDocumentMeta {
  const xml = entries.get("docProps/core.xml")?.toString("utf8");
  if (!xml) return {};
  const field = (name: string) => {
    const m = new RegExp(`<${name}(?:\\s[^>]*)?>([^<]*)</${name}>`).exec(xml);
    return m ? decodeXmlText(m[1]).trim() || undefined : undefined;
  };
  const meta: CorpusDocumentMeta = {};
  const title = field("dc:title");
  if (title) meta.title = title;
  const creator = field("dc:creator");
  if (creator) meta.authors = creator.split(/\s*;\s*/).filter(Boolean);
  const date = field("dcterms:created") ?? field("dcterms:modified");
  const day = date && /^\d{4}(?:-\d{2}){0,2}/.exec(date)?.[0];
  if (day) meta.published = day;
  return meta;
}

function decodeXmlText(text: string): string {
  return text
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, n) => String.fromCodePoint(Number(n)))
    .replace(/&#x([\da-f]+);/gi, (_, n) => String.fromCodePoint(parseInt(n, 16)))
    .replace(/&amp;/g, "&");
}
