// "Check all" and "Re-index" while the writer keeps working: an open document's diagnostics come only
// from its buffer, and both requests stop when the client cancels them.
import * as path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { CancellationTokenSource, LSPErrorCodes, ResponseError } from "vscode-languageserver-protocol/node";
import { CORPUS_DIR, fileUri, LspTestClient, makeTempFolder, makeWorkspace } from "./lspClient";

const WRONG = "The Indo-Pacific Economic Framework (IPEF) was launched in May 2021.\n";
const RIGHT = "The Indo-Pacific Economic Framework (IPEF) was launched in May 2022.\n";
const FILES = 400;

/** A workspace of drafts on disk, each with the wrong date; the target sorts last. */
function busyWorkspace(): string {
  const files: Record<string, string> = { "zz-target.md": WRONG };
  for (let i = 0; i < FILES; i++) files[`drafts/d-${String(i).padStart(3, "0")}.md`] = `# Draft ${i}\n\n${WRONG}`;
  return makeWorkspace(files);
}

describe("workspace requests", () => {
  let client: LspTestClient | undefined;
  afterEach(async () => {
    await client?.stop();
    client = undefined;
  });

  it("never publishes a file's text on disk over the buffer opened while 'Check all' runs", { timeout: 120_000 }, async () => {
    const workspace = busyWorkspace();
    client = await LspTestClient.start({ workspaceFolder: workspace, recordRawMessages: false });
    await client.waitForReady();
    const target = fileUri(path.join(workspace, "zz-target.md"));
    const check = client.connection.sendRequest("policyFactCheck/checkWorkspace");
    // The listing is done and the files are being checked when the writer opens and corrects one.
    await client.waitFor("the workspace check under way", () => client!.diagnostics.size > 5, 60_000);
    await client.open(target, RIGHT);
    expect(await client.waitForDiagnostics(target)).toEqual([]);
    await check;
    // Whatever came after, the last word on the open document is its buffer's.
    await client.replace(target, RIGHT.replace("framework", "framework"));
    expect(await client.waitForDiagnostics(target)).toEqual([]);
    expect(client.diagnostics.get(target)?.diagnostics).toEqual([]);
  });

  it("stops 'Check all' and 'Re-index' when the client cancels them", { timeout: 120_000 }, async () => {
    const workspace = busyWorkspace();
    // A long source, so a re-index takes long enough to be cancelled while it runs.
    const longSource = makeTempFolder({ "long.txt": "The partners met again in May 2023 to review the plan of the year. ".repeat(30_000) });
    const started = performance.now();
    client = await LspTestClient.start({
      workspaceFolder: workspace,
      initializationOptions: { corpus: [CORPUS_DIR, longSource] },
      env: { POLICY_FACTCHECK_INDEX_CACHE: "off" },
      recordRawMessages: false,
    });
    await client.waitForReady();
    const indexMs = performance.now() - started;

    const source = new CancellationTokenSource();
    const check = client.connection.sendRequest("policyFactCheck/checkWorkspace", undefined, source.token);
    await client.waitFor("the workspace check under way", () => client!.diagnostics.size > 5, 60_000);
    source.cancel();
    const outcome = await check.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(outcome).toBeInstanceOf(ResponseError);
    expect((outcome as ResponseError<unknown>).code).toBe(LSPErrorCodes.RequestCancelled);
    const publishedAtCancel = client.diagnostics.size;
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(client.diagnostics.size, "no file is checked after the cancel").toBe(publishedAtCancel);
    expect(publishedAtCancel).toBeLessThan(FILES);

    const reindexSource = new CancellationTokenSource();
    const sent = performance.now();
    const reindex = client.connection.sendRequest("policyFactCheck/reindex", undefined, reindexSource.token);
    await new Promise((resolve) => setTimeout(resolve, 50));
    reindexSource.cancel();
    const reindexOutcome = await reindex.then(
      () => "answered",
      (e: unknown) => (e instanceof ResponseError ? e.code : e),
    );
    console.log(`indexing took ${Math.round(indexMs)} ms; the cancelled re-index was answered after ${Math.round(performance.now() - sent)} ms`);
    expect(reindexOutcome).toBe(LSPErrorCodes.RequestCancelled);
    // The server keeps serving: a new re-index answers.
    expect(await client.connection.sendRequest("policyFactCheck/reindex")).toHaveProperty("documents");
  });
});
