// The timeline webview's page: a strict Content Security Policy (nothing loaded from anywhere, the
// one script and the one style allowed by nonce), theme colours through VS Code's --vscode-*
// variables. The bundled script is written into the page: a webview that fetches its script
// waits on the editor's resource loading, which took a second on a reopened panel.
// Pure, so the policy is tested without an editor.

export interface TimelinePageOptions {
  /** A fresh random value per page load. */
  nonce: string;
  /** The bundled webview script's code (client/out/webview/timeline.js). */
  script: string;
}

/** A nonce of 32 random characters from [A-Za-z0-9]. */
export function makeNonce(random: () => number = Math.random): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  let out = "";
  for (let i = 0; i < 32; i++) out += alphabet[Math.floor(random() * alphabet.length)];
  return out;
}

export function contentSecurityPolicy({ nonce }: Pick<TimelinePageOptions, "nonce">): string {
  return ["default-src 'none'", `script-src 'nonce-${nonce}'`, `style-src 'nonce-${nonce}'`, "base-uri 'none'", "form-action 'none'"].join("; ");
}

/** Code placed in a script element must not close it early. */
function inlineScript(code: string): string {
  return code.replace(/<\/(script)/gi, "<\\/$1").replace(/<!--/g, "<\\!--");
}

export function timelineHtml(options: TimelinePageOptions): string {
  const { nonce, script } = options;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy(options)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>Corpus timeline</title>
<style nonce="${nonce}">${STYLE}</style>
</head>
<body>
<header class="toolbar" role="toolbar" aria-label="Timeline filters and zoom">
  <label>Entity <select id="entity"><option value="">All entities</option></select></label>
  <label>Source <select id="document"><option value="">All sources</option></select></label>
  <span class="zoom">
    <button id="zoom-out" type="button" title="Zoom out (-)" aria-label="Zoom out">−</button>
    <button id="zoom-fit" type="button" title="Fit (0)" aria-label="Fit the whole timeline">Fit</button>
    <button id="zoom-in" type="button" title="Zoom in (+)" aria-label="Zoom in">+</button>
  </span>
  <span id="summary" role="status" aria-live="polite">Loading the corpus timeline…</span>
</header>
<main id="chart" aria-label="Corpus timeline">
  <div id="lanes" class="lanes" aria-hidden="true"></div>
  <div id="scroll" class="scroll"></div>
</main>
<div id="tip" class="tip" role="tooltip" hidden></div>
<script nonce="${nonce}">${inlineScript(script)}</script>
</body>
</html>`;
}

// Colours come from the theme; the fallbacks only serve a page opened outside VS Code.
const STYLE = `
:root { --lane-h: 28px; --axis-h: 28px; --label-w: 240px; }
body { margin: 0; padding: 0; color: var(--vscode-foreground); background: var(--vscode-editor-background);
  font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); }
.toolbar { display: flex; flex-wrap: wrap; gap: 12px; align-items: center; padding: 8px 12px;
  border-bottom: 1px solid var(--vscode-panel-border, transparent); position: sticky; top: 0; background: var(--vscode-editor-background); z-index: 2; }
select, button { color: var(--vscode-dropdown-foreground); background: var(--vscode-dropdown-background);
  border: 1px solid var(--vscode-dropdown-border, transparent); font: inherit; padding: 2px 6px; }
select { max-width: 320px; }
button { color: var(--vscode-button-secondaryForeground); background: var(--vscode-button-secondaryBackground); min-width: 28px; cursor: pointer; }
button:hover { background: var(--vscode-button-secondaryHoverBackground); }
:focus-visible { outline: 1px solid var(--vscode-focusBorder); outline-offset: 1px; }
#summary { color: var(--vscode-descriptionForeground); }
#chart { display: flex; align-items: flex-start; }
.lanes { flex: 0 0 var(--label-w); padding-top: var(--axis-h); }
.lane-name { box-sizing: border-box; padding: 0 8px 0 12px; overflow: hidden; text-overflow: ellipsis; white-space: nowrap;
  border-top: 1px solid var(--vscode-editorWidget-border, rgba(128,128,128,.2)); display: flex; align-items: center; }
/* min-width: 0 lets the chart scroll instead of widening the page. */
.scroll { flex: 1 1 auto; min-width: 0; overflow-x: auto; overflow-y: hidden; }
svg { display: block; }
.axis text { fill: var(--vscode-descriptionForeground); font-size: 11px; }
.axis line { stroke: var(--vscode-editorWidget-border, rgba(128,128,128,.35)); }
.axis line.major { stroke: var(--vscode-editorIndentGuide-activeBackground1, rgba(128,128,128,.6)); }
.lane-sep { stroke: var(--vscode-editorWidget-border, rgba(128,128,128,.2)); }
.pt { cursor: pointer; outline: none; }
.pt .dot { fill: var(--vscode-charts-blue, #3794ff); stroke: var(--vscode-editor-background); stroke-width: 1.5; }
.pt .span { fill: var(--vscode-charts-blue, #3794ff); opacity: .22; }
.pt .bar { fill: var(--vscode-charts-green, #89d185); }
.pt.disagree .dot { fill: var(--vscode-charts-red, #f14c4c); }
.pt.disagree .span { fill: var(--vscode-charts-red, #f14c4c); }
.pt .ring { fill: none; stroke: var(--vscode-charts-red, #f14c4c); stroke-width: 1.5; }
.pt:hover .dot, .pt:focus .dot, .pt:hover .bar, .pt:focus .bar { stroke: var(--vscode-focusBorder); stroke-width: 2.5; }
.pt:focus .halo { stroke: var(--vscode-focusBorder); stroke-width: 2; fill: none; }
.link { stroke: var(--vscode-charts-red, #f14c4c); stroke-dasharray: 3 3; stroke-width: 1.5; fill: none; }
.mark { fill: var(--vscode-charts-red, #f14c4c); font-size: 11px; font-weight: bold; }
.tip { position: fixed; z-index: 3; max-width: 420px; padding: 6px 8px; pointer-events: none;
  color: var(--vscode-editorHoverWidget-foreground); background: var(--vscode-editorHoverWidget-background);
  border: 1px solid var(--vscode-editorHoverWidget-border); }
.tip b { display: block; }
.tip .warn { color: var(--vscode-editorWarning-foreground); }
.tip .quote { color: var(--vscode-descriptionForeground); margin-top: 4px; }
.empty { padding: 16px; color: var(--vscode-descriptionForeground); }
`;
