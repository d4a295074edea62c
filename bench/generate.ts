// Deterministic generators of policy-style drafts and corpora for the benchmarks.
// Drafts mix headings, lists, tables, code, links, HTML comments and sentences with agreements,
// dates and figures (some matching the seed corpus, some not); corpora are front-matter Markdown.
import catalogData from "../data/catalog.json";
import type { Catalog } from "../server/src/core/types";
import { seededRandom } from "../test/support/random";

const catalog = catalogData as unknown as Catalog;

const rng = seededRandom;

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
const COUNTRIES = ["Japan", "South Korea", "the United States", "China", "India", "Australia", "Vietnam", "Indonesia", "the Philippines", "Singapore"];
const VERBS = ["launched", "signed", "introduced", "unveiled", "established"];
const MEASURES = ["trade volume", "trade surplus", "investment", "exports", "imports", "infrastructure funding"];
const FILLER = [
  "Officials on both sides describe the talks as constructive but unfinished.",
  "The agenda covers supply chains, export controls and standards for emerging technologies.",
  "Analysts caution that implementation will depend on domestic politics in each capital.",
  "Business groups have asked for clearer rules on investment screening and data flows.",
  "The region's smaller economies remain wary of being asked to choose sides.",
  "Several ministries are reviewing how the commitments fit existing trade agreements.",
  "Civil society organisations want labour and environmental provisions to be enforceable.",
];

export function generateDraft(bytes: number, seed = 1): string {
  const r = rng(seed);
  const pick = <T>(xs: T[]): T => xs[Math.floor(r() * xs.length)];
  const entities = catalog.entities.filter((e) => e.acronym);
  const year = () => 2015 + Math.floor(r() * 11);
  const out: string[] = ["---", "title: Generated brief", `date: ${year()}-0${1 + Math.floor(r() * 9)}-01`, "---", ""];
  let size = 0;
  let section = 0;
  const push = (s: string) => {
    out.push(s);
    size += s.length + 1;
  };
  while (size < bytes) {
    section++;
    push(`## ${pick(["Background", "Trade", "Supply chains", "Outlook", "Security"])} ${section}`);
    push("");
    for (let p = 0; p < 3 && size < bytes; p++) {
      const e = pick(entities);
      const sentences = [
        `The ${e.name} (${e.acronym}) was ${pick(VERBS)} in ${pick(MONTHS)} ${year()}.`,
        `${pick(COUNTRIES)}'s ${pick(MEASURES)} with ${pick(COUNTRIES)} reached $${(r() * 500).toFixed(1)} billion in ${year()}.`,
        pick(FILLER),
        `${e.acronym} members account for about ${Math.floor(r() * 60)}% of world GDP, according to officials.`,
        pick(FILLER),
        `In ${year()}, ${pick(COUNTRIES)} pledged $${Math.floor(r() * 900)} million for clean energy infrastructure.`,
      ];
      push(sentences.slice(0, 3 + Math.floor(r() * 4)).join(" "));
      push("");
    }
    push(`- ${pick(FILLER)}`);
    push(`- ${pick(entities).acronym} talks resumed on ${pick(MONTHS)} ${1 + Math.floor(r() * 28)}, ${year()}.`);
    push(`- See the [briefing note](https://example.org/note-${year()}) for details.`);
    push("");
    if (section % 3 === 0) {
      push("| Initiative | Event | Date |");
      push("|---|---|---|");
      for (let i = 0; i < 3; i++) push(`| ${pick(entities).acronym} | ${pick(VERBS)} | ${pick(MONTHS)} ${year()} |`);
      push("");
    }
    if (section % 4 === 0) {
      push("```text");
      push(`Quoted: ${pick(entities).acronym} was launched in May ${year()}.`);
      push("```");
      push("");
      push(`<!-- factcheck-disable-next-line -->`);
      push(`An earlier draft said ${pick(COUNTRIES)} committed $${Math.floor(r() * 900)} billion.`);
      push("");
    }
  }
  return out.join("\n");
}

/** A corpus of front-matter Markdown documents of about `docBytes` each, mentioning catalog entities. */
export function generateCorpus(documents: number, docBytes: number, seed = 7): { name: string; text: string }[] {
  const r = rng(seed);
  const pick = <T>(xs: T[]): T => xs[Math.floor(r() * xs.length)];
  const entities = catalog.entities.filter((e) => e.acronym);
  const docs: { name: string; text: string }[] = [];
  for (let d = 0; d < documents; d++) {
    const parts = [
      "---",
      `title: Generated source ${d}`,
      `publisher: Bench Institute ${d % 17}`,
      `published: ${2018 + (d % 8)}-${String(1 + (d % 12)).padStart(2, "0")}-15`,
      "---",
      "",
      `# Source ${d}`,
      "",
    ];
    let size = 0;
    while (size < docBytes) {
      const e = pick(entities);
      // About one claim per 500 bytes, as in the seed corpus (about one per 700).
      const p = [
        `The ${e.name} (${e.acronym}) was ${pick(VERBS)} in ${pick(MONTHS)} ${2010 + Math.floor(r() * 15)}.`,
        pick(FILLER),
        pick(FILLER),
        pick(FILLER),
        `It covers ${2 + Math.floor(r() * 8)} pillars, and ${pick(COUNTRIES)} is among its members.`,
        pick(FILLER),
        pick(FILLER),
        pick(FILLER),
        `In ${2015 + Math.floor(r() * 10)}, ${pick(COUNTRIES)}'s ${pick(MEASURES)} with ${pick(COUNTRIES)} was $${(r() * 500).toFixed(1)} billion.`,
        pick(FILLER),
        pick(FILLER),
        pick(FILLER),
      ].join(" ");
      parts.push(p, "");
      size += p.length + 1;
    }
    docs.push({ name: `doc-${String(d).padStart(5, "0")}.md`, text: parts.join("\n") });
  }
  return docs;
}

/**
 * The protocol test's dense draft (about 100 KB): every section holds a launch date, a share of
 * GDP, trade figures, a table row and a code block.
 */
export function generateDenseDraft(targetChars = 100 * 1024): string {
  const sections: string[] = [];
  let size = 0;
  for (let i = 0; size < targetChars; i++) {
    const s = [
      `## Section ${i + 1}: regional economic cooperation`,
      "",
      `The Indo-Pacific Economic Framework (IPEF) was launched in May ${i % 3 === 0 ? 2021 : 2022}. Its members account for 40% of world GDP, and trade talks continued in ${2020 + (i % 5)}.`,
      "",
      `- South Korea's trade with China reached $${300 + i}.4 billion in 2022, a change of ${i % 9}% on the year before.`,
      "- Japan and South Korea took part in the trilateral summit in August 2023.",
      `- The Quad plans to provide $500 billion in infrastructure funds over the next five years (note ${i}).`,
      "",
      "| Item | Value |",
      "| --- | --- |",
      `| Pledge | $${40 + (i % 4)} million |`,
      "",
      "```text",
      "IPEF was launched in May 2021.",
      "```",
      "",
      `Analysts expect further negotiation rounds; the resilience pillar remains the focus of paragraph ${i}.`,
      "",
    ].join("\n");
    sections.push(s);
    size += s.length + 1;
  }
  return sections.join("\n");
}

/** One sentence holding `n` values of a kind, as pasted from a table or a list. */
export function valueRun(kind: "dates" | "figures" | "ranges" | "shares", n: number): string {
  // (Shares: a list of percentages, one number each, the most claims a sentence within the
  // budget of numbers holds.)
  const unit = kind === "dates" ? "January 1, 99999 " : kind === "figures" ? "$5 billion, " : kind === "shares" ? "4.5%, " : "from 3% to 5% and ";
  return `The Indo-Pacific Economic Framework (IPEF) was launched in ${unit.repeat(n)}.\n`;
}

/**
 * One sentence of about `bytes` with no full stop, a value every few tens of kilobytes: what a
 * paste from a spreadsheet or a PDF without sentence ends gives. `events`: event words and names
 * throughout; `names`: a list of names; `brackets`: short bracketed names.
 */
export function longSentence(kind: "events" | "names" | "brackets" | "counts" | "word dates", bytes: number): string {
  // `counts`: figures in words throughout; `word dates`: names, event words, months and counts
  // throughout (no digits: the sentence is not refused for its numbers, it is read).
  if (kind === "counts" || kind === "word dates") {
    const unit =
      kind === "counts"
        ? "IPEF has twenty-one thousand and fifty-five members and forty-two hundred partners, "
        : "Acme Holdings signed with Japan in May and Borealis Mining launched in June twenty projects; IPEF gave forty-two grants, ";
    return `${unit.repeat(Math.ceil(bytes / unit.length))}launched.\n`;
  }
  const [unit, withValue, every] =
    kind === "events"
      ? ["the Indo-Pacific Economic Framework and Japan signed with South Korea launched talks on ", "the Indo-Pacific Economic Framework and Japan signed with South Korea launched talks on 2021 ", 25_000]
      : kind === "names"
        ? ["IPEF, Japan, South Korea, the Quad, KORUS, ", "IPEF, Japan, South Korea, the Quad, KORUS in May 2022, ", 35_000]
        : ["(IPEF) (a) [b] ", "(IPEF) (a) [b] in 2021 ", 50_000];
  const parts: string[] = [];
  let size = 0;
  let nextValue = 0;
  while (size < bytes) {
    const part = size >= nextValue ? withValue : unit;
    if (part === withValue) nextValue += every;
    parts.push(part);
    size += part.length;
  }
  return `${parts.join("")}launched.\n`;
}
