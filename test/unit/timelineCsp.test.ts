// The timeline webview's page and script against its Content Security Policy: nothing remote, no
// script or style without the page's nonce, no inline handlers, no way to load or evaluate code.
// The page is built around the bundled script, as the extension builds it.
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, makeNonce, timelineHtml } from "../../client/src/views/timelineHtml";

const root = path.resolve(__dirname, "../..");
const bundled = path.join(root, "client/out/webview/timeline.js");
const source = fs.readFileSync(path.join(root, "client/src/views/webview/timeline.ts"), "utf8");

function page(script = fs.readFileSync(bundled, "utf8")) {
  const nonce = makeNonce();
  return { nonce, html: timelineHtml({ nonce, script }) };
}

function policyOf(html: string): Map<string, string[]> {
  const content = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html)?.[1];
  expect(content, "the page has a CSP meta tag").toBeDefined();
  return new Map(content!.split(";").map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values]));
}

describe("timeline page CSP", () => {
  it("allows nothing by default and scripts and styles only by the page's nonce", () => {
    const { nonce, html } = page();
    const csp = policyOf(html);
    expect(csp.get("default-src")).toEqual(["'none'"]);
    expect(csp.get("script-src")).toEqual([`'nonce-${nonce}'`]);
    expect(csp.get("style-src")).toEqual([`'nonce-${nonce}'`]);
    for (const values of csp.values()) {
      for (const v of values) expect(v).not.toMatch(/unsafe|\*|https?:|data:|blob:/);
    }
  });

  it("gives every script and style element the nonce and loads no script by URL", () => {
    const { nonce, html } = page();
    const scripts = [...html.matchAll(/<script\b([^>]*)>/gi)].map((m) => m[1]);
    const styles = [...html.matchAll(/<style\b([^>]*)>/gi)].map((m) => m[1]);
    expect(scripts).toHaveLength(1);
    expect(styles).toHaveLength(1);
    for (const attrs of [...scripts, ...styles]) expect(attrs.trim()).toBe(`nonce="${nonce}"`);
    expect(html).not.toMatch(/<(?:link|img|iframe|object|embed)\b/i);
  });

  it("has no inline event handlers, style attributes or javascript: URLs", () => {
    const { html } = page("");
    expect(html).not.toMatch(/\son[a-z]+\s*=/i);
    expect(html).not.toMatch(/\sstyle\s*=/i);
    expect(html).not.toMatch(/javascript:/i);
  });

  it("names no remote URL; the script's only URL is the SVG namespace", () => {
    const { html } = page();
    const urls = [...html.matchAll(/\b(?:https?|wss?|ftp):\/\/[^\s"'`)]+/g)].map((m) => m[0]);
    expect(new Set(urls)).toEqual(new Set(["http://www.w3.org/2000/svg"]));
  });

  it("keeps a script that would close its element inside it", () => {
    const { html } = page('const s = "</script><script>alert(1)</script>";');
    expect(html.match(/<\/script>/gi)).toHaveLength(1);
  });

  it("uses no network, eval or HTML-string APIs in the webview script", () => {
    for (const api of ["fetch(", "XMLHttpRequest", "WebSocket", "EventSource", "eval(", "new Function", "innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "import("]) {
      expect(source.includes(api), api).toBe(false);
    }
  });

  it("makes a new 32-character nonce each time", () => {
    const a = makeNonce();
    expect(a).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(makeNonce()).not.toBe(a);
    expect(contentSecurityPolicy({ nonce: a })).toContain(`'nonce-${a}'`);
  });
});
