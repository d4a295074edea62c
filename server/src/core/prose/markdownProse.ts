// Markdown (or plain text) reduced to the prose a reader reads, with every character of
// that prose traced back to its offset in the source.
//
// markdown-it gives line maps for blocks only, so inline text is aligned to the source
// here: a cursor walks forward through the block's lines and each inline token is found
// from the cursor on. Every search is bounded to the block's window, so the cost stays
// linear in the size of the document.
//
// Offsets of characters the extractor inserts:
// - soft and hard line breaks become one space mapped to the first character of the line
//   break (the "\r" of a "\r\n");
// - table cell separators ("; ") and the single space left where inline code, an inline
//   HTML tag, an image, an autolink or a bare URL was removed get -1;
// - a backslash escape or an HTML entity maps each character it produces to the offset of
//   the "\" or "&" that starts it.
// NUL characters are read as U+FFFD, as markdown-it reads them.
//
// Whitespace left by a removal is tidied: each run of spaces becomes one space between
// two words and disappears at the ends of a block or next to a cell separator. Inline
// HTML tags that sit inside a word (<b>, <span>, <a>, ...) leave nothing; other tags
// (<br>, <sup>, <sub>, ...) and comments separate words.
//
// A block's sourceStart/sourceEnd span its whole source lines (from the start of its
// first line, container markers such as "- " or "> " included, to the end of its last
// line, line break excluded). `heading` is the text of the nearest heading before the
// block; a heading block gets the heading before it.

import MarkdownIt, { type Env as MarkdownEnv, type Token as MarkdownToken } from "markdown-it";
import { parse as parseYaml } from "yaml";
import type { Directive, DirectiveKind, ProseBlock, ProseBlockKind, ProseDocument } from "../types";
import { splitSentences } from "../extract/sentences";
import { LineIndex } from "../util/lineIndex";

type Token = MarkdownToken;

const markdown = new MarkdownIt({ html: true, linkify: false, typographer: false });
// Keep escapes and entities as separate "text_special" tokens: their source spelling
// ("\*", "&amp;") differs from their text, and they are aligned by that spelling.
markdown.core.ruler.disable("text_join");
// Each block's inline tokens are parsed when the walker reaches it (see inlineChildren), not all
// at once: a whole document's inline tokens alive together outlived the young generation and
// were copied there twice per check. With linkify and the typographer off, the core rules after
// "inline" do nothing, so this reads what markdown-it's own order reads.
markdown.core.ruler.disable("inline");

/** An inline token's children, parsed now and held by the caller only: they die with its block. */
function inlineChildren(token: Token, env: MarkdownEnv): Token[] {
  const children: Token[] = [];
  markdown.inline.parse(token.content, markdown, env, children);
  return children;
}

/** Offset marker for a removal placeholder; resolved to -1 (or dropped) when a block is finished. */
const PLACEHOLDER = -2;
/** Offset marker for a table cell separator; resolved to -1 when a block is finished. */
const SEPARATOR = -3;
const TABLE_CELL_SEPARATOR = "; ";
/** How far past the cursor a search may look once a block has used up its budget for failed searches. */
const SHORT_LOOKAHEAD = 256;

// ---------------------------------------------------------------------------
// Public API

export function markdownToProse(source: string): ProseDocument {
  return readInFull(source).prose;
}

/**
 * Like markdownToProse, for a draft being typed: the text is compared with the one read last, and
 * when only some top-level blocks changed, only those (and one on either side) are parsed again;
 * the others are reused, shifted (see readAgain). Gives what markdownToProse gives.
 */
export function draftToProse(source: string): ProseDocument {
  const previous = lastDraft;
  let read: ReadMarkdown | undefined;
  try {
    read = previous && readAgain(previous, source);
  } catch {
    read = undefined; // read in full below
  }
  read ??= readInFull(source);
  lastDraft = read.segments ? read : undefined;
  return read.prose;
}

/** A Markdown text as read: its prose, its top-level blocks, and what an edit needs to reuse them. */
interface ReadMarkdown {
  source: string;
  lines: LineIndex;
  prose: ProseDocument;
  /** Undefined when the text cannot be read again in part (link reference definitions, a failure). */
  segments?: Segment[];
}

/** The draft read last by draftToProse. */
let lastDraft: ReadMarkdown | undefined;

/** Drops the draft read last (no draft is open any more): its text and prose are not kept. */
export function forgetDraft(): void {
  lastDraft = undefined;
}

function readInFull(source: string): ReadMarkdown {
  const directives: Directive[] = [];
  let frontMatter: ProseDocument["frontMatter"];
  const lines = LineIndex.of(source);
  try {
    frontMatter = readFrontMatter(source);
    const parseText = textForParser(source, frontMatter);
    const env: MarkdownEnv = {};
    const tokens = markdown.parse(parseText, env);
    const walker = new BlockWalker(parseText, lines, directives, env);
    const blocks = walker.walk(tokens);
    directives.sort((a, b) => a.line - b.line);
    const prose = frontMatter ? { blocks, directives, frontMatter } : { blocks, directives };
    // A link reference definition changes how links read anywhere in the text.
    const references = env.references !== undefined && Object.keys(env.references).length > 0;
    return { source, lines, prose, segments: references ? undefined : walker.segments };
  } catch {
    // A bug here must not take the editor down with it: report no prose rather than throw.
    return { source, lines, prose: frontMatter ? { blocks: [], directives: [], frontMatter } : { blocks: [], directives: [] } };
  }
}

/**
 * A plain-text line longer than this is cut into blocks of whole sentences of about this size: a
 * source saved as one line of megabytes (an export without line breaks) reads as many paragraphs.
 */
const MAX_TEXT_BLOCK_CHARS = 4000;

/** Plain text: every non-blank line is a block (long lines several), with identity offsets. */
export function plainTextToProse(source: string): ProseDocument {
  const blocks: ProseBlock[] = [];
  let lineStart = source.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (lineStart <= source.length) {
    const newline = source.indexOf("\n", lineStart);
    const lineEnd = newline < 0 ? source.length : newline;
    const contentEnd = lineEnd > lineStart && source.charCodeAt(lineEnd - 1) === 13 ? lineEnd - 1 : lineEnd;
    if (/\S/.test(source.slice(lineStart, contentEnd))) {
      for (const [start, end] of lineBlocks(source, lineStart, contentEnd)) blocks.push(textBlock(source, start, end));
    }
    if (newline < 0) break;
    lineStart = newline + 1;
  }
  return { blocks, directives: [] };
}

function textBlock(source: string, start: number, end: number): ProseBlock {
  const text = source.slice(start, end);
  const sourceOffsets = new Int32Array(text.length + 1);
  for (let i = 0; i <= text.length; i++) sourceOffsets[i] = start + i;
  return { kind: "text_line", text, sourceOffsets, sourceStart: start, sourceEnd: end };
}

/** The line as one block, or, when long, as runs of whole sentences of about MAX_TEXT_BLOCK_CHARS. */
function lineBlocks(source: string, start: number, end: number): [number, number][] {
  if (end - start <= MAX_TEXT_BLOCK_CHARS) return [[start, end]];
  const runs: [number, number][] = [];
  let runStart = start;
  for (const sentence of splitSentences(source.slice(start, end))) {
    const sentenceEnd = start + sentence.end;
    if (sentenceEnd - runStart >= MAX_TEXT_BLOCK_CHARS) {
      runs.push([runStart, sentenceEnd]);
      runStart = sentenceEnd;
    }
  }
  if (runStart < end && /\S/.test(source.slice(runStart, end))) runs.push([runStart, end]);
  return runs.map(([a, b]) => trimmedRun(source, a, b));
}

function trimmedRun(source: string, start: number, end: number): [number, number] {
  while (start < end && /\s/.test(source[start])) start++;
  return [start, end];
}

// ---------------------------------------------------------------------------
// Reading a draft again after an edit
//
// Markdown's top-level blocks are read one after another, each from a fresh state, and where one
// ends depends on its own lines and the first lines of the next. So after an edit, the blocks up
// to the last unchanged one before the edit (`before`) read as they did, and so do those from the
// first unchanged one after it (`after`) on. The window from `before` to `after` is parsed again;
// it must begin with `before` and end with `after` as they were (else the edit reached further: an
// opened code fence, say), and then the blocks around it are reused, those behind it shifted. Link
// reference definitions (they change links anywhere) and edits of the front matter: read in full.

const FRONT_MATTER_START = /^\uFEFF?---/;
/** A window over more than this share of the text is not worth the bookkeeping: read in full. */
const MAX_WINDOW_SHARE = 0.5;

function readAgain(previous: ReadMarkdown, source: string): ReadMarkdown | undefined {
  const { segments, lines: oldLines } = previous;
  const old = previous.source;
  if (!segments) return undefined;
  if (source === old) return previous;
  const frontMatter = previous.prose.frontMatter;
  const [prefix, suffix] = commonEnds(old, source);
  // Whether there is front matter, and where it ends, is read from the first lines: a text without
  // it gains it only if its first line becomes "---".
  if (frontMatter ? prefix <= frontMatter.end : prefix <= 4 || FRONT_MATTER_START.test(old) || FRONT_MATTER_START.test(source)) return undefined;
  const oldEnd = old.length - suffix;
  const delta = source.length - old.length;
  const lineStart = (line: number) => (line < oldLines.lineCount ? oldLines.lineExtent(line).start : old.length);
  let b = -1; // the last segment wholly before the edit, its line break included
  while (b + 1 < segments.length && lineStart(segments[b + 1].endLine) <= prefix) b++;
  let a = b + 1; // the first segment wholly after it, the line break before it included
  while (a < segments.length && lineStart(segments[a].startLine) <= oldEnd) a++;
  const before: Segment | undefined = segments[b];
  const after: Segment | undefined = segments[a];
  const windowStart = before ? lineStart(before.startLine) : 0;
  const windowEnd = after ? lineStart(after.endLine) : old.length;
  if (windowEnd - windowStart > MAX_WINDOW_SHARE * old.length) return undefined;
  return readWindow(previous, source, { before, after, firstSegment: Math.max(b, 0), endSegment: after ? a + 1 : segments.length, windowStart, windowEnd: windowEnd + delta, delta });
}

interface EditWindow {
  before?: Segment;
  after?: Segment;
  /** The previous reading's segments the window replaces: segments[firstSegment, endSegment). */
  firstSegment: number;
  endSegment: number;
  /** The window in the new text. */
  windowStart: number;
  windowEnd: number;
  /** How much longer the new text is. */
  delta: number;
}

/** Parses the window of the new text and puts the reading together, or undefined if the edit reached past the window. */
function readWindow(previous: ReadMarkdown, source: string, w: EditWindow): ReadMarkdown | undefined {
  const oldBlocks = previous.prose.blocks;
  const frontMatter = previous.prose.frontMatter;
  const lines = LineIndex.of(source);
  const lineDelta = lines.lineCount - previous.lines.lineCount;
  const firstLine = w.before?.startLine ?? 0;
  const parseText = textForParser(source, frontMatter);
  const env: MarkdownEnv = {};
  const tokens = markdown.parse(parseText.slice(w.windowStart, w.windowEnd), env);
  if (env.references !== undefined && Object.keys(env.references).length > 0) return undefined;
  for (const token of tokens) if (token.map) token.map = [token.map[0] + firstLine, token.map[1] + firstLine];
  const keptBefore = previous.segments![w.firstSegment]?.firstBlock ?? 0;
  const keptAfter = w.after ? w.after.endBlock : oldBlocks.length;
  const directives = previous.prose.directives.filter((d) => d.line < firstLine);
  const walker = new BlockWalker(parseText, lines, directives, env, headingBefore(oldBlocks, keptBefore));
  const windowBlocks = walker.walk(tokens);
  const fresh = walker.segments;
  const first = fresh[0];
  const last = fresh[fresh.length - 1];
  if (w.before && !(first && first.type === w.before.type && first.startLine === w.before.startLine)) return undefined;
  if (w.after) {
    const same = last && last !== first && last.type === w.after.type && last.startLine === w.after.startLine + lineDelta && last.endLine === w.after.endLine + lineDelta;
    if (!same || !sameBlocks(oldBlocks, w.after, windowBlocks, last, w.delta)) return undefined;
  }
  const blocks = oldBlocks.slice(0, keptBefore).concat(windowBlocks, shiftedBlocks(oldBlocks.slice(keptAfter), w.delta, walker.heading, headingBefore(oldBlocks, keptAfter)));
  const segments = previous.segments!.slice(0, w.firstSegment);
  for (const s of fresh) segments.push({ ...s, firstBlock: s.firstBlock + keptBefore, endBlock: s.endBlock + keptBefore });
  const blockDelta = keptBefore + windowBlocks.length - keptAfter;
  for (const s of previous.segments!.slice(w.endSegment)) segments.push({ type: s.type, startLine: s.startLine + lineDelta, endLine: s.endLine + lineDelta, firstBlock: s.firstBlock + blockDelta, endBlock: s.endBlock + blockDelta });
  if (w.after) for (const d of previous.prose.directives) if (d.line >= w.after.endLine) directives.push({ ...d, line: d.line + lineDelta });
  directives.sort((x, y) => x.line - y.line);
  const prose = frontMatter ? { blocks, directives, frontMatter } : { blocks, directives };
  return { source, lines, prose, segments };
}

/** Texts are compared this many characters at a time (by the engine), then character by character. */
const COMPARED_CHUNK = 256;

/** The common prefix and suffix of two texts, as lengths that do not overlap in either. */
function commonEnds(a: string, b: string): [number, number] {
  const max = Math.min(a.length, b.length);
  let prefix = 0;
  while (prefix + COMPARED_CHUNK <= max && a.substring(prefix, prefix + COMPARED_CHUNK) === b.substring(prefix, prefix + COMPARED_CHUNK)) prefix += COMPARED_CHUNK;
  while (prefix < max && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  const room = max - prefix;
  while (suffix + COMPARED_CHUNK <= room && a.substring(a.length - suffix - COMPARED_CHUNK, a.length - suffix) === b.substring(b.length - suffix - COMPARED_CHUNK, b.length - suffix)) suffix += COMPARED_CHUNK;
  while (suffix < room && a.charCodeAt(a.length - 1 - suffix) === b.charCodeAt(b.length - 1 - suffix)) suffix++;
  return [prefix, suffix];
}

/** The heading the blocks from `end` on are under: the text of the last heading block before it. */
function headingBefore(blocks: ProseBlock[], end: number): string | undefined {
  for (let i = end - 1; i >= 0; i--) if (blocks[i].kind === "heading") return blocks[i].text;
  return undefined;
}

/** Whether the segment read again gave the blocks it gave before, moved by `delta`. */
function sameBlocks(oldBlocks: ProseBlock[], was: Segment, fresh: ProseBlock[], now: Segment, delta: number): boolean {
  if (was.endBlock - was.firstBlock !== now.endBlock - now.firstBlock) return false;
  for (let i = 0; i < was.endBlock - was.firstBlock; i++) {
    const x = oldBlocks[was.firstBlock + i];
    const y = fresh[now.firstBlock + i];
    if (x.kind !== y.kind || x.text !== y.text || x.headerText !== y.headerText) return false;
    if (x.sourceStart + delta !== y.sourceStart || x.sourceEnd + delta !== y.sourceEnd) return false;
    for (let k = 0; k < x.sourceOffsets.length; k++) {
      const o = x.sourceOffsets[k];
      if ((o >= 0 ? o + delta : o) !== y.sourceOffsets[k]) return false;
    }
  }
  return true;
}

/**
 * The blocks behind the window, moved by `delta`; when the window changed the heading they are
 * under (`heading` now, `was` before), the blocks up to the next heading get the new one.
 */
function shiftedBlocks(blocks: ProseBlock[], delta: number, heading: string | undefined, was: string | undefined): ProseBlock[] {
  let renamed = heading !== was;
  if (delta === 0 && !renamed) return blocks;
  return blocks.map((block) => {
    const moved = new MovedBlock(block, delta, renamed ? heading : block.heading);
    if (block.kind === "heading") renamed = false;
    return moved;
  });
}

/**
 * A block behind an edit, moved by `delta`. Its offsets are moved when first read: a check reads
 * them only for blocks it analyses again, which after a keystroke are none of those behind it, so
 * typing near the top of a long draft does not move every offset of the draft on every keystroke.
 * The offsets are an own enumerable property (a getter), in the place a read block has them, so a
 * copy (`{ ...block }`) or a comparison sees them as it would a read block's.
 */
class MovedBlock implements ProseBlock {
  declare readonly kind: ProseBlockKind;
  declare readonly text: string;
  declare readonly sourceOffsets: Int32Array;
  declare readonly sourceStart: number;
  declare readonly sourceEnd: number;
  declare headerText?: string;
  declare heading?: string;
  /** The offsets as read, and how far they are still to move (0 once moved). */
  #offsets: Int32Array;
  #delta: number;

  constructor(block: ProseBlock, delta: number, heading: string | undefined) {
    const self = this as { -readonly [K in keyof ProseBlock]: ProseBlock[K] };
    self.kind = block.kind;
    self.text = block.text;
    Object.defineProperty(this, "sourceOffsets", MOVED_OFFSETS);
    self.sourceStart = block.sourceStart + delta;
    self.sourceEnd = block.sourceEnd + delta;
    if (block.headerText !== undefined) self.headerText = block.headerText;
    if (heading !== undefined) self.heading = heading;
    // A block moved before moves from the offsets it holds, by what it had still to move and by delta.
    const movedBefore = block instanceof MovedBlock;
    this.#offsets = movedBefore ? block.#offsets : block.sourceOffsets;
    this.#delta = movedBefore ? block.#delta + delta : delta;
  }

  movedOffsets(): Int32Array {
    if (this.#delta !== 0) {
      const moved = new Int32Array(this.#offsets.length);
      for (let k = 0; k < moved.length; k++) {
        const o = this.#offsets[k];
        moved[k] = o >= 0 ? o + this.#delta : o;
      }
      this.#offsets = moved;
      this.#delta = 0;
    }
    return this.#offsets;
  }
}

const MOVED_OFFSETS: PropertyDescriptor = {
  get(this: MovedBlock) {
    return this.movedOffsets();
  },
  enumerable: true,
  configurable: true,
};

// ---------------------------------------------------------------------------
// Source preparation

type FrontMatter = NonNullable<ProseDocument["frontMatter"]>;

/** YAML front matter: "---" on the first line (after an optional BOM), closed by "---" or "...". */
function readFrontMatter(source: string): FrontMatter | undefined {
  const start = source.charCodeAt(0) === 0xfeff ? 1 : 0;
  if (!source.startsWith("---", start)) return undefined;
  const lineBreak = /\r\n?|\n/g;
  lineBreak.lastIndex = start;
  const first = lineBreak.exec(source);
  if (!first || !isDelimiterLine(source.slice(start, first.index), false)) return undefined;
  const bodyStart = first.index + first[0].length;
  let lineStart = bodyStart;
  for (;;) {
    const next = lineBreak.exec(source);
    const lineEnd = next ? next.index : source.length;
    if (isDelimiterLine(source.slice(lineStart, lineEnd), true)) return frontMatterAt(start, lineEnd, source.slice(bodyStart, lineStart));
    if (!next) return undefined;
    lineStart = next.index + next[0].length;
  }
}

/**
 * The front matter's extent, with its YAML parsed when `data` or `error` is first read: a
 * source's front matter is read by the corpus loader, so its prose is never asked for it.
 */
function frontMatterAt(start: number, end: number, yamlText: string): FrontMatter {
  let parsed: ReturnType<typeof parseFrontMatterYaml> | undefined;
  const read = () => (parsed ??= parseFrontMatterYaml(yamlText));
  return Object.defineProperties({ start, end } as FrontMatter, {
    data: { enumerable: true, get: () => read().data },
    error: { enumerable: true, get: () => read().error },
  });
}

function isDelimiterLine(line: string, closing: boolean): boolean {
  const trimmed = line.replace(/[ \t]+$/, "");
  return trimmed === "---" || (closing && trimmed === "...");
}

function parseFrontMatterYaml(yamlText: string): { data: Record<string, unknown> | undefined; error?: string } {
  try {
    // logLevel "error": errors still throw, warnings are not printed.
    const value: unknown = parseYaml(yamlText, { logLevel: "error" });
    if (value === null || value === undefined) return { data: {} };
    if (typeof value === "object" && !Array.isArray(value)) return { data: value as Record<string, unknown> };
    return { data: undefined, error: "Front matter is not a YAML mapping." };
  } catch (error) {
    return { data: undefined, error: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * The text markdown-it parses: the source with the same length and the same line breaks,
 * but with the BOM and the front matter blanked out and NUL read as U+FFFD, so that
 * offsets found in it are offsets in the source.
 */
function textForParser(source: string, frontMatter: FrontMatter | undefined): string {
  let text = source;
  if (frontMatter) {
    text = source.slice(0, frontMatter.end).replace(/[^\r\n]/g, " ") + source.slice(frontMatter.end);
  } else if (source.charCodeAt(0) === 0xfeff) {
    text = " " + source.slice(1);
  }
  if (text.includes("\0")) text = text.replace(/\0/g, "\uFFFD");
  return text;
}

// ---------------------------------------------------------------------------
// Directives

/**
 * "<!-- factcheck-disable-next-line date-conflict figure-conflict -->". Rule codes are
 * kebab-case with at least one hyphen, like every diagnostic code, so that a comment with
 * other words in it ("factcheck-disable until the source is fixed") is not a directive.
 */
const DIRECTIVE_PATTERN =
  /^<!--\s*factcheck-(disable-next-line|disable-line|disable|enable)((?:[\s,]+[a-z][a-z0-9]*(?:-[a-z0-9]+)+)*)[\s,]*-->$/;

function parseDirective(comment: string, line: number): Directive | undefined {
  const match = DIRECTIVE_PATTERN.exec(comment);
  if (!match) return undefined;
  const codes = match[2].split(/[\s,]+/).filter((code) => code.length > 0);
  return { kind: match[1] as DirectiveKind, line, codes };
}

/** Directives among the comments of an HTML block whose content starts on `firstLine`. */
function directivesInHtmlBlock(content: string, firstLine: number, out: Directive[]): void {
  let line = firstLine;
  let countedUpTo = 0;
  let commentStart = content.indexOf("<!--");
  while (commentStart >= 0) {
    const commentEnd = content.indexOf("-->", commentStart + 4);
    if (commentEnd < 0) return;
    for (let i = countedUpTo; i < commentStart; i++) if (content.charCodeAt(i) === 10) line++;
    countedUpTo = commentStart;
    const directive = parseDirective(content.slice(commentStart, commentEnd + 3), line);
    if (directive) out.push(directive);
    commentStart = content.indexOf("<!--", commentEnd + 3);
  }
}

// ---------------------------------------------------------------------------
// Blocks

type Container = "list_item" | "blockquote";

/** A top-level block of the Markdown (a paragraph, a list, a table, ...): its lines and its prose blocks. */
interface Segment {
  type: string;
  startLine: number;
  /** The line after its last line. */
  endLine: number;
  /** Its prose blocks are blocks[firstBlock, endBlock). */
  firstBlock: number;
  endBlock: number;
}

class BlockWalker {
  private readonly blocks: ProseBlock[] = [];
  readonly segments: Segment[] = [];
  private readonly containers: Container[] = [];
  private readonly slab = new OffsetSlab();

  constructor(
    private readonly text: string,
    private readonly lines: LineIndex,
    private readonly directives: Directive[],
    /** The parse's environment: its link reference definitions, for the inline parse. */
    private readonly env: MarkdownEnv,
    /** The heading blocks read from here on are under (the last heading before them). */
    public heading?: string,
  ) {}

  walk(tokens: Token[]): ProseBlock[] {
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i];
      if (token.level === 0 && token.nesting !== -1 && token.map) this.startSegment(token.type, token.map);
      switch (token.type) {
        case "list_item_open":
          this.containers.push("list_item");
          break;
        case "blockquote_open":
          this.containers.push("blockquote");
          break;
        case "list_item_close":
        case "blockquote_close":
          this.containers.pop();
          break;
        case "heading_open":
        case "paragraph_open": {
          const inline = tokens[i + 1];
          if (inline?.type !== "inline") break;
          i++;
          const kind: ProseBlockKind =
            token.type === "heading_open" ? "heading" : (this.containers[this.containers.length - 1] ?? "paragraph");
          const block = this.guard(() => this.inlineBlock(kind, inline, token.map ?? inline.map));
          if (block && kind === "heading") this.heading = block.text;
          break;
        }
        case "html_block":
          if (token.map) directivesInHtmlBlock(token.content, token.map[0], this.directives);
          break;
        case "table_open":
          i = this.table(tokens, i);
          break;
      }
    }
    this.closeSegment();
    return this.blocks;
  }

  private startSegment(type: string, map: [number, number]): void {
    this.closeSegment();
    this.segments.push({ type, startLine: map[0], endLine: map[1], firstBlock: this.blocks.length, endBlock: this.blocks.length });
  }

  /** The blocks read so far end the last segment. */
  private closeSegment(): void {
    const last = this.segments[this.segments.length - 1];
    if (last) last.endBlock = this.blocks.length;
  }

  /** Runs one block's extraction; a failure loses that block only. */
  private guard(extract: () => ProseBlock | undefined): ProseBlock | undefined {
    try {
      const block = extract();
      if (block) this.blocks.push(block);
      return block;
    } catch {
      return undefined;
    }
  }

  private aligner(map: [number, number]): InlineAligner {
    const windowStart = this.lines.lineExtent(map[0]).start;
    const windowEnd = Math.max(windowStart, this.lines.lineExtent(map[1] - 1).end);
    return new InlineAligner(this.text, windowStart, windowEnd, this.lines, this.directives, this.slab);
  }

  private inlineBlock(kind: ProseBlockKind, inline: Token, map: [number, number] | null): ProseBlock | undefined {
    if (!map) return undefined;
    const aligner = this.aligner(map);
    aligner.walk(inlineChildren(inline, this.env));
    return this.finishBlock(kind, aligner, map);
  }

  private finishBlock(
    kind: ProseBlockKind,
    aligner: InlineAligner,
    map: [number, number],
    headerText?: string,
  ): ProseBlock | undefined {
    const { text, sourceOffsets } = aligner.finish();
    // A paragraph that was all markup, or a row of empty cells, holds no prose.
    if (!/\S/.test(text.replace(/; /g, ""))) return undefined;
    const block: ProseBlock = {
      kind,
      text,
      sourceOffsets,
      sourceStart: this.lines.lineExtent(map[0]).start,
      sourceEnd: this.lines.lineExtent(map[1] - 1).end,
    };
    if (headerText !== undefined) block.headerText = headerText;
    if (this.heading !== undefined) block.heading = this.heading;
    return block;
  }

  /** Handles a table from its table_open at `openIndex`; returns the index of its table_close. */
  private table(tokens: Token[], openIndex: number): number {
    let headerText: string | undefined;
    let inBody = false;
    let i = openIndex + 1;
    for (; i < tokens.length && tokens[i].type !== "table_close"; i++) {
      const token = tokens[i];
      if (token.type === "tbody_open") inBody = true;
      if (token.type !== "tr_open" || !token.map) continue;
      const rowMap = token.map;
      const cells: Token[] = [];
      for (i++; i < tokens.length && tokens[i].type !== "tr_close"; i++) {
        if (tokens[i].type === "inline") cells.push(tokens[i]);
      }
      if (inBody) {
        this.guard(() => this.finishBlock("table_row", this.tableRow(cells, rowMap), rowMap, headerText ?? ""));
      } else {
        try {
          headerText = this.tableRow(cells, rowMap).finish().text;
        } catch {
          headerText = "";
        }
      }
    }
    return i;
  }

  private tableRow(cells: Token[], rowMap: [number, number]): InlineAligner {
    const aligner = this.aligner(rowMap);
    cells.forEach((cell, index) => {
      if (index > 0) aligner.emitSeparator(TABLE_CELL_SEPARATOR);
      aligner.walk(inlineChildren(cell, this.env));
    });
    return aligner;
  }
}

// ---------------------------------------------------------------------------
// Inline alignment

/** HTML tags that sit inside a word ("<b>", "<span>"); other tags and comments separate words. */
const WORD_INTERNAL_TAG = /^<\/?(?:a|abbr|b|cite|del|em|i|ins|mark|q|s|small|span|strong|time|u)\b/i;
/** A footnote reference as GitHub-flavoured Markdown writes it; its definition ("[^1]: ...") is a paragraph of its own. */
const FOOTNOTE_REFERENCE = /\[\^[^\]\s]+\](?!:)/g;
/** Bare URLs in text: "http(s)://…" or "www.…". */
const BARE_URL = /\b(?:https?:\/\/|www\.)[^\s<>"]*/gi;
const URL_TRAILING_PUNCTUATION = /[.,;:!?'"*_~\]]+$/;

/** A growable Int32Array of source offsets: one number per prose character, without boxing. */
class OffsetBuffer {
  private data = new Int32Array(256);
  private size = 0;

  /** Empties the buffer for the next block (its memory is kept). */
  clear(): this {
    this.size = 0;
    return this;
  }

  private reserve(extra: number): void {
    if (this.size + extra <= this.data.length) return;
    let capacity = this.data.length * 2;
    while (capacity < this.size + extra) capacity *= 2;
    const grown = new Int32Array(capacity);
    grown.set(this.data.subarray(0, this.size));
    this.data = grown;
  }

  push(value: number): void {
    this.reserve(1);
    this.data[this.size++] = value;
  }

  /** `count` consecutive offsets starting at `start`. */
  run(start: number, count: number): void {
    this.reserve(count);
    for (let i = 0; i < count; i++) this.data[this.size++] = start + i;
  }

  fill(value: number, count: number): void {
    this.reserve(count);
    this.data.fill(value, this.size, this.size + count);
    this.size += count;
  }

  view(): Int32Array {
    return this.data.subarray(0, this.size);
  }
}

/**
 * The offsets of the block being read. Blocks are read one after another (an aligner is finished
 * before the next one starts, and `finish` copies the offsets out), so one buffer serves them all:
 * a typed array per block cost more than the reading itself.
 */
const blockOffsets = new OffsetBuffer();

/**
 * Hands out the finished blocks' offset arrays as views of larger arrays: allocating a typed array
 * per block was most of the time of finishing one. A block kept alone keeps its slab (64 KB) alive;
 * prose blocks are read and dropped with their document.
 */
class OffsetSlab {
  private static readonly SIZE = 16 * 1024;
  private slab = new Int32Array(0);
  private used = 0;

  take(length: number): Int32Array {
    if (this.used + length > this.slab.length) {
      this.slab = new Int32Array(Math.max(OffsetSlab.SIZE, length));
      this.used = 0;
    }
    const view = this.slab.subarray(this.used, this.used + length);
    this.used += length;
    return view;
  }
}

/**
 * Aligns the inline tokens of one block (or one table row) to the source and collects
 * the prose text with its offsets. Searches never leave the block's window.
 */
class InlineAligner {
  private readonly window: string;
  private cursor: number;
  /** Characters of source a failed search may still scan before searches turn short-sighted. */
  private failureBudget: number;
  private readonly pieces: string[] = [];
  private readonly offsets = blockOffsets.clear();
  /** Whether a placeholder or a cell separator was emitted: the text then needs tidying. */
  private marked = false;

  constructor(
    private readonly src: string,
    private readonly windowStart: number,
    private readonly windowEnd: number,
    private readonly lines: LineIndex,
    private readonly directives: Directive[],
    private readonly slab: OffsetSlab,
  ) {
    this.window = src.slice(windowStart, windowEnd);
    this.cursor = windowStart;
    this.failureBudget = 4 * (windowEnd - windowStart) + 1024;
  }

  walk(children: Token[]): void {
    for (let i = 0; i < children.length; i++) {
      const token = children[i];
      switch (token.type) {
        case "text":
          this.text(token.content, true);
          break;
        case "text_special":
          this.textSpecial(token, true);
          break;
        case "softbreak":
        case "hardbreak":
          this.lineBreak();
          break;
        case "code_inline":
          this.skipCodeSpan(token.markup);
          this.emitPlaceholder();
          break;
        case "html_inline":
          this.htmlInline(token.content);
          break;
        case "image":
          this.skipImage(token);
          this.emitPlaceholder();
          break;
        case "link_open":
          if (token.markup === "autolink" || token.markup === "linkify") {
            this.skipAutolink();
            while (i + 1 < children.length && children[i + 1].type !== "link_close") i++;
            i++;
            this.emitPlaceholder();
          } else {
            const bracket = this.find("[", this.cursor);
            if (bracket >= 0) this.cursor = bracket + 1;
          }
          break;
        case "link_close":
          this.skipLinkTail();
          break;
        default:
          // Emphasis and strikethrough delimiters: step over them when they are where expected.
          if (token.markup && this.src.startsWith(token.markup, this.cursor)) this.cursor += token.markup.length;
          break;
      }
    }
  }

  emitSeparator(separator: string): void {
    this.marked = true;
    this.pieces.push(separator);
    this.offsets.fill(SEPARATOR, separator.length);
  }

  /** The collected text, with bare URLs removed and whitespace tidied. */
  finish(): { text: string; sourceOffsets: Int32Array } {
    let text = this.pieces.join("");
    let offsets: ArrayLike<number> = this.offsets.view();
    const untouched = offsets;
    ({ text, offsets } = replaceBareUrls(text, offsets));
    ({ text, offsets } = tidyWhitespace(text, offsets, this.marked || offsets !== untouched));
    text = detachedCopy(text);
    const sourceOffsets = this.slab.take(text.length + 1);
    if (offsets instanceof Int32Array && offsets.length === text.length) sourceOffsets.set(offsets);
    else for (let i = 0; i < text.length; i++) sourceOffsets[i] = offsets[i];
    let lastMapped = text.length - 1;
    while (lastMapped >= 0 && sourceOffsets[lastMapped] < 0) lastMapped--;
    sourceOffsets[text.length] =
      lastMapped >= 0 ? this.sourceEndOf(text, lastMapped, offsets[lastMapped]) : this.windowEnd;
    return { text, sourceOffsets };
  }

  // -- searching --------------------------------------------------------------

  /** Absolute offset of `needle` at or after `from` inside the window, or -1. */
  private find(needle: string, from: number): number {
    if (from < this.windowStart || from > this.windowEnd || needle.length === 0) return -1;
    const relativeFrom = from - this.windowStart;
    if (this.window.startsWith(needle, relativeFrom)) return from;
    if (this.failureBudget <= 0) {
      const nearby = this.window.slice(relativeFrom, relativeFrom + needle.length + SHORT_LOOKAHEAD).indexOf(needle);
      return nearby < 0 ? -1 : from + nearby;
    }
    const found = this.window.indexOf(needle, relativeFrom);
    if (found < 0) {
      this.failureBudget -= this.window.length - relativeFrom;
      return -1;
    }
    return this.windowStart + found;
  }

  // -- emitting -------------------------------------------------------------------

  private emitAt(content: string, position: number): void {
    this.pieces.push(content);
    this.offsets.run(position, content.length);
  }

  private emitAllAt(content: string, position: number): void {
    this.pieces.push(content);
    this.offsets.fill(position, content.length);
  }

  private emitPlaceholder(): void {
    this.marked = true;
    this.pieces.push(" ");
    this.offsets.push(PLACEHOLDER);
  }

  // -- token handlers -----------------------------------------------------------

  /**
   * Text, with footnote references ("[^1]", "[^fc2]") stepped over: a reader skips them, and left in
   * they glue a sentence's full stop to the next sentence ("2021.[^1] The Quad ...").
   */
  private text(content: string, emit: boolean): void {
    if (!content.includes("[^")) return this.plainText(content, emit);
    let from = 0;
    for (const ref of content.matchAll(FOOTNOTE_REFERENCE)) {
      this.plainText(content.slice(from, ref.index), emit);
      this.plainText(ref[0], false);
      from = ref.index + ref[0].length;
    }
    this.plainText(content.slice(from), emit);
  }

  private plainText(content: string, emit: boolean): void {
    if (content.length === 0) return;
    const position = this.find(content, this.cursor);
    if (position >= 0) {
      if (emit) this.emitAt(content, position);
      this.cursor = position + content.length;
      return;
    }
    const looseOffsets = this.matchLoosely(content);
    if (looseOffsets) {
      if (emit) {
        this.pieces.push(content);
        for (const offset of looseOffsets) this.offsets.push(offset);
      }
      this.cursor = looseOffsets[looseOffsets.length - 1] + 1;
      return;
    }
    // Not found: keep the words, without positions, and leave the cursor where it was.
    if (emit) this.emitAllAt(content, -1);
  }

  /**
   * Character-by-character match that lets a backslash before the expected character be
   * skipped: markdown-it drops the backslash of "\|" in table cells before parsing them.
   */
  private matchLoosely(content: string): number[] | undefined {
    let position = this.find(content[0], this.cursor);
    if (position < 0) return undefined;
    const offsets: number[] = [];
    for (let i = 0; i < content.length; i++) {
      if (this.src[position] === content[i] && position < this.windowEnd) {
        offsets.push(position++);
      } else if (this.src[position] === "\\" && this.src[position + 1] === content[i] && position + 1 < this.windowEnd) {
        offsets.push(position + 1);
        position += 2;
      } else {
        return undefined;
      }
    }
    return offsets;
  }

  private textSpecial(token: Token, emit: boolean): void {
    const spelling = token.markup || token.content;
    const position = this.find(spelling, this.cursor);
    if (position < 0) {
      if (emit) this.emitAllAt(token.content, -1);
      return;
    }
    if (emit) {
      // An unrecognised escape ("\a") is kept as written; otherwise the text stands for the whole spelling.
      if (token.content === spelling) this.emitAt(token.content, position);
      else this.emitAllAt(token.content, position);
    }
    this.cursor = position + spelling.length;
  }

  /** A soft or hard break: one space mapped to the line break it stands for. */
  private lineBreak(): void {
    let position = this.cursor;
    while (position < this.windowEnd) {
      const code = this.src.charCodeAt(position);
      if (code === 10 || code === 13) break;
      position++;
    }
    if (position >= this.windowEnd) {
      this.pieces.push(" ");
      this.offsets.push(-1);
      return;
    }
    this.pieces.push(" ");
    this.offsets.push(position);
    const breakLength = this.src.charCodeAt(position) === 13 && this.src.charCodeAt(position + 1) === 10 ? 2 : 1;
    this.cursor = position + breakLength;
  }

  /** Steps over a code span opened and closed by a backtick run of exactly the marker's length. */
  private skipCodeSpan(marker: string): void {
    const open = this.findBacktickRun(marker, this.cursor);
    if (open < 0) return;
    const close = this.findBacktickRun(marker, open + marker.length);
    this.cursor = close < 0 ? open + marker.length : close + marker.length;
  }

  private findBacktickRun(marker: string, from: number): number {
    let searchFrom = from;
    for (;;) {
      const start = this.find(marker, searchFrom);
      if (start < 0) return -1;
      let end = start;
      while (end < this.windowEnd && this.src.charCodeAt(end) === 96) end++;
      if (end - start === marker.length) return start;
      searchFrom = end;
    }
  }

  private htmlInline(content: string): void {
    const lines = content.split("\n");
    const start = this.find(lines[0], this.cursor);
    if (start >= 0) {
      let position = start + lines[0].length;
      for (let i = 1; i < lines.length; i++) {
        // Continuation lines lose their container prefix ("> ") in markdown-it's copy.
        const piece = lines[i].trimStart();
        const found = this.find(piece, position);
        if (found < 0) break;
        position = found + piece.length;
      }
      this.cursor = position;
    }
    if (content.startsWith("<!--")) {
      const line = this.lines.positionAt(start >= 0 ? start : this.windowStart).line;
      const directive = parseDirective(content, line);
      if (directive) this.directives.push(directive);
    }
    if (!WORD_INTERNAL_TAG.test(content)) this.emitPlaceholder();
  }

  private skipImage(image: Token): void {
    const open = this.find("![", this.cursor);
    if (open < 0) return;
    this.cursor = open + 2;
    // Step over the alt text's own spelling so the link tail is found after it.
    for (const child of image.children ?? []) {
      if (child.type === "text") this.text(child.content, false);
      else if (child.type === "text_special") this.textSpecial(child, false);
      else if (child.type === "code_inline") this.skipCodeSpan(child.markup);
    }
    this.skipLinkTail();
  }

  private skipAutolink(): void {
    const open = this.find("<", this.cursor);
    if (open < 0) return;
    const close = this.find(">", open + 1);
    if (close >= 0) this.cursor = close + 1;
  }

  /**
   * Steps over "](destination "title")", "][label]" or the "]" of a shortcut reference,
   * starting in the link text. Stops after the "]" if the rest does not scan.
   */
  private skipLinkTail(): void {
    const bracket = this.find("]", this.cursor);
    if (bracket < 0) return;
    let position = bracket + 1;
    this.cursor = position;
    const end = this.windowEnd;
    const src = this.src;
    if (src[position] === "[") {
      for (position++; position < end && src[position] !== "]"; position++) if (src[position] === "\\") position++;
      if (position < end) this.cursor = position + 1;
      return;
    }
    if (src[position] !== "(") return;
    position = skipWhitespace(src, position + 1, end);
    if (src[position] === "<") {
      for (position++; position < end && src[position] !== ">"; position++) if (src[position] === "\\") position++;
      if (position >= end) return;
      position++;
    } else {
      let depth = 0;
      for (; position < end; position++) {
        const char = src[position];
        if (char === "\\") position++;
        else if (char === "(") depth++;
        else if (char === ")") {
          if (depth === 0) break;
          depth--;
        } else if (char.charCodeAt(0) <= 32) break;
      }
    }
    position = skipWhitespace(src, position, end);
    const quote = src[position];
    if (quote === '"' || quote === "'" || quote === "(") {
      const closing = quote === "(" ? ")" : quote;
      for (position++; position < end && src[position] !== closing; position++) if (src[position] === "\\") position++;
      if (position >= end) return;
      position = skipWhitespace(src, position + 1, end);
    }
    if (src[position] === ")") this.cursor = position + 1;
  }

  /** Offset just past the source spelling of the character at `index`. */
  private sourceEndOf(text: string, index: number, offset: number): number {
    const sourceChar = this.src[offset];
    if (sourceChar === text[index]) return offset + 1;
    if (sourceChar === "\\") return Math.min(offset + 2, this.windowEnd);
    if (sourceChar === "&") {
      const semicolon = this.src.indexOf(";", offset);
      if (semicolon >= 0 && semicolon < this.windowEnd) return semicolon + 1;
    }
    return offset + 1;
  }
}

/**
 * The text as a string of its own. A block's text is often one token's content, a slice of the
 * draft, and every sentence or word cut from it (cached verdicts, caches keyed by sentence) would
 * keep the whole draft's text alive, one copy per version typed. Prefixing then cutting makes the
 * engine copy it.
 */
function detachedCopy(text: string): string {
  return (" " + text).slice(1);
}

function skipWhitespace(src: string, from: number, end: number): number {
  let position = from;
  while (position < end && /\s/.test(src[position])) position++;
  return position;
}

/** Replaces each bare URL in the text by a placeholder. */
function replaceBareUrls(text: string, offsets: ArrayLike<number>): { text: string; offsets: ArrayLike<number> } {
  BARE_URL.lastIndex = 0;
  if (!BARE_URL.test(text)) return { text, offsets };
  BARE_URL.lastIndex = 0;
  const pieces: string[] = [];
  const newOffsets: number[] = [];
  let copiedUpTo = 0;
  const copyUpTo = (end: number) => {
    pieces.push(text.slice(copiedUpTo, end));
    for (let i = copiedUpTo; i < end; i++) newOffsets.push(offsets[i]);
  };
  let match: RegExpExecArray | null;
  while ((match = BARE_URL.exec(text)) !== null) {
    const url = trimUrl(match[0]);
    if (url.length === 0) continue;
    copyUpTo(match.index);
    pieces.push(" ");
    newOffsets.push(PLACEHOLDER);
    copiedUpTo = match.index + url.length;
    BARE_URL.lastIndex = copiedUpTo;
  }
  copyUpTo(text.length);
  return { text: pieces.join(""), offsets: newOffsets };
}

/** Drops sentence punctuation after a URL, and a closing parenthesis that has no opening one in it. */
function trimUrl(url: string): string {
  let trimmed = url;
  for (;;) {
    const before = trimmed;
    trimmed = trimmed.replace(URL_TRAILING_PUNCTUATION, "");
    if (trimmed.endsWith(")") && trimmed.split("(").length < trimmed.split(")").length) trimmed = trimmed.slice(0, -1);
    if (trimmed === before) return trimmed;
  }
}

/**
 * Whitespace tidying after removals: each run of whitespace and placeholders becomes
 * at most one space, kept only between two words (not at the ends, not next to a cell
 * separator). The space kept is the run's first real whitespace character, or a
 * synthetic one (-1) when the run was only placeholders. Separators get -1. `marked`: whether
 * the offsets may hold placeholders or separators.
 */
function tidyWhitespace(text: string, offsets: ArrayLike<number>, marked: boolean): { text: string; offsets: ArrayLike<number> } {
  if (marked ? isTidy(text, offsets) : !UNTIDY_SPACE.test(text)) return { text, offsets };
  const pieces: string[] = [];
  const newOffsets: number[] = [];
  let runStart = 0;
  const flushTo = (end: number) => {
    if (end > runStart) {
      pieces.push(text.slice(runStart, end));
      for (let k = runStart; k < end; k++) newOffsets.push(offsets[k] === SEPARATOR ? -1 : offsets[k]);
    }
  };
  let previousIsWord = false;
  let i = 0;
  while (i < text.length) {
    const offset = offsets[i];
    if (offset === SEPARATOR) {
      previousIsWord = false;
      i++;
      continue;
    }
    if (offset !== PLACEHOLDER && !isWhitespace(text.charCodeAt(i))) {
      previousIsWord = true;
      i++;
      continue;
    }
    const spaceStart = i;
    let firstReal = -1;
    while (i < text.length && offsets[i] !== SEPARATOR && (offsets[i] === PLACEHOLDER || isWhitespace(text.charCodeAt(i)))) {
      if (firstReal < 0 && offsets[i] !== PLACEHOLDER) firstReal = i;
      i++;
    }
    const nextIsWord = i < text.length && offsets[i] !== SEPARATOR;
    const keepOne = previousIsWord && nextIsWord;
    if (keepOne && i - spaceStart === 1 && firstReal === spaceStart) continue; // an ordinary single space
    flushTo(spaceStart);
    if (keepOne) {
      pieces.push(firstReal >= 0 ? text[firstReal] : " ");
      newOffsets.push(firstReal >= 0 ? offsets[firstReal] : -1);
    }
    runStart = i;
  }
  flushTo(text.length);
  return { text: pieces.join(""), offsets: newOffsets };
}

/** Whitespace at an end, two in a row, or other than a plain space (JavaScript's \s is isWhitespace's set). */
const UNTIDY_SPACE = /^\s|\s$|\s\s|[^\S ]/;

/** Most blocks need no tidying: single spaces between words, nothing removed, no separators. */
function isTidy(text: string, offsets: ArrayLike<number>): boolean {
  if (text.length === 0) return true;
  if (isWhitespace(text.charCodeAt(0)) || isWhitespace(text.charCodeAt(text.length - 1))) return false;
  let previousSpace = false;
  for (let i = 0; i < text.length; i++) {
    const offset = offsets[i];
    if (offset === PLACEHOLDER || offset === SEPARATOR) return false;
    const space = isWhitespace(text.charCodeAt(i));
    if (space && (previousSpace || text.charCodeAt(i) !== 32)) return false;
    previousSpace = space;
  }
  return true;
}

function isWhitespace(code: number): boolean {
  return (
    code === 32 ||
    (code >= 9 && code <= 13) ||
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}
