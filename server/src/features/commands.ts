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

/** Checks every Markdown file of the workspace folders and publishes the diagnostics of each. */
export async function checkWorkspace(
  index: CorpusIndex,
  checker: DocumentChecker,
  openDocuments: readonly TextDocument[],
  workspaceFolders: readonly string[],
  publish: (uri: string, diagnostics: Diagnostic[]) => void,
): Promise<CheckWorkspaceResult> {
  await index.whenReady();
  let findings = 0;
  const files = await workspaceMarkdown(openDocuments, workspaceFolders, MAX_WORKSPACE_FILES);
  for (const { doc, open } of files) {
    if (open) {
      findings += checker.checkAndPublish(doc.uri);
      continue;
    }
    const service = index.service;
    const diagnostics = service.check(doc.getText(), checker.checkOptions()).diagnostics.map((d) => toLspDiagnostic(service, d));
    publish(doc.uri, diagnostics);
    findings += diagnostics.length;
    // Let other messages (typing, hovers) through between files.
    await new Promise((resolve) => setImmediate(resolve));
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
