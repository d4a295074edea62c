// The web page reader on saved pages: the article's text and metadata, never its navigation,
// scripts, cookie banner or footer.
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { decodeHtml, readHtml } from "../../server/src/core/corpus/formats/html";
import { SourceFormatError } from "../../server/src/core/corpus/formats/sourceFormat";

const fixtures = path.resolve(__dirname, "../fixtures/formats");
const fixture = (name: string) => new Uint8Array(readFileSync(path.join(fixtures, name)));

describe("readHtml on a news page", () => {
  it("keeps the article's paragraphs, headings and list items", async () => {
    const { text } = await readHtml(fixture("harbour-page.html"));
    expect(text).toContain("The Harbour Data Accord (HDA) was signed on 14 June 2021 by the port authorities of four countries.");
    expect(text).toContain("\n## What changed at the gates\n");
    expect(text).toContain("\n- Crane outages are reported within the hour.\n");
  });

  it("leaves out navigation, related links, the cookie banner, the footer and every script", async () => {
    const { text } = await readHtml(fixture("harbour-page.html"));
    for (const outside of ["Most read", "Subscribe", "cookies", "Related stories", "six ports", "Privacy", "archive", "teaser"]) {
      expect(text).not.toContain(outside);
    }
    expect(text).not.toMatch(/2017|2018|2019|2020/);
    expect((globalThis as { teaser?: string }).teaser).toBeUndefined(); // the page's script never ran
  });

  it("reads title, publisher, date and author from the page's tags", async () => {
    const { meta, original } = await readHtml(fixture("harbour-page.html"));
    expect(meta).toEqual({
      title: "How four ports learned to share their data",
      publisher: "Coastline Review",
      published: "2023-11-07",
      authors: ["Ines Okafor"],
    });
    expect(original).toEqual({ format: "html" });
  });

  it("prefers citation_* tags, and reads JSON-LD as data", async () => {
    const page = (head: string) =>
      new TextEncoder().encode(`<html><head>${head}</head><body><article><p>${"A sentence of the article that goes on for a while. ".repeat(8)}</p></article></body></html>`);
    const cited = await readHtml(page('<title>Site | x</title><meta name="citation_title" content="Paper title"><meta name="citation_author" content="A. Author"><meta name="citation_author" content="B. Author"><meta name="citation_publication_date" content="2022/3/9">'));
    expect(cited.meta).toMatchObject({ title: "Paper title", authors: ["A. Author", "B. Author"], published: "2022-03-09" });
    const ld = await readHtml(page('<script type="application/ld+json">{"@graph":[{"@type":"Report","name":"LD title","datePublished":"2021-12-01T00:00:00Z","publisher":{"name":"LD Press"}}]}</script>'));
    expect(ld.meta).toMatchObject({ title: "LD title", publisher: "LD Press", published: "2021-12-01" });
  });
});

describe("readHtml on pages that are no article", () => {
  it("says a page of links is not an article", async () => {
    const error = await readHtml(fixture("menu-page.html")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceFormatError);
    expect((error as Error).message).toMatch(/^not an article/);
  });
});

describe("decodeHtml", () => {
  it("follows the page's <meta charset>", () => {
    const bytes = new Uint8Array([...new TextEncoder().encode('<meta charset="windows-1252"><p>caf'), 0xe9, ...new TextEncoder().encode("</p>")]);
    expect(decodeHtml(bytes)).toContain("café");
  });
});
