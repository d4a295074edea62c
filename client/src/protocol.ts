// The custom requests and notifications the client exchanges with the server, beyond LSP.
// The server defines the same method names; keep them in step.

export const CheckWorkspaceRequest = "policyFactCheck/checkWorkspace";
export const ReindexRequest = "policyFactCheck/reindex";
export const CorpusFactsRequest = "policyFactCheck/corpusFacts";
export const StatusNotification = "policyFactCheck/status";

export interface CheckWorkspaceResult {
  /** Markdown files checked. */
  files: number;
  /** Diagnostics reported over those files. */
  findings: number;
}

/** The corpus after re-indexing (the server sends more fields; these are the ones shown). */
export interface ReindexResult {
  documents: number;
  facts: number;
  problems: string[];
}

export interface ServerStatus {
  state: "indexing" | "ready" | "error";
  documents: number;
  facts: number;
  entities: number;
  /** Readable problems with the corpus or the config (bad files, missing folders). */
  problems: string[];
  /** True when the workspace is not trusted: its config file and corpus folders inside it are ignored. */
  restricted?: boolean;
  /** Set when a named corpus folder is missing or holds no readable source ("corpus folder X does not exist"). */
  corpusIssues?: string[];
}

/** Sent as LSP initializationOptions. */
export interface InitializationOptions {
  /**
   * False in an untrusted workspace: VS Code already hides the workspace's
   * `policyFactCheck.corpus`, and the server should likewise ignore corpus folders
   * named by the workspace's `.factcheckrc.json`.
   */
  workspaceTrusted: boolean;
  /** The command fact cards may link to, to show the entity on the corpus timeline. */
  timelineCommand?: string;
  /** The command a quote from a PDF, HTML or Word source may link to, to show the text it was read as. */
  extractedTextCommand?: string;
}
