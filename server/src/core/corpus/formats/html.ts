// Saved web pages: the article's main text, found by Mozilla's Readability (the reader view of
// Firefox) over linkedom, a DOM without a browser: no script of the page runs, no style, image or
// frame is fetched. Navigation, cookie banners, sidebars and footers stay out of the corpus.
import type { CorpusDocumentMeta } from "../../types";
import { domToMarkdown, type DomNode } from "./domMarkdown";
import { loadDomLibraries } from "./libraries";
import { SourceFormatError, type ConvertedSource } from "./sourceFormat";

/** An article shorter than this (in characters of text) is a menu, a login page or an index. */
const MIN_ARTICLE_CHARS = 200;

interface HtmlDocument extends DomNode {
  title: string;
  body: DomNode | null;
  querySelectorAll(selector: string): ArrayLike<DomNode & { getAttribute(name: string): string | null }>;
}

export async function readHtml(bytes: Uint8Array): Promise<ConvertedSource> {
  const { Readability, parseHTML } = await loadDomLibraries();
  const parseHtml = (html: string) => parseHTML(html).document as unknown as HtmlDocument;
  const html = decodeHtml(bytes);
  const meta = htmlMeta(parseHtml(html));
  // Readability changes the document it reads, so it gets a fresh one.
  const article = new Readability(parseHtml(html) as never, { charThreshold: MIN_ARTICLE_CHARS }).parse();
  const articleText = article?.textContent?.replace(/\s+/g, " ").trim() ?? "";
  if (!article?.content || articleText.length < MIN_ARTICLE_CHARS) {
    throw new SourceFormatError("not an article: the page has no main text (a menu, an index or a login page?)");
  }
  const content = parseHtml(`<!doctype html><html><body>${article.content}</body></html>`);
  const out = domToMarkdown(content.body ?? content);
  if (out.isEmpty) throw new SourceFormatError("not an article: the page has no main text");
  if (!meta.title && article.title) meta.title = article.title.trim();
  if (!meta.publisher && article.siteName) meta.publisher = article.siteName.trim();
  return { text: out.text(), meta, original: { format: "html" }, notes: [] };
}

/** The page's bytes as text: a byte-order mark, else the <meta charset> of its head, else UTF-8. */
export function decodeHtml(bytes: Uint8Array): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return new TextDecoder("utf-8").decode(bytes.subarray(3));
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder("utf-16le").decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder("utf-16be").decode(bytes.subarray(2));
  const head = new TextDecoder("latin1").decode(bytes.subarray(0, 2048));
  const label = /<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)/i.exec(head)?.[1];
  try {
    return new TextDecoder(label ?? "utf-8").decode(bytes);
  } catch {
    return new TextDecoder("utf-8").decode(bytes); // an encoding the runtime does not know
  }
}

// ---------------------------------------------------------------------------
// Metadata: scholarly citation_* tags first (they are the most exact), then JSON-LD, Open Graph
// and article tags, then <title>.

function htmlMeta(document: HtmlDocument): CorpusDocumentMeta {
  const tags = metaTags(document);
  const ld = jsonLdArticle(document);
  const first = (...values: (string | undefined)[]) => values.map((v) => v?.replace(/\s+/g, " ").trim()).find((v) => v);
  const meta: CorpusDocumentMeta = {};
  const title = first(tags.get("citation_title")?.[0], ld.title, tags.get("og:title")?.[0], tags.get("dc.title")?.[0], document.title);
  if (title) meta.title = title;
  const publisher = first(
    tags.get("citation_publisher")?.[0],
    tags.get("citation_journal_title")?.[0],
    ld.publisher,
    tags.get("og:site_name")?.[0],
    tags.get("dc.publisher")?.[0],
  );
  if (publisher) meta.publisher = publisher;
  const published = isoDay(
    first(
      tags.get("citation_publication_date")?.[0],
      tags.get("citation_date")?.[0],
      ld.published,
      tags.get("article:published_time")?.[0],
      tags.get("dc.date")?.[0],
      tags.get("date")?.[0],
    ),
  );
  if (published) meta.published = published;
  const authors = tags.get("citation_author") ?? ld.authors ?? tags.get("author");
  if (authors?.length) meta.authors = authors;
  return meta;
}

/** <meta name|property=... content=...>, by lower-cased name, in document order. */
function metaTags(document: HtmlDocument): Map<string, string[]> {
  const tags = new Map<string, string[]>();
  for (const element of Array.from(document.querySelectorAll("meta"))) {
    const name = (element.getAttribute("name") ?? element.getAttribute("property") ?? "").trim().toLowerCase();
    const content = element.getAttribute("content")?.trim();
    if (!name || !content) continue;
    let list = tags.get(name);
    if (!list) tags.set(name, (list = []));
    list.push(content);
  }
  return tags;
}

interface LdArticle {
  title?: string;
  publisher?: string;
  published?: string;
  authors?: string[];
}

/** The first Article-like object of the page's JSON-LD blocks, read as data (never run). */
function jsonLdArticle(document: HtmlDocument): LdArticle {
  for (const script of Array.from(document.querySelectorAll('script[type="application/ld+json"]'))) {
    let data: unknown;
    try {
      data = JSON.parse(script.textContent ?? "");
    } catch {
      continue;
    }
    const found = ldObjects(data).find((o) => /Article|Report|BlogPosting|WebPage|ScholarlyArticle/.test(String(o["@type"])));
    if (found) {
      const name = (v: unknown): string | undefined =>
        typeof v === "string" ? v : v && typeof v === "object" && typeof (v as { name?: unknown }).name === "string" ? (v as { name: string }).name : undefined;
      const authors = (Array.isArray(found.author) ? found.author : found.author ? [found.author] : []).map(name).filter((a): a is string => !!a);
      return {
        title: name(found.headline) ?? name(found.name),
        publisher: name(found.publisher),
        published: typeof found.datePublished === "string" ? found.datePublished : undefined,
        authors: authors.length ? authors : undefined,
      };
    }
  }
  return {};
}

function ldObjects(data: unknown): Record<string, unknown>[] {
  if (Array.isArray(data)) return data.flatMap(ldObjects);
  if (!data || typeof data !== "object") return [];
  const record = data as Record<string, unknown>;
  return [record, ...(Array.isArray(record["@graph"]) ? ldObjects(record["@graph"]) : [])];
}

/** "2024-05-02T08:00:00Z" to "2024-05-02"; "2024/05/02" to "2024-05-02"; other dates as written. */
function isoDay(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const m = /^(\d{4})(?:[-/](\d{1,2}))?(?:[-/](\d{1,2}))?/.exec(value);
  if (!m) return value;
  return [m[1], m[2]?.padStart(2, "0"), m[3]?.padStart(2, "0")].filter(Boolean).join("-");
}
