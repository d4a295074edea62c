// Entities: the curated catalog in data/ plus names the corpus defines itself ("Full Name (ACR)").
import type { Catalog, Entity, EntityKind } from "../types";
import { PhraseMatcher } from "./phraseMatcher";
import { isSpaceCode, STOP_WORDS } from "./words";

export interface EntityDefinition {
  name: string;
  acronym: string;
  /** Defined with a lower-case name ("least-developed countries (LDCs)"): a concept, not a body or agreement. */
  concept?: boolean;
  /** Offsets of the whole "Full Name (ACR)" in the text searched. */
  start: number;
  end: number;
}

const NAME_WORD = String.raw`(?:[A-Z][\p{L}\p{N}'’&.]*(?:[-–][\p{L}\p{N}][\p{L}\p{N}'’&.]*)*|of|and|for|the|on|in|to|&|de|du|des|la|le|del|y|et|für|der)`;
/** Lower-case names ("memorandum of understanding (MOU)") are read only when every word gives a letter. */
const LOWER_DEFINITION_RE = /((?:[a-z][a-z-]+[ \t]+){1,6}[a-z][a-z-]+)[ \t]*\([ \t]*([A-Z][A-Za-z]{1,7})[ \t]*\)/gu;
const DEFINITION_RE = new RegExp(
  String.raw`(${NAME_WORD}(?:[ \t]+${NAME_WORD}){1,12})[ \t]*\([ \t]*(?:the[ \t]+)?["“]?([A-Z][A-Za-z0-9&+.\-]{1,11}(?:[ \t][A-Z][A-Za-z]+)?)["”]?[ \t]*\)`,
  "gu",
);
const REVERSE_RE = new RegExp(
  String.raw`\b([A-Z][A-Z0-9&+\-]{1,11})[ \t]*\([ \t]*(${NAME_WORD}(?:[ \t]+${NAME_WORD}){1,12})[ \t]*\)`,
  "gu",
);

// (With the French, Spanish and German ones: "Agence Française de Développement (AFD)".)
const LINK_WORDS = new Set(["of", "and", "for", "the", "on", "in", "to", "&", "de", "du", "des", "la", "le", "del", "y", "et", "für", "der"]);

/** Capital initials of the name's words and hyphen parts: "Trans-Pacific Partnership" -> T P P. */
function initials(name: string): string[] {
  return name
    .split(/[\s\-–]+/)
    .filter((w) => w && !LINK_WORDS.has(w.toLowerCase()))
    .map((w) => w[0].toUpperCase());
}

/** The letters an acronym abbreviates: its capitals when it mixes cases ("AfDB" -> ADB), without a plural "s". */
function acronymLetters(acronym: string): string {
  const a = acronym.replace(/s$/, "");
  const letters = /[a-z]/.test(a) && /[A-Z].*[A-Z]/.test(a) ? a.replace(/[^A-Z]/g, "") : a.replace(/[^A-Za-z]/g, "").toUpperCase();
  return letters;
}

/** Does the acronym read as the name's initials, in order (letters may be skipped in the name)? */
function acronymFits(acronym: string, words: string[]): number {
  const letters = acronymLetters(acronym);
  if (letters.length < 2) return -1;
  // Find the first word from which the acronym's letters follow as a subsequence of initials.
  for (let from = 0; from < words.length; from++) {
    if (words[from] !== letters[0]) continue;
    let k = 0;
    for (let w = from; w < words.length && k < letters.length; w++) if (words[w] === letters[k]) k++;
    if (k === letters.length) return from;
  }
  return -1;
}

/** Trims leading words that are not part of the acronym: "China-Korea Free Trade Agreement (FTA)" -> "Free Trade Agreement". */
function trimToAcronym(name: string, acronym: string): string | undefined {
  const words = name.split(/\s+/);
  const startIdx = (() => {
    for (let i = 0; i < words.length; i++) {
      const rest = words.slice(i).join(" ");
      if (acronymFits(acronym, initials(rest)) === 0) return i;
    }
    // Some acronyms reorder the name's words ("Mekong-Lancang Cooperation (LMC)"): the same three
    // or more initials, in another order, from the end of the name.
    const letters = [...acronymLetters(acronym)].sort().join("");
    for (let i = words.length - 1; i >= 0; i--) {
      const tail = initials(words.slice(i).join(" "));
      if (tail.length > letters.length) break;
      if (letters.length >= 3 && tail.length === letters.length && [...tail].sort().join("") === letters) return i;
    }
    return -1;
  })();
  if (startIdx < 0) return undefined;
  let trimmed = words.slice(startIdx);
  while (trimmed.length && LINK_WORDS.has(trimmed[0].toLowerCase())) trimmed = trimmed.slice(1);
  while (trimmed.length && LINK_WORDS.has(trimmed[trimmed.length - 1].toLowerCase())) trimmed = trimmed.slice(0, -1);
  return trimmed.length >= 2 ? trimmed.join(" ") : undefined;
}

/** Finds "Full Name (ACR)" and "ACR (Full Name)" definitions in a sentence. */
export function findDefinitions(text: string): EntityDefinition[] {
  const out: EntityDefinition[] = [];
  // Definitions hang on a parenthesis: look only at the stretch before each one, so a long
  // text costs little (the regexes would otherwise be tried at every position).
  for (let p = text.indexOf("("); p >= 0; p = text.indexOf("(", p + 1)) {
    const close = text.indexOf(")", p);
    if (close < 0 || close - p > 80) continue;
    // Every form of definition opens its parenthesis with a capital or a name's link word
    // ("(IPEF)", "(the Act)", "(Indo-Pacific ...)"): "(2021)", "(see below)" define nothing.
    if (!PAREN_OPENS_NAME.test(text.slice(p + 1, close))) continue;
    const from = Math.max(0, p - 200);
    const seg = text.slice(from, close + 1);
    const atParen = (m: RegExpExecArray) => from + m.index + m[0].lastIndexOf("(") === p;
    for (const def of definitionsIn(seg, atParen)) out.push({ ...def, start: def.start + from, end: def.end + from });
  }
  return out;
}

const PAREN_OPENS_NAME = /^[ \t]*(?:["“]|[A-Z]|(?:of|and|for|the|on|in|to|&|de|du|des|la|le|del|y|et|für|der)(?![\p{L}\p{N}'’&.]))/u;

function definitionsIn(text: string, atParen: (m: RegExpExecArray) => boolean): EntityDefinition[] {
  const out: EntityDefinition[] = [];
  DEFINITION_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = DEFINITION_RE.exec(text))) {
    if (!atParen(m)) continue;
    const rawName = m[1].replace(/^(?:the|The)\s+/, "");
    const acronym = m[2].replace(/[.]$/, "");
    const full = trimToAcronym(rawName, acronym);
    if (!full) continue;
    out.push({ name: full, acronym, start: m.index + m[0].indexOf(m[1]), end: m.index + m[0].length });
  }
  if (out.length) return out;
  LOWER_DEFINITION_RE.lastIndex = 0;
  while ((m = LOWER_DEFINITION_RE.exec(text))) {
    if (!atParen(m)) continue;
    const words = m[1].split(/[ \t]+/);
    const letters = acronymLetters(m[2]);
    // Take the shortest tail of the phrase whose words' initials spell the acronym exactly.
    for (let from = words.length - 1; from >= 0; from--) {
      const tail = words.slice(from);
      const initialsAll = tail.map((w) => w[0].toUpperCase()).join("");
      const initialsContent = tail.filter((w) => !LINK_WORDS.has(w)).map((w) => w[0].toUpperCase()).join("");
      if (initialsAll === letters || initialsContent === letters) {
        if (tail.length >= 2 && !LINK_WORDS.has(tail[0])) {
          const name = tail.join(" ");
          const start = m.index + m[0].indexOf(m[1]) + m[1].lastIndexOf(name);
          out.push({ name, acronym: m[2], start, end: m.index + m[0].length, concept: true });
        }
        break;
      }
    }
  }
  if (out.length) return out;
  REVERSE_RE.lastIndex = 0;
  while ((m = REVERSE_RE.exec(text))) {
    if (!atParen(m)) continue;
    const name = m[2].replace(/^(?:the|The)\s+/, "");
    if (acronymFits(m[1], initials(name)) !== 0) continue;
    out.push({ name, acronym: m[1], start: m.index, end: m.index + m[0].length });
  }
  return out;
}

const KIND_BY_HEAD: [RegExp, EntityKind][] = [
  [/\b(?:Agreement|Treaty|Pact|Accords?|Convention|Compact|Protocol|Charter|FTA|Deal|Declaration|Partnership Agreement)$/i, "agreement"],
  [/\bFramework$/i, "framework"],
  [/\b(?:Initiative|Network|Partnership|Alliance|Program|Programme|Mechanism|Project|Plan|Pledge|Corridor|Facility)$/i, "initiative"],
  [/\b(?:Act|Law|Bill|Regulation|Directive)$/i, "law"],
  [/\b(?:Summit|Meeting|Dialogue|Forum|Conference|Committee|Ministerial|Talks|Consultation)$/i, "forum"],
  [/\b(?:Strategy|Doctrine|Policy|Report)$/i, "strategy"],
  [/\b(?:Organization|Organisation|Institute|Commission|Bank|Council|Agency|Fund|Center|Centre|Association|Union|Ministry|Department|Undertaking)$/i, "organization"],
];

export function guessKind(name: string): EntityKind {
  for (const [re, kind] of KIND_BY_HEAD) if (re.test(name.trim())) return kind;
  return "other";
}

function slug(s: string): string {
  return s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
}

/** The entities known to the engine and a matcher for their names. */
export class EntityRegistry {
  private readonly byId = new Map<string, Entity>();
  private readonly byPhrase = new Map<string, string>();
  private matcherCache: PhraseMatcher<string> | undefined;
  /** Capitalised words the corpus uses as names mid-sentence ("Trafigura", "Putin"), lower case. */
  private readonly properNouns = new Set<string>();

  addProperNoun(word: string): void {
    this.properNouns.add(word.toLowerCase());
  }

  isProperNoun(word: string): boolean {
    return this.properNouns.has(word.toLowerCase());
  }

  properNounList(): string[] {
    return [...this.properNouns];
  }

  constructor(catalog?: Catalog) {
    for (const e of catalog?.entities ?? []) {
      this.put({
        id: e.id,
        name: e.name,
        acronym: e.acronym,
        aliases: [...e.aliases],
        kind: e.kind,
        description: e.description,
        members: e.members,
        origin: "catalog",
      });
    }
  }

  private put(entity: Entity): void {
    this.byId.set(entity.id, entity);
    for (const p of [entity.name, entity.acronym, ...entity.aliases]) if (p) this.byPhrase.set(p.toLowerCase(), entity.id);
    this.matcherCache = undefined;
  }

  get(id: string): Entity | undefined {
    return this.byId.get(id);
  }

  all(): Entity[] {
    return [...this.byId.values()];
  }

  /**
   * Adds a name known by its form ("European Chips Act"), unless some entity already has it.
   * Returns the entity id.
   */
  addNamed(name: string): string {
    const known = this.byPhrase.get(name.toLowerCase());
    if (known) return known;
    let id = slug(name);
    if (this.byId.has(id)) id = `${id}-named`;
    const aliases = nameVariants(name).filter((v) => !this.byPhrase.has(v.toLowerCase()));
    this.put({ id, name, aliases, kind: guessKind(name), origin: "corpus" });
    return id;
  }

  /** Adds a definition found in the corpus, merging it into a known entity with that name or acronym. Returns the entity id. */
  addDefinition(def: EntityDefinition): string {
    if (!def.acronym) return this.addNamed(def.name);
    const known = this.byPhrase.get(def.name.toLowerCase()) ?? this.byPhrase.get(def.acronym.toLowerCase());
    const existing = known ? this.byId.get(known) : undefined;
    // "twelfth Ministerial Conference (MC12)" and "thirteenth Ministerial Conference (MC13)" share
    // a trimmed name but not an entity: numbered acronyms that differ stay apart.
    // ("IRA2022" for the "Inflation Reduction Act" the catalog knows as IRA is the same law: a year is not a number.)
    const yearOnly = (a: string | undefined) => (a ?? "").replace(/(?:19|20)\d\d$/, "");
    const sameButYear = !!existing?.acronym && yearOnly(def.acronym) === yearOnly(existing.acronym);
    const numbered = !sameButYear && (/\d/.test(def.acronym) || /\d/.test(existing?.acronym ?? ""));
    if (existing && numbered && existing.acronym && existing.acronym.toLowerCase() !== def.acronym.toLowerCase() && !this.byPhrase.has(def.acronym.toLowerCase())) {
      const id = this.byId.has(slug(def.acronym)) ? `${slug(def.acronym)}-${slug(def.name)}` : slug(def.acronym);
      this.put({ id, name: `${def.name} (${def.acronym})`, acronym: def.acronym, aliases: [], kind: guessKind(def.name), origin: "corpus" });
      return id;
    }
    if (existing) {
      const phrases = new Set([existing.name, existing.acronym, ...existing.aliases].filter(Boolean).map((p) => p!.toLowerCase()));
      let changed = false;
      if (!phrases.has(def.name.toLowerCase())) {
        existing.aliases.push(def.name);
        changed = true;
      }
      if (!existing.acronym && !phrases.has(def.acronym.toLowerCase())) {
        existing.acronym = def.acronym;
        changed = true;
      } else if (!phrases.has(def.acronym.toLowerCase())) {
        existing.aliases.push(def.acronym);
        changed = true;
      }
      if (changed) this.put(existing);
      return existing.id;
    }
    let id = slug(def.acronym) || slug(def.name);
    if (this.byId.has(id)) id = `${id}-${slug(def.name)}`;
    // "CMSCs" is also written "CMSC" (and "LDC" as "LDCs").
    const other = /^[A-Z]{2,}s$/.test(def.acronym) ? def.acronym.slice(0, -1) : /^[A-Z]{2,}$/.test(def.acronym) ? `${def.acronym}s` : undefined;
    this.put({ id, name: def.name, acronym: def.acronym, aliases: other ? [other] : [], kind: def.concept ? "concept" : guessKind(def.name), origin: "corpus" });
    return id;
  }

  matcher(): PhraseMatcher<string> {
    if (this.matcherCache) return this.matcherCache;
    const m = new PhraseMatcher<string>();
    for (const e of this.byId.values()) {
      for (const p of [e.name, e.acronym, ...e.aliases]) if (p) m.add(p, e.id);
    }
    this.matcherCache = m;
    return m;
  }
}

// ---------------------------------------------------------------------------
// Names by their form: "European Chips Act", "Artemis Accords", "Kunming-Montreal Global
// Biodiversity Framework" are entities though no text defines them with an acronym.

/** Head nouns that make a capitalised phrase the name of an agreement, a law, a body or a meeting. */
const NAME_HEADS =
  "Act|Accord|Accords|Agreement|Alliance|Bank|Charter|Compact|Convention|Corridor|Deal|Declaration|Facility|Framework|Fund|Initiative|Law|Mechanism|Pact|Partnership|Pledge|Programme|Protocol|Summit|Treaty|Undertaking";
const FORM_RE = new RegExp(
  String.raw`(?<![\p{L}\p{N}'’-])((?:${NAME_WORD}[ \t]+){1,7}(?:${NAME_HEADS}))(?![\p{L}\p{N}])`,
  "gu",
);
/** Cheap test first: most lines hold no head noun at all. */
const HAS_NAME_HEAD = new RegExp(String.raw`\b(?:${NAME_HEADS})\b`);
/** Capitalised words that open a sentence or phrase without being part of a name. */
const NOT_NAME_START = new Set(
  "the this that these those its their our his her a an each every any all both under following after before since by at in on of for and to with from as when while new landmark".split(" "),
);

export interface NamedForm {
  name: string;
  start: number;
  end: number;
}

/** Is this a line of title-case words (a headline), whose every word is capitalised? */
export function isTitleCase(text: string): boolean {
  // (A front-matter line's key is not a word of the title: `title: "Austria Becomes ..."`.)
  const body = text.replace(/^\s*[\w-]+:\s/, "");
  // Every line of every source with a name's form is asked: read by character code, a word sliced
  // only when it is short enough to be a link or stop word. (Characters outside the BMP: the regex.)
  if (HAS_SURROGATE.test(body)) return titleCaseByRegex(body);
  const maxSkipped = maxSkippedLength();
  let words = 0;
  let capitalised = 0;
  const n = body.length;
  let i = 0;
  while (i < n) {
    while (i < n && isSpaceCode(body.charCodeAt(i))) i++;
    if (i >= n) break;
    let j = i;
    while (j < n && !isSpaceCode(body.charCodeAt(j))) j++;
    // The word without the punctuation before it, one character at least (as WORD_RUN_RE reads it).
    let k = i;
    while (k < j - 1 && (classOf(body.charCodeAt(k)) & (LETTER | NUMBER)) === 0) k++;
    const first = classOf(body.charCodeAt(k));
    if (first & LETTER && !(j - k <= maxSkipped && isSkipped(body.slice(k, j).toLowerCase()))) {
      words++;
      if (first & UPPER) capitalised++;
      // A paragraph is no headline long before its end: even if every word left (two characters
      // each at least) were capitalised, the share would stay under nine in ten.
      else if (10 * capitalised + ((n - j) >> 1) < 9 * words) return false;
    }
    i = j;
  }
  return words >= 5 && capitalised / words >= 0.9;
}

/** isTitleCase by regular expressions, word by word: the reading the fast one keeps to. */
export function titleCaseByRegex(text: string): boolean {
  const body = text.replace(/^\s*[\w-]+:\s/, "");
  let words = 0;
  let capitalised = 0;
  WORD_RUN_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = WORD_RUN_RE.exec(body))) {
    const w = m[1];
    if (!/^\p{L}/u.test(w)) continue;
    if (isSkipped(w.toLowerCase())) continue;
    words++;
    if (/^\p{Lu}/u.test(w)) capitalised++;
  }
  return words >= 5 && capitalised / words >= 0.9;
}

const isSkipped = (lower: string) => LINK_WORDS.has(lower) || STOP_WORDS.has(lower);

/** The longest link or stop word, with room for a lower case that grows (a longer word is neither). */
function maxSkippedLength(): number {
  if (maxSkippedCache === undefined) maxSkippedCache = Math.max(...[...LINK_WORDS, ...STOP_WORDS].map((w) => w.length)) + 2;
  return maxSkippedCache;
}
let maxSkippedCache: number | undefined;

const HAS_SURROGATE = /[\uD800-\uDFFF]/;
const LETTER = 2;
const NUMBER = 4;
const UPPER = 8;
/** Each BMP character's classes (1: read; LETTER, NUMBER, UPPER: \p{L}, \p{N}, \p{Lu}), read when first met. */
const charClasses = new Uint8Array(0x10000);

function classOf(c: number): number {
  let k = charClasses[c];
  if (k === 0) {
    const ch = String.fromCharCode(c);
    k = 1 | (/\p{L}/u.test(ch) ? LETTER : 0) | (/\p{N}/u.test(ch) ? NUMBER : 0) | (/\p{Lu}/u.test(ch) ? UPPER : 0);
    charClasses[c] = k;
  }
  return k;
}

/** A whitespace-separated word, without the punctuation before it. */
const WORD_RUN_RE = /[^\p{L}\p{N}\s]*(\S+)/gu;

const HEAD_AT = new RegExp(HAS_NAME_HEAD.source, "g");

/**
 * FORM_RE's matches in order, as a scan of the whole text finds them, but tried only from a few
 * words before each head noun: a name is at most seven words and its head, and a line without
 * a head in some stretch holds no name there.
 */
function formMatches(text: string): RegExpExecArray[] {
  const out: RegExpExecArray[] = [];
  let pos = 0;
  for (;;) {
    HEAD_AT.lastIndex = pos;
    const head = HEAD_AT.exec(text);
    if (!head) break;
    FORM_RE.lastIndex = wordsBefore(text, head.index, 8, pos);
    const m = FORM_RE.exec(text);
    if (!m) break;
    out.push(m);
    pos = FORM_RE.lastIndex;
  }
  return out;
}

/** The offset `count` runs of non-blank characters before `at` (no earlier than `floor`). */
function wordsBefore(text: string, at: number, count: number, floor: number): number {
  let i = at;
  const blank = (k: number) => text[k] === " " || text[k] === "\t";
  for (let n = 0; n < count && i > floor; n++) {
    while (i > floor && blank(i - 1)) i--;
    while (i > floor && !blank(i - 1)) i--;
  }
  return i;
}

/** Capitalised phrases ending in a name's head noun, without a leading article or possessor. */
export function findNamedForms(text: string): NamedForm[] {
  if (!HAS_NAME_HEAD.test(text)) return [];
  // (A headline names nothing by its form; asked only of a line with a name's form in it.)
  const matches = formMatches(text);
  if (matches.length === 0 || isTitleCase(text)) return [];
  const out: NamedForm[] = [];
  for (const m of matches) {
    let words = m[1].split(/[ \t]+/);
    let start = m.index;
    // "Japan's Economic Security Promotion Act": the possessor is not part of the name.
    let possessor = -1;
    words.forEach((w, i) => {
      if (/['’]s?$/.test(w)) possessor = i;
    });
    const drop = (n: number) => {
      for (const w of words.slice(0, n)) start += w.length + 1;
      words = words.slice(n);
    };
    if (possessor >= 0) drop(possessor + 1);
    // A sentence's end ("... Asia-Pacific. Join the ...") and "X and the Y" end one name and start another.
    for (let i = words.length - 2; i >= 0; i--) {
      // ("Board of Directors of the Asian Development Bank": the name is what follows "the".)
      const ends = /\p{Ll}{2}\.$/u.test(words[i]) || (i > 0 && words[i] === "the");
      if (ends) {
        drop(i + 1);
        break;
      }
    }
    // ("During the ASEAN-U.S. Summit": a sentence's opening word; but "the Just Energy Transition Partnership".)
    const opensSentence = (at: number) => /(?:^|[.!?:]\s+)$/.test(text.slice(Math.max(0, at - 3), at));
    while (
      words.length > 1 &&
      (NOT_NAME_START.has(words[0].toLowerCase()) || (STOP_WORDS.has(words[0].toLowerCase()) && opensSentence(start)) || !/^\p{Lu}/u.test(words[0]))
    )
      drop(1);
    if (words.length < 2 || words.slice(0, -1).every((w) => LINK_WORDS.has(w.toLowerCase()))) continue;
    // An all-capitals phrase is a shouted headline, not a name's form.
    if (words.every((w) => w === w.toUpperCase())) continue;
    const name = words.join(" ");
    // "Japan Bank for International Cooperation": the name goes on past the head noun.
    if (/^[ \t]+(?:for|of)[ \t]+\p{Lu}/u.test(text.slice(m.index + m[0].length, m.index + m[0].length + 8))) continue;
    out.push({ name, start, end: start + name.length });
  }
  return out;
}

/** Other ways a writer names the same thing: "European Chips Act" is also the "EU Chips Act". */
const NAME_VARIANTS: [RegExp, string][] = [
  [/^European\s/, "EU "],
  [/^EU\s/, "European "],
  [/^(?:US|U\.S\.)\s/, "American "],
];

export function nameVariants(name: string): string[] {
  return NAME_VARIANTS.filter(([re]) => re.test(name)).map(([re, by]) => name.replace(re, by));
}
