// The language server with a corpus of a PDF report, a saved web page and a Word document: the
// diagnostic, the hover with the quote and the page, and the link to the PDF's page.
import { copyFileSync, mkdirSync } from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HoverRequest, type MarkupContent } from "vscode-languageserver-protocol/node";
import { fileUri, LspTestClient, makeTempFolder, positionOf, REPO_ROOT } from "./lspClient";

const FIXTURES = path.join(REPO_ROOT, "test/fixtures/formats");
const CLAIM = "Under the RTP, cross-border electricity trade reached 45 percent of the members' power imports by the end of 2023.";

describe("a corpus of PDF, HTML and Word sources over the protocol", () => {
  let client: LspTestClient;
  let workspace: string;

  beforeAll(async () => {
    workspace = makeTempFolder({ ".factcheckrc.json": JSON.stringify({ corpus: ["sources"] }) });
    mkdirSync(path.join(workspace, "sources"));
    for (const name of ["river-report.pdf", "harbour-page.html", "alpine-fund.docx", "scanned.pdf"]) {
      copyFileSync(path.join(FIXTURES, name), path.join(workspace, "sources", name));
    }
    client = await LspTestClient.start({
      workspaceFolder: workspace,
      env: { POLICY_FACTCHECK_INDEX_CACHE: "off" },
      initializationOptions: { extractedTextCommand: "policyFactCheck.showExtractedText" },
    });
    await client.waitForReady();
  });
  afterAll(async () => {
    await client?.stop();
  });

  it("indexes the three sources and names the scanned PDF with its reason", () => {
    const status = client.statuses[client.statuses.length - 1];
    expect(status).toMatchObject({ state: "ready", documents: 3 });
    expect(status.problems).toEqual([`${path.join(workspace, "sources", "scanned.pdf")}: skipped: no text layer: run OCR first (the PDF holds only images of its pages)`]);
    expect(client.logs.join("\n")).not.toMatch(/Warning: |DOMMatrix|canvas/);
  });

  it("publishes the conflict with the PDF's title and page, and a hover that quotes the page and links to it", async () => {
    const uri = fileUri(path.join(workspace, "brief.md"));
    const text = `# Trade\n\n${CLAIM}\n`;
    await client.open(uri, text);
    const [diagnostic, ...others] = await client.waitForDiagnostics(uri);
    expect(others).toEqual([]);
    expect(diagnostic).toMatchObject({ code: "figure-conflict" });
    expect(diagnostic.message).toContain("(Power Along the River: Notes on a Regional Grid, ");
    expect(diagnostic.message).toContain(", p. 1)");
    const related = diagnostic.relatedInformation![0];
    expect(related.location.uri).toBe(fileUri(path.join(workspace, "sources", "river-report.pdf")));
    expect(related.message).toMatch(/^Power Along the River: Notes on a Regional Grid, .*p\. 1: “/);

    const hover = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: positionOf(text, "45 percent", 2) });
    const value = (hover!.contents as MarkupContent).value;
    expect(value).toContain("reached 37 percent of the members");
    expect(value).toContain("Power Along the River: Notes on a Regional Grid, ");
    expect(value).toContain(`p. 1](${fileUri(path.join(workspace, "sources", "river-report.pdf"))}#page=1)`);
    // The quote links to the text the PDF was read as, at the quoted line.
    const command = /\[Show extracted text\]\(command:policyFactCheck\.showExtractedText\?([^)]+)\)/.exec(value)?.[1];
    expect(command, value).toBeDefined();
    const [document, line] = JSON.parse(decodeURIComponent(command!)) as [string, number];
    expect(document).toBe("river-report.pdf");
    const extracted = await client.connection.sendRequest<{ title: string; text: string } | null>("policyFactCheck/extractedText", { document });
    expect(extracted!.title).toBe("Power Along the River: Notes on a Regional Grid");
    expect(extracted!.text.split("\n")[line]).toContain("reached 37 percent of the members");
    // A Markdown source has no extracted text.
    expect(await client.connection.sendRequest("policyFactCheck/extractedText", { document: "nothing.md" })).toBeNull();
  });
});
