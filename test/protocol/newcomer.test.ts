// What a newcomer sees from the server: sources named as a writer cites them in related information,
// footnotes and hovers; built-in facts cited from the catalog, not quoted; a named corpus that is
// missing reported in the status the client turns into a warning. Uses examples/corpus only.
import * as path from "node:path";
import { CodeActionRequest, HoverRequest, type CodeAction, type Diagnostic, type MarkupContent } from "vscode-languageserver-protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { presentStatus } from "../../client/src/statusText";
import { applyEdits, fileUri, LspTestClient, makeTempFolder, positionOf, REPO_ROOT, type StatusParams } from "./lspClient";

/** The last status that reports a finished index. */
function lastReady(client: LspTestClient): StatusParams & { corpusIssues?: string[] } {
  return [...client.statuses].reverse().find((s) => s.state === "ready")!;
}

const SAMPLE_CORPUS = path.join(REPO_ROOT, "examples/corpus");
const WRONG = "The Indo-Pacific Economic Framework (IPEF) was launched in May 2021.";
const CCIEE_SHORT = "The impact of the Indo-Pacific strategy on economic and…, China Center for International Economic Exchanges (CCIEE), 2023-10-28";

async function startWith(corpus: string[] | undefined): Promise<{ client: LspTestClient; workspace: string }> {
  const workspace = makeTempFolder(corpus ? { ".factcheckrc.json": JSON.stringify({ corpus }) } : {});
  const client = await LspTestClient.start({ workspaceFolder: workspace });
  await client.waitForReady();
  return { client, workspace };
}

async function openDraft(client: LspTestClient, workspace: string, name: string, text: string) {
  const uri = fileUri(path.join(workspace, "drafts", name));
  await client.open(uri, text);
  return { uri, diagnostics: await client.waitForDiagnostics(uri) };
}

async function quickFixes(client: LspTestClient, uri: string, diagnostics: Diagnostic[]): Promise<CodeAction[]> {
  const result = await client.connection.sendRequest(CodeActionRequest.type, {
    textDocument: { uri },
    range: diagnostics[0].range,
    context: { diagnostics, only: ["quickfix"] },
  });
  return (result ?? []) as CodeAction[];
}

describe("sources named as a writer cites them", () => {
  let client: LspTestClient;
  let workspace: string;
  beforeAll(async () => ({ client, workspace } = await startWith([SAMPLE_CORPUS])));
  afterAll(async () => client?.stop());

  it("in the message and the related information, with the file and line in the location", async () => {
    const { diagnostics } = await openDraft(client, workspace, "a.md", `${WRONG}\n`);
    const [d] = diagnostics;
    expect(d.message).toContain(`(${CCIEE_SHORT}, line 10)`);
    const related = d.relatedInformation![0];
    expect(related.message.startsWith(`${CCIEE_SHORT}: “`)).toBe(true);
    expect(related.location.uri).toBe(fileUri(path.join(SAMPLE_CORPUS, "ipef-and-northeast-asian-trade.md")));
    expect(related.location.range.start.line).toBe(9);
  });

  it("in the footnote: full title, publisher and date, linked to the passage by a relative path", async () => {
    const text = `${WRONG}\n`;
    const { uri, diagnostics } = await openDraft(client, workspace, "b.md", text);
    const footnote = (await quickFixes(client, uri, diagnostics)).find((a) => / and cite /.test(a.title))!;
    expect(footnote.title).toBe(`Replace with May 2022 and cite ${CCIEE_SHORT}`);
    const relative = path.relative(path.join(workspace, "drafts"), path.join(SAMPLE_CORPUS, "ipef-and-northeast-asian-trade.md")).split(path.sep).join("/");
    expect(applyEdits(text, footnote.edit!.changes![uri])).toContain(
      "[^fc1]: The impact of the Indo-Pacific strategy on economic and trade cooperation among China, Japan, and South Korea, " +
        `China Center for International Economic Exchanges (CCIEE), 2023-10-28, [line 10](${relative}#L10).`,
    );
  });
});

describe("built-in facts", () => {
  let client: LspTestClient;
  let workspace: string;
  beforeAll(async () => ({ client, workspace } = await startWith(undefined)));
  afterAll(async () => client?.stop());

  it("are cited from the catalog's document, never quoted", async () => {
    const text = `${WRONG}\n`;
    const { uri, diagnostics } = await openDraft(client, workspace, "c.md", text);
    expect(diagnostics[0].message).toContain(`(built-in catalog, citing ${CCIEE_SHORT}, line 47)`);
    expect(diagnostics[0].message).not.toMatch(/[“”]/);
    const hover = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: positionOf(text, "May 2021", 2) });
    const value = (hover!.contents as MarkupContent).value;
    expect(value).toContain("From the built-in catalog, citing");
    expect(value).not.toMatch(/^>/m);
    expect(value).not.toContain(".txt");
  });

  it("are cited from the catalog in the entity's card too", async () => {
    const text = "IPEF matters to the region.\n";
    const { uri } = await openDraft(client, workspace, "d.md", text);
    const hover = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: positionOf(text, "IPEF", 1) });
    const card = (hover!.contents as MarkupContent).value;
    expect(card).toContain("- **launch**: May 2022\n  From the built-in catalog, citing The impact of the Indo-Pacific strategy on economic and…");
    expect(card).not.toMatch(/[“”]|^\s*>/m);
  });
});

describe("a named corpus folder that does not exist", () => {
  let client: LspTestClient;
  let missing: string;
  beforeAll(async () => {
    missing = path.join(makeTempFolder({}), "no-such-corpus");
    ({ client } = await startWith([missing]));
  });
  afterAll(async () => client?.stop());

  it("is reported in the status, which the status bar shows as a corpus error", async () => {
    const status = lastReady(client);
    expect(status.corpusIssues).toEqual([`corpus folder ${missing} does not exist`]);
    const shown = presentStatus(status);
    expect(shown.text).toBe("$(warning) Fact-check: corpus not found");
    expect(shown.isError).toBe(true);
    expect(shown.tooltip).toContain(missing);
  });

  it("is not reported when no corpus is named", async () => {
    const other = await startWith(undefined);
    try {
      const status = lastReady(other.client);
      expect(status.corpusIssues).toBeUndefined();
    } finally {
      await other.client.stop();
    }
  });
});
