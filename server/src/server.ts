// The language server: the LSP connection, open documents and settings, wired to the features.
// Every feature lives in features/; this file only connects them.
import {
  CodeActionKind,
  createConnection,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  LSPErrorCodes,
  ProposedFeatures,
  ResponseError,
  TextDocuments,
  TextDocumentSyncKind,
  type CancellationToken,
  type ClientCapabilities,
  type InitializeResult,
} from "vscode-languageserver/node";
import { TextDocument } from "vscode-languageserver-textdocument";
import { applyV8Tuning } from "./v8Tuning";
import { provideCodeActions } from "./features/codeActions";
import {
  CHECK_WORKSPACE_REQUEST,
  checkWorkspace,
  CORPUS_FACTS_REQUEST,
  corpusFactsMarkdown,
  EXTRACTED_TEXT_REQUEST,
  REINDEX_REQUEST,
  reindexResult,
  RequestCancelled,
} from "./features/commands";
import { provideCompletion } from "./features/completion";
import { CorpusIndex, STATUS_NOTIFICATION, type Logger } from "./features/corpusIndex";
import { CorpusWatcher } from "./features/corpusWatcher";
import { provideDefinition } from "./features/definition";
import { DocumentChecker } from "./features/diagnostics";
import { pathToUri, uriToPath } from "./features/documents";
import { provideHover } from "./features/hover";
import { createStdioTransport } from "./features/jsonRpc";
import { provideReferences } from "./features/references";
import { resolveSettings, SETTINGS_SECTION } from "./features/settings";
import { registerViews } from "./features/views";

applyV8Tuning();

// On stdio the reader answers frames that are not JSON-RPC (see features/jsonRpc.ts); other
// transports (VS Code uses IPC) are set up by createConnection from the command line.
const stdio = process.argv.includes("--stdio") ? createStdioTransport() : undefined;
const connection = stdio ? createConnection(ProposedFeatures.all, stdio.reader, stdio.writer) : createConnection(ProposedFeatures.all);
stdio?.attach(connection);
const documents = new TextDocuments(TextDocument);

const log: Logger = {
  info: (message) => connection.console.info(message),
  warn: (message) => connection.console.warn(message),
  error: (message) => connection.console.error(message),
};

let capabilities: ClientCapabilities = {};
let initializationOptions: unknown;
let workspaceFolders: string[] = [];
/** Settings pushed with didChangeConfiguration, for clients that cannot answer workspace/configuration. */
let pushedSettings: unknown;
let watcher: CorpusWatcher | undefined;

const index = new CorpusIndex({
  log,
  sendStatus: (status) => void connection.sendNotification(STATUS_NOTIFICATION, status),
  createProgress: async () => (capabilities.window?.workDoneProgress ? connection.window.createWorkDoneProgress() : undefined),
  onIndexed: () => checker.corpusChanged(),
});

const checker = new DocumentChecker(
  {
    log,
    documents,
    publish: (uri, diagnostics, version) => void connection.sendDiagnostics({ uri, diagnostics, version }),
  },
  index,
);

function describeError(e: unknown): string {
  return e instanceof Error && e.stack ? e.stack : String(e);
}

/**
 * Wraps a request handler so a failure is logged and answered with the fallback instead of
 * reaching the connection: a bad request must never take the server down.
 */
function guarded<P, R>(
  name: string,
  fallback: R,
  handler: (params: P, token: CancellationToken) => R | Promise<R>,
): (params: P, token: CancellationToken) => Promise<R> {
  return async (params, token) => {
    checker.noteActivity();
    // Cancelled before it started (the cancel arrived while the request was queued): no work to do.
    if (token.isCancellationRequested) throw cancelled();
    try {
      return await handler(params, token);
    } catch (e) {
      if (e instanceof ResponseError && e.code === LSPErrorCodes.RequestCancelled) throw e;
      log.error(`${name} failed: ${describeError(e)}`);
      return fallback;
    }
  };
}

function cancelled(): ResponseError<void> {
  return new ResponseError(LSPErrorCodes.RequestCancelled, "The request was cancelled.");
}

/** Like `guarded`, for the custom requests: a failure is answered with an error the client can show. */
function failing<P, R>(name: string, handler: (params: P, token: CancellationToken) => Promise<R>): (params: P, token: CancellationToken) => Promise<R> {
  return async (...args: [P, CancellationToken] | [CancellationToken]) => {
    // A request sent without params reaches its handler with the token alone.
    const [params, token] = args.length === 1 ? [undefined as P, args[0]] : args;
    try {
      return await handler(params, token);
    } catch (e) {
      if (e instanceof RequestCancelled || token.isCancellationRequested) throw cancelled();
      log.error(`${name} failed: ${describeError(e)}`);
      throw new ResponseError(LSPErrorCodes.RequestFailed, `${name} failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
}

/** The work's result, or a RequestCancelled error as soon as the request is cancelled. */
function untilCancelled<T>(work: Promise<T>, token: CancellationToken): Promise<T> {
  let onCancel: { dispose(): void } | undefined;
  const cancel = new Promise<never>((_, reject) => (onCancel = token.onCancellationRequested(() => reject(new RequestCancelled()))));
  return Promise.race([work, cancel]).finally(() => onCancel?.dispose());
}

/**
 * The open document a request is about, once the first index is done so answers do not come from an
 * empty corpus. A request cancelled while it waits for the index is answered at once.
 */
async function openDocument(uri: string, token: CancellationToken): Promise<TextDocument | undefined> {
  if (!documents.get(uri)) return undefined;
  let onCancel: { dispose(): void } | undefined;
  await Promise.race([index.whenReady(), new Promise<void>((resolve) => (onCancel = token.onCancellationRequested(() => resolve())))]);
  onCancel?.dispose();
  if (token.isCancellationRequested) throw cancelled();
  return documents.get(uri);
}

// Settings are applied one at a time, in the order the changes arrived.
let settingsQueue: Promise<void> = Promise.resolve();

function applySettings(): Promise<void> {
  settingsQueue = settingsQueue.then(loadSettings).catch((e) => log.error(`Applying settings failed: ${describeError(e)}`));
  return settingsQueue;
}

/** What the client said about the workspace's trust: true, false, or undefined when it said nothing usable. */
function workspaceTrust(): boolean | undefined {
  const said = (initializationOptions as { workspaceTrusted?: unknown } | undefined)?.workspaceTrusted;
  return typeof said === "boolean" ? said : undefined;
}

async function loadSettings(): Promise<void> {
  let editor = pushedSettings;
  if (capabilities.workspace?.configuration) {
    try {
      const scopeUri = workspaceFolders[0] ? pathToUri(workspaceFolders[0]) : undefined;
      editor = await connection.workspace.getConfiguration({ section: SETTINGS_SECTION, scopeUri });
    } catch (e) {
      log.warn(`Cannot read the editor's settings: ${describeError(e)}`);
    }
  }
  const { settings, problems } = resolveSettings({
    editor,
    initializationOptions,
    workspaceRoot: workspaceFolders[0],
    workspaceFolders,
    workspaceTrusted: workspaceTrust(),
  });
  // Logged once per change, not on every settings notification.
  if (index.setSettingsProblems(problems, workspaceTrust() !== true)) for (const problem of problems) log.warn(`Settings: ${problem}`);
  checker.setOptions({ severities: settings.severities });
  const indexing = index.configure(settings.corpusFolders, settings.builtinFacts);
  if (indexing) {
    indexing.catch(() => undefined); // logged and reported in the status by the index
    void watcher?.watch(settings.corpusFolders);
  }
}

connection.onInitialize((params): InitializeResult => {
  capabilities = params.capabilities;
  initializationOptions = params.initializationOptions;
  const folderUris = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
  workspaceFolders = folderUris.map(uriToPath).filter((p): p is string => !!p);
  if (!workspaceFolders.length && params.rootPath) workspaceFolders = [params.rootPath];
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      hoverProvider: true,
      completionProvider: { resolveProvider: false },
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
      definitionProvider: true,
      referencesProvider: true,
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    },
    serverInfo: { name: "policy-fact-check" },
  };
});

connection.onInitialized(() => {
  const workspace = capabilities.workspace;
  const clientWatches = !!workspace?.didChangeWatchedFiles?.dynamicRegistration;
  watcher = new CorpusWatcher({
    log,
    registerWatchers: clientWatches
      ? (watchers) => connection.client.register(DidChangeWatchedFilesNotification.type, { watchers })
      : undefined,
    relativePatterns: !!workspace?.didChangeWatchedFiles?.relativePatternSupport,
    onCorpusChanged: () => void index.reindex().catch(() => undefined),
    onConfigFileChanged: () => void applySettings(),
  });
  if (workspace?.configuration && workspace.didChangeConfiguration?.dynamicRegistration) {
    void connection.client.register(DidChangeConfigurationNotification.type, { section: SETTINGS_SECTION });
  }
  if (workspace?.workspaceFolders) {
    connection.workspace.onDidChangeWorkspaceFolders((event) => {
      const removed = new Set(event.removed.map((f) => uriToPath(f.uri)));
      const added = event.added.map((f) => uriToPath(f.uri)).filter((p): p is string => !!p);
      workspaceFolders = [...workspaceFolders.filter((f) => !removed.has(f)), ...added];
      void applySettings();
    });
  }
  void applySettings();
});

connection.onDidChangeConfiguration((params) => {
  const settings = params.settings as Record<string, unknown> | null | undefined;
  pushedSettings = settings?.[SETTINGS_SECTION];
  void applySettings();
});

connection.onDidChangeWatchedFiles((params) => watcher?.onFileEvents(params.changes));

documents.onDidChangeContent((event) => checker.schedule(event.document.uri));
documents.onDidClose((event) => checker.closed(event.document.uri));

connection.onHover(
  guarded("Hover", null, async (params, token) => {
    const doc = await openDocument(params.textDocument.uri, token);
    return doc ? provideHover(doc, params.position, checker, index) : null;
  }),
);

connection.onCompletion(
  guarded("Completion", null, async (params, token) => {
    const doc = await openDocument(params.textDocument.uri, token);
    return doc ? provideCompletion(doc, params.position, index, checker) : null;
  }),
);

connection.onCodeAction(
  guarded("Code actions", [], async (params, token) => {
    const doc = await openDocument(params.textDocument.uri, token);
    return doc ? provideCodeActions(doc, params, checker.resultFor(doc)) : [];
  }),
);

connection.onDefinition(
  guarded("Definition", null, async (params, token) => {
    const doc = await openDocument(params.textDocument.uri, token);
    return doc ? provideDefinition(doc, params.position, index) : null;
  }),
);

connection.onReferences(
  guarded("References", null, async (params, token) => {
    const doc = await openDocument(params.textDocument.uri, token);
    if (!doc) return null;
    return provideReferences(
      {
        doc,
        position: params.position,
        includeDeclaration: params.context.includeDeclaration,
        openDocuments: documents.all(),
        workspaceFolders,
        token,
      },
      index,
    );
  }),
);

connection.onRequest(
  REINDEX_REQUEST,
  failing("Re-indexing the corpus", async (_params: unknown, token: CancellationToken) =>
    // The run goes on for the watchers and settings that share it; a cancelled request stops waiting for it.
    reindexResult(await untilCancelled(index.reindex(), token)),
  ),
);

connection.onRequest(
  CHECK_WORKSPACE_REQUEST,
  failing("Checking the workspace", (_params: unknown, token: CancellationToken) =>
    checkWorkspace(index, checker, {
      openDocuments: () => documents.all(),
      workspaceFolders,
      publish: (uri, diagnostics) => void connection.sendDiagnostics({ uri, diagnostics }),
      isCancelled: () => token.isCancellationRequested,
    }),
  ),
);

connection.onRequest(
  CORPUS_FACTS_REQUEST,
  failing("Listing the corpus facts", async () => {
    await index.whenReady();
    return corpusFactsMarkdown(index);
  }),
);

connection.onRequest(
  EXTRACTED_TEXT_REQUEST,
  failing("Reading a source's extracted text", async (params: { document?: unknown }) => {
    await index.whenReady();
    return typeof params?.document === "string" ? (index.service.extractedText(params.document) ?? null) : null;
  }),
);

registerViews(connection, { index, checker, documents, initializationOptions: () => initializationOptions, failing });

// A bug in one handler must not end the session; the log says what happened.
process.on("uncaughtException", (e) => log.error(`Unexpected error: ${describeError(e)}`));
process.on("unhandledRejection", (e) => log.error(`Unhandled rejection: ${describeError(e)}`));

documents.listen(connection);
connection.listen();
