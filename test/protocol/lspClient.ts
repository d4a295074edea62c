// A small LSP client for protocol tests: starts the real bundled server over stdio and talks to it
// the way an editor does, recording what the server sends.
import { spawn, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll } from "vitest";
import {
  ConfigurationRequest,
  createProtocolConnection,
  DidChangeConfigurationNotification,
  DidChangeTextDocumentNotification,
  DidChangeWatchedFilesNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  FileChangeType,
  InitializedNotification,
  InitializeRequest,
  LogMessageNotification,
  PublishDiagnosticsNotification,
  RegistrationRequest,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  WorkDoneProgressCreateRequest,
  type ClientCapabilities,
  type Diagnostic,
  type Position,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type Range,
  type Registration,
  type TextEdit,
} from "vscode-languageserver-protocol/node";

export const REPO_ROOT = path.resolve(__dirname, "../..");
export const SERVER_PATH = path.join(REPO_ROOT, "server/out/server.js");
/** The shared corpus beside the repository, wherever it is cloned. */
export const CORPUS_DIR = path.resolve(REPO_ROOT, "../shared/corpus");

export const DEFAULT_WAIT_MS = 10_000;

export interface StatusParams {
  state: "indexing" | "ready" | "error";
  documents: number;
  facts: number;
  entities: number;
  problems: string[];
  restricted?: boolean;
}

export interface StartOptions {
  /** The workspace folder the client opens. */
  workspaceFolder: string;
  initializationOptions?: unknown;
  /**
   * Sent as initializationOptions.workspaceTrusted (merged into initializationOptions): true unless
   * set; null sends nothing, as clients without a trust model do.
   */
  workspaceTrusted?: boolean | null;
  /**
   * When set, the client supports workspace/configuration and answers with this function's value
   * for the "policyFactCheck" section; otherwise it advertises no configuration support.
   */
  configuration?: () => unknown;
  capabilities?: ClientCapabilities;
  /** Options for node before the server script (e.g. a preloaded test hook), and extra environment variables. */
  nodeArgs?: string[];
  env?: Record<string, string>;
  /** Keep every message in `rawMessages` (default true); long sessions can turn it off to save the test's memory. */
  recordRawMessages?: boolean;
}

export function fileUri(file: string): string {
  return pathToFileURL(file).href;
}

const tempFolders: string[] = [];
process.once("exit", () => {
  for (const dir of tempFolders) fs.rmSync(dir, { recursive: true, force: true });
});

/** A temporary folder with the given files (relative path → content), removed when the tests exit. */
export function makeTempFolder(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pfc-protocol-"));
  tempFolders.push(dir);
  for (const [rel, content] of Object.entries(files)) {
    const full = path.join(dir, rel);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, content);
  }
  return dir;
}

/** The initialization options with the workspace's trust, as VS Code's client sends them. */
function withTrust(options: StartOptions): unknown {
  const trust = options.workspaceTrusted === undefined ? true : options.workspaceTrusted;
  const init = options.initializationOptions;
  if (trust === null || (init !== undefined && (typeof init !== "object" || init === null || Array.isArray(init)))) return init;
  return { workspaceTrusted: trust, ...(init as object | undefined) };
}

export class LspTestClient {
  readonly diagnostics = new Map<string, PublishDiagnosticsParams>();
  /** How many publishDiagnostics notifications arrived, for every document. */
  publishCount = 0;
  readonly statuses: StatusParams[] = [];
  readonly logs: string[] = [];
  readonly registrations: Registration[] = [];
  readonly configurationRequests: unknown[] = [];
  /** Work-done progress: tokens the server created, and the kinds of progress it reported. */
  readonly progressTokens: unknown[] = [];
  readonly progressKinds: string[] = [];
  private readonly waiters = new Set<() => void>();
  private readonly versions = new Map<string, number>();
  private readonly texts = new Map<string, string>();
  private stderr = "";
  /** Every message the server wrote, parsed from its stdout independently of the connection. */
  readonly rawMessages: unknown[] = [];
  /** Frames from the server that were not valid JSON (none expected). */
  readonly rawGarbage: string[] = [];

  private constructor(
    readonly connection: ProtocolConnection,
    private readonly child: ChildProcess,
    private readonly options: StartOptions,
  ) {}

  static async start(options: StartOptions): Promise<LspTestClient> {
    if (!fs.existsSync(SERVER_PATH)) throw new Error(`${SERVER_PATH} is missing: run "npm run build" first`);
    const child = spawn(process.execPath, [...(options.nodeArgs ?? []), SERVER_PATH, "--stdio"], {
      stdio: ["pipe", "pipe", "pipe"],
      env: { ...process.env, ...options.env },
    });
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const client = new LspTestClient(connection, child, options);
    child.stderr!.on("data", (chunk) => (client.stderr += String(chunk)));
    if (options.recordRawMessages !== false) client.tapStdout();
    client.listen();
    connection.listen();

    const supportsConfiguration = !!options.configuration;
    const capabilities: ClientCapabilities = options.capabilities ?? {
      workspace: {
        configuration: supportsConfiguration,
        didChangeConfiguration: { dynamicRegistration: supportsConfiguration },
        didChangeWatchedFiles: { dynamicRegistration: true, relativePatternSupport: true },
        workspaceFolders: true,
      },
      window: { workDoneProgress: true },
      textDocument: {
        publishDiagnostics: { relatedInformation: true, versionSupport: true },
        hover: { contentFormat: ["markdown", "plaintext"] },
        completion: { completionItem: { documentationFormat: ["markdown", "plaintext"] } },
        codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ["quickfix"] } } },
      },
    };
    await connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: fileUri(options.workspaceFolder),
      workspaceFolders: [{ uri: fileUri(options.workspaceFolder), name: path.basename(options.workspaceFolder) }],
      capabilities,
      initializationOptions: withTrust(options),
    });
    await connection.sendNotification(InitializedNotification.type, {});
    return client;
  }

  private listen(): void {
    const c = this.connection;
    c.onNotification(PublishDiagnosticsNotification.type, (params) => {
      this.diagnostics.set(params.uri, params);
      this.publishCount++;
      this.notify();
    });
    c.onNotification("policyFactCheck/status", (params: StatusParams) => {
      this.statuses.push(params);
      this.notify();
    });
    c.onNotification(LogMessageNotification.type, (params) => {
      this.logs.push(params.message);
      this.notify();
    });
    c.onRequest(ConfigurationRequest.type, (params) => {
      this.configurationRequests.push(params);
      return params.items.map(() => this.options.configuration?.() ?? null);
    });
    c.onRequest(RegistrationRequest.type, (params) => {
      this.registrations.push(...params.registrations);
      return null;
    });
    c.onRequest("client/unregisterCapability", () => null);
    c.onRequest(WorkDoneProgressCreateRequest.type, (params) => {
      this.progressTokens.push(params.token);
      return null;
    });
    c.onNotification("$/progress", (params: { value: { kind: string } }) => {
      this.progressKinds.push(params.value.kind);
      this.notify();
    });
  }

  /**
   * A second reader of the server's stdout: splits it into frames and records every message, so tests
   * can see answers to raw frames (ids the connection never sent, or id null).
   */
  private tapStdout(): void {
    let buffer = Buffer.alloc(0);
    this.child.stdout!.on("data", (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        const headerEnd = buffer.indexOf("\r\n\r\n");
        if (headerEnd < 0) return;
        const length = Number(/content-length:\s*(\d+)/i.exec(buffer.subarray(0, headerEnd).toString("ascii"))?.[1]);
        if (!Number.isFinite(length) || buffer.length < headerEnd + 4 + length) return;
        const body = buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString("utf8");
        buffer = buffer.subarray(headerEnd + 4 + length);
        try {
          this.rawMessages.push(JSON.parse(body));
        } catch {
          this.rawGarbage.push(body);
        }
        this.notify();
      }
    });
  }

  /** The server's process id. */
  get pid(): number {
    return this.child.pid!;
  }

  /** The server's resident set size in kB (Linux: VmRSS in /proc/<pid>/status), or undefined elsewhere. */
  rssKb(): number | undefined {
    try {
      const status = fs.readFileSync(`/proc/${this.child.pid}/status`, "utf8");
      const kb = /^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1];
      return kb === undefined ? undefined : Number(kb);
    } catch {
      return undefined;
    }
  }

  /**
   * Writes bytes to the server's stdin as they are, bypassing the connection. Await every message sent
   * through the connection before, so the raw bytes cannot land inside one of its frames.
   */
  writeRaw(data: string | Buffer): Promise<void> {
    return new Promise((resolve, reject) => this.child.stdin!.write(data, (e) => (e ? reject(e) : resolve())));
  }

  /** A frame with a correct Content-Length header around any body, valid JSON or not. */
  writeFrame(body: string): Promise<void> {
    return this.writeRaw(`Content-Length: ${Buffer.byteLength(body, "utf8")}\r\n\r\n${body}`);
  }

  /** Waits for the server's response to a raw request with this id (string ids never clash with the connection's numbers). */
  waitForRawResponse(id: string | number | null, after = 0, timeoutMs = DEFAULT_WAIT_MS): Promise<RawResponse> {
    return this.waitFor(`a response with id ${JSON.stringify(id)}`, () =>
      this.rawMessages.slice(after).find((m): m is RawResponse => isRawResponse(m) && m.id === id),
    timeoutMs);
  }

  /** A didChange with any version, for tests of stale or out-of-order edits; the client's own record of the text is not updated. */
  async sendChange(uri: string, version: number, contentChanges: ({ text: string } | { range: Range; text: string })[]): Promise<void> {
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges });
  }

  private notify(): void {
    for (const waiter of [...this.waiters]) waiter();
  }

  /** Resolves with the first truthy value of `probe`, checked now and after each message from the server. */
  waitFor<T>(what: string, probe: () => T | undefined | null | false, timeoutMs = DEFAULT_WAIT_MS): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const check = () => {
        const value = probe();
        if (value) {
          cleanup();
          resolve(value);
        }
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`Timed out after ${timeoutMs} ms waiting for ${what}.\nServer log:\n${this.logs.join("\n")}\n${this.stderr}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.waiters.delete(check);
      };
      this.waiters.add(check);
      check();
    });
  }

  /** Waits for the corpus to be indexed (the status notification says "ready"). */
  waitForReady(after = 0): Promise<StatusParams> {
    return this.waitFor("the corpus status 'ready'", () => this.statuses.slice(after).find((s) => s.state === "ready"));
  }

  /** Waits for diagnostics published for the document's current version. */
  async waitForDiagnostics(uri: string, timeoutMs = DEFAULT_WAIT_MS): Promise<Diagnostic[]> {
    const version = this.versions.get(uri);
    const params = await this.waitFor(
      `diagnostics for ${uri} version ${version}`,
      () => {
        const p = this.diagnostics.get(uri);
        return p && (version === undefined || p.version === version) ? p : undefined;
      },
      timeoutMs,
    );
    return params.diagnostics;
  }

  async open(uri: string, text: string, languageId = "markdown"): Promise<void> {
    this.versions.set(uri, 1);
    this.texts.set(uri, text);
    this.diagnostics.delete(uri);
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version: 1, text } });
  }

  /** Replaces the whole text. */
  async replace(uri: string, text: string): Promise<number> {
    return this.edit(uri, [{ text }], text);
  }

  /** An incremental edit, as editors send for typing. */
  async editRange(uri: string, range: Range, newText: string): Promise<number> {
    const text = applyEdits(this.text(uri), [{ range, newText }]);
    return this.edit(uri, [{ range, text: newText }], text);
  }

  private async edit(uri: string, contentChanges: ({ text: string } | { range: Range; text: string })[], newText: string): Promise<number> {
    const version = (this.versions.get(uri) ?? 0) + 1;
    this.versions.set(uri, version);
    this.texts.set(uri, newText);
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges });
    return version;
  }

  /** Tells the server files changed on disk, as the editor's file watcher does. */
  async filesChanged(files: string[]): Promise<void> {
    await this.connection.sendNotification(DidChangeWatchedFilesNotification.type, {
      changes: files.map((file) => ({ uri: fileUri(file), type: FileChangeType.Changed })),
    });
  }

  async close(uri: string): Promise<void> {
    this.versions.delete(uri);
    this.texts.delete(uri);
    await this.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }

  text(uri: string): string {
    const text = this.texts.get(uri);
    if (text === undefined) throw new Error(`${uri} is not open`);
    return text;
  }

  /** Tells the server the settings changed (it then asks for them with workspace/configuration). */
  async settingsChanged(pushed: unknown = null): Promise<void> {
    await this.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: pushed });
  }

  async stop(): Promise<void> {
    try {
      await Promise.race([this.connection.sendRequest(ShutdownRequest.type), new Promise((r) => setTimeout(r, 2000))]);
      await this.connection.sendNotification(ExitNotification.type);
    } catch {
      // the server may already be gone; it is killed below either way
    }
    await new Promise<void>((resolve) => {
      if (this.child.exitCode !== null) return resolve();
      const timer = setTimeout(() => {
        this.child.kill();
        resolve();
      }, 2000);
      this.child.once("exit", () => {
        clearTimeout(timer);
        resolve();
      });
    });
    this.connection.dispose();
  }

  /** Closes the server's stdin, as a client that goes away does; resolves with the exit code (null if it had to be killed). */
  async endInput(timeoutMs = 5000): Promise<number | null> {
    const exited = new Promise<number | null>((resolve) => {
      if (this.child.exitCode !== null) return resolve(this.child.exitCode);
      const timer = setTimeout(() => {
        this.child.kill();
        resolve(null);
      }, timeoutMs);
      this.child.once("exit", (code) => {
        clearTimeout(timer);
        resolve(code);
      });
    });
    this.child.stdin!.end();
    const code = await exited;
    this.connection.dispose();
    return code;
  }

  get exitCode(): number | null {
    return this.child.exitCode;
  }

  get exited(): boolean {
    return this.child.exitCode !== null || this.child.signalCode !== null;
  }
}

export interface RawResponse {
  jsonrpc: string;
  id: string | number | null;
  result?: unknown;
  error?: { code: number; message: string; data?: unknown };
}

function isRawResponse(m: unknown): m is RawResponse {
  return typeof m === "object" && m !== null && "id" in m && !("method" in m) && ("result" in m || "error" in m);
}

/** Line breaks as LSP counts them: "\r\n", a lone "\r" or "\n". */
const LINE_BREAK = /\r\n|\r|\n/g;

/** Offsets where each line starts. */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (const m of text.matchAll(LINE_BREAK)) starts.push(m.index + m[0].length);
  return starts;
}

/** Offset of a position in a text (LSP: 0-based line, UTF-16 character). */
export function offsetAt(text: string, position: Position): number {
  const starts = lineStarts(text);
  if (position.line >= starts.length) return text.length;
  return Math.min(starts[position.line] + position.character, text.length);
}

export function positionAt(text: string, offset: number): Position {
  const starts = lineStarts(text);
  let line = 0;
  while (line + 1 < starts.length && starts[line + 1] <= offset) line++;
  return { line, character: offset - starts[line] };
}

/** The position of the n-th occurrence (0-based) of `needle`, plus `delta` characters. */
export function positionOf(text: string, needle: string, delta = 0, occurrence = 0): Position {
  let at = -1;
  for (let i = 0; i <= occurrence; i++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`"${needle}" not found`);
  }
  return positionAt(text, at + delta);
}

/** Applies LSP text edits (non-overlapping, positions in the original text) to a text. */
export function applyEdits(text: string, edits: TextEdit[]): string {
  const spans = edits
    .map((e, i) => ({ start: offsetAt(text, e.range.start), end: offsetAt(text, e.range.end), newText: e.newText, i }))
    // Back to front, so earlier offsets stay valid; inserts at one position keep their order.
    .sort((a, b) => b.start - a.start || b.i - a.i);
  for (const s of spans) text = text.slice(0, s.start) + s.newText + text.slice(s.end);
  return text;
}

export function textOfRange(text: string, range: Range): string {
  return text.slice(offsetAt(text, range.start), offsetAt(text, range.end));
}

/** A workspace folder whose .factcheckrc.json points at the shared corpus. */
export function makeWorkspace(files: Record<string, string> = {}): string {
  return makeTempFolder({ ".factcheckrc.json": JSON.stringify({ corpus: [CORPUS_DIR] }), ...files });
}

/** Starts the server on a fresh workspace (see makeWorkspace) and waits for the corpus to be indexed. */
export async function startOnWorkspace(
  options: Partial<StartOptions> & { files?: Record<string, string> } = {},
): Promise<{ client: LspTestClient; workspace: string }> {
  const workspace = options.workspaceFolder ?? makeWorkspace(options.files);
  const client = await LspTestClient.start({ ...options, workspaceFolder: workspace });
  await client.waitForReady();
  return { client, workspace };
}

/**
 * One server for a describe block: started on a fresh workspace before its tests, stopped after.
 * Read `client` and `workspace` inside the tests (they are set once the server is up).
 */
export function useServer(options: Partial<StartOptions> & { files?: Record<string, string> } = {}): { client: LspTestClient; workspace: string } {
  const shared = {} as { client: LspTestClient; workspace: string };
  beforeAll(async () => {
    Object.assign(shared, await startOnWorkspace(options));
  });
  afterAll(async () => {
    await shared.client?.stop();
  });
  return shared;
}
