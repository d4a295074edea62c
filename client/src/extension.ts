// The VS Code client: starts the bundled language server, forwards settings and file events,
// registers the commands and shows the corpus status. All language knowledge lives in the server,
// so other editors get the same behaviour from it.
import * as fs from "node:fs";
import * as vscode from "vscode";
import {
  LanguageClient,
  State,
  TransportKind,
  RevealOutputChannelOn,
  type LanguageClientOptions,
  type ServerOptions,
} from "vscode-languageclient/node";
import {
  CheckWorkspaceRequest,
  CorpusFactsRequest,
  ReindexRequest,
  StatusNotification,
  type CheckWorkspaceResult,
  type InitializationOptions,
  type ReindexResult,
  type ServerStatus,
} from "./protocol";
import { CorpusFactsProvider, CORPUS_FACTS_SCHEME, showCorpusFacts } from "./corpusFacts";
import { FactCheckStatusBar } from "./statusBar";
import { registerViews, SHOW_TIMELINE_COMMAND } from "./views";
import { EXTRACTED_TEXT_SCHEME, ExtractedTextProvider, SHOW_EXTRACTED_TEXT_COMMAND, showExtractedText } from "./extractedText";
import { SERVER_DOWN, STARTING } from "./statusText";

const CLIENT_ID = "policyFactCheck"; // also the prefix of the `policyFactCheck.trace.server` setting
const CLIENT_NAME = "Policy Fact-Check";
const SHOW_OUTPUT = "Show output";
const OPEN_SETTING = "Open setting";

let client: LanguageClient | undefined;
let output: vscode.OutputChannel | undefined;

function log(message: string): void {
  output?.appendLine(`[${new Date().toLocaleTimeString()}] ${message}`);
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Logs an error and shows it with a button that opens the output channel. Never throws. */
function reportError(message: string, e?: unknown): void {
  const full = e === undefined ? message : `${message}: ${errorText(e)}`;
  log(full);
  void vscode.window.showErrorMessage(`Policy Fact-Check: ${full}`, SHOW_OUTPUT).then((choice) => {
    if (choice === SHOW_OUTPUT) output?.show(true);
  });
}

export function activate(context: vscode.ExtensionContext): void {
  output = vscode.window.createOutputChannel(CLIENT_NAME);
  context.subscriptions.push(output);

  const statusBar = new FactCheckStatusBar("policyFactCheck.showOutput");
  context.subscriptions.push(statusBar);

  context.subscriptions.push(
    vscode.commands.registerCommand("policyFactCheck.showOutput", () => output?.show(true)),
    vscode.commands.registerCommand("policyFactCheck.checkWorkspace", checkWorkspace),
    vscode.commands.registerCommand("policyFactCheck.reindexCorpus", reindexCorpus),
    vscode.commands.registerCommand("policyFactCheck.showCorpusFacts", openCorpusFacts),
  );
  const factsProvider = new CorpusFactsProvider(loadCorpusFacts);
  context.subscriptions.push(factsProvider, vscode.workspace.registerTextDocumentContentProvider(CORPUS_FACTS_SCHEME, factsProvider));
  context.subscriptions.push(
    vscode.workspace.registerTextDocumentContentProvider(
      EXTRACTED_TEXT_SCHEME,
      new ExtractedTextProvider(async () => {
        const c = await runningClient();
        if (!c) throw new Error("the language server is not running");
        return c;
      }),
    ),
    vscode.commands.registerCommand(SHOW_EXTRACTED_TEXT_COMMAND, (documentId: unknown, line: unknown) =>
      typeof documentId === "string" ? showExtractedText(documentId, typeof line === "number" ? line : 0) : undefined,
    ),
  );
  const views = registerViews(context, { waitForClient: runningClient, running: () => (client?.isRunning() ? client : undefined), log, reportError });

  const serverModule = context.asAbsolutePath("server/out/server.js");
  if (!fs.existsSync(serverModule)) {
    statusBar.show(SERVER_DOWN);
    reportError(`the language server is missing (${serverModule}); run "npm run build"`);
    return;
  }

  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ["--nolazy", "--inspect=6009"] } },
  };

  // The server filters these events itself: drafts, corpus documents and their corpus.json, the config file.
  const watchers = [
    vscode.workspace.createFileSystemWatcher("**/*.{md,markdown,txt}"),
    vscode.workspace.createFileSystemWatcher("**/corpus.json"),
    vscode.workspace.createFileSystemWatcher("**/.factcheckrc*"),
  ];
  context.subscriptions.push(...watchers);

  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: "file", language: "markdown" },
      { scheme: "untitled", language: "markdown" },
    ],
    synchronize: {
      configurationSection: "policyFactCheck",
      fileEvents: watchers,
    },
    // A function, so that a restart after the workspace is trusted sends the new value.
    initializationOptions: (): InitializationOptions => ({
      workspaceTrusted: vscode.workspace.isTrusted,
      timelineCommand: SHOW_TIMELINE_COMMAND,
      extractedTextCommand: SHOW_EXTRACTED_TEXT_COMMAND,
    }),
    // Fact cards link to the timeline and quotes of converted sources to their text; no other command may run from a hover.
    markdown: { isTrusted: { enabledCommands: [SHOW_TIMELINE_COMMAND, SHOW_EXTRACTED_TEXT_COMMAND] } },
    outputChannel: output,
    // Failures are shown with our own message and "Show output" button instead.
    revealOutputChannelOn: RevealOutputChannelOn.Never,
  };

  let loggedProblems = "";
  let shownCorpusIssues = "";
  const languageClient = new LanguageClient(CLIENT_ID, CLIENT_NAME, serverOptions, clientOptions);
  client = languageClient;

  context.subscriptions.push(
    languageClient.onNotification(StatusNotification, (status: ServerStatus) => {
      statusBar.setStatus(status);
      views.corpusStatus(status.state);
      // Each status repeats the problems; log them once per change.
      const problems = (status.problems ?? []).join("\n  ");
      if (problems && problems !== loggedProblems) log(`corpus problems:\n  ${problems}`);
      loggedProblems = problems;
      const issues = (status.corpusIssues ?? []).join("\n");
      if (issues && issues !== shownCorpusIssues) warnCorpusUnusable(status.corpusIssues ?? []);
      if (status.state !== "indexing") shownCorpusIssues = issues;
      if (status.state === "ready") factsProvider.refresh();
    }),
    languageClient.onDidChangeState((e) => {
      if (e.newState === State.Stopped) statusBar.show(SERVER_DOWN);
      else if (e.newState === State.Starting) statusBar.show(STARTING);
    }),
    // The workspace's corpus settings are withheld until it is trusted; restart so the server reads them.
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      if (languageClient.isRunning()) {
        log("workspace trusted: restarting the language server");
        languageClient.restart().catch((e) => reportError("could not restart the language server", e));
      }
    }),
  );

  // Not awaited: activation should not wait for the server to index the corpus.
  languageClient.start().catch((e) => {
    statusBar.show(SERVER_DOWN);
    reportError("the language server could not start", e);
  });
}

export async function deactivate(): Promise<void> {
  const stopping = client;
  client = undefined;
  if (!stopping) return;
  try {
    await stopping.stop();
  } catch (e) {
    log(`error while stopping the language server: ${errorText(e)}`);
  }
}

/** The client once it runs, or undefined (after telling the user) when the server is down. */
async function runningClient(): Promise<LanguageClient | undefined> {
  const c = client;
  if (c?.state === State.Starting) {
    // Starting always ends in Running or Stopped.
    await new Promise<void>((resolve) => {
      const listener = c.onDidChangeState(() => {
        listener.dispose();
        resolve();
      });
    });
  }
  if (c?.isRunning()) return c;
  reportError("the language server is not running");
  return undefined;
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

async function checkWorkspace(): Promise<void> {
  const c = await runningClient();
  if (!c) return;
  let cancelled = false;
  try {
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: "Policy Fact-Check: checking Markdown files…", cancellable: true },
      (_progress, token) => {
        token.onCancellationRequested(() => (cancelled = true));
        return c.sendRequest<CheckWorkspaceResult>(CheckWorkspaceRequest, token);
      },
    );
    void vscode.window.showInformationMessage(
      `Policy Fact-Check: checked ${plural(result.files, "Markdown file", "Markdown files")}, ${plural(result.findings, "finding", "findings")}.`,
    );
    await vscode.commands.executeCommand("workbench.actions.view.problems");
  } catch (e) {
    if (cancelled) log("checking the workspace was cancelled");
    else reportError("checking the workspace failed", e);
  }
}

async function reindexCorpus(): Promise<void> {
  const c = await runningClient();
  if (!c) return;
  try {
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: "Fact-check: re-indexing corpus" },
      () => c.sendRequest<ReindexResult | undefined>(ReindexRequest),
    );
    // The status bar follows through the status notification; this answers the command itself.
    if (result && typeof result.documents === "number") {
      const problems = result.problems?.length ?? 0;
      log(`corpus re-indexed: ${result.documents} documents, ${result.facts} facts, ${problems} problems`);
      const message = `Policy Fact-Check: corpus re-indexed: ${plural(result.documents, "document", "documents")}, ${plural(result.facts, "fact", "facts")}`;
      if (problems > 0) {
        void vscode.window.showWarningMessage(`${message}, ${plural(problems, "problem", "problems")}.`, SHOW_OUTPUT).then((choice) => {
          if (choice === SHOW_OUTPUT) output?.show(true);
        });
      } else {
        void vscode.window.showInformationMessage(`${message}.`);
      }
    }
  } catch (e) {
    reportError("re-indexing the corpus failed", e);
  }
}

/**
 * A corpus the settings or .factcheckrc.json name but that is missing or empty: the drafts are then
 * checked against the built-in facts only, which must not pass unnoticed.
 */
function warnCorpusUnusable(issues: string[]): void {
  log(`corpus unusable:\n  ${issues.join("\n  ")}`);
  const message =
    `Policy Fact-Check: ${issues[0]}${issues.length > 1 ? ` (and ${issues.length - 1} more)` : ""}. ` +
    `Drafts are checked against the built-in facts only. Set "policyFactCheck.corpus" (or "corpus" in .factcheckrc.json) to a folder of .md or .txt sources.`;
  void vscode.window.showWarningMessage(message, OPEN_SETTING, SHOW_OUTPUT).then((choice) => {
    if (choice === OPEN_SETTING) void vscode.commands.executeCommand("workbench.action.openSettings", "policyFactCheck.corpus");
    else if (choice === SHOW_OUTPUT) output?.show(true);
  });
}

/** The facts as Markdown from the server; throws with a readable reason when it cannot answer. */
async function loadCorpusFacts(): Promise<string> {
  const c = await runningClient();
  if (!c) throw new Error("the language server is not running");
  const markdown: unknown = await c.sendRequest<string>(CorpusFactsRequest);
  if (typeof markdown !== "string") throw new Error(`unexpected reply to ${CorpusFactsRequest}: ${JSON.stringify(markdown)?.slice(0, 200)}`);
  return markdown;
}

async function openCorpusFacts(): Promise<void> {
  try {
    await showCorpusFacts();
  } catch (e) {
    reportError("showing the corpus facts failed", e);
  }
}
