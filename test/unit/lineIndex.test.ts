// Offsets and positions of the line index: each kind of line break, and the index shared by the
// prose stage and the check of one draft.
import { describe, expect, it } from "vitest";
import { TextDocument } from "vscode-languageserver-textdocument";
import { LineIndex } from "../../server/src/core/util/lineIndex";

/** The positions the editor's own text document gives, for comparison. */
function editorPositions(text: string): { line: number; character: number }[] {
  const doc = TextDocument.create("file:///x.md", "markdown", 1, text);
  return Array.from({ length: text.length + 1 }, (_, offset) => doc.positionAt(offset));
}

describe("LineIndex", () => {
  const texts = {
    "line feeds": "# Title\n\nThe pact was signed in 2021.\nIt entered into force in 2023.\n",
    "carriage returns and line feeds": "# Title\r\n\r\nThe pact was signed in 2021.\r\nIt entered into force in 2023.",
    "lone carriage returns": "First line\rSecond line\r\rFourth",
    "mixed breaks": "a\nb\r\nc\rd\n\r\ne",
    "no break": "One line only",
    empty: "",
  };
  for (const [name, text] of Object.entries(texts)) {
    it(`gives the editor's positions for ${name}`, () => {
      const lines = new LineIndex(text);
      const expected = editorPositions(text);
      for (let offset = 0; offset <= text.length; offset++) {
        if (text[offset - 1] === "\r" && text[offset] === "\n") continue; // inside a "\r\n": no place of its own
        expect(lines.positionAt(offset)).toEqual(expected[offset]);
        expect(lines.offsetAt(expected[offset])).toBe(offset);
      }
      expect(lines.lineCount).toBe(TextDocument.create("file:///x.md", "markdown", 1, text).lineCount);
    });
  }

  it("gives a line's extent without its line break", () => {
    const lines = new LineIndex("ab\r\ncd\nef");
    expect([0, 1, 2].map((l) => lines.lineExtent(l))).toEqual([
      { start: 0, end: 2 },
      { start: 4, end: 6 },
      { start: 7, end: 9 },
    ]);
  });

  it("shares the index of the text asked for last, and builds a new one for another text", () => {
    const draft = "The pact was signed in 2021.\nIt entered into force in 2023.\n";
    const first = LineIndex.of(draft);
    expect(LineIndex.of(draft)).toBe(first);
    // An equal text in another string is the same text.
    expect(LineIndex.of(draft.slice(0, 10) + draft.slice(10))).toBe(first);
    const edited = draft.replace("2021", "2022\n");
    const second = LineIndex.of(edited);
    expect(second).not.toBe(first);
    expect(second.lineCount).toBe(4);
    expect(second.positionAt(edited.indexOf("It"))).toEqual({ line: 2, character: 0 });
  });
});
