// Hover, completion, code actions, definition, references and the custom requests, over the protocol.
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CodeActionRequest,
  CompletionRequest,
  DefinitionRequest,
  HoverRequest,
  ReferencesRequest,
  type CodeAction,
  type CompletionItem,
  type CompletionList,
  type Diagnostic,
  type Location,
  type MarkupContent,
} from "vscode-languageserver-protocol/node";
import { applyEdits, CORPUS_DIR, fileUri, LspTestClient, positionOf, startOnWorkspace } from "./lspClient";

const WRONG_CLAIM = "The Indo-Pacific Economic Framework (IPEF) was launched in May 2021.";

describe("language features", () => {
  let client: LspTestClient;
  let workspace: string;

  beforeAll(async () => {
    ({ client, workspace } = await startOnWorkspace({
      files: {
        "drafts/on-disk.md": "A note on IPEF and its partners.\n",
        "drafts/wrong.md": `# Draft\n\n${WRONG_CLAIM}\n`,
        "node_modules/pkg/readme.md": "IPEF\n",
        ".hidden/notes.md": "IPEF\n",
      },
    }));
  });
  afterAll(async () => {
    await client?.stop();
  });

  async function openDraft(name: string, text: string): Promise<{ uri: string; diagnostics: Diagnostic[] }> {
    const uri = fileUri(path.join(workspace, name));
    await client.open(uri, text);
    return { uri, diagnostics: await client.waitForDiagnostics(uri) };
  }

  async function codeActions(uri: string, diagnostics: Diagnostic[]): Promise<CodeAction[]> {
    const result = await client.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range: diagnostics[0].range,
      context: { diagnostics, only: ["quickfix"] },
    });
    return (result ?? []) as CodeAction[];
  }

  function editsOf(action: CodeAction, uri: string) {
    const edits = action.edit?.changes?.[uri];
    expect(edits).toBeDefined();
    return edits!;
  }

  it("hovers an entity mention with its card", async () => {
    const text = "# Notes\n\nIPEF matters to the region.\n";
    const { uri } = await openDraft("hover-entity.md", text);
    const hover = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: positionOf(text, "IPEF", 1) });
    expect(hover).not.toBeNull();
    const contents = hover!.contents as MarkupContent;
    expect(contents.kind).toBe("markdown");
    expect(contents.value).toContain("Indo-Pacific Economic Framework");
    expect(contents.value).toMatch(new RegExp(`${fileUri(CORPUS_DIR)}/\\d{3}_[0-9a-f]+\\.txt#L\\d+`));
    expect(hover!.range).toEqual({ start: positionOf(text, "IPEF"), end: positionOf(text, "IPEF", 4) });
  });

  it("hovers a checked value with its verdict", async () => {
    const { uri } = await openDraft("hover-value.md", WRONG_CLAIM + "\n");
    const hover = await client.connection.sendRequest(HoverRequest.type, {
      textDocument: { uri },
      position: positionOf(WRONG_CLAIM, "May 2021", 2),
    });
    const value = (hover!.contents as MarkupContent).value;
    expect(value).toContain("Conflicts with");
    expect(value).toContain("2022");
    expect(value).toContain("> "); // the quoted passage

    const supported = "IPEF was launched in May 2022.\n";
    const other = await openDraft("hover-supported.md", supported);
    const hover2 = await client.connection.sendRequest(HoverRequest.type, {
      textDocument: { uri: other.uri },
      position: positionOf(supported, "May 2022", 1),
    });
    expect((hover2!.contents as MarkupContent).value).toContain("Supported by");
  });

  it("completes entity names with the full name first, the acronym later", async () => {
    const text = "The Indo";
    const { uri } = await openDraft("complete.md", text);
    const list = (await client.connection.sendRequest(CompletionRequest.type, {
      textDocument: { uri },
      position: { line: 0, character: text.length },
    })) as CompletionList;
    const item = list.items.find((i) => i.detail?.startsWith("IPEF"));
    expect(item, JSON.stringify(list.items.map((i) => i.label))).toBeDefined();
    const fullName = item!.label;
    expect(fullName).toMatch(/^Indo-Pacific Economic Framework/);
    expect(item!.filterText).toContain("IPEF");
    expect(item!.filterText).toContain(fullName);
    expect((item!.documentation as MarkupContent).kind).toBe("markdown");
    expect((item!.documentation as MarkupContent).value).toContain("Indo-Pacific Economic Framework");
    const edit = item!.textEdit as { range: { start: { character: number } }; newText: string };
    expect(edit.newText).toBe(`${fullName} (IPEF)`);
    expect(applyEdits(text, [item!.textEdit as never])).toBe(`The ${fullName} (IPEF)`);

    const later = "The Indo-Pacific Economic Framework (IPEF) was launched.\n\nSince then, IPE";
    await client.replace(uri, later);
    const lines = later.split("\n");
    const list2 = (await client.connection.sendRequest(CompletionRequest.type, {
      textDocument: { uri },
      position: { line: lines.length - 1, character: lines[lines.length - 1].length },
    })) as CompletionList;
    const item2 = list2.items.find((i: CompletionItem) => i.label === fullName);
    expect(item2).toBeDefined();
    expect((item2!.textEdit as { newText: string }).newText).toBe("IPEF");
    expect(item2!.filterText!.startsWith("IPEF")).toBe(true);
  });

  it("offers no names inside code", async () => {
    for (const text of ["```\nThe Indo", "Search for `The Indo"]) {
      const { uri } = await openDraft("code-completion.md", text);
      const lines = text.split("\n");
      const list = (await client.connection.sendRequest(CompletionRequest.type, {
        textDocument: { uri },
        position: { line: lines.length - 1, character: lines[lines.length - 1].length },
      })) as CompletionList;
      expect(list.items).toEqual([]);
    }
  });

  it("offers a replacement that edits only the claimed value", async () => {
    const text = `# Background\n\n${WRONG_CLAIM} It has partners.\n`;
    const { uri, diagnostics } = await openDraft("fix-replace.md", text);
    const actions = await codeActions(uri, diagnostics);
    const replace = actions.find((a) => a.title.startsWith("Replace with"));
    expect(replace, JSON.stringify(actions.map((a) => a.title))).toBeDefined();
    expect(replace!.kind).toBe("quickfix");
    const edits = editsOf(replace!, uri);
    expect(edits).toHaveLength(1);
    expect(edits[0].range).toEqual(diagnostics[0].range);
    expect(applyEdits(text, edits)).toBe(text.replace("May 2021", "May 2022"));

    await client.replace(uri, applyEdits(text, edits));
    expect(await client.waitForDiagnostics(uri)).toEqual([]);
  });

  it("offers the right value with a footnote citing the source", async () => {
    const text = `# Background\n\n${WRONG_CLAIM} It has partners.\n\nSee also [^fc1].\n\n[^fc1]: An earlier note.\n`;
    const { uri, diagnostics } = await openDraft("fix-footnote.md", text);
    const actions = await codeActions(uri, diagnostics);
    const footnote = actions.find((a) => a.title.startsWith("Replace with May 2022 and cite "));
    expect(footnote).toBeDefined();
    const result = applyEdits(text, editsOf(footnote!, uri));
    // After the sentence's full stop, numbered past the existing fc1.
    expect(result).toContain("launched in May 2022.[^fc2] It has partners.");
    // Cited by title, publisher and date; the file and line are in the link.
    expect(result).toMatch(/\[\^fc1\]: An earlier note\.\n\[\^fc2\]: [^\n\d]+, \d{4}-\d\d-\d\d, \[line \d+\]\([^)]*\d{3}_[0-9a-f]+\.txt#L\d+\)\.\n$/);
  });

  it("offers to silence the line, keeping indentation and CRLF line endings", async () => {
    const text = `Intro line.\r\n\r\n  ${WRONG_CLAIM}\r\n`;
    const { uri, diagnostics } = await openDraft("fix-silence.md", text);
    expect(diagnostics).toHaveLength(1);
    const actions = await codeActions(uri, diagnostics);
    const silence = actions.find((a) => a.title === "Silence this line");
    expect(silence).toBeDefined();
    const result = applyEdits(text, editsOf(silence!, uri));
    expect(result).toBe(`Intro line.\r\n\r\n  <!-- factcheck-disable-next-line -->\r\n  ${WRONG_CLAIM}\r\n`);
    await client.replace(uri, result);
    expect(await client.waitForDiagnostics(uri)).toEqual([]);
  });

  it("goes to the definition in the corpus", async () => {
    const text = "IPEF is a framework.\n";
    const { uri } = await openDraft("definition.md", text);
    const result = (await client.connection.sendRequest(DefinitionRequest.type, {
      textDocument: { uri },
      position: { line: 0, character: 1 },
    })) as Location[];
    expect(result.length).toBeGreaterThan(0);
    for (const location of result) expect(location.uri.startsWith(fileUri(CORPUS_DIR) + "/")).toBe(true);
  });

  it("finds references across open drafts and Markdown files on disk", async () => {
    const a = await openDraft("refs-a.md", "IPEF first.\n\nThen IPEF again.\n");
    const b = await openDraft("refs-b.md", "Nothing here.\nThe Indo-Pacific Economic Framework (IPEF) here.\n");
    const result = (await client.connection.sendRequest(ReferencesRequest.type, {
      textDocument: { uri: a.uri },
      position: { line: 0, character: 2 },
      context: { includeDeclaration: false },
    })) as Location[];
    const uris = result.map((l) => l.uri);
    expect(uris.filter((u) => u === a.uri)).toHaveLength(2);
    expect(uris).toContain(b.uri);
    expect(result.find((l) => l.uri === b.uri)!.range.start.line).toBe(1);
    expect(uris).toContain(fileUri(path.join(workspace, "drafts/on-disk.md")));
    expect(uris.some((u) => u.includes("node_modules") || u.includes(".hidden"))).toBe(false);
  });

  it("answers the custom requests of the client's commands", async () => {
    const facts = (await client.connection.sendRequest("policyFactCheck/corpusFacts")) as string;
    expect(facts).toContain("Indo-Pacific Economic Framework");

    const stats = (await client.connection.sendRequest("policyFactCheck/reindex")) as { documents: number; facts: number };
    expect(stats.documents).toBe(5);
    expect(stats.facts).toBeGreaterThan(0);

    const summary = (await client.connection.sendRequest("policyFactCheck/checkWorkspace")) as { files: number; findings: number };
    expect(summary.files).toBeGreaterThanOrEqual(3);
    expect(summary.findings).toBeGreaterThan(0);
    expect(client.diagnostics.get(fileUri(path.join(workspace, "drafts/on-disk.md")))?.diagnostics).toEqual([]);
    const onDisk = client.diagnostics.get(fileUri(path.join(workspace, "drafts/wrong.md")))?.diagnostics ?? [];
    expect(onDisk.map((d) => d.code)).toEqual(["date-conflict"]);
    expect(client.diagnostics.has(fileUri(path.join(workspace, "node_modules/pkg/readme.md")))).toBe(false);
  });
});
