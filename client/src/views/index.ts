// The views of the extension: the corpus timeline panel, the claims report tree and its status
// bar item. extension.ts registers them with one call and forwards the corpus status.
import * as vscode from "vscode";
import type { BaseLanguageClient } from "vscode-languageclient";
import { ClaimsReportTree } from "./claimsTree";
import { claimsStatusText } from "./claimsText";
import { TimelinePanel, type ViewsClient } from "./timelinePanel";
import { CLAIMS_VIEW_ID, SHOW_CLAIMS_REPORT_COMMAND } from "./viewProtocol";

export { SHOW_TIMELINE_COMMAND } from "./viewProtocol";

export interface ViewsHost extends ViewsClient {
  /** The client when it runs, without waiting or telling the user. */
  running(): BaseLanguageClient | undefined;
}

export interface Views {
  /** The server reported the corpus: after a (re-)index, the views fetch their data again. */
  corpusStatus(state: "indexing" | "ready" | "error"): void;
}

export function registerViews(context: vscode.ExtensionContext, host: ViewsHost): Views {
  const timeline = new TimelinePanel(context.extensionUri, host);
  const tree = new ClaimsReportTree(host);
  const treeView = vscode.window.createTreeView(CLAIMS_VIEW_ID, { treeDataProvider: tree, showCollapseAll: true });
  const status = vscode.window.createStatusBarItem("policyFactCheck.claims", vscode.StatusBarAlignment.Left, -1);
  status.name = "Policy Fact-Check claims";
  status.command = SHOW_CLAIMS_REPORT_COMMAND;
  context.subscriptions.push(
    timeline,
    tree,
    treeView,
    status,
    // Literal ids: the manifest test reads them (SHOW_TIMELINE_COMMAND, SHOW_CLAIMS_REPORT_COMMAND).
    vscode.commands.registerCommand("policyFactCheck.showCorpusTimeline", (entityId?: unknown) => timeline.show(typeof entityId === "string" ? entityId : undefined)),
    vscode.commands.registerCommand("policyFactCheck.showClaimsReport", () => vscode.commands.executeCommand(`${CLAIMS_VIEW_ID}.focus`)),
    tree.onDidChangeReport((report) => {
      treeView.message = report ? undefined : "Open a Markdown draft to see its claims and their sources.";
      if (!report) return status.hide();
      status.text = claimsStatusText(report);
      status.tooltip = `Policy Fact-Check: ${report.summary}. Click for the claims report.`;
      status.show();
    }),
  );
  treeView.message = "Open a Markdown draft to see its claims and their sources.";
  let last: string | undefined;
  return {
    corpusStatus(state) {
      // "indexing" -> "ready" is a new index: the verdicts and the timeline may have changed.
      if (state === "ready" && last !== "ready") {
        timeline.corpusChanged();
        void tree.refresh();
      }
      last = state;
    },
  };
}
