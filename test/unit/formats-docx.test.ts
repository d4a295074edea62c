// The Word reader on a document pandoc wrote, and on broken, protected and bomb packages.
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { readDocx } from "../../server/src/core/corpus/formats/docx";
import { SourceFormatError } from "../../server/src/core/corpus/formats/sourceFormat";
import { unpackZipSafely } from "../../server/src/core/corpus/formats/zipGuard";

const fixtures = path.resolve(__dirname, "../fixtures/formats");
const fixture = (name: string) => new Uint8Array(readFileSync(path.join(fixtures, name)));

async function reason(bytes: Uint8Array): Promise<string> {
  const error = await readDocx(bytes).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(SourceFormatError);
  return (error as Error).message;
}

describe("readDocx", () => {
  it("keeps headings, paragraphs, list items and table rows", async () => {
    const { text } = await readDocx(fixture("alpine-fund.docx"));
    expect(text).toContain("\n# Members and money\n");
    expect(text).toContain("The Alpine Water Fund counts 12 member states, each of which pays a share set by the length of its mountain rivers.");
    expect(text).toContain("\n- repairs to old municipal pipes, which leak a large part of what they carry;\n");
    expect(text).toContain("| Kind of work | Projects | Share of spending |\n| --- | --- | --- |\n| Storage basins | 41 | 55 percent |");
  });

  it("reads title, author and date from the core properties", async () => {
    const { meta, original } = await readDocx(fixture("alpine-fund.docx"));
    expect(meta).toEqual({ title: "The Alpine Water Fund at Five", authors: ["Tomas Reinhardt"], published: "2024-03-18" });
    expect(original).toEqual({ format: "docx" });
  });

  it("names a damaged package", async () => {
    expect(await reason(fixture("broken.docx"))).toMatch(/^not a Word document: the file is not a zip package/);
  });

  it("refuses a zip bomb before unpacking it", async () => {
    expect(await reason(fixture("zip-bomb.docx"))).toMatch(/^refused: the package unpacks to more than 256 MiB/);
  });

  it("refuses a package past a lower limit, counting what entries inflate to", () => {
    expect(() => unpackZipSafely(fixture("alpine-fund.docx"), 1000)).toThrow(/unpacks to more than/);
    expect(unpackZipSafely(fixture("alpine-fund.docx")).get("word/document.xml")?.toString("utf8")).toContain("Alpine Water Fund");
  });

  it("tells a password-protected file (an OLE container with an EncryptedPackage stream) from an old .doc", async () => {
    const ole = (...rest: Buffer[]) => new Uint8Array(Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504), ...rest]));
    expect(await reason(ole(Buffer.from("EncryptedPackage", "utf16le")))).toMatch(/^password-protected/);
    expect(await reason(ole(Buffer.from("WordDocument", "utf16le")))).toMatch(/Word 97-2003/);
  });
});
