// A paragraph of megabytes is read as runs of whole sentences, each mapped to its own stretch of the source.
import { describe, expect, it } from "vitest";
import { markdownToProse } from "../../server/src/core/prose/markdownProse";
import { cutBlock, withLongBlocksCut } from "../../server/src/core/prose/longBlocks";

const sentence = (i: number) => `The **grid** compact was signed in May ${2000 + (i % 20)}.`;
const markdown = `# Notes\n\n${Array.from({ length: 400 }, (_, i) => sentence(i)).join(" ")}\n\nA short paragraph.\n`;

describe("long blocks", () => {
  const doc = markdownToProse(markdown);
  const long = doc.blocks.find((b) => b.text.length > 4000)!;

  it("are cut at sentence ends into runs of about the bound, and short blocks are kept", () => {
    const cut = withLongBlocksCut(doc);
    const pieces = cutBlock(long, 4000);
    expect(pieces.length).toBeGreaterThan(3);
    for (const p of pieces) {
      expect(p.text).toMatch(/^The grid compact/);
      expect(p.text.endsWith(".")).toBe(true);
      expect(p.text.length).toBeLessThan(4000 + 60);
    }
    expect(pieces.map((p) => p.text).join(" ")).toBe(long.text);
    expect(cut.blocks.length).toBe(doc.blocks.length - 1 + pieces.length);
    expect(cut.blocks.at(-1)!.text).toBe("A short paragraph.");
  });

  it("map every character to the same place in the source as the whole block did", () => {
    for (const p of cutBlock(long, 4000)) {
      expect(p.sourceOffsets.length).toBe(p.text.length + 1);
      for (let i = 0; i < p.text.length; i++) if (p.sourceOffsets[i] >= 0) expect(markdown[p.sourceOffsets[i]]).toBe(p.text[i]);
      expect(markdown.slice(p.sourceStart, p.sourceEnd)).toMatch(/^The \*\*grid\*\* compact.*\.$/s);
      expect(p.heading).toBe(long.heading);
    }
  });

  it("leave a document without long blocks as it is", () => {
    const short = markdownToProse("One. Two.\n");
    expect(withLongBlocksCut(short)).toBe(short);
  });
});
