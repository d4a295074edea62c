// Find references on an entity mention: its mentions across the workspace's Markdown drafts.
import type { CancellationToken, Location, Position } from "vscode-languageserver";
import type { TextDocument } from "vscode-languageserver-textdocument";
import type { CorpusIndex } from "./corpusIndex";
import { isMarkdownDocument, MAX_CHECKED_CHARS, offsetOf, workspaceMarkdown } from "./documents";
import { sourceLocation } from "./sources";

/** Bounds the work of one request on big workspaces. */
const MAX_FILES = 2000;
const MAX_REFERENCES = 1000;

export interface ReferencesRequest {
  doc: TextDocument;
  position: Position;
  includeDeclaration: boolean;
  openDocuments: readonly TextDocument[];
  workspaceFolders: readonly string[];
  token?: CancellationToken;
}

export async function provideReferences(req: ReferencesRequest, index: CorpusIndex): Promise<Location[] | null> {
  const { doc } = req;
  if (!isMarkdownDocument(doc) || doc.getText().length > MAX_CHECKED_CHARS) return null;
  const offset = offsetOf(doc, req.position);
  if (offset === undefined) return null;
  const mention = index.service.entityAt(doc.getText(), offset);
  if (!mention) return null;
  const entityId = mention.entity.id;

  const locations: Location[] = [];
  for (const { doc: file } of await workspaceMarkdown(req.openDocuments, req.workspaceFolders, MAX_FILES)) {
    if (req.token?.isCancellationRequested || locations.length >= MAX_REFERENCES) break;
    for (const m of index.service.entityMentions(file.getText())) {
      if (m.entity.id !== entityId) continue;
      locations.push({ uri: file.uri, range: { start: file.positionAt(m.start), end: file.positionAt(m.end) } });
      if (locations.length >= MAX_REFERENCES) break;
    }
  }
  if (req.includeDeclaration) {
    const service = index.service;
    for (const source of service.card(entityId)?.definitions ?? []) {
      const location = sourceLocation(service, source);
      if (location) locations.push(location);
    }
  }
  return locations;
}
