// Reading a draft again after an edit (draftToProse) gives what reading it from scratch
// (markdownToProse) gives, over typing sessions of edits that reach past their block (an opened
// code fence, a setext underline, a lazy continuation, a table row, a link reference definition,
// a heading renamed, front matter), and reuses the blocks an edit did not touch.
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { generateDenseDraft, generateDraft } from "../../bench/generate";
import { draftToProse, markdownToProse } from "../../server/src/core/prose/markdownProse";
import type { ProseDocument } from "../../server/src/core/types";
import { seededRandom } from "../support/random";

const FIXTURES = path.resolve(__dirname, "../fixtures");

/** Markdown a writer types that can change how the text after it (or before it) reads. */
const INSERTS = [
  "x", " ", "\n", "\n\n", "```\n", "\n```\n", "~~~", "---\n", "\n===\n", "# ", "## Revised heading\n", "- ", "1. ", "> ", "    ",
  "| a | b |\n|---|---|\n", "| c |", "<!-- factcheck-disable-next-line date-conflict -->\n", "<!--", "-->", "<div>\n", "</div>\n",
  "[^1]", "*", "**", "`", "\\", "&amp;", "[link](https://example.org)", "<https://example.org>", "https://example.org/x",
  "In May 2021 the pact was signed. ", "\r\n", "\t", "[ref]: https://example.org\n", "[ref]",
];

function edit(text: string, r: () => number): string {
  const at = Math.floor(r() * (text.length + 1));
  const roll = r();
  if (roll < 0.25) return text.slice(0, at) + text.slice(at + 1 + Math.floor(r() * 3));
  if (roll < 0.3) {
    // A whole line removed.
    const start = text.lastIndexOf("\n", at - 1) + 1;
    const end = text.indexOf("\n", at);
    return text.slice(0, start) + (end < 0 ? "" : text.slice(end + 1));
  }
  // Often at a line start, where block markup takes effect.
  const lineStart = r() < 0.4 ? text.lastIndexOf("\n", at - 1) + 1 : at;
  return text.slice(0, lineStart) + INSERTS[Math.floor(r() * INSERTS.length)] + text.slice(lineStart);
}

const MIXED = [
  "---",
  "title: A brief",
  "date: 2024-01-01",
  "---",
  "",
  "# Background",
  "",
  "The Indo-Pacific Economic Framework (IPEF) was launched in May 2022.",
  "It has 14 members.",
  "",
  "- First item in 2021",
  "- Second item with $4.5 billion",
  "  continued here",
  "",
  "> A quote from 2019",
  "lazy continuation",
  "",
  "| Initiative | Date |",
  "|---|---|",
  "| IPEF | May 2022 |",
  "",
  "```",
  "code 2020",
  "```",
  "",
  "<!-- factcheck-disable-next-line figure-conflict -->",
  "Trade reached $357.4 billion in 2022.",
  "",
  "Setext heading",
  "---",
  "",
  "Final paragraph from 2023.",
  "",
].join("\n");

/** The reading as plain data: blocks behind an edit read their moved offsets through a getter. */
function plain(prose: ProseDocument): unknown {
  return {
    ...prose,
    blocks: prose.blocks.map((b) => ({ kind: b.kind, text: b.text, sourceOffsets: Array.from(b.sourceOffsets), sourceStart: b.sourceStart, sourceEnd: b.sourceEnd, headerText: b.headerText, heading: b.heading })),
  };
}

function documents(): [string, string][] {
  const fixtures = fs
    .readdirSync(FIXTURES, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith(".md"))
    .slice(0, 6)
    .map((f): [string, string] => [f, fs.readFileSync(path.join(FIXTURES, f), "utf8")]);
  return [["mixed markup", MIXED], ["generated brief", generateDraft(12 * 1024, 9)], ["dense brief", generateDenseDraft(12 * 1024)], ...fixtures];
}

describe("draftToProse", () => {
  for (const [name, document] of documents()) {
    it(`reads ${name} as markdownToProse does after every edit`, () => {
      const r = seededRandom(name.length * 7919 + 3);
      let text = document;
      expect(plain(draftToProse(text))).toEqual(plain(markdownToProse(text)));
      for (let i = 0; i < 150; i++) {
        text = edit(text, r);
        expect(plain(draftToProse(text)), `edit ${i}`).toEqual(plain(markdownToProse(text)));
      }
    });
  }

  it("reuses the blocks before an edit and moves those after it", () => {
    const text = generateDraft(20 * 1024, 4);
    const first = draftToProse(text);
    const at = text.indexOf("\n\n", text.length / 2) + 2;
    const edited = text.slice(0, at) + "Inserted 2024. " + text.slice(at);
    const second = draftToProse(edited);
    expect(plain(second)).toEqual(plain(markdownToProse(edited)));
    const index = first.blocks.findIndex((b) => b.sourceStart >= at);
    expect(index).toBeGreaterThan(10);
    // The blocks well before the edit are the same objects; those after it, moved copies.
    expect(second.blocks[0]).toBe(first.blocks[0]);
    expect(second.blocks[index - 2]).toBe(first.blocks[index - 2]);
    const last = second.blocks[second.blocks.length - 1];
    expect(last).not.toBe(first.blocks[first.blocks.length - 1]);
    expect(last.sourceStart).toBe(first.blocks[first.blocks.length - 1].sourceStart + "Inserted 2024. ".length);
    // A moved block compares, copies and lists its keys like a block read from the text.
    const read = markdownToProse(edited).blocks[second.blocks.length - 1];
    expect(last).toEqual(read);
    expect({ ...last }).toEqual({ ...read });
    expect(Object.keys(last)).toEqual(Object.keys(read));
  });

  it("moves blocks several times before their offsets are read", () => {
    const r = seededRandom(5);
    let text = generateDenseDraft(16 * 1024);
    draftToProse(text);
    for (let session = 0; session < 20; session++) {
      // Edits near the top: every block behind them moves, unread, until the comparison reads them.
      for (let i = 0; i < 1 + (session % 4); i++) {
        const at = Math.floor(r() * 400);
        text = text.slice(0, at) + (r() < 0.7 ? "x" : "") + text.slice(at + (r() < 0.3 ? 1 : 0));
        draftToProse(text);
      }
      expect(plain(draftToProse(text))).toEqual(plain(markdownToProse(text)));
    }
  });

  it("sees front matter appear, change and go", () => {
    const body = "\n\n# Background\n\nThe pact was signed in 2021.\n";
    const steps = ["--\ntitle: A\n---" + body, "---\ntitle: A\n---" + body, "---\ntitle: B\n---" + body, "---\ntitle: B\n--" + body, "\uFEFF---\ntitle: B\n---" + body];
    for (const text of steps) expect(plain(draftToProse(text))).toEqual(plain(markdownToProse(text)));
    expect(draftToProse(steps[1]).frontMatter?.data).toEqual({ title: "A" });
  });

  it("gives the same reading for the same text, and reads another text in full", () => {
    const a = generateDraft(8 * 1024, 1);
    const b = generateDraft(8 * 1024, 2);
    const first = draftToProse(a);
    expect(draftToProse(a)).toBe(first);
    expect(plain(draftToProse(b))).toEqual(plain(markdownToProse(b)));
  });
});
