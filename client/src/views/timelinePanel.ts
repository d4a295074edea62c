// The corpus timeline panel: one webview, filled from the server's timeline request, redrawn when
// the corpus is re-indexed; a click on a point opens its source passage.
import * as fs from "node:fs";
import * as vscode from "vscode";
import type { BaseLanguageClient } from "vscode-languageclient";
import { makeNonce, timelineHtml } from "./timelineHtml";
import { TimelineRequest, type TimelineData } from "./viewProtocol";

export interface ViewsClient {
  /** The running client, or undefined after telling the user why not. */
  waitForClient(): Promise<BaseLanguageClient | undefined>;
  log(message: string): void;
  reportError(message: string, e?: unknown): void;
}

/** What the webview reports once it has drawn. */
export interface TimelineRendered {
  reason: string;
  points: number;
  lanes: number;
  disagreements: number;
  ms: number;
}

export class TimelinePanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private data: TimelineData | undefined;
  private ready = false;
  private pendingEntity: string | undefined;
  /** When the panel was last asked for, so the log can say how long it took to draw. */
  private requestedAt: number | undefined;
  private readonly renderedEmitter = new vscode.EventEmitter<TimelineRendered>();
  /** Fires each time the webview has drawn (the e2e suite and the log use it). */
  readonly onDidRender = this.renderedEmitter.event;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly client: ViewsClient,
  ) {}

  /** Opens (or reveals) the panel; with an entity id, shows only that entity's lane. */
  async show(entityId?: string): Promise<void> {
    this.requestedAt = Date.now();
    const c = await this.client.waitForClient();
    if (!c) return;
    if (this.panel) this.panel.reveal(vscode.ViewColumn.Active);
    else this.create();
    this.pendingEntity = typeof entityId === "string" ? entityId : undefined;
    await this.load(c);
  }

  /** After a re-index: fetch the new timeline if the panel is open. */
  corpusChanged(): void {
    if (!this.panel) return;
    void this.client.waitForClient().then((c) => c && this.load(c));
  }

  private create(): void {
    const panel = vscode.window.createWebviewPanel("policyFactCheck.timeline", "Corpus timeline", vscode.ViewColumn.Active, {
      enableScripts: true,
      // The page loads nothing (its script is inline, by nonce), and no command links run from it.
      localResourceRoots: [],
      enableCommandUris: false,
      retainContextWhenHidden: true,
    });
    panel.webview.html = timelineHtml({ nonce: makeNonce(), script: this.script() });
    panel.webview.onDidReceiveMessage((m) => this.onMessage(m));
    panel.onDidDispose(() => {
      this.panel = undefined;
      this.ready = false;
    });
    this.panel = panel;
  }

  private scriptCode: string | undefined;

  /** The bundled webview script, read once. */
  private script(): string {
    this.scriptCode ??= fs.readFileSync(vscode.Uri.joinPath(this.extensionUri, "client", "out", "webview", "timeline.js").fsPath, "utf8");
    return this.scriptCode;
  }

  private async load(c: BaseLanguageClient): Promise<void> {
    try {
      const data = await c.sendRequest<TimelineData>(TimelineRequest);
      if (!data || !Array.isArray(data.points)) throw new Error(`unexpected reply: ${JSON.stringify(data)?.slice(0, 200)}`);
      this.data = data;
      this.post();
    } catch (e) {
      this.client.reportError("drawing the corpus timeline failed", e);
    }
  }

  private post(): void {
    if (!this.panel || !this.ready || !this.data) return;
    void this.panel.webview.postMessage({ type: "data", data: this.data, requestedAt: this.requestedAt });
    this.requestedAt = undefined;
    if (this.pendingEntity !== undefined) void this.panel.webview.postMessage({ type: "focusEntity", entity: this.pendingEntity });
    this.pendingEntity = undefined;
  }

  private onMessage(message: unknown): void {
    const m = message as { type?: string; point?: number; source?: number; openedMs?: number } & Partial<TimelineRendered>;
    if (m?.type === "ready") {
      this.ready = true;
      this.post();
    } else if (m?.type === "open" && typeof m.point === "number") {
      void this.openSource(m.point, typeof m.source === "number" ? m.source : 0);
    } else if (m?.type === "rendered") {
      const rendered = { reason: String(m.reason), points: Number(m.points), lanes: Number(m.lanes), disagreements: Number(m.disagreements), ms: Number(m.ms) };
      const opened = typeof m.openedMs === "number" ? `, ${m.openedMs} ms after the command` : "";
      this.client.log(`timeline drawn (${rendered.reason}): ${rendered.points} points in ${rendered.lanes} lanes in ${rendered.ms.toFixed(1)} ms${opened}`);
      this.renderedEmitter.fire(rendered);
    }
  }

  /** Opens the passage in a column beside the timeline, with the value selected. */
  private async openSource(pointId: number, sourceIndex: number): Promise<void> {
    const source = this.data?.points[pointId]?.sources[sourceIndex];
    const file = source && this.data?.documents.find((d) => d.id === source.document)?.path;
    if (!source || !file) {
      void vscode.window.showInformationMessage(`Policy Fact-Check: this fact comes from ${source?.document ?? "an unknown source"}, which is not a file.`);
      return;
    }
    const { start, end } = source.range;
    const selection = new vscode.Range(start.line, start.character, end.line, end.character);
    try {
      await vscode.window.showTextDocument(vscode.Uri.file(file), { selection, viewColumn: vscode.ViewColumn.Beside, preview: true });
    } catch (e) {
      this.client.reportError(`could not open ${file}`, e);
    }
  }

  dispose(): void {
    this.panel?.dispose();
    this.renderedEmitter.dispose();
  }
}
