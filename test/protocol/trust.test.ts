// Trust over the protocol: a whole editing session with the real server, preloaded with a hook
// that refuses and records any network connection, host look-up or child process.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { CompletionRequest, HoverRequest } from "vscode-languageserver-protocol/node";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { CORPUS_DIR, fileUri, LspTestClient, makeTempFolder, positionOf, REPO_ROOT, startOnWorkspace } from "./lspClient";

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

const WRONG_LAUNCH = "The Indo-Pacific Economic Framework (IPEF) was launched in May 2021.\n";
/** A private file outside every corpus folder: its words must never reach a diagnostic. */
const PRIVATE_NOTE = "---\ntitle: PRIVATE-LEDGER\n---\n\nThe Indo-Pacific Economic Framework (IPEF) was launched in May 2021, says PRIVATE-LEDGER.\n";

describe("untrusted workspaces", () => {
  let client: LspTestClient | undefined;
  afterEach(async () => {
    await client?.stop();
    client = undefined;
  });

  async function diagnosticsOf(workspace: string, text = WRONG_LAUNCH) {
    const uri = fileUri(path.join(workspace, "draft.md"));
    await client!.open(uri, text);
    return client!.waitForDiagnostics(uri);
  }

  it("ignores the workspace's config file entirely, rules and severities too, and says so in the status", async () => {
    const workspace = makeTempFolder({
      ".factcheckrc.json": JSON.stringify({ corpus: ["elsewhere"], rules: { "date-conflict": false }, severity: { "figure-conflict": "off" } }),
    });
    client = await LspTestClient.start({ workspaceFolder: workspace, workspaceTrusted: false, configuration: () => ({ corpus: [CORPUS_DIR] }) });
    const ready = await client.waitForReady();
    expect(ready.restricted).toBe(true);
    expect(ready.problems.join("\n")).toMatch(/Untrusted workspace: .*\.factcheckrc\.json is ignored/);
    expect(ready.documents).toBeGreaterThan(0);
    expect((await diagnosticsOf(workspace)).map((d) => d.code)).toEqual(["date-conflict"]);
  });

  it("resolves no corpus folder inside the workspace, so a link in it to a private file is never read", async () => {
    const outside = makeTempFolder({ "private.md": PRIVATE_NOTE });
    const workspace = makeTempFolder({ "sources/public.md": "A public note with no dates.\n" });
    fs.symlinkSync(path.join(outside, "private.md"), path.join(workspace, "sources/leak.md"));
    client = await LspTestClient.start({ workspaceFolder: workspace, workspaceTrusted: false, configuration: () => ({ corpus: ["sources", path.join(workspace, "sources")] }) });
    const ready = await client.waitForReady();
    expect(ready.documents).toBe(0);
    expect(ready.problems.join("\n")).toMatch(/corpus folder "sources" is inside the workspace/);
    expect(JSON.stringify(await diagnosticsOf(workspace))).not.toContain("PRIVATE-LEDGER");
  });

  it("treats a client that says nothing about trust as untrusted for what reads files", async () => {
    const corpus = makeTempFolder({ "private.md": PRIVATE_NOTE });
    const workspace = makeTempFolder({ ".factcheckrc.json": JSON.stringify({ corpus: [corpus] }) });
    client = await LspTestClient.start({ workspaceFolder: workspace, workspaceTrusted: null });
    const unknown = await client.waitForReady();
    expect(unknown.documents).toBe(0);
    expect(unknown.restricted).toBe(true);
    await client.stop();
    client = await LspTestClient.start({ workspaceFolder: workspace, workspaceTrusted: true });
    const trusted = await client.waitForReady();
    expect(trusted.documents).toBe(1);
    expect(trusted.restricted).toBeUndefined();
  });
});
