import { describe, it, expect } from "vitest";
import { markdownToProse, plainTextToProse } from "../../server/src/core/prose/markdownProse";
import type { ProseBlock, ProseDocument } from "../../server/src/core/types";
import { seededRandom } from "../support/random";

// ---------------------------------------------------------------------------
// Helpers

/** Entities the test documents use, decoded. */
const ENTITIES: Record<string, string> = {
  "&amp;": "&",
  "&lt;": "<",
  "&gt;": ">",
  "&quot;": '"',
  "&nbsp;": "\u00a0",
  "&copy;": "©",
  "&eacute;": "é",
  "&mdash;": "—",
  "&#36;": "$",
  "&#x24;": "$",
  "&#128512;": "😀",
};

/**
 * The alignment invariant: every character with an offset comes from the source character
 * at that offset, except line breaks (a space over "\r" or "\n"), escapes (mapped to the
 * backslash) and entities (mapped to the "&"); offsets never go backwards; characters
 * without an offset are inserted spaces or separators.
 */
function expectAligned(source: string, doc: ProseDocument): void {
  for (const block of doc.blocks) expectBlockAligned(source, block);
}

function expectBlockAligned(source: string, block: ProseBlock): void {
  const { text, sourceOffsets } = block;
  expect(sourceOffsets.length).toBe(text.length + 1);
  expect(text).not.toMatch(/\r/);
  let previous = -1;
  for (let i = 0; i < text.length; i++) {
    const offset = sourceOffsets[i];
    const char = text[i];
    if (offset < 0) {
      expect(char === " " || char === ";", `inserted character ${JSON.stringify(char)} in ${JSON.stringify(text)}`).toBe(true);
      continue;
    }
    expect(offset, `offsets go backwards at ${i} in ${JSON.stringify(text)}`).toBeGreaterThanOrEqual(previous);
    expect(offset).toBeGreaterThanOrEqual(block.sourceStart);
    expect(offset).toBeLessThan(Math.max(block.sourceEnd, offset + 1));
    previous = offset;
    const sourceChar = source[offset];
    if (sourceChar === char) continue;
    const context = `${JSON.stringify(char)} at ${i} of ${JSON.stringify(text)} maps to ${JSON.stringify(source.slice(offset, offset + 12))}`;
    if (char === " " && (sourceChar === "\n" || sourceChar === "\r")) continue;
    if (sourceChar === "\\") {
      expect(source.slice(offset + 1, offset + 3).includes(char), context).toBe(true);
      continue;
    }
    if (sourceChar === "&") {
      const spelling = source.slice(offset, source.indexOf(";", offset) + 1);
      expect(ENTITIES[spelling]?.includes(char), context).toBe(true);
      continue;
    }
    expect.fail(`unaligned character: ${context}`);
  }
  const end = sourceOffsets[text.length];
  expect(end).toBeGreaterThan(previous);
  expect(end).toBeLessThanOrEqual(source.length);
}

function allText(doc: ProseDocument): string {
  return doc.blocks.map((block) => block.text).join("\n");
}

/** Source offset of the text fragment in the block, checked against the source. */
function sourceOffsetOf(block: ProseBlock, fragment: string): number {
  const index = block.text.indexOf(fragment);
  expect(index).toBeGreaterThanOrEqual(0);
  return block.sourceOffsets[index];
}

const random = seededRandom;

const INLINE_PIECES = [
  "plain words",
  "**strong text**",
  "*emphasis*",
  "_under score_",
  "~~struck~~",
  "***both***",
  "[a link](https://example.org/path_(x) \"Title\")",
  "[ref link][ref]",
  "[shortcut]",
  "![an image](pic.png)",
  "`inline code`",
  "``code with ` tick``",
  "<https://auto.example.org/x>",
  "https://bare.example.org/a?b=c&d=e.",
  "www.example.com/page",
  "\\*not emphasis\\*",
  "\\[brackets\\]",
  "back\\\\slash",
  "&amp; &lt;tag&gt; &copy; &eacute;t&eacute; &mdash; &#36;5 &#x24;6 &#128512;",
  "&unknownentity; & alone",
  "café naïve Ærø",
  "日本語の文章",
  "emoji 😀 and 🇺🇸 flags",
  "<span>inline html</span>",
  "<!-- a comment -->",
  "H<sub>2</sub>O",
  "a\\b \\q",
  "trailing  ",
  "$40 million",
  "May 2022",
  "*unclosed emphasis",
  "[unclosed link",
  "1 < 2 > 0",
];

const LINE_ENDINGS = ["\n", "\r\n", "\r"];

function randomParagraph(next: () => number, lineEnding: string): string {
  const lines: string[] = [];
  const lineCount = 1 + Math.floor(next() * 3);
  for (let l = 0; l < lineCount; l++) {
    const parts: string[] = [];
    const partCount = 1 + Math.floor(next() * 5);
    for (let p = 0; p < partCount; p++) parts.push(INLINE_PIECES[Math.floor(next() * INLINE_PIECES.length)]);
    lines.push(parts.join(" "));
  }
  return lines.join(lineEnding);
}

function randomDocument(seed: number): string {
  const next = random(seed);
  const mixedEndings = next() < 0.2;
  let lineEnding = LINE_ENDINGS[Math.floor(next() * LINE_ENDINGS.length)];
  const blocks: string[] = [];
  const blockCount = 2 + Math.floor(next() * 8);
  for (let b = 0; b < blockCount; b++) {
    if (mixedEndings) lineEnding = LINE_ENDINGS[Math.floor(next() * LINE_ENDINGS.length)];
    const paragraph = () => randomParagraph(next, lineEnding);
    const kind = Math.floor(next() * 9);
    switch (kind) {
      case 0:
        blocks.push(`${"#".repeat(1 + Math.floor(next() * 3))} ${paragraph().split(lineEnding)[0]}`);
        break;
      case 1:
        blocks.push(`- ${paragraph().split(lineEnding).join(`${lineEnding}  `)}${lineEnding}  - nested ${paragraph().split(lineEnding)[0]}${lineEnding}    1. deeper ${paragraph().split(lineEnding)[0]}`);
        break;
      case 2:
        blocks.push(`> ${paragraph().split(lineEnding).join(`${lineEnding}> `)}`);
        break;
      case 3:
        blocks.push(`| A | B |${lineEnding}|---|:-:|${lineEnding}| ${paragraph().split(lineEnding)[0].replace(/\|/g, "\\|")} | cell \\| pipe |${lineEnding}| x |`);
        break;
      case 4:
        blocks.push(`\`\`\`${lineEnding}fenced code 2021${lineEnding}\`\`\``);
        break;
      case 5:
        blocks.push(`<div>${lineEnding}html block${lineEnding}</div>`);
        break;
      case 6:
        blocks.push(`1. ${paragraph()}${lineEnding}${lineEnding}   second paragraph ${paragraph().split(lineEnding)[0]}`);
        break;
      default:
        blocks.push(paragraph());
    }
  }
  blocks.push(`[ref]: https://ref.example.org/2021${lineEnding}[shortcut]: <https://short.example.org> "Short 2021"`);
  return blocks.join(lineEnding + lineEnding) + lineEnding;
}

// ---------------------------------------------------------------------------
// Block kinds

describe("markdownToProse: block kinds", () => {
  it("reads paragraphs, headings, list items, block quotes and table rows", () => {
    const source = [
      "# Trade frameworks",
      "",
      "The framework was introduced in May 2022.",
      "",
      "- It has four pillars.",
      "- Fourteen partners joined.",
      "",
      "> A quoted passage about the summit.",
      "",
      "| Framework | Event | Date |",
      "|---|---|---|",
      "| IPEF | introduced | May 2020 |",
      "",
      "Setext heading",
      "==============",
      "",
      "After the setext heading.",
    ].join("\n");
    const doc = markdownToProse(source);
    expect(doc.blocks.map((block) => [block.kind, block.text])).toEqual([
      ["heading", "Trade frameworks"],
      ["paragraph", "The framework was introduced in May 2022."],
      ["list_item", "It has four pillars."],
      ["list_item", "Fourteen partners joined."],
      ["blockquote", "A quoted passage about the summit."],
      ["table_row", "IPEF; introduced; May 2020"],
      ["heading", "Setext heading"],
      ["paragraph", "After the setext heading."],
    ]);
    expectAligned(source, doc);
  });

  it("gives each block the nearest heading above it", () => {
    const source = "Intro.\n\n# First\n\nUnder first.\n\n## Second\n\n- Under second.\n";
    const doc = markdownToProse(source);
    expect(doc.blocks.map((block) => [block.text, block.heading])).toEqual([
      ["Intro.", undefined],
      ["First", undefined],
      ["Under first.", "First"],
      ["Second", "First"],
      ["Under second.", "Second"],
    ]);
  });

  it("gives each paragraph of a list item its own block, and names the innermost container", () => {
    const source = "1. First paragraph.\n\n   Second paragraph.\n\n> - Listed in a quote.\n\n- > Quoted in a list.\n";
    const doc = markdownToProse(source);
    expect(doc.blocks.map((block) => [block.kind, block.text])).toEqual([
      ["list_item", "First paragraph."],
      ["list_item", "Second paragraph."],
      ["list_item", "Listed in a quote."],
      ["blockquote", "Quoted in a list."],
    ]);
    expectAligned(source, doc);
  });

  it("reads nested lists item by item", () => {
    const source = "- Outer item\n  - Inner *item*\n    1. Innermost **item**\n- Back out\n";
    const doc = markdownToProse(source);
    expect(doc.blocks.map((block) => block.text)).toEqual(["Outer item", "Inner item", "Innermost item", "Back out"]);
    expect(doc.blocks.every((block) => block.kind === "list_item")).toBe(true);
    expectAligned(source, doc);
  });

  it("gives each block its extent in the source, by lines", () => {
    const source = "First line\nsecond line.\n\n- item\n";
    const doc = markdownToProse(source);
    expect(doc.blocks[0]).toMatchObject({ sourceStart: 0, sourceEnd: source.indexOf(".") + 1 });
    expect(doc.blocks[0].text).toBe("First line second line.");
    expect(doc.blocks[1]).toMatchObject({ sourceStart: source.indexOf("- item"), sourceEnd: source.length - 1 });
  });

  it("maps a soft break to the newline and ends offsets just past the last character", () => {
    const source = "Signed in\nMay 2022.";
    const [block] = markdownToProse(source).blocks;
    expect(block.text).toBe("Signed in May 2022.");
    expect(block.sourceOffsets[9]).toBe(9);
    expect(source[block.sourceOffsets[9]]).toBe("\n");
    expect(block.sourceOffsets[block.text.length]).toBe(source.length);
  });

  it("maps hard breaks (two spaces or a backslash) like soft breaks", () => {
    const source = "One  \nTwo\\\nThree";
    const [block] = markdownToProse(source).blocks;
    expect(block.text).toBe("One Two Three");
    expect(block.sourceOffsets[3]).toBe(source.indexOf("\n"));
    expect(block.sourceOffsets[7]).toBe(source.lastIndexOf("\n"));
    expectAligned(source, markdownToProse(source));
  });

  it("does not make blocks of markup without prose", () => {
    const doc = markdownToProse("![only an image](a.png)\n\n`only code`\n\nhttps://only.example.org/url\n\n---\n\n***\n");
    expect(doc.blocks).toEqual([]);
  });
});

// ---------------------------------------------------------------------------
// Alignment

describe("markdownToProse: offsets", () => {
  it("aligns emphasis, links, escapes and entities", () => {
    const source = "The **Framework** (see [*the* overview](https://example.org)) costs \\$5 &amp; more &mdash; \\*really\\*.";
    const doc = markdownToProse(source);
    const [block] = doc.blocks;
    expect(block.text).toBe("The Framework (see the overview) costs $5 & more — *really*.");
    expectAligned(source, doc);
    expect(sourceOffsetOf(block, "Framework")).toBe(source.indexOf("Framework"));
    expect(sourceOffsetOf(block, "overview")).toBe(source.indexOf("overview"));
    // An escape or entity maps to where its spelling starts.
    expect(sourceOffsetOf(block, "$5")).toBe(source.indexOf("\\$5"));
    expect(sourceOffsetOf(block, "& more")).toBe(source.indexOf("&amp;"));
    expect(sourceOffsetOf(block, "— ")).toBe(source.indexOf("&mdash;"));
    expect(sourceOffsetOf(block, "*really")).toBe(source.indexOf("\\*really"));
  });

  it("maps every character of an entity that decodes to two code units to the entity", () => {
    const source = "Smile &#128512; now";
    const [block] = markdownToProse(source).blocks;
    expect(block.text).toBe("Smile 😀 now");
    expect(block.sourceOffsets[6]).toBe(6);
    expect(block.sourceOffsets[7]).toBe(6);
    expect(block.sourceOffsets[8]).toBe(source.indexOf(" now"));
  });

  it("finds repeated words at their own place, not at an earlier copy", () => {
    const source = "2021 [2021](https://x.org/2021) `2021` 2021 *2021* 2021";
    const [block] = markdownToProse(source).blocks;
    expect(block.text).toBe("2021 2021 2021 2021 2021");
    const starts = [...block.text.matchAll(/2021/g)].map((match) => block.sourceOffsets[match.index]);
    expect(starts).toEqual([0, 6, source.indexOf(" 2021 *") + 1, source.indexOf("*2021*") + 1, source.length - 4]);
  });

  it("handles CRLF, lone CR and mixed line endings; no \\r gets into the text", () => {
    for (const source of [
      "# Title\r\n\r\nFirst line\r\nsecond line\r\n\r\n- item one\r\n- item two\r\n",
      "Old Mac\rline endings\r\rNext paragraph\r",
      "Mixed\r\nline\nendings\rhere\r\n\r\n> quote\r\n> continued\n",
    ]) {
      const doc = markdownToProse(source);
      expect(doc.blocks.length).toBeGreaterThan(1);
      expectAligned(source, doc);
    }
    const source = "First line\r\nsecond line";
    const [block] = markdownToProse(source).blocks;
    expect(block.text).toBe("First line second line");
    // A soft break over "\r\n" maps to the "\r".
    expect(block.sourceOffsets[10]).toBe(10);
    expect(source[10]).toBe("\r");
    expect(block.sourceOffsets[11]).toBe(12);
  });

  it("aligns non-ASCII text and emoji by UTF-16 offsets", () => {
    const source = "## Résumé 😀\n\nLe café 🇫🇷 coûte 5 € — 日本語 *強調* 👩‍👩‍👧 fin.";
    const doc = markdownToProse(source);
    expect(doc.blocks.map((block) => block.text)).toEqual(["Résumé 😀", "Le café 🇫🇷 coûte 5 € — 日本語 強調 👩‍👩‍👧 fin."]);
    expectAligned(source, doc);
    expect(sourceOffsetOf(doc.blocks[1], "fin.")).toBe(source.indexOf("fin."));
  });

  it("keeps a table cell's escaped pipe, mapped to the pipe", () => {
    const source = "| Name | Note |\n|---|---|\n| a \\| b | c |\n";
    const [block] = markdownToProse(source).blocks;
    expect(block.text).toBe("a | b; c");
    expect(sourceOffsetOf(block, "| b")).toBe(source.indexOf("| b"));
    expectAligned(source, markdownToProse(source));
  });

  it("keeps the invariant over many generated documents", () => {
    let blockCount = 0;
    for (let seed = 1; seed <= 300; seed++) {
      const source = randomDocument(seed);
      let doc: ProseDocument | undefined;
      expect(() => (doc = markdownToProse(source)), `seed ${seed}`).not.toThrow();
      blockCount += doc!.blocks.length;
      expectAligned(source, doc!);
      // Ordinary words always make it into the text with their positions.
      for (const block of doc!.blocks) {
        const index = block.text.indexOf("plain words");
        if (index >= 0) expect(source.slice(block.sourceOffsets[index], block.sourceOffsets[index] + 11)).toBe("plain words");
      }
      const text = allText(doc!);
      expect(text).not.toMatch(/inline code|fenced code|html block|a comment|example\.(org|com)|https?:|www\./);
    }
    expect(blockCount).toBeGreaterThan(1000);
  });
});

// ---------------------------------------------------------------------------
// What is not prose

describe("markdownToProse: what is skipped", () => {
  it("skips fenced and indented code, also unterminated fences", () => {
    const source = "Before.\n\n```ts\nconst year = 2021;\n```\n\n~~~\ntilde 2021\n~~~\n\n    indented 2021\n\nAfter.\n\n```\nunterminated 2021\n";
    const doc = markdownToProse(source);
    expect(doc.blocks.map((block) => block.text)).toEqual(["Before.", "After."]);
  });

  it("removes inline code and leaves one space between the words around it", () => {
    const source = "Searching for `IPEF 2021` returns nothing.";
    const [block] = markdownToProse(source).blocks;
    expect(block.text).toBe("Searching for returns nothing.");
    expect(block.text).not.toContain("2021");
    expectAligned(source, markdownToProse(source));
    const glued = markdownToProse("value`2021`here").blocks[0];
    expect(glued.text).toBe("value here");
    expect(glued.sourceOffsets[5]).toBe(-1);
  });

  it("keeps link text but not the destination or title", () => {
    const source = "See the [IPEF overview](https://example.org/ipef-2021/page-5) for background.";
    const [block] = markdownToProse(source).blocks;
    expect(block.text).toBe("See the IPEF overview for background.");
    expect(block.text).not.toContain("2021");
    expect(sourceOffsetOf(block, "IPEF overview")).toBe(source.indexOf("IPEF overview"));
    expect(sourceOffsetOf(block, " for background")).toBe(source.indexOf(") for") + 1);

    const titled = 'A [link](<https://x.org/a b> "Title 2021") and [another](https://x.org/(2021) \'2022\') end.';
    expect(markdownToProse(titled).blocks[0].text).toBe("A link and another end.");
    expectAligned(titled, markdownToProse(titled));
  });

  it("keeps reference link text, drops definitions", () => {
    const source = "Read [the report][r] and [notes].\n\n[r]: https://x.org/2021 \"Report 2021\"\n[notes]: https://x.org/2022\n";
    const doc = markdownToProse(source);
    expect(doc.blocks.map((block) => block.text)).toEqual(["Read the report and notes."]);
    expectAligned(source, doc);
  });

  it("skips images, autolinks and bare URLs", () => {
    const source =
      "Chart ![GDP in 2021](chart-2021.png \"2021\") here, <https://x.org/2021> or https://example.org/ipef-2021/page-5. Also www.example.com/2021, done.";
    const doc = markdownToProse(source);
    const [block] = doc.blocks;
    expect(block.text).toBe("Chart here, or . Also , done.");
    expect(block.text).not.toContain("2021");
    expectAligned(source, doc);
  });

  it("removes a URL that is the text of a link", () => {
    const source = "Source: [https://example.org/2021](https://example.org/2021).";
    expect(markdownToProse(source).blocks[0].text).toBe("Source: .");
  });

  it("skips HTML blocks, inline HTML tags and comments, keeping text between tags", () => {
    const source =
      "<div>\nBlock html 2021\n</div>\n\n<!--\nA comment 2021\n-->\n\nText <span class=\"x\">kept</span> and <!-- hidden 2021 --> more<br>lines, CO<sub>2</sub>.";
    const doc = markdownToProse(source);
    expect(doc.blocks.map((block) => block.text)).toEqual(["Text kept and more lines, CO 2 ."]);
    expectAligned(source, doc);
  });

  it("never puts code, destinations, URLs, comments or front matter into the text", () => {
    const source = [
      "---",
      "title: Secret title 1999",
      "---",
      "Intro with `code 1999` and [text](https://x.org/1999) and https://y.org/1999 and <!-- 1999 -->.",
      "",
      "```",
      "1999",
      "```",
      "",
      "<!-- factcheck-disable 1999 -->",
    ].join("\n");
    const doc = markdownToProse(source);
    expect(allText(doc)).toBe("Intro with and text and and .");
    expect(allText(doc)).not.toContain("1999");
  });
});

// ---------------------------------------------------------------------------
// Tables

describe("markdownToProse: tables", () => {
  it("makes each body row a block with the header as context", () => {
    const source = "| Framework | Event | Date |\n|---|---|---|\n| IPEF | introduced | May 2020 |";
    const doc = markdownToProse(source);
    expect(doc.blocks).toHaveLength(1);
    const [row] = doc.blocks;
    expect(row.kind).toBe("table_row");
    expect(row.text).toBe("IPEF; introduced; May 2020");
    expect(row.headerText).toBe("Framework; Event; Date");
    expect(sourceOffsetOf(row, "May 2020")).toBe(source.indexOf("May 2020"));
    // Separators are inserted characters.
    expect(row.sourceOffsets[4]).toBe(-1);
    expect(row.sourceOffsets[5]).toBe(-1);
    expect(row.sourceOffsets[row.text.length]).toBe(source.indexOf("May 2020") + "May 2020".length);
    expect(row.sourceStart).toBe(source.indexOf("| IPEF"));
    expect(row.sourceEnd).toBe(source.length);
    expectAligned(source, doc);
  });

  it("reads markup inside cells and keeps empty cells in place", () => {
    const source = "Name | Value\n:-- | --:\n**Pillars** | `n` four\n  | [empty](x) \n| only one cell |\n";
    const doc = markdownToProse(source);
    // markdown-it drops a leading empty cell, then fills the row up with empty cells.
    expect(doc.blocks.map((block) => block.text)).toEqual(["Pillars; four", "empty; ", "only one cell; "]);
    expect(doc.blocks.every((block) => block.headerText === "Name; Value")).toBe(true);
    expectAligned(source, doc);
  });

  it("reads a table in a list item or a block quote", () => {
    const source = "> | A | B |\n> |---|---|\n> | one | two |\n\n- | C |\n  |---|\n  | three |\n";
    const doc = markdownToProse(source);
    expect(doc.blocks.map((block) => [block.kind, block.text, block.headerText])).toEqual([
      ["table_row", "one; two", "A; B"],
      ["table_row", "three", "C"],
    ]);
    expectAligned(source, doc);
  });
});

// ---------------------------------------------------------------------------
// Front matter

describe("markdownToProse: front matter", () => {
  it("parses YAML front matter and keeps it out of the prose", () => {
    const source = "---\ntitle: Trade brief\npublished: 2024-07-08\nauthors: [A. Writer]\n---\n# Heading\n\nBody text.\n";
    const doc = markdownToProse(source);
    expect(doc.frontMatter).toEqual({
      start: 0,
      end: source.indexOf("---\n# Heading") + 3,
      data: { title: "Trade brief", published: "2024-07-08", authors: ["A. Writer"] },
    });
    expect(doc.blocks.map((block) => block.text)).toEqual(["Heading", "Body text."]);
    expectAligned(source, doc);
  });

  it("accepts a BOM, CRLF and a closing '...'", () => {
    const source = "\uFEFF---\r\ntitle: With BOM\r\n...\r\nText after.\r\n";
    const doc = markdownToProse(source);
    expect(doc.frontMatter).toMatchObject({ start: 1, data: { title: "With BOM" } });
    expect(doc.blocks.map((block) => block.text)).toEqual(["Text after."]);
    expect(doc.blocks[0].sourceOffsets[0]).toBe(source.indexOf("Text after."));
  });

  it("reports broken YAML as an error without throwing", () => {
    const source = "---\ntitle: [unclosed\nkey: : :\n---\nBody.\n";
    const doc = markdownToProse(source);
    expect(doc.frontMatter?.data).toBeUndefined();
    expect(doc.frontMatter?.error).toEqual(expect.any(String));
    expect(doc.frontMatter?.error?.length).toBeGreaterThan(0);
    expect(doc.blocks.map((block) => block.text)).toEqual(["Body."]);
  });

  it("reads empty front matter as no data, and a scalar as an error", () => {
    expect(markdownToProse("---\n---\nBody.").frontMatter).toEqual({ start: 0, end: 7, data: {} });
    const scalar = markdownToProse("---\njust a string\n---\nBody.").frontMatter;
    expect(scalar?.data).toBeUndefined();
    expect(scalar?.error).toBeTruthy();
  });

  it("is not front matter unless it starts the file and is closed", () => {
    const unclosed = markdownToProse("---\ntitle: x\n\nBody.\n");
    expect(unclosed.frontMatter).toBeUndefined();
    const later = markdownToProse("Intro.\n\n---\ntitle: x\n---\n");
    expect(later.frontMatter).toBeUndefined();
    expect(later.blocks[0].text).toBe("Intro.");
  });
});

// ---------------------------------------------------------------------------
// Directives

describe("markdownToProse: directives", () => {
  it("reads directives with their lines and codes, in source order", () => {
    const source = [
      "<!-- factcheck-disable -->", // 0
      "Unchecked.", // 1
      "<!-- factcheck-enable -->", // 2
      "", // 3
      "<!-- factcheck-disable-next-line date-conflict figure-conflict -->", // 4
      "Next line.", // 5
      "Claim here. <!-- factcheck-disable-line figure-conflict -->", // 6
      "", // 7
      "- item", // 8
      "  <!--   factcheck-disable-next-line   -->", // 9
      "", // 10
      "| A |", // 11
      "|---|", // 12
      "| cell <!-- factcheck-disable-line date-conflict --> |", // 13
    ].join("\r\n");
    const doc = markdownToProse(source);
    expect(doc.directives).toEqual([
      { kind: "disable", line: 0, codes: [] },
      { kind: "enable", line: 2, codes: [] },
      { kind: "disable-next-line", line: 4, codes: ["date-conflict", "figure-conflict"] },
      { kind: "disable-line", line: 6, codes: ["figure-conflict"] },
      { kind: "disable-next-line", line: 9, codes: [] },
      { kind: "disable-line", line: 13, codes: ["date-conflict"] },
    ]);
    expect(allText(doc)).not.toContain("factcheck");
  });

  it("finds several directives in one HTML block, on their own lines", () => {
    const source = "Text.\n\n<!-- factcheck-disable -->\n<!-- ordinary comment -->\n<!-- factcheck-enable date-conflict -->\n";
    expect(markdownToProse(source).directives).toEqual([
      { kind: "disable", line: 2, codes: [] },
      { kind: "enable", line: 4, codes: ["date-conflict"] },
    ]);
  });

  it("ignores comments with other text, and directives in code", () => {
    const source = [
      "<!-- factcheck-disable because the source is wrong -->",
      "<!-- note: factcheck-disable -->",
      "<!-- factcheck-disabled -->",
      "",
      "```",
      "<!-- factcheck-disable -->",
      "```",
      "",
      "Inline `<!-- factcheck-disable -->` code.",
    ].join("\n");
    expect(markdownToProse(source).directives).toEqual([]);
  });
});

// ---------------------------------------------------------------------------
// Plain text

describe("plainTextToProse", () => {
  it("makes each non-blank line a text_line block with identity offsets", () => {
    const source = "First line of the source.\r\n\r\n   \nSecond line, May 2022.\nLast line without newline";
    const doc = plainTextToProse(source);
    expect(doc.directives).toEqual([]);
    expect(doc.frontMatter).toBeUndefined();
    expect(doc.blocks.map((block) => block.text)).toEqual([
      "First line of the source.",
      "Second line, May 2022.",
      "Last line without newline",
    ]);
    for (const block of doc.blocks) {
      expect(block.kind).toBe("text_line");
      expect(block.sourceOffsets.length).toBe(block.text.length + 1);
      for (let i = 0; i <= block.text.length; i++) expect(block.sourceOffsets[i]).toBe(block.sourceStart + i);
      expect(source.slice(block.sourceStart, block.sourceEnd)).toBe(block.text);
    }
  });

  it("does not read Markdown or comments in plain text", () => {
    const doc = plainTextToProse("**not bold** <!-- factcheck-disable -->\n`kept`");
    expect(doc.blocks.map((block) => block.text)).toEqual(["**not bold** <!-- factcheck-disable -->", "`kept`"]);
    expect(doc.directives).toEqual([]);
    expect(plainTextToProse("").blocks).toEqual([]);
  });
});

// ---------------------------------------------------------------------------
// Robustness and cost

describe("markdownToProse: robustness", () => {
  const awkwardInputs: Array<[string, string]> = [
    ["empty", ""],
    ["only whitespace", " \n\t\r\n  "],
    ["unterminated fence", "Text.\n\n```\nnever closed 2021"],
    ["deep block quotes", ">".repeat(5000) + " deep"],
    ["deep lists", Array.from({ length: 500 }, (_, i) => " ".repeat(i * 2) + "- level").join("\n")],
    ["many brackets", "[".repeat(20000) + "x" + "]".repeat(20000)],
    ["many emphasis marks", "*_".repeat(20000) + "text"],
    ["many backticks", "`a ``b ```c ".repeat(5000)],
    ["unclosed code span", "A `lone tick and ``two ticks"],
    ["control characters", "Text \u0000 with \u0001\u0002\u0007\u001b controls\u0000\n\n\u0000"],
    ["lone surrogates", "Broken \ud800 pair \udc00 here \ud83d\n\n# \udfff"],
    ["BOM only", "\uFEFF"],
    ["BOM then text", "\uFEFFText after BOM."],
    ["unclosed comment", "Text <!-- factcheck-disable"],
    ["unclosed front matter", "---\ntitle: x"],
    ["front matter only", "---\n---"],
    ["entities", "&#0; &#xFFFFFF; &#99999999; &;&#;&#x; &amp"],
    ["link edge cases", "[a](<b) [c]( d [e](f \"g) [h][] [i]: j\n\n[k](l \n 'm')"],
    ["table edge cases", "|a|\n|-|\n|b|c|d|\n||\n| \\| |"],
    ["mixed endings", "a\r\rb\n\r\nc\r\n\n\rd"],
  ];

  for (const [name, source] of awkwardInputs) {
    it(`does not throw on ${name}`, () => {
      let doc: ProseDocument | undefined;
      expect(() => (doc = markdownToProse(source))).not.toThrow();
      expect(Array.isArray(doc!.blocks)).toBe(true);
      for (const block of doc!.blocks) {
        expect(block.sourceOffsets.length).toBe(block.text.length + 1);
        for (const offset of block.sourceOffsets) expect(offset).toBeLessThanOrEqual(source.length);
      }
      expect(() => plainTextToProse(source)).not.toThrow();
    });
  }

  it("aligns text around a NUL, which markdown-it reads as U+FFFD", () => {
    const source = "A\u0000B and more";
    const [block] = markdownToProse(source).blocks;
    expect(block.text).toBe("A\uFFFDB and more");
    expect(block.sourceOffsets[2]).toBe(2);
  });

  it("handles a 5 MB single line", () => {
    const line = "The framework was launched in May 2022 with *fourteen* partners and [a link](https://x.org) `code`. ".repeat(
      Math.ceil((5 * 1024 * 1024) / 100),
    );
    const doc = markdownToProse(line);
    expect(doc.blocks).toHaveLength(1);
    expect(doc.blocks[0].text.startsWith("The framework was launched in May 2022 with fourteen partners and a link .")).toBe(true);
    // As plain text, the line is cut into blocks of whole sentences that hold all of it.
    const blocks = plainTextToProse(line).blocks;
    expect(blocks.length).toBeGreaterThan(1000);
    expect(blocks.every((b) => b.text.length < 8000 && /[.]\s*$/.test(b.text))).toBe(true);
    expect(blocks.map((b) => b.text).join(" ")).toBe(line);
  });

  // Cost is measured in bench/, not asserted here; this checks these inputs complete correctly.
  it("handles many small blocks and a block that defeats alignment", () => {
    const many = "Paragraph with *some* text.\n\n".repeat(40000);
    expect(markdownToProse(many).blocks).toHaveLength(40000);
    const escapedPipes = "| h |\n|---|\n" + "| a \\| b \\| c |\n".repeat(20000);
    expect(markdownToProse(escapedPipes).blocks).toHaveLength(20000);
  });
});
