// The footnote quick fixes over the protocol: what a writer sees after applying them. A footnote
// reference must not hide the claims after it, labels must not clash with the draft's own (which
// renderers match without case) or with each other, a table row's reference stays in its cell, CR-only
// drafts get CR line breaks, and no fix cites a source against the value it leaves in place.
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CodeActionRequest, type CodeAction, type Diagnostic, type Range } from "vscode-languageserver-protocol/node";
import { applyEdits, fileUri, LspTestClient, positionOf, startOnWorkspace } from "./lspClient";

const IPEF_WRONG = "The Indo-Pacific Economic Framework (IPEF) was launched in May 2021.";
const IPEF_RIGHT = "The Indo-Pacific Economic Framework (IPEF) was launched in May 2022.";
const QUAD_WRONG = "The Quad plans to provide $50 billion in infrastructure funds over the next five years.";

describe("footnote quick fixes", () => {
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
    const uri = fileUri(path.join(workspace, `fix-${++count}.md`));
    await client.open(uri, text);
    return { uri, diagnostics: await client.waitForDiagnostics(uri) };
  }

  async function actions(uri: string, range: Range, diagnostics: Diagnostic[]): Promise<CodeAction[]> {
    return ((await client.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range, context: { diagnostics } })) ?? []) as CodeAction[];
  }

  function edited(text: string, action: CodeAction, uri: string): string {
    return applyEdits(text, action.edit!.changes![uri]);
  }

  it("keeps checking the sentence after a footnote reference", async () => {
    for (const label of ["[^1]", "[^fc1]"]) {
      const text = `${IPEF_WRONG}${label}\n${QUAD_WRONG}\n\n${label}: A note.\n`;
      const { diagnostics } = await openDraft(text);
      expect(diagnostics.map((d) => d.code).sort(), label).toEqual(["date-conflict", "figure-conflict"]);
    }
  });

  it("leaves the next sentence's conflict in place after the replace-and-cite fix", async () => {
    const text = `${IPEF_WRONG}\n${QUAD_WRONG}\n`;
    const { uri, diagnostics } = await openDraft(text);
    const date = diagnostics.find((d) => d.code === "date-conflict")!;
    const cite = (await actions(uri, date.range, [date])).find((a) => a.title.startsWith("Replace with May 2022 and cite "));
    expect(cite).toBeDefined();
    const fixed = edited(text, cite!, uri);
    expect(fixed).toContain("launched in May 2022.[^fc1]\nThe Quad");
    await client.replace(uri, fixed);
    expect((await client.waitForDiagnostics(uri)).map((d) => d.code)).toEqual(["figure-conflict"]);
  });

  it("picks labels unused without case in the draft and across the fixes of one response", async () => {
    const text = `${IPEF_WRONG} A note[^FC1].\n\n${QUAD_WRONG}\n\n[^FC1]: The writer's own note.\n`;
    const { uri, diagnostics } = await openDraft(text);
    expect(diagnostics).toHaveLength(2);
    const whole = { start: { line: 0, character: 0 }, end: positionOf(text, "[^FC1]:") };
    const cites = (await actions(uri, whole, diagnostics)).filter((a) => / and cite /.test(a.title));
    expect(cites).toHaveLength(2);
    const labels = cites.map((a) => a.edit!.changes![uri].flatMap((e) => /\[\^([^\]]+)\]/.exec(e.newText)?.[1] ?? []));
    for (const [reference, definition] of labels) expect(reference).toBe(definition);
    const used = labels.map(([label]) => label!.toLowerCase());
    expect(used).not.toContain("fc1");
    expect(new Set(used).size).toBe(2);
  });

  it("puts a table row's reference in the claim's own cell", async () => {
    const text = `| Event | When | Note |\n| --- | --- | --- |\n| Launch | ${IPEF_WRONG} | Talks went on. |\n`;
    const { uri, diagnostics } = await openDraft(text);
    expect(diagnostics).toHaveLength(1);
    const cite = (await actions(uri, diagnostics[0].range, diagnostics)).find((a) => / and cite /.test(a.title));
    const row = edited(text, cite!, uri).split("\n")[2];
    expect(row).toBe(`| Launch | ${IPEF_RIGHT}[^fc1] | Talks went on. |`);
  });

  it("uses a CR-only draft's line breaks for every inserted line", async () => {
    const text = `# Brief\r\r${IPEF_WRONG}\r\rClosing words.`;
    const { uri, diagnostics } = await openDraft(text);
    expect(diagnostics).toHaveLength(1);
    const all = await actions(uri, diagnostics[0].range, diagnostics);
    const silenced = edited(text, all.find((a) => a.title === "Silence this line")!, uri);
    expect(silenced).toBe(`# Brief\r\r<!-- factcheck-disable-next-line -->\r${IPEF_WRONG}\r\rClosing words.`);
    const cited = edited(text, all.find((a) => / and cite /.test(a.title))!, uri);
    expect(cited).toMatch(/^# Brief\r\r[^\r\n]+May 2022\.\[\^fc1\]\r\rClosing words\.\r\r\[\^fc1\]: [^\r\n]+\.\r$/);
    await client.replace(uri, silenced);
    expect(await client.waitForDiagnostics(uri)).toEqual([]);
  });

  it("cites only a source that supports the value it leaves in place", async () => {
    const wrong = await openDraft(`${IPEF_WRONG}\n`);
    const onConflict = await actions(wrong.uri, wrong.diagnostics[0].range, wrong.diagnostics);
    // No fix keeps "May 2021" and cites the source that says May 2022.
    for (const action of onConflict) {
      const result = edited(`${IPEF_WRONG}\n`, action, wrong.uri);
      if (result.includes("[^")) expect(result, action.title).not.toContain("May 2021");
    }

    const right = await openDraft(`${IPEF_RIGHT}\n`);
    expect(right.diagnostics).toEqual([]);
    const at = positionOf(IPEF_RIGHT, "May 2022", 1);
    const onSupported = await actions(right.uri, { start: at, end: at }, []);
    expect(onSupported.map((a) => a.title)).toEqual([expect.stringMatching(/^Cite /)]);
    expect(edited(`${IPEF_RIGHT}\n`, onSupported[0], right.uri)).toMatch(/May 2022\.\[\^fc1\]\n\n\[\^fc1\]: .+\.\n$/);

    const uncovered = await openDraft("The Quad met in Sydney in March 2019.\n");
    const position = positionOf("The Quad met in Sydney in March 2019.", "2019");
    expect(await actions(uncovered.uri, { start: position, end: position }, [])).toEqual([]);
  });
});
