// The status bar item: what the server last said about the corpus, shown beside Markdown editors.
import * as vscode from "vscode";
import type { ServerStatus } from "./protocol";
import { presentStatus, STARTING, type StatusPresentation } from "./statusText";
import { SHOW_TIMELINE_COMMAND } from "./views/viewProtocol";

export class FactCheckStatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(showOutputCommand: string) {
    this.item = vscode.window.createStatusBarItem("policyFactCheck.status", vscode.StatusBarAlignment.Left, 0);
    this.item.name = "Policy Fact-Check";
    this.item.command = showOutputCommand;
    this.show(STARTING);
    this.subscriptions.push(
      vscode.window.onDidChangeActiveTextEditor(() => this.updateVisibility()),
      // A language-mode change reopens the document under its new language id.
      vscode.workspace.onDidOpenTextDocument(() => this.updateVisibility()),
    );
    this.updateVisibility();
  }

  setStatus(status: ServerStatus): void {
    this.show(presentStatus(status));
  }

  show(presentation: StatusPresentation): void {
    this.item.text = presentation.text;
    // The click shows the output; the tooltip also opens the corpus timeline.
    const tooltip = new vscode.MarkdownString();
    tooltip.appendText(presentation.tooltip);
    tooltip.appendMarkdown(`\n\n[$(timeline-view-icon) Show corpus timeline](command:${SHOW_TIMELINE_COMMAND})`);
    tooltip.supportThemeIcons = true;
    tooltip.isTrusted = { enabledCommands: [SHOW_TIMELINE_COMMAND] };
    this.item.tooltip = tooltip;
    this.item.backgroundColor = presentation.isError ? new vscode.ThemeColor("statusBarItem.errorBackground") : undefined;
  }

  private updateVisibility(): void {
    if (vscode.window.activeTextEditor?.document.languageId === "markdown") this.item.show();
    else this.item.hide();
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.item.dispose();
  }
}
