// An HTML article (a saved web page's main text, or a Word document as mammoth writes it) to
// Markdown: headings, paragraphs, lists and tables stay what they are, so the prose pipeline reads
// table rows with their headers and list items as items.
import { escapeMarkdownInline, escapeMarkdownLine, MarkdownBuilder, normaliseExtractedText } from "./markdownText";

/** The few DOM features the conversion uses, as linkedom provides them. */
export interface DomNode {
  nodeType: number;
  nodeName: string;
  textContent: string | null;
  childNodes: ArrayLike<DomNode>;
  getAttribute?(name: string): string | null;
}

const TEXT_NODE = 3;
const ELEMENT_NODE = 1;

/** Elements whose content is never prose. */
const SKIPPED = new Set(["SCRIPT", "STYLE", "NOSCRIPT", "TEMPLATE", "IFRAME", "OBJECT", "SVG", "CANVAS", "BUTTON", "SELECT", "FORM", "INPUT", "TEXTAREA", "NAV", "HEAD"]);
const BLOCKS = new Set(["P", "DIV", "SECTION", "ARTICLE", "MAIN", "HEADER", "FOOTER", "ASIDE", "FIGURE", "FIGCAPTION", "DL", "DT", "DD", "ADDRESS", "CAPTION", "BODY", "HTML", "CENTER"]);

export function domToMarkdown(root: DomNode): MarkdownBuilder {
  const out = new MarkdownBuilder();
  writeBlocks(root, out, 0);
  return out;
}

function writeBlocks(node: DomNode, out: MarkdownBuilder, depth: number): void {
  let inline: DomNode[] = [];
  const flushInline = () => {
    writeParagraph(inlineText(inline), out);
    inline = [];
  };
  for (const child of Array.from(node.childNodes)) {
    const name = child.nodeType === ELEMENT_NODE ? child.nodeName.toUpperCase() : "";
    if (child.nodeType === ELEMENT_NODE && SKIPPED.has(name)) continue;
    if (name === "" || !isBlock(name)) {
      if (child.nodeType === TEXT_NODE || child.nodeType === ELEMENT_NODE) inline.push(child);
      continue;
    }
    flushInline();
    writeBlock(child, name, out, depth);
  }
  flushInline();
}

function isBlock(name: string): boolean {
  return BLOCKS.has(name) || /^H[1-6]$/.test(name) || ["UL", "OL", "TABLE", "BLOCKQUOTE", "PRE", "HR", "LI"].includes(name);
}

function writeBlock(node: DomNode, name: string, out: MarkdownBuilder, depth: number): void {
  if (/^H[1-6]$/.test(name)) {
    const text = inlineText([node]);
    if (text) {
      out.blank();
      out.line(`${"#".repeat(Number(name[1]))} ${escapeMarkdownInline(text)}`);
      out.blank();
    }
  } else if (name === "UL" || name === "OL") {
    writeList(node, name === "OL", out, depth);
  } else if (name === "TABLE") {
    writeTable(node, out);
  } else if (name === "PRE" || name === "HR") {
    out.blank(); // code and rules are not prose
  } else {
    writeBlocks(node, out, depth);
  }
}

function writeParagraph(text: string, out: MarkdownBuilder): void {
  if (text === "") return;
  out.blank();
  for (const line of text.split("\n")) if (line.trim() !== "") out.line(escapeMarkdownLine(line.trim()));
  out.blank();
}

function writeList(list: DomNode, ordered: boolean, out: MarkdownBuilder, depth: number): void {
  out.blank();
  let number = 1;
  const indent = "   ".repeat(depth);
  for (const item of Array.from(list.childNodes)) {
    if (item.nodeType !== ELEMENT_NODE || item.nodeName.toUpperCase() !== "LI") continue;
    const own = Array.from(item.childNodes).filter((c) => !isNestedList(c));
    const text = inlineText(own).replace(/\n+/g, " ");
    const marker = ordered ? `${number++}.` : "-";
    if (text !== "") out.line(`${indent}${marker} ${escapeMarkdownInline(text)}`);
    for (const nested of Array.from(item.childNodes).filter(isNestedList)) {
      writeList(nested, nested.nodeName.toUpperCase() === "OL", out, depth + 1);
    }
  }
  out.blank();
}

function isNestedList(node: DomNode): boolean {
  return node.nodeType === ELEMENT_NODE && ["UL", "OL"].includes(node.nodeName.toUpperCase());
}

function writeTable(table: DomNode, out: MarkdownBuilder): void {
  const rows = tableRows(table)
    .map((row) => row.map((cell) => escapeMarkdownInline(inlineText([cell]).replace(/\s+/g, " ")).replace(/\|/g, "\\|")))
    .filter((row) => row.some((cell) => cell !== ""));
  if (rows.length === 0) return;
  const width = Math.max(...rows.map((row) => row.length));
  const pad = (row: string[]) => [...row, ...Array(width - row.length).fill("")];
  out.blank();
  out.line(`| ${pad(rows[0]).join(" | ")} |`);
  out.line(`|${" --- |".repeat(width)}`);
  for (const row of rows.slice(1)) out.line(`| ${pad(row).join(" | ")} |`);
  out.blank();
}

/** The cells of each row, in document order, through THEAD, TBODY and TFOOT. */
function tableRows(table: DomNode): DomNode[][] {
  const rows: DomNode[][] = [];
  const visit = (node: DomNode) => {
    for (const child of Array.from(node.childNodes)) {
      if (child.nodeType !== ELEMENT_NODE) continue;
      const name = child.nodeName.toUpperCase();
      if (name === "TR") {
        rows.push(Array.from(child.childNodes).filter((c) => c.nodeType === ELEMENT_NODE && ["TD", "TH"].includes(c.nodeName.toUpperCase())));
      } else if (["THEAD", "TBODY", "TFOOT"].includes(name)) {
        visit(child);
      }
    }
  };
  visit(table);
  return rows;
}

/** The text of inline content, whitespace collapsed as a browser shows it; <br> is a line break. */
function inlineText(nodes: DomNode[]): string {
  let text = "";
  const visit = (node: DomNode) => {
    if (node.nodeType === TEXT_NODE) {
      text += normaliseExtractedText(node.textContent ?? "").replace(/\s+/g, " ");
      return;
    }
    if (node.nodeType !== ELEMENT_NODE) return;
    const name = node.nodeName.toUpperCase();
    if (SKIPPED.has(name)) return;
    if (name === "BR") text += "\n";
    else if (name === "SUP" && /^\s*[\d*†‡]{1,3}\s*$/.test(node.textContent ?? "")) return; // a note reference
    else if (name === "IMG") return;
    else {
      const block = isBlock(name);
      if (block) text += "\n";
      for (const child of Array.from(node.childNodes)) visit(child);
      if (block) text += "\n";
      else if (name === "TD" || name === "TH") text += " ";
    }
  };
  for (const node of nodes) visit(node);
  return text
    .replace(/[ \t\r\f\v\u00A0]+/g, " ")
    .replace(/ *\n */g, "\n")
    .replace(/\n{2,}/g, "\n")
    .trim();
}
