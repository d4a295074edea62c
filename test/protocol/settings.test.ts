// Settings over the protocol: workspace/configuration, initializationOptions and .factcheckrc.json,
// applied without a restart.
import * as fs from "node:fs";
import * as path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { fileUri, LspTestClient, makeTempFolder, startOnWorkspace } from "./lspClient";

const SAYS_2021 = "The Indo-Pacific Economic Framework (IPEF) was launched in May 2021.\n";
const SAYS_2022 = "The Indo-Pacific Economic Framework (IPEF) was launched in May 2022.\n";

/** A one-document corpus that dates the launch differently from the shared corpus. */
function alternativeCorpus(): string {
  return makeTempFolder({ "alternative.md": alternativeDocument("May 2021") });
}

function alternativeDocument(launched: string): string {
  return [
      "---",
      "title: An alternative chronicle",
      "publisher: Test Press",
      "published: 2024-01-15",
      "---",
      "",
      "# Trade frameworks",
      "",
      `In ${launched}, the United States launched the Indo-Pacific Economic Framework (IPEF) with its partners in the region.`,
    "",
  ].join("\n");
}

describe("settings", () => {
  let client: LspTestClient | undefined;
  afterEach(async () => {
    await client?.stop();
    client = undefined;
  });

  it("switches the corpus when workspace/configuration changes", async () => {
    let settings: Record<string, unknown> = {};
    const started = await startOnWorkspace({ configuration: () => settings });
    client = started.client;
    expect(client.configurationRequests.length).toBeGreaterThan(0);
    expect(client.statuses.find((s) => s.state === "ready")!.documents).toBe(5);

    const a = fileUri(path.join(started.workspace, "a.md"));
    const b = fileUri(path.join(started.workspace, "b.md"));
    await client.open(a, SAYS_2021);
    await client.open(b, SAYS_2022);
    expect((await client.waitForDiagnostics(a)).map((d) => d.code)).toEqual(["date-conflict"]);
    expect(await client.waitForDiagnostics(b)).toEqual([]);

    // A relative folder resolves against the workspace folder.
    const alternative = alternativeCorpus();
    settings = { corpus: [path.relative(started.workspace, alternative)] };
    const statusesBefore = client.statuses.length;
    await client.settingsChanged();
    const ready = await client.waitForReady(statusesBefore);
    expect(ready.documents).toBe(1);
    await client.waitFor("the conflict to move to b.md", () => {
      const da = client!.diagnostics.get(a)?.diagnostics;
      const db = client!.diagnostics.get(b)?.diagnostics;
      return da?.length === 0 && db?.length === 1 && db[0].code === "date-conflict";
    });

    // Severity and rules apply without re-indexing.
    settings = { corpus: [alternative], severity: { "date-conflict": "error" } };
    await client.settingsChanged();
    await client.waitFor("the conflict as an error", () => client!.diagnostics.get(b)?.diagnostics[0]?.severity === 1);
    settings = { corpus: [alternative], rules: { "date-conflict": false } };
    await client.settingsChanged();
    await client.waitFor("the rule switched off", () => client!.diagnostics.get(b)?.diagnostics.length === 0);

    // Back to the project config file.
    settings = {};
    const before2 = client.statuses.length;
    await client.settingsChanged();
    expect((await client.waitForReady(before2)).documents).toBe(5);
    await client.waitFor("the conflict back on a.md", () => client!.diagnostics.get(a)?.diagnostics.length === 1);
  });

  it("reads initializationOptions from clients without configuration support", async () => {
    const alternative = alternativeCorpus();
    const started = await startOnWorkspace({ initializationOptions: { corpus: [alternative] } });
    client = started.client;
    expect(client.configurationRequests).toEqual([]);
    expect(client.statuses.find((s) => s.state === "ready")!.documents).toBe(1);
    const b = fileUri(path.join(started.workspace, "b.md"));
    await client.open(b, SAYS_2022);
    expect((await client.waitForDiagnostics(b)).map((d) => d.code)).toEqual(["date-conflict"]);

    // Settings pushed with didChangeConfiguration apply too.
    await client.settingsChanged({ policyFactCheck: { severity: { "date-conflict": "hint" } } });
    await client.waitFor("the conflict as a hint", () => client!.diagnostics.get(b)?.diagnostics[0]?.severity === 4);
  });

  it("re-indexes when corpus files or the config file change on disk", async () => {
    const alternative = alternativeCorpus();
    const workspace = makeTempFolder({ ".factcheckrc.json": JSON.stringify({ corpus: [alternative] }) });
    const started = await startOnWorkspace({ workspaceFolder: workspace });
    client = started.client;
    expect(client.statuses.find((s) => s.state === "ready")!.documents).toBe(1);
    const b = fileUri(path.join(workspace, "b.md"));
    await client.open(b, SAYS_2022);
    expect((await client.waitForDiagnostics(b)).map((d) => d.code)).toEqual(["date-conflict"]);

    // The corpus document now agrees with the draft.
    const doc = path.join(alternative, "alternative.md");
    fs.writeFileSync(doc, alternativeDocument("May 2022"));
    let before = client.statuses.length;
    await client.filesChanged([doc, doc]);
    await client.waitForReady(before);
    await client.waitFor("the conflict to go", () => client!.diagnostics.get(b)?.diagnostics.length === 0);
    // Several events in a burst make one re-index.
    expect(client.statuses.slice(before).filter((s) => s.state === "indexing")).toHaveLength(1);

    // The config file now names a second folder.
    const extra = makeTempFolder({ "extra.md": alternativeDocument("June 2022") });
    const config = path.join(workspace, ".factcheckrc.json");
    fs.writeFileSync(config, JSON.stringify({ corpus: [alternative, extra] }));
    before = client.statuses.length;
    await client.filesChanged([config]);
    expect((await client.waitForReady(before)).documents).toBe(2);

    // Changes outside the corpus folders are ignored.
    before = client.statuses.length;
    await client.filesChanged([path.join(workspace, "b.md")]);
    await client.connection.sendRequest("policyFactCheck/corpusFacts");
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(client.statuses.length).toBe(before);
  });

  it("ignores the config file's corpus in an untrusted workspace", async () => {
    const started = await startOnWorkspace({ initializationOptions: { workspaceTrusted: false } });
    client = started.client;
    const ready = client.statuses.find((s) => s.state === "ready")!;
    expect(ready.documents).toBe(0); // the built-in facts only
  });

  it("logs corpus problems and keeps working", async () => {
    const missing = path.join(makeTempFolder({}), "does-not-exist");
    const started = await startOnWorkspace({ initializationOptions: { corpus: [missing], severity: { "date-conflict": "loud" } } });
    client = started.client;
    await client.waitFor("a log line about the bad severity", () => client!.logs.find((l) => l.includes("severity of \"date-conflict\"")));
    await client.waitFor("a log line about the missing folder", () => client!.logs.find((l) => l.includes(missing)));
    const problems = client.statuses.find((s) => s.state === "ready")!.problems.join("\n");
    expect(problems).toContain(missing);
    expect(problems).toContain('severity of "date-conflict"');
    const uri = fileUri(path.join(started.workspace, "x.md"));
    await client.open(uri, SAYS_2021);
    expect(Array.isArray(await client.waitForDiagnostics(uri))).toBe(true);
    expect(client.exited).toBe(false);
  });
});
