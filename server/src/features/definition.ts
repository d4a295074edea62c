// Go to definition on an entity mention: the corpus passages that define or first mention it.
import type { Location, Position } from "vscode-languageserver";
import type { TextDocument } from "vscode-languageserver-textdocument";
import type { CorpusIndex } from "./corpusIndex";
import { isMarkdownDocument, MAX_CHECKED_CHARS, offsetOf } from "./documents";
import { sourceLocation } from "./sources";

export function provideDefinition(doc: TextDocument, position: Position, index: CorpusIndex): Location[] | null {
  if (!isMarkdownDocument(doc) || doc.getText().length > MAX_CHECKED_CHARS) return null;
  const offset = offsetOf(doc, position);
  if (offset === undefined) return null;
  const service = index.service;
  const mention = service.entityAt(doc.getText(), offset);
  if (!mention) return null;
  const locations = (service.card(mention.entity.id)?.definitions ?? [])
    .map((source) => sourceLocation(service, source))
    .filter((location): location is Location => !!location);
  return locations.length ? locations : null;
}
