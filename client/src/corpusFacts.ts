// "Show corpus facts": a read-only virtual document of every entity's card. Its own URI scheme keeps
// it out of the language client's document selector, so it is never checked nor counted by
// "Check all", and it is re-read from the server whenever the corpus is re-indexed.
import * as vscode from "vscode";

export const CORPUS_FACTS_SCHEME = "policy-fact-check-facts";
export const CORPUS_FACTS_URI = vscode.Uri.from({ scheme: CORPUS_FACTS_SCHEME, path: "/Corpus facts.md" });

export class CorpusFactsProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  /** `load` asks the server for the facts as Markdown; it throws when the server cannot answer. */
  constructor(private readonly load: () => Promise<string>) {}

  async provideTextDocumentContent(): Promise<string> {
    try {
      return await this.load();
    } catch (e) {
      return `# Corpus facts\n\nThe language server could not list the facts: ${e instanceof Error ? e.message : String(e)}\n`;
    }
  }

  /** Called after each re-index: an open view re-reads its content. */
  refresh(): void {
    if (vscode.workspace.textDocuments.some((d) => d.uri.toString() === CORPUS_FACTS_URI.toString())) this.changed.fire(CORPUS_FACTS_URI);
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/**
 * Opens the view as a read-only Markdown editor. Not the Markdown preview: it renders `file:` links
 * as plain text, while the editor's document links open each source at its line.
 */
export async function showCorpusFacts(): Promise<void> {
  const document = await vscode.workspace.openTextDocument(CORPUS_FACTS_URI);
  await vscode.window.showTextDocument(document, { preview: true });
}
