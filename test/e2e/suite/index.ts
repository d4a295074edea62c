// The in-editor suite: runs inside a real VS Code extension host (code-server through
// `npm run test:e2e`, or VS Code desktop through `npm run test:electron`) on the fixture workspace
// in test/e2e/workspace, and asserts through the `vscode` API what a writer gets from the extension.
//
// It has @vscode/test-electron's shape: the module exports `run()`, which VS Code calls once the
// extension host is up; its promise settles the run (a rejection makes the editor exit with 1).
// Plain functions and node:assert, no test framework. Each check's result is written to the
// results file named in the config, so the runner can print them.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import * as vscode from "vscode";

const EXTENSION_ID = "policy-fact-check.policy-fact-check";
const SOURCE = "policy-fact-check";
const COMMANDS = [
  "policyFactCheck.checkWorkspace",
  "policyFactCheck.reindexCorpus",
  "policyFactCheck.showCorpusFacts",
  "policyFactCheck.showOutput",
];
/** The document the sources date the launch in, and the date they give. */
const SOURCE_DOCUMENT = "001_20eb8572f3440156.txt";

/** Written by the runner beside the bundled suite (or named by FACTCHECK_E2E_CONFIG). */
interface SuiteConfig {
  /** "development": the extension runs from the repository; "installed": from the installed .vsix. */
  mode: "development" | "installed";
  /** The corpus the workspace's .factcheckrc.json names. */
  corpusDir: string;
  /** A one-document corpus that dates the launch to May 2021. */
  alternativeCorpusDir: string;
  /** A corpus of one PDF report (test/fixtures/formats/river-report.pdf). */
  reportCorpusDir: string;
  /** Where the results are written as JSON lines. */
  resultsFile?: string;
  /** Where the .vsix was installed (installed mode). */
  extensionsDir?: string;
  /** The repository (development mode). */
  developmentPath?: string;
  /** Longest wait for one condition, in ms. Not an assertion on speed: only a guard against hanging. */
  waitLimitMs?: number;
}

function loadConfig(): SuiteConfig {
  const file = process.env.FACTCHECK_E2E_CONFIG || path.join(__dirname, "e2e-config.json");
  return JSON.parse(fs.readFileSync(file, "utf8")) as SuiteConfig;
}

// ---------------------------------------------------------------------------
// A very small harness

interface Check {
  name: string;
  fn: () => Promise<void>;
}

const checks: Check[] = [];
function check(name: string, fn: () => Promise<void>): void {
  checks.push({ name, fn });
}

let config: SuiteConfig;

function record(entry: Record<string, unknown>): void {
  const line = JSON.stringify(entry);
  console.log(`[factcheck-e2e] ${line}`);
  if (config?.resultsFile) fs.appendFileSync(config.resultsFile, line + "\n");
}

export async function run(): Promise<void> {
  config = loadConfig();
  record({ event: "start", mode: config.mode, checks: checks.length, vscode: vscode.version });
  let failed = 0;
  for (const c of checks) {
    const started = Date.now();
    try {
      await c.fn();
      record({ event: "check", name: c.name, ok: true, ms: Date.now() - started });
    } catch (e) {
      failed++;
      const error = e instanceof Error ? (e.stack ?? e.message) : String(e);
      record({ event: "check", name: c.name, ok: false, ms: Date.now() - started, error });
    }
  }
  record({ event: "end", passed: checks.length - failed, failed });
  if (failed) throw new Error(`${failed} of ${checks.length} checks failed`);
}

// ---------------------------------------------------------------------------
// Helpers

function workspaceRoot(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, "the fixture workspace is open");
  return folder.uri.fsPath;
}

function draftUri(name: string): vscode.Uri {
  return vscode.Uri.file(path.join(workspaceRoot(), "drafts", name));
}

async function open(name: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(draftUri(name));
  return vscode.window.showTextDocument(doc, { preview: false });
}

/** Waits until `condition` returns a value other than undefined/false, re-testing on each diagnostics change. */
async function waitFor<T>(description: string, condition: () => T | undefined | false | Promise<T | undefined | false>): Promise<T> {
  const limit = config.waitLimitMs ?? 90_000;
  const deadline = Date.now() + limit;
  let last: unknown;
  for (;;) {
    try {
      const value = await condition();
      if (value !== undefined && value !== false) return value;
      last = undefined;
    } catch (e) {
      last = e; // a condition may throw while the state is not there yet
    }
    if (Date.now() > deadline) {
      throw new Error(`gave up waiting for ${description} after ${limit / 1000} s${last ? `: ${String(last)}` : ""}`);
    }
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, 250);
      const listener = vscode.languages.onDidChangeDiagnostics(done);
      function done() {
        clearTimeout(timer);
        listener.dispose();
        resolve();
      }
    });
  }
}

function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);
}

function codeOf(d: vscode.Diagnostic): string | number | undefined {
  return typeof d.code === "object" ? d.code.value : d.code;
}

function rangeOf(doc: vscode.TextDocument, text: string, occurrence = 0): vscode.Range {
  let at = -1;
  for (let i = 0; i <= occurrence; i++) {
    at = doc.getText().indexOf(text, at + 1);
    assert.ok(at >= 0, `"${text}" is in ${path.basename(doc.uri.fsPath)}`);
  }
  return new vscode.Range(doc.positionAt(at), doc.positionAt(at + text.length));
}

function hoverText(hover: vscode.Hover): string {
  return hover.contents.map((c) => (typeof c === "string" ? c : c.value)).join("\n");
}

function labelOf(item: vscode.CompletionItem): string {
  return typeof item.label === "string" ? item.label : item.label.label;
}

function sameRange(actual: vscode.Range, expected: vscode.Range, what: string): void {
  assert.deepEqual(
    [actual.start.line, actual.start.character, actual.end.line, actual.end.character],
    [expected.start.line, expected.start.character, expected.end.line, expected.end.character],
    what,
  );
}

/** The one date-conflict diagnostic on `uri`, once the server has published it. */
async function conflictOn(uri: vscode.Uri): Promise<vscode.Diagnostic> {
  return waitFor(`a date-conflict diagnostic on ${path.basename(uri.fsPath)}`, () => {
    const found = ours(uri);
    return found.length === 1 && codeOf(found[0]) === "date-conflict" ? found[0] : undefined;
  });
}

function extension(): vscode.Extension<unknown> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, `${EXTENSION_ID} is installed`);
  return ext;
}

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, encoding: "utf8" }).map((f) => f.split(path.sep).join("/"));
}

// ---------------------------------------------------------------------------
// The checks, in order: each one leaves the editor as the next one expects it.

check("is not active before a Markdown file is opened", async () => {
  assert.equal(extension().isActive, false, "activation waits for Markdown (activationEvents: onLanguage:markdown)");
});

check("activates when a Markdown draft is opened", async () => {
  const editor = await open("wrong.md");
  assert.equal(editor.document.languageId, "markdown");
  await waitFor("the extension to activate", () => extension().isActive);
});

check("runs from the expected place (development folder or installed .vsix)", async () => {
  const ext = extension();
  const where = fs.realpathSync(ext.extensionPath);
  if (config.mode === "installed") {
    assert.ok(config.extensionsDir, "the runner names the extensions folder");
    assert.ok(where.startsWith(fs.realpathSync(config.extensionsDir) + path.sep), `${where} is inside the extensions folder`);
    assert.equal(ext.extensionKind, vscode.ExtensionKind.Workspace);
    const files = filesUnder(where);
    for (const needed of [
      "package.json",
      "client/out/extension.js",
      "server/out/server.js",
      "data/catalog.json",
      "syntaxes/policy-factcheck.injection.tmLanguage.json",
      "images/icon.png",
      "readme.md", // vsce stores README.md and LICENSE under these names
      "license.txt",
    ]) {
      assert.ok(files.some((f) => f.toLowerCase() === needed.toLowerCase()), `the vsix holds ${needed}`);
    }
    const unwanted = files.filter((f) => /\.(ts|map)$/.test(f) || /^(node_modules|test|bench|scripts|examples|client\/src|server\/src)(\/|$)/.test(f));
    assert.deepEqual(unwanted, [], "the vsix holds no sources, maps, tests or dependencies");
    assert.ok(!files.includes("server/out/cli.js"), "the CLI bundle is left out");
  } else {
    assert.ok(config.developmentPath, "the runner names the development folder");
    assert.equal(where, fs.realpathSync(config.developmentPath));
  }
});

check("contributes its commands and settings", async () => {
  const all = await vscode.commands.getCommands(true);
  for (const command of COMMANDS) assert.ok(all.includes(command), `${command} is registered`);
  const settings = vscode.workspace.getConfiguration("policyFactCheck");
  assert.deepEqual(settings.inspect("severity")?.defaultValue, {
    "date-conflict": "warning",
    "figure-conflict": "warning",
    "sources-disagree": "information",
  });
  assert.equal(settings.inspect("builtinFacts")?.defaultValue, "auto");
  assert.deepEqual(settings.inspect("corpus")?.defaultValue, []);
  const grammars = (extension().packageJSON as { contributes: { grammars: { scopeName: string }[] } }).contributes.grammars;
  assert.deepEqual(
    grammars.map((g) => g.scopeName),
    ["markdown.policy-factcheck.injection"],
  );
});

check("reports the wrong launch date on 'May 2021' with the source that dates it", async () => {
  const doc = (await open("wrong.md")).document;
  const d = await conflictOn(doc.uri);
  sameRange(d.range, rangeOf(doc, "May 2021"), "the diagnostic covers the claimed date");
  assert.equal(d.severity, vscode.DiagnosticSeverity.Warning);
  assert.match(d.message, /May 2022/);
  assert.match(d.message, /May 2021/);
  const related = d.relatedInformation ?? [];
  assert.ok(related.length > 0, "the diagnostic points at its sources");
  const first = related[0].location;
  assert.equal(path.basename(first.uri.fsPath), SOURCE_DOCUMENT);
  assert.equal(fs.realpathSync(path.dirname(first.uri.fsPath)), fs.realpathSync(config.corpusDir), "the source is in the configured corpus");
  const sourceLine = fs.readFileSync(first.uri.fsPath, "utf8").split(/\r?\n/)[first.range.start.line];
  assert.match(sourceLine, /May 2022/, "the related location is the passage that gives the date");
  assert.match(sourceLine, /IPEF/);
  assert.match(related[0].message, /May 2022/);
});

check("hovering 'IPEF' shows the fact card", async () => {
  const doc = (await open("wrong.md")).document;
  const acronym = rangeOf(doc, "IPEF");
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>("vscode.executeHoverProvider", doc.uri, acronym.start.translate(0, 1));
  const card = hovers.find((h) => hoverText(h).includes("Indo-Pacific Economic Framework"));
  assert.ok(card, `a hover names the framework; got ${JSON.stringify(hovers.map(hoverText))}`);
  assert.ok(card.range, "the hover has a range");
  sameRange(card.range, acronym, "the hover covers the acronym");
  assert.match(hoverText(card), new RegExp(`${SOURCE_DOCUMENT.replace(".", "\\.")}#L\\d+`), "the card links to a source passage");
});

check("hovering the wrong date shows the verdict", async () => {
  const doc = (await open("wrong.md")).document;
  const date = rangeOf(doc, "May 2021");
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>("vscode.executeHoverProvider", doc.uri, date.start.translate(0, 2));
  const verdict = hovers.map(hoverText).find((t) => t.includes("Conflicts with"));
  assert.ok(verdict, `a hover gives the verdict; got ${JSON.stringify(hovers.map(hoverText))}`);
  assert.match(verdict, /May 2022/);
});

check("completion after 'Indo' offers the IPEF name and inserts it", async () => {
  const editor = await open("complete.md");
  const doc = editor.document;
  const end = doc.lineAt(0).range.end;
  assert.equal(doc.lineAt(0).text, "The Indo");
  const list = await vscode.commands.executeCommand<vscode.CompletionList>("vscode.executeCompletionItemProvider", doc.uri, end);
  const item = list.items.find((i) => typeof i.detail === "string" && i.detail.startsWith("IPEF"));
  assert.ok(item, `an item for IPEF; got ${JSON.stringify(list.items.map(labelOf).slice(0, 20))}`);
  const label = labelOf(item);
  assert.match(label, /^Indo-Pacific Economic Framework/);
  const insert = typeof item.insertText === "string" ? item.insertText : item.insertText?.value;
  assert.equal(insert, `${label} (IPEF)`, "the first mention inserts the full name and the acronym");
  const range = item.range instanceof vscode.Range ? item.range : item.range?.replacing;
  assert.ok(range, "the item replaces the typed prefix");
  assert.ok(await editor.edit((b) => b.replace(range, insert!)));
  assert.equal(doc.lineAt(0).text, `The ${label} (IPEF)`);
  await vscode.commands.executeCommand("workbench.action.revertAndCloseActiveEditor");
});

check("the quick fix replaces only the claimed value", async () => {
  const doc = (await open("quickfix.md")).document;
  const before = doc.getText();
  const d = await conflictOn(doc.uri);
  const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
    "vscode.executeCodeActionProvider",
    doc.uri,
    d.range,
    vscode.CodeActionKind.QuickFix.value,
  );
  const fixes = actions.filter((a): a is vscode.CodeAction => "kind" in a || "edit" in a);
  const titles = fixes.map((a) => a.title);
  const replace = fixes.find((a) => /^Replace\b/.test(a.title) && a.title.includes("May 2022"));
  assert.ok(replace?.edit, `a "Replace with May 2022" fix; got ${JSON.stringify(titles)}`);
  assert.equal(replace.isPreferred, true);
  assert.ok(titles.some((t) => /^Replace with May 2022 and cite /.test(t)), "a fix that replaces the value and cites the source is offered");
  assert.ok(titles.some((t) => /disable|silence|ignore/i.test(t)), "a fix that silences the line is offered");
  assert.ok(await vscode.workspace.applyEdit(replace.edit), "the edit applies");
  assert.equal(doc.getText(), before.replace("May 2021", "May 2022"), "only the date changed");
  await waitFor("the diagnostic to go once the date is fixed", () => ours(doc.uri).length === 0);
  await vscode.commands.executeCommand("workbench.action.revertAndCloseActiveEditor");
});

check("'Check all Markdown files' reports drafts that are not open", async () => {
  const unopened = draftUri("unopened.md");
  assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.toString() === unopened.toString()), "unopened.md is not open");
  assert.equal(ours(unopened).length, 0, "nothing is reported before the command");
  await vscode.commands.executeCommand("policyFactCheck.checkWorkspace");
  const d = await conflictOn(unopened);
  assert.match(d.message, /May 2022/);
  assert.equal(ours(draftUri("right.md")).length, 0, "the supported date in right.md is not reported");
});

check("changing the corpus setting re-checks the open drafts", async () => {
  const wrong = (await open("wrong.md")).document;
  const right = (await open("right.md")).document;
  await conflictOn(wrong.uri);
  const settings = vscode.workspace.getConfiguration("policyFactCheck", wrong.uri);
  // The alternative corpus dates the launch to May 2021: the verdicts swap.
  await settings.update("corpus", [config.alternativeCorpusDir], vscode.ConfigurationTarget.Workspace);
  try {
    await waitFor("wrong.md to be clean against the alternative corpus", () => ours(wrong.uri).length === 0);
    const d = await conflictOn(right.uri);
    sameRange(d.range, rangeOf(right, "May 2022"), "the conflict is on right.md's date");
    assert.match(d.message, /May 2021/);
    assert.equal(path.basename(d.relatedInformation?.[0]?.location.uri.fsPath ?? ""), "alternative.md");
  } finally {
    await settings.update("corpus", undefined, vscode.ConfigurationTarget.Workspace);
  }
  // Back on the project's corpus: "IPEF was launched in May 2022." is supported and says nothing.
  await waitFor("right.md to be clean again on the shared corpus", () => ours(right.uri).length === 0);
  await conflictOn(wrong.uri);
});

check("a wrong figure against a PDF report: the diagnostic, the hover with the quote and page, the link to the PDF", async () => {
  const settings = vscode.workspace.getConfiguration("policyFactCheck", draftUri("report-claim.md"));
  await settings.update("corpus", [config.reportCorpusDir], vscode.ConfigurationTarget.Workspace);
  try {
    const doc = (await open("report-claim.md")).document;
    const d = await waitFor("a figure-conflict diagnostic on report-claim.md", () => {
      const found = ours(doc.uri);
      return found.length === 1 && codeOf(found[0]) === "figure-conflict" ? found[0] : undefined;
    });
    sameRange(d.range, rangeOf(doc, "45 percent"), "the conflict is on the claimed figure");
    assert.match(d.message, /37 percent/);
    assert.match(d.message, /Power Along the River: Notes on a Regional Grid, .*p\. 1\)/);
    assert.equal(path.basename(d.relatedInformation?.[0]?.location.uri.fsPath ?? ""), "river-report.pdf");
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>("vscode.executeHoverProvider", doc.uri, d.range.start.translate(0, 2));
    const verdict = hovers.map(hoverText).find((t) => t.includes("Conflicts with"));
    assert.ok(verdict, `a hover gives the verdict; got ${JSON.stringify(hovers.map(hoverText))}`);
    assert.match(verdict, /reached 37 percent of the members/);
    const link = /\[Power Along the River: Notes on a Regional Grid, [^\]]*p\. 1\]\(([^)]+)\)/.exec(verdict)?.[1];
    assert.ok(link, `the hover links the quote to its page; got ${verdict}`);
    assert.match(link, /river-report\.pdf#page=1$/);
    await vscode.commands.executeCommand("vscode.open", vscode.Uri.parse(link));
    await waitFor("the PDF to open in a tab", () => {
      const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input as { uri?: vscode.Uri } | undefined;
      return input?.uri && path.basename(input.uri.fsPath) === "river-report.pdf";
    });
    await vscode.commands.executeCommand("workbench.action.closeActiveEditor");
    // "Show extracted text" from the quote: a read-only view of what the PDF was read as, at the quoted line, never checked.
    const extractedLink = /\[Show extracted text\]\(command:policyFactCheck\.showExtractedText\?([^)]+)\)/.exec(verdict)?.[1];
    assert.ok(extractedLink, `the quote links to the extracted text; got ${verdict}`);
    const [sourceId, sourceLine] = JSON.parse(decodeURIComponent(extractedLink)) as [string, number];
    await vscode.commands.executeCommand("policyFactCheck.showExtractedText", sourceId, sourceLine);
    const extracted = await waitFor("the extracted text to open", () => {
      const editor = vscode.window.activeTextEditor;
      return editor?.document.uri.scheme === "policy-fact-check-source" ? editor : undefined;
    });
    assert.match(extracted.document.lineAt(extracted.selection.active.line).text, /reached 37 percent of the members/);
    assert.equal(vscode.languages.getDiagnostics(extracted.document.uri).length, 0);
    await vscode.commands.executeCommand("workbench.action.closeActiveEditor");
  } finally {
    await settings.update("corpus", undefined, vscode.ConfigurationTarget.Workspace);
  }
  await waitFor("report-claim.md to be clean again on the shared corpus", () => ours(draftUri("report-claim.md")).length === 0);
});

check("'Re-index corpus' re-reads the corpus and keeps the findings", async () => {
  const wrong = (await open("wrong.md")).document;
  await vscode.commands.executeCommand("policyFactCheck.reindexCorpus");
  const d = await conflictOn(wrong.uri);
  assert.match(d.message, /May 2022/);
});

check("'Show corpus facts' opens a read-only view that is never checked and follows the index", async () => {
  await vscode.commands.executeCommand("policyFactCheck.showCorpusFacts");
  const facts = await waitFor("the corpus facts view", () =>
    vscode.workspace.textDocuments.find((d) => d.uri.scheme === "policy-fact-check-facts" && d.getText().includes("IPEF")),
  );
  assert.equal(facts.languageId, "markdown");
  assert.match(facts.getText(), /Indo-Pacific Economic Framework/);
  assert.ok(!facts.isDirty && !facts.isUntitled, "no untitled document that asks to be saved");
  // Its links open the sources: the editor resolves them (the Markdown preview shows file: links as text).
  const links = await waitFor("the facts view's links", async () => {
    const found = await vscode.commands.executeCommand<vscode.DocumentLink[]>("vscode.executeLinkProvider", facts.uri);
    return found?.some((l) => l.target?.scheme === "file") ? found : undefined;
  });
  const target = links.find((l) => l.target?.scheme === "file")!.target!;
  assert.ok(fs.existsSync(target.fsPath), `the link opens a corpus file (${target.toString()})`);
  // "Check all" finishes its run before answering: the view is neither checked nor counted.
  await vscode.commands.executeCommand("policyFactCheck.checkWorkspace");
  assert.equal(ours(facts.uri).length, 0, "the facts view gets no diagnostics of its own");
  // A re-index on another corpus refreshes the open view.
  const settings = vscode.workspace.getConfiguration("policyFactCheck");
  await settings.update("corpus", [config.alternativeCorpusDir], vscode.ConfigurationTarget.Workspace);
  try {
    await waitFor("the facts view to follow the new corpus", () => facts.getText().includes(config.alternativeCorpusDir));
  } finally {
    await settings.update("corpus", undefined, vscode.ConfigurationTarget.Workspace);
  }
  await waitFor("the facts view to follow the project corpus again", () => !facts.getText().includes(config.alternativeCorpusDir));
});

check("'Show output' runs", async () => {
  await vscode.commands.executeCommand("policyFactCheck.showOutput");
});
