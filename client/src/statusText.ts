// What the status bar item says for a server status. Pure, so it is testable without VS Code.
import type { ServerStatus } from "./protocol";

export interface StatusPresentation {
  text: string;
  tooltip: string;
  isError: boolean;
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Says so on the status bar when the workspace is not trusted, and why its settings do not apply. */
function restrictedPresentation(status: ServerStatus, shown: StatusPresentation): StatusPresentation {
  if (!status.restricted) return shown;
  return {
    ...shown,
    text: `$(shield) ${shown.text.replace(/^\$\([^)]+\) /, "")} (untrusted workspace)`,
    tooltip:
      "Untrusted workspace: the workspace's .factcheckrc.json is ignored and no corpus folder inside the workspace is read. " +
      `Trust the workspace to use them.\n\n${shown.tooltip}`,
  };
}

export function presentStatus(status: ServerStatus): StatusPresentation {
  return restrictedPresentation(status, presentPlainStatus(status));
}

function presentPlainStatus(status: ServerStatus): StatusPresentation {
  const problems = status.problems ?? [];
  const problemLines = problems.length > 0 ? `\n\nProblems:\n${problems.map((p) => `• ${p}`).join("\n")}` : "";
  const clickHint = "\n\nClick to show the output.";
  switch (status.state) {
    case "indexing":
      return {
        text: "$(sync~spin) Fact-check: indexing…",
        tooltip: `Policy Fact-Check is indexing the corpus.${problemLines}${clickHint}`,
        isError: false,
      };
    case "error":
      return {
        text: "$(warning) Fact-check: corpus error",
        tooltip: `Policy Fact-Check could not load the corpus.${problemLines}${clickHint}`,
        isError: true,
      };
    case "ready":
    default:
      if (status.corpusIssues?.length) {
        return {
          text: "$(warning) Fact-check: corpus not found",
          tooltip:
            `Policy Fact-Check cannot use the corpus named in the settings or .factcheckrc.json:\n` +
            `${status.corpusIssues.map((i) => `• ${i}`).join("\n")}\n\nDrafts are checked against the built-in facts only.${problemLines}${clickHint}`,
          isError: true,
        };
      }
      return {
        text: `$(checklist) Fact-check: ${plural(status.documents, "doc", "docs")}, ${plural(status.facts, "fact", "facts")}`,
        tooltip:
          `Policy Fact-Check: ${plural(status.documents, "document", "documents")}, ` +
          `${plural(status.facts, "fact", "facts")}, ${plural(status.entities, "entity", "entities")} indexed.` +
          `${problemLines}${clickHint}`,
        isError: false,
      };
  }
}

/** Shown before the server's first status and when it cannot run. */
export const STARTING: StatusPresentation = {
  text: "$(sync~spin) Fact-check: starting…",
  tooltip: "Policy Fact-Check is starting its language server.",
  isError: false,
};

export const SERVER_DOWN: StatusPresentation = {
  text: "$(warning) Fact-check: server error",
  tooltip: "The Policy Fact-Check language server is not running.\n\nClick to show the output.",
  isError: true,
};
