// Custom requests behind the client's commands: re-index, check the whole workspace, show the corpus facts.
import type { Diagnostic } from "vscode-languageserver";
import type { TextDocument } from "vscode-languageserver-textdocument";
import type { CorpusStats } from "../core/serviceTypes";
import type { CorpusIndex } from "./corpusIndex";
import { toLspDiagnostic, type DocumentChecker } from "./diagnostics";
import { workspaceMarkdown } from "./documents";
import { sourceLinker } from "./sources";

export const REINDEX_REQUEST = "policyFactCheck/reindex";
export const CHECK_WORKSPACE_REQUEST = "policyFactCheck/checkWorkspace";
export const CORPUS_FACTS_REQUEST = "policyFactCheck/corpusFacts";
/** The text a converted source (PDF, HTML, Word) was read as: `{ document }` -> `{ title, text }` or null. */
export const EXTRACTED_TEXT_REQUEST = "policyFactCheck/extractedText";

const MAX_WORKSPACE_FILES = 5000;

export interface ReindexResult {
  folders: string[];
  documents: number;
  facts: number;
  entities: number;
  problems: string[];
  usingBuiltinFacts: boolean;
}

export interface CheckWorkspaceResult {
  files: number;
  findings: number;
}

export function reindexResult(stats: CorpusStats): ReindexResult {
  return {
    folders: stats.folders,
    documents: stats.documents,
    facts: stats.facts,
    entities: stats.entities,
    problems: stats.problems.map((p) => `${p.path}: ${p.message}`),
    usingBuiltinFacts: stats.usingBuiltinFacts,
  };
}

export interface WorkspaceCheckHost {
  /** The open documents now: their diagnostics come from their buffers only. */
  openDocuments(): readonly TextDocument[];
  workspaceFolders: readonly string[];
  publish(uri: string, diagnostics: Diagnostic[]): void;
  /** True once the client cancelled the request. */
  isCancelled(): boolean;
}

export class RequestCancelled extends Error {}

/**
 * Checks every Markdown file of the workspace folders and publishes the diagnostics of each. An open
 * document is checked from its buffer; a file opened while the check runs is left to its buffer's
 * own check, so the text on disk never overwrites what the editor shows. Throws RequestCancelled
 * between files once the client cancels.
 */
export async function checkWorkspace(index: CorpusIndex, checker: DocumentChecker, host: WorkspaceCheckHost): Promise<CheckWorkspaceResult> {
  await index.whenReady();
  let findings = 0;
  const files = await workspaceMarkdown(host.openDocuments(), host.workspaceFolders, MAX_WORKSPACE_FILES);
  for (const { doc, open } of files) {
    if (host.isCancelled()) throw new RequestCancelled();
    if (open) {
      findings += await checker.checkAndPublish(doc.uri);
      continue;
    }
    const service = index.service;
    const diagnostics = service.check(doc.getText(), checker.checkOptions()).diagnostics.map((d) => toLspDiagnostic(service, d));
    // Let other messages (typing, hovers, an open of this very file) through before publishing.
    await new Promise((resolve) => setImmediate(resolve));
    if (host.openDocuments().some((d) => d.uri === doc.uri)) continue;
    host.publish(doc.uri, diagnostics);
    findings += diagnostics.length;
  }
  return { files: files.length, findings };
}

/** Every entity's card as one Markdown overview. */
export function corpusFactsMarkdown(index: CorpusIndex): string {
  const service = index.service;
  const stats = service.stats();
  const header = [
    "# Corpus facts",
    "",
    stats.folders.length
      ? `${stats.documents} documents in ${stats.folders.join(", ")}: ${stats.facts} facts about ${stats.entities} entities.`
      : `No corpus folder configured: ${stats.facts} built-in facts about ${stats.entities} entities.`,
  ].join("\n");
  const cards = service
    .entities()
    .slice()
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((entity) => service.cardMarkdown(entity.id, sourceLinker(service)))
    .filter((card): card is string => !!card);
  return [header, ...cards].join("\n\n---\n\n");
}
