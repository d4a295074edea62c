// Every quick fix the server offers edits only what it says: the claimed value, the footnote
// reference and definition, or the silencing comment. The rest of the draft stays byte-identical,
// with CRLF line endings, non-ASCII text (UTF-16 positions), lists, tables, block quotes and
// indentation, and the Markdown blocks around the fix keep their structure.
import * as path from "node:path";
import MarkdownIt from "markdown-it";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CodeActionRequest, type CodeAction, type Diagnostic, type TextEdit } from "vscode-languageserver-protocol/node";
import { applyEdits, fileUri, LspTestClient, offsetAt, startOnWorkspace, textOfRange } from "./lspClient";

// Wrong claims the engine flags on the real corpus, and the values the sources give.
const IPEF = "The Indo-Pacific Economic Framework (IPEF) was launched in May 2021.";
const TRADE = "In 2022, China's trade volume with Japan was $375.4 billion.";
const TARIFF = "On April 2, President Trump said he would impose a 20% tariff on South Korea.";
const NETWORK = "The Disruptive Technology Network was last convened on April 25, 2023.";
const FIXED: Record<string, string> = {
  "May 2021": "May 2022",
  "$375.4 billion": "$357.4 billion",
  "20%": "25%",
  "April 25, 2023": "April 25, 2024",
};

const NEXT_LINE = "<!-- factcheck-disable-next-line -->";
const SAME_LINE = " <!-- factcheck-disable-line -->";

/** How the silence fix must look: a directive line above the claim's line, or a comment at its end. */
type Silence = "line" | "inline";

interface Variant {
  name: string;
  text: string;
  /** The claimed values the server flags, in document order, with the silence each line needs. */
  claims: [claimed: string, silence: Silence][];
}

const LF_VARIANTS: Variant[] = [
  {
    name: "plain paragraphs",
    text: `# Draft\n\n${IPEF}\n\n${TRADE}\n\n${TARIFF}\n\n${NETWORK}\n`,
    claims: [
      ["May 2021", "line"],
      ["$375.4 billion", "line"],
      ["20%", "line"],
      ["April 25, 2023", "line"],
    ],
  },
  {
    name: "non-ASCII text before the claims",
    text: `# Brève note — 中文\n\nCafé é 中文 🇯🇵 ${IPEF}\n\n🇯🇵 ${TRADE}\n\nRésumé: ${TARIFF}\n\n中文 ${NETWORK}\n\nÇa va, 終わり 👍🏽.\n`,
    claims: [
      ["May 2021", "line"],
      ["$375.4 billion", "line"],
      ["20%", "line"],
      ["April 25, 2023", "line"],
    ],
  },
  {
    name: "block quote, list item, table row and a paragraph's second line",
    text: `# Blocks\n\n> ${IPEF}\n\n- Item one.\n- ${TRADE}\n\n| Event | Note |\n| --- | --- |\n| Tariff | ${TARIFF} |\n| Other | row |\n\nSome context first, and then\n${NETWORK}\n`,
    claims: [
      ["May 2021", "line"],
      ["$375.4 billion", "inline"],
      ["20%", "inline"],
      ["April 25, 2023", "inline"],
    ],
  },
  {
    name: "indentation: list item paragraphs, nested list and quote, indented code",
    text: `1. First point.\n\n   ${IPEF}\n\n   - Nested: ${TRADE}\n\n> > ${TARIFF}\n\n    ${NETWORK}\n`,
    claims: [
      ["May 2021", "line"],
      ["$375.4 billion", "inline"],
      ["20%", "line"],
    ],
  },
  {
    name: "the last claim at the very end, without a final line break",
    text: `Intro.\n\n${TRADE}\n\n${NETWORK}`,
    claims: [
      ["$375.4 billion", "line"],
      ["April 25, 2023", "line"],
    ],
  },
  {
    name: "footnotes already in use",
    // Labels match without case in GitHub-flavoured Markdown: "FC2" takes "fc2".
    text: `${IPEF} See [^fc1] and [^FC2].\n\n${TARIFF}\n\n[^fc1]: Earlier note.\n[^FC2]: Upper-case label.\n[^fc7]: Another.\n`,
    claims: [
      ["May 2021", "line"],
      ["20%", "line"],
    ],
  },
  {
    name: "claims inside a wrapped paragraph",
    text: `A paragraph that\n${IPEF} And\n${TRADE}\nends here.\n`,
    claims: [
      ["May 2021", "inline"],
      ["$375.4 billion", "inline"],
    ],
  },
  {
    name: "hard line breaks and a heading",
    text: `Intro line.\n${IPEF}  \nNext line.\n\nLead-in\\\n${TARIFF}\\\nEnd.\n\n## ${NETWORK}\n`,
    claims: [
      ["May 2021", "inline"],
      ["20%", "inline"],
      ["April 25, 2023", "line"],
    ],
  },
];

// Every variant also with CRLF and with CR-only line endings (old Mac files, some exports).
const VARIANTS: Variant[] = LF_VARIANTS.flatMap((v) => [
  v,
  { ...v, name: `${v.name} (CRLF)`, text: v.text.replace(/\n/g, "\r\n") },
  { ...v, name: `${v.name} (CR)`, text: v.text.replace(/\n/g, "\r") },
]);

const markdown = new MarkdownIt({ html: true });

/** The block structure: token types and nesting, without HTML blocks (a directive line is one). */
function blockStructure(text: string): string[] {
  return markdown
    .parse(text, {})
    .filter((t) => t.type !== "html_block")
    .map((t) => `${t.type}:${t.tag}:${t.level}`);
}

function lineEnding(text: string): string {
  return /\r\n?|\n/.exec(text)?.[0] ?? "\n";
}

/** Offsets of the start and end (before the line break) of the line holding `offset`. */
function lineBounds(text: string, offset: number): { start: number; end: number } {
  const start = Math.max(text.lastIndexOf("\n", offset - 1), text.lastIndexOf("\r", offset - 1)) + 1;
  const end = text.slice(offset).search(/[\r\n]/);
  return { start, end: end < 0 ? text.length : offset + end };
}

/** Line breaks in inserted text are the document's own: only CRLF in a CRLF draft, only CR in a CR draft, only LF in an LF draft. */
function expectLineEndings(inserted: string, eol: string): void {
  expect(inserted.split(eol).join("")).not.toMatch(/[\r\n]/);
}

function escapeRegExp(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|]/g, "\\$&").replace(/\r/g, "\\r").replace(/\n/g, "\\n");
}

function byteIdentical(a: string, b: string): boolean {
  return Buffer.from(a, "utf8").equals(Buffer.from(b, "utf8"));
}

describe("quick fixes edit only what they say", () => {
  let client: LspTestClient;
  let workspace: string;
  let count = 0;

  beforeAll(async () => {
    ({ client, workspace } = await startOnWorkspace());
  });
  afterAll(async () => {
    await client?.stop();
  });

  async function openDraft(text: string): Promise<{ uri: string; diagnostics: Diagnostic[] }> {
    const uri = fileUri(path.join(workspace, `draft-${++count}.md`));
    await client.open(uri, text);
    return { uri, diagnostics: await client.waitForDiagnostics(uri) };
  }

  async function actionsFor(uri: string, diagnostic: Diagnostic): Promise<CodeAction[]> {
    const result = await client.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic], only: ["quickfix"] },
    });
    return (result ?? []) as CodeAction[];
  }

  /** The edits of an action: all for this document, as plain changes. */
  function editsOf(action: CodeAction, uri: string): TextEdit[] {
    expect(action.edit?.documentChanges).toBeUndefined();
    expect(Object.keys(action.edit?.changes ?? {})).toEqual([uri]);
    return action.edit!.changes![uri];
  }

  /** The claimed values the server flags in a text, in document order. */
  async function flagged(uri: string, text: string): Promise<string[]> {
    await client.replace(uri, text);
    const diagnostics = await client.waitForDiagnostics(uri);
    return diagnostics
      .slice()
      .sort((a, b) => offsetAt(text, a.range.start) - offsetAt(text, b.range.start))
      .map((d) => textOfRange(text, d.range));
  }

  for (const variant of VARIANTS) {
    it(`applies every fix on ${variant.name}`, async () => {
      const { text } = variant;
      const eol = lineEnding(text);
      const { uri, diagnostics } = await openDraft(text);
      const sorted = diagnostics.slice().sort((a, b) => offsetAt(text, a.range.start) - offsetAt(text, b.range.start));
      expect(sorted.map((d) => textOfRange(text, d.range))).toEqual(variant.claims.map(([claimed]) => claimed));
      const structure = blockStructure(text);
      const usedLabels = new Set([...text.matchAll(/\[\^([^\]\s]+)\]/g)].map((m) => m[1].toLowerCase()));
      let nextLabel = 1;
      while (usedLabels.has(`fc${nextLabel}`)) nextLabel++;
      const allReplacements: TextEdit[] = [];
      const allSilences: TextEdit[] = [];
      /** Texts to check with the server once every action of the original text is in hand, and what it should still flag. */
      const roundTrips: { what: string; text: string; flagged: string[] }[] = [];

      for (const [i, diagnostic] of sorted.entries()) {
        const [claimed, silence] = variant.claims[i];
        const start = offsetAt(text, diagnostic.range.start);
        const end = offsetAt(text, diagnostic.range.end);
        const line = lineBounds(text, start);
        const others = variant.claims.filter((_, j) => j !== i).map(([c]) => c);
        const actions = await actionsFor(uri, diagnostic);
        expect(actions.map((a) => a.title)).toEqual([
          `Replace with ${FIXED[claimed]}`,
          expect.stringMatching(new RegExp(`^Replace with ${escapeRegExp(FIXED[claimed])} and cite `)),
          "Silence this line",
        ]);
        const [replace, footnote, silenceAction] = actions;
        for (const action of actions) {
          expect(action.kind).toBe("quickfix");
          expect(action.diagnostics).toEqual([diagnostic]);
        }

        // Replace: exactly the claimed range, nothing else.
        const replaceEdits = editsOf(replace, uri);
        expect(replaceEdits).toHaveLength(1);
        expect(replaceEdits[0].range).toEqual(diagnostic.range);
        const replaced = applyEdits(text, replaceEdits);
        expect(byteIdentical(replaced, text.slice(0, start) + FIXED[claimed] + text.slice(end))).toBe(true);
        allReplacements.push(...replaceEdits);
        roundTrips.push({ what: `replacing ${claimed}`, text: replaced, flagged: others });

        // Replace and cite: the value replaced, a reference on the claim's line after it, a
        // definition appended at the end.
        const label = `[^fc${nextLabel}]`;
        const withFootnote = applyEdits(text, editsOf(footnote, uri));
        const shift = FIXED[claimed].length - claimed.length;
        const at = withFootnote.indexOf(label);
        expect(at).toBeGreaterThanOrEqual(end + shift);
        expect(at).toBeLessThanOrEqual(line.end + shift);
        expect(replaced.slice(end + shift, at), "the reference follows the value or its sentence's punctuation").toMatch(/^(?:|[^\r\n|]*[.!?]["'”’)\]]*)$/);
        expect(replaced.slice(at), "then a space, a table cell's end, a hard break or the end").toMatch(/^(?:\s|\||\\(?:\r\n?|\n)|$)/);
        const withoutReference = withFootnote.slice(0, at) + withFootnote.slice(at + label.length);
        expect(byteIdentical(withoutReference.slice(0, replaced.length), replaced)).toBe(true);
        const appended = withoutReference.slice(replaced.length);
        const escapedEol = escapeRegExp(eol);
        expect(appended).toMatch(new RegExp(`^(?:${escapedEol}){0,2}\\[\\^fc${nextLabel}\\]: [^\\r\\n]+\\.${escapedEol}$`));
        expectLineEndings(appended, eol);
        // The definition starts its own line, after a blank line or another definition.
        const before = (text + appended.slice(0, appended.indexOf("[^"))).split(/\r\n|\r|\n/);
        const lineBefore = before[before.length - 2] ?? "";
        expect(before[before.length - 1]).toBe("");
        expect(lineBefore.trim() === "" || /^\[\^[^\]]+\]:/.test(lineBefore)).toBe(true);
        // The claims after the reference are still checked.
        roundTrips.push({ what: `replacing and citing ${claimed}`, text: withFootnote, flagged: others });

        // Silence: one directive line above (same container prefix), or one comment at the line's end.
        const silenceEdits = editsOf(silenceAction, uri);
        expect(silenceEdits).toHaveLength(1);
        const silenced = applyEdits(text, silenceEdits);
        if (silence === "line") {
          const prefix = /^(?:[ \t]*>)*[ \t]*/.exec(text.slice(line.start, line.end))![0];
          expect(byteIdentical(silenced, text.slice(0, line.start) + prefix + NEXT_LINE + eol + text.slice(line.start))).toBe(true);
        } else {
          const inserted = silenced.indexOf(SAME_LINE);
          expect(inserted).toBeGreaterThanOrEqual(end);
          expect(inserted).toBeLessThanOrEqual(line.end);
          expect(byteIdentical(silenced.slice(0, inserted) + silenced.slice(inserted + SAME_LINE.length), text)).toBe(true);
          // Hard breaks and a table row's closing pipe stay at the end of the line.
          expect(text.slice(inserted, line.end)).toMatch(/^(?:|  |\\| \|)$/);
        }
        expectLineEndings(silenceEdits[0].newText, eol);
        expect(blockStructure(silenced), "the silence keeps the blocks").toEqual(structure);
        allSilences.push(...silenceEdits);
        roundTrips.push({ what: `silencing ${claimed}`, text: silenced, flagged: others });
      }

      // Replaced or silenced, the claim is no longer flagged; the others still are.
      for (const trip of roundTrips) expect(await flagged(uri, trip.text), trip.what).toEqual(trip.flagged);

      // The fixes of different claims combine: all replacements (or all silences) at once clear the draft.
      expect(await flagged(uri, applyEdits(text, allReplacements))).toEqual([]);
      const allSilenced = applyEdits(text, allSilences);
      expect(blockStructure(allSilenced)).toEqual(structure);
      expect(await flagged(uri, allSilenced)).toEqual([]);
      await client.close(uri);
    });
  }

  it("offers no fix for a diagnostic from an older version whose range no longer holds the claimed value", async () => {
    const text = `Intro.\r\n\r\n${IPEF}\r\n`;
    const { uri, diagnostics } = await openDraft(text);
    expect(diagnostics).toHaveLength(1);
    // An edit before the value on the claim's line: the old range now covers other text.
    await client.replace(uri, text.replace("The Indo-Pacific", "Indo-Pacific"));
    const current = await client.waitForDiagnostics(uri);
    expect(await actionsFor(uri, diagnostics[0])).toEqual([]);
    expect((await actionsFor(uri, current[0])).map((a) => a.title)[0]).toBe("Replace with May 2022");
  });
});
