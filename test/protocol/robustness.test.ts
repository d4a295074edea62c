// Bad requests are answered (with an error or an empty result) and the server keeps serving.
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { CodeActionRequest, ErrorCodes, HoverRequest, ResponseError } from "vscode-languageserver-protocol/node";
import { CORPUS_DIR, fileUri, LspTestClient, makeTempFolder, useServer } from "./lspClient";

describe("robustness", () => {
  const server = useServer();

  it("survives bad requests and still answers a hover", async () => {
    const uri = fileUri(path.join(server.workspace, "draft.md"));
    const text = "IPEF matters.\n";
    await server.client.open(uri, text);
    await server.client.waitForDiagnostics(uri);

    const unknown = await server.client.connection.sendRequest("policyFactCheck/noSuchMethod", {}).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(unknown).toBeInstanceOf(ResponseError);
    expect((unknown as ResponseError<unknown>).code).toBe(ErrorCodes.MethodNotFound);

    const neverOpened = fileUri(path.join(server.workspace, "never-opened.md"));
    expect(await server.client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: neverOpened }, position: { line: 0, character: 0 } })).toBeNull();
    expect(
      await server.client.connection.sendRequest(CodeActionRequest.type, {
        textDocument: { uri: neverOpened },
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } },
        context: { diagnostics: [] },
      }),
    ).toEqual([]);
    expect(await server.client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 40, character: 0 } })).toBeNull();
    expect(await server.client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 0, character: 500 } })).toBeNull();
    // Malformed parameters reach the handler, which must not throw them at the connection.
    expect(await server.client.connection.sendRequest("textDocument/hover", {})).toBeNull();
    await server.client.connection.sendNotification("textDocument/didChange", { textDocument: { uri: neverOpened, version: 2 }, contentChanges: [{ text: "x" }] });

    const hover = await server.client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 0, character: 1 } });
    expect(hover).not.toBeNull();
    expect(server.client.exited).toBe(false);
  });

  it("skips documents too big to check, with one log line", async () => {
    const uri = fileUri(path.join(server.workspace, "huge.md"));
    const paragraph = "The Indo-Pacific Economic Framework (IPEF) was launched in May 2021.\n\n";
    const huge = paragraph.repeat(Math.ceil((5.2 * 1024 * 1024) / paragraph.length));
    await server.client.open(uri, huge);
    expect(await server.client.waitForDiagnostics(uri)).toEqual([]);
    await server.client.waitFor("a log line about the size", () => server.client.logs.find((l) => l.includes("huge.md") && l.includes("limit")));
    await server.client.replace(uri, huge + "x");
    await server.client.waitForDiagnostics(uri);
    expect(server.client.logs.filter((l) => l.includes("huge.md") && l.includes("limit"))).toHaveLength(1);
    await server.client.close(uri);
  });
});

describe("a source of one very long line", () => {
  it("is indexed while requests are answered at once", { timeout: 300_000 }, async () => {
    const corpus = makeTempFolder({ "one-line.txt": oneLine(5 * 1024 * 1024) });
    const workspace = makeTempFolder({ ".factcheckrc.json": JSON.stringify({ corpus: [corpus] }) });
    const client = await LspTestClient.start({ workspaceFolder: workspace, env: { POLICY_FACTCHECK_INDEX_CACHE: "off" }, recordRawMessages: false });
    try {
      await client.waitFor("indexing to start", () => client.statuses.find((s) => s.state === "indexing"), 30_000);
      const started = performance.now();
      const waits: number[] = [];
      let answeredWhileIndexing = 0;
      // A trivial request every 100 ms until the index is ready: each is answered without waiting for it.
      while (!client.statuses.some((s) => s.state === "ready")) {
        const sent = performance.now();
        await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: fileUri(path.join(workspace, "none.md")) }, position: { line: 0, character: 0 } });
        waits.push(performance.now() - sent);
        // The status notification would come before the answer if indexing had ended first.
        if (!client.statuses.some((s) => s.state === "ready")) answeredWhileIndexing++;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const ready = client.statuses.find((s) => s.state === "ready")!;
      console.log(
        `indexed a 5 MB single-line source in ${Math.round(performance.now() - started)} ms (${ready.facts} facts); ` +
          `${waits.length} requests meanwhile, slowest answered in ${Math.round(Math.max(...waits))} ms`,
      );
      expect(ready.documents).toBe(1);
      // Before, the first request waited for the whole index (two minutes) and none was answered meanwhile.
      expect(answeredWhileIndexing).toBeGreaterThanOrEqual(3);
    } finally {
      await client.stop();
    }
  });
});

/** Sentences of the shared corpus, joined on one line of about `chars` characters. */
function oneLine(chars: number): string {
  const text = fs
    .readdirSync(CORPUS_DIR)
    .filter((f) => f.endsWith(".txt"))
    .map((f) => fs.readFileSync(path.join(CORPUS_DIR, f), "utf8"))
    .join(" ")
    .replace(/\s+/g, " ");
  return text.repeat(Math.ceil(chars / text.length)).slice(0, chars);
}
