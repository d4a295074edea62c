// The claims report of the active draft as a tree: sections, then their claims with the verdict;
// a row opens the draft at the claim. The status bar item shows the totals.
import * as vscode from "vscode";
import { claimDescription, claimTooltip, sectionDescription, VERDICT_ICON } from "./claimsText";
import { ClaimsReportRequest, type ClaimsReportResult, type ReportClaim, type ReportSection } from "./viewProtocol";
import type { ViewsClient } from "./timelinePanel";

type Node = { section: ReportSection; uri: vscode.Uri } | { claim: ReportClaim; uri: vscode.Uri };

/** Edits are reported after typing pauses this long; the server has re-checked by then. */
const REFRESH_DELAY_MS = 300;

export class ClaimsReportTree implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly reportEmitter = new vscode.EventEmitter<ClaimsReportResult | undefined>();
  /** Fires with each new report (undefined when no Markdown draft is shown). */
  readonly onDidChangeReport = this.reportEmitter.event;
  private report: ClaimsReportResult | undefined;
  private draft: vscode.Uri | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly client: { running(): { sendRequest<R>(method: string, params: unknown): Promise<R> } | undefined } & Pick<ViewsClient, "log">,
  ) {
    this.subscriptions.push(
      vscode.window.onDidChangeActiveTextEditor(() => this.followActiveEditor()),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (this.draft && e.document.uri.toString() === this.draft.toString()) this.schedule();
      }),
      // The server publishes after every check and re-index: the verdicts may have changed.
      vscode.languages.onDidChangeDiagnostics((e) => {
        if (this.draft && e.uris.some((u) => u.toString() === this.draft!.toString())) this.schedule();
      }),
    );
    this.followActiveEditor();
  }

  get current(): ClaimsReportResult | undefined {
    return this.report;
  }

  /** Re-reads the report of the draft shown (after the server starts or the corpus changes). */
  refresh(): Promise<void> {
    return this.load();
  }

  private followActiveEditor(): void {
    const editor = vscode.window.activeTextEditor;
    // Focus moving to the tree or a panel keeps the last draft; another kind of file drops it.
    if (!editor) return;
    const next = editor.document.languageId === "markdown" ? editor.document.uri : undefined;
    if (next?.toString() === this.draft?.toString()) return;
    this.draft = next;
    void this.load();
  }

  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.load(), REFRESH_DELAY_MS);
  }

  private async load(): Promise<void> {
    const draft = this.draft;
    const c = this.client.running();
    let report: ClaimsReportResult | undefined;
    if (draft && c) {
      try {
        report = (await c.sendRequest<ClaimsReportResult | null>(ClaimsReportRequest, { uri: draft.toString() })) ?? undefined;
      } catch (e) {
        this.client.log(`claims report of ${draft.toString()} failed: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    if (draft?.toString() !== this.draft?.toString()) return; // another draft was shown meanwhile
    this.report = report;
    this.changed.fire(undefined);
    this.reportEmitter.fire(report);
  }

  getChildren(node?: Node): Node[] {
    const report = this.report;
    if (!report) return [];
    const uri = vscode.Uri.parse(report.uri);
    if (!node) return report.sections.map((section) => ({ section, uri }));
    return "section" in node ? node.section.claims.map((claim) => ({ claim, uri })) : [];
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if ("section" in node) {
      const item = new vscode.TreeItem(node.section.heading || "Before the first heading", vscode.TreeItemCollapsibleState.Expanded);
      item.description = sectionDescription(node.section);
      item.iconPath = new vscode.ThemeIcon("symbol-namespace");
      item.command = openCommand(node.uri, new vscode.Range(node.section.line, 0, node.section.line, 0));
      item.contextValue = "section";
      return item;
    }
    const { claim } = node;
    const item = new vscode.TreeItem(claim.valueText, vscode.TreeItemCollapsibleState.None);
    item.description = claimDescription(claim);
    item.tooltip = new vscode.MarkdownString(claimTooltip(claim));
    const icon = VERDICT_ICON[claim.verdict];
    item.iconPath = new vscode.ThemeIcon(icon.id, new vscode.ThemeColor(icon.color));
    const { start, end } = claim.range;
    item.command = openCommand(node.uri, new vscode.Range(start.line, start.character, end.line, end.character));
    item.accessibilityInformation = { label: `${claim.valueText}: ${claimDescription(claim)}, line ${start.line + 1}` };
    item.contextValue = `claim.${claim.verdict}`;
    return item;
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const s of this.subscriptions) s.dispose();
    this.changed.dispose();
    this.reportEmitter.dispose();
  }
}

function openCommand(uri: vscode.Uri, selection: vscode.Range): vscode.Command {
  const options: vscode.TextDocumentShowOptions = { selection, preview: false };
  return { command: "vscode.open", title: "Go to the claim", arguments: [uri, options] };
}
