// Lines in reading order to Markdown paragraphs, one paragraph to a line of text, with the page
// and line where each line of the PDF starts in it; a word hyphenated at a line end is joined.
import { dominantSize, type PdfLine } from "./pdfLines";
import { escapeMarkdownInline, escapeMarkdownLine, type MarkdownBuilder } from "./markdownText";

interface NumberedLine {
  line: PdfLine;
  /** 1-based line on its page, in reading order. */
  number: number;
}

interface Layout {
  bodySize: number;
  /** The usual distance between the baselines of two lines of one paragraph. */
  pitch: number;
}

/** Writes the pages (each in reading order) as Markdown paragraphs and headings. */
export function writePdfParagraphs(pages: PdfLine[][], out: MarkdownBuilder): void {
  const all = pages.flat();
  const bodySize = dominantSize(all.filter((line) => !line.footnote));
  const layout: Layout = { bodySize, pitch: typicalPitch(all, bodySize) };
  let paragraph: NumberedLine[] = [];
  let notes: NumberedLine[] = [];
  const flush = () => {
    writeBlock(paragraph, layout, out);
    paragraph = [];
    // Notes wait for the paragraph they interrupt to end, so its sentences stay whole.
    for (const note of splitNotes(notes)) writeBlock(note, layout, out);
    notes = [];
  };
  for (const lines of pages) {
    lines.forEach((line, index) => {
      const numbered = { line, number: index + 1 };
      if (line.footnote) {
        notes.push(numbered);
        return;
      }
      const previous = paragraph[paragraph.length - 1]?.line;
      if (previous && startsNewBlock(previous, line, layout)) flush();
      paragraph.push(numbered);
    });
  }
  flush();
}

function startsNewBlock(previous: PdfLine, line: PdfLine, layout: Layout): boolean {
  const heading = isHeading(line, layout);
  if (heading !== isHeading(previous, layout)) return true;
  if (Math.abs(line.size - previous.size) > layout.bodySize * 0.1) return true;
  const sameColumn = line.page === previous.page && line.column === previous.column;
  if (!sameColumn) {
    // A paragraph runs on into the next column or page unless the last one ended a sentence.
    return /[.!?:;"”)]$/.test(previous.text) && !/^[a-z]/.test(line.text);
  }
  const gap = previous.y - line.y;
  if (gap > (heading ? line.size * 2 : layout.pitch * 1.35) || gap < -line.size) return true;
  // A first-line indent opens a paragraph in books and reports set without spacing.
  return !heading && line.x0 > previous.x0 + line.size && line.x0 - previous.x0 < line.size * 6;
}

function isHeading(line: PdfLine, layout: Layout): boolean {
  return line.size >= layout.bodySize * 1.15 && line.text.length < 200;
}

function typicalPitch(lines: PdfLine[], bodySize: number): number {
  const gaps: number[] = [];
  for (let i = 1; i < lines.length; i++) {
    const [a, b] = [lines[i - 1], lines[i]];
    if (a.page !== b.page || a.column !== b.column || a.footnote || b.footnote) continue;
    if (Math.abs(a.size - bodySize) > 0.5 || Math.abs(b.size - bodySize) > 0.5) continue;
    const gap = a.y - b.y;
    if (gap > 0 && gap < bodySize * 3) gaps.push(gap);
  }
  if (gaps.length === 0) return bodySize * 1.2;
  gaps.sort((x, y) => x - y);
  return gaps[Math.floor(gaps.length / 2)];
}

/** Notes start a new block at each note number ("2 See ..."). */
function splitNotes(lines: NumberedLine[]): NumberedLine[][] {
  const blocks: NumberedLine[][] = [];
  for (const line of lines) {
    if (blocks.length === 0 || /^\d{1,3}\s?\p{Lu}/u.test(line.line.text)) blocks.push([]);
    blocks[blocks.length - 1].push(line);
  }
  return blocks;
}

function writeBlock(lines: NumberedLine[], layout: Layout, out: MarkdownBuilder): void {
  if (lines.length === 0) return;
  const heading = isHeading(lines[0].line, layout);
  const texts = joinLines(lines.map((l, i) => (i === 0 && !heading ? noteNumberSpaced(l.line.text) : l.line.text)));
  const parts = texts.map((text, i) => ({
    // Only a paragraph's first line can open a Markdown block; inside, inline escapes suffice.
    text: i === 0 && !heading ? escapeMarkdownLine(text) : escapeMarkdownInline(text),
    origin: { page: lines[i].line.page, line: lines[i].number },
  }));
  out.blank();
  out.paragraph(parts, heading ? "## " : "");
  out.blank();
}

/** "1The ministers" (a note's number set against its text) reads "1 The ministers". */
function noteNumberSpaced(text: string): string {
  return text.replace(/^(\d{1,3})(?=\p{Lu}\p{Ll})/u, "$1 ");
}

/**
 * Joins words hyphenated at a line end: the rest of the word moves up to the first line, which
 * keeps every other word on its own line. A soft hyphen elsewhere is dropped.
 */
export function joinLines(texts: string[]): string[] {
  const result = texts.map((text) => text.replace(/\u00AD(?!$)/g, ""));
  for (let i = 0; i + 1 < result.length; i++) {
    const hyphenated = /(\p{L})[-\u00AD]$/u.test(result[i]);
    const next = /^(\p{Ll}[\p{L}'’]*)([.,;:!?)"”’]*)(?:\s+|$)/u.exec(result[i + 1]);
    if (hyphenated && next) {
      result[i] = result[i].slice(0, -1) + next[1] + next[2];
      result[i + 1] = result[i + 1].slice(next[0].length);
    }
  }
  return result;
}
