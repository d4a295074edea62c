// Trust over the protocol: a whole editing session with the real server, preloaded with a hook
// that refuses and records any network connection, host look-up or child process.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { CompletionRequest, HoverRequest } from "vscode-languageserver-protocol/node";
import { afterAll, describe, expect, it } from "vitest";
import { fileUri, LspTestClient, positionOf, REPO_ROOT, startOnWorkspace } from "./lspClient";

describe("trust", () => {
  const log = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "factcheck-trust-")), "io.log");
  let client: LspTestClient | undefined;
  afterAll(async () => {
    await client?.stop();
  });

  it("checks, hovers, completes and re-indexes without network or processes", async () => {
    const started = await startOnWorkspace({
      nodeArgs: ["--require", path.join(REPO_ROOT, "test/fixtures/forbid-io.cjs")],
      env: { FORBID_IO_LOG: log },
    });
    client = started.client;
    const text = "The Indo-Pacific Economic Framework (IPEF) was launched in May 2021.\n";
    const uri = fileUri(path.join(started.workspace, "draft.md"));
    await client.open(uri, text);
    const diagnostics = await client.waitForDiagnostics(uri);
    expect(diagnostics.map((d) => d.code)).toEqual(["date-conflict"]);
    const hover = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: positionOf(text, "IPEF", 1) });
    expect(JSON.stringify(hover)).toContain("Indo-Pacific Economic Framework");
    const completion = await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: { line: 0, character: 8 } });
    expect(completion).toBeTruthy();
    await client.connection.sendRequest("policyFactCheck/reindex");
    await client.connection.sendRequest("policyFactCheck/checkWorkspace");
    expect(fs.existsSync(log) ? fs.readFileSync(log, "utf8") : "").toBe("");
  });
});
