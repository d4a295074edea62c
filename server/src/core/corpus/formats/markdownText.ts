// Converted sources become Markdown, which the prose pipeline already reads: headings, lists and
// tables stay what they were, and a source's own characters are escaped so that a line starting
// with "1." or "#" or holding "<div" reads as the text it is.

/** Where a line of the original came from: a page and a line on it (both 1-based). */
export interface LineOrigin {
  page: number;
  line: number;
}

/** One line of the original, as it joins a paragraph of the converted text. */
export interface SourcePart {
  /** Already escaped. */
  text: string;
  origin?: LineOrigin;
}

/** Collects Markdown lines and, for paged sources, where each line of the original starts in them. */
export class MarkdownBuilder {
  private readonly lines: string[] = [];
  private length = 0;
  private readonly places: [number, number, number][] = [];

  /** Adds one line; a source line's text should already be escaped. */
  line(text: string, origin?: LineOrigin): void {
    this.paragraph([{ text, origin }]);
  }

  /**
   * Adds the lines of the original that make one paragraph as one line of text, so that the
   * engine reads the paragraph whole (a name defined across a line break included).
   */
  paragraph(parts: SourcePart[], prefix = ""): void {
    let text = prefix;
    for (const part of parts) {
      if (part.text === "") continue;
      if (text !== prefix) text += " ";
      if (part.origin) this.places.push([this.length + text.length, part.origin.page, part.origin.line]);
      text += part.text;
    }
    this.lines.push(text);
    this.length += text.length + 1;
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

  /** [offset, page, line] where each line of a paged original starts, if the source has pages. */
  pagePlaces(): [number, number, number][] | undefined {
    return this.places.length > 0 ? this.places : undefined;
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
