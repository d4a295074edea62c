// Converted sources become Markdown, which the prose pipeline already reads: headings, lists and
// tables stay what they were, and a source's own characters are escaped so that a line starting
// with "1." or "#" or holding "<div" reads as the text it is.

/** Where a line of converted text came from: a page and a line on it (both 1-based). */
export interface LineOrigin {
  page: number;
  line: number;
}

/** Collects Markdown lines and, for paged sources, the origin of each. */
export class MarkdownBuilder {
  private readonly lines: string[] = [];
  private readonly origins: (LineOrigin | undefined)[] = [];

  /** Adds one line; a source line's text should already be escaped. */
  line(text: string, origin?: LineOrigin): void {
    this.lines.push(text);
    this.origins.push(origin);
  }

  /** Ends a block: one blank line, never two in a row or one at the start. */
  blank(): void {
    if (this.lines.length > 0 && this.lines[this.lines.length - 1] !== "") this.line("");
  }

  get isEmpty(): boolean {
    return this.lines.every((line) => line.trim() === "");
  }

  text(): string {
    const end = this.lines.length > 0 && this.lines[this.lines.length - 1] === "" ? -1 : undefined;
    return `${this.lines.slice(0, end).join("\n")}\n`;
  }

  /** Pages and page lines per line of text (0 where the converter added the line), if any line has one. */
  pageMap(): { pages: number[]; pageLines: number[] } | undefined {
    if (!this.origins.some((origin) => origin)) return undefined;
    return {
      pages: this.origins.map((origin) => origin?.page ?? 0),
      pageLines: this.origins.map((origin) => origin?.line ?? 0),
    };
  }
}

/**
 * Escapes text so that Markdown reads it literally: inline markup characters everywhere, and the
 * markers that open a block (headings, quotes, lists, rules, HTML) at the start of the line.
 */
export function escapeMarkdownLine(text: string): string {
  return escapeMarkdownInline(text)
    .replace(/^(\s*)([#>+=|~-])/, "$1\\$2")
    .replace(/^(\s*\d{1,9})([.)])(?=\s|$)/, "$1\\$2");
}

/** Escapes the characters that open inline markup (emphasis, code, links, HTML, entities). */
export function escapeMarkdownInline(text: string): string {
  return text
    .replace(/[\\`*_[\]]/g, (c) => `\\${c}`)
    .replace(/<(?=[A-Za-z/!?])/g, "\\<")
    .replace(/&(?=#?\w+;)/g, "\\&");
}

/** Ligatures, odd spaces and invisible characters, as extractors return them, made plain. */
export function normaliseExtractedText(text: string): string {
  return text
    .replace(/[\uFB00-\uFB06]/g, (c) => c.normalize("NFKC"))
    .replace(/[\u00A0\u2000-\u200A\u202F\u205F\u3000]/g, " ")
    .replace(/[\u200B-\u200D\u2060\uFEFF]/g, "")
    .replace(/[\u2010\u2011]/g, "-");
}
