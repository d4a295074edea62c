// The build's markdown-it, with class fields assigned instead of defined (scripts/markdownItFields.mjs),
// parses every document to the same tokens as markdown-it as published, and the plugin refuses a
// file where assigning could differ from defining.
import { createRequire } from "node:module";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateDenseDraft, generateDraft } from "../../bench/generate";
// @ts-expect-error: a build script in plain JavaScript, without type declarations
import { markdownItFields, withAssignedFields } from "../../scripts/markdownItFields.mjs";

type MarkdownItClass = new (options?: object) => { parse(src: string, env: object): unknown[] };

const ROOT = path.resolve(__dirname, "../..");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pfc-markdown-it-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** markdown-it bundled the way the build bundles it, with or without the plugin. */
async function bundledMarkdownIt(withPlugin: boolean): Promise<{ MarkdownIt: MarkdownItClass; code: string }> {
  const entry = path.join(dir, "entry.mjs");
  fs.writeFileSync(entry, `export { default } from ${JSON.stringify(path.join(ROOT, "node_modules/markdown-it/dist/markdown-it.mjs"))};\n`);
  const outfile = path.join(dir, `markdown-it-${withPlugin ? "assigned" : "published"}.cjs`);
  const result = await build({ entryPoints: [entry], bundle: true, platform: "node", format: "cjs", outfile, logLevel: "silent", plugins: withPlugin ? [markdownItFields] : [] });
  expect(result.warnings).toEqual([]);
  const required = createRequire(outfile)(outfile) as { default: MarkdownItClass };
  return { MarkdownIt: required.default, code: fs.readFileSync(outfile, "utf8") };
}

/** Every Markdown file of the test fixtures, and the bench's generated drafts. */
function documents(): [string, string][] {
  const files = fs.readdirSync(path.join(ROOT, "test/fixtures"), { recursive: true }).map(String).filter((f) => f.endsWith(".md"));
  return [
    ...files.map((f): [string, string] => [f, fs.readFileSync(path.join(ROOT, "test/fixtures", f), "utf8")]),
    ["generated draft", generateDraft(40 * 1024, 5)],
    ["dense draft", generateDenseDraft(40 * 1024)],
    ["markup of every kind", "# T\n\n> quote *em* **strong** `code` [l](u \"t\") ![i](s)\n\n1. a\n2. b\n\n| a | b |\n|---|---|\n| \\| | &amp; |\n\n```js\nx\n```\n\n<div>\nhtml\n</div>\n\nSetext\n---\n\n[ref]: /url\n\n[ref] <http://x.org> ~~s~~\n"],
  ];
}

describe("markdown-it with assigned class fields", () => {
  let published: { MarkdownIt: MarkdownItClass; code: string };
  let assigned: { MarkdownIt: MarkdownItClass; code: string };
  beforeAll(async () => {
    published = await bundledMarkdownIt(false);
    assigned = await bundledMarkdownIt(true);
  }, 60_000);

  it("is the patched code: instance fields go through the assigning helpers, one per field name", () => {
    expect(assigned.code).toContain("function _initField$children(e, t) {");
    expect(assigned.code).toMatch(/e\.children = t;/);
    expect(assigned.code.match(/_initField\$\w+\(\s*this,/g)?.length).toBeGreaterThan(40);
    expect(published.code).not.toContain("_initField");
  });

  it("parses every document to the same tokens, with the same own properties in the same order", () => {
    for (const options of [{ html: true }, { html: true, linkify: true, typographer: true }, {}]) {
      const before = new published.MarkdownIt(options);
      const after = new assigned.MarkdownIt(options);
      for (const [name, text] of documents()) {
        const a = before.parse(text, {});
        const b = after.parse(text, {});
        expect(JSON.stringify(b), name).toBe(JSON.stringify(a));
        expect(Object.keys(b[0] as object)).toEqual(Object.keys(a[0] as object));
      }
    }
  });

  it("leaves a file unchanged when a field's name has an accessor, or the helper is another", () => {
    const source = fs.readFileSync(path.join(ROOT, "node_modules/markdown-it/dist/markdown-it.mjs"), "utf8");
    expect(withAssignedFields(source).names).toContain("children");
    const withAccessor = `${source}\nclass Other { get children() { return []; } }\n`;
    expect(withAssignedFields(withAccessor)).toEqual({ source: withAccessor, reason: expect.stringContaining("children") });
    const otherHelper = source.replace("in e ? Object.defineProperty", "in e ? Reflect.defineProperty");
    expect(withAssignedFields(otherHelper).reason).toBeDefined();
  });
});
