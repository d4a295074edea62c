// "Show extracted text": the text a PDF, HTML or Word source was read as, in a read-only view at
// the quoted line. Its own URI scheme keeps it out of the language client's document selector, so
// it is never checked.
import * as vscode from "vscode";

export const EXTRACTED_TEXT_SCHEME = "policy-fact-check-source";
export const SHOW_EXTRACTED_TEXT_COMMAND = "policyFactCheck.showExtractedText";
const EXTRACTED_TEXT_REQUEST = "policyFactCheck/extractedText";

type Requester = () => Promise<{ sendRequest<R>(method: string, params: unknown): Promise<R> }>;

export class ExtractedTextProvider implements vscode.TextDocumentContentProvider {
  constructor(private readonly client: Requester) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const document = new URLSearchParams(uri.query).get("document") ?? "";
    try {
      const result = await (await this.client()).sendRequest<{ title: string; text: string } | null>(EXTRACTED_TEXT_REQUEST, { document });
      return result ? result.text : `${document}: no extracted text (only PDF, HTML and Word sources have one).\n`;
    } catch (e) {
      return `The language server could not give the extracted text of ${document}: ${e instanceof Error ? e.message : String(e)}\n`;
    }
  }
}

/** Opens the extracted text of a source at a 0-based line. */
export async function showExtractedText(documentId: string, line = 0): Promise<void> {
  const uri = vscode.Uri.from({ scheme: EXTRACTED_TEXT_SCHEME, path: `/${documentId} (extracted text)`, query: new URLSearchParams({ document: documentId }).toString() });
  const doc = await vscode.workspace.openTextDocument(uri);
  const at = new vscode.Position(Math.min(line, Math.max(0, doc.lineCount - 1)), 0);
  await vscode.window.showTextDocument(doc, { preview: true, selection: new vscode.Range(at, at) });
}
