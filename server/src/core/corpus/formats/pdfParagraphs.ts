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

/** Writes the pages (each in reading order) as Markdown paragraphs, list items, tables and headings. */
export function writePdfParagraphs(pages: PdfLine[][], out: MarkdownBuilder): void {
  const all = pages.flat();
  const bodySize = dominantSize(all.filter((line) => !line.footnote));
  const layout: Layout = { bodySize, pitch: typicalPitch(all, bodySize) };
  let paragraph: NumberedLine[] = [];
  let table: NumberedLine[][] = [];
  let notes: NumberedLine[] = [];
  const flush = () => {
    writeBlock(paragraph, layout, out);
    writeTable(table, out);
    paragraph = [];
    table = [];
    // Notes wait for the paragraph they interrupt to end, so its sentences stay whole.
    for (const note of splitNotes(notes)) writeBlock(note, layout, out);
    notes = [];
  };
  for (const lines of pages) {
    for (const row of rowsOf(lines)) {
      if (row[0].line.footnote) {
        notes.push(...row);
      } else if (row.length > 1) {
        // Text side by side on one baseline: the cells of a table row.
        const last = table[table.length - 1]?.[0].line;
        if (paragraph.length > 0 || (last && (last.page !== row[0].line.page || last.y - row[0].line.y > layout.pitch * 2.5))) flush();
        table.push(row);
      } else {
        const previous = paragraph[paragraph.length - 1]?.line;
        if (table.length > 0 || (previous && startsNewBlock(paragraph[0].line, previous, row[0].line, layout))) flush();
        paragraph.push(row[0]);
      }
    }
  }
  flush();
}

/**
 * Lines in reading order, those of one column that share a baseline grouped as one row. Side by
 * side text is a table row only when a row next to it has a cell starting at the same place; else
 * it was one line with a wide space (a tab, a stretched justified line) and is joined again.
 */
function rowsOf(lines: PdfLine[]): NumberedLine[][] {
  const rows: NumberedLine[][] = [];
  lines.forEach((line) => {
    const row = rows[rows.length - 1];
    const first = row?.[0].line;
    const sameRow = first && !first.footnote && !line.footnote && first.column === line.column && Math.abs(first.y - line.y) < Math.min(first.size, line.size) * 0.3;
    // Lines are counted as printed: the cells of one row are one line.
    if (sameRow) row.push({ line, number: row[0].number });
    else rows.push([{ line, number: rows.length + 1 }]);
  });
  return rows.map((row, i) => (row.length < 2 || alignsWith(row, rows[i - 1]) || alignsWith(row, rows[i + 1]) ? row : [joinRow(row)]));
}

function alignsWith(row: NumberedLine[], other: NumberedLine[] | undefined): boolean {
  if (!other || other.length < 2 || other[0].line.page !== row[0].line.page) return false;
  const size = row[0].line.size;
  return row.slice(1).some((cell) => other.slice(1).some((o) => Math.abs(o.line.x0 - cell.line.x0) < size));
}

function joinRow(row: NumberedLine[]): NumberedLine {
  const line = { ...row[0].line, text: row.map((cell) => cell.line.text).join(" "), x1: row[row.length - 1].line.x1 };
  return { line, number: row[0].number };
}

/** A line opening with a bullet: a list item of its own. */
const BULLET = /^[•●○◦▪■□‣∙·–—-]\s+/;

function startsNewBlock(first: PdfLine, previous: PdfLine, line: PdfLine, layout: Layout): boolean {
  const heading = isHeading(line, layout);
  if (heading !== isHeading(previous, layout)) return true;
  if (Math.abs(line.size - previous.size) > layout.bodySize * 0.1) return true;
  if (BULLET.test(line.text)) return true;
  const sameColumn = line.page === previous.page && line.column === previous.column;
  if (!sameColumn) {
    // A paragraph runs on into the next column or page unless the last one ended a sentence.
    return /[.!?:;"”)]$/.test(previous.text) && !/^[a-z]/.test(line.text);
  }
  const gap = previous.y - line.y;
  if (gap > (heading ? line.size * 2 : layout.pitch * 1.35) || gap < -line.size) return true;
  // A first-line indent opens a paragraph in books and reports set without spacing; the text of
  // a list item runs on indented under its first line.
  if (heading || BULLET.test(first.text)) return false;
  return line.x0 > previous.x0 + line.size && line.x0 - previous.x0 < line.size * 6;
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
  const bullet = !heading && BULLET.test(lines[0].line.text);
  const texts = joinLines(
    lines.map((l, i) => (i > 0 || heading ? l.line.text : bullet ? l.line.text.replace(BULLET, "") : noteNumberSpaced(l.line.text))),
  );
  const parts = texts.map((text, i) => ({
    // Only a paragraph's first line can open a Markdown block; inside, inline escapes suffice.
    text: i === 0 && !heading && !bullet ? escapeMarkdownLine(text) : escapeMarkdownInline(text),
    origin: { page: lines[i].line.page, line: lines[i].number },
  }));
  if (!bullet) out.blank();
  out.paragraph(parts, heading ? "## " : bullet ? "- " : "");
  if (!bullet) out.blank();
}

/** Rows of cells as a Markdown table, its first row as the header the prose reader gives each row. */
function writeTable(rows: NumberedLine[][], out: MarkdownBuilder): void {
  if (rows.length === 0) return;
  // Columns start where cells start; a row with fewer cells leaves the others empty.
  const size = rows[0][0].line.size;
  const starts: number[] = [];
  for (const x of rows.flat().map((cell) => cell.line.x0).sort((a, b) => a - b)) {
    if (starts.length === 0 || x - starts[starts.length - 1] > size) starts.push(x);
  }
  const columnOf = (x: number) => starts.reduce((best, start, k) => (start <= x + size ? k : best), 0);
  out.blank();
  rows.forEach((row, i) => {
    const cells: string[] = starts.map(() => "");
    for (const piece of row.flatMap((cell) => splitAtColumns(cell.line, starts, size))) {
      const k = columnOf(piece.x);
      const text = escapeMarkdownInline(piece.text).replace(/\|/g, "\\|");
      cells[k] = cells[k] ? `${cells[k]} ${text}` : text;
    }
    out.line(`| ${cells.join(" | ")} |`, { page: row[0].line.page, line: row[0].number });
    if (i === 0) out.line(`|${" --- |".repeat(starts.length)}`);
  });
  out.blank();
}

/** A cell's text cut where one of its runs starts at another column ("Warning stations" | "118"). */
function splitAtColumns(line: PdfLine, starts: number[], size: number): { x: number; text: string }[] {
  const cuts = (line.runStarts ?? []).filter((run) => run.at > 0 && starts.some((x) => Math.abs(x - run.x) < size));
  const pieces: { x: number; text: string }[] = [];
  let from = { x: line.x0, at: 0 };
  for (const cut of [...cuts, { x: line.x1, at: line.text.length }]) {
    const text = line.text.slice(from.at, cut.at).trim();
    if (text) pieces.push({ x: from.x, text });
    from = cut;
  }
  return pieces;
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
