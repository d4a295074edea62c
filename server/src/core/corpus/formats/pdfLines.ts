// From pdf.js text runs to lines, and from lines to the order a reader reads them in: running
// headers, footers and page numbers dropped, two-column pages read column by column, footnotes
// after the text they belong to. Pure functions over positions, so they are tested without pdf.js.

/** One run of text as pdf.js reports it; y is the baseline, in PDF units from the page's bottom. */
export interface PdfTextRun {
  text: string;
  x: number;
  y: number;
  width: number;
  /** Font size (the run's height). 0 for runs with no glyphs, such as spaces. */
  size: number;
  /** pdf.js saw a line break after this run. */
  endsLine: boolean;
}

export interface PdfPage {
  /** 1-based. */
  number: number;
  width: number;
  height: number;
  runs: PdfTextRun[];
}

export interface PdfLine {
  page: number;
  text: string;
  x0: number;
  x1: number;
  y: number;
  size: number;
  /** Which column of a two-column band the line is in (0 for full-width lines and one-column pages). */
  column: number;
  /** Set for small-print lines at the foot of a column. */
  footnote?: boolean;
  /** Where each run after the first starts: its x and its offset in `text` (to cut table cells). */
  runStarts?: { x: number; at: number }[];
}

// ---------------------------------------------------------------------------
// Runs to lines

/** The page's runs joined into lines, in the order the file draws them. */
export function linesOfPage(page: PdfPage): PdfLine[] {
  const lines: PdfLine[] = [];
  let current: PdfLine | undefined;
  let lineEnded = false;
  for (const run of page.runs) {
    if (run.text === "") {
      lineEnded ||= run.endsLine;
      continue;
    }
    if (current && isFootnoteMarker(run, current)) continue;
    if (current && /^\s+$/.test(run.text) && !lineEnded) {
      // A space wider than a justified line ever stretches one is the gap between table cells.
      if (run.width > Math.max(current.size, 1) * 3) lineEnded = true;
      else appendRun(current, run);
      lineEnded ||= run.endsLine;
      continue;
    }
    if (current && !lineEnded && continuesLine(current, run)) {
      appendRun(current, run);
    } else {
      if (current) lines.push(current);
      current = { page: page.number, text: run.text, x0: run.x, x1: run.x + run.width, y: run.y, size: run.size, column: 0 };
    }
    lineEnded = run.endsLine;
  }
  if (current) lines.push(current);
  return lines.map(collapseSpaces).filter((line) => line.text !== "");
}

/** Runs of spaces made one, and the ends trimmed, with the run offsets moved to match. */
function collapseSpaces(line: PdfLine): PdfLine {
  let text = "";
  const map: number[] = [];
  for (let i = 0; i < line.text.length; i++) {
    map.push(text.length);
    const space = /\s/.test(line.text[i]);
    if (!space || (text !== "" && !text.endsWith(" "))) text += space ? " " : line.text[i];
  }
  map.push(text.length);
  const trimmed = text.trimEnd();
  const runStarts = line.runStarts?.map((run) => ({ x: run.x, at: Math.min(map[run.at], trimmed.length) }));
  return { ...line, text: trimmed, runStarts };
}

function continuesLine(line: PdfLine, run: PdfTextRun): boolean {
  const size = Math.max(line.size, run.size, 1);
  if (Math.abs(run.y - line.y) > size * 0.4) return false;
  if (run.x < line.x1 - size) return false; // drawn back to the left: another column or line
  // A wide gap no space run bridges is a column gutter or a table cell boundary.
  return run.x - line.x1 < size * 1.5 || /^\s+$/.test(run.text);
}

function appendRun(line: PdfLine, run: PdfTextRun): void {
  const gap = run.x - line.x1;
  const needsSpace = gap > Math.max(line.size, run.size) * 0.15 && !/\s$/.test(line.text) && !/^\s/.test(run.text);
  line.text += needsSpace ? " " : "";
  if (!/^\s+$/.test(run.text)) (line.runStarts ??= []).push({ x: run.x, at: line.text.length });
  line.text += run.text;
  line.x1 = Math.max(line.x1, run.x + run.width);
  if (run.size > 0 && !/^\s+$/.test(run.text)) line.size = Math.max(line.size, run.size);
}

/** A raised small number or symbol just after a line's text: a note reference, not prose. */
function isFootnoteMarker(run: PdfTextRun, line: PdfLine): boolean {
  return (
    /^\s*[\d*†‡]{1,3}\s*$/.test(run.text) &&
    run.size > 0 &&
    run.size < line.size * 0.8 &&
    run.y > line.y + line.size * 0.15 &&
    run.y < line.y + line.size &&
    run.x >= line.x1 - 1 &&
    run.x - line.x1 < line.size
  );
}

// ---------------------------------------------------------------------------
// Running headers, footers and page numbers

/** Share of the page's height at the top and at the bottom where headers and footers live. */
const MARGIN_ZONE = 0.12;

/** Lines in the top or bottom margin that repeat on many pages, or that are only a page number. */
export function dropRunningLines(pages: PdfLine[][], pageHeights: number[]): PdfLine[][] {
  const inMargin = (line: PdfLine) => {
    const height = pageHeights[line.page - 1] ?? 792;
    return line.y > height * (1 - MARGIN_ZONE) || line.y < height * MARGIN_ZONE;
  };
  const pagesWith = new Map<string, Set<number>>();
  for (const line of pages.flat()) {
    if (!inMargin(line)) continue;
    const key = runningKey(line.text);
    let set = pagesWith.get(key);
    if (!set) pagesWith.set(key, (set = new Set()));
    set.add(line.page);
  }
  const repeats = (line: PdfLine) => {
    const count = pagesWith.get(runningKey(line.text))?.size ?? 0;
    return count >= 2 && count >= pages.length * 0.4;
  };
  return pages.map((lines) => lines.filter((line) => !(inMargin(line) && (isPageNumber(line.text) || repeats(line)))));
}

/** Headers differ only by their page numbers ("Report · 3", "Report · 4"). */
function runningKey(text: string): string {
  return text.toLowerCase().replace(/\d+/g, "#").replace(/\s+/g, " ").trim();
}

function isPageNumber(text: string): boolean {
  return /^(?:page\s+|p\.\s*)?[-–—(\[]?\s*(?:\d{1,4}|[ivxlcdm]{1,7})\s*[-–—)\]]?(?:\s*(?:of|\/)\s*\d{1,4})?$/i.test(text.trim());
}

// ---------------------------------------------------------------------------
// Reading order

/**
 * A page's lines in reading order. The page is cut into bands at lines that cross the middle; in a
 * band whose left and right halves both hold full column-width text, the left column is read to
 * its end before the right one. Anything else reads top to bottom, left to right.
 */
export function readingOrder(lines: PdfLine[], pageWidth: number): PdfLine[] {
  const mid = pageWidth / 2;
  const sorted = [...lines].sort((a, b) => b.y - a.y || a.x0 - b.x0);
  const result: PdfLine[] = [];
  let band: PdfLine[] = [];
  const flush = () => {
    result.push(...orderBand(band, mid));
    band = [];
  };
  for (const line of sorted) {
    const crossesMiddle = line.x0 < mid - line.size && line.x1 > mid + line.size;
    if (crossesMiddle) {
      flush();
      result.push({ ...line, column: 0 });
    } else {
      band.push(line);
    }
  }
  flush();
  return markFootnotes(result);
}

function orderBand(band: PdfLine[], mid: number): PdfLine[] {
  const left = band.filter((line) => line.x1 <= mid + line.size);
  const right = band.filter((line) => line.x1 > mid + line.size);
  if (!isColumnText(left, mid, "left") || !isColumnText(right, mid, "right")) return band;
  return [...left.map((line) => ({ ...line, column: 1 })), ...right.map((line) => ({ ...line, column: 2 }))];
}

/** At least three lines, most of them reaching across their half of the page: prose, not table cells. */
function isColumnText(lines: PdfLine[], mid: number, side: "left" | "right"): boolean {
  if (lines.length < 3) return false;
  const start = Math.min(...lines.map((line) => line.x0));
  const end = Math.max(...lines.map((line) => line.x1));
  const width = end - start;
  if (side === "left" ? end > mid + 2 : start < mid - 2) return false;
  if (width < mid * 0.5) return false; // a column of text fills most of its half of the page
  const wide = lines.filter((line) => line.x1 - line.x0 > width * 0.7).length;
  return wide >= lines.length * 0.5;
}

/** The small print that closes a column: lines smaller than the text above them. */
function markFootnotes(lines: PdfLine[]): PdfLine[] {
  const bodySize = dominantSize(lines);
  const result = lines.map((line) => ({ ...line }));
  let segmentStart = 0;
  for (let i = 1; i <= result.length; i++) {
    if (i < result.length && result[i].column === result[segmentStart].column) continue;
    // result[segmentStart .. i) is one column: its trailing small lines are notes if text precedes them.
    let j = i;
    while (j > segmentStart && result[j - 1].size < bodySize * 0.9) j--;
    if (j > segmentStart) for (let k = j; k < i; k++) result[k].footnote = true;
    segmentStart = i;
  }
  return result;
}

/** The font size that most characters are set in. */
export function dominantSize(lines: PdfLine[]): number {
  const chars = new Map<number, number>();
  for (const line of lines) {
    const size = Math.round(line.size * 2) / 2;
    chars.set(size, (chars.get(size) ?? 0) + line.text.length);
  }
  let best = 0;
  let bestCount = -1;
  for (const [size, count] of chars) if (count > bestCount) [best, bestCount] = [size, count];
  return best;
}
