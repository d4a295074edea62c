// Hostile protocol traffic: bytes that are not JSON-RPC, unknown methods, documents never opened,
// positions outside the text, cancelled requests, edits out of order and closes during a check. The
// server answers what must be answered, publishes only what is current, and keeps serving: each test
// ends with a hover on "IPEF" that still returns the fact card.
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CancellationTokenSource,
  CodeActionRequest,
  CompletionRequest,
  DefinitionRequest,
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ErrorCodes,
  HoverRequest,
  LSPErrorCodes,
  ReferencesRequest,
  ResponseError,
  type CompletionList,
  type Diagnostic,
  type MarkupContent,
  type Position,
  type PublishDiagnosticsParams,
} from "vscode-languageserver-protocol/node";
import { fileUri, LspTestClient, makeWorkspace, positionOf, startOnWorkspace, textOfRange } from "./lspClient";

const WRONG_CLAIM = "The Indo-Pacific Economic Framework (IPEF) was launched in May 2021.";
const WRONG_FIGURE = "In 2022, China's trade volume with Japan was $375.4 billion.";
const CARD_DRAFT = "# Notes\n\nIPEF matters to the region.\n";

describe("hostile protocol traffic", () => {
  let client: LspTestClient;
  let workspace: string;
  /** An open draft that mentions IPEF: every test ends with a hover on it. */
  let cardUri: string;
  let count = 0;

  beforeAll(async () => {
    ({ client, workspace } = await startOnWorkspace());
    cardUri = fileUri(path.join(workspace, "card.md"));
    await client.open(cardUri, CARD_DRAFT);
    await client.waitForDiagnostics(cardUri);
  });
  afterAll(async () => {
    await client?.stop();
  });

  function newUri(): string {
    return fileUri(path.join(workspace, `hostile-${++count}.md`));
  }

  /** The server is alive, still in sync with the stream, and answers a hover with the fact card. */
  async function expectStillServing(): Promise<void> {
    const hover = await client.connection.sendRequest(HoverRequest.type, {
      textDocument: { uri: cardUri },
      position: positionOf(CARD_DRAFT, "IPEF", 2),
    });
    expect(hover).not.toBeNull();
    expect((hover!.contents as MarkupContent).value).toContain("Indo-Pacific Economic Framework");
    expect(client.exited).toBe(false);
    expect(client.rawGarbage).toEqual([]);
  }

  /** Every diagnostics notification the server sent for a document, in order. */
  function publishesFor(uri: string): PublishDiagnosticsParams[] {
    return client.rawMessages
      .filter((m): m is { method: string; params: PublishDiagnosticsParams } => (m as { method?: string }).method === "textDocument/publishDiagnostics")
      .map((m) => m.params)
      .filter((p) => p.uri === uri);
  }

  /** Resolves once the server has handled everything sent before (messages are handled in order). */
  async function roundTrip(): Promise<void> {
    await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: cardUri }, position: { line: 0, character: 0 } });
  }

  /** Sends a raw frame and waits for the error response it must get. */
  async function expectErrorFor(frame: string | Buffer, id: string | number | null, code: number): Promise<void> {
    const after = client.rawMessages.length;
    await (typeof frame === "string" ? client.writeFrame(frame) : client.writeRaw(frame));
    const response = await client.waitForRawResponse(id, after);
    expect(response.jsonrpc).toBe("2.0");
    expect(response.error?.code, JSON.stringify(response)).toBe(code);
    expect(typeof response.error?.message).toBe("string");
  }

  it("answers frames that are not JSON with a parse error and keeps reading", async () => {
    await expectErrorFor("{not json", null, ErrorCodes.ParseError);
    await expectErrorFor('{"jsonrpc": "2.0", "id": "cut", "method": "textDocument/hover", "params": {', null, ErrorCodes.ParseError);
    await expectErrorFor(Buffer.concat([Buffer.from("Content-Length: 4\r\n\r\n"), Buffer.from([0xff, 0xfe, 0x00, 0x7b])]), null, ErrorCodes.ParseError);
    await expectErrorFor("Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n", null, ErrorCodes.ParseError); // no Content-Length
    await expectErrorFor("Content-Length: lots\r\n\r\n", null, ErrorCodes.ParseError);
    await expectStillServing();
  });

  it("answers JSON that is not a JSON-RPC request with Invalid Request", async () => {
    for (const value of ["42", '"hover"', "null", "true", "[]", JSON.stringify([{ jsonrpc: "2.0", id: "b1", method: "shutdown" }])]) {
      await expectErrorFor(value, null, ErrorCodes.InvalidRequest);
    }
    const hoverParams = { textDocument: { uri: cardUri }, position: { line: 2, character: 1 } };
    await expectErrorFor(JSON.stringify({ jsonrpc: "1.0", id: "old-version", method: "textDocument/hover", params: hoverParams }), "old-version", ErrorCodes.InvalidRequest);
    await expectErrorFor(JSON.stringify({ id: "no-version", method: "textDocument/hover", params: hoverParams }), "no-version", ErrorCodes.InvalidRequest);
    await expectErrorFor(JSON.stringify({ jsonrpc: "2.0", id: "no-method", params: hoverParams }), "no-method", ErrorCodes.InvalidRequest);
    await expectErrorFor(JSON.stringify({ jsonrpc: "2.0", id: 987654, method: 12 }), 987654, ErrorCodes.InvalidRequest);
    await expectErrorFor(JSON.stringify({ jsonrpc: "2.0", id: { not: "an id" }, method: "textDocument/hover", params: hoverParams }), null, ErrorCodes.InvalidRequest);
    await expectErrorFor(JSON.stringify({ jsonrpc: "2.0", id: "scalar-params", method: "textDocument/hover", params: "IPEF" }), "scalar-params", ErrorCodes.InvalidRequest);
    // A notification in an old version is not one either.
    await expectErrorFor(JSON.stringify({ jsonrpc: "1.0", method: "textDocument/didClose", params: { textDocument: { uri: cardUri } } }), null, ErrorCodes.InvalidRequest);
    await expectStillServing(); // the didClose above was not applied: the card draft is still open
  });

  it("answers unknown requests with MethodNotFound and ignores unknown notifications", async () => {
    await expectErrorFor(JSON.stringify({ jsonrpc: "2.0", id: "unknown", method: "policyFactCheck/noSuchThing", params: {} }), "unknown", ErrorCodes.MethodNotFound);
    await expectErrorFor(JSON.stringify({ jsonrpc: "2.0", id: "unknown-lsp", method: "textDocument/noSuchFeature" }), "unknown-lsp", ErrorCodes.MethodNotFound);
    const unknownThroughConnection = await client.connection.sendRequest("workspace/noSuchRequest", { x: 1 }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(unknownThroughConnection).toBeInstanceOf(ResponseError);
    expect((unknownThroughConnection as ResponseError<unknown>).code).toBe(ErrorCodes.MethodNotFound);

    const before = client.rawMessages.filter((m) => (m as { id?: unknown }).id === null).length;
    await client.connection.sendNotification("policyFactCheck/noSuchNotification", { x: 1 });
    await client.connection.sendNotification("$/noSuchProtocolNotification", {});
    await client.writeFrame(JSON.stringify({ jsonrpc: "2.0", method: "$/cancelRequest" })); // a cancel without an id
    await client.writeFrame(JSON.stringify({ jsonrpc: "2.0", method: "$/cancelRequest", params: { id: "never-sent" } }));
    await roundTrip();
    expect(client.rawMessages.filter((m) => (m as { id?: unknown }).id === null).length, "no error answers a notification").toBe(before);
    await expectStillServing();
  });

  it("answers requests about a document that was never opened with an empty result", async () => {
    const uri = newUri();
    const textDocument = { uri };
    const position = { line: 0, character: 0 };
    expect(await client.connection.sendRequest(HoverRequest.type, { textDocument, position })).toBeNull();
    const completion = (await client.connection.sendRequest(CompletionRequest.type, { textDocument, position })) as CompletionList | null;
    expect(completion?.items ?? []).toEqual([]);
    expect(await client.connection.sendRequest(DefinitionRequest.type, { textDocument, position })).toBeNull();
    expect(await client.connection.sendRequest(ReferencesRequest.type, { textDocument, position, context: { includeDeclaration: true } })).toBeNull();
    const diagnostic: Diagnostic = {
      range: { start: position, end: { line: 0, character: 8 } },
      message: "x",
      source: "policy-fact-check",
      code: "date-conflict",
      data: { claimed: "May 2021", expected: "May 2022", start: 0, end: 8 },
    };
    expect(
      await client.connection.sendRequest(CodeActionRequest.type, { textDocument, range: diagnostic.range, context: { diagnostics: [diagnostic] } }),
    ).toEqual([]);
    // Not a file URI at all.
    expect(await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: "untitled:Untitled-1" }, position })).toBeNull();
    expect(await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: "" }, position })).toBeNull();
    await expectStillServing();
  });

  it("answers positions past the end or negative with an empty result", async () => {
    const uri = newUri();
    const text = `IPEF notes.\r\n\r\n${WRONG_CLAIM}\r\n`;
    await client.open(uri, text);
    const [diagnostic] = await client.waitForDiagnostics(uri);
    expect(textOfRange(text, diagnostic.range)).toBe("May 2021");
    const outside: Position[] = [
      { line: 3, character: 1 },
      { line: 500, character: 0 },
      { line: 0, character: 12 }, // past the end of the first line ("IPEF notes." and CRLF)
      { line: 0, character: 10_000 },
      { line: -1, character: 0 },
      { line: 0, character: -1 },
      { line: 2, character: -3 },
      { line: Number.MAX_SAFE_INTEGER, character: Number.MAX_SAFE_INTEGER },
    ];
    for (const position of outside) {
      const textDocument = { uri };
      const what = JSON.stringify(position);
      expect(await client.connection.sendRequest(HoverRequest.type, { textDocument, position }), what).toBeNull();
      const completion = (await client.connection.sendRequest(CompletionRequest.type, { textDocument, position })) as CompletionList | null;
      expect(completion?.items ?? [], what).toEqual([]);
      expect(await client.connection.sendRequest(DefinitionRequest.type, { textDocument, position }), what).toBeNull();
      const references = await client.connection.sendRequest(ReferencesRequest.type, { textDocument, position, context: { includeDeclaration: true } });
      expect(references ?? [], what).toEqual([]);
      // A diagnostic sent back with a range outside the text gets no fix (no edit outside the text).
      const moved = { ...diagnostic, range: { start: position, end: { line: position.line, character: position.character + 8 } } };
      expect(await client.connection.sendRequest(CodeActionRequest.type, { textDocument, range: moved.range, context: { diagnostics: [moved] } }), what).toEqual([]);
    }
    // Garbage in the data of a diagnostic that is not the server's current one is not trusted either.
    const elsewhere = { start: { line: 0, character: 0 }, end: { line: 0, character: 4 } }; // "IPEF"
    const sentBack = (data: unknown) =>
      client.connection.sendRequest(CodeActionRequest.type, {
        textDocument: { uri },
        range: elsewhere,
        context: { diagnostics: [{ ...diagnostic, range: elsewhere, data }] },
      });
    for (const data of [undefined, null, 42, "IPEF", { claimed: 5 }, { claimed: "IPEX" }]) expect(await sentBack(data), JSON.stringify(data)).toEqual([]);
    // The text still reads as claimed, but the expected value is not a string: no replacement offered.
    expect(((await sentBack({ claimed: "IPEF", expected: { value: "May 2022" } })) ?? []).map((a) => a.title)).toEqual(["Silence this line"]);
    // The real diagnostic still gets its fixes.
    const actions = await client.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: diagnostic.range, context: { diagnostics: [diagnostic] } });
    expect((actions ?? []).map((a) => a.title)).toContain("Replace with May 2022");
    await client.close(uri);
    await expectStillServing();
  });

  it("answers cancelled requests, with RequestCancelled or the result", async () => {
    const uri = newUri();
    const text = `${WRONG_CLAIM}\n\nIPEF and the Indo`;
    await client.open(uri, text);
    await client.waitForDiagnostics(uri);
    const textDocument = { uri };
    const requests: Promise<unknown>[] = [];
    for (let i = 0; i < 20; i++) {
      const source = new CancellationTokenSource();
      const position = positionOf(text, "IPEF", 1, 1);
      const sent = [
        client.connection.sendRequest(HoverRequest.type, { textDocument, position }, source.token),
        client.connection.sendRequest(CompletionRequest.type, { textDocument, position: positionOf(text, "Indo", 4, 1) }, source.token),
        client.connection.sendRequest(ReferencesRequest.type, { textDocument, position, context: { includeDeclaration: true } }, source.token),
        client.connection.sendRequest(CodeActionRequest.type, { textDocument, range: { start: position, end: position }, context: { diagnostics: [] } }, source.token),
      ];
      source.cancel(); // right after sending: the cancel may arrive before or while the server handles them
      requests.push(...sent);
    }
    const outcomes = await Promise.allSettled(requests);
    let cancelled = 0;
    for (const outcome of outcomes) {
      if (outcome.status === "fulfilled") continue;
      expect(outcome.reason).toBeInstanceOf(ResponseError);
      expect((outcome.reason as ResponseError<unknown>).code).toBe(LSPErrorCodes.RequestCancelled);
      cancelled++;
    }
    console.log(`cancelled requests: ${cancelled} of ${outcomes.length} answered RequestCancelled, the rest with their result`);
    await client.close(uri);
    await expectStillServing();
  });

  it("applies edits in the order they arrive, whatever their versions, and publishes for the latest", async () => {
    const uri = newUri();
    await client.open(uri, "Start.\n");
    await client.waitForDiagnostics(uri);
    const send = (version: number, contentChanges: ({ text: string } | { range: { start: Position; end: Position }; text: string })[]) =>
      client.sendChange(uri, version, contentChanges);

    // Versions going down, a repeated version, an incremental edit on top: no crash, and the last
    // change wins whatever its number.
    await send(9, [{ text: `${WRONG_FIGURE}\n` }]);
    await send(5, [{ text: `Nothing to check.\n` }]);
    await send(7, [{ text: `${WRONG_CLAIM}\n` }]);
    await send(7, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: "Note: " }]);
    const expected = `Note: ${WRONG_CLAIM}\n`;
    const final = await client.waitFor("diagnostics for the last change", () => {
      const last = publishesFor(uri).at(-1);
      return last?.version === 7 && last.diagnostics.length === 1 && textOfRange(expected, last.diagnostics[0].range) === "May 2021" ? last : undefined;
    });
    expect(final.diagnostics[0].range.start).toEqual(positionOf(expected, "May 2021"));

    // The same version number again, once its diagnostics are out: the new text is checked, not the
    // cached result of the old one.
    const published = publishesFor(uri).length;
    await send(7, [{ text: `${WRONG_FIGURE}\n` }]);
    const repeated = await client.waitFor("diagnostics for the repeated version", () => publishesFor(uri).slice(published).at(-1));
    expect(repeated.version).toBe(7);
    expect(repeated.diagnostics.map((d) => textOfRange(`${WRONG_FIGURE}\n`, d.range))).toEqual(["$375.4 billion"]);
    // And the hover reads the current text too.
    const hover = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: positionOf(WRONG_FIGURE, "375", 1) });
    expect((hover!.contents as MarkupContent).value).toContain("$357.4 billion");

    // Edits outside the text are clamped by the document model, malformed ones are dropped.
    await send(8, [{ range: { start: { line: 40, character: 0 }, end: { line: 50, character: 3 } }, text: "\nTail." }]);
    await send(9, [{ range: { start: { line: -2, character: -4 }, end: { line: -1, character: 0 } }, text: "Head. " }]);
    await client.connection.sendNotification(DidChangeTextDocumentNotification.method, { textDocument: { uri, version: 10 } });
    await client.connection.sendNotification(DidChangeTextDocumentNotification.method, { textDocument: { uri, version: 10 }, contentChanges: "x" });
    await client.connection.sendNotification(DidChangeTextDocumentNotification.method, { textDocument: { uri }, contentChanges: [{ text: "no version" }] });
    await client.connection.sendNotification(DidChangeTextDocumentNotification.method, {});
    const clamped = `Head. ${WRONG_FIGURE}\n\nTail.`;
    await client.waitFor("diagnostics for the clamped edits", () => {
      const last = publishesFor(uri).at(-1);
      return last?.version === 9 && last.diagnostics.length === 1 && textOfRange(clamped, last.diagnostics[0].range) === "$375.4 billion";
    });
    await client.close(uri);
    await expectStillServing();
  });

  it("ignores edits to closed or unknown documents and publishes nothing for them after the clearing set", async () => {
    const uri = newUri();
    await client.open(uri, `${WRONG_CLAIM}\n`);
    expect(await client.waitForDiagnostics(uri)).toHaveLength(1);
    await client.close(uri);
    await client.sendChange(uri, 2, [{ text: `${WRONG_FIGURE}\n` }]);
    await client.sendChange(uri, 3, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: "x" }]);
    const neverOpened = [newUri(), newUri()];
    await client.sendChange(neverOpened[0], 2, [{ text: `${WRONG_FIGURE}\n` }]);
    await client.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri: neverOpened[1] } });
    await roundTrip();
    await new Promise((resolve) => setTimeout(resolve, 50)); // longer than the check debounce
    await roundTrip();
    const publishes = publishesFor(uri);
    expect(publishes.at(-1)).toEqual({ uri, diagnostics: [] });
    // Nothing checked for the never-opened document; its close only clears, as any close does.
    expect(publishesFor(neverOpened[0])).toEqual([]);
    expect(publishesFor(neverOpened[1]).every((p) => p.diagnostics.length === 0)).toBe(true);
    // Hovers on the closed document: nothing, and no crash.
    expect(await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 0, character: 60 } })).toBeNull();
    await expectStillServing();
  });

  it("publishes only the clearing set after a close that lands while a check is scheduled", async () => {
    for (let round = 0; round < 10; round++) {
      const uri = newUri();
      // Open, edit and close in one burst: the close arrives while the check of the edits is scheduled.
      const open = client.connection.sendNotification(DidOpenTextDocumentNotification.type, {
        textDocument: { uri, languageId: "markdown", version: 1, text: `${WRONG_CLAIM}\n` },
      });
      const edits: Promise<void>[] = [];
      for (let v = 2; v < 2 + round; v++) {
        edits.push(client.sendChange(uri, v, [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: `${WRONG_FIGURE} ` }]));
      }
      const hover = client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 0, character: 60 } });
      const close = client.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
      await Promise.all([open, ...edits, close]);
      await hover; // answered, whether it saw the document or not
      await client.waitFor("the clearing set", () => publishesFor(uri).find((p) => p.diagnostics.length === 0 && p.version === undefined));
      await new Promise((resolve) => setTimeout(resolve, 20)); // longer than the check debounce
      await roundTrip();
      const publishes = publishesFor(uri);
      const clearing = publishes.findIndex((p) => p.diagnostics.length === 0 && p.version === undefined);
      expect(publishes.slice(clearing), `round ${round}: nothing after the clearing set`).toEqual([{ uri, diagnostics: [] }]);
      // Any diagnostics published before the close were for a version that was open then.
      for (const p of publishes.slice(0, clearing)) expect(p.diagnostics.length).toBeGreaterThan(0);
    }
    await expectStillServing();
  });

  it("survives a re-open without a close and a close of the card draft's twin", async () => {
    const uri = newUri();
    await client.open(uri, `${WRONG_CLAIM}\n`);
    expect(await client.waitForDiagnostics(uri)).toHaveLength(1);
    await client.open(uri, `${WRONG_FIGURE}\n`); // didOpen again, version 1 again
    const diagnostics = await client.waitFor("diagnostics of the re-opened text", () => {
      const last = publishesFor(uri).at(-1);
      return last?.diagnostics.length === 1 && textOfRange(`${WRONG_FIGURE}\n`, last.diagnostics[0].range) === "$375.4 billion" ? last : undefined;
    });
    expect(diagnostics.version).toBe(1);
    await client.close(uri);
    await client.close(uri); // twice
    await expectStillServing();
  });
});

describe("the end of the session", () => {
  it("ends the server when the client closes its input", async () => {
    const client = await LspTestClient.start({ workspaceFolder: makeWorkspace() });
    await client.waitForReady();
    expect(await client.endInput()).toBe(1); // no shutdown request first
  });

  it("exits with 0 after shutdown and exit", async () => {
    const client = await LspTestClient.start({ workspaceFolder: makeWorkspace() });
    await client.waitForReady();
    await client.stop();
    expect(client.exitCode).toBe(0);
  });
});
