// Diagnostics over the protocol: published on open and on change, mapped with related information,
// nothing for supported claims or code, cleared on fix and on close.
import * as fs from "node:fs";
import * as path from "node:path";
import {describe, expect, it } from "vitest";
import { CORPUS_DIR, fileUri, textOfRange, useServer } from "./lspClient";

const WRONG_CLAIM = "The Indo-Pacific Economic Framework (IPEF) was launched in May 2021.";

const DRAFT = [
  "# Background",
  "",
  WRONG_CLAIM,
  "",
  "IPEF was launched in May 2022.",
  "",
  "```text",
  "IPEF was launched in May 2021.",
  "```",
  "",
].join("\n");

describe("diagnostics", () => {
  const server = useServer();

  it("reports the corpus status when indexing is done", () => {
    const ready = server.client.statuses.find((s) => s.state === "ready")!;
    expect(ready.documents).toBe(5);
    expect(ready.facts).toBeGreaterThan(0);
    expect(ready.entities).toBeGreaterThan(0);
    expect(server.client.statuses[0].state).toBe("indexing");
    expect(server.client.progressTokens).toHaveLength(1);
    expect(server.client.progressKinds[0]).toBe("begin");
  });

  it("ends the indexing progress", async () => {
    await server.client.waitFor("the end of the progress", () => server.client.progressKinds.includes("end"));
  });

  it("registers a file watcher for the corpus folder", async () => {
    const registration = await server.client.waitFor("a file watcher registration", () =>
      server.client.registrations.find((r) => r.method === "workspace/didChangeWatchedFiles"),
    );
    const watchers = (registration.registerOptions as { watchers: { globPattern: unknown }[] }).watchers;
    expect(JSON.stringify(watchers)).toContain(fileUri(CORPUS_DIR));
  });

  it("publishes a date conflict on the wrong claim only", async () => {
    const uri = fileUri(path.join(server.workspace, "brief.md"));
    await server.client.open(uri, DRAFT);
    const diagnostics = await server.client.waitForDiagnostics(uri);
    expect(diagnostics).toHaveLength(1);
    const [d] = diagnostics;
    expect(d.code).toBe("date-conflict");
    expect(d.source).toBe("policy-fact-check");
    expect(d.severity).toBe(2);
    expect(d.range.start.line).toBe(2);
    expect(textOfRange(DRAFT, d.range)).toBe("May 2021");
    expect(d.message).toMatch(/May 2022/);
    expect(d.data).toMatchObject({ claimed: "May 2021", expected: expect.stringContaining("2022") });

    const related = d.relatedInformation ?? [];
    expect(related.length).toBeGreaterThan(0);
    const inDoc001 = related.find((r) => r.location.uri.endsWith("/001_20eb8572f3440156.txt"));
    expect(inDoc001).toBeDefined();
    expect(inDoc001!.location.uri).toBe(fileUri(path.join(CORPUS_DIR, "001_20eb8572f3440156.txt")));
    const corpusLines = fs.readFileSync(path.join(CORPUS_DIR, "001_20eb8572f3440156.txt"), "utf8").split("\n");
    expect(corpusLines[inDoc001!.location.range.start.line]).toMatch(/2022/);
  });

  it("clears the diagnostic when an edit fixes the claim", async () => {
    const uri = fileUri(path.join(server.workspace, "fixing.md"));
    await server.client.open(uri, WRONG_CLAIM + "\n");
    expect(await server.client.waitForDiagnostics(uri)).toHaveLength(1);

    const at = WRONG_CLAIM.indexOf("2021");
    await server.client.editRange(uri, { start: { line: 0, character: at + 3 }, end: { line: 0, character: at + 4 } }, "2");
    expect(server.client.text(uri)).toContain("May 2022.");
    expect(await server.client.waitForDiagnostics(uri)).toEqual([]);

    await server.client.replace(uri, WRONG_CLAIM + "\n");
    expect(await server.client.waitForDiagnostics(uri)).toHaveLength(1);
  });

  it("publishes the last version only after a burst of edits", async () => {
    const uri = fileUri(path.join(server.workspace, "burst.md"));
    await server.client.open(uri, "");
    await server.client.waitForDiagnostics(uri);
    let text = "";
    for (const ch of WRONG_CLAIM) {
      const line = text;
      text += ch;
      await server.client.editRange(uri, { start: { line: 0, character: line.length }, end: { line: 0, character: line.length } }, ch);
    }
    const diagnostics = await server.client.waitForDiagnostics(uri);
    expect(diagnostics.map((d) => textOfRange(text, d.range))).toEqual(["May 2021"]);
  });

  it("clears diagnostics when the document is closed", async () => {
    const uri = fileUri(path.join(server.workspace, "closing.md"));
    await server.client.open(uri, WRONG_CLAIM);
    expect(await server.client.waitForDiagnostics(uri)).toHaveLength(1);
    await server.client.close(uri);
    await server.client.waitFor("cleared diagnostics", () => server.client.diagnostics.get(uri)?.diagnostics.length === 0);
  });

  it("checks Markdown only: by language or by .md extension", async () => {
    const plain = fileUri(path.join(server.workspace, "notes.txt"));
    await server.client.open(plain, WRONG_CLAIM, "plaintext");
    const md = fileUri(path.join(server.workspace, "other.md"));
    await server.client.open(md, WRONG_CLAIM, "plaintext");
    expect(await server.client.waitForDiagnostics(md)).toHaveLength(1);
    expect(server.client.diagnostics.has(plain)).toBe(false);
  });
});
