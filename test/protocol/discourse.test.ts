// The language server reading sources that name their subject once: a draft's "It" and a
// source's "The Act" are resolved, the conflict is published, and the hover on the value says
// which entity the claim was read as being about, and from which words.
import { writeFileSync, mkdirSync } from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HoverRequest, type MarkupContent } from "vscode-languageserver-protocol/node";
import { fileUri, LspTestClient, makeTempFolder, positionOf } from "./lspClient";

const SOURCE = `---
title: The Harbour Freight Act takes effect
publisher: Port Gazette
published: 2024-03-02
---

# The Harbour Freight Act takes effect

ROTTERDAM — The Harbour Freight Act entered into force on 1 March 2024.

The Act sets aside €4.5 billion for new quays over the next five years.
`;

describe("subjects carried across sentences, over the protocol", () => {
  let client: LspTestClient;
  let workspace: string;

  beforeAll(async () => {
    workspace = makeTempFolder({ ".factcheckrc.json": JSON.stringify({ corpus: ["sources"] }) });
    mkdirSync(path.join(workspace, "sources"));
    writeFileSync(path.join(workspace, "sources", "act.md"), SOURCE);
    client = await LspTestClient.start({ workspaceFolder: workspace, env: { POLICY_FACTCHECK_INDEX_CACHE: "off" } });
    await client.waitForReady();
  });
  afterAll(async () => {
    await client?.stop();
  });

  it("checks 'It' against 'The Act' and says so in the hover", async () => {
    const uri = fileUri(path.join(workspace, "brief.md"));
    const text = "# Ports\n\nThe Harbour Freight Act is the new law. It sets aside €5.4 billion for new quays.\n";
    await client.open(uri, text);
    const [diagnostic, ...others] = await client.waitForDiagnostics(uri);
    expect(others).toEqual([]);
    expect(diagnostic).toMatchObject({ code: "figure-conflict" });
    expect(diagnostic.message).toContain("€4.5 billion");
    const hover = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: positionOf(text, "€5.4 billion", 2) });
    const value = (hover!.contents as MarkupContent).value;
    expect(value).toContain("Read as about Harbour Freight Act (from “It”)");
    expect(value).toContain("The Act sets aside €4.5 billion");
  });
});
