// Offsets <-> LSP positions (0-based line, UTF-16 character). JavaScript strings are UTF-16,
// so a character is an offset from the line start. Line breaks: \n, \r\n and a lone \r,
// as vscode-languageserver-textdocument and markdown-it count them.
import type { Position, Range } from "../types";

export class LineIndex {
  private readonly lineStarts: number[];

  constructor(private readonly text: string) {
    const starts = [0];
    // (Most texts have no carriage return: the line feeds are then found by indexOf, which is fast.)
    if (text.indexOf("\r") < 0) {
      for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
      this.lineStarts = starts;
      return;
    }
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10 /* \n */) starts.push(i + 1);
      else if (c === 13 /* \r */) {
        if (text.charCodeAt(i + 1) === 10) i++;
        starts.push(i + 1);
      }
    }
    this.lineStarts = starts;
  }

  private static last: LineIndex | undefined;

  /**
   * The index of a text, shared with the previous caller that asked for the same text: the prose
   * stage and the check each need the draft's lines, once per keystroke.
   */
  static of(text: string): LineIndex {
    const last = LineIndex.last;
    if (last !== undefined && last.text === text) return last;
    return (LineIndex.last = new LineIndex(text));
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  positionAt(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: o - this.lineStarts[lo] };
  }

  offsetAt(position: Position): number {
    if (position.line < 0) return 0;
    if (position.line >= this.lineStarts.length) return this.text.length;
    const start = this.lineStarts[position.line];
    const end = position.line + 1 < this.lineStarts.length ? this.lineStarts[position.line + 1] : this.text.length;
    return Math.max(start, Math.min(start + Math.max(0, position.character), end));
  }

  rangeOf(start: number, end: number): Range {
    return { start: this.positionAt(start), end: this.positionAt(end) };
  }

  /** Offsets of a line's content, without its line break. */
  lineExtent(line: number): { start: number; end: number } {
    const start = this.lineStarts[Math.max(0, Math.min(line, this.lineStarts.length - 1))];
    let end = line + 1 < this.lineStarts.length ? this.lineStarts[line + 1] : this.text.length;
    while (end > start && (this.text[end - 1] === "\n" || this.text[end - 1] === "\r")) end--;
    return { start, end };
  }
}
